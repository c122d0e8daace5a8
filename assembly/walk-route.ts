// Routing in the walk (part of the packet walk, walk.ts): the route table of the subnet the packet
// is in (RT-3, RT-16), one branch per route target kind (RT-9), the network ACLs between subnets on
// the way (NACL-10), peering (PCX-*), gateway endpoints (VPCE-3..7), and local delivery into a VPC
// (with RT-15's gateway route table first).
import { VERDICT_UNSUPPORTED } from '../abi/batch';
import { HopComponent, HopNote, HopKind } from '../abi/hops';
import { EniField, EniFlag, NACL_INTRA_VPC4, NaclField, Section, SubnetField } from '../abi/image';
import { RouteField, RouteTarget } from '../abi/image-routes';
import { NatGatewayField, PeeringField, VpcEndpointField, VpcEndpointType } from '../abi/image-gateways';
import { Code } from '../abi/codes';
import { NONE } from '../abi/version';
import { ownerInVpc4 } from './address-index';
import { inSubnet, inSubnet4, inVpcCidr, ownerOfDestinationInVpc } from './address-ownership';
import { eni, field, record, subnet } from './image';
import { toEgressOnlyInternetGateway, toInternetGateway } from './internet-gateway';
import { naclAllows, naclAllows4, naclDecidingEntry } from './nacl';
import { toVpnGatewayTarget } from './on-premises';
import { ICMP, TCP, packet } from './packet';
import { lookupRoute, lookupRouteAhead4, routeInfo } from './route-lookup';
import { flowOrigin } from './sg';
import { toTransitGateway } from './transit-gateway';
import { arriveAtEni, arriveAtOwner, arriveAtOwner4 } from './walk-eni';
import {
  ARRIVE_AWS_SERVICE,
  INGRESS_PEERING,
  INGRESS_VPC,
  arrive,
  block,
  fail,
  ingress,
  pass,
  passesWithinLimit,
  setIngress,
  setLocalFrom,
  setPeeredFrom,
} from './walk-state';

/** Route lookup in subnet `s`'s route table (RT-16: the table of the subnet the packet is in). */
export function routeFrom(s: i32, fromEni: i32): i32 {
  // The family tested once, a copy per family: IPv4's subnet test, owner and route lookups inline (with
  // the family a run-time value, V8 merged the two subnet tests' bools and tested the result again).
  return packet.family == 4 ? routeFromOf<Ipv4>(s, fromEni) : routeFromOf<Ipv6>(s, fromEni);
}

/** routeFrom for an IPv4 packet (a caller that tested the family). */
export function routeFrom4(s: i32, fromEni: i32): i32 {
  return routeFromOf<Ipv4>(s, fromEni);
}

// routeFromOf's two copies, told apart at compile time by their type argument's size (as leave's in walk-eni.ts).
type Ipv4 = u8;
type Ipv6 = u32;

function routeFromOf<Family>(s: i32, fromEni: i32): i32 {
  const four = sizeof<Family>() == 1;
  const v = subnet(s, SubnetField.Vpc);
  const rt = subnet(s, SubnetField.RouteTable);
  // RT-16: two ENIs of one subnet talk directly through the local route, never redirected.
  if (four ? inSubnet4(s) : inSubnet(s)) {
    const owner = four ? ownerInVpc4(v, packet.dst0) : ownerOfDestinationInVpc(v);
    if (owner >= 0 && eni(owner, EniField.Subnet) == s && owner != fromEni) {
      const c = pass(HopKind.ROUTE_TABLE, rt >= 0 ? HopComponent.RouteTable : HopComponent.None, rt, NONE, HopNote.None, s);
      if (c) return c;
      setLocalFrom(fromEni);
      return four ? arriveAtOwner4(owner) : arriveAtOwner(owner);
    }
  }
  if (rt < 0) return fail(HopKind.ROUTE_TABLE, HopComponent.Subnet, s, Code.NO_ROUTE_TO_DESTINATION, NONE);
  const route = four ? lookupRouteAhead4(rt) : lookupRoute(rt);
  if (route < 0) return fail(HopKind.ROUTE_TABLE, HopComponent.RouteTable, rt, Code.NO_ROUTE_TO_DESTINATION, NONE);
  const r = record(Section.Route, RouteField.Stride, route);
  // RT-10, RT-11: a blackhole route wins LPM and drops.
  if (field(r, RouteField.Blackhole)) return fail(HopKind.ROUTE_TABLE, HopComponent.RouteTable, rt, Code.BAD_STATE_ROUTE, route);
  const target = field(r, RouteField.Target);
  const c = pass(HopKind.ROUTE_TABLE, HopComponent.RouteTable, rt, route, HopNote.None, NONE, routeInfo);
  if (c) return c;
  // The local route, most routes taken, straight to delivery (routeTarget's first case, without its call).
  if (target == RouteTarget.Local) {
    setLocalFrom(fromEni);
    return four ? deliverInVpc4(v, s) : deliverInVpc(v, s);
  }
  // A peering route from the origin may take the packet to the ENI it arrives at (walk-reply.ts).
  if (target == RouteTarget.Peering) setPeeredFrom(fromEni, field(r, RouteField.TargetRef));
  return routeTarget(target, field(r, RouteField.TargetRef), field(r, RouteField.Detail), s, v, rt, route);
}

/** NACL-10: outbound rules of the subnet left, inbound rules of the subnet entered; none within one subnet. */
// @ts-ignore: decorator
@inline export function crossSubnets(from: i32, to: i32): i32 {
  if (from >= 0) {
    if (from == to) return 0;
    const c = checkNacl(from, true);
    if (c) return c;
  }
  if (to >= 0) return checkNacl(to, false);
  return 0;
}

/** crossSubnets for an IPv4 packet (a caller that knows the family: the ACL checks do not test it again). */
// @ts-ignore: decorator
@inline export function crossSubnets4(from: i32, to: i32): i32 {
  if (from >= 0) {
    if (from == to) return 0;
    const c = checkNaclOf<Ipv4>(from, true);
    if (c) return c;
  }
  if (to >= 0) return checkNaclOf<Ipv4>(to, false);
  return 0;
}

/** Subnet `s`'s network ACL, outbound (`egress`) or inbound rules (NACL-5..8). */
// @ts-ignore: decorator
@inline function checkNacl(s: i32, egress: bool): i32 {
  return checkNaclOf<AnyFamily>(s, egress);
}

// checkNaclOf's family: IPv4, or tested at run time.
type AnyFamily = u16;

// @ts-ignore: decorator
@inline function checkNaclOf<Family>(s: i32, egress: bool): i32 {
  const acl = subnet(s, SubnetField.Nacl);
  if (acl < 0) return 0;
  const kind = egress ? HopKind.NETWORK_ACL_OUTBOUND : HopKind.NETWORK_ACL_INBOUND;
  const allowed = sizeof<Family>() == 1 ? naclAllows4(acl, egress) : naclAllows(acl, egress);
  if (!allowed) return block(kind, HopComponent.NetworkAcl, acl, Code.SUBNET_ACL_RESTRICTION, naclDecidingEntry, HopNote.None, s);
  return pass(kind, HopComponent.NetworkAcl, acl, naclDecidingEntry, HopNote.None, s);
}

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
  if (ingress != INGRESS_VPC || !sourceInVpc(v)) {
    return fail(HopKind.VPC_PEERING_CONNECTION, HopComponent.Peering, pcx, Code.PCX_REQUIRES_ADDRESS_IN_VPC_CIDR, NONE, HopNote.None, v);
  }
  // The local route's owner lookup in the peer, first: an ENI holding the destination there holds it
  // inside the peer's CIDRs (ADDR-10), so only a destination no ENI holds needs the CIDR test.
  const owner = ownerOfDestinationInVpc(peer);
  if (owner < 0 && !inVpcCidr(peer, packet.dst0, packet.dst1, packet.dst2, packet.dst3)) {
    return fail(HopKind.VPC_PEERING_CONNECTION, HopComponent.Peering, pcx, Code.PCX_REQUIRES_ADDRESS_IN_VPC_CIDR, NONE, HopNote.Other, peer);
  }
  let c = crossSubnets(from, NONE);
  if (c) return c;
  c = pass(HopKind.VPC_PEERING_CONNECTION, HopComponent.Peering, pcx, NONE, HopNote.None, peer);
  if (c) return c;
  setIngress(INGRESS_PEERING);
  // deliverInVpc(peer, NONE) with its lookup made: the inbound ACL of the owner's subnet, the owner.
  if (owner < 0) return fail(HopKind.NETWORK_INTERFACE, HopComponent.Vpc, peer, Code.UNKNOWN_DESTINATION, NONE);
  c = crossSubnets(NONE, eni(owner, EniField.Subnet));
  if (c) return c;
  return arriveAtOwner(owner);
}

/**
 * PCX-3: the packet's source is inside VPC `v`'s CIDRs. For IPv4, the flow's origin first: an address it
 * holds as its primary lies in its subnet, inside its VPC's CIDRs (ADDR-5, ADDR-10); else the CIDR scan.
 * Each test a branch (as one condition, V8 made setcc / cmov chains).
 */
// @ts-ignore: decorator
@inline function sourceInVpc(v: i32): bool {
  if (packet.family == 4) {
    if (sourceIsOrigin4(v)) return true;
  }
  return inVpcCidr(v, packet.src0, packet.src1, packet.src2, packet.src3);
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

/** The local route: deliver to the ENI holding the destination address in VPC `v`. */
export function deliverInVpc(v: i32, from: i32): i32 {
  const owner = ownerOfDestinationInVpc(v);
  if (owner < 0) return fail(HopKind.NETWORK_INTERFACE, HopComponent.Vpc, v, Code.UNKNOWN_DESTINATION, NONE);
  return deliverToOwner(owner, from);
}

/** deliverInVpc for an IPv4 packet (routeFromOf<Ipv4>'s local route): the owner lookup and ACL checks without family tests. */
function deliverInVpc4(v: i32, from: i32): i32 {
  const owner = ownerInVpc4(v, packet.dst0);
  if (owner < 0) return fail(HopKind.NETWORK_INTERFACE, HopComponent.Vpc, v, Code.UNKNOWN_DESTINATION, NONE);
  const to = eni(owner, EniField.Subnet);
  // The destination is the owner's, inside v (ADDR-5, ADDR-10); the source, when it is the origin's primary in v.
  if (!(sourceIsOrigin4(v) && intraVpcOpen4(from, to))) {
    const c = crossSubnets4(from, to);
    if (c) return c;
  }
  return arriveAtOwner4(owner);
}

/**
 * NACL-10 between subnets `from` and `to` of one VPC, untraced, for a packet whose source and destination
 * both lie in the VPC's IPv4 CIDRs (the caller knows): when both subnets' ACLs hold NACL_INTRA_VPC4, both
 * checks allow (NACL-5..8), and their hops are counted here (none within one subnet). False, nothing
 * counted, when an ACL does not hold it, a subnet has none, or the walk is traced or near TRACE-11's
 * limit: the caller checks them. Each test a return (as one condition, V8 made setcc chains).
 */
// @ts-ignore: decorator
@inline export function intraVpcOpen4(from: i32, to: i32): bool {
  if (from == to) return true;
  const a = subnet(from, SubnetField.Nacl);
  const b = subnet(to, SubnetField.Nacl);
  // A subnet without an ACL has no hop (checkNaclOf): not counted here.
  if ((a | b) < 0) return false;
  const open = field(record(Section.Nacl, NaclField.Stride, a), NaclField.Open) & field(record(Section.Nacl, NaclField.Stride, b), NaclField.Open);
  if (!(open & NACL_INTRA_VPC4)) return false;
  return passesWithinLimit(2);
}

/**
 * The packet's IPv4 source is the flow origin's primary address and the origin is in VPC `v`, so the
 * source lies in v's CIDRs (ADDR-5, ADDR-10). Each test a branch.
 */
// @ts-ignore: decorator
@inline function sourceIsOrigin4(v: i32): bool {
  const o = flowOrigin;
  if (o < 0) return false;
  const e = record(Section.Eni, EniField.Stride, o);
  if (field(e, EniField.Vpc) != v) return false;
  if (<u32>field(e, EniField.PrimaryIp4) != packet.src0) return false;
  // PrimaryIp4 is 0 for an ENI without one (a second load of the word: it stays a branch).
  return packet.src0 != 0;
}

/** deliverInVpc past its lookup: ENI `owner` holds the destination (the local route delivers it from subnet `from`). */
// @ts-ignore: decorator
@inline function deliverToOwner(owner: i32, from: i32): i32 {
  const c = crossSubnets(from, eni(owner, EniField.Subnet));
  if (c) return c;
  return arriveAtOwner(owner);
}

/** deliverToOwner from outside the VPC for an IPv4 packet (the internet's, RT-15 without a gateway route table): the inbound ACL, the owner. */
export function deliverToOwner4(owner: i32): i32 {
  const c = crossSubnets4(NONE, eni(owner, EniField.Subnet));
  if (c) return c;
  return arriveAtOwner4(owner);
}

/**
 * RT-15: traffic entering through an IGW or VGW follows the gateway's route table `grt`, if any, else
 * the local route (to `owner` when the caller knows the ENI holding the destination in `v`).
 */
export function intoVpcThroughEdge(grt: i32, v: i32, owner: i32 = NONE): i32 {
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
  return owner >= 0 ? deliverToOwner(owner, NONE) : deliverInVpc(v, NONE);
}
