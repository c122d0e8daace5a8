// The reference packet walk: SEMANTICS.md §2-§10 applied in path order (TRACE-7), forward packet
// first, then its response (TRACE-5, TRACE-6). Written for readability, not speed: it is the spec
// the WebAssembly walk (assembly/) is differential-tested against, hop for hop.
//
// Each step either records a passing hop and moves on, or records the blocking hop and stops the
// walk by throwing `Blocked` (TRACE-8: the first blocker decides). Hops are recorded as facts
// (src/walk/hop.ts: the component, the deciding rule, what else the answer names); the words are
// src/analyze/hop-text/'s.
import { Code } from '../../abi/codes.js';
import { ArrivalKind, DownRoot, HopComponent, HopKind, HopNote } from '../../abi/hops.js';
import { networkIndex, type NetworkIndex } from '../model/network-index.js';
import { connectionIsUp } from '../model/on-premises-paths.js';
import { PROTOCOL_TCP } from '../model/protocols.js';
import type { NetworkInterface, Subnet, Topology, Vpc } from '../model/types.js';
import { longestPrefixMatch, routesOf } from '../model/vpc-routes.js';
import { needsResponse, responseTo, type Flow, type FlowOrigin } from '../walk/flow.js';
import { NO_REF, positionOf, type WalkHop, type WalkTrace } from '../walk/hop.js';
import type { AmazonProvidedService, Arrival, TraceDirection, WalkOptions } from '../walk/result.js';
import { AMAZON_SERVICE, amazonProvidedServiceAt, asksAmazonProvidedServices } from './amazon-provided.js';
import { FlowState } from './conntrack.js';
import type { HopFacts, Ingress, WalkContext } from './context.js';
import { fromInternet, toInternet } from './internet.js';
import { evaluateNetworkAcl } from './nacl.js';
import { natGateway } from './nat-gateway.js';
import { firewallEndpoint } from './network-firewall.js';
import { fromOnPremises, toOnPremises, toVpnGateway } from './on-premises.js';
import { routeChoice } from './route-choice.js';
import { routeTargets } from './route-targets.js';
import { evaluateSecurityGroups } from './sg.js';
import { tgwRoute } from './transit-gateway.js';

/** TRACE-11 CHOICE: at most 64 hops per direction. */
export const MAX_HOPS = 64;

/** Thrown to end the walk at a blocker (TRACE-8); the blocking hop is already recorded. */
class Blocked extends Error {}

/** The reference walk of one flow: its hops and where the forward packet was delivered. */
export interface ReferenceWalk extends WalkTrace {
  arrival?: Arrival;
}

/**
 * Walks `flow` from `origin` through the topology and back.
 * verdict 0 = the packet arrives and (for TCP/UDP/ICMP echo) its response arrives back at the origin.
 */
export function referenceHops(t: Topology, flow: Flow, origin: FlowOrigin, options: WalkOptions = {}, destination?: string): ReferenceWalk {
  const walker = new Walker(networkIndex(t), new FlowState(), options);
  const forward: WalkHop[] = [];
  const response: WalkHop[] = [];
  const packet: Flow = { ...flow };
  let arrival: Arrival | undefined;
  try {
    const reached = walker.run('forward', forward, () => walker.start(origin, packet));
    // TRACE-13: another ENI with the destination's address (overlapping CIDRs, PCX-PARTIAL) is not the destination.
    // CHOICE: NO_PATH, naming where it went instead (Ref: ArrivalKind, Ref2: what it reached).
    if (destination !== undefined && !(reached.kind === 'network-interface' && reached.networkInterfaceId === destination)) {
      const [kind, at] = walker.arrivalRef(reached);
      walker.run('forward', forward, () => walker.fail(HopKind.NETWORK_INTERFACE, Code.NO_PATH, { component: HopComponent.None, note: HopNote.NotDestination, ref: kind, ref2: at }));
    }
    arrival = reached;
    if (!options.forwardOnly && needsResponse(flow)) {
      const delivered = arrival;
      walker.state.now = options.responseAfter ?? 0;
      const back = walker.run('response', response, () => walker.startResponse(delivered, responseTo(packet)));
      if (!sameEndpoint(back, origin)) {
        // The answer says where the response went instead (Ref: ArrivalKind, Ref2: what it reached).
        const [kind, at] = walker.arrivalRef(back);
        walker.run('response', response, () => walker.fail(HopKind.NETWORK_INTERFACE, Code.NO_PATH, { component: HopComponent.None, ref: kind, ref2: at }));
      }
    }
  } catch (err) {
    if (!(err instanceof Blocked)) throw err;
  }
  // TRACE-8: the first blocking hop decides.
  const blocker = [...forward, ...response].find((h) => h.code !== Code.REACHABLE);
  const result: ReferenceWalk = { verdict: blocker?.code ?? Code.REACHABLE, forward, response };
  if (arrival) result.arrival = arrival;
  return result;
}

/** TRACE-15: 127.0.0.0/8 ("Requirements for Internet Hosts", RFC 1122 3.2.1.3) or ::1 (RFC 4291 2.5.3). */
function isLoopback(packet: Flow): boolean {
  return packet.family === 4 ? packet.dst >> 24n === 127n : packet.dst === 1n;
}

/** Does the ENI hold the packet's destination as one of its private addresses? */
function holdsDestination(eni: NetworkInterface, packet: Flow): boolean {
  if (packet.family === 4) return eni.privateIps.some((ip) => ip.address?.value === packet.dst);
  return eni.ipv6Addresses.some((a) => a.value === packet.dst);
}

function sameEndpoint(a: Arrival, origin: FlowOrigin): boolean {
  if (origin.kind === 'network-interface') return a.kind === 'network-interface' && a.networkInterfaceId === origin.networkInterfaceId;
  if (origin.kind === 'on-premises') return a.kind === 'on-premises' && (!origin.via || origin.via === a.via);
  return a.kind === origin.kind;
}

/** One walker per query: holds the index, the flow state and the current direction's hops. */
export class Walker implements WalkContext {
  direction: TraceDirection = 'forward';
  ingress: Ingress = 'vpc';
  /** TGW-10: the AZ the packet entered the transit gateway in. */
  tgwAz: string | undefined;
  /** SG-6: the transit gateway and attachments the packet crossed into the current VPC. */
  tgwPath: { tgwId: string; inAttachmentId: string; outAttachmentId: string } | undefined;
  /** SG-4: a middlebox appliance (RT-14) forwarded the packet in this direction. */
  viaAppliance = false;
  private hops: WalkHop[] = [];
  private packet!: Flow;

  constructor(readonly ix: NetworkIndex, readonly state: FlowState, readonly options: WalkOptions) {}

  run(direction: TraceDirection, hops: WalkHop[], body: () => Arrival): Arrival {
    this.direction = direction;
    this.hops = hops;
    this.ingress = 'vpc';
    this.tgwAz = undefined;
    this.tgwPath = undefined;
    this.viaAppliance = false;
    return body();
  }

  // ---- hops -------------------------------------------------------------------------------------

  /** Records a passing hop. */
  pass(kind: number, hop: HopFacts): void {
    this.record(kind, Code.REACHABLE, hop);
  }

  /** Records the blocking hop and stops the walk, whatever `allBlocking` says (nothing can follow it). */
  fail(kind: number, code: number, hop: HopFacts): never {
    this.record(kind, code, hop);
    throw new Blocked();
  }

  /**
   * Records a blocking hop. TRACE-8: this stops the walk; with `allBlocking` the walk goes on as if
   * the component had allowed the packet, and the blocker is listed with the others.
   */
  block(kind: number, code: number, hop: HopFacts): void {
    this.record(kind, code, hop);
    if (!this.options.allBlocking) throw new Blocked();
  }

  at(item: object): number {
    return positionOf(this.ix.topology, item);
  }

  private record(kind: number, code: number, hop: HopFacts): void {
    // TRACE-11: the hop past the limit is recorded as the one it would have been, and ends the walk.
    if (this.hops.length >= MAX_HOPS && code === Code.REACHABLE) {
      this.hops.push(this.makeHop(kind, Code.NO_PATH, hop, true));
      throw new Blocked();
    }
    this.hops.push(this.makeHop(kind, code, hop, false));
  }

  private makeHop(kind: number, code: number, hop: HopFacts, overLimit: boolean): WalkHop {
    const of = hop.of;
    const made: WalkHop = {
      direction: this.direction,
      kind,
      code,
      note: hop.note ?? HopNote.None,
      overLimit,
      component: hop.component,
      id: of === undefined ? NO_REF : typeof of === 'number' ? of : this.at(of),
      ref: hop.ref ?? NO_REF,
      ref2: hop.ref2 ?? NO_REF,
      packet: { ...this.packet },
    };
    if (hop.rule) made.rule = hop.rule;
    return made;
  }

  /** Where a response ended up, as the hop that says so names it: [ArrivalKind, position or service]. */
  arrivalRef(a: Arrival): [number, number] {
    switch (a.kind) {
      case 'network-interface': return [ArrivalKind.NetworkInterface, this.at(this.ix.lookup.networkInterfaces.get(a.networkInterfaceId)!)];
      case 'internet': return [ArrivalKind.Internet, NO_REF];
      case 'on-premises': return [ArrivalKind.OnPremises, this.at((this.ix.vpnConnections.get(a.via) ?? this.ix.virtualInterfaces.get(a.via))!)];
      case 'aws-service': return [ArrivalKind.AwsService, this.at(this.ix.vpcEndpoints.get(a.via)!)];
      case 'amazon-provided-service': return [ArrivalKind.AmazonService, AMAZON_SERVICE[a.service]];
    }
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

  // ---- starting points --------------------------------------------------------------------------

  start(origin: FlowOrigin, packet: Flow): Arrival {
    this.packet = packet;
    switch (origin.kind) {
      case 'network-interface': {
        const eni = this.ix.lookup.networkInterfaces.get(origin.networkInterfaceId);
        if (!eni) return this.fail(HopKind.NETWORK_INTERFACE, Code.NO_SOURCE_OR_DESTINATION, { component: HopComponent.None });
        // VPCE-12: an endpoint never initiates connections.
        if (eni.kind === 'vpc-endpoint') return this.fail(HopKind.INTERFACE_ENDPOINT, Code.VPCE_INTRA_VPC_TRAFFIC, this.endpointOf(eni));
        this.checkUp(eni);
        // TRACE-15: loopback never leaves the host; the ENI's own address is delivered inside it.
        if (isLoopback(packet)) return this.fail(HopKind.NETWORK_INTERFACE, Code.VPCSIM_LOOPBACK_DESTINATION, { component: HopComponent.InstanceOrInterface, of: eni });
        const host = this.hostHolding(eni, packet);
        if (host) return this.insideHost(host);
        const vpc = this.ix.lookup.vpcOfInterface(eni.id);
        const service = vpc && asksAmazonProvidedServices(eni) ? amazonProvidedServiceAt(vpc, packet.family, packet.dst) : undefined;
        if (service) return this.toAmazonProvidedService(eni, service);
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
  private toAmazonProvidedService(eni: NetworkInterface, service: AmazonProvidedService): Arrival {
    this.pass(HopKind.AWS_SERVICE, { component: HopComponent.AmazonService, of: AMAZON_SERVICE[service] });
    return { kind: 'amazon-provided-service', service, networkInterfaceId: eni.id };
  }

  private fromAmazonProvidedService(arrival: { service: AmazonProvidedService; networkInterfaceId: string }): Arrival {
    const eni = this.ix.lookup.networkInterfaces.get(arrival.networkInterfaceId)!;
    this.pass(HopKind.AWS_SERVICE, { component: HopComponent.AmazonService, of: AMAZON_SERVICE[arrival.service], note: HopNote.Reply });
    this.pass(HopKind.NETWORK_INTERFACE, { component: HopComponent.InstanceOrInterface, of: eni, note: HopNote.Reply });
    return { kind: 'network-interface', networkInterfaceId: eni.id };
  }

  /** An interface endpoint's hops name the endpoint; an endpoint ENI without one in the model names itself. */
  private endpointOf(eni: NetworkInterface): HopFacts {
    const ep = eni.ownerId ? this.ix.vpcEndpoints.get(eni.ownerId) : undefined;
    return ep ? { component: HopComponent.VpcEndpoint, of: ep } : { component: HopComponent.NetworkInterface, of: eni };
  }

  /**
   * TRACE-15 CHOICE: a packet to the sending ENI's own address is delivered by its host: one hop, no
   * security group, network ACL or route table sees it.
   */
  private hostHolding(eni: NetworkInterface, packet: Flow): NetworkInterface | undefined {
    if (holdsDestination(eni, packet)) return eni;
    const instance = eni.kind === 'instance' && eni.ownerId !== undefined ? this.ix.lookup.instances.get(eni.ownerId) : undefined;
    if (!instance) return undefined;
    // AWS: every network interface of an instance is in the instance's VPC.
    const vpc = this.ix.lookup.vpcOfInterface(eni.id);
    const enis = instance.networkInterfaceIds.map((id) => this.ix.lookup.networkInterfaces.get(id));
    return enis.find((e): e is NetworkInterface => e !== undefined && e.kind === 'instance' && e.ownerId === instance.id && this.ix.lookup.vpcOfInterface(e.id) === vpc && holdsDestination(e, packet));
  }

  private insideHost(eni: NetworkInterface): Arrival {
    this.pass(HopKind.NETWORK_INTERFACE, { component: HopComponent.InstanceOrInterface, of: eni, note: HopNote.InsideHost });
    return { kind: 'network-interface', networkInterfaceId: eni.id };
  }

  startResponse(arrival: Arrival, packet: Flow): Arrival {
    this.packet = packet;
    switch (arrival.kind) {
      case 'network-interface': {
        const eni = this.ix.lookup.networkInterfaces.get(arrival.networkInterfaceId)!;
        const host = this.hostHolding(eni, packet);
        return host ? this.insideHost(host) : this.leaveEni(eni, packet);
      }
      case 'internet':
        return fromInternet(this, packet);
      case 'on-premises':
        return fromOnPremises(this, packet, arrival.via);
      case 'aws-service':
        return this.fromAwsService(packet, arrival.via);
      case 'amazon-provided-service':
        return this.fromAmazonProvidedService(arrival);
    }
  }

  /** MC-2, MC-14: what took a down ENI down, widest first: its AZ (rank), else its subnet (position), else itself or its instance. */
  private downRoot(eni: NetworkInterface): [DownRoot, number] {
    const subnet = this.ix.lookup.subnets.get(eni.subnetId);
    if (subnet && this.isDown(subnet.availabilityZone)) return [DownRoot.Zone, this.ix.availabilityZones.indexOf(subnet.availabilityZone)];
    if (subnet && this.isDown(subnet.id)) return [DownRoot.Subnet, this.at(subnet)];
    return [DownRoot.Itself, NO_REF];
  }

  /** TRACE-12: a source or destination that is down, or an instance that is stopped. */
  private checkUp(eni: NetworkInterface): void {
    const instance = eni.ownerId ? this.ix.lookup.instances.get(eni.ownerId) : undefined;
    // MC-1, MC-2: the ENI, its instance, its subnet or the subnet's AZ.
    const down = this.isDown(eni.id) || this.subnetDown(eni.subnetId) || this.isDown(instance?.id);
    // GW-13, MC-2: a NAT gateway is zonal; its subnet (AZ) being down takes it down, and the NAT gateway is named.
    const nat = down && eni.kind === 'nat-gateway' ? this.ix.natGatewayOfInterface(eni) : undefined;
    const [ref, ref2] = down ? this.downRoot(eni) : [NO_REF, NO_REF];
    if (nat) this.fail(HopKind.NAT_GATEWAY, Code.BAD_STATE, { component: HopComponent.NatGateway, of: nat, note: HopNote.ZoneDown, ref, ref2 });
    if (down) this.fail(HopKind.NETWORK_INTERFACE, Code.BAD_STATE, { component: HopComponent.InstanceOrInterface, of: eni, note: HopNote.Down, ref, ref2 });
    if (instance && instance.state !== 'running') this.fail(HopKind.NETWORK_INTERFACE, Code.BAD_STATE, { component: HopComponent.InstanceOrInterface, of: eni });
  }

  // ---- ENIs and security groups (SG-*) ----------------------------------------------------------

  private hasSecurityGroups(eni: NetworkInterface): boolean {
    // SG-16: NAT gateway, TGW attachment and firewall endpoint ENIs have none.
    return eni.kind === 'instance' || eni.kind === 'interface' || eni.kind === 'vpc-endpoint';
  }

  private checkSecurityGroups(eni: NetworkInterface, egress: boolean): void {
    if (!this.hasSecurityGroups(eni)) return;
    const kind = egress ? HopKind.SECURITY_GROUP_EGRESS : HopKind.SECURITY_GROUP_INGRESS;
    const packet = this.packet;
    // SG-7: the response to a tracked flow is allowed whatever the rules of this direction.
    // The ENI's groups as one component: its only group, else its instance, else the ENI (hop-text/components.ts).
    const ofInterface = { component: HopComponent.SecurityGroupOfInterface, of: eni };
    if (this.direction === 'response' && this.state.isReply(eni.id, packet)) {
      this.pass(kind, ofInterface);
      return;
    }
    const d = evaluateSecurityGroups(this.ix, eni, egress, packet, (peer) => this.mayReferenceAcrossVpcs(eni, peer, egress), this.viaAppliance);
    if (!d.allowed || !d.group || !d.rule) {
      const code = d.noRules ? Code.SG_HAS_NO_RULES : d.referencingBlocked ? Code.SG_REFERENCING_SUPPORT : Code.ENI_SG_RULES_MISMATCH;
      this.block(kind, code, ofInterface);
    } else {
      this.pass(kind, { component: HopComponent.SecurityGroup, of: d.group, rule: { kind: 'security-group-rule', group: d.group, rule: d.rule } });
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
        return this.fail(HopKind.NETWORK_INTERFACE, Code.NO_PATH, { component: HopComponent.NetworkInterface, of: eni });
      case 'vpc-endpoint': {
        // VPCE-11: interface endpoints accept TCP only.
        if (packet.protocol !== PROTOCOL_TCP) this.block(HopKind.INTERFACE_ENDPOINT, Code.PROTOCOL_RESTRICTION, this.endpointOf(eni));
        this.checkSecurityGroups(eni, false);
        this.pass(HopKind.INTERFACE_ENDPOINT, this.endpointOf(eni));
        return { kind: 'network-interface', networkInterfaceId: eni.id };
      }
      default:
        return this.arriveAtInstanceEni(eni, packet);
    }
  }

  private arriveAtInstanceEni(eni: NetworkInterface, packet: Flow): Arrival {
    const own = this.ownsAddress(eni, packet);
    // RT-13: an ENI with source/destination check drops packets not addressed to it.
    if (!own && eni.sourceDestCheck) this.block(HopKind.NETWORK_INTERFACE, Code.ENI_SOURCE_DEST_CHECK_RESTRICTION, { component: HopComponent.NetworkInterface, of: eni });
    if (!own) this.checkApplianceSawRequest(eni);
    this.checkSecurityGroups(eni, false);
    if (own) {
      this.pass(HopKind.NETWORK_INTERFACE, { component: HopComponent.InstanceOrInterface, of: eni });
      return { kind: 'network-interface', networkInterfaceId: eni.id };
    }
    // RT-14 CHOICE: a router appliance forwards with its own subnet's route table; its SGs apply both ways.
    this.pass(HopKind.NETWORK_INTERFACE, { component: HopComponent.InstanceOrInterface, of: eni, note: HopNote.Forwards });
    // SG-4: from here on the packet is sent by the appliance, not by the ENI holding its source address.
    this.viaAppliance = true;
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
    this.block(HopKind.TRANSIT_GATEWAY_ATTACHMENT, Code.TGW_ATTACH_VPC_AZ_RESTRICTION, { component: HopComponent.TransitGatewayAttachment, of: att, ref: this.at(eni) });
  }

  // ---- subnets: network ACLs (NACL-*) and route tables (RT-*) -----------------------------------

  private checkNacl(subnet: Subnet, egress: boolean): void {
    const acl = this.ix.lookup.networkAclForSubnet(subnet.id);
    const kind = egress ? HopKind.NETWORK_ACL_OUTBOUND : HopKind.NETWORK_ACL_INBOUND;
    if (!acl) return; // finalizeTopology always provides one (NACL-1)
    const d = evaluateNetworkAcl(acl, egress, this.packet);
    const hop: HopFacts = { component: HopComponent.NetworkAcl, of: acl, ref: this.at(subnet) };
    if (d.entry) hop.rule = { kind: 'network-acl-entry', entry: d.entry };
    if (!d.allowed) this.block(kind, Code.SUBNET_ACL_RESTRICTION, hop);
    else this.pass(kind, hop);
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
      this.pass(HopKind.ROUTE_TABLE, { ...(rt ? { component: HopComponent.RouteTable, of: rt } : { component: HopComponent.None }), ref: this.at(subnet) });
      return this.arriveAtEni(owner.eni, packet);
    }
    if (!rt) return this.fail(HopKind.ROUTE_TABLE, Code.NO_ROUTE_TO_DESTINATION, { component: HopComponent.Subnet, of: subnet });
    const table = { component: HopComponent.RouteTable, of: rt };
    const match = longestPrefixMatch(this.routesUp(routesOf(this.ix, rt)), packet.family, packet.dst);
    if (!match) return this.fail(HopKind.ROUTE_TABLE, Code.NO_ROUTE_TO_DESTINATION, table);
    const route = match.route;
    // RT-10, RT-11: a blackhole route wins LPM and drops.
    if (route.blackhole) return this.fail(HopKind.ROUTE_TABLE, Code.BAD_STATE_ROUTE, { ...table, rule: { kind: 'route', route: routeChoice(rt, match, false) } });
    this.pass(HopKind.ROUTE_TABLE, { ...table, rule: { kind: 'route', route: routeChoice(rt, match, true) } });
    return routeTargets[route.target.kind](this, { from: subnet, vpc, match, routeTable: rt }, packet);
  }

  /** RT-15: traffic entering through an IGW or VGW follows its gateway route table, if any, else the local route. */
  intoVpcFromGateway(gatewayId: string, vpc: Vpc, packet: Flow): Arrival {
    const grt = this.ix.gatewayRouteTableOf(gatewayId);
    if (grt) {
      const match = longestPrefixMatch(this.routesUp(routesOf(this.ix, grt)), packet.family, packet.dst);
      if (match && match.route.target.kind !== 'local' && !match.route.blackhole) {
        this.pass(HopKind.GATEWAY_ROUTE_TABLE, { component: HopComponent.RouteTable, of: grt, rule: { kind: 'route', route: routeChoice(grt, match, false) } });
        return routeTargets[match.route.target.kind](this, { from: null, vpc, match, routeTable: grt }, packet);
      }
    }
    return this.deliverInVpc(vpc, packet, null);
  }

  /** The local route: deliver to the ENI holding the destination address in `vpc`. */
  deliverInVpc(vpc: Vpc, packet: Flow, from: Subnet | null): Arrival {
    const owner = this.ix.ownerInVpc(vpc.id, packet.family, packet.dst);
    if (!owner) return this.fail(HopKind.NETWORK_INTERFACE, Code.UNKNOWN_DESTINATION, { component: HopComponent.Vpc, of: vpc });
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

  toOnPremises(connectionId: string, via: 'vpn' | 'dx'): Arrival {
    return toOnPremises(this, connectionId, via);
  }

  // ---- gateway endpoints (VPCE-*) ---------------------------------------------------------------

  private fromAwsService(packet: Flow, endpointId: string): Arrival {
    const ep = this.ix.vpcEndpoints.get(endpointId)!;
    const vpc = this.ix.lookup.vpcs.get(ep.vpcId)!;
    this.pass(HopKind.GATEWAY_ENDPOINT, { component: HopComponent.VpcEndpoint, of: ep, note: HopNote.Inbound });
    return this.deliverInVpc(vpc, packet, null);
  }
}

