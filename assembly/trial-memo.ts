// Memoized query verdicts for the trial loop (montecarlo.ts): an open-addressing hash table in
// engine memory keyed by (query, generation of its relevant set, the positions of its relevant units
// that are down in the trial). A query's verdict depends only on the state of the components its walk
// consulted (trial-query.ts), all of which its relevant units decide, so an entry is exact for every
// trial with the same key. A query's generation changes when its relevant set grows, which retires its
// older entries. Entries: 16 i32 words (one cache line); linear probing; the table doubles at half
// full up to MEMO_MAX_LOG2 slots, then starts empty again (still exact: entries are only a shortcut).
import { arenaAlloc } from './memory';

/** Down relevant units an entry can hold; a trial with more walks the query without the table. */
export const MEMO_MAX_DOWN: i32 = 8;
const ENTRY_WORDS: i32 = 16;
const E_QUERY: i32 = 0; // query + 1; 0 = empty slot
const E_GENERATION: i32 = 1;
const E_HASH: i32 = 2;
const E_DOWN_COUNT: i32 = 3;
const E_DOWN: i32 = 4; // .. E_DOWN + MEMO_MAX_DOWN
const E_VERDICT: i32 = 12;
const E_CAUSE: i32 = 13;
const MEMO_MIN_LOG2: i32 = 12;
const MEMO_MAX_LOG2: i32 = 18;

let table: usize = 0;
let capacityLog2: i32 = 0;
let used: i32 = 0;
/** Found entry of the last memoFind (verdict / cause readers). */
let hit: usize = 0;
let statProbes: i64 = 0;
let statHits: i64 = 0;

export function memoReset(): void {
  capacityLog2 = MEMO_MIN_LOG2;
  table = arenaAlloc(<usize>ENTRY_WORDS << (2 + capacityLog2));
  used = 0;
  statProbes = 0;
  statHits = 0;
}

/** Hash of a key: query, generation and the down positions (ascending). */
export function memoHash(q: i32, generation: i32, down: usize, n: i32): u32 {
  let h: u32 = <u32>q * 0x9e3779b1 ^ <u32>generation * 0x85ebca77;
  for (let k = 0; k < n; k++) {
    h ^= load<u32>(down + (<usize>k << 2));
    h = rotl<u32>(h * 0xc2b2ae3d, 13) * 0x27d4eb2f;
  }
  h ^= h >> 15;
  h *= 0x2c1b3c6d;
  return h ^ (h >> 12);
}

// @ts-ignore: decorator
@inline function slotAt(i: u32): usize {
  return table + (<usize>i << 6);
}

// @ts-ignore: decorator
@inline function word(e: usize, f: i32): i32 {
  return load<i32>(e + (<usize>f << 2));
}

function sameKey(e: usize, q: i32, generation: i32, hash: u32, down: usize, n: i32): bool {
  if (word(e, E_QUERY) != q + 1 || word(e, E_GENERATION) != generation || <u32>word(e, E_HASH) != hash || word(e, E_DOWN_COUNT) != n) return false;
  for (let k = 0; k < n; k++) if (word(e, E_DOWN + k) != load<i32>(down + (<usize>k << 2))) return false;
  return true;
}

/** Looks the key up; true when found (memoVerdict / memoCause then read the entry). */
export function memoFind(q: i32, generation: i32, hash: u32, down: usize, n: i32): bool {
  const mask = (<u32>1 << capacityLog2) - 1;
  let i = hash & mask;
  statProbes++;
  let e = slotAt(i);
  while (word(e, E_QUERY) != 0) {
    if (sameKey(e, q, generation, hash, down, n)) {
      hit = e;
      statHits++;
      return true;
    }
    i = (i + 1) & mask;
    e = slotAt(i);
  }
  return false;
}

export function memoVerdict(): i32 {
  return word(hit, E_VERDICT);
}

export function memoCause(): i32 {
  return word(hit, E_CAUSE);
}

/** Adds an entry (the key must not be in the table; n <= MEMO_MAX_DOWN). */
export function memoInsert(q: i32, generation: i32, hash: u32, down: usize, n: i32, verdict: i32, cause: i32): void {
  if ((used + 1) << 1 > (1 << capacityLog2)) grow();
  const e = freeSlot(hash);
  store<i32>(e, q + 1, E_QUERY << 2);
  store<i32>(e, generation, E_GENERATION << 2);
  store<u32>(e, hash, E_HASH << 2);
  store<i32>(e, n, E_DOWN_COUNT << 2);
  for (let k = 0; k < n; k++) store<i32>(e + (<usize>(E_DOWN + k) << 2), load<i32>(down + (<usize>k << 2)));
  store<i32>(e, verdict, E_VERDICT << 2);
  store<i32>(e, cause, E_CAUSE << 2);
  used++;
}

function freeSlot(hash: u32): usize {
  const mask = (<u32>1 << capacityLog2) - 1;
  let i = hash & mask;
  while (word(slotAt(i), E_QUERY) != 0) i = (i + 1) & mask;
  return slotAt(i);
}

function grow(): void {
  if (capacityLog2 >= MEMO_MAX_LOG2) {
    // Full at the largest size: start empty (the entries are a shortcut; dropping them stays exact).
    memory.fill(table, 0, <usize>ENTRY_WORDS << (2 + capacityLog2));
    used = 0;
    return;
  }
  const old = table;
  const oldSlots: u32 = <u32>1 << capacityLog2;
  capacityLog2++;
  table = arenaAlloc(<usize>ENTRY_WORDS << (2 + capacityLog2));
  for (let i: u32 = 0; i < oldSlots; i++) {
    const e = old + (<usize>i << 6);
    if (word(e, E_QUERY) == 0) continue;
    memory.copy(freeSlot(<u32>word(e, E_HASH)), e, <usize>ENTRY_WORDS << 2);
  }
}

/** Lookups and hits since the last memoReset (bench and tests). */
export function memoProbes(): f64 {
  return <f64>statProbes;
}

export function memoHits(): f64 {
  return <f64>statHits;
}

export function memoEntries(): i32 {
  return used;
}
