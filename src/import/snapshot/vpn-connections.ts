// describe-vpn-connections: `VpnConnections[]`. HYB-1: two tunnels, whose state is VgwTelemetry[].Status;
// HYB-3: static routes are Routes[]. BGP-learned prefixes are not in this output; CHOICE (docs/semantics.md
// "Snapshot VPN BGP prefixes") they are recovered from the routes the snapshot shows them propagated as.
import type { Prefix } from '../../model/ip.js';
import type { VpnConnection, VpnTunnel } from '../../model/types.js';
import type { SnapshotContext, SnapshotKeyReader } from './context.js';

function addPrefix(list: Prefix[], p: Prefix): void {
  if (!list.some((q) => q.text === p.text)) list.push(p);
}

/** A dynamic VPN on a TGW: the routes its VPN attachment propagated into TGW route tables (TGW-3). */
function learnedOverTgw(ctx: SnapshotContext, vpn: VpnConnection): Prefix[] {
  const attachments = new Set(ctx.all('transitGatewayAttachments').filter((a) => a.resourceType === 'vpn' && a.resourceId === vpn.id).map((a) => a.id));
  const out: Prefix[] = [];
  for (const facts of ctx.tgwRouteTables.values()) {
    for (const r of facts.propagatedRoutes) if (attachments.has(r.attachmentId)) addPrefix(out, r.destination);
  }
  return out;
}

/**
 * A dynamic VPN on a VGW: routes propagated into VPC route tables with the VGW as target (RT-12). They are
 * attributed only when the connection is the VGW's only dynamic one; with several the owner is unknown.
 */
function learnedOverVgw(ctx: SnapshotContext, vpn: VpnConnection): Prefix[] | undefined {
  const dynamicOnVgw = ctx.all('vpnConnections').filter((v) => v.vpnGatewayId === vpn.vpnGatewayId && !v.staticRoutesOnly);
  if (dynamicOnVgw.length !== 1) return undefined;
  const out: Prefix[] = [];
  for (const rt of ctx.all('routeTables')) {
    for (const r of rt.routes) {
      if (r.origin === 'EnableVgwRoutePropagation' && r.target.id === vpn.vpnGatewayId && r.destination) addPrefix(out, r.destination);
    }
  }
  return out;
}

export const vpnConnections: SnapshotKeyReader = {
  key: 'VpnConnections',
  resourceType: 'VpnConnection',
  idField: 'VpnConnectionId',
  read(f, ctx) {
    const id = f.str('VpnConnectionId');
    const state = f.optStr('State') ?? 'available';
    if (state === 'deleted' || state === 'deleting') {
      ctx.leftOut.add(id); // C-7
      return;
    }
    const tunnels: VpnTunnel[] = f.list('VgwTelemetry').map((t) => {
      const tunnel: VpnTunnel = { status: t.oneOf('Status', ['UP', 'DOWN'], 'DOWN') };
      const outsideIp = t.optAddress('OutsideIpAddress');
      if (outsideIp) tunnel.outsideIp = outsideIp;
      return tunnel;
    });
    const vpn: VpnConnection = {
      id,
      logicalId: id,
      name: f.nameTag(),
      customerGatewayId: f.str('CustomerGatewayId'),
      staticRoutesOnly: f.optChild('Options')?.bool('StaticRoutesOnly', false) ?? false,
      staticRoutes: f
        .list('Routes')
        .filter((r) => !['deleting', 'deleted'].includes(r.optStr('State') ?? 'available'))
        .map((r) => r.prefix('DestinationCidrBlock')),
      bgpPrefixes: [],
      asPathLength: 1,
      tunnels,
    };
    const vgw = f.optStr('VpnGatewayId');
    const tgw = f.optStr('TransitGatewayId');
    if (vgw) vpn.vpnGatewayId = vgw;
    if (tgw) vpn.transitGatewayId = tgw;
    if (!vgw && !tgw) ctx.warn(`${f.where.file}: VpnConnection '${id}' terminates on neither a virtual private gateway nor a transit gateway`);
    ctx.add('vpnConnections', vpn, f);
  },
  finish(ctx) {
    for (const vpn of ctx.all('vpnConnections')) {
      if (vpn.staticRoutesOnly) continue;
      const learned = vpn.transitGatewayId ? learnedOverTgw(ctx, vpn) : learnedOverVgw(ctx, vpn);
      if (!learned) {
        ctx.warn(`VpnConnection '${vpn.id}': several dynamic VPN connections share ${vpn.vpnGatewayId}; their BGP prefixes cannot be told apart and are left empty`);
        continue;
      }
      // Static routes of the connection propagate too; what remains was learned over BGP.
      vpn.bgpPrefixes = learned.filter((p) => !vpn.staticRoutes.some((s) => s.text === p.text));
    }
  },
};
