// Connection tracking (SG-7, SG-12, SG-13; also NAT gateway and egress-only IGW state, GW-9, GW-16).
// The walk's table (the lasting table of flow-log replay is conntrack-store.ts).
//
// The walk's table: entries keyed on (component, the packet's source, destination and ports) with
// the time the flow was last seen, in simulated seconds (C-3). An entry is live while now - lastSeen
// <= idle timeout of its protocol. Flows never see each other's state (each walked flow starts an empty
// table), so the table holds one flow's entries: a few per direction (one per stateful hop, at most
// 2 x 64 hops). A list is cheaper for so few than hashing a key: an insert appends (a key seen again
// gets a newer entry, not a search for the old one) and a lookup scans from the newest entry back.
//
// Entry layout (16 u32 words = 64 bytes): the key (component, the tuple's tag of packet.ts; for a
// TUPLE_OTHER tuple also sport|dport<<16, src0..3, dst0..3), lastSeen (f64, 2 words), two value words
// (a NAT gateway's original source and port; written and read only by NAT gateways). Family and protocol are left out of the key: a
// walk never rewrites them, so every entry of a flow's table has its packet's. Most flows are never
// rewritten (no NAT): their keys are the tag alone, one u64 compare, and the packet is not read.
//
// Pending entries: the forward packet's security groups track the flow's own tuple at the forward's
// time, and most flows never read those entries (no response, a blocked forward, or walk-reply.ts's
// response without the reply checks). So such an insert stores only its component (ctInsertPending);
// the tag and time are written (ctWritePending) before anything reads the table or appends after them,
// which keeps the table what the plain inserts would have made.
import { arenaAlloc } from './memory';
import { TUPLE_OTHER, TUPLE_REVERSE, packet, tupleTag } from './packet';

// Component namespaces: a security group's state is keyed by its ENI id; these bits mark the other
// stateful components, so their ids never meet an ENI's.
/** NAT gateway translations (GW-9), keyed by NAT gateway id. */
export const CT_NAT_GATEWAY: i32 = 1 << 24;
/** Egress-only internet gateway flows (GW-16), keyed by gateway id. */
export const CT_EGRESS_ONLY_IGW: i32 = 2 << 24;

const ENTRY_BYTES: usize = 64;
/** Entries per flow; inserts past it fail (a flow has at most 2 x 64 hops, each tracking at most once). */
const CAPACITY: i32 = 512;

let table: usize = 0;
let entries: i32 = 0;
/** Entries [0, written) are whole; [written, entries) are pending (their component only). */
let written: i32 = 0;
/**
 * The component whose entry for the forward packet's reply waits (ctDeferArrival), or -1: written after
 * the pending entries, as the tuple the packet carries then (the reply's), by ctWritePending.
 */
let deferred: i32 = -1;

// SG-12 / SG-13 idle timeouts, seconds.
const TCP_ESTABLISHED: f64 = 432000;
const UDP: f64 = 30;
const ICMP: f64 = 30;
const OTHER: f64 = 600;
/** GW-14: a NAT gateway connection idle for 350 s times out (whatever its protocol). */
export const NAT_GATEWAY_IDLE: f64 = 350;

export function idleTimeout(protocol: i32): f64 {
  if (protocol == 6) return TCP_ESTABLISHED;
  if (protocol == 17) return UDP;
  if (protocol == 1 || protocol == 58) return ICMP;
  return OTHER;
}

/** The shortest idleTimeout of any protocol. */
// @ts-ignore: decorator
@inline export function minIdleTimeout(): f64 {
  return min<f64>(min<f64>(TCP_ESTABLISHED, UDP), min<f64>(ICMP, OTHER));
}

/** Forgets the table (engineReset() reclaims its memory). */
export function ctForget(): void {
  table = 0;
  entries = 0;
  written = 0;
}

/** Makes the table's memory ready (once per batch: not tested for every flow). */
export function ctReady(): void {
  if (table == 0) table = arenaAlloc(<usize>CAPACITY * ENTRY_BYTES);
}

/** Starts a fresh, empty table (one per walked flow; ctReady first). */
// @ts-ignore: decorator
@inline export function ctNewFlow(): void {
  entries = 0;
  written = 0;
  deferred = -1;
}

/**
 * ctInsertReplyOfPacket for a forward packet carrying the flow's own tuple (TUPLE_ORIGIN) at the
 * forward's time: the entry's component now, its tag (TUPLE_REVERSE) and time by ctWritePending.
 */
// @ts-ignore: decorator
@inline export function ctInsertPending(component: i32): void {
  if (entries == CAPACITY) return;
  store<i32>(table + <usize>entries * ENTRY_BYTES, component);
  entries++;
}

/**
 * ctInsertReplyOfPacket for the forward packet at the ENI it is delivered to (its last insert of the
 * forward: the walk ends there, and nothing reads the table before the response's first step), deferred:
 * the response's packet, before anything rewrites it, is the swap of the forward's (the ICMP type is not
 * in the key), so the entry is that packet's own tuple, written by ctWritePending. Most flows never
 * write it (walk-reply.ts's responses read no entries); a rewritten (TUPLE_OTHER) tuple's entry is ten
 * words.
 */
// @ts-ignore: decorator
@inline export function ctDeferArrival(component: i32): void {
  deferred = component;
}

/** Whether pending or deferred entries wait for ctWritePending (before a lookup or a plain insert). */
// @ts-ignore: decorator
@inline export function ctPending(): bool {
  return written != entries || deferred >= 0;
}

/** Writes the pending entries whole: the reply's tag, `forwardTime` (the forward's clock); then the deferred one. */
export function ctWritePending(forwardTime: f64): void {
  for (let i = written; i < entries; i++) {
    const p = table + <usize>i * ENTRY_BYTES;
    store<u32>(p, <u32>TUPLE_REVERSE, 4);
    store<f64>(p, forwardTime, 48);
  }
  written = entries;
  if (deferred >= 0) {
    insertKey(deferred, forwardTime, false);
    deferred = -1;
  }
}

// @ts-ignore: decorator
@inline function pair(lo: u32, hi: u32): u64 {
  return <u64>lo | (<u64>hi << 32);
}

/** Does the TUPLE_OTHER key of the entry at `p` (words 2..10) equal the packet's tuple? Five u64 compared without branches. */
// @ts-ignore: decorator
@inline function otherKeyIsPacket(p: usize): bool {
  const k1 = pair((<u32>packet.srcPort & 0xffff) | ((<u32>packet.dstPort & 0xffff) << 16), packet.src0);
  const k2 = pair(packet.src1, packet.src2);
  const k3 = pair(packet.src3, packet.dst0);
  const k4 = pair(packet.dst1, packet.dst2);
  return ((load<u64>(p, 8) ^ k1) | (load<u64>(p, 16) ^ k2) | (load<u64>(p, 24) ^ k3)
    | (load<u64>(p, 32) ^ k4) | <u64>(load<u32>(p, 40) ^ packet.dst3)) == 0;
}

/**
 * The newest entry for (component, the packet's tuple), or 0. Newest first: an insert appends without
 * looking for an older entry of its key, so the newest is the one a refresh in place would have left.
 */
// @ts-ignore: decorator
@inline function findPacket(component: i32): usize {
  const tag = tupleTag();
  const head = pair(<u32>component, <u32>tag);
  let p = table + <usize>entries * ENTRY_BYTES;
  if (tag != TUPLE_OTHER) {
    while (p > table) {
      p -= ENTRY_BYTES;
      if (load<u64>(p) == head) return p;
    }
    return 0;
  }
  while (p > table) {
    p -= ENTRY_BYTES;
    if (load<u64>(p) == head && otherKeyIsPacket(p)) return p;
  }
  return 0;
}

/** The tag of the packet's tuple, or with `reversed` of its reply's (the swap of the flow's own tuple is its reverse). */
// @ts-ignore: decorator
@inline function keyTag(reversed: bool): i32 {
  const tag = tupleTag();
  return reversed && tag != TUPLE_OTHER ? tag ^ 1 : tag;
}

/**
 * `component` let the packet through at `now`: records its reply's tuple, so the reply is recognised.
 * Appended even when the key has an entry already (a refresh): lookups take the newest. Returns the
 * entry, for ctSetValues, or 0 when full (never within CAPACITY: one insert per hop). No entry may be
 * pending (ctWritePending first).
 */
// @ts-ignore: decorator
@inline export function ctInsertReplyOfPacket(component: i32, now: f64): usize {
  return insertKey(component, now, true);
}

/** Appends an entry keyed on the packet's tuple, or with `reversed` on its reply's (ctInsertReplyOfPacket). */
// @ts-ignore: decorator
@inline function insertKey(component: i32, now: f64, reversed: bool): usize {
  if (entries == CAPACITY) return 0;
  const p = table + <usize>entries * ENTRY_BYTES;
  entries++;
  written = entries;
  const tag = keyTag(reversed);
  store<u64>(p, pair(<u32>component, <u32>tag));
  if (tag == TUPLE_OTHER) {
    if (reversed) {
      store<u32>(p, (<u32>packet.dstPort & 0xffff) | ((<u32>packet.srcPort & 0xffff) << 16), 8);
      store<u32>(p, packet.dst0, 12); store<u32>(p, packet.dst1, 16); store<u32>(p, packet.dst2, 20); store<u32>(p, packet.dst3, 24);
      store<u32>(p, packet.src0, 28); store<u32>(p, packet.src1, 32); store<u32>(p, packet.src2, 36); store<u32>(p, packet.src3, 40);
    } else {
      store<u32>(p, (<u32>packet.srcPort & 0xffff) | ((<u32>packet.dstPort & 0xffff) << 16), 8);
      store<u32>(p, packet.src0, 12); store<u32>(p, packet.src1, 16); store<u32>(p, packet.src2, 20); store<u32>(p, packet.src3, 24);
      store<u32>(p, packet.dst0, 28); store<u32>(p, packet.dst1, 32); store<u32>(p, packet.dst2, 36); store<u32>(p, packet.dst3, 40);
    }
  }
  store<f64>(p, now, 48);
  return p;
}

/**
 * Keeps two values with entry `p` (a NAT gateway's original source and port). Only the components that
 * read them back (ctValue, ctValue2) store them: a security group's entries leave the words as they were.
 */
// @ts-ignore: decorator
@inline export function ctSetValues(p: usize, value: u32, value2: u32): void {
  store<u32>(p, value, 56);
  store<u32>(p, value2, 60);
}

// @ts-ignore: decorator
@inline export function ctValue(p: usize): u32 {
  return load<u32>(p, 56);
}

// @ts-ignore: decorator
@inline export function ctValue2(p: usize): u32 {
  return load<u32>(p, 60);
}

/**
 * The entry showing the packet is the reply to a flow `component` let through (an entry for exactly its
 * tuple), seen at most `timeout` seconds before `now`; 0 when there is none. No entry may be pending.
 */
// @ts-ignore: decorator
@inline export function ctLookupPacket(component: i32, now: f64, timeout: f64): usize {
  const p = findPacket(component);
  return p == 0 || now - load<f64>(p, 48) > timeout ? 0 : p;
}
