// The packet walk (SEMANTICS.md §2-§6, §12), a port of the reference walk (src/reference/walk.ts and
// route-targets.ts) over the compiled image: forward packet first, then its response (TRACE-5/6).
// Read top to bottom: walkFlow (called by walk-batch.ts) -> start / startResponse -> leaveEni -> routeFrom ->
// route targets -> deliverInVpc -> arriveAtEni. Every step returns 0 to go on or the blocking code
// (TRACE-8) through the hop writer of walk-state.ts, which holds the state the steps share.
//
// Walked here: security groups (stateful, conntrack.ts; SG-5/6 references across peering and TGW),
// network ACLs, VPC route tables (LPM), local delivery, RT-13/RT-14 ENIs, internet gateway with its
// gateway route table (RT-15), NAT gateway, egress-only IGW, VPC peering, transit gateways
// (transit-gateway.ts), gateway and interface endpoints, Amazon-provided services (NACL-12), IPv4
// and IPv6, Site-to-Site VPN and Direct Connect (on-premises.ts), Network Firewall endpoints
// (network-firewall.ts). UNSUPPORTED (255) remains only for an origin the image does not know.
import { Origin, VERDICT_UNSUPPORTED } from '../abi/batch';
import { AmazonService, HopComponent, HopNote, HopKind, ROUTE_INFO_DYNAMIC } from '../abi/hops';
import {
  AddressScope,
  EniField,
  EniFlag,
  EniIp4Field,
  EniIp6Field,
  EniKind,
  InternetGatewayField,
  NatGatewayField,
  Owner4Field,
  Owner6Field,
  PeeringField,
  PrefixField,
  Public4Field,
  RouteField,
  RouteTableField,
  RouteTarget,
  Section,
  SubnetField,
  VpcCidrField,
  VpcEndpointField,
  VpcEndpointType,
  VpcField,
  EgressOnlyInternetGatewayField,
  RouteInfo,
} from '../abi/image';
import { Code } from '../abi/codes';
import { LPM_MISS, NONE } from '../abi/version';
import { addressIndexFind, ownerInVpc4 } from './address-index';
import { NAT_GATEWAY_IDLE, ctValue, ctValue2 } from './conntrack';
import { eni, field, prefixContains, record, recordCount, subnet, vpc } from './image';
import { lpmLookup4, lpmLookup6 } from './lpm';
import { naclAllows, naclDecidingEntry } from './nacl';
import * as packet from './packet';
import { compare6, setReferencing, sgAllowingRule, sgAllows, sgNoRules, sgReferencingBlocked } from './sg';
import { firewallEndpoint } from './network-firewall';
import { fromOnPremises, toVpnGatewayTarget } from './on-premises';
import { toTransitGateway } from './transit-gateway';
import { connectionDown, downActive, eniDown, natGatewayDown } from './down-set';
import {
  ARRIVE_AMAZON_SERVICE,
  ARRIVE_AWS_SERVICE,
  ARRIVE_ENI,
  ARRIVE_INTERNET,
  ARRIVE_ON_PREMISES,
  INGRESS_INTERNET,
  INGRESS_ON_PREMISES,
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
  directionBegin,
  directionEnd,
  fail,
  flowBegin,
  flowVerdict,
  ingress,
  isReply,
  pass,
  setIngress,
  tgwAsymmetricAttachment,
  tgwPathAllowsReferencing,
  track,
} from './walk-state';

const TCP: i32 = 6;
const UDP: i32 = 17;
const ICMP: i32 = 1;
const ICMPV6: i32 = 58;

// Conntrack component namespaces: SG state per ENI, NAT translations, egress-only IGW flows.
const CT_NAT: i32 = 1 << 24;
const CT_EIGW: i32 = 2 << 24;

function hasSecurityGroups(e: i32): bool {
  // SG-16: NAT gateway, TGW attachment and firewall endpoint ENIs have none.
  const kind = eni(e, EniField.Kind);
  return kind == EniKind.Instance || kind == EniKind.Interface || kind == EniKind.VpcEndpoint;
}

/** Does ENI `e` hold the packet's destination as a private IPv4 / IPv6 address? */
function ownsDestination(e: i32): bool {
  if (packet.family == 4) {
    if (<u32>eni(e, EniField.PrimaryIp4) == packet.dst0 && packet.dst0 != 0) return true;
    const start = eni(e, EniField.Ip4Start);
    const end = start + eni(e, EniField.Ip4Count);
    for (let i = start; i < end; i++) {
      if (<u32>field(record(Section.EniIp4, EniIp4Field.Stride, i), EniIp4Field.Private) == packet.dst0) return true;
    }
    return false;
  }
  const start = eni(e, EniField.Ip6Start);
  const end = start + eni(e, EniField.Ip6Count);
  for (let i = start; i < end; i++) {
    const r = record(Section.EniIp6, EniIp6Field.Stride, i);
    if (compare6(r + (<usize>EniIp6Field.W0 << 2), packet.dst0, packet.dst1, packet.dst2, packet.dst3) == 0) return true;
  }
  return false;
}

/** Binary search of an Owner4 section range for `a`; the ENI or NONE. */
function findOwner4(section: i32, lo: i32, hi: i32, a: u32): i32 {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const r = record(section, Owner4Field.Stride, mid);
    const v = <u32>field(r, Owner4Field.Address);
    if (v == a) return field(r, Owner4Field.Eni);
    if (v < a) lo = mid + 1;
    else hi = mid;
  }
  return NONE;
}

function findOwner6(section: i32, lo: i32, hi: i32, a0: u32, a1: u32, a2: u32, a3: u32): i32 {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const r = record(section, Owner6Field.Stride, mid);
    const c = compare6(r + (<usize>Owner6Field.W0 << 2), a0, a1, a2, a3);
    if (c == 0) return field(r, Owner6Field.Eni);
    if (c < 0) lo = mid + 1;
    else hi = mid;
  }
  return NONE;
}

/** The ENI holding `a` as a private address in VPC `v` (ADDR-10), or NONE. */
export function ownerInVpc(v: i32, family: i32, a0: u32, a1: u32, a2: u32, a3: u32): i32 {
  if (family == 4) return ownerInVpc4(v, a0);
  const start = vpc(v, VpcField.Owner6Start);
  return findOwner6(Section.Owner6, start, start + vpc(v, VpcField.Owner6Count), a0, a1, a2, a3);
}

/** The Public4 record of a public IPv4 / EIP (GW-3), or -1. */
function publicRecord4(a: u32): i32 {
  return addressIndexFind(AddressScope.Public, a);
}

/** The ENI owning a public address (IPv4 public/EIP, or any IPv6 address, GW-5), or NONE. */
function ownerOfPublic(): i32 {
  if (packet.family == 4) {
    const r = publicRecord4(packet.dst0);
    return r < 0 ? NONE : field(record(Section.Public4, Public4Field.Stride, r), Public4Field.Eni);
  }
  return findOwner6(Section.Public6, 0, recordCount(Section.Public6), packet.dst0, packet.dst1, packet.dst2, packet.dst3);
}

function ownerAnywhere(): i32 {
  if (packet.family == 4) return findOwner4(Section.Anywhere4, 0, recordCount(Section.Anywhere4), packet.dst0);
  return findOwner6(Section.Anywhere6, 0, recordCount(Section.Anywhere6), packet.dst0, packet.dst1, packet.dst2, packet.dst3);
}

/** Is the address inside one of VPC `v`'s CIDR blocks of the packet's family? */
export function inVpcCidr(v: i32, a0: u32, a1: u32, a2: u32, a3: u32): bool {
  const start = vpc(v, VpcField.CidrStart);
  const end = start + vpc(v, VpcField.CidrCount);
  for (let i = start; i < end; i++) {
    const r = record(Section.VpcCidr, VpcCidrField.Stride, i);
    if (prefixContains(r + (<usize>VpcCidrField.Prefix << 2), packet.family, a0, a1, a2, a3)) return true;
  }
  return false;
}

// GW-6 and ADDR-15 address classes.
function isRfc1918(a: u32): bool {
  return (a >>> 24) == 10 || (a >>> 20) == 0xac1 || (a >>> 16) == 0xc0a8;
}

function isRfc6598(a: u32): bool {
  return (a >>> 22) == (0x6440 >>> 6); // 100.64.0.0/10
}

function isPublicDestination(): bool {
  if (packet.family == 6) return (packet.dst0 >>> 29) == 1; // 2000::/3
  const a = packet.dst0;
  const top = a >>> 24;
  return !(top == 0 || top == 10 || top == 127 || isRfc6598(a) || (a >>> 16) == 0xa9fe || (a >>> 20) == 0xac1
    || (a >>> 16) == 0xc0a8 || top >= 224);
}

// ---- ENIs and security groups (SG-*) ----------------------------------------------------------

/**
 * TRACE-12 / RT-10: an ENI that is down in the scenario (itself, its instance, subnet or AZ: MC-1,
 * MC-2) or whose instance is not running cannot send or receive. GW-13: a NAT gateway's ENI down names
 * the NAT gateway.
 */
function checkUp(e: i32): i32 {
  if (downActive && eniDown(e)) {
    const nat = eni(e, EniField.Owner);
    if (eni(e, EniField.Kind) == EniKind.NatGateway && nat >= 0) return fail(HopKind.NAT_GATEWAY, HopComponent.NatGateway, nat, Code.BAD_STATE, NONE, HopNote.ZoneDown);
    return fail(HopKind.NETWORK_INTERFACE, HopComponent.InstanceOrInterface, e, Code.BAD_STATE, NONE, HopNote.Down);
  }
  if (eni(e, EniField.Flags) & EniFlag.Stopped) return fail(HopKind.NETWORK_INTERFACE, HopComponent.InstanceOrInterface, e, Code.BAD_STATE, NONE);
  return 0;
}

export function checkSecurityGroups(e: i32, egress: bool): i32 {
  if (!hasSecurityGroups(e)) return 0;
  const kind = egress ? HopKind.SECURITY_GROUP_EGRESS : HopKind.SECURITY_GROUP_INGRESS;
  // SG-7: the response to a tracked flow is allowed whatever the rules of this direction.
  if (direction == 1 && isReply(e)) return pass(kind, HopComponent.SecurityGroupOfInterface, e, NONE);
  // SG-5 / SG-6: how the packet got here decides whether other VPCs' groups may be referenced.
  setReferencing(ingress == INGRESS_PEERING, ingress == INGRESS_TRANSIT_GATEWAY, ingress == INGRESS_TRANSIT_GATEWAY && tgwPathAllowsReferencing());
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

/** A packet leaves an ENI: its security groups' egress rules, then its subnet's route table. */
function leaveEni(e: i32): i32 {
  const c = checkSecurityGroups(e, true);
  if (c) return c;
  return routeFrom(eni(e, EniField.Subnet), e);
}

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
  return leaveEni(e);
}

// ---- subnets: network ACLs (NACL-*) and route tables (RT-*) -----------------------------------

function checkNacl(s: i32, egress: bool): i32 {
  const acl = subnet(s, SubnetField.Nacl);
  if (acl < 0) return 0;
  const kind = egress ? HopKind.NETWORK_ACL_OUTBOUND : HopKind.NETWORK_ACL_INBOUND;
  if (!naclAllows(acl, egress)) return block(kind, HopComponent.NetworkAcl, acl, Code.SUBNET_ACL_RESTRICTION, naclDecidingEntry, HopNote.None, s);
  return pass(kind, HopComponent.NetworkAcl, acl, naclDecidingEntry, HopNote.None, s);
}

/** NACL-10: outbound rules of the subnet left, inbound rules of the subnet entered; none within one subnet. */
export function crossSubnets(from: i32, to: i32): i32 {
  if (from >= 0 && from == to) return 0;
  if (from >= 0) {
    const c = checkNacl(from, true);
    if (c) return c;
  }
  if (to >= 0) return checkNacl(to, false);
  return 0;
}

/**
 * RouteInfo bits of the last lookup made under the down set, | ROUTE_INFO_DYNAMIC; NONE when the
 * lookup used the compiled table as it is (its Info field holds them). A route-table hop carries it in Ref2.
 */
export let routeInfo: i32 = NONE;

/** RT-3: the route record for the destination in route table `rt`, or -1. */
function lookupRoute(rt: i32): i32 {
  const r = record(Section.RouteTable, RouteTableField.Stride, rt);
  routeInfo = NONE;
  if (downActive && field(r, RouteTableField.Withdrawable)) return lookupRouteWithdrawn(r);
  let value: u32 = LPM_MISS;
  if (packet.family == 4) {
    // Inside the VPC CIDR with nothing more specific: the local route, without the LPM walk.
    const local = field(r, RouteTableField.LocalRoute4);
    if (local >= 0 && ((packet.dst0 ^ <u32>field(r, RouteTableField.LocalAddr4)) >>> (32 - field(r, RouteTableField.LocalLen4))) == 0) return local;
    const table = field(r, RouteTableField.Lpm4);
    if (table >= 0) value = lpmLookup4(<u32>table, packet.dst0);
  } else {
    const table = field(r, RouteTableField.Lpm6);
    if (table >= 0) value = lpmLookup6(<u32>table, (<u64>packet.dst0 << 32) | <u64>packet.dst1, (<u64>packet.dst2 << 32) | <u64>packet.dst3);
  }
  return value == LPM_MISS ? -1 : <i32>value;
}

/**
 * HYB-6, MC-5, MC-6: routes learned over a connection that is down are withdrawn; the best remaining
 * route wins (RT-3, then RT-4 along each prefix's chain of candidates). A scan of the table, taken only
 * when something may be withdrawn; sets routeInfo as the reference computes it over the routes left.
 */
function lookupRouteWithdrawn(r: usize): i32 {
  const four = packet.family == 4;
  const start = field(r, four ? RouteTableField.Route4Start : RouteTableField.Route6Start);
  const end = start + field(r, four ? RouteTableField.Route4Count : RouteTableField.Route6Count);
  let best = -1;
  let bestLen = -1;
  let shorter = false;
  let higher = false;
  for (let i = start; i < end; i++) {
    const w = record(Section.Route, RouteField.Stride, i);
    const p = w + (<usize>RouteField.Prefix << 2);
    if (!prefixContains(p, packet.family, packet.dst0, packet.dst1, packet.dst2, packet.dst3)) continue;
    // The first candidate of the chain still up, and whether a second one is (HIGHER_PRIORITY_ROUTE).
    let first = -1;
    let second = false;
    for (let c = i; c >= 0; c = field(record(Section.Route, RouteField.Stride, c), RouteField.Next)) {
      const conn = field(record(Section.Route, RouteField.Stride, c), RouteField.Connection);
      if (conn >= 0 && connectionDown(conn)) continue;
      if (first < 0) first = c;
      else {
        second = true;
        break;
      }
    }
    if (first < 0) continue;
    const len = field(p, PrefixField.Len);
    if (len > bestLen) {
      if (bestLen >= 0) shorter = true;
      best = first;
      bestLen = len;
      higher = second;
    } else shorter = true;
  }
  routeInfo = ROUTE_INFO_DYNAMIC | (shorter ? RouteInfo.MoreSpecific : 0) | (higher ? RouteInfo.HigherPriority : 0);
  return best;
}

/** Is the destination inside subnet `s`'s CIDR? Validation guarantees its ENIs' addresses are (ADDR-10). */
function inSubnet(s: i32): bool {
  const r = record(Section.Subnet, SubnetField.Stride, s);
  const p = r + (<usize>(packet.family == 4 ? SubnetField.Cidr4 : SubnetField.Cidr6) << 2);
  return prefixContains(p, packet.family, packet.dst0, packet.dst1, packet.dst2, packet.dst3);
}

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

/** RT-10 after the route hop: the route's target is missing or unusable (`why`: a HopNote for the answer). */
export function badTarget(rt: i32, route: i32, why: i32 = HopNote.TargetMissing): i32 {
  return fail(HopKind.ROUTE_TABLE, HopComponent.RouteTable, rt, Code.BAD_STATE_ROUTE, route, why);
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

/** The local route: deliver to the ENI holding the destination address in VPC `v`. */
function deliverInVpc(v: i32, from: i32): i32 {
  const owner = ownerInVpc(v, packet.family, packet.dst0, packet.dst1, packet.dst2, packet.dst3);
  if (owner < 0) return fail(HopKind.NETWORK_INTERFACE, HopComponent.Vpc, v, Code.UNKNOWN_DESTINATION, NONE);
  const c = crossSubnets(from, eni(owner, EniField.Subnet));
  if (c) return c;
  return arriveAtEni(owner);
}

// ---- internet gateway, egress-only IGW (GW-2..6, GW-16) ---------------------------------------

/** GW-2, GW-5, GW-6: out through the internet gateway, with 1:1 NAT of the public IPv4. */
function toInternetGateway(igw: i32, from: i32, v: i32, rt: i32, route: i32): i32 {
  if (igw < 0 || field(record(Section.InternetGateway, InternetGatewayField.Stride, igw), InternetGatewayField.Vpc) != v) return badTarget(rt, route);
  let c = crossSubnets(from, NONE);
  if (c) return c;
  if (packet.family == 6) {
    c = pass(HopKind.INTERNET_GATEWAY, HopComponent.InternetGateway, igw, NONE);
    if (c) return c;
    return toInternet();
  }
  if (isRfc1918(packet.dst0)) {
    c = block(HopKind.INTERNET_GATEWAY, HopComponent.InternetGateway, igw, Code.IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS, NONE);
    if (c) return c;
  }
  if (isRfc6598(packet.dst0)) {
    c = block(HopKind.INTERNET_GATEWAY, HopComponent.InternetGateway, igw, Code.IGW_DESTINATION_ADDRESS_NOT_IN_RFC6598_EGRESS, NONE);
    if (c) return c;
  }
  const owner = ownerInVpc(v, 4, packet.src0, 0, 0, 0);
  let publicIp: u32 = 0;
  let found = false;
  if (owner >= 0) {
    const start = eni(owner, EniField.Ip4Start);
    const end = start + eni(owner, EniField.Ip4Count);
    for (let i = start; i < end; i++) {
      const ip = record(Section.EniIp4, EniIp4Field.Stride, i);
      if (<u32>field(ip, EniIp4Field.Private) == packet.src0) {
        found = field(ip, EniIp4Field.HasPublic) != 0;
        publicIp = <u32>field(ip, EniIp4Field.Public);
        break;
      }
    }
  }
  if (!found) return fail(HopKind.INTERNET_GATEWAY, HopComponent.InternetGateway, igw, Code.IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS, NONE);
  const privateSrc = packet.src0;
  packet.setSource4(publicIp);
  c = pass(HopKind.INTERNET_GATEWAY, HopComponent.InternetGateway, igw, NONE, HopNote.None, <i32>privateSrc);
  if (c) return c;
  return toInternet();
}

/** GW-16: IPv6 only, outbound-initiated; the gateway remembers the flow for its replies. */
function toEgressOnlyInternetGateway(eigw: i32, from: i32, v: i32, rt: i32, route: i32): i32 {
  if (eigw < 0 || field(record(Section.EgressOnlyInternetGateway, EgressOnlyInternetGatewayField.Stride, eigw), EgressOnlyInternetGatewayField.Vpc) != v) {
    return badTarget(rt, route);
  }
  if (packet.family == 4) return fail(HopKind.EGRESS_ONLY_INTERNET_GATEWAY, HopComponent.EgressOnlyInternetGateway, eigw, Code.CANNOT_ROUTE, NONE);
  let c = crossSubnets(from, NONE);
  if (c) return c;
  track(CT_EIGW | eigw, 0, 0);
  c = pass(HopKind.EGRESS_ONLY_INTERNET_GATEWAY, HopComponent.EgressOnlyInternetGateway, eigw, NONE);
  if (c) return c;
  return toInternet();
}

/** The packet leaves through an IGW or EIGW towards the internet. */
function toInternet(): i32 {
  // A public address owned by the model: the packet comes back in through that VPC's gateway.
  if (ownerOfPublic() >= 0) return fromInternet();
  if (!isPublicDestination()) return fail(HopKind.INTERNET, HopComponent.None, NONE, Code.UNKNOWN_DESTINATION, NONE);
  const c = pass(HopKind.INTERNET, HopComponent.None, NONE, NONE);
  if (c) return c;
  arrive(ARRIVE_INTERNET, NONE);
  return 0;
}

function fromInternet(): i32 {
  setIngress(INGRESS_INTERNET);
  const owner = ownerOfPublic();
  if (owner < 0) {
    const privateOwner = ownerAnywhere();
    if (privateOwner >= 0) {
      // GW-3, GW-4: a private-only address cannot be reached from the internet.
      const igw = vpc(eni(privateOwner, EniField.Vpc), VpcField.InternetGateway);
      return igw >= 0
        ? fail(HopKind.INTERNET_GATEWAY, HopComponent.InternetGateway, igw, Code.IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS, NONE, HopNote.None, privateOwner)
        : fail(HopKind.INTERNET_GATEWAY, HopComponent.NetworkInterface, privateOwner, Code.IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS, NONE, HopNote.None, privateOwner);
    }
    return fail(HopKind.INTERNET, HopComponent.None, NONE, Code.UNKNOWN_DESTINATION, NONE, HopNote.Other);
  }
  const v = eni(owner, EniField.Vpc);
  const igw = vpc(v, VpcField.InternetGateway);
  if (packet.family == 6) return ipv6FromInternet(v);
  if (igw < 0) return fail(HopKind.NETWORK_INTERFACE, HopComponent.Vpc, v, Code.NO_PATH, NONE);
  // GW-6: the IGW drops ingress from RFC 1918 / RFC 6598 sources.
  if (isRfc1918(packet.src0)) {
    const b = block(HopKind.INTERNET_GATEWAY, HopComponent.InternetGateway, igw, Code.IGW_SOURCE_ADDRESS_NOT_IN_RFC1918_INGRESS, NONE);
    if (b) return b;
  }
  if (isRfc6598(packet.src0)) {
    const b = block(HopKind.INTERNET_GATEWAY, HopComponent.InternetGateway, igw, Code.IGW_SOURCE_ADDRESS_NOT_IN_RFC6598_INGRESS, NONE);
    if (b) return b;
  }
  // GW-3: the IGW rewrites the public IPv4 / Elastic IP to the private IP it maps to.
  const r = publicRecord4(packet.dst0);
  const publicDst = packet.dst0;
  packet.setDestination4(<u32>field(record(Section.Public4, Public4Field.Stride, r), Public4Field.Private));
  const c = pass(HopKind.INTERNET_GATEWAY, HopComponent.InternetGateway, igw, NONE, HopNote.Inbound, <i32>publicDst);
  if (c) return c;
  return intoVpcFromGateway(igw, v);
}

function ipv6FromInternet(v: i32): i32 {
  // GW-16: an egress-only IGW lets in only responses to flows that went out through it.
  const eigw = vpc(v, VpcField.EgressOnlyInternetGateway);
  if (eigw >= 0 && isReply(CT_EIGW | eigw)) {
    const c = pass(HopKind.EGRESS_ONLY_INTERNET_GATEWAY, HopComponent.EgressOnlyInternetGateway, eigw, NONE, HopNote.Inbound);
    if (c) return c;
    return deliverInVpc(v, NONE);
  }
  const igw = vpc(v, VpcField.InternetGateway);
  if (igw >= 0) {
    // GW-5: IPv6 through an IGW is not translated and allowed both ways.
    const c = pass(HopKind.INTERNET_GATEWAY, HopComponent.InternetGateway, igw, NONE, HopNote.Inbound);
    if (c) return c;
    return intoVpcFromGateway(igw, v);
  }
  if (eigw >= 0) return fail(HopKind.EGRESS_ONLY_INTERNET_GATEWAY, HopComponent.EgressOnlyInternetGateway, eigw, Code.VPCSIM_EIGW_UNSOLICITED_INBOUND, NONE);
  return fail(HopKind.NETWORK_INTERFACE, HopComponent.Vpc, v, Code.NO_PATH, NONE);
}

function intoVpcFromGateway(igw: i32, v: i32): i32 {
  return intoVpcThroughEdge(field(record(Section.InternetGateway, InternetGatewayField.Stride, igw), InternetGatewayField.EdgeRouteTable), v);
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

// ---- gateway endpoints (VPCE-2..7) --------------------------------------------------------------

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

/** The service's reply comes back through the same gateway endpoint into its VPC. */
function fromAwsService(ep: i32): i32 {
  const c = pass(HopKind.GATEWAY_ENDPOINT, HopComponent.VpcEndpoint, ep, NONE, HopNote.Inbound);
  if (c) return c;
  return deliverInVpc(field(record(Section.VpcEndpoint, VpcEndpointField.Stride, ep), VpcEndpointField.Vpc), NONE);
}

// ---- Amazon-provided services on the host (NACL-12) ----------------------------------------------

/** NACL-12: no security group, network ACL or route table is involved, in either direction. */
function toAmazonProvidedService(e: i32, service: i32): i32 {
  const c = pass(HopKind.AWS_SERVICE, HopComponent.AmazonService, service, NONE);
  if (c) return c;
  arriveAtAmazonService(e, service);
  return 0;
}

function fromAmazonProvidedService(e: i32, service: i32): i32 {
  let c = pass(HopKind.AWS_SERVICE, HopComponent.AmazonService, service, NONE, HopNote.Reply);
  if (c) return c;
  c = pass(HopKind.NETWORK_INTERFACE, HopComponent.InstanceOrInterface, e, NONE, HopNote.Reply);
  if (c) return c;
  arrive(ARRIVE_ENI, e);
  return 0;
}

// ---- NAT gateway (GW-7..15) -------------------------------------------------------------------

function natGateway(e: i32): i32 {
  const n = eni(e, EniField.Owner);
  const s = eni(e, EniField.Subnet);
  if (n < 0) {
    // A NAT gateway ENI whose NAT gateway is not in the model: it drops, named by the ENI.
    const ip = <u32>eni(e, EniField.PrimaryIp4);
    const code = ip != 0 && packet.family == 4 && packet.dst0 == ip ? Code.VPCSIM_NGW_UNSOLICITED_INBOUND : Code.BAD_STATE;
    return fail(HopKind.NAT_GATEWAY, HopComponent.NetworkInterface, e, code, NONE);
  }
  const nat = record(Section.NatGateway, NatGatewayField.Stride, n);
  const natIp = <u32>field(nat, NatGatewayField.Private);
  if (natIp != 0 && packet.family == 4 && packet.dst0 == natIp) {
    // GW-9: only replies to connections initiated from behind the NAT gateway get through.
    // GW-14: the translation is gone after 350 s idle.
    if (!isReply(CT_NAT | n, NAT_GATEWAY_IDLE)) return fail(HopKind.NAT_GATEWAY, HopComponent.NatGateway, n, Code.VPCSIM_NGW_UNSOLICITED_INBOUND, NONE);
    packet.setDestination4(ctValue);
    packet.setDestinationPort(<i32>ctValue2);
    const c = pass(HopKind.NAT_GATEWAY, HopComponent.NatGateway, n, NONE, HopNote.Reply);
    if (c) return c;
    return routeFrom(s, e);
  }
  // MC-4: a NAT gateway that is down keeps its routes; traffic through it drops.
  const down = downActive && natGatewayDown(n);
  if (!field(nat, NatGatewayField.Available) || down) return fail(HopKind.NAT_GATEWAY, HopComponent.NatGateway, n, Code.BAD_STATE, NONE, down ? HopNote.Down : HopNote.None);
  // GW-11: no service for traffic arriving over peering, VPN or Direct Connect.
  if (ingress == INGRESS_PEERING || ingress == INGRESS_ON_PREMISES) {
    const b = block(HopKind.NAT_GATEWAY, HopComponent.NatGateway, n, Code.NGW_REQUIRES_SOURCE_IN_VPC, NONE, HopNote.None, ingress);
    if (b) return b;
  }
  // C-2: no NAT64.
  if (packet.family == 6) return fail(HopKind.NAT_GATEWAY, HopComponent.NatGateway, n, Code.CANNOT_ROUTE, NONE);
  // GW-10: TCP, UDP and ICMP only.
  if (packet.protocol != TCP && packet.protocol != UDP && packet.protocol != ICMP) {
    const b = block(HopKind.NAT_GATEWAY, HopComponent.NatGateway, n, Code.PROTOCOL_RESTRICTION, NONE);
    if (b) return b;
  }
  if (natIp == 0) return fail(HopKind.NAT_GATEWAY, HopComponent.NatGateway, n, Code.BAD_STATE, NONE, HopNote.Other);
  // GW-8: SNAT to the NAT gateway's private IP; the source port is kept when it is already 1024-65535.
  const originalSrc = packet.src0;
  const originalPort = packet.srcPort;
  packet.setSource4(natIp);
  if ((packet.protocol == TCP || packet.protocol == UDP) && packet.srcPort < 1024) packet.setSourcePort(packet.srcPort + 1024);
  track(CT_NAT | n, originalSrc, <u32>originalPort);
  const c = pass(HopKind.NAT_GATEWAY, HopComponent.NatGateway, n, NONE, HopNote.None, <i32>originalSrc, originalPort);
  if (c) return c;
  return routeFrom(s, e);
}

// ---- VPC peering (PCX-*) ----------------------------------------------------------------------

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

// ---- one flow, forward and response -----------------------------------------------------------

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
  // NACL-12: instances and user-created ENIs talk to the Amazon-provided services on their host.
  if (kind == EniKind.Instance || kind == EniKind.Interface) {
    const v = eni(origin, EniField.Vpc);
    const service = v >= 0 ? amazonProvidedServiceAt(v) : -1;
    if (service >= 0) return toAmazonProvidedService(origin, service);
  }
  return leaveEni(origin);
}

/**
 * NACL-12: the Amazon-provided service at the destination for an ENI in VPC `v`, or -1: the DNS
 * server at the VPC's primary IPv4 CIDR base + 2 (ADDR-7) or 169.254.169.253, instance metadata
 * (169.254.169.254), Time Sync (169.254.169.123), and their IPv6 addresses fd00:ec2::253/254/123.
 */
function amazonProvidedServiceAt(v: i32): i32 {
  if (packet.family == 4) {
    const a = packet.dst0;
    // A VPC CIDR is /16 to /28 (ADDR-1), so its base + 2 ends in 0x2: most flows skip the VPC record.
    if ((a & 0xf) == 2 && vpc(v, VpcField.CidrCount) > 0) {
      const primary = record(Section.VpcCidr, VpcCidrField.Stride, vpc(v, VpcField.CidrStart)) + (<usize>VpcCidrField.Prefix << 2);
      if (field(primary, PrefixField.Family) == 4 && a == <u32>field(primary, PrefixField.W0) + 2) return AmazonService.Dns;
    }
    if (a == 0xa9fea9fd) return AmazonService.Dns;
    if (a == 0xa9fea9fe) return AmazonService.InstanceMetadata;
    if (a == 0xa9fea97b) return AmazonService.TimeSync;
    return -1;
  }
  if (packet.dst0 != 0xfd000ec2 || packet.dst1 != 0 || packet.dst2 != 0) return -1;
  if (packet.dst3 == 0x253) return AmazonService.Dns;
  if (packet.dst3 == 0x254) return AmazonService.InstanceMetadata;
  if (packet.dst3 == 0x123) return AmazonService.TimeSync;
  return -1;
}

/** TRACE-5: TCP, UDP and ICMP echo requests need their response to come back. */
function needsResponse(): bool {
  const p = packet.protocol;
  return p == TCP || p == UDP || (p == ICMP && packet.icmpType == 8) || (p == ICMPV6 && packet.icmpType == 128);
}

/**
 * Walks one flow, the packet already set (walk-batch.ts): the verdict; the hop counts of each
 * direction and the blocking hop are in walk-state.ts.
 */
export function walkFlow(origin: i32): i32 {
  return flowVerdict(walkDirections(origin));
}

function walkDirections(origin: i32): i32 {
  flowBegin();
  const wantsResponse = needsResponse();
  directionBegin(0);
  const forward = directionEnd(start(origin));
  if (forward != 0) return forward;
  if (!wantsResponse) return 0;
  // The response: addresses and ports swapped, echo request -> echo reply (TRACE-3).
  const back = arrivalKind;
  const backEni = arrivalEni;
  const backService = arrivalService;
  packet.packetSwap();
  if (packet.protocol == ICMP && packet.icmpType == 8) packet.setIcmp(0, packet.icmpCode);
  else if (packet.protocol == ICMPV6 && packet.icmpType == 128) packet.setIcmp(129, packet.icmpCode);
  directionBegin(1);
  const response = back == ARRIVE_INTERNET ? fromInternet()
    : back == ARRIVE_ON_PREMISES ? fromOnPremises(backEni)
    : back == ARRIVE_AWS_SERVICE ? fromAwsService(backEni)
    : back == ARRIVE_AMAZON_SERVICE ? fromAmazonProvidedService(backEni, backService)
    : leaveEni(backEni);
  if (response != 0) return directionEnd(response);
  const home = origin == Origin.Internet ? arrivalKind == ARRIVE_INTERNET
    : origin == Origin.OnPremises ? arrivalKind == ARRIVE_ON_PREMISES
    : origin <= Origin.OnPremisesVia ? arrivalKind == ARRIVE_ON_PREMISES && arrivalEni == Origin.OnPremisesVia - origin
    : arrivalKind == ARRIVE_ENI && arrivalEni == origin;
  // The answer says where it went instead (Ref: the arrival kind, Ref2: the ENI, connection, endpoint or service).
  if (!home) return directionEnd(fail(HopKind.NETWORK_INTERFACE, HopComponent.None, NONE, Code.NO_PATH, NONE, HopNote.None, arrivalKind, arrivalKind == ARRIVE_AMAZON_SERVICE ? arrivalService : arrivalEni));
  return directionEnd(0);
}
