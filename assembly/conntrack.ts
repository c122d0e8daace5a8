// Connection tracking (SG-7, SG-12, SG-13; also NAT gateway and egress-only IGW state, GW-9, GW-16).
// Two tables: the walk's (below), and the lasting table of flow-log replay (further down).
//
// The walk's table: entries keyed on (component, family, protocol, source, destination, ports) with
// the time the flow was last seen, in simulated seconds (C-3). An entry is live while now - lastSeen
// <= idle timeout of its protocol. Flows never see each other's state (each walked flow starts an empty
// table), so the table holds one flow's entries: a few per direction (one per stateful hop, at most
// 2 x 64 hops). A list scanned from the start is cheaper for so few than hashing the 11-word key.
//
// Entry layout (16 u32 words = 64 bytes): the key (component, family|protocol<<8, sport|dport<<16,
// src0..3, dst0..3, a zero word), lastSeen (f64, 2 words), two value words (e.g. a NAT gateway's
// original source and port).
import { arenaAlloc, scratchReserve } from './memory';
import * as packet from './packet';

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

/** Forgets the table (engineReset() reclaims its memory). */
export function ctForget(): void {
  table = 0;
  entries = 0;
  lasting = 0;
  storeBits = 0;
  storeUsed = 0;
}

/** Starts a fresh, empty table (one per walked flow). */
export function ctNewFlow(): void {
  if (table == 0) table = arenaAlloc(<usize>CAPACITY * ENTRY_BYTES);
  entries = 0;
}

// @ts-ignore: decorator
@inline function pair(lo: u32, hi: u32): u64 {
  return <u64>lo | (<u64>hi << 32);
}

/**
 * Does the key of the entry at `p` (words 0..11) equal (component, the packet's tuple), or with
 * `reversed` the tuple of the packet's reply? Six u64 compared without branches. The packet is read
 * only here, after the cheap compare of the component: read up front, its 13 words were spilled to
 * the stack around the scan.
 */
// @ts-ignore: decorator
@inline function keyIsPacket(p: usize, component: i32, reversed: bool): bool {
  const fp = <u32>packet.family | (<u32>(packet.protocol & 0xff) << 8);
  const sport = <u32>(reversed ? packet.dstPort : packet.srcPort) & 0xffff;
  const dport = <u32>(reversed ? packet.srcPort : packet.dstPort) & 0xffff;
  const k0 = pair(<u32>component, fp);
  const k1 = pair(sport | (dport << 16), reversed ? packet.dst0 : packet.src0);
  const k2 = reversed ? pair(packet.dst1, packet.dst2) : pair(packet.src1, packet.src2);
  const k3 = reversed ? pair(packet.dst3, packet.src0) : pair(packet.src3, packet.dst0);
  const k4 = reversed ? pair(packet.src1, packet.src2) : pair(packet.dst1, packet.dst2);
  const k5 = pair(reversed ? packet.src3 : packet.dst3, 0);
  return ((load<u64>(p) ^ k0) | (load<u64>(p, 8) ^ k1) | (load<u64>(p, 16) ^ k2)
    | (load<u64>(p, 24) ^ k3) | (load<u64>(p, 32) ^ k4) | (load<u64>(p, 40) ^ k5)) == 0;
}

/** The entry for (component, the packet's tuple or, `reversed`, its reply's), or 0. */
// @ts-ignore: decorator
@inline function findPacket(component: i32, reversed: bool): usize {
  const end = table + <usize>entries * ENTRY_BYTES;
  for (let p = table; p < end; p += ENTRY_BYTES) {
    if (load<i32>(p) == component && keyIsPacket(p, component, reversed)) return p;
  }
  return 0;
}

/**
 * `component` let the packet through at `now`: records (or refreshes) its reply's tuple, so the reply
 * is recognised; `value`, `value2` are kept with it. Returns false when full.
 */
// @ts-ignore: decorator
@inline export function ctInsertReplyOfPacket(component: i32, now: f64, value: u32, value2: u32): bool {
  let p = findPacket(component, true);
  if (p == 0) {
    if (entries == CAPACITY) return false;
    p = table + <usize>entries * ENTRY_BYTES;
    entries++;
    store<u32>(p, <u32>component);
    store<u32>(p, <u32>packet.family | (<u32>(packet.protocol & 0xff) << 8), 4);
    store<u32>(p, (<u32>packet.dstPort & 0xffff) | ((<u32>packet.srcPort & 0xffff) << 16), 8);
    store<u32>(p, packet.dst0, 12); store<u32>(p, packet.dst1, 16); store<u32>(p, packet.dst2, 20); store<u32>(p, packet.dst3, 24);
    store<u32>(p, packet.src0, 28); store<u32>(p, packet.src1, 32); store<u32>(p, packet.src2, 36); store<u32>(p, packet.src3, 40);
    store<u32>(p, 0, 44);
  }
  store<f64>(p, now, 48);
  store<u32>(p, value, 56);
  store<u32>(p, value2, 60);
  return true;
}

/** Values of the entry found by the last successful ctLookupPacket. */
export let ctValue: u32 = 0;
export let ctValue2: u32 = 0;

/**
 * Is the packet the reply to a flow `component` let through (an entry for exactly its tuple), seen at
 * most `timeout` seconds before `now`? Its values go to ctValue/ctValue2.
 */
// @ts-ignore: decorator
@inline export function ctLookupPacket(component: i32, now: f64, timeout: f64): bool {
  const p = findPacket(component, false);
  if (p == 0 || now - load<f64>(p, 48) > timeout) return false;
  ctValue = load<u32>(p, 56);
  ctValue2 = load<u32>(p, 60);
  return true;
}

// ---- the lasting table: connection state across batches (flow-log replay, interface-check.ts) ------
// Open addressing on a hash of the key (it holds many flows' entries). Slot layout (16 u32 words =
// 64 bytes): used (1), component, family|protocol<<8, sport|dport<<16, src0..3, dst0..3, lastSeen
// (f64). Entries are never removed one by one: an entry idle longer than its protocol's timeout is
// dead, its slot reused by the next insert that probes it, and dead entries are dropped when the table
// doubles (at half full). Callers bring records in time order.

const SLOT_BYTES: usize = 64;
let lasting: usize = 0;
let storeBits: u32 = 0;
let storeUsed: u32 = 0;
const STORE_MIN_BITS: u32 = 12;

// @ts-ignore: decorator
@inline function mix(h: u32, v: u32): u32 {
  return (h ^ v) * 0x01000193; // FNV-1a step on words
}

function hash(component: i32, fp: u32, ports: u32, s0: u32, s1: u32, s2: u32, s3: u32, d0: u32, d1: u32, d2: u32, d3: u32): u32 {
  let h: u32 = 0x811c9dc5;
  h = mix(h, <u32>component); h = mix(h, fp); h = mix(h, ports);
  h = mix(h, s0); h = mix(h, d0);
  // IPv4 (family in the low byte of fp) has no other address words.
  if ((fp & 0xff) == 6) {
    h = mix(h, s1); h = mix(h, s2); h = mix(h, s3);
    h = mix(h, d1); h = mix(h, d2); h = mix(h, d3);
  }
  return h ^ (h >>> 15);
}

function slotMatches(p: usize, component: i32, fp: u32, ports: u32, s0: u32, s1: u32, s2: u32, s3: u32, d0: u32, d1: u32, d2: u32, d3: u32): bool {
  return load<i32>(p, 4) == component && load<u32>(p, 8) == fp && load<u32>(p, 12) == ports
    && load<u32>(p, 16) == s0 && load<u32>(p, 20) == s1 && load<u32>(p, 24) == s2 && load<u32>(p, 28) == s3
    && load<u32>(p, 32) == d0 && load<u32>(p, 36) == d1 && load<u32>(p, 40) == d2 && load<u32>(p, 44) == d3;
}

/**
 * Empties the lasting table (a new replay). It keeps its size: the arena never frees, so a smaller
 * table would leak this one, and the next replay would grow it again through every doubling.
 */
export function ctStoreReset(): void {
  if (lasting == 0) {
    storeBits = STORE_MIN_BITS;
    lasting = arenaAlloc(<usize>(1 << storeBits) * SLOT_BYTES);
  } else {
    memory.fill(lasting, 0, <usize>(1 << storeBits) * SLOT_BYTES);
  }
  storeUsed = 0;
}

// @ts-ignore: decorator
@inline function storeLive(p: usize, now: f64): bool {
  return now - load<f64>(p, 48) <= idleTimeout(<i32>((load<u32>(p, 8) >>> 8) & 0xff));
}

/**
 * The slot of a live entry for exactly this tuple at `component` in the lasting table, or 0. The
 * caller refreshes it with ctStoreTouch once the packet is through.
 */
export function ctStoreFind(component: i32, family: i32, protocol: i32, sport: i32, dport: i32,
  s0: u32, s1: u32, s2: u32, s3: u32, d0: u32, d1: u32, d2: u32, d3: u32, now: f64): usize {
  if (lasting == 0) return 0;
  const fp = <u32>family | (<u32>(protocol & 0xff) << 8);
  const ports = (<u32>sport & 0xffff) | ((<u32>dport & 0xffff) << 16);
  const mask: u32 = (1 << storeBits) - 1;
  let i = hash(component, fp, ports, s0, s1, s2, s3, d0, d1, d2, d3) & mask;
  for (let n: u32 = 0; n <= mask; n++) {
    const p = lasting + <usize>i * SLOT_BYTES;
    if (load<u32>(p) == 0) return 0;
    if (slotMatches(p, component, fp, ports, s0, s1, s2, s3, d0, d1, d2, d3) && storeLive(p, now)) return p;
    i = (i + 1) & mask;
  }
  return 0;
}

/** The entry at `slot` (from ctStoreFind) was seen until `seen` (kept if it was seen later already). */
export function ctStoreTouch(slot: usize, seen: f64): void {
  if (seen > load<f64>(slot, 48)) store<f64>(slot, seen, 48);
}

/**
 * Records the flow at `component` in the lasting table, last seen at `seen` (a dead or empty slot on its
 * probe path; dead as of `now`, the time of the packet being judged, which is <= `seen`).
 */
export function ctStoreInsert(component: i32, family: i32, protocol: i32, sport: i32, dport: i32,
  s0: u32, s1: u32, s2: u32, s3: u32, d0: u32, d1: u32, d2: u32, d3: u32, now: f64, seen: f64): void {
  if (lasting == 0) ctStoreReset();
  if ((storeUsed + 1) << 1 > <u32>(1 << storeBits)) storeGrow(now);
  const fp = <u32>family | (<u32>(protocol & 0xff) << 8);
  const ports = (<u32>sport & 0xffff) | ((<u32>dport & 0xffff) << 16);
  const mask: u32 = (1 << storeBits) - 1;
  let i = hash(component, fp, ports, s0, s1, s2, s3, d0, d1, d2, d3) & mask;
  for (let n: u32 = 0; n <= mask; n++) {
    const p = lasting + <usize>i * SLOT_BYTES;
    const used = load<u32>(p) != 0;
    const live = used && storeLive(p, now);
    const same = used && slotMatches(p, component, fp, ports, s0, s1, s2, s3, d0, d1, d2, d3);
    if (!live || same) {
      if (!used) storeUsed++;
      if (live && load<f64>(p, 48) > seen) seen = load<f64>(p, 48);
      store<u32>(p, 1);
      store<i32>(p, component, 4);
      store<u32>(p, fp, 8);
      store<u32>(p, ports, 12);
      store<u32>(p, s0, 16); store<u32>(p, s1, 20); store<u32>(p, s2, 24); store<u32>(p, s3, 28);
      store<u32>(p, d0, 32); store<u32>(p, d1, 36); store<u32>(p, d2, 40); store<u32>(p, d3, 44);
      store<f64>(p, seen, 48);
      return;
    }
    i = (i + 1) & mask;
  }
}

/** Doubles the lasting table (or rebuilds it at its size when most entries are dead), keeping the live entries. */
function storeGrow(now: f64): void {
  const oldSlots: u32 = 1 << storeBits;
  const bytes = <usize>oldSlots * SLOT_BYTES;
  let live: u32 = 0;
  for (let i: u32 = 0; i < oldSlots; i++) {
    const p = lasting + <usize>i * SLOT_BYTES;
    if (load<u32>(p) != 0 && storeLive(p, now)) live++;
  }
  // The old entries move to scratch; the table is rebuilt in place, or doubled (the arena never frees,
  // so only doubling allocates: a long replay that only churns stays at its size).
  const old = scratchReserve(bytes);
  memory.copy(old, lasting, bytes);
  if ((live + 1) << 2 > oldSlots) {
    storeBits++;
    lasting = arenaAlloc(<usize>(1 << storeBits) * SLOT_BYTES);
  } else {
    memory.fill(lasting, 0, bytes);
  }
  storeUsed = 0;
  const mask: u32 = (1 << storeBits) - 1;
  for (let k: u32 = 0; k < oldSlots; k++) {
    const q = old + <usize>k * SLOT_BYTES;
    if (load<u32>(q) == 0 || !storeLive(q, now)) continue;
    let i = hash(load<i32>(q, 4), load<u32>(q, 8), load<u32>(q, 12), load<u32>(q, 16), load<u32>(q, 20), load<u32>(q, 24), load<u32>(q, 28),
      load<u32>(q, 32), load<u32>(q, 36), load<u32>(q, 40), load<u32>(q, 44)) & mask;
    while (load<u32>(lasting + <usize>i * SLOT_BYTES) != 0) i = (i + 1) & mask;
    memory.copy(lasting + <usize>i * SLOT_BYTES, q, SLOT_BYTES);
    storeUsed++;
  }
}

/** Entries in the lasting table's used slots (live or not yet reclaimed). */
export function ctStoreCount(): u32 {
  return storeUsed;
}
