// What one step of the walk may do: record a hop, stop the walk, and hand the packet to the next
// step. Implemented by Walker (walker.ts); the step modules (origin, network-interface, subnet,
// route-targets, internet, nat-gateway, network-firewall, transit-gateway, on-premises) only see this
// interface, and reach each other's steps through it (no import cycles among them). Hops are recorded as
// facts (src/walk/hop.ts), the same the engine writes; src/analyze/hop-text/ words them.
import type { NetworkIndex } from '../model/network-index.js';
import type { NetworkInterface, Subnet, Vpc } from '../model/types.js';
import type { Flow } from '../walk/flow.js';
import type { HopRule } from '../walk/hop.js';
import type { Arrival, TraceDirection } from '../walk/result.js';
import type { FlowState } from './conntrack.js';

/** How the packet entered the VPC it is in: transitivity and edge-to-edge rules depend on it (PCX-3/4, GW-11, VPCE-5). */
export type Ingress = 'vpc' | 'internet' | 'peering' | 'transit-gateway' | 'on-premises';

/** What a step says about a hop besides its kind and code: the fields of an engine hop record (abi/hops.ts). */
export interface HopFacts {
  /** HopComponent: which kind of component names the hop. */
  component: number;
  /** The component: a model object of that kind, or a number (AmazonService); absent for HopComponent.None. */
  of?: object | number;
  /** HopNote; default None. */
  note?: number;
  rule?: HopRule;
  /** HopField.Ref / Ref2 (positions via WalkContext.at, addresses, ports, enums); default NO_REF. */
  ref?: number;
  ref2?: number;
}

export interface WalkContext {
  readonly ix: NetworkIndex;
  readonly state: FlowState;
  readonly direction: TraceDirection;
  ingress: Ingress;
  /** TGW-10: the AZ the packet entered the transit gateway in. */
  tgwAz: string | undefined;
  /** SG-6: the transit gateway and attachments the packet crossed into the current VPC. */
  tgwPath: { tgwId: string; inAttachmentId: string; outAttachmentId: string } | undefined;
  /** SG-4: a middlebox appliance (RT-14) forwarded the packet in this direction. */
  viaAppliance: boolean;
  /** The packet of this direction, as the steps rewrite it (NAT, IGW); each hop records a copy. */
  readonly packet: Flow;

  /** Records a passing hop. */
  pass(kind: number, hop: HopFacts): void;
  /** Records a blocking hop; stops the walk unless `allBlocking`, where the walk goes on as if allowed (TRACE-8). */
  block(kind: number, code: number, hop: HopFacts): void;
  /** Records the blocking hop and stops the walk (TRACE-8). */
  fail(kind: number, code: number, hop: HopFacts): never;
  /** The position of a model object in its Topology list, for HopFacts refs. */
  at(item: object): number;
  /** The scenario's down set (MC-1), if any. */
  readonly down: ReadonlySet<string> | undefined;
  /** MC-1 / TRACE-12: is this component down in the scenario? */
  isDown(id: string | undefined): boolean;
  /** MC-2: is the subnet down, itself or through its Availability Zone? */
  subnetDown(subnetId: string | undefined): boolean;

  crossSubnets(from: Subnet | null, to: Subnet | null): void;
  routeFrom(subnet: Subnet, packet: Flow, fromEni: NetworkInterface | null): Arrival;
  intoVpcFromGateway(gatewayId: string, vpc: Vpc, packet: Flow): Arrival;
  arriveAtEni(eni: NetworkInterface, packet: Flow): Arrival;
  deliverInVpc(vpc: Vpc, packet: Flow, from: Subnet | null): Arrival;
  toInternet(packet: Flow): Arrival;
  fromInternet(packet: Flow): Arrival;
  tgwRoute(attachmentId: string, packet: Flow): Arrival;
  toVpnGateway(vgwId: string, packet: Flow): Arrival;
  toOnPremises(connectionId: string, via: 'vpn' | 'dx'): Arrival;
}
