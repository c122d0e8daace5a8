// What one step of the walk may do: record a hop, stop the walk, and hand the packet to the next
// step. Implemented by Walker (walk.ts); the step modules (route-targets, internet, nat-gateway,
// network-firewall, transit-gateway, on-premises) only see this interface.
import type { NetworkIndex } from '../model/network-index.js';
import type { NetworkInterface, Resource, Subnet, Vpc } from '../model/types.js';
import type { Flow } from '../walk/flow.js';
import type { Arrival, TraceDirection } from '../walk/result.js';
import type { FlowState } from './conntrack.js';

/** How the packet entered the VPC it is in: transitivity and edge-to-edge rules depend on it (PCX-3/4, GW-11, VPCE-5). */
export type Ingress = 'vpc' | 'internet' | 'peering' | 'transit-gateway' | 'on-premises';

export interface WalkContext {
  readonly ix: NetworkIndex;
  readonly state: FlowState;
  readonly direction: TraceDirection;
  ingress: Ingress;
  /** TGW-10: the AZ the packet entered the transit gateway in. */
  tgwAz: string | undefined;
  /** SG-6: the transit gateway and attachments the packet crossed into the current VPC. */
  tgwPath: { tgwId: string; inAttachmentId: string; outAttachmentId: string } | undefined;

  /** Records a passing hop. */
  pass(kind: number, res: Resource | undefined, type: string, action: string, extra?: { rule?: string; info?: number[] }): void;
  /** Records a blocking hop; stops the walk unless `allBlocking`, where the walk goes on as if allowed (TRACE-8). */
  block(kind: number, res: Resource | undefined, type: string, code: number, action: string, rule?: string): void;
  /** Records the blocking hop and stops the walk (TRACE-8). */
  fail(kind: number, res: Resource | undefined, type: string, code: number, action: string, rule?: string): never;
  /** The scenario's down set (MC-1), if any. */
  readonly down: ReadonlySet<string> | undefined;
  /** MC-1 / TRACE-12: is this component down in the scenario? */
  isDown(id: string | undefined): boolean;
  /** MC-2: is the subnet down, itself or through its Availability Zone? */
  subnetDown(subnetId: string | undefined): boolean;
  /** An address of the current packet's family as text. */
  text(value: bigint): string;

  crossSubnets(from: Subnet | null, to: Subnet | null): void;
  routeFrom(subnet: Subnet, packet: Flow, fromEni: NetworkInterface | null): Arrival;
  intoVpcFromGateway(gatewayId: string, vpc: Vpc, packet: Flow): Arrival;
  arriveAtEni(eni: NetworkInterface, packet: Flow): Arrival;
  deliverInVpc(vpc: Vpc, packet: Flow, from: Subnet | null): Arrival;
  toInternet(packet: Flow): Arrival;
  fromInternet(packet: Flow): Arrival;
  tgwRoute(attachmentId: string, packet: Flow): Arrival;
  toVpnGateway(vgwId: string, packet: Flow): Arrival;
  toOnPremises(packet: Flow, connectionId: string, via: 'vpn' | 'dx'): Arrival;
}
