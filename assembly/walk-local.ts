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
import { HopComponent, HopKind } from '../abi/hops';
import { EniField, EniFlag, RouteTableField, Section, SubnetField } from '../abi/image';
import { ownerInVpc4 } from './address-index';
import { amazonProvidedServiceAt, inSubnet4 } from './address-ownership';
import { downActive } from './down-set';
import { field, record, recordCount, subnet } from './image';
import { ICMP, ICMPV6, TCP, UDP, packet } from './packet';
import { setFlowOrigin, setReferencing, sgRefusalHeld } from './sg';
import { NOT_LOCAL } from './walk-reply';
import { localFlowHops, localFlowRefused } from './walk-state';
import { forwardTrackingLive } from './walk-tracking';

/**
 * Walks flow (ENI `origin`, IPv4, TRACE-13's `destination` or NONE) of the local class, the packet
 * set, in an untraced batch without allBlocking (walk.ts tests them): the verdict, the hop counts in
 * walk-state.ts; or NOT_LOCAL, nothing changed, when a fact does not hold.
 */
export function localFlow4(origin: i32, destination: i32): i32 {
  if (downActive) return NOT_LOCAL;
  if (<u32>origin >= <u32>recordCount(Section.Eni)) return NOT_LOCAL;
  const o = record(Section.Eni, EniField.Stride, origin);
  // The route first (most other flows leave the VPC): the table's local route holds the destination,
  // nothing more specific (route-lookup.ts lookupRoute4's shortcut).
  const s = field(o, EniField.Subnet);
  const rt = subnet(s, SubnetField.RouteTable);
  if (rt < 0) return NOT_LOCAL;
  const table = record(Section.RouteTable, RouteTableField.Stride, rt);
  if (field(table, RouteTableField.LocalRoute4) < 0) return NOT_LOCAL;
  const a = packet.dst0;
  if (((a ^ <u32>field(table, RouteTableField.LocalAddr4)) & <u32>field(table, RouteTableField.LocalMask4)) != 0) return NOT_LOCAL;
  // The origin: an instance's sole ENI or an interface, up, holding its primary (not 0) alone (TRACE-12,
  // TRACE-15), its subnet's ACL and table as the owner's below (EniFlag.IntraVpc4).
  const flags = field(o, EniField.Flags);
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
  const responds = respondsTo(packet.protocol);
  if (responds) {
    if (!forwardTrackingLive()) return NOT_LOCAL;
  }
  // Decided: the groups, as the steps check them (sg.ts reads the origin and the referencing bits).
  setFlowOrigin(origin);
  setReferencing(false, false, false, false);
  const out = sgRefusalHeld(origin, true, owner, ownerFlags, v);
  if (out) return refused(0, HopKind.SECURITY_GROUP_EGRESS, origin, out);
  // Egress, route table, the two ACLs between subnets.
  const forward = across ? 4 : 2;
  const into = sgRefusalHeld(owner, false, origin, flags, v);
  if (into) return refused(forward, HopKind.SECURITY_GROUP_INGRESS, owner, into);
  // Ingress and the ENI; the response: egress reply, route table, the ACLs, ingress reply, the origin.
  localFlowHops(forward + 2, responds ? forward + 2 : 0);
  return 0;
}

/** TRACE-5: a TCP, UDP or echo request packet of protocol `p` has a response (walk.ts: TCP and UDP, echoReplyType). */
// @ts-ignore: decorator
@inline function respondsTo(p: i32): bool {
  switch (p) {
    case TCP:
    case UDP:
      return true;
    case ICMP:
      return packet.icmpType == 8;
    case ICMPV6:
      return packet.icmpType == 128;
  }
  return false;
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
