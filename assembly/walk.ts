// The packet walk (SEMANTICS.md §2-§6, §12): a port of the reference walk (src/reference/walk.ts and
// route-targets.ts) over the compiled image, forward packet first, then its response (TRACE-5/6).
// Read top to bottom, it follows the packet:
//
//   walkFlow       one flow: the forward packet, then the response from where the forward one arrived
//   start          the source sends: is it up (TRACE-12)? an Amazon-provided service on its host (NACL-12)?
//   leaveEni       the security groups' egress rules (SG-*)
//   routeFrom      the route table of the subnet the packet is in (RT-3, RT-16)
//   routeTarget    one branch per target kind (RT-9): local, NAT gateway, ENI, peering, gateway
//                  endpoint here; the network ACLs between subnets on the way (crossSubnets, NACL-10)
//   deliverInVpc   the local route: the ENI holding the destination (intoVpcThroughEdge: RT-15 first)
//   arriveAtEni    up? source/destination check (RT-13), the security groups' ingress rules; then the
//                  destination, or a router appliance forwarding (RT-14), or the NAT gateway, firewall
//                  endpoint or interface endpoint behind the ENI
//   the response   from the internet, on premises, an AWS service, a host service, or the ENI it reached
//
// Steps in other modules, called from here; they call back into the entry points below, the walk's
// one genuine recursion (a packet may pass through each of them more than once, up to TRACE-11's limit):
//   internet-gateway.ts   toInternetGateway, toEgressOnlyInternetGateway, fromInternet (GW-2..6, GW-16)
//   nat-gateway.ts        natGateway (GW-7..15)
//   transit-gateway.ts    toTransitGateway (TGW-*)
//   on-premises.ts        toVpnGatewayTarget, fromOnPremises (HYB-*)
//   network-firewall.ts   firewallEndpoint (NFW-*)
// Entry points they call back: routeFrom, crossSubnets, badTarget, deliverInVpc, intoVpcThroughEdge.
//
// Every step returns 0 to go on or the blocking code (TRACE-8), through the hop writer of
// walk-state.ts, which also holds what the steps share (direction, ingress, arrival, transit gateway
// path). Around the walk: walk-batch.ts (batches in, verdicts out; Monte Carlo's one flow),
// address-ownership.ts and address-classes.ts (who holds an address; RFC ranges), route-lookup.ts
// (RT-3 under the down set). UNSUPPORTED (255) remains only for an origin the image does not know.
import { Origin, VERDICT_UNSUPPORTED } from '../abi/batch';
import { HopComponent, HopNote, HopKind } from '../abi/hops';
import {
  EniField,
  EniFlag,
  EniKind,
  NatGatewayField,
  PeeringField,
  RouteField,
  RouteTarget,
  Section,
  SubnetField,
  VpcEndpointField,
  VpcEndpointType,
} from '../abi/image';
import { Code } from '../abi/codes';
import { NONE } from '../abi/version';
import { amazonProvidedServiceAt, inSubnet, inVpcCidr, ownerInVpc, ownsDestination } from './address-ownership';
import { downActive, downRootIndex, eniDown, eniDownRoot } from './down-set';
import { eni, field, record, recordCount, subnet } from './image';
import { fromInternet, toEgressOnlyInternetGateway, toInternetGateway } from './internet-gateway';
import { naclAllows, naclDecidingEntry } from './nacl';
import { natGateway } from './nat-gateway';
import { firewallEndpoint } from './network-firewall';
import { fromOnPremises, toVpnGatewayTarget } from './on-premises';
import * as packet from './packet';
import { ICMP, ICMPV6, TCP, UDP } from './packet';
import { lookupRoute, routeInfo } from './route-lookup';
import { setReferencing, sgAllowingRule, sgAllows, sgNoRules, sgReferencingBlocked } from './sg';
import { toTransitGateway } from './transit-gateway';
import {
  ARRIVE_AMAZON_SERVICE,
  ARRIVE_AWS_SERVICE,
  ARRIVE_ENI,
  ARRIVE_INTERNET,
  ARRIVE_ON_PREMISES,
  INGRESS_PEERING,
  INGRESS_TRANSIT_GATEWAY,
  INGRESS_VPC,
  arrivalEni,
  arrivalKind,
  arrivalService,
  arrive,
  arriveAtAmazonService,
  block,
  direction,
  fail,
  flowVerdict,
  forwardBegin,
  forwardEnd,
  ingress,
  isReply,
  pass,
  responseBegin,
  responseEnd,
  setIngress,
  setViaAppliance,
  viaAppliance,
  tgwAsymmetricAttachment,
  tgwPathAllowsReferencing,
  track,
} from './walk-state';

// ---- one flow: the forward packet, then its response (TRACE-5, TRACE-6) ---------------------------

/**
 * Walks one flow, the packet already set (walk-batch.ts): the verdict; the hop counts of each
 * direction and the blocking hop are in walk-state.ts.
 */
export function walkFlow(origin: i32, destination: i32 = NONE): i32 {
  return flowVerdict(walkDirections(origin, destination));
}

/**
 * The forward direction, which must arrive at the `destination` ENI when the query names one (TRACE-13), then
 * (TRACE-5) the response, which must arrive back where the flow started.
 */
function walkDirections(origin: i32, destination: i32): i32 {
  const wantsResponse = needsResponse();
  forwardBegin();
  let reached = start(origin);
  // TRACE-13: delivered to another ENI with the same address (overlapping CIDRs, PCX-PARTIAL) is not delivered.
  if (reached == 0 && destination >= 0 && !(arrivalKind == ARRIVE_ENI && arrivalEni == destination)) reached = notDestination();
  const forward = forwardEnd(reached);
  if (forward != 0) return forward;
  if (!wantsResponse) return 0;
  // The response: addresses and ports swapped, echo request -> echo reply (TRACE-3).
  const back = arrivalKind;
  const backEni = arrivalEni;
  const backService = arrivalService;
  packet.packetSwap();
  if (packet.protocol == ICMP && packet.icmpType == 8) packet.setIcmp(0, packet.icmpCode);
  else if (packet.protocol == ICMPV6 && packet.icmpType == 128) packet.setIcmp(129, packet.icmpCode);
  responseBegin();
  const response = back == ARRIVE_INTERNET ? fromInternet()
    : back == ARRIVE_ON_PREMISES ? fromOnPremises(backEni)
    : back == ARRIVE_AWS_SERVICE ? fromAwsService(backEni)
    : back == ARRIVE_AMAZON_SERVICE ? fromAmazonProvidedService(backEni, backService)
    : fromEni(backEni);
  if (response != 0) return responseEnd(response);
  const home = origin == Origin.Internet ? arrivalKind == ARRIVE_INTERNET
    : origin == Origin.OnPremises ? arrivalKind == ARRIVE_ON_PREMISES
    : origin <= Origin.OnPremisesVia ? arrivalKind == ARRIVE_ON_PREMISES && arrivalEni == Origin.OnPremisesVia - origin
    : arrivalKind == ARRIVE_ENI && arrivalEni == origin;
  // The answer says where it went instead (Ref: the arrival kind, Ref2: the ENI, connection, endpoint or service).
  if (!home) return responseEnd(fail(HopKind.NETWORK_INTERFACE, HopComponent.None, NONE, Code.NO_PATH, NONE, HopNote.None, arrivalKind, arrivedAt()));
  return responseEnd(0);
}

/** The response leaves the ENI the request reached: inside its host (TRACE-15), or out through its security groups. */
function fromEni(e: i32): i32 {
  const host = hostHolding(e);
  return host >= 0 ? insideHost(host) : leaveEni(e);
}

/** What the last direction was delivered to, as Ref2 of a NO_PATH hop names it (with Ref = arrivalKind). */
function arrivedAt(): i32 {
  return arrivalKind == ARRIVE_AMAZON_SERVICE ? arrivalService : arrivalEni;
}

/** TRACE-13 CHOICE: NO_PATH, naming where the forward packet was delivered instead of the destination ENI. */
function notDestination(): i32 {
  return fail(HopKind.NETWORK_INTERFACE, HopComponent.None, NONE, Code.NO_PATH, NONE, HopNote.NotDestination, arrivalKind, arrivedAt());
}

/** TRACE-5: TCP, UDP and ICMP echo requests need their response to come back. */
function needsResponse(): bool {
  const p = packet.protocol;
  return p == TCP || p == UDP || (p == ICMP && packet.icmpType == 8) || (p == ICMPV6 && packet.icmpType == 128);
}

// ---- start: the source sends ----------------------------------------------------------------------

/** The forward packet leaves its origin: the internet, on premises, or an ENI (VERDICT_UNSUPPORTED for an unknown one). */
function start(origin: i32): i32 {
  if (origin == Origin.Internet) return fromInternet();
  if (origin == Origin.OnPremises) return fromOnPremises(NONE);
  if (origin <= Origin.OnPremisesVia) return fromOnPremises(Origin.OnPremisesVia - origin);
  if (origin < 0 || origin >= recordCount(Section.Eni)) return VERDICT_UNSUPPORTED;
  const kind = eni(origin, EniField.Kind);
  // VPCE-12: an endpoint never initiates connections.
  if (kind == EniKind.VpcEndpoint) return endpointHop(HopKind.INTERFACE_ENDPOINT, origin, Code.VPCE_INTRA_VPC_TRAFFIC);
  const c = checkUp(origin);
  if (c) return c;
  // TRACE-15: loopback never leaves the host; the ENI's own address is delivered inside it.
  if (isLoopbackDestination()) return fail(HopKind.NETWORK_INTERFACE, HopComponent.InstanceOrInterface, origin, Code.VPCSIM_LOOPBACK_DESTINATION, NONE);
  const host = hostHolding(origin);
  if (host >= 0) return insideHost(host);
  // NACL-12: instances and user-created ENIs talk to the Amazon-provided services on their host.
  if (kind == EniKind.Instance || kind == EniKind.Interface) {
    const v = eni(origin, EniField.Vpc);
    const service = v >= 0 ? amazonProvidedServiceAt(v) : -1;
    if (service >= 0) return toAmazonProvidedService(origin, service);
  }
  return leaveEni(origin);
}

/** TRACE-15: 127.0.0.0/8 (RFC 1122 3.2.1.3) or ::1 (RFC 4291 2.5.3). */
function isLoopbackDestination(): bool {
  if (packet.family == 4) return (packet.dst0 >>> 24) == 127;
  return packet.dst0 == 0 && packet.dst1 == 0 && packet.dst2 == 0 && packet.dst3 == 1;
}

/**
 * TRACE-15: the ENI of `e`'s host (`e` itself, or another ENI of its instance) that holds the packet's
 * destination as a private address, or NONE.
 */
function hostHolding(e: i32): i32 {
  if (ownsDestination(e)) return e;
  const instance = eni(e, EniField.Owner);
  if (eni(e, EniField.Kind) != EniKind.Instance || instance < 0 || (eni(e, EniField.Flags) & EniFlag.SoleOfInstance)) return NONE;
  const v = eni(e, EniField.Vpc);
  // AWS: every network interface of an instance is in the instance's VPC.
  const d = v >= 0 ? ownerInVpc(v, packet.family, packet.dst0, packet.dst1, packet.dst2, packet.dst3) : NONE;
  return d >= 0 && eni(d, EniField.Kind) == EniKind.Instance && eni(d, EniField.Owner) == instance ? d : NONE;
}

/** TRACE-15 CHOICE: a packet to its host's own address is delivered by the host: one hop, no security group, ACL or route. */
function insideHost(e: i32): i32 {
  const c = pass(HopKind.NETWORK_INTERFACE, HopComponent.InstanceOrInterface, e, NONE, HopNote.InsideHost);
  if (c) return c;
  arrive(ARRIVE_ENI, e);
  return 0;
}

/**
 * TRACE-12 / RT-10: an ENI that is down in the scenario (itself, its instance, subnet or AZ: MC-1,
 * MC-2) or whose instance is not running cannot send or receive. GW-13: a NAT gateway's ENI down names
 * the NAT gateway.
 */
// @ts-ignore: decorator
@inline function checkUp(e: i32): i32 {
  // Inline: the walk asks at every ENI, and nearly always the answer is "up" (no down set, running).
  if (!downActive && !(eni(e, EniField.Flags) & EniFlag.Stopped)) return 0;
  return checkUpOrDown(e);
}

/** checkUp when something is down or the instance is stopped. */
function checkUpOrDown(e: i32): i32 {
  if (downActive && eniDown(e)) {
    const nat = eni(e, EniField.Owner);
    const root = eniDownRoot(e);
    if (eni(e, EniField.Kind) == EniKind.NatGateway && nat >= 0) return fail(HopKind.NAT_GATEWAY, HopComponent.NatGateway, nat, Code.BAD_STATE, NONE, HopNote.ZoneDown, root, downRootIndex);
    return fail(HopKind.NETWORK_INTERFACE, HopComponent.InstanceOrInterface, e, Code.BAD_STATE, NONE, HopNote.Down, root, downRootIndex);
  }
  if (eni(e, EniField.Flags) & EniFlag.Stopped) return fail(HopKind.NETWORK_INTERFACE, HopComponent.InstanceOrInterface, e, Code.BAD_STATE, NONE);
  return 0;
}

/** NACL-12: no security group, network ACL or route table is involved, in either direction. */
function toAmazonProvidedService(e: i32, service: i32): i32 {
  const c = pass(HopKind.AWS_SERVICE, HopComponent.AmazonService, service, NONE);
  if (c) return c;
  arriveAtAmazonService(e, service);
  return 0;
}

// ---- leave an ENI: security groups (SG-*) ---------------------------------------------------------

/** A packet leaves an ENI: its security groups' egress rules, then its subnet's route table. */
function leaveEni(e: i32): i32 {
  const c = checkSecurityGroups(e, true);
  if (c) return c;
  return routeFrom(eni(e, EniField.Subnet), e);
}

/** ENI `e`'s security groups, egress or ingress rules (SG-1..7); a passing packet is tracked for its reply. */
function checkSecurityGroups(e: i32, egress: bool): i32 {
  if (!hasSecurityGroups(e)) return 0;
  const kind = egress ? HopKind.SECURITY_GROUP_EGRESS : HopKind.SECURITY_GROUP_INGRESS;
  // SG-7: the response to a tracked flow is allowed whatever the rules of this direction.
  if (direction == 1 && isReply(e)) return pass(kind, HopComponent.SecurityGroupOfInterface, e, NONE);
  // SG-5 / SG-6: how the packet got here decides whether other VPCs' groups may be referenced.
  setReferencing(ingress == INGRESS_PEERING, ingress == INGRESS_TRANSIT_GATEWAY, ingress == INGRESS_TRANSIT_GATEWAY && tgwPathAllowsReferencing(), viaAppliance);
  if (!sgAllows(e, egress)) {
    const code = sgNoRules ? Code.SG_HAS_NO_RULES : sgReferencingBlocked ? Code.SG_REFERENCING_SUPPORT : Code.ENI_SG_RULES_MISMATCH;
    const c = block(kind, HopComponent.SecurityGroupOfInterface, e, code, NONE);
    if (c) return c;
    // TRACE-8 allBlocking: a blocked flow goes on as if allowed, so its response is tracked too.
    track(e, 0, 0);
    return 0;
  }
  track(e, 0, 0);
  return pass(kind, HopComponent.SecurityGroup, NONE, sgAllowingRule);
}

/** SG-16: NAT gateway, TGW attachment and firewall endpoint ENIs have none. */
function hasSecurityGroups(e: i32): bool {
  const kind = eni(e, EniField.Kind);
  return kind == EniKind.Instance || kind == EniKind.Interface || kind == EniKind.VpcEndpoint;
}

// ---- route: the subnet's route table (RT-*), network ACLs between subnets (NACL-*) -----------------

/** Route lookup in subnet `s`'s route table (RT-16: the table of the subnet the packet is in). */
export function routeFrom(s: i32, fromEni: i32): i32 {
  const v = subnet(s, SubnetField.Vpc);
  const rt = subnet(s, SubnetField.RouteTable);
  // RT-16: two ENIs of one subnet talk directly through the local route, never redirected.
  if (inSubnet(s)) {
    const owner = ownerInVpc(v, packet.family, packet.dst0, packet.dst1, packet.dst2, packet.dst3);
    if (owner >= 0 && eni(owner, EniField.Subnet) == s && owner != fromEni) {
      const c = pass(HopKind.ROUTE_TABLE, rt >= 0 ? HopComponent.RouteTable : HopComponent.None, rt, NONE, HopNote.None, s);
      if (c) return c;
      return arriveAtEni(owner);
    }
  }
  if (rt < 0) return fail(HopKind.ROUTE_TABLE, HopComponent.Subnet, s, Code.NO_ROUTE_TO_DESTINATION, NONE);
  const route = lookupRoute(rt);
  if (route < 0) return fail(HopKind.ROUTE_TABLE, HopComponent.RouteTable, rt, Code.NO_ROUTE_TO_DESTINATION, NONE);
  const r = record(Section.Route, RouteField.Stride, route);
  // RT-10, RT-11: a blackhole route wins LPM and drops.
  if (field(r, RouteField.Blackhole)) return fail(HopKind.ROUTE_TABLE, HopComponent.RouteTable, rt, Code.BAD_STATE_ROUTE, route);
  const target = field(r, RouteField.Target);
  const c = pass(HopKind.ROUTE_TABLE, HopComponent.RouteTable, rt, route, HopNote.None, NONE, routeInfo);
  if (c) return c;
  return routeTarget(target, field(r, RouteField.TargetRef), field(r, RouteField.Detail), s, v, rt, route);
}

/** NACL-10: outbound rules of the subnet left, inbound rules of the subnet entered; none within one subnet. */
// @ts-ignore: decorator
@inline export function crossSubnets(from: i32, to: i32): i32 {
  if (from >= 0 && from == to) return 0;
  if (from >= 0) {
    const c = checkNacl(from, true);
    if (c) return c;
  }
  if (to >= 0) return checkNacl(to, false);
  return 0;
}

/** Subnet `s`'s network ACL, outbound (`egress`) or inbound rules (NACL-5..8). */
// @ts-ignore: decorator
@inline function checkNacl(s: i32, egress: bool): i32 {
  const acl = subnet(s, SubnetField.Nacl);
  if (acl < 0) return 0;
  const kind = egress ? HopKind.NETWORK_ACL_OUTBOUND : HopKind.NETWORK_ACL_INBOUND;
  if (!naclAllows(acl, egress)) return block(kind, HopComponent.NetworkAcl, acl, Code.SUBNET_ACL_RESTRICTION, naclDecidingEntry, HopNote.None, s);
  return pass(kind, HopComponent.NetworkAcl, acl, naclDecidingEntry, HopNote.None, s);
}

// ---- route targets (RT-9) -------------------------------------------------------------------------

/** What happens after a route is picked: one branch per target kind (RT-9). */
function routeTarget(target: i32, ref: i32, detail: i32, from: i32, v: i32, rt: i32, route: i32): i32 {
  switch (target) {
    case RouteTarget.Local:
      return deliverInVpc(v, from);
    case RouteTarget.InternetGateway:
      return toInternetGateway(ref, from, v, rt, route);
    case RouteTarget.EgressOnlyInternetGateway:
      return toEgressOnlyInternetGateway(ref, from, v, rt, route);
    case RouteTarget.NatGateway: {
      if (ref < 0) return badTarget(rt, route);
      const nat = record(Section.NatGateway, NatGatewayField.Stride, ref);
      if (field(nat, NatGatewayField.Deleted)) return badTarget(rt, route);
      const e = field(nat, NatGatewayField.Eni);
      if (e < 0) return badTarget(rt, route, HopNote.TargetWithoutInterface);
      // GW-12: the NAT subnet's NACL applies to traffic into the NAT gateway.
      const c = crossSubnets(from, eni(e, EniField.Subnet));
      if (c) return c;
      return arriveAtEni(e);
    }
    case RouteTarget.Peering:
      return toPeering(ref, from, v, rt, route);
    case RouteTarget.FirewallEndpoint:
    // NFW-1: the endpoint's ENI, in its subnet (NACL-11), like an ENI target.
    // falls through
    case RouteTarget.NetworkInterface: {
      if (ref < 0) return badTarget(rt, route, target == RouteTarget.FirewallEndpoint ? HopNote.TargetWithoutInterface : HopNote.TargetMissing);
      // An instance target must be running (RT-10); a stopped ENI target fails at the ENI (TRACE-12).
      if (detail == 1 && (eni(ref, EniField.Flags) & EniFlag.Stopped)) return badTarget(rt, route, HopNote.TargetState);
      const c = crossSubnets(from, eni(ref, EniField.Subnet));
      if (c) return c;
      return arriveAtEni(ref);
    }
    case RouteTarget.Blackhole:
      return badTarget(rt, route);
    case RouteTarget.TransitGateway:
      return toTransitGateway(ref, from, rt, route);
    case RouteTarget.VpcEndpoint:
      return toGatewayEndpoint(ref, from, v, rt, route);
    case RouteTarget.VpnGateway:
      return toVpnGatewayTarget(ref, from, v, rt, route);
  }
  return VERDICT_UNSUPPORTED;
}

/** RT-10 after the route hop: the route's target is missing or unusable (`why`: a HopNote for the answer). */
export function badTarget(rt: i32, route: i32, why: i32 = HopNote.TargetMissing): i32 {
  return fail(HopKind.ROUTE_TABLE, HopComponent.RouteTable, rt, Code.BAD_STATE_ROUTE, route, why);
}

/** PCX-2..4: active only; source in the sending VPC and destination in the receiving VPC. */
function toPeering(pcx: i32, from: i32, v: i32, rt: i32, route: i32): i32 {
  if (pcx < 0) return badTarget(rt, route);
  const p = record(Section.Peering, PeeringField.Stride, pcx);
  const requester = field(p, PeeringField.RequesterVpc);
  const accepter = field(p, PeeringField.AccepterVpc);
  if (requester != v && accepter != v) return badTarget(rt, route);
  if (!field(p, PeeringField.Active)) return badTarget(rt, route, HopNote.TargetState);
  const peer = requester == v ? accepter : requester;
  if (peer < 0) return badTarget(rt, route, HopNote.PeerVpcMissing);
  if (ingress != INGRESS_VPC || !inVpcCidr(v, packet.src0, packet.src1, packet.src2, packet.src3)) {
    return fail(HopKind.VPC_PEERING_CONNECTION, HopComponent.Peering, pcx, Code.PCX_REQUIRES_ADDRESS_IN_VPC_CIDR, NONE, HopNote.None, v);
  }
  if (!inVpcCidr(peer, packet.dst0, packet.dst1, packet.dst2, packet.dst3)) {
    return fail(HopKind.VPC_PEERING_CONNECTION, HopComponent.Peering, pcx, Code.PCX_REQUIRES_ADDRESS_IN_VPC_CIDR, NONE, HopNote.Other, peer);
  }
  let c = crossSubnets(from, NONE);
  if (c) return c;
  c = pass(HopKind.VPC_PEERING_CONNECTION, HopComponent.Peering, pcx, NONE, HopNote.None, peer);
  if (c) return c;
  setIngress(INGRESS_PEERING);
  return deliverInVpc(peer, NONE);
}

/** The route to a gateway endpoint (VPCE-3): into the AWS service behind it. */
function toGatewayEndpoint(ep: i32, from: i32, v: i32, rt: i32, route: i32): i32 {
  if (ep < 0) return badTarget(rt, route);
  const r = record(Section.VpcEndpoint, VpcEndpointField.Stride, ep);
  if (field(r, VpcEndpointField.Vpc) != v) return badTarget(rt, route);
  if (field(r, VpcEndpointField.Type) != VpcEndpointType.Gateway) return fail(HopKind.GATEWAY_ENDPOINT, HopComponent.VpcEndpoint, ep, Code.NO_PATH, NONE);
  // VPCE-5 / PCX-4: only traffic from inside the VPC may use a gateway endpoint.
  if (ingress != INGRESS_VPC) {
    return fail(HopKind.GATEWAY_ENDPOINT, HopComponent.VpcEndpoint, ep, ingress == INGRESS_PEERING ? Code.PCX_REQUIRES_ADDRESS_IN_VPC_CIDR : Code.CANNOT_ROUTE, NONE);
  }
  // VPCE-6: TCP and ICMP echo only; CHOICE: IPv4 only.
  const icmpEcho = packet.protocol == ICMP && (packet.icmpType == 8 || packet.icmpType == 0);
  let c = 0;
  if (packet.family != 4 || (packet.protocol != TCP && !icmpEcho)) {
    c = block(HopKind.GATEWAY_ENDPOINT, HopComponent.VpcEndpoint, ep, Code.VPCE_GATEWAY_PROTOCOL_RESTRICTION, NONE);
    if (c) return c;
  }
  // VPCE-7 CHOICE: the policy is reduced to allow/deny.
  if (field(r, VpcEndpointField.PolicyDeny)) {
    c = block(HopKind.GATEWAY_ENDPOINT, HopComponent.VpcEndpoint, ep, Code.VPCSIM_ENDPOINT_POLICY_DENY, NONE);
    if (c) return c;
  }
  c = crossSubnets(from, NONE);
  if (c) return c;
  c = pass(HopKind.GATEWAY_ENDPOINT, HopComponent.VpcEndpoint, ep, NONE);
  if (c) return c;
  c = pass(HopKind.AWS_SERVICE, HopComponent.ServiceOfEndpoint, ep, NONE);
  if (c) return c;
  arrive(ARRIVE_AWS_SERVICE, ep);
  return 0;
}

// ---- deliver into a VPC ---------------------------------------------------------------------------

/** The local route: deliver to the ENI holding the destination address in VPC `v`. */
export function deliverInVpc(v: i32, from: i32): i32 {
  const owner = ownerInVpc(v, packet.family, packet.dst0, packet.dst1, packet.dst2, packet.dst3);
  if (owner < 0) return fail(HopKind.NETWORK_INTERFACE, HopComponent.Vpc, v, Code.UNKNOWN_DESTINATION, NONE);
  const c = crossSubnets(from, eni(owner, EniField.Subnet));
  if (c) return c;
  return arriveAtEni(owner);
}

/** RT-15: traffic entering through an IGW or VGW follows the gateway's route table `grt`, if any, else the local route. */
export function intoVpcThroughEdge(grt: i32, v: i32): i32 {
  if (grt >= 0) {
    const route = lookupRoute(grt);
    if (route >= 0) {
      const r = record(Section.Route, RouteField.Stride, route);
      const target = field(r, RouteField.Target);
      if (target != RouteTarget.Local && !field(r, RouteField.Blackhole)) {
        const c = pass(HopKind.GATEWAY_ROUTE_TABLE, HopComponent.RouteTable, grt, route);
        if (c) return c;
        return routeTarget(target, field(r, RouteField.TargetRef), field(r, RouteField.Detail), NONE, v, grt, route);
      }
    }
  }
  return deliverInVpc(v, NONE);
}

// ---- arrive at an ENI -----------------------------------------------------------------------------

/** A packet reaches an ENI (the inbound NACL of its subnet was already checked). */
function arriveAtEni(e: i32): i32 {
  let c = checkUp(e);
  if (c) return c;
  const kind = eni(e, EniField.Kind);
  if (kind == EniKind.NatGateway) return natGateway(e);
  if (kind == EniKind.TransitGatewayAttachment) return fail(HopKind.NETWORK_INTERFACE, HopComponent.NetworkInterface, e, Code.NO_PATH, NONE);
  if (kind == EniKind.FirewallEndpoint) return firewallEndpoint(e);
  if (kind == EniKind.VpcEndpoint) return arriveAtInterfaceEndpoint(e);
  const own = ownsDestination(e);
  // RT-13: an ENI with source/destination check drops packets not addressed to it.
  if (!own && (eni(e, EniField.Flags) & EniFlag.SourceDestCheck)) {
    c = block(HopKind.NETWORK_INTERFACE, HopComponent.NetworkInterface, e, Code.ENI_SOURCE_DEST_CHECK_RESTRICTION, NONE);
    if (c) return c;
  }
  // TGW-13: a router appliance is stateful; a reply the transit gateway sent to an AZ whose appliance
  // never saw the request (appliance mode off on the attachment) is dropped.
  if (!own && direction == 1 && ingress == INGRESS_TRANSIT_GATEWAY && !isReply(e)) {
    const att = tgwAsymmetricAttachment();
    if (att >= 0) {
      c = block(HopKind.TRANSIT_GATEWAY_ATTACHMENT, HopComponent.TransitGatewayAttachment, att, Code.TGW_ATTACH_VPC_AZ_RESTRICTION, NONE, HopNote.None, e);
      if (c) return c;
    }
  }
  c = checkSecurityGroups(e, false);
  if (c) return c;
  c = pass(HopKind.NETWORK_INTERFACE, HopComponent.InstanceOrInterface, e, NONE, own ? HopNote.None : HopNote.Forwards);
  if (c) return c;
  if (own) {
    arrive(ARRIVE_ENI, e);
    return 0;
  }
  // RT-14 CHOICE: a router appliance forwards with its own subnet's route table.
  // SG-4: from here on the packet is sent by the appliance, not by the ENI holding its source address.
  setViaAppliance();
  return leaveEni(e);
}

/** An interface endpoint ENI receives the packet: TCP only (VPCE-11), then its security groups. */
function arriveAtInterfaceEndpoint(e: i32): i32 {
  if (packet.protocol != TCP) {
    const b = endpointBlock(HopKind.INTERFACE_ENDPOINT, e, Code.PROTOCOL_RESTRICTION);
    if (b) return b;
  }
  const c = checkSecurityGroups(e, false);
  if (c) return c;
  const p = endpointHop(HopKind.INTERFACE_ENDPOINT, e, Code.REACHABLE);
  if (p) return p;
  arrive(ARRIVE_ENI, e);
  return 0;
}

/** The endpoint an interface endpoint ENI belongs to names its hops; without one, the ENI. */
function endpointHop(kind: i32, e: i32, code: i32): i32 {
  const ep = eni(e, EniField.Owner);
  const component = ep >= 0 ? HopComponent.VpcEndpoint : HopComponent.NetworkInterface;
  const id = ep >= 0 ? ep : e;
  return code == Code.REACHABLE ? pass(kind, component, id, NONE) : fail(kind, component, id, code, NONE);
}

/** As endpointHop, for a blocker the walk can go past (TRACE-8). */
function endpointBlock(kind: i32, e: i32, code: i32): i32 {
  const ep = eni(e, EniField.Owner);
  return block(kind, ep >= 0 ? HopComponent.VpcEndpoint : HopComponent.NetworkInterface, ep >= 0 ? ep : e, code, NONE);
}

// ---- the response's other starts ------------------------------------------------------------------

/** The service's reply comes back through the same gateway endpoint into its VPC. */
function fromAwsService(ep: i32): i32 {
  const c = pass(HopKind.GATEWAY_ENDPOINT, HopComponent.VpcEndpoint, ep, NONE, HopNote.Inbound);
  if (c) return c;
  return deliverInVpc(field(record(Section.VpcEndpoint, VpcEndpointField.Stride, ep), VpcEndpointField.Vpc), NONE);
}

/** NACL-12: the host service's reply, straight back to ENI `e`. */
function fromAmazonProvidedService(e: i32, service: i32): i32 {
  let c = pass(HopKind.AWS_SERVICE, HopComponent.AmazonService, service, NONE, HopNote.Reply);
  if (c) return c;
  c = pass(HopKind.NETWORK_INTERFACE, HopComponent.InstanceOrInterface, e, NONE, HopNote.Reply);
  if (c) return c;
  arrive(ARRIVE_ENI, e);
  return 0;
}
