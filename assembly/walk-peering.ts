// The peering class of flows, untraced, in one pass (part of the packet walk, walk.ts; tried after
// walk-local.ts leaveVpc4 found a route, which may go to a VPC peering connection): an instance or
// interface ENI sends IPv4 from its primary address to an ENI of the peered VPC. The general walk decides
// such a flow in many steps (start, leave<Forward4>, routeFromOf<Ipv4>, routeTarget's toPeering,
// arriveAt<KnownOwner>, then walk-reply.ts peeringReply). As in walk-local.ts, the facts are read first,
// changing nothing; when one does not hold, NOT_LOCAL and the general walk (which takes the route found).
// When all hold, what the steps would decide is:
//   start (startsPlain4): the origin up, an interface or an instance's sole ENI holding one IPv4 address,
//     the destination not loopback, its own, nor an Amazon-provided service on its host (TRACE-12, TRACE-15,
//     NACL-12); the egress groups passed (the caller: EgressOpen4 or egressFirst);
//   the route (RT-3, RT-10): to connection `pcx`, not a blackhole;
//   the connection (PCX-2..4): active, the origin's VPC one side, the source the origin's primary (ADDR-5,
//     ADDR-10: inside its VPC's CIDRs), the destination held by an ENI of the peer VPC (ownerInVpc4,
//     ADDR-10: inside the peer's CIDRs), TRACE-13's destination if named;
//   the ACLs (NACL-5..10): the origin subnet's outbound and the owner subnet's inbound allowing, as naclAllows4
//     decides them (the IPv4 shortcut, else the scan; a denial is the general walk's); both subnets have an ACL;
//   the owner (arriveAt<KnownOwner>): up, an instance or interface ENI; its ingress groups with the packet
//     entered over the peering (SG-4, SG-5: sg.ts sgRefusalPeered), passed or refused;
//   the response (walk-reply.ts peeringReply, TRACE-5): for TCP, UDP and echo requests, the forward's
//     tracking live, the owner's VPC sending the origin's CIDRs back over `pcx` (ReplyRoutes4), the owner
//     subnet's outbound and the origin subnet's inbound ACL allowing: by their shortcuts (the origin's
//     address and the destination, no port read), else by the scans of the swapped packet (responseScans).
// Hops as the steps count them: forward egress, route table, outbound ACL, the connection, inbound ACL,
// ingress, the ENI (7); the response egress reply, route table, outbound ACL, the connection, inbound
// ACL, ingress reply, the origin (7). A refusal at the owner's groups is the block() hop after 5.
// test/walk-differential-peering.test.ts holds both sides of each fact.
import { HopComponent, HopKind } from '../abi/hops';
import { EniField, EniFlag, EniKind, NaclField, Section, SubnetField } from '../abi/image';
import { RouteField, RouteTarget } from '../abi/image-routes';
import { PEERING_REPLY_ACCEPTER, PEERING_REPLY_REQUESTER, PeeringField } from '../abi/image-gateways';
import { ownerInVpc4 } from './address-index';
import { naclAllows4 } from './nacl';
import { aheadRoute } from './route-lookup';
import { field, record, subnet } from './image';
import { ICMP, TCP, UDP, packet } from './packet';
import { setFlowOrigin, setReferencing, sgRefusalPeered } from './sg';
import { startsPlain4 } from './walk-local';
import { NOT_LOCAL } from './walk-reply';
import { localFlowHops, localFlowRefused, localForwardBegin, localReplyBegin } from './walk-state';
import { forwardTrackingLive } from './walk-tracking';

/**
 * The flow from ENI `origin` (TRACE-13's `destination` or NONE), the packet set, egress groups past, whose
 * route walk-local.ts leaveVpc4 just found (route-lookup.ts aheadRoute, for the packet's destination in the
 * origin subnet's table): the verdict and hop counts when it is a peering flow of the one pass (the caller
 * clears the answer made ahead, as forwardEnd does); else NOT_LOCAL, nothing changed.
 */
export function peeringFlow4(origin: i32, destination: i32): i32 {
  const r = record(Section.Route, RouteField.Stride, aheadRoute);
  if (field(r, RouteField.Target) != RouteTarget.Peering) return NOT_LOCAL;
  if (field(r, RouteField.Blackhole)) return NOT_LOCAL;
  const pcx = field(r, RouteField.TargetRef);
  if (pcx < 0) return NOT_LOCAL;
  const o = record(Section.Eni, EniField.Stride, origin);
  const flags = field(o, EniField.Flags);
  const a = packet.dst0;
  if (!startsPlain4(o, flags, a)) return NOT_LOCAL;
  // PCX-3's source: the origin's primary (not 0) in the subnet's VPC.
  const primary = <u32>field(o, EniField.PrimaryIp4);
  if (packet.src0 != primary) return NOT_LOCAL;
  if (primary == 0) return NOT_LOCAL;
  const s = field(o, EniField.Subnet);
  const v = subnet(s, SubnetField.Vpc);
  if (field(o, EniField.Vpc) != v) return NOT_LOCAL;
  // PCX-2: active, `v` one side; the peer the other.
  const p = record(Section.Peering, PeeringField.Stride, pcx);
  if (!field(p, PeeringField.Active)) return NOT_LOCAL;
  const requester = field(p, PeeringField.RequesterVpc);
  let peer: i32;
  let back: i32;
  if (requester == v) {
    peer = field(p, PeeringField.AccepterVpc);
    back = PEERING_REPLY_ACCEPTER;
  } else {
    if (field(p, PeeringField.AccepterVpc) != v) return NOT_LOCAL;
    peer = requester;
    back = PEERING_REPLY_REQUESTER;
  }
  if (peer < 0) return NOT_LOCAL;
  const owner = ownerInVpc4(peer, a);
  if (owner < 0) return NOT_LOCAL;
  if (destination >= 0) {
    if (owner != destination) return NOT_LOCAL;
  }
  const d = record(Section.Eni, EniField.Stride, owner);
  if (<u32>field(d, EniField.Kind) > <u32>EniKind.Interface) return NOT_LOCAL;
  if (field(d, EniField.Flags) & EniFlag.Stopped) return NOT_LOCAL;
  // The ACLs forward: out of the origin's subnet to `a`, into the owner's from the source.
  const out = subnet(s, SubnetField.Nacl);
  const into = subnet(field(d, EniField.Subnet), SubnetField.Nacl);
  if ((out | into) < 0) return NOT_LOCAL;
  // As the forward checks them (naclAllows4: the IPv4 shortcut, else the scan); a denial is the general walk's.
  localForwardBegin();
  if (!naclAllows4(out, true)) return NOT_LOCAL;
  if (!naclAllows4(into, false)) return NOT_LOCAL;
  // Decided up to the owner's groups (the packet entered the peer over the connection: SG-5).
  setFlowOrigin(origin);
  setReferencing(true, false, false, false);
  const code = sgRefusalPeered(owner, peer, flags, v);
  if (code) return localFlowRefused(5, HopKind.SECURITY_GROUP_INGRESS, HopComponent.SecurityGroupOfInterface, owner, code);
  if (!respondsTo(packet.protocol)) {
    localFlowHops(7, 0);
    return 0;
  }
  // The response: tracked (SG-7) while the forward's entries live; back over `pcx` from every subnet of
  // the peer (ReplyRoutes4); the owner's outbound ACL to the origin, the origin's inbound from `a`: their
  // shortcuts (the same addresses, no port read), else the response's scans.
  if (!forwardTrackingLive()) return NOT_LOCAL;
  if (!(field(p, PeeringField.ReplyRoutes4) & back)) return NOT_LOCAL;
  if (shortcutAllows(record(Section.Nacl, NaclField.Stride, into), NaclField.Out4Net, primary)) {
    if (shortcutAllows(record(Section.Nacl, NaclField.Stride, out), NaclField.In4Net, a)) {
      localFlowHops(7, 7);
      return 0;
    }
  }
  return responseScans(out, into);
}

/**
 * The response's ACL checks past a shortcut, of ACL `into` outbound and `out` inbound (walk.ts
 * walkDirections' swapped packet, TRACE-3's echo reply; the direction set, so a scan marks the source port
 * read): the hop counts and 0 when both allow; else the packet as it was and NOT_LOCAL (the general walk
 * decides the refusal). Out of line: most responses take the shortcuts.
 */
function responseScans(out: i32, into: i32): i32 {
  const echo = packet.protocol == ICMP;
  packet.swap();
  if (echo) packet.setIcmp(0, packet.icmpCode);
  localReplyBegin();
  if (naclAllows4(into, true)) {
    if (naclAllows4(out, false)) {
      localFlowHops(7, 7);
      return 0;
    }
  }
  packet.swap();
  if (echo) packet.setIcmp(8, packet.icmpCode);
  return NOT_LOCAL;
}

/**
 * The IPv4 shortcut of ACL record `acl` at `at` (NaclField.In4Net or Out4Net) holds address `x` and its
 * entry allows: naclAllows4 allows without its scan.
 */
// @ts-ignore: decorator
@inline function shortcutAllows(acl: usize, at: i32, x: u32): bool {
  const shortcut = acl + (<usize>at << 2);
  if (((<u64>x ^ load<u64>(shortcut)) & load<u64>(shortcut, 8)) != 0) return false;
  return load<i32>(shortcut, 20) != 0;
}

/** TRACE-5: a TCP, UDP or ICMP echo request packet (IPv4) has a response. */
// @ts-ignore: decorator
@inline function respondsTo(p: i32): bool {
  if (p == TCP) return true;
  if (p == UDP) return true;
  return p == ICMP && packet.icmpType == 8;
}
