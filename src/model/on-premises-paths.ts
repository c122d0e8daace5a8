// On-premises networks behind Site-to-Site VPN and Direct Connect (HYB-*): which prefixes each
// connection reaches while it is up, and the orders AWS picks among them. Shared by compile (the
// engine's path tables), route propagation (RT-12, TGW-3), trace resolution (an on-premises source)
// and the reference walk.
import { inPrefix, type Family, type Prefix } from './ip.js';
import type { NetworkIndex } from './network-index.js';
import type { VirtualInterface, VpnConnection } from './types.js';

export interface OnPremisesPath {
  prefix: Prefix;
  via: 'vpn' | 'dx';
  /** VPN BGP route (vs VPN static); RT-4. */
  bgp: boolean;
  asPathLength: number;
  /** VPN connection id or virtual interface id. */
  connectionId: string;
}

/**
 * Ids of components that are down in a failure scenario (MC-1): AWS ids, AZ names, and
 * `<vpn connection id>#tunnel1` / `#tunnel2` for VPN tunnels. Absent: the model's own states only.
 */
export type DownSet = ReadonlySet<string> | undefined;

/**
 * HYB-5 / MC-5: up while at least one tunnel is up (UP in the model and not down in the scenario).
 * CHOICE: a connection declared without tunnels is up.
 */
export function vpnIsUp(vpn: VpnConnection, down?: DownSet): boolean {
  return vpn.tunnels.length === 0 || vpn.tunnels.some((t, i) => t.status === 'UP' && !down?.has(`${vpn.id}#tunnel${i + 1}`));
}

/** HYB-11 / MC-6: a VIF is up iff it and its DX connection are available, and the connection is not down. */
export function vifIsUp(ix: NetworkIndex, vif: VirtualInterface, down?: DownSet): boolean {
  if (vif.state !== 'available') return false;
  const conn = ix.dxConnections.get(vif.connectionId);
  return !conn || (conn.state === 'available' && !down?.has(conn.id));
}

/** Is the VPN connection or virtual interface `connectionId` up (HYB-5, HYB-11, MC-5, MC-6)? */
export function connectionIsUp(ix: NetworkIndex, connectionId: string, down?: DownSet): boolean {
  const vpn = ix.vpnConnections.get(connectionId);
  if (vpn) return vpnIsUp(vpn, down);
  const vif = ix.virtualInterfaces.get(connectionId);
  return !vif || vifIsUp(ix, vif, down);
}

/** HYB-6: paths over a connection that is down in the scenario are withdrawn. */
function upOnly(ix: NetworkIndex, paths: readonly OnPremisesPath[], down: DownSet): OnPremisesPath[] {
  return down && down.size > 0 ? paths.filter((p) => connectionIsUp(ix, p.connectionId, down)) : [...paths];
}

/** The prefixes a VPN connection reaches while it is up: its static routes, and its BGP prefixes unless static-only. */
export function vpnPaths(vpn: VpnConnection, down?: DownSet): OnPremisesPath[] {
  if (!vpnIsUp(vpn, down)) return [];
  const paths: OnPremisesPath[] = vpn.staticRoutes.map((prefix) => ({ prefix, via: 'vpn', bgp: false, asPathLength: 0, connectionId: vpn.id }));
  if (!vpn.staticRoutesOnly) {
    for (const prefix of vpn.bgpPrefixes) paths.push({ prefix, via: 'vpn', bgp: true, asPathLength: vpn.asPathLength, connectionId: vpn.id });
  }
  return paths;
}

/** The prefixes a virtual interface reaches while it is up (BGP). */
export function vifPaths(ix: NetworkIndex, vif: VirtualInterface, down?: DownSet): OnPremisesPath[] {
  if (!vifIsUp(ix, vif, down)) return [];
  return vif.onPremisesPrefixes.map((prefix) => ({ prefix, via: 'dx', bgp: true, asPathLength: 0, connectionId: vif.id }));
}

const byConnectionId = (a: OnPremisesPath, b: OnPremisesPath) => (a.connectionId < b.connectionId ? -1 : a.connectionId > b.connectionId ? 1 : 0);
const dxFirst = (a: OnPremisesPath, b: OnPremisesPath) => (a.via === b.via ? 0 : a.via === 'dx' ? -1 : 1);

/** HYB-4: the order a VGW picks a path in: longest prefix, DX before VPN, static before BGP, shorter AS_PATH, then C-4. */
export function vgwPathOrder(a: OnPremisesPath, b: OnPremisesPath): number {
  return b.prefix.len - a.prefix.len || dxFirst(a, b) || Number(a.bgp) - Number(b.bgp) || a.asPathLength - b.asPathLength || byConnectionId(a, b);
}

/** The connection an on-premises source is taken to arrive on: longest prefix, then DX before VPN (RT-4), then C-4. */
export function sourcePathOrder(a: OnPremisesPath, b: OnPremisesPath): number {
  return b.prefix.len - a.prefix.len || dxFirst(a, b) || byConnectionId(a, b);
}

/** HYB-7: CloudHub picks the longest prefix, then the shorter AS_PATH (RT-8), then C-4. */
export function cloudHubPathOrder(a: OnPremisesPath, b: OnPremisesPath): number {
  return b.prefix.len - a.prefix.len || a.asPathLength - b.asPathLength || byConnectionId(a, b);
}

/** Prefixes reachable through a virtual private gateway: its VPN connections and private VIFs (direct or via a DX gateway, HYB-8/9). */
export function onPremisesPathsOfVgw(ix: NetworkIndex, vgwId: string, down?: DownSet): OnPremisesPath[] {
  const t = ix.topology;
  const paths: OnPremisesPath[] = [];
  for (const vpn of t.vpnConnections) if (vpn.vpnGatewayId === vgwId) paths.push(...vpnPaths(vpn, down));
  for (const vif of t.virtualInterfaces) {
    if (vif.kind !== 'private') continue;
    const direct = vif.vpnGatewayId === vgwId;
    const viaDxgw = vif.directConnectGatewayId !== undefined && (ix.dxGateways.get(vif.directConnectGatewayId)?.associations ?? []).some((a) => a.gatewayId === vgwId);
    if (direct || viaDxgw) paths.push(...vifPaths(ix, vif, down));
  }
  return paths;
}

/** Prefixes reachable through a TGW VPN or DX gateway attachment (TGW-3). */
export function onPremisesPathsOfTgwAttachment(ix: NetworkIndex, attachmentId: string, down?: DownSet): OnPremisesPath[] {
  const att = ix.tgwAttachments.get(attachmentId);
  if (!att) return [];
  if (att.resourceType === 'vpn') {
    const vpn = ix.vpnConnections.get(att.resourceId);
    return vpn ? vpnPaths(vpn, down) : [];
  }
  if (att.resourceType === 'direct-connect-gateway') {
    return ix.topology.virtualInterfaces
      .filter((v) => v.kind === 'transit' && v.directConnectGatewayId === att.resourceId)
      .flatMap((v) => vifPaths(ix, v, down));
  }
  return [];
}

/** Every path of every connection that is up, in sourcePathOrder: what an on-premises source is matched against. */
export function onPremisesSourcePaths(ix: NetworkIndex): readonly OnPremisesPath[] {
  let paths = sourcePathCache.get(ix);
  if (!paths) {
    const t = ix.topology;
    paths = [...t.vpnConnections.flatMap((v) => vpnPaths(v)), ...t.virtualInterfaces.flatMap((v) => vifPaths(ix, v))].sort(sourcePathOrder);
    sourcePathCache.set(ix, paths);
  }
  return paths;
}

const sourcePathCache = new WeakMap<NetworkIndex, OnPremisesPath[]>();

/** The on-premises connection (VPN or VIF) that owns `src`, preferring `via` when given. */
export function onPremisesSourceConnection(ix: NetworkIndex, family: Family, src: bigint, via?: string, down?: DownSet): OnPremisesPath | undefined {
  const holding = upOnly(ix, onPremisesSourcePaths(ix), down).filter((p) => inPrefix(p.prefix, family, src));
  return (via ? holding.filter((p) => p.connectionId === via) : holding)[0];
}

/**
 * HYB-7 VPN CloudHub: the VGW forwards between its VPN sites. CHOICE: active when at least two BGP
 * (not static-only) connections share the VGW; a BGP site reaches the BGP prefixes of the other BGP
 * sites that are up and whose customer gateway has another ASN (BGP loop prevention drops routes
 * carrying a site's own ASN). The paths from `from`, in cloudHubPathOrder.
 */
export function cloudHubPaths(ix: NetworkIndex, from: VpnConnection, down?: DownSet): OnPremisesPath[] {
  if (from.vpnGatewayId === undefined || from.staticRoutesOnly) return [];
  const sites = ix.topology.vpnConnections.filter((v) => v.vpnGatewayId === from.vpnGatewayId && !v.staticRoutesOnly);
  if (sites.length < 2) return [];
  const asn = (v: VpnConnection) => ix.customerGateways.get(v.customerGatewayId)?.bgpAsn;
  return sites
    .filter((v) => v !== from && asn(v) !== asn(from))
    .flatMap((v) => vpnPaths(v, down))
    .filter((p) => p.bgp)
    .sort(cloudHubPathOrder);
}
