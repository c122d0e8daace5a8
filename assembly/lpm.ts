// Longest-prefix match (RT-3, TGW-5): one compact table per route table, IPv4 or IPv6.
//
// A set of prefixes is a step function over the address space: sorted "ranges" where range t
// covers [start[t], start[t+1]) and carries the value of the longest prefix covering it (or MISS).
// Range 0 starts at address 0. A direct index on the top `s` address bits narrows the search:
//
//   direct: u32[2^s + 1]  direct[c] = range active at the first address of chunk c;
//                         direct[2^s] = last range. Ranges starting inside chunk c are
//                         direct[c]+1 .. direct[c+1] (the last one may start exactly at chunk c+1).
//   values: u32[R]        value of range t (MISS = 0xFFFFFFFF)
//   keys:                 start[t] - 1 for t >= 1 (key[0] unused); range t covers addr iff key[t] < addr.
//     MODE_V4_U16: u16[R] low 16 bits of start-1 (s = 16, chunk = 2^16 addresses). A range starting
//                  exactly at the next chunk has key 0xFFFF, never < addr, so it is never taken.
//     MODE_V4_U32: u32[R] (s < 16)
//     MODE_V6:     u64[R] high words, then u64[R] low words (s <= 16, on the high word)
//     MODE_V6_HI:  u64[R] high words only (every prefix is /64 or shorter, so starts end in 64 zero bits)
//
// Lookup = one direct load, a branch-free binary search over the few ranges of one chunk, one value
// load. Memory is ~2 ranges per prefix: 6 B/range (u16 keys) or 8 B/range (u32 keys) plus the index.
//
// Tables live in one block each (arenaAlloc); their headers sit in a growable directory indexed by
// table id. Nothing is freed until engineReset().

import { arenaAlloc } from './memory';

export const MODE_V4_U16: u32 = 0;
export const MODE_V4_U32: u32 = 1;
export const MODE_V6: u32 = 2;
export const MODE_V6_HI: u32 = 3;

// Directory header: 8 u32 fields per table.
const H_MODE: usize = 0;
const H_BITS: usize = 4; // s, direct index bits
const H_RANGES: usize = 8;
const H_DIRECT: usize = 12;
const H_VALUES: usize = 16;
const H_KEYS: usize = 20;
const H_KEYS_LO: usize = 24;
const H_BYTES: usize = 28;
const HEADER: usize = 32;

let directory: usize = 0;
let directoryCap: u32 = 0;
let tableCount: u32 = 0;

/** Forgets every table (their memory is reclaimed by engineReset()). */
export function lpmForgetTables(): void {
  directory = 0;
  directoryCap = 0;
  tableCount = 0;
}

export function lpmTableCount(): u32 {
  return tableCount;
}

/** Registers a table whose block is already filled; returns its id. */
export function lpmRegister(mode: u32, bits: u32, ranges: u32, direct: usize, values: usize, keys: usize, keysLo: usize, bytes: u32): u32 {
  if (tableCount == directoryCap) {
    const cap = max<u32>(16, directoryCap << 1);
    const grown = arenaAlloc(<usize>cap * HEADER);
    if (directory != 0) memory.copy(grown, directory, <usize>tableCount * HEADER);
    directory = grown;
    directoryCap = cap;
  }
  const h = directory + <usize>tableCount * HEADER;
  store<u32>(h + H_MODE, mode);
  store<u32>(h + H_BITS, bits);
  store<u32>(h + H_RANGES, ranges);
  store<u32>(h + H_DIRECT, <u32>direct);
  store<u32>(h + H_VALUES, <u32>values);
  store<u32>(h + H_KEYS, <u32>keys);
  store<u32>(h + H_KEYS_LO, <u32>keysLo);
  store<u32>(h + H_BYTES, bytes + <u32>HEADER);
  return tableCount++;
}

// @ts-ignore: decorator
@inline function header(table: u32): usize {
  assert(table < tableCount, 'no such LPM table');
  return directory + <usize>table * HEADER;
}

export function lpmTableMode(table: u32): u32 {
  return load<u32>(header(table) + H_MODE);
}

export function lpmTableIndexBits(table: u32): u32 {
  return load<u32>(header(table) + H_BITS);
}

export function lpmTableRanges(table: u32): u32 {
  return load<u32>(header(table) + H_RANGES);
}

/** Bytes used by the table: its block plus its directory header. */
export function lpmTableBytes(table: u32): u32 {
  return load<u32>(header(table) + H_BYTES);
}

// ---- IPv4 ----

// @ts-ignore: decorator
@inline function find4u16(direct: usize, values: usize, keys: usize, addr: u32): u32 {
  const c = <usize>(addr >>> 16);
  const b = <usize>load<u32>(direct + (c << 2));
  let n = <usize>load<u32>(direct + (c << 2), 4) - b;
  let t = b;
  if (n != 0) {
    const k = addr & 0xffff;
    let p = b + 1;
    while (n > 1) {
      const half = n >>> 1;
      p = select<usize>(p + half, p, <u32>load<u16>(keys + ((p + half) << 1)) < k);
      n -= half;
    }
    t = p - 1 + <usize>(<u32>load<u16>(keys + (p << 1)) < k);
  }
  return load<u32>(values + (t << 2));
}

// @ts-ignore: decorator
@inline function find4u32(direct: usize, values: usize, keys: usize, bits: u32, addr: u32): u32 {
  // (addr >> 1) >> (31 - s): a shift by 32 would wrap to 0 in WebAssembly when s = 0.
  const c = <usize>((addr >>> 1) >>> (31 - bits));
  const b = <usize>load<u32>(direct + (c << 2));
  let n = <usize>load<u32>(direct + (c << 2), 4) - b;
  let t = b;
  if (n != 0) {
    let p = b + 1;
    while (n > 1) {
      const half = n >>> 1;
      p = select<usize>(p + half, p, load<u32>(keys + ((p + half) << 2)) < addr);
      n -= half;
    }
    t = p - 1 + <usize>(load<u32>(keys + (p << 2)) < addr);
  }
  return load<u32>(values + (t << 2));
}

/** Single IPv4 lookup, for callers inside the engine (the packet walk). */
export function lpmLookup4(table: u32, addr: u32): u32 {
  const h = header(table);
  const mode = load<u32>(h + H_MODE);
  const direct = <usize>load<u32>(h + H_DIRECT);
  const values = <usize>load<u32>(h + H_VALUES);
  const keys = <usize>load<u32>(h + H_KEYS);
  if (mode == MODE_V4_U16) return find4u16(direct, values, keys, addr);
  assert(mode == MODE_V4_U32, 'LPM table is not IPv4');
  return find4u32(direct, values, keys, load<u32>(h + H_BITS), addr);
}

/** Batch IPv4 lookup: n addresses (u32) at `addrs`, n values (u32, MISS on no match) to `out`. */
export function lpmLookupBatch4(table: u32, addrs: usize, out: usize, n: u32): void {
  const h = header(table);
  const mode = load<u32>(h + H_MODE);
  const direct = <usize>load<u32>(h + H_DIRECT);
  const values = <usize>load<u32>(h + H_VALUES);
  const keys = <usize>load<u32>(h + H_KEYS);
  const end = <usize>n << 2;
  if (mode == MODE_V4_U16) {
    for (let i: usize = 0; i < end; i += 4) {
      store<u32>(out + i, find4u16(direct, values, keys, load<u32>(addrs + i)));
    }
  } else {
    assert(mode == MODE_V4_U32, 'LPM table is not IPv4');
    const bits = load<u32>(h + H_BITS);
    for (let i: usize = 0; i < end; i += 4) {
      store<u32>(out + i, find4u32(direct, values, keys, bits, load<u32>(addrs + i)));
    }
  }
}

// ---- IPv6 ----

// @ts-ignore: decorator
@inline function find6(direct: usize, values: usize, keys: usize, keysLo: usize, bits: u32, hi: u64, lo: u64): u32 {
  const c = <usize>((hi >>> 1) >>> (63 - <u64>bits));
  const b = <usize>load<u32>(direct + (c << 2));
  let n = <usize>load<u32>(direct + (c << 2), 4) - b;
  let t = b;
  if (n != 0) {
    let p = b + 1;
    if (keysLo == 0) {
      while (n > 1) {
        const half = n >>> 1;
        p = select<usize>(p + half, p, load<u64>(keys + ((p + half) << 3)) < hi);
        n -= half;
      }
      t = p - 1 + <usize>(load<u64>(keys + (p << 3)) < hi);
    } else {
      while (n > 1) {
        const half = n >>> 1;
        const q = p + half;
        const kh = load<u64>(keys + (q << 3));
        const below = (kh < hi) | ((kh == hi) & (load<u64>(keysLo + (q << 3)) < lo));
        p = select<usize>(q, p, below);
        n -= half;
      }
      const kh = load<u64>(keys + (p << 3));
      const below = (kh < hi) | ((kh == hi) & (load<u64>(keysLo + (p << 3)) < lo));
      t = p - 1 + <usize>below;
    }
  }
  return load<u32>(values + (t << 2));
}

/** Single IPv6 lookup (address as two 64-bit halves), for callers inside the engine. */
export function lpmLookup6(table: u32, hi: u64, lo: u64): u32 {
  const h = header(table);
  const mode = load<u32>(h + H_MODE);
  assert(mode == MODE_V6 || mode == MODE_V6_HI, 'LPM table is not IPv6');
  return find6(<usize>load<u32>(h + H_DIRECT), <usize>load<u32>(h + H_VALUES), <usize>load<u32>(h + H_KEYS),
    <usize>load<u32>(h + H_KEYS_LO), load<u32>(h + H_BITS), hi, lo);
}

/** Batch IPv6 lookup: n addresses of 4 u32 words (word 0 most significant) at `addrs`. */
export function lpmLookupBatch6(table: u32, addrs: usize, out: usize, n: u32): void {
  const h = header(table);
  const mode = load<u32>(h + H_MODE);
  assert(mode == MODE_V6 || mode == MODE_V6_HI, 'LPM table is not IPv6');
  const direct = <usize>load<u32>(h + H_DIRECT);
  const values = <usize>load<u32>(h + H_VALUES);
  const keys = <usize>load<u32>(h + H_KEYS);
  const keysLo = <usize>load<u32>(h + H_KEYS_LO);
  const bits = load<u32>(h + H_BITS);
  for (let i: usize = 0; i < <usize>n; i++) {
    const a = addrs + (i << 4);
    const hi = (<u64>load<u32>(a) << 32) | <u64>load<u32>(a, 4);
    const lo = (<u64>load<u32>(a, 8) << 32) | <u64>load<u32>(a, 12);
    store<u32>(out + (i << 2), find6(direct, values, keys, keysLo, bits, hi, lo));
  }
}
