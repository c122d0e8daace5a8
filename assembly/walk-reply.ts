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
//   - cross both subnets' network ACLs (stateless, NACL-5..8: evaluated here as there),
//   - arrive at the origin: up (the forward's start checked it), an instance or interface ENI holding
//     the address, its ingress groups passing the reply (tracked at egress).
// So it is the ACL checks and the hop count. The reply checks hold while the forward's entries are
// live (the same comparison as conntrack's lookup); otherwise, traced, or when the forward went
// anywhere else, the full response runs. test/walk-differential*.test.ts compare untraced verdicts.
import { EniField, EniKind, RouteTableField, Section, SubnetField } from '../abi/image';
import { ownsDestination } from './address-ownership';
import { eni, field, record, subnet } from './image';
import { crossSubnets } from './walk-route';
import { ARRIVE_ENI, arrive, countPasses, forwardTrackingLive, localFrom, localReplyBegin, untraced, viaAppliance } from './walk-state';

/** localReply's answer when the full response must run. */
export const NOT_LOCAL: i32 = -1;

/**
 * The response of the flow just walked forward from ENI `origin` (>= 0: the other origins are negative,
 * as NONE is) to ENI `e`, the packet swapped: 0 (it
 * arrived back at the origin) or the blocking code; or NOT_LOCAL when the forward was not the local
 * route's plain delivery (or the batch is traced, or the tracked entries are gone): then nothing is
 * changed and the caller begins the full response.
 */
export function localReply(origin: i32, e: i32): i32 {
  // The forward's last local route was taken from the origin, and no appliance forwarded the packet.
  if (localFrom != origin || viaAppliance || !untraced()) return NOT_LOCAL;
  // Instances and interfaces: the others have no groups, or something behind them (arriveAt).
  if (<u32>eni(origin, EniField.Kind) > <u32>EniKind.Interface) return NOT_LOCAL;
  // The response goes to the forward's source address: it must be the origin's.
  if (!ownsDestination(origin) || !forwardTrackingLive()) return NOT_LOCAL;
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
  const c = crossSubnets(s, home);
  if (c) return c;
  return arriveHome(origin, 2);
}

// @ts-ignore: decorator
@inline function arriveHome(origin: i32, hops: i32): i32 {
  countPasses(hops);
  arrive(ARRIVE_ENI, origin);
  return 0;
}
