// The response of a flow the local route delivered inside one VPC (part of the packet walk, walk.ts),
// without the lookups whose answers the forward walk already fixed. Most reachable flows are this
// case: an ENI sends, its subnet's route table (or RT-16) takes the local route, the ENI holding the
// destination receives it. The full response (walk.ts fromEni) would then:
//   - find no host holding the origin's address but the origin (TRACE-15; ADDR-10: the address is
//     the origin's alone in the VPC, and two ENIs of one instance were delivered inside the host),
//   - pass the receiver's egress groups as a reply (SG-7: the forward walk tracked it at ingress),
//   - take the local route from the receiver's subnet: RT-16 inside one subnet; else its route table's
//     lookup of the origin's address, which is a local route when the table is LocalInside (ADDR-5,
//     ADDR-10: the address is inside a VPC CIDR), and the owner lookup finds the origin (ADDR-10),
//   - cross both subnets' network ACLs (stateless, NACL-5..8: evaluated here as there; IPv4 between two
//     subnets whose ACLs allow everything inside the VPC, NACL_INTRA_VPC4, decided: both addresses are inside),
//   - arrive at the origin: up (the forward's start checked it), an instance or interface ENI holding
//     the address, its ingress groups passing the reply (tracked at egress).
// So it is the ACL checks and the hop count. The reply checks hold while the forward's entries are
// live (the same comparison as conntrack's lookup); otherwise, traced, or when the forward went
// anywhere else, the full response runs. The same holds after a delivery over a VPC peering
// connection the origin's route table chose (peeringReply): when the receiver's route table sends the
// origin's address back over that connection, the response is its route lookup, the two ACL checks
// and the hop count. And after a flow from the internet that arrived at an ENI (internetReply): when
// the ENI's route table sends the client's address to its VPC's internet gateway, the response is the
// route lookup, the outbound ACL and the gateway's and the internet's checks on addresses; when the
// forward's Public4 slot holds ReplySubnet (src/compile/internet-replies.ts, image version 21), only
// the checks on the client's address and the outbound ACL (publicReply4).
// test/walk-differential*.test.ts compare untraced verdicts (the -reply, -peering-reply and
// -internet-reply suites on both sides of each condition).
import { EniField, EniKind, Section, SubnetField } from '../abi/image';
import { RouteField, RouteTableField, RouteTarget } from '../abi/image-routes';
import { InternetGatewayField, PEERING_REPLY_ACCEPTER, PEERING_REPLY_REQUESTER, PeeringField } from '../abi/image-gateways';
import { EniIp4Field, Public4Field } from '../abi/image-addresses';
import { NONE } from '../abi/version';
import { isPublic4, isPublic6, isRfc1918, isRfc6598 } from './address-classes';
import { eniIp4Record, inSubnet, ownerOfPublic, ownsDestination, publicRecord4 } from './address-ownership';
import { internetPublic4 } from './internet-gateway';
import { eni, field, record, subnet } from './image';
import { packet } from './packet';
import { lookupRoute, lookupRoute4 } from './route-lookup';
import { hostHolding } from './walk-eni';
import { crossSubnets, crossSubnets4, intraVpcOpen4 } from './walk-route';
import { ARRIVE_ENI, ARRIVE_INTERNET, arrive, countPasses, localFrom, localReplyBegin, localVia, tracedBit, untraced, viaAppliance } from './walk-state';
import { forwardTrackingLive, forwardTrackingLiveFor, trackingLiveAlwaysSet } from './walk-tracking';

/** localReply's answer when the full response must run. */
export const NOT_LOCAL: i32 = -1;

/**
 * The response of the flow just walked forward from ENI `origin` (>= 0: the other origins are negative,
 * as NONE is) to ENI `e`, the packet swapped: 0 (it
 * arrived back at the origin) or the blocking code; or NOT_LOCAL when the forward was not the local
 * route's or a peering route's plain delivery (or the batch is traced, or the tracked entries are
 * gone): then nothing is changed and the caller begins the full response.
 */
export function localReply(origin: i32, e: i32): i32 {
  // The forward's last local or peering route was taken from the origin, and no appliance forwarded the packet.
  if (localFrom != origin) return NOT_LOCAL;
  // One test of an `or` (as `||`, V8 computed the two flags with setcc and cmov).
  if (<i32>viaAppliance | tracedBit()) return NOT_LOCAL;
  // Instances and interfaces: the others have no groups, or something behind them (arriveAt).
  if (<u32>eni(origin, EniField.Kind) > <u32>EniKind.Interface) return NOT_LOCAL;
  // The response goes to the forward's source address: it must be the origin's.
  // Two returns: as one `||`, V8 made both bools and tested them again.
  if (!ownsDestination(origin)) return NOT_LOCAL;
  if (!trackingLiveAlwaysSet()) {
    if (!forwardTrackingLiveFor()) return NOT_LOCAL;
  }
  if (localVia >= 0) return peeringReply(origin, e, localVia);
  const home = eni(origin, EniField.Subnet);
  const s = eni(e, EniField.Subnet);
  // RT-16: egress reply, route table, ingress reply, the origin.
  if (s == home) {
    localReplyBegin();
    return arriveHome(origin, 4);
  }
  const rt = subnet(s, SubnetField.RouteTable);
  if (rt < 0 || !field(record(Section.RouteTable, RouteTableField.Stride, rt), RouteTableField.LocalInside)) return NOT_LOCAL;
  // Egress reply and route table, then the ACLs, then ingress reply and the origin.
  localReplyBegin();
  countPasses(2);
  // Both addresses lie in the VPC's CIDRs (the origin's, and e's: the local route's owner; ADDR-5, ADDR-10).
  if (packet.family == 4) {
    if (intraVpcOpen4(s, home)) return arriveHome(origin, 2);
  }
  const c = crossSubnets(s, home);
  if (c) return c;
  return arriveHome(origin, 2);
}

/**
 * localReply after a forward the origin's route table sent over peering connection `pcx` (PCX-5):
 * the response goes back over the same connection when nothing on `e`'s host holds the origin's
 * address (TRACE-15), RT-16 does not apply, and `e`'s route table sends that address to `pcx`. Then
 * the full response's other steps are decided: the egress and ingress replies (SG-7, tracked by the
 * forward), the connection's checks (PCX-2..4: the same connection and VPCs; the forward checked its
 * source inside the origin's VPC and its destination inside the peer's), the owner lookup in the
 * origin's VPC (ADDR-10: the origin holds the address), the origin up (the forward's start).
 */
function peeringReply(origin: i32, e: i32, pcx: i32): i32 {
  const s = eni(e, EniField.Subnet);
  // TRACE-15, RT-16: the origin's address is in its VPC's CIDRs (the forward checked it), which for
  // IPv4 do not overlap the peer's (PCX-1: validation refuses it), where e's subnet and host addresses are.
  // IPv4: the route back decided for every subnet of e's VPC when the compile found it so (one lookup site below).
  let routed = false;
  if (packet.family == 4) routed = routesBack4(pcx, s);
  else if (hostHolding(e) >= 0 || inSubnet(s)) return NOT_LOCAL;
  if (!routed) {
    if (routeTargetOf(s, RouteTarget.Peering) != pcx) return NOT_LOCAL;
  }
  // Egress reply and route table, the outbound ACL, the connection, the inbound ACL, ingress reply and the origin.
  localReplyBegin();
  countPasses(2);
  let c = crossSubnets(s, NONE);
  if (c) return c;
  countPasses(1);
  c = crossSubnets(NONE, eni(origin, EniField.Subnet));
  if (c) return c;
  return arriveHome(origin, 2);
}

/**
 * Every subnet of `s`'s VPC sends each IPv4 address of the other side's CIDRs over connection `pcx`
 * (PeeringField.ReplyRoutes4, src/compile/peering-replies.ts), so the response to the origin (its
 * address in those CIDRs: the forward's PCX-3 check) takes it without the lookup. Each test a return.
 */
// @ts-ignore: decorator
@inline function routesBack4(pcx: i32, s: i32): bool {
  const p = record(Section.Peering, PeeringField.Stride, pcx);
  const bits = field(p, PeeringField.ReplyRoutes4);
  if (bits == 0) return false;
  const v = subnet(s, SubnetField.Vpc);
  if (v == field(p, PeeringField.RequesterVpc)) return (bits & PEERING_REPLY_REQUESTER) != 0;
  if (v == field(p, PeeringField.AccepterVpc)) return (bits & PEERING_REPLY_ACCEPTER) != 0;
  return false;
}

/**
 * The response of a flow from the internet (Origin.Internet) that arrived at instance or interface ENI
 * `e`, the packet swapped: out through its VPC's internet gateway when `e`'s route table sends the
 * client's address there; else NOT_LOCAL. However the forward got there (an appliance may have
 * forwarded it), it arrived at `e` as the holder of its destination (arriveAt: an instance or interface
 * ENI not holding it forwards instead), so the full response's egress reply is tracked (SG-7) and
 * GW-2's owner lookup of the source finds `e` (ADDR-10); the translation to the public address changes
 * only the source, which nothing reads after it. The rest is checked here as toInternetGateway and
 * toInternet check it: the route, the gateway of `e`'s VPC, GW-6 (the forward checked the client's
 * address, but a translation on its way may have changed it), a public address for the source (the
 * forward's GW-3 makes it so; kept, a cheap test), the client not held by the model, the outbound ACL.
 */
export function internetReply(e: i32): i32 {
  if (!untraced()) return NOT_LOCAL;
  // The forward's public address (the swapped packet's source is its private one, at e): when its
  // ReplySubnet holds the compile-time facts, what is left depends on the client's address alone.
  const r = internetPublic4;
  if (r >= 0) {
    const slot = record(Section.Public4, Public4Field.Stride, r);
    const s = field(slot, Public4Field.ReplySubnet);
    if (s >= 0) {
      if (field(slot, Public4Field.Eni) == e) {
        if (<u32>field(slot, Public4Field.Private) == packet.src0) return publicReply4(s);
      }
    }
  }
  if (<u32>eni(e, EniField.Kind) > <u32>EniKind.Interface || !forwardTrackingLive()) return NOT_LOCAL;
  if (hostHolding(e) >= 0) return NOT_LOCAL;
  const s = eni(e, EniField.Subnet);
  if (inSubnet(s)) return NOT_LOCAL;
  const igw = routeTargetOf(s, RouteTarget.InternetGateway);
  if (igw < 0 || field(record(Section.InternetGateway, InternetGatewayField.Stride, igw), InternetGatewayField.Vpc) != subnet(s, SubnetField.Vpc)) return NOT_LOCAL;
  if (packet.family == 4) {
    if (isRfc1918(packet.dst0) || isRfc6598(packet.dst0)) return NOT_LOCAL;
    const ip = eniIp4Record(e, packet.src0);
    if (ip < 0 || !field(record(Section.EniIp4, EniIp4Field.Stride, ip), EniIp4Field.HasPublic)) return NOT_LOCAL;
    if (!isPublic4(packet.dst0)) return NOT_LOCAL;
  } else if (!isPublic6(packet.dst0)) return NOT_LOCAL;
  if (ownerOfPublic() >= 0) return NOT_LOCAL;
  return outToInternet<AnyFamily>(s);
}

/**
 * internetReply for an IPv4 response from the private address of a Public4 slot whose ReplySubnet is `s`
 * (src/compile/internet-replies.ts): for a public client (ADDR-15; so not RFC 1918 / RFC 6598, GW-6) the
 * ENI's kind, its host's addresses, RT-16, the route to its VPC's gateway and GW-2's public address are
 * decided; the client not held by the model and the outbound ACL are checked here.
 */
function publicReply4(s: i32): i32 {
  if (!forwardTrackingLive()) return NOT_LOCAL;
  if (!isPublic4(packet.dst0)) return NOT_LOCAL;
  if (publicRecord4(packet.dst0) >= 0) return NOT_LOCAL;
  return outToInternet<Ipv4>(s);
}

// outToInternet's family: IPv4, or tested at run time (the ACL check's).
type Ipv4 = u8;
type AnyFamily = u16;

/** internetReply's decided end from subnet `s`: egress reply and route table, the outbound ACL, the gateway and the internet. */
// @ts-ignore: decorator
@inline function outToInternet<Family>(s: i32): i32 {
  localReplyBegin();
  countPasses(2);
  const c = sizeof<Family>() == 1 ? crossSubnets4(s, NONE) : crossSubnets(s, NONE);
  if (c) return c;
  countPasses(2);
  arrive(ARRIVE_INTERNET, NONE);
  return 0;
}

/** What the route of subnet `s`'s route table for the swapped packet targets, when it is a live route to a `target`; else -1. */
// @ts-ignore: decorator
@inline function routeTargetOf(s: i32, target: i32): i32 {
  const rt = subnet(s, SubnetField.RouteTable);
  if (rt < 0) return -1;
  const route = packet.family == 4 ? lookupRoute4(rt) : lookupRoute(rt);
  if (route < 0) return -1;
  const r = record(Section.Route, RouteField.Stride, route);
  if (field(r, RouteField.Blackhole) || field(r, RouteField.Target) != target) return -1;
  return field(r, RouteField.TargetRef);
}

// @ts-ignore: decorator
@inline function arriveHome(origin: i32, hops: i32): i32 {
  countPasses(hops);
  arrive(ARRIVE_ENI, origin);
  return 0;
}
