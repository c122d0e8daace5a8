// The reference packet walk: SEMANTICS.md §2-§10 applied in path order (TRACE-7), forward packet
// first, then its response (TRACE-5, TRACE-6). Written for readability, not speed: it is the spec
// the WebAssembly walk (assembly/) is differential-tested against.
//
// Each step either records a passing hop and moves on, or records the blocking hop and stops the
// walk by throwing `Blocked` (TRACE-8: the first blocker decides).
import { Code } from '../../abi/codes.js';
import { Direction, HopKind } from '../../abi/hops.js';
import { AMAZON_PROVIDED_SERVICE_NAMES } from '../analyze/hop-text/components.js';
import { describeNaclDecision, describeSgDecision } from '../analyze/hop-text/rules.js';
import { formatAddress } from '../model/ip.js';
import { networkIndex, type NetworkIndex } from '../model/network-index.js';
import { PROTOCOL_TCP, hasPorts } from '../model/protocols.js';
import type { NetworkInterface, Resource, Subnet, Topology, Vpc } from '../model/types.js';
import { longestPrefixMatch, routesOf } from '../model/vpc-routes.js';
import { needsResponse, responseTo, type Flow, type FlowOrigin } from '../walk/flow.js';
import type { AmazonProvidedService, Arrival, BlockedAt, Hop, TraceDirection, WalkOptions, WalkResult } from '../walk/result.js';
import { amazonProvidedServiceAt, asksAmazonProvidedServices } from './amazon-provided.js';
import { FlowState } from './conntrack.js';
import type { Ingress, WalkContext } from './context.js';
import { fromInternet, toInternet } from './internet.js';
import { matchInfo } from './match-info.js';
import { evaluateNetworkAcl } from './nacl.js';
import { natGateway } from './nat-gateway.js';
import { firewallEndpoint } from './network-firewall.js';
import { fromOnPremises, toOnPremises, toVpnGateway } from './on-premises.js';
import { connectionIsUp } from '../model/on-premises-paths.js';
import { routeTargets } from './route-targets.js';
import { evaluateSecurityGroups } from './sg.js';
import { tgwRoute } from './transit-gateway.js';

/** TRACE-11 CHOICE: at most 64 hops per direction. */
export const MAX_HOPS = 64;

class Blocked extends Error {
  constructor(readonly code: number, readonly detail: string) {
    super(detail);
  }
}

/**
 * Walks `flow` from `origin` through the topology and back.
 * verdict 0 = the packet arrives and (for TCP/UDP/ICMP echo) its response arrives back at the origin.
 */
export function referenceWalk(t: Topology, flow: Flow, origin: FlowOrigin, options: WalkOptions = {}, destination?: string): WalkResult {
  const walker = new Walker(networkIndex(t), new FlowState(), options);
  const forward: Hop[] = [];
  const response: Hop[] = [];
  const packet: Flow = { ...flow };
  let arrival: Arrival | undefined;
  try {
    const reached = walker.run('forward', forward, () => walker.start(origin, packet));
    // TRACE-13: another ENI with the destination's address (overlapping CIDRs, PCX-PARTIAL) is not the destination.
    if (destination !== undefined && !(reached.kind === 'network-interface' && reached.networkInterfaceId === destination)) {
      walker.run('forward', forward, () => walker.fail(HopKind.NETWORK_INTERFACE, undefined, 'AWS::EC2::NetworkInterface', Code.NO_PATH, `the packet is delivered to ${describeArrival(reached, walker.ix)}, not to the destination`));
    }
    arrival = reached;
    if (!options.forwardOnly && needsResponse(flow)) {
      const delivered = arrival;
      walker.state.now = options.responseAfter ?? 0;
      const back = walker.run('response', response, () => walker.startResponse(delivered, responseTo(packet)));
      if (!sameEndpoint(back, origin)) {
        walker.run('response', response, () => walker.fail(HopKind.NETWORK_INTERFACE, undefined, 'AWS::EC2::NetworkInterface', Code.NO_PATH, `the response is delivered to ${describeArrival(back)}, not to the source`));
      }
    }
  } catch (err) {
    // TRACE-8: the blocker that ended the walk is already in walker.blockers.
    if (!(err instanceof Blocked)) throw err;
  }
  const blockers = walker.blockers;
  const result: WalkResult = { verdict: blockers[0]?.code ?? Code.REACHABLE, blockers, forward, response };
  if (blockers[0]) result.blockedAt = blockers[0];
  if (arrival) result.arrival = arrival;
  return result;
}

function sameEndpoint(a: Arrival, origin: FlowOrigin): boolean {
  if (origin.kind === 'network-interface') return a.kind === 'network-interface' && a.networkInterfaceId === origin.networkInterfaceId;
  if (origin.kind === 'on-premises') return a.kind === 'on-premises' && (!origin.via || origin.via === a.via);
  return a.kind === origin.kind;
}

/** Where a packet ended up; with `ix`, an ENI is named by its instance (or itself) and its id. */
function describeArrival(a: Arrival, ix?: NetworkIndex): string {
  switch (a.kind) {
    case 'network-interface': {
      const eni = ix?.lookup.networkInterfaces.get(a.networkInterfaceId);
      if (!ix || !eni) return a.networkInterfaceId;
      const owner = eni.ownerId ? ix.lookup.instances.get(eni.ownerId) : undefined;
      return `${(owner ?? eni).logicalId} (${eni.id})`;
    }
    case 'internet': return 'the internet';
    case 'on-premises': return `on-premises via ${a.via}`;
    case 'aws-service': return `an AWS service via ${a.via}`;
    case 'amazon-provided-service': return `the ${AMAZON_PROVIDED_SERVICE_NAMES[a.service]}`;
  }
}

/** One walker per query: holds the index, the flow state and the current direction's hops. */
export class Walker implements WalkContext {
  direction: TraceDirection = 'forward';
  ingress: Ingress = 'vpc';
  /** TGW-10: the AZ the packet entered the transit gateway in. */
  tgwAz: string | undefined;
  /** SG-6: the transit gateway and attachments the packet crossed into the current VPC. */
  tgwPath: { tgwId: string; inAttachmentId: string; outAttachmentId: string } | undefined;
  /** TRACE-8: the blockers met so far, in path order. */
  readonly blockers: BlockedAt[] = [];
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

  /** Records the blocking hop and stops the walk, whatever `allBlocking` says (nothing can follow it). */
  fail(kind: number, res: Resource | undefined, type: string, code: number, action: string, rule?: string): never {
    this.record(kind, res, type, code, action, { rule });
    return this.stop(code, action);
  }

  /**
   * Records a blocking hop. TRACE-8: this stops the walk; with `allBlocking` the walk goes on as if
   * the component had allowed the packet, and the blocker is listed with the others.
   */
  block(kind: number, res: Resource | undefined, type: string, code: number, action: string, rule?: string): void {
    this.record(kind, res, type, code, action, { rule });
    if (!this.options.allBlocking) this.stop(code, action);
    this.blockers.push(this.blockedAt(code, action));
  }

  private stop(code: number, detail: string): never {
    this.blockers.push(this.blockedAt(code, detail));
    throw new Blocked(code, detail);
  }

  /** TRACE-9: the blocker is the last hop recorded. */
  private blockedAt(code: number, detail: string): BlockedAt {
    const hopIndex = this.hops.length - 1;
    const hop = this.hops[hopIndex]!;
    const at: BlockedAt = { code, component: hop.component, type: hop.type, id: hop.id, direction: this.direction, hopIndex, detail };
    if (hop.rule !== undefined) at.rule = hop.rule;
    return at;
  }

  private record(kind: number, res: Resource | undefined, type: string, code: number, action: string, extra: { rule?: string; info?: number[] }): void {
    if (this.hops.length >= MAX_HOPS && code === Code.REACHABLE) {
      this.hops.push(this.makeHop(kind, res, type, Code.NO_PATH, 'hop-limit', {}));
      this.stop(Code.NO_PATH, 'hop-limit');
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

  get down(): ReadonlySet<string> | undefined {
    return this.options.down;
  }

  isDown(id: string | undefined): boolean {
    return id !== undefined && (this.options.down?.has(id) ?? false);
  }

  subnetDown(subnetId: string | undefined): boolean {
    if (subnetId === undefined || !this.options.down) return false;
    return this.isDown(subnetId) || this.isDown(this.ix.lookup.subnets.get(subnetId)?.availabilityZone);
  }

  /** HYB-6, MC-5, MC-6: a route learned over a VPN connection or VIF that is down is withdrawn. */
  private routesUp<R extends { connectionId?: string }>(routes: R[]): R[] {
    const down = this.options.down;
    if (!down || down.size === 0) return routes;
    return routes.filter((r) => !r.connectionId || connectionIsUp(this.ix, r.connectionId, down));
  }

  text(value: bigint): string {
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
        const vpc = this.ix.lookup.vpcOfInterface(eni.id);
        const service = vpc && asksAmazonProvidedServices(eni) ? amazonProvidedServiceAt(vpc, packet.family, packet.dst) : undefined;
        if (service) return this.toAmazonProvidedService(eni, service, packet);
        return this.leaveEni(eni, packet);
      }
      case 'internet':
        return fromInternet(this, packet);
      case 'on-premises':
        return fromOnPremises(this, packet, origin.via);
    }
  }

  /**
   * NACL-12: the instance talks to the service on its host; no security group, network ACL or route
   * table is involved, in either direction. One AWS_SERVICE hop out, AWS_SERVICE + NETWORK_INTERFACE back.
   */
  private toAmazonProvidedService(eni: NetworkInterface, service: AmazonProvidedService, packet: Flow): Arrival {
    const name = AMAZON_PROVIDED_SERVICE_NAMES[service];
    const address = this.text(packet.dst);
    this.pass(HopKind.AWS_SERVICE, { id: address, logicalId: name }, 'AWS::Service', `delivered to the ${name} at ${address}; network ACLs and security groups do not filter it`);
    return { kind: 'amazon-provided-service', service, networkInterfaceId: eni.id };
  }

  private fromAmazonProvidedService(arrival: { service: AmazonProvidedService; networkInterfaceId: string }, packet: Flow): Arrival {
    const name = AMAZON_PROVIDED_SERVICE_NAMES[arrival.service];
    const eni = this.ix.lookup.networkInterfaces.get(arrival.networkInterfaceId)!;
    const owner = eni.ownerId ? this.ix.lookup.instances.get(eni.ownerId) : undefined;
    this.pass(HopKind.AWS_SERVICE, { id: this.text(packet.src), logicalId: name }, 'AWS::Service', `reply from the ${name}`);
    this.pass(HopKind.NETWORK_INTERFACE, owner ?? eni, owner ? 'AWS::EC2::Instance' : 'AWS::EC2::NetworkInterface', `delivered to ${this.text(packet.dst)} on ${eni.id}; network ACLs and security groups do not filter it`);
    return { kind: 'network-interface', networkInterfaceId: eni.id };
  }

  startResponse(arrival: Arrival, packet: Flow): Arrival {
    this.packet = packet;
    switch (arrival.kind) {
      case 'network-interface':
        return this.leaveEni(this.ix.lookup.networkInterfaces.get(arrival.networkInterfaceId)!, packet);
      case 'internet':
        return fromInternet(this, packet);
      case 'on-premises':
        return fromOnPremises(this, packet, arrival.via);
      case 'aws-service':
        return this.fromAwsService(packet, arrival.via);
      case 'amazon-provided-service':
        return this.fromAmazonProvidedService(arrival, packet);
    }
  }

  /** TRACE-12: a source or destination that is down, or an instance that is stopped. */
  private checkUp(eni: NetworkInterface): void {
    const instance = eni.ownerId ? this.ix.lookup.instances.get(eni.ownerId) : undefined;
    // MC-1, MC-2: the ENI, its instance, its subnet or the subnet's AZ.
    const down = this.isDown(eni.id) || this.subnetDown(eni.subnetId) || this.isDown(instance?.id);
    // GW-13, MC-2: a NAT gateway is zonal; its subnet (AZ) being down takes it down, and the NAT gateway is named.
    const nat = down && eni.kind === 'nat-gateway' ? this.ix.natGatewayOfInterface(eni) : undefined;
    if (nat) this.fail(HopKind.NAT_GATEWAY, nat, 'AWS::EC2::NatGateway', Code.BAD_STATE, `NAT gateway ${nat.logicalId} is down (its subnet or AZ is down)`);
    if (down) {
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
    const groups = this.ix.groupsOf(eni);
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
      this.block(kind, res, type, code, `blocked by ${type === 'AWS::EC2::SecurityGroup' ? 'security group' : 'the security groups of'} ${res.logicalId} (${res.id}) ${egress ? 'outbound' : 'inbound'}: ${action}`);
    } else {
      this.pass(kind, d.group, 'AWS::EC2::SecurityGroup', action);
    }
    // TRACE-8 allBlocking: a blocked flow goes on as if allowed, so its response is tracked too.
    this.state.track(eni.id, packet);
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
        return natGateway(this, eni, packet);
      case 'firewall-endpoint':
        return firewallEndpoint(this, eni, packet);
      case 'transit-gateway-attachment':
        return this.fail(HopKind.NETWORK_INTERFACE, eni, 'AWS::EC2::NetworkInterface', Code.NO_PATH, 'a transit gateway attachment interface is not a destination');
      case 'vpc-endpoint': {
        const ep = eni.ownerId ? this.ix.vpcEndpoints.get(eni.ownerId) : undefined;
        // VPCE-11: interface endpoints accept TCP only.
        if (packet.protocol !== PROTOCOL_TCP) this.block(HopKind.INTERFACE_ENDPOINT, ep ?? eni, 'AWS::EC2::VPCEndpoint', Code.PROTOCOL_RESTRICTION, 'interface endpoints accept TCP only');
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
      this.block(HopKind.NETWORK_INTERFACE, eni, 'AWS::EC2::NetworkInterface', Code.ENI_SOURCE_DEST_CHECK_RESTRICTION, `${eni.logicalId} (${eni.id}) has source/destination check enabled and ${this.text(packet.dst)} is not its address`);
    }
    if (!own) this.checkApplianceSawRequest(eni);
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

  /**
   * TGW-13: a router appliance (RT-14) is stateful; a reply it never saw the request of, because the
   * transit gateway sent it to another AZ (no appliance mode on the attachment), is dropped.
   */
  private checkApplianceSawRequest(eni: NetworkInterface): void {
    if (this.direction !== 'response' || this.ingress !== 'transit-gateway' || !this.tgwPath) return;
    if (this.state.isReply(eni.id, this.packet)) return;
    const att = this.ix.tgwAttachments.get(this.tgwPath.outAttachmentId);
    if (!att || att.applianceModeSupport) return;
    const az = this.ix.lookup.subnets.get(eni.subnetId)?.availabilityZone ?? '';
    this.block(HopKind.TRANSIT_GATEWAY_ATTACHMENT, att, 'AWS::EC2::TransitGatewayAttachment', Code.TGW_ATTACH_VPC_AZ_RESTRICTION, `the reply entered through ${att.logicalId} and reached appliance ${eni.logicalId} in ${az}, which never saw the request: the attachment has appliance mode disabled, so the transit gateway does not keep a flow in one AZ`);
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
      this.block(kind, acl, 'AWS::EC2::NetworkAcl', Code.SUBNET_ACL_RESTRICTION, `blocked by network ACL ${acl.logicalId} (${acl.id}) ${egress ? 'outbound' : 'inbound'} of subnet ${subnet.logicalId}: ${action}`, rule);
      return;
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
    const match = longestPrefixMatch(this.routesUp(routesOf(this.ix, rt)), packet.family, packet.dst);
    if (!match) {
      return this.fail(HopKind.ROUTE_TABLE, rt, 'AWS::EC2::RouteTable', Code.NO_ROUTE_TO_DESTINATION, `route table ${rt.logicalId} (${rt.id}) has no route to ${this.text(packet.dst)}`);
    }
    const route = match.route;
    // RT-10, RT-11: a blackhole route wins LPM and drops.
    if (route.blackhole) {
      return this.fail(HopKind.ROUTE_TABLE, rt, 'AWS::EC2::RouteTable', Code.BAD_STATE_ROUTE, `route table ${rt.logicalId} (${rt.id}): route ${route.label} is a blackhole`, route.label);
    }
    this.pass(HopKind.ROUTE_TABLE, rt, 'AWS::EC2::RouteTable', `route ${route.label} in ${rt.logicalId}`, { rule: route.label, info: matchInfo(match, Code.MORE_SPECIFIC_ROUTE, Code.HIGHER_PRIORITY_ROUTE) });
    return routeTargets[route.target.kind](this, { from: subnet, vpc, route, routeTable: rt }, packet);
  }

  /** RT-15: traffic entering through an IGW or VGW follows its gateway route table, if any, else the local route. */
  intoVpcFromGateway(gatewayId: string, vpc: Vpc, packet: Flow): Arrival {
    const grt = this.ix.gatewayRouteTableOf(gatewayId);
    if (grt) {
      const match = longestPrefixMatch(this.routesUp(routesOf(this.ix, grt)), packet.family, packet.dst);
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

  // ---- steps in their own modules, reachable through WalkContext ---------------------------------

  toInternet(packet: Flow): Arrival {
    return toInternet(this, packet);
  }

  fromInternet(packet: Flow): Arrival {
    return fromInternet(this, packet);
  }

  tgwRoute(attachmentId: string, packet: Flow): Arrival {
    return tgwRoute(this, attachmentId, packet);
  }

  toVpnGateway(vgwId: string, packet: Flow): Arrival {
    return toVpnGateway(this, vgwId, packet);
  }

  toOnPremises(packet: Flow, connectionId: string, via: 'vpn' | 'dx'): Arrival {
    return toOnPremises(this, packet, connectionId, via);
  }

  // ---- gateway endpoints (VPCE-*) ---------------------------------------------------------------

  private fromAwsService(packet: Flow, endpointId: string): Arrival {
    const ep = this.ix.vpcEndpoints.get(endpointId)!;
    const vpc = this.ix.lookup.vpcs.get(ep.vpcId)!;
    this.pass(HopKind.GATEWAY_ENDPOINT, ep, 'AWS::EC2::VPCEndpoint', `reply from ${ep.serviceName} enters ${vpc.logicalId}`);
    return this.deliverInVpc(vpc, packet, null);
  }
}

