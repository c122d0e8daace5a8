// Connection tracking that lasts across batches: flow-log replay's table (interface-check.ts; SG-7,
// SG-12, SG-13). It holds many flows' entries (a TCP connection stays for its 5-day idle timeout, so
// a long log keeps about one entry per request), so unlike the walk's per-flow list (conntrack.ts) it
// is open addressing on a hash of the key, and it is laid out for cache misses: IPv4 slots are 32
// bytes (two per cache line), and the batch loop finds each row's slots before judging the rows
// (ctStoreWarm), so the misses of many rows overlap instead of stalling row after row.
//
// Two tables, by family. Slot layout: fp = family | protocol << 8 (0 = empty slot), component,
// sport | dport << 16, src0, dst0, a zero word, lastSeen (f64): 32 bytes; an IPv6 slot (64 bytes)
// goes on with src1..3, dst1..3. Entries are never removed one by one: an entry idle longer than its
// protocol's timeout is dead, its slot reused by the next insert that probes it, and dead entries are
// dropped when the table doubles (at half full). Callers bring records in time order.
import { idleTimeout } from './conntrack';
import { arenaAlloc, scratchReserve } from './memory';

const SHIFT4: u32 = 5;
const SHIFT6: u32 = 6;
const MIN_BITS: u32 = 12;
const SEEN: usize = 24;

let base4: usize = 0;
let bits4: u32 = 0;
let used4: u32 = 0;
let base6: usize = 0;
let bits6: u32 = 0;
let used6: u32 = 0;
/** Where ctStoreWarm's loads go (kept, so they are not dropped as unused). */
let warmSink: u32 = 0;

/** Forgets both tables (engine reset()). */
export function ctStoreForget(): void {
  base4 = 0;
  bits4 = 0;
  used4 = 0;
  base6 = 0;
  bits6 = 0;
  used6 = 0;
}

// @ts-ignore: decorator
@inline function mix(h: u32, v: u32): u32 {
  return (h ^ v) * 0x01000193; // FNV-1a step on words
}

/**
 * The hash of a key: `fp` = family | protocol << 8, `ports` = sport | dport << 16. IPv4 has no other
 * address words than s0, d0.
 */
export function ctStoreHash(component: i32, fp: u32, ports: u32, s0: u32, s1: u32, s2: u32, s3: u32, d0: u32, d1: u32, d2: u32, d3: u32): u32 {
  let h: u32 = 0x811c9dc5;
  h = mix(h, <u32>component); h = mix(h, fp); h = mix(h, ports);
  h = mix(h, s0); h = mix(h, d0);
  if ((fp & 0xff) == 6) {
    h = mix(h, s1); h = mix(h, s2); h = mix(h, s3);
    h = mix(h, d1); h = mix(h, d2); h = mix(h, d3);
  }
  return h ^ (h >>> 15);
}

/** Loads the first slot of hash `h` in the table of `family` (its cache line is then on its way). */
// @ts-ignore: decorator
@inline export function ctStoreWarm(family: i32, h: u32): void {
  if (family == 4) {
    if (base4 != 0) warmSink ^= load<u32>(base4 + (<usize>(h & ((1 << bits4) - 1)) << SHIFT4));
  } else if (base6 != 0) warmSink ^= load<u32>(base6 + (<usize>(h & ((1 << bits6) - 1)) << SHIFT6));
}

// @ts-ignore: decorator
@inline function pair(lo: u32, hi: u32): u64 {
  return <u64>lo | (<u64>hi << 32);
}

// @ts-ignore: decorator
@inline function slotMatches(p: usize, component: i32, fp: u32, ports: u32, s0: u32, s1: u32, s2: u32, s3: u32, d0: u32, d1: u32, d2: u32, d3: u32): bool {
  if (load<u64>(p) != pair(fp, <u32>component) || load<u64>(p, 8) != pair(ports, s0) || load<u32>(p, 16) != d0) return false;
  if ((fp & 0xff) != 6) return true;
  return load<u32>(p, 32) == s1 && load<u32>(p, 36) == s2 && load<u32>(p, 40) == s3
    && load<u32>(p, 44) == d1 && load<u32>(p, 48) == d2 && load<u32>(p, 52) == d3;
}

// @ts-ignore: decorator
@inline function storeLive(p: usize, now: f64): bool {
  return now - load<f64>(p, SEEN) <= idleTimeout(<i32>((load<u32>(p) >>> 8) & 0xff));
}

/**
 * Empties the lasting tables (a new replay). They keep their size: the arena never frees, so a smaller
 * table would leak this one, and the next replay would grow it again through every doubling.
 */
export function ctStoreReset(): void {
  if (base4 == 0) {
    bits4 = MIN_BITS;
    base4 = arenaAlloc(<usize>1 << (bits4 + SHIFT4));
  } else memory.fill(base4, 0, <usize>1 << (bits4 + SHIFT4));
  if (base6 == 0) {
    bits6 = MIN_BITS;
    base6 = arenaAlloc(<usize>1 << (bits6 + SHIFT6));
  } else memory.fill(base6, 0, <usize>1 << (bits6 + SHIFT6));
  used4 = 0;
  used6 = 0;
}

/** The key's first word: family | protocol << 8. */
// @ts-ignore: decorator
@inline function familyProtocol(family: i32, protocol: i32): u32 {
  return <u32>family | (<u32>(protocol & 0xff) << 8);
}

/** The key's ports word: sport | dport << 16. */
// @ts-ignore: decorator
@inline function portPair(sport: i32, dport: i32): u32 {
  return (<u32>sport & 0xffff) | ((<u32>dport & 0xffff) << 16);
}

/** Slot index mask of the IPv6 or the IPv4 table. */
// @ts-ignore: decorator
@inline function slotMask(v6: bool): u32 {
  return (1 << (v6 ? bits6 : bits4)) - 1;
}

/**
 * The slot of a live entry for exactly this tuple at `component` (hash `h`, from ctStoreHash), or 0.
 * The caller refreshes it with ctStoreTouch once the packet is through.
 */
export function ctStoreFind(h: u32, component: i32, family: i32, protocol: i32, sport: i32, dport: i32,
  s0: u32, s1: u32, s2: u32, s3: u32, d0: u32, d1: u32, d2: u32, d3: u32, now: f64): usize {
  const v6 = family != 4;
  const base = v6 ? base6 : base4;
  if (base == 0) return 0;
  const shift = v6 ? SHIFT6 : SHIFT4;
  const fp = familyProtocol(family, protocol);
  const ports = portPair(sport, dport);
  const mask = slotMask(v6);
  let i = h & mask;
  for (let n: u32 = 0; n <= mask; n++) {
    const p = base + (<usize>i << shift);
    if (load<u32>(p) == 0) return 0;
    if (slotMatches(p, component, fp, ports, s0, s1, s2, s3, d0, d1, d2, d3) && storeLive(p, now)) return p;
    i = (i + 1) & mask;
  }
  return 0;
}

/** The entry at `slot` (from ctStoreFind) was seen until `seen` (kept if it was seen later already). */
export function ctStoreTouch(slot: usize, seen: f64): void {
  if (seen > load<f64>(slot, SEEN)) store<f64>(slot, seen, SEEN);
}

/**
 * Records the flow at `component` (hash `h`) in the lasting table, last seen at `seen` (a dead or empty
 * slot on its probe path; dead as of `now`, the time of the packet being judged, which is <= `seen`).
 */
export function ctStoreInsert(h: u32, component: i32, family: i32, protocol: i32, sport: i32, dport: i32,
  s0: u32, s1: u32, s2: u32, s3: u32, d0: u32, d1: u32, d2: u32, d3: u32, now: f64, seen: f64): void {
  if (base4 == 0) ctStoreReset();
  const v6 = family != 4;
  if (v6) {
    if ((used6 + 1) << 1 > <u32>(1 << bits6)) grow(true, now);
  } else if ((used4 + 1) << 1 > <u32>(1 << bits4)) grow(false, now);
  const base = v6 ? base6 : base4;
  const shift = v6 ? SHIFT6 : SHIFT4;
  const fp = familyProtocol(family, protocol);
  const ports = portPair(sport, dport);
  const mask = slotMask(v6);
  let i = h & mask;
  for (let n: u32 = 0; n <= mask; n++) {
    const p = base + (<usize>i << shift);
    const used = load<u32>(p) != 0;
    const live = used && storeLive(p, now);
    const same = used && slotMatches(p, component, fp, ports, s0, s1, s2, s3, d0, d1, d2, d3);
    if (!live || same) {
      if (!used) {
        if (v6) used6++;
        else used4++;
      }
      if (live && load<f64>(p, SEEN) > seen) seen = load<f64>(p, SEEN);
      store<u64>(p, pair(fp, <u32>component));
      store<u64>(p, pair(ports, s0), 8);
      store<u64>(p, <u64>d0, 16);
      store<f64>(p, seen, SEEN);
      if (v6) {
        store<u32>(p, s1, 32); store<u32>(p, s2, 36); store<u32>(p, s3, 40);
        store<u32>(p, d1, 44); store<u32>(p, d2, 48); store<u32>(p, d3, 52);
      }
      return;
    }
    i = (i + 1) & mask;
  }
}

/** The hash of the entry at `q` (an IPv4 slot has no words past its first 32 bytes). */
function slotHash(q: usize): u32 {
  const fp = load<u32>(q);
  if ((fp & 0xff) != 6) return ctStoreHash(load<i32>(q, 4), fp, load<u32>(q, 8), load<u32>(q, 12), 0, 0, 0, load<u32>(q, 16), 0, 0, 0);
  return ctStoreHash(load<i32>(q, 4), fp, load<u32>(q, 8), load<u32>(q, 12), load<u32>(q, 32), load<u32>(q, 36), load<u32>(q, 40),
    load<u32>(q, 16), load<u32>(q, 44), load<u32>(q, 48), load<u32>(q, 52));
}

/** Doubles a lasting table (or rebuilds it at its size when most entries are dead), keeping the live entries. */
function grow(v6: bool, now: f64): void {
  const shift = v6 ? SHIFT6 : SHIFT4;
  let bits = v6 ? bits6 : bits4;
  let base = v6 ? base6 : base4;
  const oldSlots: u32 = 1 << bits;
  const bytes = <usize>oldSlots << shift;
  let live: u32 = 0;
  for (let i: u32 = 0; i < oldSlots; i++) {
    const p = base + (<usize>i << shift);
    if (load<u32>(p) != 0 && storeLive(p, now)) live++;
  }
  // The old entries move to scratch; the table is rebuilt in place, or doubled (the arena never frees,
  // so only doubling allocates: a long replay that only churns stays at its size).
  const old = scratchReserve(bytes);
  memory.copy(old, base, bytes);
  if ((live + 1) << 2 > oldSlots) {
    bits++;
    base = arenaAlloc(<usize>1 << (bits + shift));
  } else {
    memory.fill(base, 0, bytes);
  }
  let used: u32 = 0;
  const mask: u32 = (1 << bits) - 1;
  for (let k: u32 = 0; k < oldSlots; k++) {
    const q = old + (<usize>k << shift);
    if (load<u32>(q) == 0 || !storeLive(q, now)) continue;
    let i = slotHash(q) & mask;
    while (load<u32>(base + (<usize>i << shift)) != 0) i = (i + 1) & mask;
    memory.copy(base + (<usize>i << shift), q, <usize>1 << shift);
    used++;
  }
  if (v6) {
    base6 = base;
    bits6 = bits;
    used6 = used;
  } else {
    base4 = base;
    bits4 = bits;
    used4 = used;
  }
}

/** Entries in the lasting tables' used slots (live or not yet reclaimed). */
export function ctStoreCount(): u32 {
  return used4 + used6 + (warmSink & 0);
}
