// The walk at an ENI (part of the packet walk, walk.ts): the host holding the destination
// (TRACE-15), whether the ENI is up (TRACE-12), the security groups a packet leaving (egress) or
// reaching (ingress) it passes (SG-*, with connection tracking for replies: SG-7), and what happens
// at the ENI a packet reaches: the destination, a router appliance forwarding it (RT-13, RT-14), or
// the NAT gateway, firewall endpoint or interface endpoint behind it.
import { HopComponent, HopNote, HopKind } from '../abi/hops';
import { EniDetailField, EniField, EniFlag, EniKind } from '../abi/image';
import { Code } from '../abi/codes';
import { NONE } from '../abi/version';
import { ownerOfDestinationInVpc, ownsDestination } from './address-ownership';
import { downActive, downRootIndex, eniDown, eniDownRoot } from './down-set';
import { eni, eniDetail, subnet } from './image';
import { natGateway } from './nat-gateway';
import { firewallEndpoint } from './network-firewall';
import { TCP, markSourcePortRead, packet } from './packet';
import { sgAllowingRule, sgAllows, sgRefusal } from './sg';
import { routeFrom, routeFrom4 } from './walk-route';
import { ARRIVE_ENI, INGRESS_TRANSIT_GATEWAY, arrive, block, direction, fail, ingress, pass, setLocalFrom, setViaAppliance } from './walk-state';
import { tgwAsymmetricAttachment } from './walk-tgw-path';
import { isReply, track, trackArrival, trackForward } from './walk-tracking';

/**
 * TRACE-15: the ENI of `e`'s host (`e` itself, or another ENI of its instance) that holds the packet's
 * destination as a private address, or NONE.
 */
export function hostHolding(e: i32): i32 {
  if (ownsDestination(e)) return e;
  if (eni(e, EniField.Kind) != EniKind.Instance) return NONE;
  return otherEniOfHost(e, eni(e, EniField.Flags));
}

/**
 * hostHolding past its first test, for an instance's ENI `e` (`flags`: its flags) not holding the
 * destination: another ENI of its instance, or NONE.
 */
// @ts-ignore: decorator
@inline export function otherEniOfHost(e: i32, flags: i32): i32 {
  // The flag first: the owner is in the ENI's detail record, read only for an instance with several ENIs.
  if (flags & EniFlag.SoleOfInstance) return NONE;
  const instance = eniDetail(e, EniDetailField.Owner);
  if (instance < 0) return NONE;
  const v = eni(e, EniField.Vpc);
  // AWS: every network interface of an instance is in the instance's VPC.
  const d = v >= 0 ? ownerOfDestinationInVpc(v) : NONE;
  return d >= 0 && eni(d, EniField.Kind) == EniKind.Instance && eniDetail(d, EniDetailField.Owner) == instance ? d : NONE;
}

/** TRACE-15 CHOICE: a packet to its host's own address is delivered by the host: one hop, no security group, ACL or route. */
export function insideHost(e: i32): i32 {
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
@inline export function checkUp(e: i32): i32 {
  return checkUpWith(e, eni(e, EniField.Flags));
}

/** checkUp for a caller that read `e`'s flags already. */
// @ts-ignore: decorator
@inline export function checkUpWith(e: i32, flags: i32): i32 {
  // Inline: the walk asks at every ENI, and nearly always the answer is "up" (no down set, running).
  // One test of an `or` (as `&&`, V8 computed both operands with setcc and cmov).
  if (((flags & EniFlag.Stopped) | <i32>downActive) == 0) return 0;
  return checkUpOrDown(e);
}

/** checkUp when something is down or the instance is stopped. */
function checkUpOrDown(e: i32): i32 {
  if (downActive && eniDown(e)) {
    const nat = eniDetail(e, EniDetailField.Owner);
    const root = eniDownRoot(e);
    if (eni(e, EniField.Kind) == EniKind.NatGateway && nat >= 0) return fail(HopKind.NAT_GATEWAY, HopComponent.NatGateway, nat, Code.BAD_STATE, NONE, HopNote.ZoneDown, root, downRootIndex);
    return fail(HopKind.NETWORK_INTERFACE, HopComponent.InstanceOrInterface, e, Code.BAD_STATE, NONE, HopNote.Down, root, downRootIndex);
  }
  if (eni(e, EniField.Flags) & EniFlag.Stopped) return fail(HopKind.NETWORK_INTERFACE, HopComponent.InstanceOrInterface, e, Code.BAD_STATE, NONE);
  return 0;
}

/**
 * A packet leaves an ENI: its security groups' egress rules, then its subnet's route table. One copy per
 * direction (the walk's start and the response's first step know theirs): the response's copy looks for
 * the tracked request first (SG-7), the forward one never does. A router appliance (RT-14) forwards in
 * either direction and picks the copy at run time.
 */
export function leaveEni(e: i32): i32 {
  return direction == 0 ? leaveEniForward(e) : leaveEniResponse(e);
}

/** leaveEni forward from an instance or interface ENI `e` (the walk's start, an appliance): ENIs with groups (SG-16). */
export function leaveEniForward(e: i32): i32 {
  return leave<Forward>(e);
}

/** leaveEniForward for an IPv4 packet (the walk's start, which tested the family): no family tests. */
export function leaveEniForward4(e: i32): i32 {
  return leave<Forward4>(e);
}

export function leaveEniResponse(e: i32): i32 {
  return leave<Response>(e);
}

// leave's copies (forward, forward IPv4, response), told apart at compile time by their type argument's
// size (as arriveAt's below).
type Forward = u8;
type Forward4 = u16;
type Response = u32;

function leave<Direction>(e: i32): i32 {
  const forward = sizeof<Direction>() <= 2;
  const four = sizeof<Direction>() == 2;
  const c = checkSecurityGroups(e, true, forward ? FORWARD : RESPONSE, forward, four);
  if (c) return c;
  return four ? routeFrom4(eni(e, EniField.Subnet), e) : routeFrom(eni(e, EniField.Subnet), e);
}

// checkSecurityGroups' `known` direction: the caller's, or ANY_DIRECTION (read `direction` at run time).
const FORWARD: i32 = 0;
const RESPONSE: i32 = 1;
const ANY_DIRECTION: i32 = -1;

/**
 * The ingress check, a copy per direction (the response's starts at its tracked request, SG-7). Its
 * callers are instances, interfaces (arriveAt) and interface endpoints: ENIs with groups (SG-16).
 * `own`: the ENI holds the packet's destination, so the forward ends here and its entry is deferred
 * (trackArrival).
 */
function checkIngressSecurityGroups(e: i32, own: bool = false): i32 {
  return direction == 0 ? checkIngressForward(e, own) : checkIngressResponse(e);
}

/**
 * checkIngressSecurityGroups for an IPv4 packet delivered to `e` (arriveAtOwner4): the forward copy's rule
 * scan without family tests, its entry deferred.
 */
function checkIngressSecurityGroups4(e: i32): i32 {
  return direction == 0 ? checkSecurityGroups(e, false, FORWARD, true, true, true) : checkIngressResponse(e);
}

// Inline in the dispatch above: one call for the forward check where there were two.
// @ts-ignore: decorator
@inline function checkIngressForward(e: i32, own: bool): i32 {
  return checkSecurityGroups(e, false, FORWARD, true, false, own);
}

function checkIngressResponse(e: i32): i32 {
  return checkSecurityGroups(e, false, RESPONSE, true);
}

/**
 * ENI `e`'s security groups, egress or ingress rules (SG-1..7); a passing packet is tracked for its reply.
 * `grouped`: the caller knows `e`'s kind has groups (SG-16), so the kind is not read; `four`: that the packet is IPv4.
 */
// @ts-ignore: decorator
@inline function checkSecurityGroups(e: i32, egress: bool, known: i32, grouped: bool, four: bool = false, arrival: bool = false): i32 {
  if (!grouped && !hasSecurityGroups(e)) return 0;
  const kind = egress ? HopKind.SECURITY_GROUP_EGRESS : HopKind.SECURITY_GROUP_INGRESS;
  const response = known == ANY_DIRECTION ? direction == 1 : known == RESPONSE;
  // SG-7: the response to a tracked flow is allowed whatever the rules of this direction.
  if (response && isReply(e)) return pass(kind, HopComponent.SecurityGroupOfInterface, e, NONE);
  // The rules read the response's destination port, the flow's source port (packet.ts sourcePortRead).
  if (response) markSourcePortRead();
  if (!sgAllows(e, egress, four)) {
    const c = block(kind, HopComponent.SecurityGroupOfInterface, e, sgRefusal(e, egress), NONE);
    if (c) return c;
    // TRACE-8 allBlocking: a blocked flow goes on as if allowed, so its response is tracked too.
    trackIn(e, known, arrival);
    return 0;
  }
  trackIn(e, known, arrival);
  return pass(kind, HopComponent.SecurityGroup, NONE, sgAllowingRule);
}

/**
 * track(), or in a known forward direction trackForward() (its entry pending until read: conntrack.ts),
 * or at the ENI the forward is delivered to (`arrival`: its last insert) trackArrival().
 */
// @ts-ignore: decorator
@inline function trackIn(e: i32, known: i32, arrival: bool): void {
  if (known == FORWARD) {
    if (arrival) trackArrival(e);
    else trackForward(e);
  } else track(e);
}

/** SG-16: NAT gateway, TGW attachment and firewall endpoint ENIs have none. */
function hasSecurityGroups(e: i32): bool {
  // One test of a bit set of kinds (three compares cost ~15 instructions per flow, at 2.5 checks a flow).
  const kind = <u32>eni(e, EniField.Kind);
  return kind <= <u32>EniKind.FirewallEndpoint && ((WITH_SECURITY_GROUPS >>> kind) & 1) != 0;
}

/** SG-16: the ENI kinds that have security groups, one bit each. */
const WITH_SECURITY_GROUPS: u32 = (1 << EniKind.Instance) | (1 << EniKind.Interface) | (1 << EniKind.VpcEndpoint);

/** A packet reaches an ENI (the inbound NACL of its subnet was already checked). */
export function arriveAtEni(e: i32): i32 {
  return arriveAt<MaybeOwner>(e);
}

/**
 * arriveAtEni for the ENI an owner lookup of the packet's destination found (ADDR-10: ownerInVpc's
 * tables hold exactly the ENIs' private addresses, so it holds the destination): compiled with that
 * known, without ownsDestination and the branches of a packet not addressed to the ENI.
 */
export function arriveAtOwner(e: i32): i32 {
  return arriveAt<KnownOwner>(e);
}

/** arriveAtOwner for an IPv4 packet (routeFromOf<Ipv4>'s deliveries). */
export function arriveAtOwner4(e: i32): i32 {
  return arriveAt<KnownOwner4>(e);
}

// arriveAt's copies (known owner, known owner IPv4, maybe owner), told apart at compile time by their type
// argument's size (a generic, not an inlined bool: arriveAt reaches itself through leaveEni, and asc does not
// inline a function into itself).
type KnownOwner = u8;
type KnownOwner4 = u16;
type MaybeOwner = u32;

function arriveAt<Ownership>(e: i32): i32 {
  const owner = sizeof<Ownership>() <= 2;
  const four = sizeof<Ownership>() == 2;
  let c = checkUp(e);
  if (c) return c;
  const kind = eni(e, EniField.Kind);
  // Instances and interfaces (nearly every arrival) past one compare; the other kinds are what is behind the ENI.
  if (kind > EniKind.Interface) {
    // The path goes on past this ENI: the response is not the local route's mirror (walk-reply.ts).
    setLocalFrom(NONE);
    if (kind == EniKind.NatGateway) return natGateway(e);
    if (kind == EniKind.TransitGatewayAttachment) return fail(HopKind.NETWORK_INTERFACE, HopComponent.NetworkInterface, e, Code.NO_PATH, NONE);
    if (kind == EniKind.FirewallEndpoint) return firewallEndpoint(e);
    if (kind == EniKind.VpcEndpoint) return arriveAtInterfaceEndpoint(e);
  }
  const own = owner || ownsDestination(e);
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
  // At an ENI holding the destination the forward ends: its entry deferred (trackArrival).
  c = four ? checkIngressSecurityGroups4(e) : checkIngressSecurityGroups(e, own);
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
  const c = checkIngressSecurityGroups(e);
  if (c) return c;
  const p = endpointHop(HopKind.INTERFACE_ENDPOINT, e, Code.REACHABLE);
  if (p) return p;
  arrive(ARRIVE_ENI, e);
  return 0;
}

/** The endpoint an interface endpoint ENI belongs to names its hops; without one, the ENI. */
export function endpointHop(kind: i32, e: i32, code: i32): i32 {
  const ep = eniDetail(e, EniDetailField.Owner);
  const component = ep >= 0 ? HopComponent.VpcEndpoint : HopComponent.NetworkInterface;
  const id = ep >= 0 ? ep : e;
  return code == Code.REACHABLE ? pass(kind, component, id, NONE) : fail(kind, component, id, code, NONE);
}

/** As endpointHop, for a blocker the walk can go past (TRACE-8). */
function endpointBlock(kind: i32, e: i32, code: i32): i32 {
  const ep = eniDetail(e, EniDetailField.Owner);
  return block(kind, ep >= 0 ? HopComponent.VpcEndpoint : HopComponent.NetworkInterface, ep >= 0 ? ep : e, code, NONE);
}
