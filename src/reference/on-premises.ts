// Site-to-Site VPN and Direct Connect forwarding (HYB-*): from a VPC to on premises through its VGW,
// and from on premises into a VGW's VPC or a transit gateway. Which prefixes are reachable, and in
// which order they are picked: src/model/on-premises-paths.ts.
import { Code } from '../../abi/codes.js';
import { HopComponent, HopKind, HopNote } from '../../abi/hops.js';
import { inPrefix } from '../model/ip.js';
import { cloudHubPaths, onPremisesPathsOfVgw, onPremisesSourceConnection, vgwPathOrder, type OnPremisesPath } from '../model/on-premises-paths.js';
import type { VirtualInterface, VpnConnection, VpnGateway } from '../model/types.js';
import { inVpcCidr } from '../model/vpc-routes.js';
import type { Flow } from '../walk/flow.js';
import type { HopRule } from '../walk/hop.js';
import type { Arrival } from '../walk/result.js';
import type { HopFacts, WalkContext } from './context.js';

const gatewayHop = (vgw: VpnGateway): HopFacts => ({ component: HopComponent.VpnGateway, of: vgw });
const pathRule = (p: OnPremisesPath): HopRule => ({ kind: 'on-premises-path', prefix: p.prefix, connectionId: p.connectionId });

export function toOnPremises(w: WalkContext, connectionId: string, via: 'vpn' | 'dx'): Arrival {
  const connection = (via === 'vpn' ? w.ix.vpnConnections.get(connectionId) : w.ix.virtualInterfaces.get(connectionId))!;
  w.pass(via === 'vpn' ? HopKind.VPN_CONNECTION : HopKind.DIRECT_CONNECT, { component: HopComponent.OnPremConnection, of: connection });
  return { kind: 'on-premises', via: connectionId };
}

/** HYB-4: traffic to a VGW goes to the on-premises network that holds the destination. */
export function toVpnGateway(w: WalkContext, vgwId: string, packet: Flow): Arrival {
  const vgw = w.ix.vpnGateways.get(vgwId)!;
  // HYB-6, MC-5, MC-6: paths over a connection that is down are withdrawn.
  const paths = onPremisesPathsOfVgw(w.ix, vgwId, w.down)
    .filter((p) => inPrefix(p.prefix, packet.family, packet.dst))
    .sort(vgwPathOrder);
  const path = paths[0];
  if (!path) {
    const anyUp = onPremisesPathsOfVgw(w.ix, vgwId, w.down).length > 0;
    // HYB-6: a static route to a VGW with no usable VPN/DX path.
    return w.fail(HopKind.VPN_GATEWAY, anyUp ? Code.NO_ROUTE_TO_DESTINATION : Code.BAD_STATE_VPN, gatewayHop(vgw));
  }
  w.pass(HopKind.VPN_GATEWAY, { ...gatewayHop(vgw), rule: pathRule(path) });
  return toOnPremises(w, path.connectionId, path.via);
}

export function fromOnPremises(w: WalkContext, packet: Flow, via?: string): Arrival {
  w.ingress = 'on-premises';
  const ix = w.ix;
  const path = onPremisesSourceConnection(ix, packet.family, packet.src, via, w.down);
  if (!path) return w.fail(HopKind.ON_PREMISES, Code.NO_PATH, { component: HopComponent.None });
  if (path.via === 'vpn') {
    const vpn = ix.vpnConnections.get(path.connectionId)!;
    const hop = { component: HopComponent.OnPremConnection, of: vpn };
    w.pass(HopKind.VPN_CONNECTION, { ...hop, note: HopNote.Arrives });
    if (vpn.vpnGatewayId) return fromVpnGateway(w, vpn.vpnGatewayId, packet, vpn, vpn);
    const att = ix.topology.transitGatewayAttachments.find((a) => a.resourceType === 'vpn' && a.resourceId === vpn.id);
    if (!att) return w.fail(HopKind.VPN_CONNECTION, Code.BAD_STATE_VPN, hop);
    return w.tgwRoute(att.id, packet);
  }
  const vif = ix.virtualInterfaces.get(path.connectionId)!;
  const hop = { component: HopComponent.OnPremConnection, of: vif };
  w.pass(HopKind.DIRECT_CONNECT, { ...hop, note: HopNote.Arrives });
  if (vif.vpnGatewayId) return fromVpnGateway(w, vif.vpnGatewayId, packet, vif);
  const dxgw = vif.directConnectGatewayId ? ix.dxGateways.get(vif.directConnectGatewayId) : undefined;
  if (dxgw && vif.kind === 'transit') {
    const att = ix.topology.transitGatewayAttachments.find((a) => a.resourceType === 'direct-connect-gateway' && a.resourceId === dxgw.id);
    if (att) return w.tgwRoute(att.id, packet);
  }
  if (dxgw) {
    // HYB-9: the DX gateway forwards to the associated VGW whose VPC holds the destination.
    for (const assoc of dxgw.associations) {
      const vgw = ix.vpnGateways.get(assoc.gatewayId);
      const vpc = vgw?.vpcId ? ix.lookup.vpcs.get(vgw.vpcId) : undefined;
      if (vgw && vpc && inVpcCidr(vpc, packet.family, packet.dst)) return fromVpnGateway(w, vgw.id, packet, vif);
    }
  }
  return w.fail(HopKind.DIRECT_CONNECT, Code.NO_ROUTE_TO_DESTINATION, hop);
}

/**
 * Into the VGW from on premises over `connection`; `fromVpn` = the VPN connection the packet arrived
 * on (HYB-7 CloudHub), absent for a virtual interface.
 */
export function fromVpnGateway(w: WalkContext, vgwId: string, packet: Flow, connection: VpnConnection | VirtualInterface, fromVpn?: VpnConnection): Arrival {
  const vgw = w.ix.vpnGateways.get(vgwId);
  const vpc = vgw?.vpcId ? w.ix.lookup.vpcs.get(vgw.vpcId) : undefined;
  if (!vgw || !vpc) {
    // A VGW the model does not have is named by the id the connection (Ref) gives.
    const named = vgw ? gatewayHop(vgw) : { component: HopComponent.None };
    return w.fail(HopKind.VPN_GATEWAY, Code.BAD_STATE_VPN, { ...named, note: HopNote.Inbound, ref: w.at(connection) });
  }
  // HYB-4: IPv4 only, and only to private IPs of ENIs in its VPC.
  if (packet.family === 6) return w.fail(HopKind.VPN_GATEWAY, Code.CANNOT_ROUTE, gatewayHop(vgw));
  if (!w.ix.ownerInVpc(vpc.id, 4, packet.dst)) {
    // HYB-7: VPN CloudHub forwards between the VGW's sites.
    const hub = fromVpn ? cloudHubPaths(w.ix, fromVpn, w.down).find((p) => inPrefix(p.prefix, packet.family, packet.dst)) : undefined;
    if (hub) {
      w.pass(HopKind.VPN_GATEWAY, { ...gatewayHop(vgw), note: HopNote.CloudHub, rule: pathRule(hub) });
      return toOnPremises(w, hub.connectionId, 'vpn');
    }
    return w.fail(HopKind.VPN_GATEWAY, Code.VGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS, gatewayHop(vgw));
  }
  w.pass(HopKind.VPN_GATEWAY, { ...gatewayHop(vgw), note: HopNote.Inbound });
  return w.intoVpcFromGateway(vgw.id, vpc, packet);
}
