// The reference packet walk: SEMANTICS.md §2-§10 applied in path order (TRACE-7), forward packet
// first, then its response (TRACE-5, TRACE-6). Written for readability, not speed: it is the spec
// the WebAssembly walk (assembly/) is differential-tested against.
//
// Each step either records a passing hop and moves on, or records the blocking hop and stops the
// walk by throwing `Blocked` (TRACE-8: the first blocker decides).
import { Code, Direction, HopKind } from '../analyze/codes.js';
import { formatAddress } from '../model/ip.js';
import type { NetworkInterface, Resource, Subnet, Topology, Vpc } from '../model/types.js';
import { inPrefix, isPublicAddress, isRfc1918, isRfc6598 } from './addresses.js';
import { FlowState } from './conntrack.js';
import { evaluateStateful, evaluateStateless } from './firewall.js';
import {
  PROTOCOL_ICMP,
  PROTOCOL_ICMPV6,
  PROTOCOL_TCP,
  PROTOCOL_UDP,
  type Arrival,
  type BlockedAt,
  type Flow,
  type FlowOrigin,
  type Hop,
  type TraceDirection,
  type WalkOptions,
  type WalkResult,
} from './flow.js';
import { onPremisesPathsOfTgwAttachment, onPremisesPathsOfVgw, onPremisesSourceConnection, vpnIsUp } from './hybrid.js';
import { describeNaclDecision, evaluateNetworkAcl } from './nacl.js';
import { NetworkIndex } from './network-index.js';
import { hasPorts } from './rule-match.js';
import { routeTargets, type RouteContext } from './route-targets.js';
import { inVpcCidr, longestPrefixMatch, routesOf } from './routing.js';
import { describeSgDecision, evaluateSecurityGroups, groupsOf } from './sg.js';
import { attachmentSubnetFor, tgwLongestPrefixMatch, tgwRoutesOf } from './tgw.js';

/** TRACE-11 CHOICE: at most 64 hops per direction. */
export const MAX_HOPS = 64;

/** How the packet entered the VPC it is in: edge-to-edge and transitivity rules depend on it (PCX-3/4, GW-11, VPCE-5). */
export type Ingress = 'vpc' | 'internet' | 'peering' | 'transit-gateway' | 'on-premises';

class Blocked extends Error {
  constructor(readonly code: number, readonly detail: string) {
    super(detail);
  }
}

const indexCache = new WeakMap<Topology, NetworkIndex>();

export function networkIndex(t: Topology): NetworkIndex {
  let ix = indexCache.get(t);
  if (!ix) {
    ix = new NetworkIndex(t);
    indexCache.set(t, ix);
  }
  return ix;
}

/** TRACE-5: TCP, UDP and ICMP echo requests need their response to come back. */
export function needsResponse(flow: Flow): boolean {
  if (flow.protocol === PROTOCOL_TCP || flow.protocol === PROTOCOL_UDP) return true;
  return (flow.protocol === PROTOCOL_ICMP && flow.icmpType === 8) || (flow.protocol === PROTOCOL_ICMPV6 && flow.icmpType === 128);
}

/** The response to a delivered packet: addresses and ports swapped, echo request -> echo reply (TRACE-3). */
export function responseTo(p: Flow): Flow {
  const icmpType = p.protocol === PROTOCOL_ICMP && p.icmpType === 8 ? 0 : p.protocol === PROTOCOL_ICMPV6 && p.icmpType === 128 ? 129 : p.icmpType;
  return { ...p, src: p.dst, dst: p.src, srcPort: p.dstPort, dstPort: p.srcPort, icmpType };
}

/**
 * Walks `flow` from `origin` through the topology and back.
 * verdict 0 = the packet arrives and (for TCP/UDP/ICMP echo) its response arrives back at the origin.
 */
export function referenceWalk(t: Topology, flow: Flow, origin: FlowOrigin, options: WalkOptions = {}): WalkResult {
  const walker = new Walker(networkIndex(t), new FlowState(), options);
  const forward: Hop[] = [];
  const packet: Flow = { ...flow };
  let arrival: Arrival;
  try {
    arrival = walker.run('forward', forward, () => walker.start(origin, packet));
  } catch (err) {
    return blockedResult(err, 'forward', forward, []);
  }
  if (options.forwardOnly || !needsResponse(flow)) return { verdict: Code.REACHABLE, forward, response: [], arrival };
  const response: Hop[] = [];
  try {
    const back = walker.run('response', response, () => walker.startResponse(arrival, responseTo(packet)));
    if (!sameEndpoint(back, origin)) {
      walker.run('response', response, () => walker.fail(HopKind.NETWORK_INTERFACE, undefined, 'AWS::EC2::NetworkInterface', Code.NO_PATH, `the response is delivered to ${describeArrival(back)}, not to the source`));
    }
  } catch (err) {
    return blockedResult(err, 'response', forward, response, arrival);
  }
  return { verdict: Code.REACHABLE, forward, response, arrival };
}

function sameEndpoint(a: Arrival, origin: FlowOrigin): boolean {
  if (origin.kind === 'network-interface') return a.kind === 'network-interface' && a.networkInterfaceId === origin.networkInterfaceId;
  if (origin.kind === 'on-premises') return a.kind === 'on-premises' && (!origin.via || origin.via === a.via);
  return a.kind === origin.kind;
}

function describeArrival(a: Arrival): string {
  switch (a.kind) {
    case 'network-interface': return a.networkInterfaceId;
    case 'internet': return 'the internet';
    case 'on-premises': return `on-premises via ${a.via}`;
    case 'aws-service': return `an AWS service via ${a.via}`;
  }
}

function blockedResult(err: unknown, direction: TraceDirection, forward: Hop[], response: Hop[], arrival?: Arrival): WalkResult {
  if (!(err instanceof Blocked)) throw err;
  const hops = direction === 'forward' ? forward : response;
  const hopIndex = hops.length - 1;
  const hop = hops[hopIndex]!;
  const blockedAt: BlockedAt = { code: err.code, component: hop.component, type: hop.type, id: hop.id, direction, hopIndex, detail: err.detail };
  return { verdict: err.code, blockedAt, forward, response, arrival };
}

/** One walker per query: holds the index, the flow state and the current direction's hops. */
export class Walker implements RouteContext {
  direction: TraceDirection = 'forward';
  ingress: Ingress = 'vpc';
  /** TGW-10: the AZ the packet entered the transit gateway in. */
  tgwAz: string | undefined;
  /** SG-6: the transit gateway and attachments the packet crossed into the current VPC. */
  private tgwPath: { tgwId: string; inAttachmentId: string; outAttachmentId: string } | undefined;
  private hops: Hop[] = [];
  private packet!: Flow;

  constructor(readonly ix: NetworkIndex, readonly state: FlowState, readonly options: WalkOptions) {}

  run(direction: TraceDirection, hops: Hop[], body: () => Arrival): Arrival {
    this.direction = direction;
    this.hops = hops;
    this.ingress = 'vpc';
    this.tgwAz = undefined;
    this.tgwPath = undefined;
    return body();
  }

  get directionCode(): number {
    return this.direction === 'forward' ? Direction.FORWARD : Direction.RESPONSE;
  }

  // ---- hops -------------------------------------------------------------------------------------

  /** Records a passing hop. */
  pass(kind: number, res: Resource | undefined, type: string, action: string, extra: { rule?: string; info?: number[] } = {}): void {
    this.record(kind, res, type, Code.REACHABLE, action, extra);
  }

  /** Records the blocking hop and stops the walk. */
  fail(kind: number, res: Resource | undefined, type: string, code: number, action: string, rule?: string): never {
    this.record(kind, res, type, code, action, { rule });
    throw new Blocked(code, action);
  }

  private record(kind: number, res: Resource | undefined, type: string, code: number, action: string, extra: { rule?: string; info?: number[] }): void {
    if (this.hops.length >= MAX_HOPS && code === Code.REACHABLE) {
      this.hops.push(this.makeHop(kind, res, type, Code.NO_PATH, 'hop-limit', {}));
      throw new Blocked(Code.NO_PATH, 'hop-limit');
    }
    this.hops.push(this.makeHop(kind, res, type, code, action, extra));
  }

  private makeHop(kind: number, res: Resource | undefined, type: string, code: number, action: string, extra: { rule?: string; info?: number[] }): Hop {
    const p = this.packet;
    const packet = { src: formatAddress(p.family, p.src), dst: formatAddress(p.family, p.dst), ...(hasPorts(p.protocol) ? { srcPort: p.srcPort, dstPort: p.dstPort } : {}) };
    const hop: Hop = { kind, component: res?.logicalId ?? '', type, id: res?.id ?? '', code, action, packet };
    if (extra.rule !== undefined) hop.rule = extra.rule;
    if (extra.info && extra.info.length > 0) hop.info = extra.info;
    return hop;
  }

  isDown(id: string | undefined): boolean {
    return id !== undefined && (this.options.down?.has(id) ?? false);
  }

  private text(value: bigint): string {
    return formatAddress(this.packet.family, value);
  }

  // ---- starting points --------------------------------------------------------------------------

  start(origin: FlowOrigin, packet: Flow): Arrival {
    this.packet = packet;
    switch (origin.kind) {
      case 'network-interface': {
        const eni = this.ix.lookup.networkInterfaces.get(origin.networkInterfaceId);
        if (!eni) return this.fail(HopKind.NETWORK_INTERFACE, undefined, 'AWS::EC2::NetworkInterface', Code.NO_SOURCE_OR_DESTINATION, `no network interface ${origin.networkInterfaceId}`);
        // VPCE-12: an endpoint never initiates connections.
        if (eni.kind === 'vpc-endpoint') {
          const ep = eni.ownerId ? this.ix.vpcEndpoints.get(eni.ownerId) : undefined;
          return this.fail(HopKind.INTERFACE_ENDPOINT, ep ?? eni, 'AWS::EC2::VPCEndpoint', Code.VPCE_INTRA_VPC_TRAFFIC, `VPC endpoint ${(ep ?? eni).logicalId} does not initiate connections`);
        }
        this.checkUp(eni);
        return this.leaveEni(eni, packet);
      }
      case 'internet':
        return this.fromInternet(packet);
      case 'on-premises':
        return this.fromOnPremises(packet, origin.via);
    }
  }

  startResponse(arrival: Arrival, packet: Flow): Arrival {
    this.packet = packet;
    switch (arrival.kind) {
      case 'network-interface':
        return this.leaveEni(this.ix.lookup.networkInterfaces.get(arrival.networkInterfaceId)!, packet);
      case 'internet':
        return this.fromInternet(packet);
      case 'on-premises':
        return this.fromOnPremises(packet, arrival.via);
      case 'aws-service':
        return this.fromAwsService(packet, arrival.via);
    }
  }

  /** TRACE-12: a source or destination that is down, or an instance that is stopped. */
  private checkUp(eni: NetworkInterface): void {
    const instance = eni.ownerId ? this.ix.lookup.instances.get(eni.ownerId) : undefined;
    if (this.isDown(eni.id) || this.isDown(eni.subnetId) || this.isDown(instance?.id)) {
      this.fail(HopKind.NETWORK_INTERFACE, instance ?? eni, instance ? 'AWS::EC2::Instance' : 'AWS::EC2::NetworkInterface', Code.BAD_STATE, `${(instance ?? eni).logicalId} is down`);
    }
    if (instance && instance.state !== 'running') {
      this.fail(HopKind.NETWORK_INTERFACE, instance, 'AWS::EC2::Instance', Code.BAD_STATE, `instance ${instance.logicalId} is ${instance.state}`);
    }
  }

  // ---- ENIs and security groups (SG-*) ----------------------------------------------------------

  private hasSecurityGroups(eni: NetworkInterface): boolean {
    // SG-16: NAT gateway, TGW attachment and firewall endpoint ENIs have none.
    return eni.kind === 'instance' || eni.kind === 'interface' || eni.kind === 'vpc-endpoint';
  }

  /** The component named for a security-group decision: the group when there is one, else the instance (or ENI). */
  private sgComponent(eni: NetworkInterface): { res: Resource; type: string } {
    const groups = groupsOf(this.ix, eni);
    if (groups.length === 1) return { res: groups[0]!, type: 'AWS::EC2::SecurityGroup' };
    const instance = eni.ownerId ? this.ix.lookup.instances.get(eni.ownerId) : undefined;
    return instance ? { res: instance, type: 'AWS::EC2::Instance' } : { res: eni, type: 'AWS::EC2::NetworkInterface' };
  }

  private checkSecurityGroups(eni: NetworkInterface, egress: boolean): void {
    if (!this.hasSecurityGroups(eni)) return;
    const kind = egress ? HopKind.SECURITY_GROUP_EGRESS : HopKind.SECURITY_GROUP_INGRESS;
    const packet = this.packet;
    // SG-7: the response to a tracked flow is allowed whatever the rules of this direction.
    if (this.direction === 'response' && this.state.isReply(eni.id, packet)) {
      const { res, type } = this.sgComponent(eni);
      this.pass(kind, res, type, `${egress ? 'outbound' : 'inbound'} response of a tracked connection (security groups are stateful)`);
      return;
    }
    const d = evaluateSecurityGroups(this.ix, eni, egress, packet, (peer) => this.mayReferenceAcrossVpcs(eni, peer, egress));
    const action = describeSgDecision(this.ix, d, egress, packet, this.text(egress ? packet.dst : packet.src));
    if (!d.allowed) {
      const { res, type } = this.sgComponent(eni);
      const code = d.noRules ? Code.SG_HAS_NO_RULES : d.referencingBlocked ? Code.SG_REFERENCING_SUPPORT : Code.ENI_SG_RULES_MISMATCH;
      this.fail(kind, res, type, code, `blocked by ${type === 'AWS::EC2::SecurityGroup' ? 'security group' : 'the security groups of'} ${res.logicalId} (${res.id}) ${egress ? 'outbound' : 'inbound'}: ${action}`);
    }
    this.state.track(eni.id, packet);
    this.pass(kind, d.group, 'AWS::EC2::SecurityGroup', action);
  }

  /**
   * SG-5: a peer VPC's group may be referenced across an active peering; SG-6: across a transit gateway only in
   * inbound rules, and only when referencing support is enabled on the TGW and on both VPC attachments.
   */
  private mayReferenceAcrossVpcs(eni: NetworkInterface, peer: NetworkInterface, egress: boolean): boolean {
    const vpcA = this.ix.lookup.vpcOfInterface(eni.id)?.id;
    const vpcB = this.ix.lookup.vpcOfInterface(peer.id)?.id;
    const peered = this.ix.topology.vpcPeeringConnections.some(
      (p) => p.status === 'active' && ((p.requesterVpcId === vpcA && p.accepterVpcId === vpcB) || (p.requesterVpcId === vpcB && p.accepterVpcId === vpcA)),
    );
    if (egress || this.ingress !== 'transit-gateway') return peered && (egress || this.ingress === 'peering');
    const path = this.tgwPath;
    if (!path) return false;
    const tgw = this.ix.transitGateways.get(path.tgwId);
    const atts = [path.inAttachmentId, path.outAttachmentId].map((id) => this.ix.tgwAttachments.get(id));
    return !!tgw?.securityGroupReferencingSupport && atts.every((a) => a?.securityGroupReferencingSupport === true);
  }

  /** A packet leaves an ENI: its security groups' egress rules, then its subnet's route table. */
  leaveEni(eni: NetworkInterface, packet: Flow): Arrival {
    this.checkSecurityGroups(eni, true);
    return this.routeFrom(this.ix.lookup.subnets.get(eni.subnetId)!, packet, eni);
  }

  private ownsAddress(eni: NetworkInterface, packet: Flow): boolean {
    return packet.family === 4
      ? eni.privateIps.some((ip) => ip.address?.value === packet.dst)
      : eni.ipv6Addresses.some((a) => a.value === packet.dst);
  }

  /** A packet reaches an ENI (the NACL inbound of its subnet was already checked). */
  arriveAtEni(eni: NetworkInterface, packet: Flow): Arrival {
    this.checkUp(eni);
    switch (eni.kind) {
      case 'nat-gateway':
        return this.natGateway(eni, packet);
      case 'firewall-endpoint':
        return this.firewallEndpoint(eni, packet);
      case 'transit-gateway-attachment':
        return this.fail(HopKind.NETWORK_INTERFACE, eni, 'AWS::EC2::NetworkInterface', Code.NO_PATH, 'a transit gateway attachment interface is not a destination');
      case 'vpc-endpoint': {
        const ep = eni.ownerId ? this.ix.vpcEndpoints.get(eni.ownerId) : undefined;
        // VPCE-11: interface endpoints accept TCP only.
        if (packet.protocol !== PROTOCOL_TCP) this.fail(HopKind.INTERFACE_ENDPOINT, ep ?? eni, 'AWS::EC2::VPCEndpoint', Code.PROTOCOL_RESTRICTION, 'interface endpoints accept TCP only');
        this.checkSecurityGroups(eni, false);
        this.pass(HopKind.INTERFACE_ENDPOINT, ep ?? eni, 'AWS::EC2::VPCEndpoint', `delivered to interface endpoint ${ep?.logicalId ?? eni.logicalId} (${ep?.serviceName ?? 'service'})`);
        return { kind: 'network-interface', networkInterfaceId: eni.id };
      }
      default:
        return this.arriveAtInstanceEni(eni, packet);
    }
  }

  private arriveAtInstanceEni(eni: NetworkInterface, packet: Flow): Arrival {
    const own = this.ownsAddress(eni, packet);
    // RT-13: an ENI with source/destination check drops packets not addressed to it.
    if (!own && eni.sourceDestCheck) {
      this.fail(HopKind.NETWORK_INTERFACE, eni, 'AWS::EC2::NetworkInterface', Code.ENI_SOURCE_DEST_CHECK_RESTRICTION, `${eni.logicalId} (${eni.id}) has source/destination check enabled and ${this.text(packet.dst)} is not its address`);
    }
    this.checkSecurityGroups(eni, false);
    const owner = eni.ownerId ? this.ix.lookup.instances.get(eni.ownerId) : undefined;
    if (own) {
      this.pass(HopKind.NETWORK_INTERFACE, owner ?? eni, owner ? 'AWS::EC2::Instance' : 'AWS::EC2::NetworkInterface', `delivered to ${this.text(packet.dst)} on ${eni.id}`);
      return { kind: 'network-interface', networkInterfaceId: eni.id };
    }
    // RT-14 CHOICE: a router appliance forwards with its own subnet's route table; its SGs apply both ways.
    this.pass(HopKind.NETWORK_INTERFACE, owner ?? eni, owner ? 'AWS::EC2::Instance' : 'AWS::EC2::NetworkInterface', `forwards (source/destination check disabled on ${eni.id})`);
    return this.leaveEni(eni, packet);
  }

  // ---- subnets: network ACLs (NACL-*) and route tables (RT-*) -----------------------------------

  private checkNacl(subnet: Subnet, egress: boolean): void {
    const acl = this.ix.lookup.networkAclForSubnet(subnet.id);
    const kind = egress ? HopKind.NETWORK_ACL_OUTBOUND : HopKind.NETWORK_ACL_INBOUND;
    if (!acl) return; // finalizeTopology always provides one (NACL-1)
    const d = evaluateNetworkAcl(acl, egress, this.packet);
    const action = describeNaclDecision(d, egress);
    const rule = d.entry ? String(d.entry.ruleNumber) : '*';
    if (!d.allowed) {
      this.fail(kind, acl, 'AWS::EC2::NetworkAcl', Code.SUBNET_ACL_RESTRICTION, `blocked by network ACL ${acl.logicalId} (${acl.id}) ${egress ? 'outbound' : 'inbound'} of subnet ${subnet.logicalId}: ${action}`, rule);
    }
    this.pass(kind, acl, 'AWS::EC2::NetworkAcl', `${egress ? 'outbound' : 'inbound'} of subnet ${subnet.logicalId}: ${action}`, { rule });
  }

  /** NACL-10: outbound rules of the subnet left, inbound rules of the subnet entered; none within one subnet. */
  crossSubnets(from: Subnet | null, to: Subnet | null): void {
    if (from && to && from.id === to.id) return;
    if (from) this.checkNacl(from, true);
    if (to) this.checkNacl(to, false);
  }

  /** Route lookup in `subnet`'s route table (RT-16: the table of the subnet the packet is in). */
  routeFrom(subnet: Subnet, packet: Flow, fromEni: NetworkInterface | null): Arrival {
    const vpc = this.ix.lookup.vpcs.get(subnet.vpcId)!;
    const rt = this.ix.lookup.routeTableForSubnet(subnet.id);
    // RT-16: two ENIs of one subnet talk directly through the local route, never redirected.
    const owner = this.ix.ownerInVpc(vpc.id, packet.family, packet.dst);
    if (owner && owner.eni.subnetId === subnet.id && owner.eni !== fromEni) {
      this.pass(HopKind.ROUTE_TABLE, rt, 'AWS::EC2::RouteTable', `local delivery inside subnet ${subnet.logicalId}`, { rule: 'local' });
      return this.arriveAtEni(owner.eni, packet);
    }
    if (!rt) return this.fail(HopKind.ROUTE_TABLE, subnet, 'AWS::EC2::Subnet', Code.NO_ROUTE_TO_DESTINATION, `subnet ${subnet.logicalId} has no route table`);
    const match = longestPrefixMatch(routesOf(this.ix, rt), packet.family, packet.dst);
    if (!match) {
      return this.fail(HopKind.ROUTE_TABLE, rt, 'AWS::EC2::RouteTable', Code.NO_ROUTE_TO_DESTINATION, `route table ${rt.logicalId} (${rt.id}) has no route to ${this.text(packet.dst)}`);
    }
    const route = match.route;
    // RT-10, RT-11: a blackhole route wins LPM and drops.
    if (route.blackhole) {
      return this.fail(HopKind.ROUTE_TABLE, rt, 'AWS::EC2::RouteTable', Code.BAD_STATE_ROUTE, `route table ${rt.logicalId} (${rt.id}): route ${route.label} is a blackhole`, route.label);
    }
    this.pass(HopKind.ROUTE_TABLE, rt, 'AWS::EC2::RouteTable', `route ${route.label} in ${rt.logicalId}`, { rule: route.label, info: match.info });
    return routeTargets[route.target.kind](this, { from: subnet, vpc, route, routeTable: rt }, packet);
  }

  /** RT-15: traffic entering through an IGW or VGW follows its gateway route table, if any, else the local route. */
  intoVpcFromGateway(gatewayId: string, vpc: Vpc, packet: Flow): Arrival {
    const grt = this.ix.gatewayRouteTableOf(gatewayId);
    if (grt) {
      const match = longestPrefixMatch(routesOf(this.ix, grt), packet.family, packet.dst);
      if (match && match.route.target.kind !== 'local' && !match.route.blackhole) {
        this.pass(HopKind.GATEWAY_ROUTE_TABLE, grt, 'AWS::EC2::RouteTable', `gateway route table redirects ${match.route.label}`, { rule: match.route.label, info: [Code.INGRESS_RTB_TRAFFIC_REDIRECTION] });
        return routeTargets[match.route.target.kind](this, { from: null, vpc, route: match.route, routeTable: grt }, packet);
      }
    }
    return this.deliverInVpc(vpc, packet, null);
  }

  /** The local route: deliver to the ENI holding the destination address in `vpc`. */
  deliverInVpc(vpc: Vpc, packet: Flow, from: Subnet | null): Arrival {
    const owner = this.ix.ownerInVpc(vpc.id, packet.family, packet.dst);
    if (!owner) {
      return this.fail(HopKind.NETWORK_INTERFACE, vpc, 'AWS::EC2::VPC', Code.UNKNOWN_DESTINATION, `no network interface in ${vpc.logicalId} has address ${this.text(packet.dst)}`);
    }
    this.crossSubnets(from, this.ix.lookup.subnets.get(owner.eni.subnetId)!);
    return this.arriveAtEni(owner.eni, packet);
  }

  // ---- internet gateway, egress-only IGW (GW-2..6, GW-16) ---------------------------------------

  /** The packet leaves through an IGW or EIGW towards the internet. */
  toInternet(packet: Flow): Arrival {
    // A public address owned by the model: the packet comes back in through that VPC's gateway.
    if (this.ix.ownerOfPublic(packet.family, packet.dst)) return this.fromInternet(packet);
    if (!isPublicAddress(packet.family, packet.dst)) {
      return this.fail(HopKind.INTERNET, undefined, 'Internet', Code.UNKNOWN_DESTINATION, `${this.text(packet.dst)} is not a public address`);
    }
    this.pass(HopKind.INTERNET, undefined, 'Internet', `delivered to internet host ${this.text(packet.dst)}`);
    return { kind: 'internet' };
  }

  fromInternet(packet: Flow): Arrival {
    this.ingress = 'internet';
    const owner = this.ix.ownerOfPublic(packet.family, packet.dst);
    if (!owner) {
      const privateOwner = this.ix.ownerAnywhere(packet.family, packet.dst);
      if (privateOwner) {
        // GW-3, GW-4: a private-only address cannot be reached from the internet.
        const vpc = this.ix.lookup.vpcOfInterface(privateOwner.eni.id)!;
        const igw = this.ix.internetGatewayOfVpc(vpc.id);
        return this.fail(HopKind.INTERNET_GATEWAY, igw ?? privateOwner.eni, igw ? 'AWS::EC2::InternetGateway' : 'AWS::EC2::NetworkInterface', Code.IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS, `${this.text(packet.dst)} on ${privateOwner.eni.id} has no public IPv4 or Elastic IP address`);
      }
      return this.fail(HopKind.INTERNET, undefined, 'Internet', Code.UNKNOWN_DESTINATION, `no resource in the model has the public address ${this.text(packet.dst)}`);
    }
    const vpc = this.ix.lookup.vpcOfInterface(owner.eni.id)!;
    const igw = this.ix.internetGatewayOfVpc(vpc.id);
    if (packet.family === 6) return this.ipv6FromInternet(vpc, packet);
    if (!igw) return this.fail(HopKind.NETWORK_INTERFACE, vpc, 'AWS::EC2::VPC', Code.NO_PATH, `VPC ${vpc.logicalId} has no internet gateway`);
    // GW-6: the IGW drops ingress from RFC 1918 / RFC 6598 sources.
    if (isRfc1918(4, packet.src)) this.fail(HopKind.INTERNET_GATEWAY, igw, 'AWS::EC2::InternetGateway', Code.IGW_SOURCE_ADDRESS_NOT_IN_RFC1918_INGRESS, `source ${this.text(packet.src)} is an RFC 1918 address`);
    if (isRfc6598(4, packet.src)) this.fail(HopKind.INTERNET_GATEWAY, igw, 'AWS::EC2::InternetGateway', Code.IGW_SOURCE_ADDRESS_NOT_IN_RFC6598_INGRESS, `source ${this.text(packet.src)} is an RFC 6598 address`);
    const publicText = this.text(packet.dst);
    // GW-3: the IGW rewrites the public IPv4 / Elastic IP to the private IP it maps to.
    packet.dst = owner.privateIp!.address!.value;
    this.pass(HopKind.INTERNET_GATEWAY, igw, 'AWS::EC2::InternetGateway', `translates destination ${publicText} to private ${this.text(packet.dst)}`);
    return this.intoVpcFromGateway(igw.id, vpc, packet);
  }

  private ipv6FromInternet(vpc: Vpc, packet: Flow): Arrival {
    // GW-16: an egress-only IGW lets in only responses to flows that went out through it.
    const eigw = this.ix.egressOnlyGatewaysOfVpc(vpc.id).find((g) => this.state.isReply(g.id, packet));
    if (eigw) {
      this.pass(HopKind.EGRESS_ONLY_INTERNET_GATEWAY, eigw, 'AWS::EC2::EgressOnlyInternetGateway', 'response of an outbound-initiated IPv6 flow');
      return this.deliverInVpc(vpc, packet, null);
    }
    const igw = this.ix.internetGatewayOfVpc(vpc.id);
    if (igw) {
      // GW-5: IPv6 through an IGW is not translated and allowed both ways.
      this.pass(HopKind.INTERNET_GATEWAY, igw, 'AWS::EC2::InternetGateway', 'forwards IPv6 unchanged');
      return this.intoVpcFromGateway(igw.id, vpc, packet);
    }
    const only = this.ix.egressOnlyGatewaysOfVpc(vpc.id)[0];
    if (only) return this.fail(HopKind.EGRESS_ONLY_INTERNET_GATEWAY, only, 'AWS::EC2::EgressOnlyInternetGateway', Code.VPCSIM_EIGW_UNSOLICITED_INBOUND, 'an egress-only internet gateway drops inbound-initiated traffic');
    return this.fail(HopKind.NETWORK_INTERFACE, vpc, 'AWS::EC2::VPC', Code.NO_PATH, `VPC ${vpc.logicalId} has no internet gateway`);
  }

  // ---- NAT gateway (GW-7..15) -------------------------------------------------------------------

  private natGateway(eni: NetworkInterface, packet: Flow): Arrival {
    const nat = this.ix.natGatewayOfInterface(eni);
    const res: Resource = nat ?? eni;
    const subnet = this.ix.lookup.subnets.get(eni.subnetId)!;
    const natIp = eni.privateIps.find((ip) => ip.primary)?.address ?? eni.privateIps[0]?.address;
    if (natIp && packet.family === 4 && packet.dst === natIp.value) {
      // GW-9: only replies to connections initiated from behind the NAT gateway get through.
      const original = this.state.natReply(res.id, packet);
      if (!original) return this.fail(HopKind.NAT_GATEWAY, res, 'AWS::EC2::NatGateway', Code.VPCSIM_NGW_UNSOLICITED_INBOUND, `NAT gateway ${res.logicalId} drops unsolicited inbound traffic`);
      packet.dst = original.src;
      packet.dstPort = original.srcPort;
      this.pass(HopKind.NAT_GATEWAY, res, 'AWS::EC2::NatGateway', `translates the reply back to ${this.text(packet.dst)}`);
      return this.routeFrom(subnet, packet, eni);
    }
    if (!nat || nat.state !== 'available' || this.isDown(nat.id)) {
      return this.fail(HopKind.NAT_GATEWAY, res, 'AWS::EC2::NatGateway', Code.BAD_STATE, `NAT gateway ${res.logicalId} is ${this.isDown(res.id) ? 'down' : (nat?.state ?? 'missing')}`);
    }
    // GW-11: no service for traffic arriving over peering, VPN or Direct Connect.
    if (this.ingress === 'peering' || this.ingress === 'on-premises') {
      return this.fail(HopKind.NAT_GATEWAY, nat, 'AWS::EC2::NatGateway', Code.NGW_REQUIRES_SOURCE_IN_VPC, `NAT gateway ${nat.logicalId} does not serve traffic that arrived over ${this.ingress === 'peering' ? 'VPC peering' : 'VPN or Direct Connect'}`);
    }
    // C-2: no NAT64.
    if (packet.family === 6) return this.fail(HopKind.NAT_GATEWAY, nat, 'AWS::EC2::NatGateway', Code.CANNOT_ROUTE, 'a NAT gateway does not carry IPv6 (no NAT64 in vpcsim)');
    // GW-10: TCP, UDP and ICMP only.
    if (packet.protocol !== PROTOCOL_TCP && packet.protocol !== PROTOCOL_UDP && packet.protocol !== PROTOCOL_ICMP) {
      return this.fail(HopKind.NAT_GATEWAY, nat, 'AWS::EC2::NatGateway', Code.PROTOCOL_RESTRICTION, 'NAT gateways carry TCP, UDP and ICMP only');
    }
    if (!natIp) return this.fail(HopKind.NAT_GATEWAY, nat, 'AWS::EC2::NatGateway', Code.BAD_STATE, `NAT gateway ${nat.logicalId} has no private address`);
    // GW-8: SNAT to the NAT gateway's private IP; CHOICE: the source port is kept when it is already 1024-65535.
    const original = { src: packet.src, srcPort: packet.srcPort };
    const info: number[] = [Code.NGW_SOURCE_ADDRESS_REASSIGN];
    packet.src = natIp.value;
    if (hasPorts(packet.protocol) && packet.srcPort < 1024) {
      packet.srcPort += 1024;
      info.push(Code.REMAP_EPHEMERAL_PORT);
    }
    this.state.recordNat(nat.id, packet, original);
    this.pass(HopKind.NAT_GATEWAY, nat, 'AWS::EC2::NatGateway', `translates source ${formatAddress(4, original.src)} to ${natIp.text}`, { info });
    return this.routeFrom(subnet, packet, eni);
  }

  // ---- Network Firewall (NFW-*) -----------------------------------------------------------------

  private firewallEndpoint(eni: NetworkInterface, packet: Flow): Arrival {
    const fw = eni.ownerId ? this.ix.firewalls.get(eni.ownerId) : undefined;
    const res: Resource = fw ?? eni;
    const type = 'AWS::NetworkFirewall::Firewall';
    const policy = fw ? this.ix.firewallPolicies.get(fw.firewallPolicyId) : undefined;
    const subnet = this.ix.lookup.subnets.get(eni.subnetId)!;
    if (this.isDown(eni.id)) return this.fail(HopKind.NETWORK_FIREWALL, res, type, Code.BAD_STATE, `firewall endpoint ${eni.id} is down`);
    if (policy) {
      const stateless = evaluateStateless(this.ix, policy, packet);
      if (stateless.action === 'drop') this.fail(HopKind.NETWORK_FIREWALL, res, type, Code.FIREWALL_RULES_RESTRICTION, `blocked by firewall ${res.logicalId}: ${stateless.detail}`, stateless.ruleGroup);
      if (stateless.action === 'forward') {
        if (this.direction === 'response') {
          // NFW-4: the stateful engine passes replies of flows it saw at this same endpoint.
          if (!this.state.isReply(eni.id, packet)) {
            this.fail(HopKind.NETWORK_FIREWALL, res, type, Code.FIREWALL_RULES_RESTRICTION, `firewall ${res.logicalId} endpoint ${eni.id} has no state for this reply (the flow crossed another endpoint)`);
          }
          this.pass(HopKind.NETWORK_FIREWALL, res, type, `reply of an established flow (stateful engine)`);
          return this.routeFrom(subnet, packet, eni);
        }
        const stateful = evaluateStateful(this.ix, policy, packet);
        if (!stateful.allowed) this.fail(HopKind.NETWORK_FIREWALL, res, type, Code.FIREWALL_RULES_RESTRICTION, `blocked by firewall ${res.logicalId}: ${stateful.detail}`, stateful.ruleGroup);
        this.state.track(eni.id, packet);
        this.pass(HopKind.NETWORK_FIREWALL, res, type, `${stateless.detail}; ${stateful.detail}`, { rule: stateful.ruleGroup });
        return this.routeFrom(subnet, packet, eni);
      }
      this.pass(HopKind.NETWORK_FIREWALL, res, type, stateless.detail, { rule: stateless.ruleGroup });
    } else {
      this.pass(HopKind.NETWORK_FIREWALL, res, type, 'no firewall policy: passes');
    }
    return this.routeFrom(subnet, packet, eni);
  }

  // ---- transit gateway (TGW-*) ------------------------------------------------------------------

  /** The packet enters transit gateway `tgwId` on attachment `attachmentId` and is routed by its associated table (TGW-2). */
  tgwRoute(attachmentId: string, packet: Flow): Arrival {
    const ix = this.ix;
    const inAtt = ix.tgwAttachments.get(attachmentId)!;
    const tgw = ix.transitGateways.get(inAtt.transitGatewayId);
    const rt = ix.associatedTgwRouteTable(inAtt.id);
    if (!rt) return this.fail(HopKind.TRANSIT_GATEWAY_ATTACHMENT, inAtt, 'AWS::EC2::TransitGatewayAttachment', Code.TGW_ATTACH_MISSING_TGW_RTB_ASSOCIATION, `attachment ${inAtt.logicalId} is not associated with a transit gateway route table`);
    const match = tgwLongestPrefixMatch(tgwRoutesOf(ix, rt), packet.family, packet.dst);
    const rtType = 'AWS::EC2::TransitGatewayRouteTable';
    if (!match) return this.fail(HopKind.TRANSIT_GATEWAY_ROUTE_TABLE, rt, rtType, Code.TGW_RTB_CANNOT_ROUTE, `transit gateway route table ${rt.logicalId} (${rt.id}) has no route to ${this.text(packet.dst)}`);
    if (match.route.blackhole) return this.fail(HopKind.TRANSIT_GATEWAY_ROUTE_TABLE, rt, rtType, Code.TGW_RTB_BAD_STATE_ROUTE, `transit gateway route table ${rt.logicalId} (${rt.id}): route ${match.route.label} is a blackhole`, match.route.label);
    const out = match.route.attachmentId ? ix.tgwAttachments.get(match.route.attachmentId) : undefined;
    if (!out) return this.fail(HopKind.TRANSIT_GATEWAY_ROUTE_TABLE, rt, rtType, Code.TGW_RTB_NO_ROUTE_TO_TGW_ATTACHMENT, `route ${match.route.label} names a missing attachment`, match.route.label);
    this.pass(HopKind.TRANSIT_GATEWAY_ROUTE_TABLE, rt, rtType, `route ${match.route.label} in ${rt.logicalId}${tgw ? ` of ${tgw.logicalId}` : ''}`, { rule: match.route.label, info: match.info });
    const attType = 'AWS::EC2::TransitGatewayAttachment';
    // TGW-14: routes to a down attachment stay; traffic to it drops.
    if (out.state !== 'available' || this.isDown(out.id)) return this.fail(HopKind.TRANSIT_GATEWAY_ATTACHMENT, out, attType, Code.BAD_STATE_ATTACHMENT, `attachment ${out.logicalId} is ${this.isDown(out.id) ? 'down' : out.state}`);
    switch (out.resourceType) {
      case 'vpc': {
        const vpc = ix.lookup.vpcs.get(out.resourceId);
        const place = attachmentSubnetFor(ix, out, this.tgwAz);
        const subnet = place ? ix.lookup.subnets.get(place.subnetId) : undefined;
        if (!vpc || !subnet) return this.fail(HopKind.TRANSIT_GATEWAY_ATTACHMENT, out, attType, Code.TGW_RTB_NO_ROUTE_TO_TGW_ATTACHMENT, `attachment ${out.logicalId} has no subnet`);
        this.pass(HopKind.TRANSIT_GATEWAY_ATTACHMENT, out, attType, `leaves the transit gateway into ${vpc.logicalId} through subnet ${subnet.logicalId} (${subnet.availabilityZone})`);
        this.ingress = 'transit-gateway';
        this.tgwPath = { tgwId: out.transitGatewayId, inAttachmentId: inAtt.id, outAttachmentId: out.id };
        const eni = place?.eniId ? ix.lookup.networkInterfaces.get(place.eniId) ?? null : null;
        // TGW-11: routed by the attachment subnet's route table.
        return this.routeFrom(subnet, packet, eni);
      }
      case 'vpn':
      case 'direct-connect-gateway': {
        const vpn = out.resourceType === 'vpn' ? ix.vpnConnections.get(out.resourceId) : undefined;
        if (vpn && !vpnIsUp(vpn)) return this.fail(HopKind.VPN_CONNECTION, vpn, 'AWS::EC2::VPNConnection', Code.TGW_BAD_STATE_VPN, `VPN connection ${vpn.logicalId} has no tunnel up`);
        const path = onPremisesPathsOfTgwAttachment(ix, out.id).find((p) => p.prefix.family === packet.family && inPrefix(p.prefix, packet.family, packet.dst));
        if (!path) return this.fail(HopKind.TRANSIT_GATEWAY_ATTACHMENT, out, attType, Code.UNKNOWN_DESTINATION, `no on-premises network behind ${out.logicalId} holds ${this.text(packet.dst)}`);
        return this.toOnPremises(path.connectionId, out.resourceType === 'vpn' ? 'vpn' : 'dx');
      }
      case 'peering': {
        const back = ix.topology.transitGatewayAttachments.find((a) => a.transitGatewayId === out.resourceId && a.resourceType === 'peering' && a.resourceId === out.transitGatewayId);
        if (!back) return this.fail(HopKind.TRANSIT_GATEWAY_ATTACHMENT, out, attType, Code.TGW_RTB_NO_ROUTE_TO_TGW_ATTACHMENT, `peer transit gateway ${out.resourceId} has no peering attachment back`);
        this.pass(HopKind.TRANSIT_GATEWAY_ATTACHMENT, out, attType, `crosses transit gateway peering to ${out.resourceId}`);
        return this.tgwRoute(back.id, packet);
      }
      default:
        return this.fail(HopKind.TRANSIT_GATEWAY_ATTACHMENT, out, attType, Code.NO_PATH, `${out.resourceType} attachments are not modelled`);
    }
  }

  // ---- VPN, Direct Connect, on premises (HYB-*) -------------------------------------------------

  toOnPremises(connectionId: string, via: 'vpn' | 'dx'): Arrival {
    const res = via === 'vpn' ? this.ix.vpnConnections.get(connectionId) : this.ix.virtualInterfaces.get(connectionId);
    this.pass(via === 'vpn' ? HopKind.VPN_CONNECTION : HopKind.DIRECT_CONNECT, res, via === 'vpn' ? 'AWS::EC2::VPNConnection' : 'AWS::DirectConnect::VirtualInterface', `delivered on premises to ${this.text(this.packet.dst)}`);
    return { kind: 'on-premises', via: connectionId };
  }

  /** HYB-4: traffic to a VGW goes to the on-premises network that holds the destination. */
  toVpnGateway(vgwId: string, packet: Flow): Arrival {
    const vgw = this.ix.vpnGateways.get(vgwId)!;
    const paths = onPremisesPathsOfVgw(this.ix, vgwId)
      .filter((p) => p.prefix.family === packet.family && inPrefix(p.prefix, packet.family, packet.dst))
      .sort((a, b) => b.prefix.len - a.prefix.len || (a.via === b.via ? 0 : a.via === 'dx' ? -1 : 1) || Number(a.bgp) - Number(b.bgp) || a.asPathLength - b.asPathLength || (a.connectionId < b.connectionId ? -1 : 1));
    const path = paths[0];
    if (!path) {
      const anyUp = onPremisesPathsOfVgw(this.ix, vgwId).length > 0;
      // HYB-6: a static route to a VGW with no usable VPN/DX path.
      return this.fail(HopKind.VPN_GATEWAY, vgw, 'AWS::EC2::VPNGateway', anyUp ? Code.NO_ROUTE_TO_DESTINATION : Code.BAD_STATE_VPN, anyUp ? `virtual private gateway ${vgw.logicalId} knows no on-premises network holding ${this.text(packet.dst)}` : `virtual private gateway ${vgw.logicalId} has no VPN connection or virtual interface up`);
    }
    this.pass(HopKind.VPN_GATEWAY, vgw, 'AWS::EC2::VPNGateway', `forwards to ${path.prefix.text} over ${path.connectionId}`);
    return this.toOnPremises(path.connectionId, path.via);
  }

  fromOnPremises(packet: Flow, via?: string): Arrival {
    this.ingress = 'on-premises';
    const ix = this.ix;
    const path = onPremisesSourceConnection(ix, packet.family, packet.src, via);
    if (!path) return this.fail(HopKind.ON_PREMISES, undefined, 'OnPremises', Code.NO_PATH, `no VPN connection or virtual interface that is up reaches ${this.text(packet.src)}`);
    if (path.via === 'vpn') {
      const vpn = ix.vpnConnections.get(path.connectionId)!;
      this.pass(HopKind.VPN_CONNECTION, vpn, 'AWS::EC2::VPNConnection', `arrives from on premises over VPN connection ${vpn.logicalId}`);
      if (vpn.vpnGatewayId) return this.fromVpnGateway(vpn.vpnGatewayId, packet);
      const att = ix.topology.transitGatewayAttachments.find((a) => a.resourceType === 'vpn' && a.resourceId === vpn.id);
      if (!att) return this.fail(HopKind.VPN_CONNECTION, vpn, 'AWS::EC2::VPNConnection', Code.BAD_STATE_VPN, `VPN connection ${vpn.logicalId} terminates on no gateway`);
      return this.tgwRoute(att.id, packet);
    }
    const vif = ix.virtualInterfaces.get(path.connectionId)!;
    this.pass(HopKind.DIRECT_CONNECT, vif, 'AWS::DirectConnect::VirtualInterface', `arrives from on premises over virtual interface ${vif.logicalId}`);
    if (vif.vpnGatewayId) return this.fromVpnGateway(vif.vpnGatewayId, packet);
    const dxgw = vif.directConnectGatewayId ? ix.dxGateways.get(vif.directConnectGatewayId) : undefined;
    if (dxgw && vif.kind === 'transit') {
      const att = ix.topology.transitGatewayAttachments.find((a) => a.resourceType === 'direct-connect-gateway' && a.resourceId === dxgw.id);
      if (att) return this.tgwRoute(att.id, packet);
    }
    if (dxgw) {
      // HYB-9: the DX gateway forwards to the associated VGW whose VPC holds the destination.
      for (const assoc of dxgw.associations) {
        const vgw = ix.vpnGateways.get(assoc.gatewayId);
        const vpc = vgw?.vpcId ? ix.lookup.vpcs.get(vgw.vpcId) : undefined;
        if (vgw && vpc && inVpcCidr(vpc, packet.family, packet.dst)) return this.fromVpnGateway(vgw.id, packet);
      }
    }
    return this.fail(HopKind.DIRECT_CONNECT, vif, 'AWS::DirectConnect::VirtualInterface', Code.NO_ROUTE_TO_DESTINATION, `virtual interface ${vif.logicalId} reaches no gateway for ${this.text(packet.dst)}`);
  }

  private fromVpnGateway(vgwId: string, packet: Flow): Arrival {
    const vgw = this.ix.vpnGateways.get(vgwId);
    const vpc = vgw?.vpcId ? this.ix.lookup.vpcs.get(vgw.vpcId) : undefined;
    if (!vgw || !vpc) return this.fail(HopKind.VPN_GATEWAY, vgw, 'AWS::EC2::VPNGateway', Code.BAD_STATE_VPN, `virtual private gateway ${vgwId} is not attached to a VPC`);
    // HYB-4: IPv4 only, and only to private IPs of ENIs in its VPC.
    if (packet.family === 6) return this.fail(HopKind.VPN_GATEWAY, vgw, 'AWS::EC2::VPNGateway', Code.CANNOT_ROUTE, 'a virtual private gateway carries IPv4 only');
    if (!this.ix.ownerInVpc(vpc.id, 4, packet.dst)) {
      return this.fail(HopKind.VPN_GATEWAY, vgw, 'AWS::EC2::VPNGateway', Code.VGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS, `${this.text(packet.dst)} is not a private IP of an interface in ${vpc.logicalId}`);
    }
    this.pass(HopKind.VPN_GATEWAY, vgw, 'AWS::EC2::VPNGateway', `enters ${vpc.logicalId}`);
    return this.intoVpcFromGateway(vgw.id, vpc, packet);
  }

  // ---- gateway endpoints (VPCE-*) ---------------------------------------------------------------

  private fromAwsService(packet: Flow, endpointId: string): Arrival {
    const ep = this.ix.vpcEndpoints.get(endpointId)!;
    const vpc = this.ix.lookup.vpcs.get(ep.vpcId)!;
    this.pass(HopKind.GATEWAY_ENDPOINT, ep, 'AWS::EC2::VPCEndpoint', `reply from ${ep.serviceName} enters ${vpc.logicalId}`);
    return this.deliverInVpc(vpc, packet, null);
  }
}

