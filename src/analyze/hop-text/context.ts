// What a hop's text is written from: the hop as a walk recorded it (src/walk/hop.ts: kind, code,
// note, component, deciding rule, refs, packet) and the Topology. Each hop kind's module turns a
// WalkHop into a HopText; the engine's hops and the reference walk's hops are worded here alike.
import { formatAddress } from '../../model/ip.js';
import type { NetworkIndex } from '../../model/network-index.js';
import type { NetworkInterface, Resource, Topology } from '../../model/types.js';
import type { WalkHop } from '../../walk/hop.js';

/** The text of one hop; `res`/`type` default to the component the hop names (./components.ts). */
export interface HopText {
  action: string;
  /** null: the hop names no resource (component and id ''). */
  res?: Resource | null;
  type?: string;
  rule?: string;
  info?: number[];
}

export interface HopContext {
  t: Topology;
  ix: NetworkIndex;
}

export type HopExplainer = (h: WalkHop, c: HopContext) => HopText;

/** An IPv4 address a walk put in a Ref field (e.g. before translation). */
export function ipv4Text(word: number): string {
  return formatAddress(4, BigInt(word >>> 0));
}

export function srcText(h: WalkHop): string {
  return formatAddress(h.packet.family, h.packet.src);
}

export function dstText(h: WalkHop): string {
  return formatAddress(h.packet.family, h.packet.dst);
}

/**
 * A resource as the answer names it: `WebSg (sg-0a1b...)`, or its id alone when the logical id is
 * the id (a snapshot resource without a CloudFormation logical id).
 */
export function idText(r: Resource): string {
  return r.logicalId === r.id ? r.id : `${r.logicalId} (${r.id})`;
}

/** The ENI at position `e` of the Topology's networkInterfaces. */
export function eniOf(c: HopContext, e: number): NetworkInterface {
  return c.t.networkInterfaces[e]!;
}

/** `vpce-... (us-east-1a)`: a firewall endpoint's id (the one routes target) and its AZ. */
export function firewallEndpointLabel(c: HopContext, eni: NetworkInterface): string {
  const fw = eni.ownerId ? c.ix.firewalls.get(eni.ownerId) : undefined;
  const ep = fw?.endpoints.find((e) => e.networkInterfaceId === eni.id);
  const az = c.ix.lookup.subnets.get(eni.subnetId)?.availabilityZone ?? '';
  return `${ep?.endpointId ?? eni.id} (${az})`;
}
