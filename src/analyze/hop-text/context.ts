// What a hop's text is written from: one engine hop record decoded (HopField), the compiled image's
// tables (dense id -> record -> model object) and the Topology. Each hop kind's module turns a
// HopRecord into a HopText with the reference walk's words (src/reference/), so trace() on the engine
// prints what traceReference() prints.
import { section, type NetworkImage } from '../../compile/index.js';
import { type HopComponent } from '../../../abi/hops.js';
import { PrefixField, type Section } from '../../../abi/image.js';
import { formatAddress, type Family } from '../../model/ip.js';
import type { NetworkInterface, Resource, Topology } from '../../model/types.js';
import type { Flow } from '../../walk/flow.js';
import type { NetworkIndex } from '../../model/network-index.js';

/** One engine hop, decoded. */
export interface HopRecord {
  direction: 'forward' | 'response';
  kind: number;
  component: HopComponent;
  id: number;
  code: number;
  /** HopField.Detail: the deciding record, else -1. */
  detail: number;
  /** HopNote (without the hop-limit flag). */
  note: number;
  ref: number;
  ref2: number;
  /** The packet at this hop: the flow's protocol and ICMP type/code, this hop's addresses and ports. */
  packet: Flow;
}

/** The text of one hop; `res`/`type` default to the component the engine named (./components.ts). */
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
  image: NetworkImage;
}

export type HopExplainer = (h: HopRecord, c: HopContext) => HopText;

/** Word `field` of record `i` of an image section. */
export function recordField(c: HopContext, which: Section, stride: number, i: number, field: number): number {
  return section(c.image.words, which, stride)[i * stride + field]!;
}

/** The prefix stored at `field` of record `i` (PrefixField layout), as canonical text. */
export function prefixText(c: HopContext, which: Section, stride: number, i: number, field: number): string {
  const words = section(c.image.words, which, stride);
  const at = i * stride + field;
  const family = words[at + PrefixField.Family] as Family;
  return `${formatAddress(family, wordsValue(family, words, at + PrefixField.W0))}/${words[at + PrefixField.Len]}`;
}

/** An address from engine words (IPv4 in the first word; IPv6 most significant word first). */
export function wordsValue(family: Family, words: ArrayLike<number>, at: number): bigint {
  if (family === 4) return BigInt(words[at]! >>> 0);
  let v = 0n;
  for (let k = 0; k < 4; k++) v = (v << 32n) | BigInt(words[at + k]! >>> 0);
  return v;
}

/** An IPv4 address the engine put in a Ref field (e.g. before translation). */
export function ipv4Text(word: number): string {
  return formatAddress(4, BigInt(word >>> 0));
}

export function srcText(h: HopRecord): string {
  return formatAddress(h.packet.family, h.packet.src);
}

export function dstText(h: HopRecord): string {
  return formatAddress(h.packet.family, h.packet.dst);
}

export function eniOf(c: HopContext, e: number): NetworkInterface {
  return c.image.names.networkInterfaces[e]!;
}

/** `vpce-... (us-east-1a)`: a firewall endpoint's id (the one routes target) and its AZ. */
export function firewallEndpointLabel(c: HopContext, eni: NetworkInterface): string {
  const fw = eni.ownerId ? c.ix.firewalls.get(eni.ownerId) : undefined;
  const ep = fw?.endpoints.find((e) => e.networkInterfaceId === eni.id);
  const az = c.ix.lookup.subnets.get(eni.subnetId)?.availabilityZone ?? '';
  return `${ep?.endpointId ?? eni.id} (${az})`;
}
