// Site-to-Site VPN and Direct Connect (HYB-*): virtual private gateways with their on-premises paths
// pre-sorted by the HYB-4 preference, the on-premises connections (VPN connections, then virtual
// interfaces) with where traffic arriving on them goes (HYB-8..10), VPN CloudHub paths (HYB-7), and
// the list an on-premises source is matched against. Which prefixes a connection reaches while it is
// up is the reference walk's own rule (src/reference/hybrid.ts), reused here so the two cannot differ.
import type { Prefix } from '../model/ip.js';
import type { Topology, VirtualInterface, VpnConnection } from '../model/types.js';
import { onPremisesPathsOfVgw, vifIsUp, vpnIsUp, type OnPremisesPath } from '../reference/hybrid.js';
import type { NetworkIndex } from '../reference/network-index.js';
import { networkIndex } from '../reference/walk.js';
import { setPrefix } from './address.js';
import { denseOr, type CompileContext } from './context.js';
import {
  DxAssociationField,
  OnPremConnectionField,
  OnPremConnectionKind,
  OnPremPathField,
  Section,
  VpnGatewayField,
} from '../../abi/image.js';
import { NONE } from '../../abi/version.js';
import type { RecordTable } from './records.js';

/** OnPremConnectionField.VpnGateway when the connection names a VGW the model does not have. */
export const MISSING_GATEWAY = -2;

const byId = (a: OnPremisesPath, b: OnPremisesPath) => (a.connectionId < b.connectionId ? -1 : a.connectionId > b.connectionId ? 1 : 0);
const dxFirst = (a: OnPremisesPath, b: OnPremisesPath) => (a.via === b.via ? 0 : a.via === 'dx' ? -1 : 1);

export function compileHybrid(ctx: CompileContext): void {
  const { t } = ctx;
  if (t.vpnGateways.length === 0 && t.vpnConnections.length === 0 && t.virtualInterfaces.length === 0) return;
  const ix = networkIndex(t);
  const paths = ctx.sections[Section.OnPremPath]!;
  compileVpnGateways(ctx, ix, paths);
  compileConnections(ctx, ix, paths);
  // onPremisesSourceConnection: longest prefix, then DX before VPN (RT-4), then C-4.
  const all = [...t.vpnConnections.flatMap((v) => vpnPaths(v)), ...t.virtualInterfaces.flatMap((v) => vifPaths(ix, v))];
  all.sort((a, b) => b.prefix.len - a.prefix.len || dxFirst(a, b) || byId(a, b));
  writePaths(ctx, ctx.sections[Section.OnPremSource]!, all);
}

function compileVpnGateways(ctx: CompileContext, ix: NetworkIndex, paths: RecordTable): void {
  const vgws = ctx.sections[Section.VpnGateway]!;
  // RT-15: the route table edge-associated with the gateway (the last one listing it, as the reference's index keeps).
  const edge = new Map<string, number>();
  ctx.t.routeTables.forEach((rt, i) => {
    for (const g of rt.gatewayIds) edge.set(g, i);
  });
  for (const vgw of ctx.t.vpnGateways) {
    const r = vgws.add();
    vgws.set(r, VpnGatewayField.Vpc, denseOr(ctx.ids.vpc, vgw.vpcId));
    vgws.set(r, VpnGatewayField.EdgeRouteTable, edge.get(vgw.id) ?? NONE);
    // HYB-4: longest prefix, DX before VPN, static before BGP, shorter AS_PATH, then C-4.
    const sorted = onPremisesPathsOfVgw(ix, vgw.id).sort(
      (a, b) => b.prefix.len - a.prefix.len || dxFirst(a, b) || Number(a.bgp) - Number(b.bgp) || a.asPathLength - b.asPathLength || byId(a, b),
    );
    vgws.set(r, VpnGatewayField.PathStart, paths.count);
    writePaths(ctx, paths, sorted);
    vgws.set(r, VpnGatewayField.PathCount, sorted.length);
  }
}

function compileConnections(ctx: CompileContext, ix: NetworkIndex, paths: RecordTable): void {
  const { t, ids } = ctx;
  const conns = ctx.sections[Section.OnPremConnection]!;
  const associations = ctx.sections[Section.DxAssociation]!;
  const gateway = (id: string | undefined) => (id === undefined ? NONE : (ids.vpnGateway.get(id) ?? MISSING_GATEWAY));
  const attachmentOf = (type: string, resourceId: string) => denseOr(ids.tgwAttachment, t.transitGatewayAttachments.find((a) => a.resourceType === type && a.resourceId === resourceId)?.id);
  t.vpnConnections.forEach((vpn, i) => {
    const r = conns.add();
    conns.set(r, OnPremConnectionField.Kind, OnPremConnectionKind.Vpn);
    conns.set(r, OnPremConnectionField.Model, i);
    conns.set(r, OnPremConnectionField.VpnGateway, gateway(vpn.vpnGatewayId));
    conns.set(r, OnPremConnectionField.TgwAttachment, attachmentOf('vpn', vpn.id));
    const hub = cloudHubPaths(t, vpn);
    conns.set(r, OnPremConnectionField.CloudHubStart, paths.count);
    writePaths(ctx, paths, hub);
    conns.set(r, OnPremConnectionField.CloudHubCount, hub.length);
  });
  t.virtualInterfaces.forEach((vif, i) => {
    const r = conns.add();
    conns.set(r, OnPremConnectionField.Kind, OnPremConnectionKind.VirtualInterface);
    conns.set(r, OnPremConnectionField.Model, i);
    conns.set(r, OnPremConnectionField.VpnGateway, gateway(vif.vpnGatewayId));
    const dxgw = vif.directConnectGatewayId === undefined ? undefined : ix.dxGateways.get(vif.directConnectGatewayId);
    conns.set(r, OnPremConnectionField.Transit, dxgw && vif.kind === 'transit' ? 1 : 0);
    conns.set(r, OnPremConnectionField.TgwAttachment, dxgw ? attachmentOf('direct-connect-gateway', dxgw.id) : NONE);
    conns.set(r, OnPremConnectionField.AssociationStart, associations.count);
    // HYB-9: the DX gateway's associated VGWs, in association order.
    for (const assoc of dxgw?.associations ?? []) associations.set(associations.add(), DxAssociationField.VpnGateway, denseOr(ids.vpnGateway, assoc.gatewayId));
    conns.set(r, OnPremConnectionField.AssociationCount, dxgw ? dxgw.associations.length : 0);
  });
}

/** HYB-7 (the reference's cloudHubPath, per arriving connection): other BGP sites of the VGW with another ASN. */
function cloudHubPaths(t: Topology, from: VpnConnection): OnPremisesPath[] {
  if (from.vpnGatewayId === undefined || from.staticRoutesOnly) return [];
  const sites = t.vpnConnections.filter((v) => v.vpnGatewayId === from.vpnGatewayId && !v.staticRoutesOnly);
  if (sites.length < 2) return [];
  const asn = (v: VpnConnection) => t.customerGateways.find((c) => c.id === v.customerGatewayId)?.bgpAsn;
  return sites
    .filter((v) => v !== from && asn(v) !== asn(from))
    .flatMap((v) => vpnPaths(v))
    .filter((p) => p.bgp)
    .sort((a, b) => b.prefix.len - a.prefix.len || a.asPathLength - b.asPathLength || byId(a, b));
}

function vpnPaths(vpn: VpnConnection): OnPremisesPath[] {
  if (!vpnIsUp(vpn)) return [];
  const out: OnPremisesPath[] = vpn.staticRoutes.map((prefix) => ({ prefix, via: 'vpn', bgp: false, asPathLength: 0, connectionId: vpn.id }));
  if (!vpn.staticRoutesOnly) for (const prefix of vpn.bgpPrefixes) out.push({ prefix, via: 'vpn', bgp: true, asPathLength: vpn.asPathLength, connectionId: vpn.id });
  return out;
}

function vifPaths(ix: NetworkIndex, vif: VirtualInterface): OnPremisesPath[] {
  if (!vifIsUp(ix, vif)) return [];
  return vif.onPremisesPrefixes.map((prefix) => ({ prefix, via: 'dx', bgp: true, asPathLength: 0, connectionId: vif.id }));
}

/** Appends `list` to a path table (prefix, OnPremConnection). */
export function writePaths(ctx: CompileContext, table: RecordTable, list: readonly { prefix: Prefix; connectionId: string }[]): void {
  for (const p of list) {
    const r = table.add();
    setPrefix(table, r, OnPremPathField.Prefix, p.prefix);
    table.set(r, OnPremPathField.Connection, denseOr(ctx.ids.onPremConnection, p.connectionId));
  }
}
