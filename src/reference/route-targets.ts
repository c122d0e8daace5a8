// What happens after a VPC route table picks a route: one handler per target kind (RT-9), in a table.
// `from` is the subnet the packet leaves (null when it comes from a gateway route table, RT-15).
import { Code } from '../../abi/codes.js';
import { HopComponent, HopKind, HopNote } from '../../abi/hops.js';
import { isRfc1918, isRfc6598 } from '../model/address-classes.js';
import { PROTOCOL_ICMP, PROTOCOL_TCP } from '../model/protocols.js';
import type { NetworkInterface, RouteTable, RouteTargetKind, Subnet, Vpc } from '../model/types.js';
import { inVpcCidr, type RouteMatch } from '../model/vpc-routes.js';
import type { Flow } from '../walk/flow.js';
import { NO_REF } from '../walk/hop.js';
import type { Arrival } from '../walk/result.js';
import type { WalkContext } from './context.js';
import { routeChoice } from './route-choice.js';

export interface RouteStep {
  from: Subnet | null;
  vpc: Vpc;
  match: RouteMatch;
  routeTable: RouteTable;
}

type RouteTargetHandler = (w: WalkContext, step: RouteStep, packet: Flow) => Arrival;

/** RT-10: a route whose target is missing or unusable is a blackhole; `why` is a HopNote. */
function badTarget(w: WalkContext, step: RouteStep, why: number = HopNote.TargetMissing): never {
  return w.fail(HopKind.ROUTE_TABLE, Code.BAD_STATE_ROUTE, { component: HopComponent.RouteTable, of: step.routeTable, note: why, rule: { kind: 'route', route: routeChoice(step.routeTable, step.match, false) } });
}

function subnetOf(w: WalkContext, eni: NetworkInterface): Subnet {
  return w.ix.lookup.subnets.get(eni.subnetId)!;
}

const targetId = (step: RouteStep) => step.match.route.target.id ?? '';

const local: RouteTargetHandler = (w, step, packet) => w.deliverInVpc(step.vpc, packet, step.from);

/** GW-2, GW-5, GW-6: out through the internet gateway, with 1:1 NAT of the public IPv4. */
const internetGateway: RouteTargetHandler = (w, step, packet) => {
  const igw = w.ix.internetGateways.get(targetId(step));
  if (!igw || igw.vpcId !== step.vpc.id) return badTarget(w, step);
  const hop = { component: HopComponent.InternetGateway, of: igw };
  w.crossSubnets(step.from, null);
  if (packet.family === 6) {
    w.pass(HopKind.INTERNET_GATEWAY, hop);
    return w.toInternet(packet);
  }
  if (isRfc1918(4, packet.dst)) w.block(HopKind.INTERNET_GATEWAY, Code.IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS, hop);
  if (isRfc6598(4, packet.dst)) w.block(HopKind.INTERNET_GATEWAY, Code.IGW_DESTINATION_ADDRESS_NOT_IN_RFC6598_EGRESS, hop);
  const owner = w.ix.ownerInVpc(step.vpc.id, 4, packet.src);
  const publicIp = owner?.privateIp?.publicIp;
  if (!publicIp) return w.fail(HopKind.INTERNET_GATEWAY, Code.IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS, hop);
  // Ref: the private address before the translation.
  const privateSrc = packet.src;
  packet.src = publicIp.value;
  w.pass(HopKind.INTERNET_GATEWAY, { ...hop, ref: Number(privateSrc) | 0 });
  return w.toInternet(packet);
};

/** GW-16: IPv6 only, outbound-initiated; the gateway remembers the flow for its replies. */
const egressOnlyInternetGateway: RouteTargetHandler = (w, step, packet) => {
  const eigw = w.ix.egressOnlyInternetGateways.get(targetId(step));
  if (!eigw || eigw.vpcId !== step.vpc.id) return badTarget(w, step);
  const hop = { component: HopComponent.EgressOnlyInternetGateway, of: eigw };
  if (packet.family === 4) return w.fail(HopKind.EGRESS_ONLY_INTERNET_GATEWAY, Code.CANNOT_ROUTE, hop);
  w.crossSubnets(step.from, null);
  w.state.track(eigw.id, packet);
  w.pass(HopKind.EGRESS_ONLY_INTERNET_GATEWAY, hop);
  return w.toInternet(packet);
};

const natGateway: RouteTargetHandler = (w, step, packet) => {
  const nat = w.ix.natGateways.get(targetId(step));
  if (!nat || nat.state === 'deleted') return badTarget(w, step);
  const eni = w.ix.lookup.networkInterfaces.get(nat.networkInterfaceId);
  if (!eni) return badTarget(w, step, HopNote.TargetWithoutInterface);
  // GW-12: the NAT subnet's NACL applies to traffic into the NAT gateway.
  w.crossSubnets(step.from, subnetOf(w, eni));
  return w.arriveAtEni(eni, packet);
};

/** PCX-2..4: active only; source in the sending VPC and destination in the receiving VPC (non-transitive, no edge-to-edge). */
const vpcPeeringConnection: RouteTargetHandler = (w, step, packet) => {
  const pcx = w.ix.peerings.get(targetId(step));
  if (!pcx || (pcx.requesterVpcId !== step.vpc.id && pcx.accepterVpcId !== step.vpc.id)) return badTarget(w, step);
  if (pcx.status !== 'active') return badTarget(w, step, HopNote.TargetState);
  const peerVpc = w.ix.lookup.vpcs.get(pcx.requesterVpcId === step.vpc.id ? pcx.accepterVpcId : pcx.requesterVpcId);
  if (!peerVpc) return badTarget(w, step, HopNote.PeerVpcMissing);
  const hop = { component: HopComponent.Peering, of: pcx };
  // Ref: the VPC the rule is about (the sending VPC, else the peer VPC).
  if (w.ingress !== 'vpc' || !inVpcCidr(step.vpc, packet.family, packet.src)) {
    return w.fail(HopKind.VPC_PEERING_CONNECTION, Code.PCX_REQUIRES_ADDRESS_IN_VPC_CIDR, { ...hop, ref: w.at(step.vpc) });
  }
  if (!inVpcCidr(peerVpc, packet.family, packet.dst)) {
    return w.fail(HopKind.VPC_PEERING_CONNECTION, Code.PCX_REQUIRES_ADDRESS_IN_VPC_CIDR, { ...hop, note: HopNote.Other, ref: w.at(peerVpc) });
  }
  w.crossSubnets(step.from, null);
  w.pass(HopKind.VPC_PEERING_CONNECTION, { ...hop, ref: w.at(peerVpc) });
  w.ingress = 'peering';
  return w.deliverInVpc(peerVpc, packet, null);
};

/** TGW-9: into the transit gateway through the VPC attachment's subnet in the source AZ. */
const transitGateway: RouteTargetHandler = (w, step, packet) => {
  const tgwId = targetId(step);
  const att = w.ix.vpcAttachment(tgwId, step.vpc.id);
  if (!w.ix.transitGateways.get(tgwId) || !att) return badTarget(w, step);
  const hop = { component: HopComponent.TransitGatewayAttachment, of: att };
  // MC-7, TGW-14: an attachment that is down carries nothing.
  if (att.state !== 'available' || w.isDown(att.id)) return w.fail(HopKind.TRANSIT_GATEWAY_ATTACHMENT, Code.BAD_STATE_ATTACHMENT, { ...hop, note: w.isDown(att.id) ? HopNote.Down : HopNote.None });
  const az = step.from?.availabilityZone;
  const subnets = att.subnetIds.map((id) => w.ix.lookup.subnets.get(id)).filter((s): s is Subnet => !!s);
  const attSubnet = az === undefined ? subnets.sort((a, b) => (a.availabilityZone < b.availabilityZone ? -1 : 1))[0] : subnets.find((s) => s.availabilityZone === az);
  // Ref: the subnet the packet leaves (none when a gateway route table sent it).
  if (!attSubnet) return w.fail(HopKind.TRANSIT_GATEWAY_ATTACHMENT, Code.TGW_ROUTE_AZ_RESTRICTION, { ...hop, ref: step.from ? w.at(step.from) : NO_REF });
  // NACL-11: the attachment ENI is an ENI of its subnet.
  w.crossSubnets(step.from, attSubnet);
  w.pass(HopKind.TRANSIT_GATEWAY_ATTACHMENT, { ...hop, ref: w.at(attSubnet) });
  w.tgwAz = attSubnet.availabilityZone;
  return w.tgwRoute(att.id, packet);
};

/** HYB-4, PCX-4: to on premises through the VPC's virtual private gateway. */
const vpnGateway: RouteTargetHandler = (w, step, packet) => {
  const vgw = w.ix.vpnGateways.get(targetId(step));
  if (!vgw || vgw.vpcId !== step.vpc.id) return badTarget(w, step);
  const hop = { component: HopComponent.VpnGateway, of: vgw };
  if (w.ingress === 'peering') return w.fail(HopKind.VPN_GATEWAY, Code.PCX_REQUIRES_ADDRESS_IN_VPC_CIDR, hop);
  if (packet.family === 6) return w.fail(HopKind.VPN_GATEWAY, Code.CANNOT_ROUTE, hop);
  if (!w.ix.ownerInVpc(step.vpc.id, 4, packet.src)) return w.fail(HopKind.VPN_GATEWAY, Code.VGW_PRIVATE_IP_ASSOCIATION_FOR_EGRESS, hop);
  w.crossSubnets(step.from, null);
  return w.toVpnGateway(vgw.id, packet);
};

/** Gateway endpoints (VPCE-2..7), Network Firewall endpoints (NFW-1); GWLB endpoints are not modelled. */
const vpcEndpoint: RouteTargetHandler = (w, step, packet) => {
  const id = targetId(step);
  const firewall = w.ix.firewallByEndpoint.get(id);
  if (firewall) {
    const ep = firewall.endpoints.find((e) => e.endpointId === id)!;
    const eni = w.ix.lookup.networkInterfaces.get(ep.networkInterfaceId);
    if (!eni) return badTarget(w, step, HopNote.TargetWithoutInterface);
    w.crossSubnets(step.from, subnetOf(w, eni));
    return w.arriveAtEni(eni, packet);
  }
  const ep = w.ix.vpcEndpoints.get(id);
  if (!ep || ep.vpcId !== step.vpc.id) return badTarget(w, step);
  const hop = { component: HopComponent.VpcEndpoint, of: ep };
  if (ep.type !== 'Gateway') return w.fail(HopKind.GATEWAY_ENDPOINT, Code.NO_PATH, hop);
  // VPCE-5 / PCX-4: only traffic from inside the VPC may use a gateway endpoint.
  if (w.ingress !== 'vpc') return w.fail(HopKind.GATEWAY_ENDPOINT, w.ingress === 'peering' ? Code.PCX_REQUIRES_ADDRESS_IN_VPC_CIDR : Code.CANNOT_ROUTE, hop);
  // VPCE-6: TCP and ICMP echo only; CHOICE: IPv4 only.
  const icmpEcho = packet.protocol === PROTOCOL_ICMP && (packet.icmpType === 8 || packet.icmpType === 0);
  if (packet.family !== 4 || (packet.protocol !== PROTOCOL_TCP && !icmpEcho)) w.block(HopKind.GATEWAY_ENDPOINT, Code.VPCE_GATEWAY_PROTOCOL_RESTRICTION, hop);
  // VPCE-7 CHOICE: the policy is reduced to allow/deny.
  if (ep.policy === 'deny') w.block(HopKind.GATEWAY_ENDPOINT, Code.VPCSIM_ENDPOINT_POLICY_DENY, hop);
  w.crossSubnets(step.from, null);
  w.pass(HopKind.GATEWAY_ENDPOINT, hop);
  w.pass(HopKind.AWS_SERVICE, { component: HopComponent.ServiceOfEndpoint, of: ep });
  return { kind: 'aws-service', via: ep.id };
};

/** RT-13, RT-14: a route to an ENI (or an instance's primary ENI) delivers to that ENI. */
const networkInterface: RouteTargetHandler = (w, step, packet) => {
  const id = targetId(step);
  let eni: NetworkInterface | undefined;
  if (step.match.route.target.kind === 'instance') {
    const instance = w.ix.lookup.instances.get(id);
    // RT-10: an instance target must exist and run.
    if (!instance) return badTarget(w, step);
    if (instance.state !== 'running') return badTarget(w, step, HopNote.TargetState);
    eni = w.ix.lookup.primaryInterfaceOfInstance(id);
  } else {
    eni = w.ix.lookup.networkInterfaces.get(id);
  }
  if (!eni) return badTarget(w, step);
  w.crossSubnets(step.from, subnetOf(w, eni));
  return w.arriveAtEni(eni, packet);
};

const blackhole: RouteTargetHandler = (w, step) => badTarget(w, step);

export const routeTargets: Record<RouteTargetKind, RouteTargetHandler> = {
  local,
  'internet-gateway': internetGateway,
  'egress-only-internet-gateway': egressOnlyInternetGateway,
  'nat-gateway': natGateway,
  'vpc-peering-connection': vpcPeeringConnection,
  'transit-gateway': transitGateway,
  'vpn-gateway': vpnGateway,
  'vpc-endpoint': vpcEndpoint,
  'network-interface': networkInterface,
  instance: networkInterface,
  blackhole,
};
