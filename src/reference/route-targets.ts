// What happens after a VPC route table picks a route: one handler per target kind (RT-9), in a table.
// `from` is the subnet the packet leaves (null when it comes from a gateway route table, RT-15).
import { Code } from '../../abi/codes.js';
import { HopKind } from '../../abi/hops.js';
import { isRfc1918, isRfc6598 } from '../model/address-classes.js';
import { formatAddress } from '../model/ip.js';
import { PROTOCOL_ICMP, PROTOCOL_TCP } from '../model/protocols.js';
import type { NetworkInterface, RouteTable, RouteTargetKind, Subnet, Vpc } from '../model/types.js';
import { inVpcCidr, type CandidateRoute } from '../model/vpc-routes.js';
import type { Flow } from '../walk/flow.js';
import type { Arrival } from '../walk/result.js';
import type { WalkContext } from './context.js';

export interface RouteStep {
  from: Subnet | null;
  vpc: Vpc;
  route: CandidateRoute;
  routeTable: RouteTable;
}

type RouteTargetHandler = (w: WalkContext, step: RouteStep, packet: Flow) => Arrival;

const RT = 'AWS::EC2::RouteTable';

function text(packet: Flow, value: bigint): string {
  return formatAddress(packet.family, value);
}

/** RT-10: a route whose target is missing or unusable is a blackhole. */
function badTarget(w: WalkContext, step: RouteStep, why: string): never {
  return w.fail(HopKind.ROUTE_TABLE, step.routeTable, RT, Code.BAD_STATE_ROUTE, `route ${step.route.label}: ${why}`, step.route.label);
}

function subnetOf(w: WalkContext, eni: NetworkInterface): Subnet {
  return w.ix.lookup.subnets.get(eni.subnetId)!;
}

const local: RouteTargetHandler = (w, step, packet) => w.deliverInVpc(step.vpc, packet, step.from);

/** GW-2, GW-5, GW-6: out through the internet gateway, with 1:1 NAT of the public IPv4. */
const internetGateway: RouteTargetHandler = (w, step, packet) => {
  const igw = w.ix.internetGateways.get(step.route.target.id ?? '');
  if (!igw || igw.vpcId !== step.vpc.id) return badTarget(w, step, 'the internet gateway is not attached to this VPC');
  const type = 'AWS::EC2::InternetGateway';
  w.crossSubnets(step.from, null);
  if (packet.family === 6) {
    w.pass(HopKind.INTERNET_GATEWAY, igw, type, 'forwards IPv6 unchanged');
    return w.toInternet(packet);
  }
  if (isRfc1918(4, packet.dst)) w.block(HopKind.INTERNET_GATEWAY, igw, type, Code.IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS, `destination ${text(packet, packet.dst)} is an RFC 1918 address`);
  if (isRfc6598(4, packet.dst)) w.block(HopKind.INTERNET_GATEWAY, igw, type, Code.IGW_DESTINATION_ADDRESS_NOT_IN_RFC6598_EGRESS, `destination ${text(packet, packet.dst)} is an RFC 6598 address`);
  const owner = w.ix.ownerInVpc(step.vpc.id, 4, packet.src);
  const publicIp = owner?.privateIp?.publicIp;
  if (!publicIp) {
    return w.fail(HopKind.INTERNET_GATEWAY, igw, type, Code.IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS, `source ${text(packet, packet.src)} has no public IPv4 or Elastic IP address`);
  }
  const privateText = text(packet, packet.src);
  packet.src = publicIp.value;
  w.pass(HopKind.INTERNET_GATEWAY, igw, type, `translates source ${privateText} to public ${publicIp.text}`);
  return w.toInternet(packet);
};

/** GW-16: IPv6 only, outbound-initiated; the gateway remembers the flow for its replies. */
const egressOnlyInternetGateway: RouteTargetHandler = (w, step, packet) => {
  const eigw = w.ix.egressOnlyInternetGateways.get(step.route.target.id ?? '');
  if (!eigw || eigw.vpcId !== step.vpc.id) return badTarget(w, step, 'the egress-only internet gateway is not in this VPC');
  const type = 'AWS::EC2::EgressOnlyInternetGateway';
  if (packet.family === 4) return w.fail(HopKind.EGRESS_ONLY_INTERNET_GATEWAY, eigw, type, Code.CANNOT_ROUTE, 'an egress-only internet gateway carries IPv6 only');
  w.crossSubnets(step.from, null);
  w.state.track(eigw.id, packet);
  w.pass(HopKind.EGRESS_ONLY_INTERNET_GATEWAY, eigw, type, 'forwards outbound IPv6');
  return w.toInternet(packet);
};

const natGateway: RouteTargetHandler = (w, step, packet) => {
  const nat = w.ix.natGateways.get(step.route.target.id ?? '');
  if (!nat || nat.state === 'deleted') return badTarget(w, step, 'the NAT gateway does not exist');
  const eni = w.ix.lookup.networkInterfaces.get(nat.networkInterfaceId);
  if (!eni) return badTarget(w, step, 'the NAT gateway has no network interface');
  // GW-12: the NAT subnet's NACL applies to traffic into the NAT gateway.
  w.crossSubnets(step.from, subnetOf(w, eni));
  return w.arriveAtEni(eni, packet);
};

/** PCX-2..4: active only; source in the sending VPC and destination in the receiving VPC (non-transitive, no edge-to-edge). */
const vpcPeeringConnection: RouteTargetHandler = (w, step, packet) => {
  const pcx = w.ix.peerings.get(step.route.target.id ?? '');
  if (!pcx || (pcx.requesterVpcId !== step.vpc.id && pcx.accepterVpcId !== step.vpc.id)) return badTarget(w, step, 'the peering connection does not involve this VPC');
  if (pcx.status !== 'active') return badTarget(w, step, `the peering connection is ${pcx.status}`);
  const type = 'AWS::EC2::VPCPeeringConnection';
  const peerVpc = w.ix.lookup.vpcs.get(pcx.requesterVpcId === step.vpc.id ? pcx.accepterVpcId : pcx.requesterVpcId);
  if (!peerVpc) return badTarget(w, step, 'the peer VPC is not in the model');
  if (w.ingress !== 'vpc' || !inVpcCidr(step.vpc, packet.family, packet.src)) {
    return w.fail(HopKind.VPC_PEERING_CONNECTION, pcx, type, Code.PCX_REQUIRES_ADDRESS_IN_VPC_CIDR, `peering ${pcx.logicalId} carries only traffic from ${step.vpc.logicalId} itself (no transitive or edge-to-edge routing)`);
  }
  if (!inVpcCidr(peerVpc, packet.family, packet.dst)) {
    return w.fail(HopKind.VPC_PEERING_CONNECTION, pcx, type, Code.PCX_REQUIRES_ADDRESS_IN_VPC_CIDR, `${text(packet, packet.dst)} is not inside ${peerVpc.logicalId}; a peering delivers only to the peer VPC's CIDRs`);
  }
  w.crossSubnets(step.from, null);
  w.pass(HopKind.VPC_PEERING_CONNECTION, pcx, type, `crosses peering ${pcx.logicalId} to ${peerVpc.logicalId}`);
  w.ingress = 'peering';
  return w.deliverInVpc(peerVpc, packet, null);
};

/** TGW-9: into the transit gateway through the VPC attachment's subnet in the source AZ. */
const transitGateway: RouteTargetHandler = (w, step, packet) => {
  const tgwId = step.route.target.id ?? '';
  const att = w.ix.vpcAttachment(tgwId, step.vpc.id);
  if (!w.ix.transitGateways.get(tgwId) || !att) return badTarget(w, step, 'the VPC is not attached to this transit gateway');
  const type = 'AWS::EC2::TransitGatewayAttachment';
  // MC-7, TGW-14: an attachment that is down carries nothing.
  if (att.state !== 'available' || w.isDown(att.id)) return w.fail(HopKind.TRANSIT_GATEWAY_ATTACHMENT, att, type, Code.BAD_STATE_ATTACHMENT, `attachment ${att.logicalId} is ${w.isDown(att.id) ? 'down' : att.state}`);
  const az = step.from?.availabilityZone;
  const subnets = att.subnetIds.map((id) => w.ix.lookup.subnets.get(id)).filter((s): s is Subnet => !!s);
  const attSubnet = az === undefined ? subnets.sort((a, b) => (a.availabilityZone < b.availabilityZone ? -1 : 1))[0] : subnets.find((s) => s.availabilityZone === az);
  if (!attSubnet) {
    return w.fail(HopKind.TRANSIT_GATEWAY_ATTACHMENT, att, type, Code.TGW_ROUTE_AZ_RESTRICTION, `attachment ${att.logicalId} has no subnet in ${az ?? 'any AZ'}, so traffic from there is not forwarded to the transit gateway`);
  }
  // NACL-11: the attachment ENI is an ENI of its subnet.
  w.crossSubnets(step.from, attSubnet);
  w.pass(HopKind.TRANSIT_GATEWAY_ATTACHMENT, att, type, `enters transit gateway ${tgwId} through subnet ${attSubnet.logicalId} (${attSubnet.availabilityZone})`);
  w.tgwAz = attSubnet.availabilityZone;
  return w.tgwRoute(att.id, packet);
};

/** HYB-4, PCX-4: to on premises through the VPC's virtual private gateway. */
const vpnGateway: RouteTargetHandler = (w, step, packet) => {
  const vgw = w.ix.vpnGateways.get(step.route.target.id ?? '');
  if (!vgw || vgw.vpcId !== step.vpc.id) return badTarget(w, step, 'the virtual private gateway is not attached to this VPC');
  const type = 'AWS::EC2::VPNGateway';
  if (w.ingress === 'peering') return w.fail(HopKind.VPN_GATEWAY, vgw, type, Code.PCX_REQUIRES_ADDRESS_IN_VPC_CIDR, 'traffic received over a peering connection cannot use the VPN gateway (no edge-to-edge routing)');
  if (packet.family === 6) return w.fail(HopKind.VPN_GATEWAY, vgw, type, Code.CANNOT_ROUTE, 'a virtual private gateway carries IPv4 only');
  if (!w.ix.ownerInVpc(step.vpc.id, 4, packet.src)) {
    return w.fail(HopKind.VPN_GATEWAY, vgw, type, Code.VGW_PRIVATE_IP_ASSOCIATION_FOR_EGRESS, `source ${text(packet, packet.src)} is not a private IP of an interface in ${step.vpc.logicalId}`);
  }
  w.crossSubnets(step.from, null);
  return w.toVpnGateway(vgw.id, packet);
};

/** Gateway endpoints (VPCE-2..7), Network Firewall endpoints (NFW-1); GWLB endpoints are not modelled. */
const vpcEndpoint: RouteTargetHandler = (w, step, packet) => {
  const id = step.route.target.id ?? '';
  const firewall = w.ix.firewallByEndpoint.get(id);
  if (firewall) {
    const ep = firewall.endpoints.find((e) => e.endpointId === id)!;
    const eni = w.ix.lookup.networkInterfaces.get(ep.networkInterfaceId);
    if (!eni) return badTarget(w, step, 'the firewall endpoint has no network interface');
    w.crossSubnets(step.from, subnetOf(w, eni));
    return w.arriveAtEni(eni, packet);
  }
  const ep = w.ix.vpcEndpoints.get(id);
  if (!ep || ep.vpcId !== step.vpc.id) return badTarget(w, step, 'the VPC endpoint is not in this VPC');
  const type = 'AWS::EC2::VPCEndpoint';
  if (ep.type !== 'Gateway') return w.fail(HopKind.GATEWAY_ENDPOINT, ep, type, Code.NO_PATH, 'Gateway Load Balancer endpoints are not modelled');
  // VPCE-5 / PCX-4: only traffic from inside the VPC may use a gateway endpoint.
  if (w.ingress !== 'vpc') {
    return w.fail(HopKind.GATEWAY_ENDPOINT, ep, type, w.ingress === 'peering' ? Code.PCX_REQUIRES_ADDRESS_IN_VPC_CIDR : Code.CANNOT_ROUTE, 'traffic from outside the VPC cannot use a gateway endpoint');
  }
  // VPCE-6: TCP and ICMP echo only; CHOICE: IPv4 only.
  const icmpEcho = packet.protocol === PROTOCOL_ICMP && (packet.icmpType === 8 || packet.icmpType === 0);
  if (packet.family !== 4 || (packet.protocol !== PROTOCOL_TCP && !icmpEcho)) {
    w.block(HopKind.GATEWAY_ENDPOINT, ep, type, Code.VPCE_GATEWAY_PROTOCOL_RESTRICTION, 'gateway endpoints accept IPv4 TCP and ICMP echo only');
  }
  // VPCE-7 CHOICE: the policy is reduced to allow/deny.
  if (ep.policy === 'deny') w.block(HopKind.GATEWAY_ENDPOINT, ep, type, Code.VPCSIM_ENDPOINT_POLICY_DENY, `the endpoint policy of ${ep.logicalId} denies access`);
  w.crossSubnets(step.from, null);
  w.pass(HopKind.GATEWAY_ENDPOINT, ep, type, `gateway endpoint ${ep.logicalId} to ${ep.serviceName}`);
  w.pass(HopKind.AWS_SERVICE, { id: ep.serviceName, logicalId: ep.serviceName }, 'AWS::Service', `delivered to ${ep.serviceName} at ${text(packet, packet.dst)}`);
  return { kind: 'aws-service', via: ep.id };
};

/** RT-13, RT-14: a route to an ENI (or an instance's primary ENI) delivers to that ENI. */
const networkInterface: RouteTargetHandler = (w, step, packet) => {
  const id = step.route.target.id ?? '';
  let eni: NetworkInterface | undefined;
  if (step.route.target.kind === 'instance') {
    const instance = w.ix.lookup.instances.get(id);
    if (!instance || instance.state !== 'running') return badTarget(w, step, `instance ${id} is ${instance ? instance.state : 'missing'}`);
    eni = w.ix.lookup.primaryInterfaceOfInstance(id);
  } else {
    eni = w.ix.lookup.networkInterfaces.get(id);
  }
  if (!eni) return badTarget(w, step, 'the network interface does not exist');
  w.crossSubnets(step.from, subnetOf(w, eni));
  return w.arriveAtEni(eni, packet);
};

const blackhole: RouteTargetHandler = (w, step) => badTarget(w, step, 'blackhole');

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
