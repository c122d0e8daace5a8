// Site-to-Site VPN and Direct Connect forwarding (HYB-*): from a VPC to on premises through its VGW,
// and from on premises into a VGW's VPC or a transit gateway. Which prefixes are reachable, and in
// which order they are picked: src/model/on-premises-paths.ts.
import { Code } from '../../abi/codes.js';
import { HopKind } from '../../abi/hops.js';
import { inPrefix } from '../model/ip.js';
import { cloudHubPaths, onPremisesPathsOfVgw, onPremisesSourceConnection, vgwPathOrder } from '../model/on-premises-paths.js';
import { inVpcCidr } from '../model/vpc-routes.js';
import type { Flow } from '../walk/flow.js';
import type { Arrival } from '../walk/result.js';
import type { WalkContext } from './context.js';

export function toOnPremises(w: WalkContext, packet: Flow, connectionId: string, via: 'vpn' | 'dx'): Arrival {
  const res = via === 'vpn' ? w.ix.vpnConnections.get(connectionId) : w.ix.virtualInterfaces.get(connectionId);
  w.pass(via === 'vpn' ? HopKind.VPN_CONNECTION : HopKind.DIRECT_CONNECT, res, via === 'vpn' ? 'AWS::EC2::VPNConnection' : 'AWS::DirectConnect::VirtualInterface', `delivered on premises to ${w.text(packet.dst)}`);
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
    return w.fail(HopKind.VPN_GATEWAY, vgw, 'AWS::EC2::VPNGateway', anyUp ? Code.NO_ROUTE_TO_DESTINATION : Code.BAD_STATE_VPN, anyUp ? `virtual private gateway ${vgw.logicalId} knows no on-premises network holding ${w.text(packet.dst)}` : `virtual private gateway ${vgw.logicalId} has no VPN connection or virtual interface up`);
  }
  w.pass(HopKind.VPN_GATEWAY, vgw, 'AWS::EC2::VPNGateway', `forwards to ${path.prefix.text} over ${path.connectionId}`);
  return toOnPremises(w, packet, path.connectionId, path.via);
}

export function fromOnPremises(w: WalkContext, packet: Flow, via?: string): Arrival {
  w.ingress = 'on-premises';
  const ix = w.ix;
  const path = onPremisesSourceConnection(ix, packet.family, packet.src, via, w.down);
  if (!path) return w.fail(HopKind.ON_PREMISES, undefined, 'OnPremises', Code.NO_PATH, `no VPN connection or virtual interface that is up reaches ${w.text(packet.src)}`);
  if (path.via === 'vpn') {
    const vpn = ix.vpnConnections.get(path.connectionId)!;
    w.pass(HopKind.VPN_CONNECTION, vpn, 'AWS::EC2::VPNConnection', `arrives from on premises over VPN connection ${vpn.logicalId}`);
    if (vpn.vpnGatewayId) return fromVpnGateway(w, vpn.vpnGatewayId, packet, vpn.id);
    const att = ix.topology.transitGatewayAttachments.find((a) => a.resourceType === 'vpn' && a.resourceId === vpn.id);
    if (!att) return w.fail(HopKind.VPN_CONNECTION, vpn, 'AWS::EC2::VPNConnection', Code.BAD_STATE_VPN, `VPN connection ${vpn.logicalId} terminates on no gateway`);
    return w.tgwRoute(att.id, packet);
  }
  const vif = ix.virtualInterfaces.get(path.connectionId)!;
  w.pass(HopKind.DIRECT_CONNECT, vif, 'AWS::DirectConnect::VirtualInterface', `arrives from on premises over virtual interface ${vif.logicalId}`);
  if (vif.vpnGatewayId) return fromVpnGateway(w, vif.vpnGatewayId, packet);
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
      if (vgw && vpc && inVpcCidr(vpc, packet.family, packet.dst)) return fromVpnGateway(w, vgw.id, packet);
    }
  }
  return w.fail(HopKind.DIRECT_CONNECT, vif, 'AWS::DirectConnect::VirtualInterface', Code.NO_ROUTE_TO_DESTINATION, `virtual interface ${vif.logicalId} reaches no gateway for ${w.text(packet.dst)}`);
}

/** Into the VGW from on premises; `fromVpnId` = the VPN connection the packet arrived on (HYB-7). */
export function fromVpnGateway(w: WalkContext, vgwId: string, packet: Flow, fromVpnId?: string): Arrival {
  const vgw = w.ix.vpnGateways.get(vgwId);
  const vpc = vgw?.vpcId ? w.ix.lookup.vpcs.get(vgw.vpcId) : undefined;
  if (!vgw || !vpc) return w.fail(HopKind.VPN_GATEWAY, vgw, 'AWS::EC2::VPNGateway', Code.BAD_STATE_VPN, `virtual private gateway ${vgwId} is not attached to a VPC`);
  // HYB-4: IPv4 only, and only to private IPs of ENIs in its VPC.
  if (packet.family === 6) return w.fail(HopKind.VPN_GATEWAY, vgw, 'AWS::EC2::VPNGateway', Code.CANNOT_ROUTE, 'a virtual private gateway carries IPv4 only');
  if (!w.ix.ownerInVpc(vpc.id, 4, packet.dst)) {
    // HYB-7: VPN CloudHub forwards between the VGW's sites.
    const from = fromVpnId === undefined ? undefined : w.ix.vpnConnections.get(fromVpnId);
    const hub = from ? cloudHubPaths(w.ix, from, w.down).find((p) => inPrefix(p.prefix, packet.family, packet.dst)) : undefined;
    if (hub) {
      w.pass(HopKind.VPN_GATEWAY, vgw, 'AWS::EC2::VPNGateway', `VPN CloudHub: forwards to ${hub.prefix.text} over ${hub.connectionId}`);
      return toOnPremises(w, packet, hub.connectionId, 'vpn');
    }
    return w.fail(HopKind.VPN_GATEWAY, vgw, 'AWS::EC2::VPNGateway', Code.VGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS, `${w.text(packet.dst)} is not a private IP of an interface in ${vpc.logicalId}`);
  }
  w.pass(HopKind.VPN_GATEWAY, vgw, 'AWS::EC2::VPNGateway', `enters ${vpc.logicalId}`);
  return w.intoVpcFromGateway(vgw.id, vpc, packet);
}
