// The walk's state for one query (TRACE-7): the index, the flow state, the direction being walked and
// how the packet got where it is; it records the hops (TRACE-8, TRACE-11) and is the WalkContext the
// steps see. The steps themselves live in their own modules; the methods below only hand over to them.
import { Code } from '../../abi/codes.js';
import { HopNote } from '../../abi/hops.js';
import type { NetworkIndex } from '../model/network-index.js';
import type { NetworkInterface, Subnet, Vpc } from '../model/types.js';
import type { Flow, FlowOrigin } from '../walk/flow.js';
import { NO_REF, positionOf, type WalkHop } from '../walk/hop.js';
import type { Arrival, TraceDirection, WalkOptions } from '../walk/result.js';
import type { FlowState } from './conntrack.js';
import type { HopFacts, Ingress, WalkContext } from './context.js';
import { fromInternet, toInternet } from './internet.js';
import { arriveAtEni } from './network-interface.js';
import { toOnPremises, toVpnGateway } from './on-premises.js';
import { startAt, startResponseAt } from './origin.js';
import { crossSubnets, deliverInVpc, intoVpcFromGateway, routeFrom } from './subnet.js';
import { tgwRoute } from './transit-gateway.js';

/** TRACE-11 CHOICE: at most 64 hops per direction. */
export const MAX_HOPS = 64;

/** Thrown to end the walk at a blocker (TRACE-8); the blocking hop is already recorded. */
export class Blocked extends Error {}

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
  /** The packet of this direction, as the steps rewrite it (NAT, IGW); each hop records a copy. */
  packet!: Flow;
  private hops: WalkHop[] = [];

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

  start(origin: FlowOrigin, packet: Flow): Arrival {
    this.packet = packet;
    return startAt(this, origin, packet);
  }

  startResponse(arrival: Arrival, packet: Flow): Arrival {
    this.packet = packet;
    return startResponseAt(this, arrival, packet);
  }

  // ---- hops -------------------------------------------------------------------------------------

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

  // ---- the scenario's down set (MC-1) -------------------------------------------------------------

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

  // ---- steps in their own modules ---------------------------------------------------------------

  arriveAtEni(eni: NetworkInterface, packet: Flow): Arrival {
    return arriveAtEni(this, eni, packet);
  }

  crossSubnets(from: Subnet | null, to: Subnet | null): void {
    crossSubnets(this, from, to);
  }

  routeFrom(subnet: Subnet, packet: Flow, fromEni: NetworkInterface | null): Arrival {
    return routeFrom(this, subnet, packet, fromEni);
  }

  intoVpcFromGateway(gatewayId: string, vpc: Vpc, packet: Flow): Arrival {
    return intoVpcFromGateway(this, gatewayId, vpc, packet);
  }

  deliverInVpc(vpc: Vpc, packet: Flow, from: Subnet | null): Arrival {
    return deliverInVpc(this, vpc, packet, from);
  }

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
}
