// On-premises connectivity: virtual private gateways, customer gateways, Site-to-Site VPN
// connections (HYB-1..HYB-7) and Direct Connect gateways, connections and virtual interfaces
// (HYB-8..HYB-12). A VPN or DX gateway ending on a transit gateway also gets its TGW attachment.
import type { Prefix } from '../model/ip.js';
import type { DirectConnectGatewayAssociation, TransitGatewayAttachment, VirtualInterface, VpnConnection } from '../model/types.js';
import { addressAt, inputError, prefixAt, type BuildContext, type Site } from './context.js';

export interface VpnConnectionOptions {
  customerGateway: string;
  /** Exactly one of vpnGateway / transitGateway (HYB-2). */
  vpnGateway?: string;
  transitGateway?: string;
  /** Logical id of the TGW attachment (default `<name>Attachment`). */
  attachment?: string;
  /** Routes declared on the connection; their presence makes the connection static-only. */
  staticRoutes?: Array<string | Prefix>;
  /** HYB-3 CHOICE: prefixes the customer gateway advertises over BGP. */
  bgpPrefixes?: Array<string | Prefix>;
  /** RT-8 CHOICE: AS_PATH length of the advertisements (default 1). */
  asPathLength?: number;
  /** Two tunnels (HYB-1); default both UP. */
  tunnels?: Array<'UP' | 'DOWN'>;
}

export interface VirtualInterfaceOptions {
  kind: 'private' | 'transit' | 'public';
  connection: string;
  vpnGateway?: string;
  directConnectGateway?: string;
  /** HYB-12 CHOICE: on-premises networks advertised over this VIF. */
  onPremises?: Array<string | Prefix>;
  state?: 'available' | 'down';
}

export interface DirectConnectGatewayAssociationSpec {
  vpnGateway?: string;
  transitGateway?: string;
  /** HYB-10: what is advertised on premises for a TGW association. */
  allowedPrefixes?: Array<string | Prefix>;
  /** Logical id of the TGW attachment (default `<gateway><transitGateway>Attachment`). */
  attachment?: string;
}

/** Creates a TGW attachment for a VPN connection or DX gateway (supplied by the topology builder). */
export type AttachToTransitGateway = (tgw: string, name: string, kind: TransitGatewayAttachment['resourceType'], resourceId: string, site: Site) => void;

export function vpnConnection(ctx: BuildContext, attach: AttachToTransitGateway, name: string, opts: VpnConnectionOptions): void {
  const id = ctx.declare('vpnConnection', name);
  const site: Site = { kind: 'vpnConnection', logicalId: name, field: 'CustomerGatewayId' };
  if ((opts.vpnGateway === undefined) === (opts.transitGateway === undefined)) {
    throw inputError({ ...site, field: 'VpnGatewayId' }, 'needs exactly one of vpnGateway, transitGateway (HYB-2)');
  }
  const routesSite: Site = { ...site, field: 'DestinationCidrBlock' };
  const staticRoutes = (opts.staticRoutes ?? []).map((p) => prefixAt(p, routesSite));
  const conn: VpnConnection = {
    id,
    logicalId: name,
    customerGatewayId: ctx.ref('customerGateway', opts.customerGateway, site),
    staticRoutesOnly: staticRoutes.length > 0,
    staticRoutes,
    bgpPrefixes: (opts.bgpPrefixes ?? []).map((p) => prefixAt(p, { ...site, field: 'BgpPrefixes' })),
    asPathLength: opts.asPathLength ?? 1,
    tunnels: (opts.tunnels ?? ['UP', 'UP']).map((status) => ({ status })),
  };
  if (opts.vpnGateway !== undefined) conn.vpnGatewayId = ctx.ref('vpnGateway', opts.vpnGateway, { ...site, field: 'VpnGatewayId' });
  if (opts.transitGateway !== undefined) {
    conn.transitGatewayId = ctx.ref('transitGateway', opts.transitGateway, { ...site, field: 'TransitGatewayId' });
    attach(opts.transitGateway, opts.attachment ?? `${name}Attachment`, 'vpn', id, { ...site, field: 'TransitGatewayId' });
  }
  ctx.topology.vpnConnections.push(conn);
}

export function directConnectGateway(
  ctx: BuildContext,
  attach: AttachToTransitGateway,
  name: string,
  opts: { asn?: number; associations?: DirectConnectGatewayAssociationSpec[] },
): void {
  const id = ctx.declare('directConnectGateway', name);
  const site: Site = { kind: 'directConnectGateway', logicalId: name, field: 'AssociatedGatewayId' };
  const associations: DirectConnectGatewayAssociation[] = (opts.associations ?? []).map((a) => {
    if ((a.vpnGateway === undefined) === (a.transitGateway === undefined)) throw inputError(site, 'each association needs exactly one of vpnGateway, transitGateway');
    const allowedPrefixes = (a.allowedPrefixes ?? []).map((p) => prefixAt(p, { ...site, field: 'AllowedPrefixes' }));
    if (a.vpnGateway !== undefined) return { gatewayId: ctx.ref('vpnGateway', a.vpnGateway, site), allowedPrefixes };
    attach(a.transitGateway!, a.attachment ?? `${name}${a.transitGateway}Attachment`, 'direct-connect-gateway', id, site);
    return { gatewayId: ctx.ref('transitGateway', a.transitGateway!, site), allowedPrefixes };
  });
  ctx.topology.directConnectGateways.push({ id, logicalId: name, amazonSideAsn: opts.asn ?? 64512, associations });
}

export function virtualInterface(ctx: BuildContext, name: string, opts: VirtualInterfaceOptions): void {
  const id = ctx.declare('virtualInterface', name);
  const site: Site = { kind: 'virtualInterface', logicalId: name, field: 'ConnectionId' };
  const vif: VirtualInterface = {
    id,
    logicalId: name,
    kind: opts.kind,
    connectionId: ctx.ref('directConnectConnection', opts.connection, site),
    onPremisesPrefixes: (opts.onPremises ?? []).map((p) => prefixAt(p, { ...site, field: 'OnPremisesPrefixes' })),
    state: opts.state ?? 'available',
  };
  if (opts.vpnGateway !== undefined) vif.vpnGatewayId = ctx.ref('vpnGateway', opts.vpnGateway, { ...site, field: 'VirtualGatewayId' });
  if (opts.directConnectGateway !== undefined) {
    vif.directConnectGatewayId = ctx.ref('directConnectGateway', opts.directConnectGateway, { ...site, field: 'DirectConnectGatewayId' });
  }
  ctx.topology.virtualInterfaces.push(vif);
}

export function customerGateway(ctx: BuildContext, name: string, opts: { ip: string; asn?: number }): void {
  const id = ctx.declare('customerGateway', name);
  const ipAddress = addressAt(opts.ip, { kind: 'customerGateway', logicalId: name, field: 'IpAddress' });
  ctx.topology.customerGateways.push({ id, logicalId: name, bgpAsn: opts.asn ?? 65000, ipAddress });
}
