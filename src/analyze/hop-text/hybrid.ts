// Hop texts for Site-to-Site VPN and Direct Connect (HYB-*): the virtual private gateway, the VPN
// connection or virtual interface, and on-premises sources.
import { HopComponent, HopNote } from '../../../abi/hops.js';
import { onPremConnectionAt, type WalkHop } from '../../walk/hop.js';
import { Code, HopKind } from '../codes.js';
import { dstText, srcText, type HopExplainer } from './context.js';

/** `172.16.0.0/16 over vpn-...`: the on-premises network the VPN gateway forwards to. */
function pathText(h: WalkHop): string {
  if (h.rule?.kind !== 'on-premises-path') throw new Error('vpcsim internal error: a VPN gateway hop without its on-premises path');
  return `${h.rule.prefix.text} over ${h.rule.connectionId}`;
}

const vpnGateway: HopExplainer = (h, c) => {
  const type = 'AWS::EC2::VPNGateway';
  if (h.component === HopComponent.None) {
    // A VGW the model does not have: named by the id the connection (Ref) gives.
    return { action: `virtual private gateway ${onPremConnectionAt(c.t, h.ref)!.vpnGatewayId} is not attached to a VPC`, res: null, type };
  }
  const vgw = c.t.vpnGateways[h.id]!;
  const vpc = () => c.ix.lookup.vpcs.get(vgw.vpcId ?? '')!;
  switch (h.code) {
    case Code.PCX_REQUIRES_ADDRESS_IN_VPC_CIDR: return { action: 'traffic received over a peering connection cannot use the VPN gateway (no edge-to-edge routing)' };
    case Code.CANNOT_ROUTE: return { action: 'a virtual private gateway carries IPv4 only' };
    case Code.VGW_PRIVATE_IP_ASSOCIATION_FOR_EGRESS: return { action: `source ${srcText(h)} is not a private IP of an interface in ${vpc().logicalId}` };
    case Code.VGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS: return { action: `${dstText(h)} is not a private IP of an interface in ${vpc().logicalId}` };
    case Code.NO_ROUTE_TO_DESTINATION: return { action: `virtual private gateway ${vgw.logicalId} knows no on-premises network holding ${dstText(h)}` };
    case Code.BAD_STATE_VPN:
      if (h.note === HopNote.Inbound) return { action: `virtual private gateway ${vgw.id} is not attached to a VPC` };
      return { action: `virtual private gateway ${vgw.logicalId} has no VPN connection or virtual interface up` };
  }
  if (h.note === HopNote.CloudHub) return { action: `VPN CloudHub: forwards to ${pathText(h)}` };
  if (h.note === HopNote.Inbound) return { action: `enters ${vpc().logicalId}` };
  return { action: `forwards to ${pathText(h)}` };
};

/** A VPN connection or virtual interface (OnPremConnection). */
const connection: HopExplainer = (h, c) => {
  const vpn = h.kind === HopKind.VPN_CONNECTION;
  const type = vpn ? 'AWS::EC2::VPNConnection' : 'AWS::DirectConnect::VirtualInterface';
  const conn = onPremConnectionAt(c.t, h.id)!;
  switch (h.code) {
    case Code.TGW_BAD_STATE_VPN: return { action: `VPN connection ${conn.logicalId} has no tunnel up`, type };
    case Code.BAD_STATE_VPN: return { action: `VPN connection ${conn.logicalId} terminates on no gateway`, type };
    case Code.NO_ROUTE_TO_DESTINATION: return { action: `virtual interface ${conn.logicalId} reaches no gateway for ${dstText(h)}`, type };
  }
  if (h.note === HopNote.Arrives) return { action: `arrives from on premises over ${vpn ? 'VPN connection' : 'virtual interface'} ${conn.logicalId}`, type };
  return { action: `delivered on premises to ${dstText(h)}`, type };
};

const onPremises: HopExplainer = (h) => ({ action: `no VPN connection or virtual interface that is up reaches ${srcText(h)}`, res: null, type: 'OnPremises' });

export const HYBRID_HOPS: Record<number, HopExplainer> = {
  [HopKind.VPN_GATEWAY]: vpnGateway,
  [HopKind.VPN_CONNECTION]: connection,
  [HopKind.DIRECT_CONNECT]: connection,
  [HopKind.ON_PREMISES]: onPremises,
};
