// Hop texts at gateways: internet gateway and the internet beyond it (GW-2..6), egress-only internet
// gateway (GW-16), NAT gateway (GW-7..15), VPC peering (PCX-*), gateway endpoints (VPCE-2..7).
import { HopComponent, HopNote, IngressKind } from '../../../abi/hops.js';
import { hasPorts } from '../../model/protocols.js';
import { Code, HopKind } from '../codes.js';
import { dstText, eniOf, ipv4Text, srcText, type HopExplainer } from './context.js';
import { downRootText } from './components.js';

const INTERNET_GATEWAY_TEXTS: Partial<Record<number, (h: Parameters<HopExplainer>[0]) => string>> = {
  [Code.IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS]: (h) => `destination ${dstText(h)} is an RFC 1918 address`,
  [Code.IGW_DESTINATION_ADDRESS_NOT_IN_RFC6598_EGRESS]: (h) => `destination ${dstText(h)} is an RFC 6598 address`,
  [Code.IGW_SOURCE_ADDRESS_NOT_IN_RFC1918_INGRESS]: (h) => `source ${srcText(h)} is an RFC 1918 address`,
  [Code.IGW_SOURCE_ADDRESS_NOT_IN_RFC6598_INGRESS]: (h) => `source ${srcText(h)} is an RFC 6598 address`,
  [Code.IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS]: (h) => `source ${srcText(h)} has no public IPv4 or Elastic IP address`,
};

const internetGateway: HopExplainer = (h, c) => {
  const text = INTERNET_GATEWAY_TEXTS[h.code];
  if (text) return { action: text(h) };
  // GW-3, GW-4: Ref = the ENI holding the private-only destination.
  if (h.code === Code.IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS) return { action: `${dstText(h)} on ${eniOf(c, h.ref).id} has no public IPv4 or Elastic IP address` };
  // GW-5: IPv6 is not translated.
  if (h.packet.family === 6) return { action: 'forwards IPv6 unchanged' };
  // GW-2, GW-3: Ref = the address before the 1:1 translation.
  if (h.note === HopNote.Inbound) return { action: `translates destination ${ipv4Text(h.ref)} to private ${dstText(h)}` };
  return { action: `translates source ${ipv4Text(h.ref)} to public ${srcText(h)}` };
};

const internet: HopExplainer = (h) => {
  const hop = { res: null, type: 'Internet' };
  if (h.code === Code.REACHABLE) return { ...hop, action: `delivered to internet host ${dstText(h)}` };
  if (h.note === HopNote.Other) return { ...hop, action: `no resource in the model has the public address ${dstText(h)}` };
  return { ...hop, action: `${dstText(h)} is not a public address` };
};

const egressOnlyInternetGateway: HopExplainer = (h) => {
  if (h.code === Code.CANNOT_ROUTE) return { action: 'an egress-only internet gateway carries IPv6 only' };
  if (h.code === Code.VPCSIM_EIGW_UNSOLICITED_INBOUND) return { action: 'an egress-only internet gateway drops inbound-initiated traffic' };
  return { action: h.note === HopNote.Inbound ? 'response of an outbound-initiated IPv6 flow' : 'forwards outbound IPv6' };
};

const natGateway: HopExplainer = (h, c) => {
  const type = 'AWS::EC2::NatGateway';
  // A NAT gateway ENI whose NAT gateway is not in the model names the ENI.
  const nat = h.component === HopComponent.NatGateway ? c.t.natGateways[h.id]! : undefined;
  const name = nat?.logicalId ?? eniOf(c, h.id).logicalId;
  switch (h.code) {
    case Code.VPCSIM_NGW_UNSOLICITED_INBOUND: return { action: `NAT gateway ${name} drops unsolicited inbound traffic`, type };
    case Code.BAD_STATE:
      if (h.note === HopNote.Other) return { action: `NAT gateway ${name} has no private address`, type };
      // MC-2 / GW-13: its ENI, subnet or AZ is down; MC-4: the NAT gateway itself is down.
      if (h.note === HopNote.ZoneDown) return { action: `NAT gateway ${name} is down${downRootText(c, h.ref, h.ref2) || ' (its network interface is down)'}`, type };
      if (h.note === HopNote.Down) return { action: `NAT gateway ${name} is down`, type };
      return { action: `NAT gateway ${name} is ${nat?.state ?? 'missing'}`, type };
    case Code.NGW_REQUIRES_SOURCE_IN_VPC:
      return { action: `NAT gateway ${name} does not serve traffic that arrived over ${h.ref === IngressKind.Peering ? 'VPC peering' : 'VPN or Direct Connect'}`, type };
    case Code.CANNOT_ROUTE: return { action: 'a NAT gateway does not carry IPv6 (no NAT64 in vpcsim)', type };
    case Code.PROTOCOL_RESTRICTION: return { action: 'NAT gateways carry TCP, UDP and ICMP only', type };
  }
  if (h.note === HopNote.Reply) return { action: `translates the reply back to ${dstText(h)}`, type };
  // GW-8: Ref / Ref2 = source address and port before the translation; ports below 1024 move up.
  const info = [Code.NGW_SOURCE_ADDRESS_REASSIGN, ...(hasPorts(h.packet.protocol) && h.ref2 < 1024 ? [Code.REMAP_EPHEMERAL_PORT] : [])];
  return { action: `translates source ${ipv4Text(h.ref)} to ${srcText(h)}`, type, info };
};

/** PCX-2..4: Ref = the sending VPC (transitivity) or the peer VPC. */
const peering: HopExplainer = (h, c) => {
  const pcx = c.t.vpcPeeringConnections[h.id]!;
  const vpc = c.t.vpcs[h.ref]!;
  if (h.code === Code.REACHABLE) return { action: `crosses peering ${pcx.logicalId} to ${vpc.logicalId}` };
  if (h.note === HopNote.Other) return { action: `${dstText(h)} is not inside ${vpc.logicalId}; a peering delivers only to the peer VPC's CIDRs` };
  return { action: `peering ${pcx.logicalId} carries only traffic from ${vpc.logicalId} itself (no transitive or edge-to-edge routing)` };
};

const gatewayEndpoint: HopExplainer = (h, c) => {
  const ep = c.t.vpcEndpoints[h.id]!;
  switch (h.code) {
    case Code.NO_PATH: return { action: 'Gateway Load Balancer endpoints are not modelled' };
    case Code.PCX_REQUIRES_ADDRESS_IN_VPC_CIDR:
    case Code.CANNOT_ROUTE: return { action: 'traffic from outside the VPC cannot use a gateway endpoint' };
    case Code.VPCE_GATEWAY_PROTOCOL_RESTRICTION: return { action: 'gateway endpoints accept IPv4 TCP and ICMP echo only' };
    case Code.VPCSIM_ENDPOINT_POLICY_DENY: return { action: `the endpoint policy of ${ep.logicalId} denies access` };
  }
  if (h.note === HopNote.Inbound) return { action: `reply from ${ep.serviceName} enters ${c.ix.lookup.vpcs.get(ep.vpcId)!.logicalId}` };
  return { action: `gateway endpoint ${ep.logicalId} to ${ep.serviceName}` };
};

export const GATEWAY_HOPS: Record<number, HopExplainer> = {
  [HopKind.INTERNET_GATEWAY]: internetGateway,
  [HopKind.INTERNET]: internet,
  [HopKind.EGRESS_ONLY_INTERNET_GATEWAY]: egressOnlyInternetGateway,
  [HopKind.NAT_GATEWAY]: natGateway,
  [HopKind.VPC_PEERING_CONNECTION]: peering,
  [HopKind.GATEWAY_ENDPOINT]: gatewayEndpoint,
};
