// The packet walk (SEMANTICS.md §2-§6, §12): a port of the reference walk (src/reference/walk.ts and
// route-targets.ts) over the compiled image, forward packet first, then its response (TRACE-5/6).
// Read top to bottom, it follows the packet:
//
//   walkFlow       one flow: the forward packet, then the response from where the forward one arrived
//                  (walk-local.ts first: an untraced flow between two ENIs of one VPC, in one pass; then
//                  walk-peering.ts: one over a VPC peering connection)
//   start          the source sends: is it up (TRACE-12)? an Amazon-provided service on its host (NACL-12)?
//   leaveEni       (walk-eni.ts) the security groups' egress rules (SG-*), a copy per direction
//   routeFrom      (walk-route.ts) the route table of the subnet the packet is in (RT-3, RT-16)
//   routeTarget    (walk-route.ts) one branch per target kind (RT-9): local, NAT gateway, ENI, peering,
//                  gateway endpoint; the network ACLs between subnets on the way (crossSubnets, NACL-10)
//   deliverInVpc   (walk-route.ts) the local route: the ENI holding the destination
//                  (intoVpcThroughEdge: RT-15 first)
//   arriveAtEni    (walk-eni.ts) up? source/destination check (RT-13), the security groups' ingress
//                  rules; then the destination, or a router appliance forwarding (RT-14), or the NAT
//                  gateway, firewall endpoint or interface endpoint behind the ENI
//   the response   from the internet, on premises, an AWS service, a host service, or the ENI it reached
//                  (walk-reply.ts: after a delivery by the local route or over peering, or from the
//                  internet, without the forward's lookups)
//
// Steps in other modules, called from here; they call back into the walk's entry points, its one
// genuine recursion (a packet may pass through each of them more than once, up to TRACE-11's limit):
//   walk-eni.ts           leaveEni, arriveAtEni: the packet at an ENI (security groups, TRACE-15's host)
//   walk-route.ts         routeFrom, routeTarget, deliverInVpc: route tables, targets, network ACLs
//   internet-gateway.ts   toInternetGateway, toEgressOnlyInternetGateway, fromInternet (GW-2..6, GW-16)
//   nat-gateway.ts        natGateway (GW-7..15)
//   transit-gateway.ts    toTransitGateway (TGW-*)
//   on-premises.ts        toVpnGatewayTarget, fromOnPremises (HYB-*)
//   network-firewall.ts   firewallEndpoint (NFW-*)
// Entry points they call back (walk-route.ts): routeFrom, crossSubnets, badTarget, deliverInVpc,
// intoVpcThroughEdge.
//
// Every step returns 0 to go on or the blocking code (TRACE-8), through the hop writer of
// walk-state.ts, which also holds what the steps share (direction, ingress, arrival; the transit
// gateway path in walk-tgw-path.ts). Around the walk: walk-batch.ts (batches in, verdicts out; Monte Carlo's one flow),
// address-ownership.ts and address-classes.ts (who holds an address; RFC ranges), route-lookup.ts
// (RT-3 under the down set). UNSUPPORTED (255) remains only for an origin the image does not know.
import { Origin, VERDICT_UNSUPPORTED } from '../abi/batch';
import { HopComponent, HopNote, HopKind } from '../abi/hops';
import { EniField, EniFlag, EniKind, Section } from '../abi/image';
import { VpcEndpointField } from '../abi/image-gateways';
import { Code } from '../abi/codes';
import { NONE } from '../abi/version';
import { amazonProvidedServiceAt, holdsOtherIp4, ownsDestination } from './address-ownership';
import { downActive } from './down-set';
import { eni, field, record, recordCount } from './image';
import { fromInternet } from './internet-gateway';
import { fromOnPremises } from './on-premises';
import { ICMP, ICMPV6, TCP, UDP, packet } from './packet';
import { checkUp, checkUpWith, endpointHop, hostHolding, insideHost, leaveEniForward, leaveEniForward4, leaveEniResponse, otherEniOfHost } from './walk-eni';
import { localFlow4 } from './walk-local';
import { peeringFlow4 } from './walk-peering';
import { aheadTable, clearAheadRoute } from './route-lookup';
import { NOT_LOCAL, internetReply, localReply } from './walk-reply';
import { deliverInVpc, routeFrom } from './walk-route';
import {
  ARRIVE_AMAZON_SERVICE,
  ARRIVE_AWS_SERVICE,
  ARRIVE_ENI,
  ARRIVE_INTERNET,
  ARRIVE_ON_PREMISES,
  arrivalEni,
  arrivalKind,
  arrivalService,
  arrive,
  arriveAtAmazonService,
  direction,
  fail,
  flowVerdict,
  forwardBegin,
  localPass,
  forwardEnd,
  pass,
  responseBegin,
  responseEnd,
} from './walk-state';

/**
 * Walks one flow, the packet already set (walk-batch.ts): the verdict; the hop counts of each
 * direction and the blocking hop are in walk-state.ts.
 */
export function walkFlow(origin: i32, destination: i32 = NONE): i32 {
  // The local class in one pass (walk-local.ts), untraced; NOT_LOCAL when the flow is not of it.
  if (localPass) {
    if (packet.family == 4) {
      const local = localFlow4(origin, destination);
      if (local != NOT_LOCAL) return local;
      // A route leaveVpc4 found (aheadTable): a flow over a peering connection in one pass (walk-peering.ts).
      if (aheadTable >= 0) {
        const peered = peeringFlow4(origin, destination);
        if (peered != NOT_LOCAL) {
          clearAheadRoute();
          return peered;
        }
      }
    }
  }
  return flowVerdict(walkDirections(origin, destination));
}

/**
 * The forward direction, which must arrive at the `destination` ENI when the query names one (TRACE-13), then
 * (TRACE-5) the response, which must arrive back where the flow started.
 */
function walkDirections(origin: i32, destination: i32): i32 {
  forwardBegin(origin);
  let reached = start(origin);
  // TRACE-13: delivered to another ENI with the same address (overlapping CIDRs, PCX-PARTIAL) is not delivered.
  // (Nested tests: as one && chain, V8 computed them with setcc.)
  if (destination >= 0) {
    if (reached == 0 && !(arrivalKind == ARRIVE_ENI && arrivalEni == destination)) reached = notDestination();
  }
  const forward = forwardEnd(reached);
  if (forward != 0) return forward;
  // TRACE-5: TCP, UDP and ICMP echo requests need their response to come back; for an echo, the reply's
  // ICMP type (TRACE-3). Asked only of the flows that got there: the forward walk never rewrites the
  // protocol or ICMP type. TCP and UDP past one compare each.
  const p = packet.protocol;
  let echoReply = -1;
  // A switch: as nested tests (on the local or a second load), Binaryen made an `and` of two setcc.
  switch (p) {
    case TCP:
    case UDP:
      break;
    default:
      echoReply = echoReplyType(p);
      if (echoReply < 0) return 0;
  }
  // The response: addresses and ports swapped, echo request -> echo reply (TRACE-3).
  const back = arrivalKind;
  const backEni = arrivalEni;
  const backService = arrivalService;
  packet.swap();
  if (echoReply >= 0) packet.setIcmp(echoReply, packet.icmpCode);
  if (back == ARRIVE_ENI) {
    if (origin >= 0) {
      // Delivered by the local route inside one VPC, or over peering: the response without the lookups (walk-reply.ts).
      const local = localReply(origin, backEni);
      if (local != NOT_LOCAL) return responseEnd(local);
    } else if (origin == Origin.Internet) {
      // From the internet: the response out through the internet gateway (walk-reply.ts).
      const out = internetReply(backEni);
      if (out != NOT_LOCAL) return responseEnd(out);
    }
  }
  responseBegin();
  const response = back == ARRIVE_ENI ? fromEni(backEni)
    : back == ARRIVE_INTERNET ? fromInternet()
    : back == ARRIVE_ON_PREMISES ? fromOnPremises(backEni)
    : back == ARRIVE_AWS_SERVICE ? fromAwsService(backEni)
    : back == ARRIVE_AMAZON_SERVICE ? fromAmazonProvidedService(backEni, backService)
    : fromEni(backEni);
  if (response != 0) return responseEnd(response);
  const home = origin >= 0 ? arrivalKind == ARRIVE_ENI && arrivalEni == origin
    : origin == Origin.Internet ? arrivalKind == ARRIVE_INTERNET
    : origin == Origin.OnPremises ? arrivalKind == ARRIVE_ON_PREMISES
    : arrivalKind == ARRIVE_ON_PREMISES && arrivalEni == Origin.OnPremisesVia - origin;
  // The answer says where it went instead (Ref: the arrival kind, Ref2: the ENI, connection, endpoint or service).
  if (!home) return responseEnd(fail(HopKind.NETWORK_INTERFACE, HopComponent.None, NONE, Code.NO_PATH, NONE, HopNote.None, arrivalKind, arrivedAt()));
  return responseEnd(0);
}

/** The response leaves the ENI the request reached: inside its host (TRACE-15), or out through its security groups. */
function fromEni(e: i32): i32 {
  const host = hostHolding(e);
  return host >= 0 ? insideHost(host) : leaveEniResponse(e);
}

/** What the last direction was delivered to, as Ref2 of a NO_PATH hop names it (with Ref = arrivalKind). */
function arrivedAt(): i32 {
  return arrivalKind == ARRIVE_AMAZON_SERVICE ? arrivalService : arrivalEni;
}

/** TRACE-13 CHOICE: NO_PATH, naming where the forward packet was delivered instead of the destination ENI. */
function notDestination(): i32 {
  return fail(HopKind.NETWORK_INTERFACE, HopComponent.None, NONE, Code.NO_PATH, NONE, HopNote.NotDestination, arrivalKind, arrivedAt());
}

/** TRACE-3, TRACE-5: the ICMP type of the reply to an echo request of protocol `p` (not TCP or UDP), or -1: no response. */
function echoReplyType(p: i32): i32 {
  if (p == ICMP) return packet.icmpType == 8 ? 0 : -1;
  if (p == ICMPV6) return packet.icmpType == 128 ? 129 : -1;
  return -1;
}

/** The forward packet leaves its origin: the internet, on premises, or an ENI (VERDICT_UNSUPPORTED for an unknown one). */
function start(origin: i32): i32 {
  // An ENI (most origins) past one compare.
  if (origin < 0) {
    if (origin == Origin.Internet) return fromInternet();
    if (origin == Origin.OnPremises) return fromOnPremises(NONE);
    if (origin <= Origin.OnPremisesVia) return fromOnPremises(Origin.OnPremisesVia - origin);
    return VERDICT_UNSUPPORTED;
  }
  if (origin >= recordCount(Section.Eni)) return VERDICT_UNSUPPORTED;
  const kind = eni(origin, EniField.Kind);
  // Instances and interfaces (nearly every ENI origin) past one compare.
  if (kind <= EniKind.Interface) return startFromHost(origin, kind);
  // VPCE-12: an endpoint never initiates connections.
  if (kind == EniKind.VpcEndpoint) return endpointHop(HopKind.INTERFACE_ENDPOINT, origin, Code.VPCE_INTRA_VPC_TRAFFIC);
  const c = checkUp(origin);
  if (c) return c;
  // TRACE-15: loopback never leaves the host; the ENI's own address is delivered inside it.
  if (isLoopbackDestination()) return loopback(origin);
  // TRACE-15: only an instance's ENI has other ENIs on its host, so this is the ENI's own address.
  if (ownsDestination(origin)) return insideHost(origin);
  // SG-16: a NAT gateway's, attachment's or firewall endpoint's ENI has no groups: its route table.
  return routeFrom(eni(origin, EniField.Subnet), origin);
}

/**
 * start() from an instance or interface ENI (`kind`): the same steps (not an endpoint: VPCE-12 does not
 * apply), with the host lookup's and NACL-12's kind tests decided.
 */
// @ts-ignore: decorator
@inline function startFromHost(origin: i32, kind: i32): i32 {
  // The flags, read once: TRACE-12's stopped instance, TRACE-15's sole ENI and other IPv4 addresses.
  const flags = eni(origin, EniField.Flags);
  // checkUp as a branch (as its bool, V8 kept a 0 to test again): nearly always nothing is down. One
  // test of an `or` (as `||`, V8 computed both operands with setcc and cmov).
  if ((flags & EniFlag.Stopped) | <i32>downActive) {
    const c = checkUpWith(origin, flags);
    if (c) return c;
  }
  if (packet.family != 4) return startFromHost6(origin, kind, flags);
  // IPv4: each test a branch on the destination's word (as calls returning bools, V8 made setcc chains).
  const a = packet.dst0;
  if ((a >>> 24) == 127) return loopback(origin);
  // TRACE-15: the ENI's own address (ownsDestination), or (an instance's) another ENI of its host.
  const primary = <u32>eni(origin, EniField.PrimaryIp4);
  // The inner test reads the packet's word again: a load Binaryen cannot hoist, so it stays a branch
  // (on the local, Binaryen merged the two tests into an `and` that V8 made sete / cmov).
  if (primary == a) {
    if (packet.dst0 != 0) return insideHost(origin);
  }
  if (flags & EniFlag.MoreIp4) {
    if (holdsOtherIp4(origin, primary, a)) return insideHost(origin);
  }
  // The sole-ENI flag tested here (inside otherEniOfHost, its NONE became a -1 that V8 tested again).
  if (kind == EniKind.Instance) {
    if (!(flags & EniFlag.SoleOfInstance)) {
      const host = otherEniOfHost(origin, flags);
      if (host >= 0) return insideHost(host);
    }
  }
  // NACL-12: instances and user-created ENIs talk to the Amazon-provided services on their host; their
  // addresses end in 0x2 (a VPC's DNS, ADDR-7) or lie in 169.254.0.0/16 (two branches: as one ||, V8 made setcc).
  if ((a & 0xf) == 2) return startToService(origin);
  if ((a >>> 16) == 0xa9fe) return startToService(origin);
  return leaveEniForward4(origin);
}

/** startFromHost's last step for a destination that may be an Amazon-provided service's (NACL-12). */
function startToService(origin: i32): i32 {
  const service = hostService(origin);
  if (service >= 0) return toAmazonProvidedService(origin, service);
  return leaveEniForward(origin);
}

/** startFromHost for IPv6, past checkUp. */
function startFromHost6(origin: i32, kind: i32, flags: i32): i32 {
  if (isLoopbackDestination()) return loopback(origin);
  if (ownsDestination(origin)) return insideHost(origin);
  if (kind == EniKind.Instance) {
    const host = otherEniOfHost(origin, flags);
    if (host >= 0) return insideHost(host);
  }
  const service = hostService(origin);
  if (service >= 0) return toAmazonProvidedService(origin, service);
  return leaveEniForward(origin);
}

/** NACL-12: the Amazon-provided service at the destination on ENI `e`'s host, or -1. */
function hostService(e: i32): i32 {
  const v = eni(e, EniField.Vpc);
  return v >= 0 ? amazonProvidedServiceAt(v) : -1;
}

/** TRACE-15: loopback never leaves the host. */
function loopback(origin: i32): i32 {
  return fail(HopKind.NETWORK_INTERFACE, HopComponent.InstanceOrInterface, origin, Code.VPCSIM_LOOPBACK_DESTINATION, NONE);
}

/** TRACE-15: 127.0.0.0/8 (RFC 1122 3.2.1.3) or ::1 (RFC 4291 2.5.3). */
function isLoopbackDestination(): bool {
  if (packet.family == 4) return (packet.dst0 >>> 24) == 127;
  return packet.dst0 == 0 && packet.dst1 == 0 && packet.dst2 == 0 && packet.dst3 == 1;
}

/** NACL-12: no security group, network ACL or route table is involved, in either direction. */
function toAmazonProvidedService(e: i32, service: i32): i32 {
  const c = pass(HopKind.AWS_SERVICE, HopComponent.AmazonService, service, NONE);
  if (c) return c;
  arriveAtAmazonService(e, service);
  return 0;
}

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
