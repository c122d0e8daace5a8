// The local class of flows, untraced, in one pass (part of the packet walk, walk.ts): an instance or
// interface ENI sends IPv4 from its primary address to another ENI of its VPC, and the local route
// delivers it (about half the bench mix). The general walk decides such a flow in many steps, each
// written for every case (start, leave<Forward4>, routeFromOf<Ipv4>, deliverInVpc4, arriveAt<KnownOwner4>,
// then walk-reply.ts localReply). Here its facts are read first, without changing anything; when one
// of them does not hold (anything the steps would decide otherwise, or another class), NOT_LOCAL and the
// general walk runs. When all hold, what the steps would decide is:
//   start (walk.ts startFromHost): the origin up (not stopped; no down set), not the destination's
//     holder nor on its host (TRACE-15: its primary is not the destination, it holds no other IPv4
//     address, an instance's sole ENI), no loopback, no Amazon-provided service there (NACL-12);
//   the egress groups (SG-1..4): passed or refused, as leave<Forward4> checks them;
//   the route (RT-16 or RT-3): the destination's owner is in the origin's subnet (RT-16, or the local
//     route to the same subnet: no ACL) or the table's local route holds the destination with nothing
//     more specific (LocalRoute4: the route lookup's own shortcut);
//   the ACLs (NACL-10): none within one subnet; between two, both ACLs hold NACL_INTRA_VPC4 and the
//     source is the origin's primary in the VPC (ADDR-5, ADDR-10), so both allow (deliverInVpc4's test);
//   the owner (arriveAt<KnownOwner4>): up, an instance or interface ENI, holding the destination
//     (ownerInVpc4, ADDR-10); its ingress groups passed or refused; TRACE-13's destination, if named;
//   the response (walk-reply.ts localReply, TRACE-5): for TCP, UDP and echo requests, when the forward's
//     tracking is live at the response's clock and the owner's table is LocalInside (or one subnet).
// The per-ENI facts are compiled into one flag (EniFlag.IntraVpc4, src/compile/local-facts.ts): kind,
// state, addresses, its subnet's ACL and route table, for the origin and the owner alike.
// The hops are counted as the steps count them (forward 4 or 6; the response 4 or 6), a refusal is the
// same block() hop (blocked* for Monte Carlo, direction 0). Connection tracking is not written: the
// response here reads no entry, and the next flow starts an empty table (walk-state.ts forwardBegin).
// Nor is the packet swapped: the next flow sets it. test/walk-differential-local.test.ts holds both
// sides of each fact.
// Two refusals are decided here for any destination, before the local class's facts: egress groups not
// open to all IPv4 (egressFirst: AWS checks them before the route), and, for a flow leaving the origin's
// local route, no route (leaveVpc4: the LPM looked up here; a route found is the general walk's, which
// takes it instead of a second lookup). test/walk-differential-egress-first.test.ts holds their sides.
import { HopComponent, HopKind } from '../abi/hops';
import { Code } from '../abi/codes';
import { EniField, EniFlag, EniKind, Section, SubnetField } from '../abi/image';
import { RouteTableField } from '../abi/image-routes';
import { ownerInVpc4 } from './address-index';
import { amazonProvidedServiceAt } from './address-ownership';
import { downActive } from './down-set';
import { field, record, recordCount, subnet } from './image';
import { ICMP, ICMPV6, TCP, UDP, packet } from './packet';
import { setFlowOrigin, setReferencing, sgAllows, sgIntraIngressRefusal, sgRefusal } from './sg';
import { NOT_LOCAL } from './walk-reply';
import { localFlowHops, localFlowRefused } from './walk-state';
import { forwardTrackingLive } from './walk-tracking';
import { lpmLookup4 } from './lpm';
import { setAheadRoute } from './route-lookup';

/**
 * Walks flow (ENI `origin`, IPv4, TRACE-13's `destination` or NONE) of the local class, the packet
 * set, in an untraced batch without allBlocking (walk.ts tests them): the verdict, the hop counts in
 * walk-state.ts; or NOT_LOCAL, nothing changed, when a fact does not hold.
 */
export function localFlow4(origin: i32, destination: i32): i32 {
  if (downActive) return NOT_LOCAL;
  if (<u32>origin >= <u32>recordCount(Section.Eni)) return NOT_LOCAL;
  const o = record(Section.Eni, EniField.Stride, origin);
  // Egress groups not open to all IPv4 (EniFlag.EgressOpen4) first, wherever the packet goes: AWS checks
  // them before the route (SG-1..4, then RT-3), so their refusal needs none of the facts below. Past
  // this test the egress groups allow the packet.
  const flags = field(o, EniField.Flags);
  if (!(flags & EniFlag.EgressOpen4)) {
    const out = egressFirst(origin, o, flags);
    if (out != 0) return out;
  }
  // The route first (most other flows leave the VPC): the table's local route holds the destination,
  // nothing more specific (route-lookup.ts lookupRoute4's shortcut).
  const s = field(o, EniField.Subnet);
  const rt = subnet(s, SubnetField.RouteTable);
  if (rt < 0) return NOT_LOCAL;
  const table = record(Section.RouteTable, RouteTableField.Stride, rt);
  if (field(table, RouteTableField.LocalRoute4) < 0) return NOT_LOCAL;
  const a = packet.dst0;
  if (((a ^ <u32>field(table, RouteTableField.LocalAddr4)) & <u32>field(table, RouteTableField.LocalMask4)) != 0) return leaveVpc4(o, flags, rt, table, a);
  // The origin: an instance's sole ENI or an interface, up, holding its primary (not 0) alone (TRACE-12,
  // TRACE-15), its subnet's ACL and table as the owner's below (EniFlag.IntraVpc4).
  if (!(flags & EniFlag.IntraVpc4)) return NOT_LOCAL;
  const primary = <u32>field(o, EniField.PrimaryIp4);
  // The source is the origin's primary (ADDR-5, ADDR-10: inside its VPC's CIDRs; the response's destination).
  if (packet.src0 != primary) return NOT_LOCAL;
  if (a == primary) return NOT_LOCAL;
  if ((a >>> 24) == 127) return NOT_LOCAL;
  const v = subnet(s, SubnetField.Vpc);
  if (field(o, EniField.Vpc) != v) return NOT_LOCAL;
  // NACL-12: an address the host's services may have (startFromHost's two tests, each a branch), then the service.
  if ((a & 0xf) == 2) {
    if (amazonProvidedServiceAt(v) >= 0) return NOT_LOCAL;
  } else if ((a >>> 16) == 0xa9fe) {
    if (amazonProvidedServiceAt(v) >= 0) return NOT_LOCAL;
  }
  const owner = ownerInVpc4(v, a);
  if (owner < 0) return NOT_LOCAL;
  if (destination >= 0) {
    if (owner != destination) return NOT_LOCAL;
  }
  // The owner: as the origin (EniFlag.IntraVpc4): up, an instance or interface ENI; between two subnets
  // both ACLs hold NACL_INTRA_VPC4 (none is crossed within one), and its table is LocalInside for the
  // response (localReply), which comes when TRACE-5 asks for one and the forward's tracking is live.
  const d = record(Section.Eni, EniField.Stride, owner);
  if (field(d, EniField.Vpc) != v) return NOT_LOCAL;
  const ownerFlags = field(d, EniField.Flags);
  if (!(ownerFlags & EniFlag.IntraVpc4)) return NOT_LOCAL;
  const across = field(d, EniField.Subnet) != s;
  // TRACE-5's protocols, and (TCP, UDP) whether the ingress groups' entries serve the packet (sg.ts
  // sgIntraIngressRefusal: a port of 0-65535), both from one switch.
  let responds = false;
  let keyed = false;
  switch (packet.protocol) {
    case TCP:
    case UDP:
      responds = true;
      keyed = <u32>packet.dstPort <= 65535;
      break;
    case ICMP:
      responds = packet.icmpType == 8;
      break;
    case ICMPV6:
      responds = packet.icmpType == 128;
      break;
  }
  if (responds) {
    if (!forwardTrackingLive()) return NOT_LOCAL;
  }
  // Decided: the groups, as the steps check them (sg.ts reads the origin and the referencing bits).
  setFlowOrigin(origin);
  setReferencing(false, false, false, false);
  // The egress groups allowed it (EgressOpen4, or egressFirst). Egress, route table, the two ACLs between subnets.
  const forward = across ? 4 : 2;
  const into = sgIntraIngressRefusal(owner, origin, flags, v, keyed);
  if (into) return refused(forward, HopKind.SECURITY_GROUP_INGRESS, owner, into);
  // Ingress and the ENI; the response: egress reply, route table, the ACLs, ingress reply, the origin.
  localFlowHops(forward + 2, responds ? forward + 2 : 0);
  return 0;
}

/**
 * The forward packet from ENI `origin` (record `o`, `flags`: not EgressOpen4) past start's steps to its
 * egress groups (walk.ts startFromHost, IPv4, nothing down): 0 when they allow it, their refusal (the
 * flow's verdict: the first hop, forward, as leave<Forward4> blocks), or NOT_LOCAL when start would
 * decide otherwise or some other way (stopped, TRACE-15's host, loopback, an Amazon-provided service,
 * not an instance or interface ENI): the general walk then. Out of line: most origins' egress is open.
 */
function egressFirst(origin: i32, o: usize, flags: i32): i32 {
  if (!startsPlain4(o, flags, packet.dst0)) return NOT_LOCAL;
  // The groups as leave<Forward4> checks them (forwardBegin's origin; egress rules do not read how the
  // packet entered the VPC, sg.ts referencing).
  setFlowOrigin(origin);
  if (sgAllows(origin, true, true)) return 0;
  return refused(0, HopKind.SECURITY_GROUP_EGRESS, origin, sgRefusal(origin, true));
}

/**
 * walk.ts startFromHost's steps for an IPv4 packet to `a` from the ENI of record `o` (`flags`), nothing down,
 * go on to its egress groups: up, holding one IPv4 address, an interface or an instance's sole ENI (TRACE-12,
 * TRACE-15; SG-16: with groups), `a` not loopback, not its own address (TRACE-15), not an Amazon-provided
 * service on its host (NACL-12). Each test a return.
 */
// @ts-ignore: decorator
@inline export function startsPlain4(o: usize, flags: i32, a: u32): bool {
  if (flags & (EniFlag.Stopped | EniFlag.MoreIp4)) return false;
  const kind = field(o, EniField.Kind);
  if (kind != EniKind.Interface) {
    if (kind != EniKind.Instance) return false;
    if (!(flags & EniFlag.SoleOfInstance)) return false;
  }
  if ((a >>> 24) == 127) return false;
  if (a == <u32>field(o, EniField.PrimaryIp4)) return false;
  if ((a & 0xf) == 2) return !hostServiceAt(o);
  if ((a >>> 16) == 0xa9fe) return !hostServiceAt(o);
  return true;
}

/** NACL-12: an Amazon-provided service at the destination on the host of the ENI of record `o` (walk.ts hostService). */
function hostServiceAt(o: usize): bool {
  const v = field(o, EniField.Vpc);
  return v >= 0 && amazonProvidedServiceAt(v) >= 0;
}

/**
 * A flow whose destination `a` is outside its origin's local route (record `o`, `flags`; its subnet's
 * route table `rt` at `table`), its egress groups past (EgressOpen4 or egressFirst): the route lookup
 * (RT-3: the LPM; the local route does not hold `a`). A route: NOT_LOCAL (walk.ts then tries walk-peering.ts's
 * one pass with it), the general walk, which takes
 * the answer instead of a second LPM walk (route-lookup.ts aheadTable). No route, when start's steps go
 * on to the groups (startsPlain4) and RT-16 does not apply (`a` outside the subnet): NO_ROUTE_TO_DESTINATION
 * at the route table, after the egress hop, as routeFromOf fails.
 */
function leaveVpc4(o: usize, flags: i32, rt: i32, table: usize, a: u32): i32 {
  // The lookup first: most of these flows have a route, and its answer holds whatever start decides.
  const lpm = field(table, RouteTableField.Lpm4);
  if (lpm >= 0) {
    const route = <i32>lpmLookup4(<u32>lpm, a);
    if (route >= 0) {
      setAheadRoute(rt, a, route);
      return NOT_LOCAL;
    }
  }
  // RT-16 needs no test: the table holds a local route for each of its VPC's CIDRs (RT-2), so `a`, which no
  // route holds, is outside the subnet.
  if (!startsPlain4(o, flags, a)) return NOT_LOCAL;
  return localFlowRefused(1, HopKind.ROUTE_TABLE, HopComponent.RouteTable, rt, Code.NO_ROUTE_TO_DESTINATION);
}

/**
 * A security group check of ENI `e` refused the forward (`code`: sgRefusal's) after `n` passing hops: its
 * hop ends the flow (block()). Inline: as a call (with sgRefusal's second read of the rule count) it cost
 * a refused flow ~55 instructions.
 */
// @ts-ignore: decorator
@inline function refused(n: i32, kind: i32, e: i32, code: i32): i32 {
  return localFlowRefused(n, kind, HopComponent.SecurityGroupOfInterface, e, code);
}
