// Builds an LPM table (layout in ./lpm.ts) from (prefix, length, value) entries in three steps:
//   1. sort the entries by (address, length, input position) in scratch memory (heapsort: no
//      worst case, no recursion);
//   2. sweep them with a stack of open prefixes into the step function "ranges" (a prefix sorts
//      before every prefix nested in it, so the stack holds the chain of covering prefixes);
//   3. encode the ranges with a direct index sized to the table.
// Both families share steps 1-2 on 128-bit keys (an IPv4 address sits in the top 32 bits).
// Duplicate prefixes: the entry given last wins (docs/engine-abi.md); host bits are ignored.

import { scratchReserve, arenaAlloc } from './memory';
import { LPM_ERR_FAMILY, LPM_ERR_LENGTH, LPM_ERR_VALUE, LPM_MISS } from '../abi/version';
import { MODE_V4_U16, MODE_V4_U32, MODE_V6, MODE_V6_HI, lpmRegister } from './lpm';

// Scratch layout, n entries, R <= 2n + 1 ranges.
let eHi: usize = 0; // u64[n] prefix address, high half
let eLo: usize = 0; // u64[n] low half
let eLen: usize = 0; // u32[n]
let ePerm: usize = 0; // u32[n] sorted order
let rHi: usize = 0; // u64[2n+1] range start, high half
let rLo: usize = 0; // u64[2n+1]
let rVal: usize = 0; // u32[2n+1]
let ranges: u32 = 0;
let sEndHi: usize = 0; // open-prefix stack (at most 129 nested prefixes)
let sEndLo: usize = 0;
let sVal: usize = 0;

// @ts-ignore: decorator
@inline function maskHigh(len: u32): u64 {
  return len == 0 ? 0 : (<u64>-1) << (64 - <u64>len);
}

// @ts-ignore: decorator
@inline function entryLess(a: u32, b: u32): bool {
  const ah = load<u64>(eHi + (<usize>a << 3));
  const bh = load<u64>(eHi + (<usize>b << 3));
  if (ah != bh) return ah < bh;
  const al = load<u64>(eLo + (<usize>a << 3));
  const bl = load<u64>(eLo + (<usize>b << 3));
  if (al != bl) return al < bl;
  const alen = load<u32>(eLen + (<usize>a << 2));
  const blen = load<u32>(eLen + (<usize>b << 2));
  if (alen != blen) return alen < blen;
  return a < b;
}

function siftDown(root: u32, n: u32): void {
  let i = root;
  const item = load<u32>(ePerm + (<usize>i << 2));
  while (true) {
    let child: u32 = 2 * i + 1;
    if (child >= n) break;
    let c = load<u32>(ePerm + (<usize>child << 2));
    if (child + 1 < n) {
      const right = load<u32>(ePerm + (<usize>(child + 1) << 2));
      if (entryLess(c, right)) { child++; c = right; }
    }
    if (!entryLess(item, c)) break;
    store<u32>(ePerm + (<usize>i << 2), c);
    i = child;
  }
  store<u32>(ePerm + (<usize>i << 2), item);
}

function sortEntries(n: u32): void {
  for (let i: u32 = 0; i < n; i++) store<u32>(ePerm + (<usize>i << 2), i);
  if (n < 2) return;
  for (let i = <i32>(n / 2) - 1; i >= 0; i--) siftDown(<u32>i, n);
  for (let end = n - 1; end > 0; end--) {
    const top = load<u32>(ePerm);
    store<u32>(ePerm, load<u32>(ePerm + (<usize>end << 2)));
    store<u32>(ePerm + (<usize>end << 2), top);
    siftDown(0, end);
  }
}

/** Appends range (start, val), merging with the previous range when possible. */
function emit(hi: u64, lo: u64, val: u32): void {
  if (ranges > 0) {
    const last = <usize>(ranges - 1);
    if (load<u64>(rHi + (last << 3)) == hi && load<u64>(rLo + (last << 3)) == lo) {
      // Same start: the later (more specific) value replaces it.
      if (ranges > 1 && load<u32>(rVal + ((last - 1) << 2)) == val) ranges--;
      else store<u32>(rVal + (last << 2), val);
      return;
    }
    if (load<u32>(rVal + (last << 2)) == val) return;
  }
  const r = <usize>ranges;
  ranges++;
  store<u64>(rHi + (r << 3), hi);
  store<u64>(rLo + (r << 3), lo);
  store<u32>(rVal + (r << 2), val);
}

/** Closes the innermost open prefix: the address after it falls back to the enclosing one. */
function closeTop(depth: i32): i32 {
  const endHi = load<u64>(sEndHi + (<usize>depth << 3));
  const endLo = load<u64>(sEndLo + (<usize>depth << 3));
  const outer = depth > 0 ? load<u32>(sVal + (<usize>(depth - 1) << 2)) : LPM_MISS;
  // end + 1 overflows only for a prefix reaching the last address: nothing follows it.
  if (!(endHi == <u64>-1 && endLo == <u64>-1)) {
    const lo = endLo + 1;
    emit(lo == 0 ? endHi + 1 : endHi, lo, outer);
  }
  return depth - 1;
}

function sweep(n: u32, values: usize): void {
  ranges = 0;
  emit(0, 0, LPM_MISS);
  let top: i32 = -1;
  for (let k: u32 = 0; k < n; k++) {
    const e = load<u32>(ePerm + (<usize>k << 2));
    const hi = load<u64>(eHi + (<usize>e << 3));
    const lo = load<u64>(eLo + (<usize>e << 3));
    const len = load<u32>(eLen + (<usize>e << 2));
    if (k + 1 < n) {
      // Duplicate prefix: the next one (given later) wins.
      const f = load<u32>(ePerm + (<usize>(k + 1) << 2));
      if (load<u64>(eHi + (<usize>f << 3)) == hi && load<u64>(eLo + (<usize>f << 3)) == lo &&
          load<u32>(eLen + (<usize>f << 2)) == len) continue;
    }
    // Close every open prefix that ends before this one starts.
    while (top >= 0) {
      const endHi = load<u64>(sEndHi + (<usize>top << 3));
      const endLo = load<u64>(sEndLo + (<usize>top << 3));
      if (endHi > hi || (endHi == hi && endLo >= lo)) break;
      top = closeTop(top);
    }
    const val = load<u32>(values + (<usize>e << 2));
    emit(hi, lo, val);
    top++;
    store<u64>(sEndHi + (<usize>top << 3), hi | ~maskHigh(min<u32>(len, 64)));
    store<u64>(sEndLo + (<usize>top << 3), len <= 64 ? <u64>-1 : lo | ~maskHigh(len - 64));
    store<u32>(sVal + (<usize>top << 2), val);
  }
  while (top >= 0) top = closeTop(top);
}

// @ts-ignore: decorator
@inline function floorLog2(x: u32): u32 {
  return 31 - clz<u32>(x);
}

// @ts-ignore: decorator
@inline function align8(x: usize): usize {
  return (x + 7) & ~7;
}

function encode4(): u32 {
  const R = ranges;
  const bitsU32 = <u32>min<i32>(15, max<i32>(0, <i32>floorLog2(R) - 4));
  const bytesU32 = (<usize>4 << bitsU32) + 4 + <usize>R * 8;
  const bytesU16 = (<usize>4 << 16) + 4 + <usize>R * 6;
  const useU16 = bytesU16 <= bytesU32;
  const bits: u32 = useU16 ? 16 : bitsU32;
  const directBytes = align8((<usize>4 << bits) + 4);
  const valuesBytes = align8(<usize>R * 4);
  const keysBytes = align8(<usize>R * (useU16 ? 2 : 4));
  const block = arenaAlloc(directBytes + valuesBytes + keysBytes);
  const direct = block;
  const values = block + directBytes;
  const keys = values + valuesBytes;
  for (let t: usize = 0; t < <usize>R; t++) {
    const start = <u32>(load<u64>(rHi + (t << 3)) >>> 32);
    store<u32>(values + (t << 2), load<u32>(rVal + (t << 2)));
    if (useU16) store<u16>(keys + (t << 1), <u16>((start - 1) & 0xffff));
    else store<u32>(keys + (t << 2), start - 1);
  }
  let t: u32 = 0;
  const chunks: u64 = <u64>1 << bits;
  for (let c: u64 = 0; c < chunks; c++) {
    const chunkStart = c << (32 - <u64>bits);
    while (t + 1 < R && (load<u64>(rHi + (<usize>(t + 1) << 3)) >>> 32) <= chunkStart) t++;
    store<u32>(direct + (<usize>c << 2), t);
  }
  store<u32>(direct + (<usize>chunks << 2), R - 1);
  return lpmRegister(useU16 ? MODE_V4_U16 : MODE_V4_U32, bits, R, direct, values, keys, 0,
    <u32>(directBytes + valuesBytes + keysBytes));
}

function encode6(): u32 {
  const R = ranges;
  let hiOnly = true;
  for (let t: usize = 0; t < <usize>R; t++) if (load<u64>(rLo + (t << 3)) != 0) { hiOnly = false; break; }
  const bits = <u32>min<i32>(16, max<i32>(0, <i32>floorLog2(R) - 4));
  const keysBytes: usize = <usize>R * 8;
  const keysLoBytes: usize = hiOnly ? 0 : <usize>R * 8;
  const directBytes = align8((<usize>4 << bits) + 4);
  const valuesBytes = align8(<usize>R * 4);
  const block = arenaAlloc(keysBytes + keysLoBytes + directBytes + valuesBytes);
  const keys = block;
  const keysLo: usize = hiOnly ? 0 : block + keysBytes;
  const direct = block + keysBytes + keysLoBytes;
  const values = direct + directBytes;
  for (let t: usize = 0; t < <usize>R; t++) {
    const hi = load<u64>(rHi + (t << 3));
    const lo = load<u64>(rLo + (t << 3));
    store<u32>(values + (t << 2), load<u32>(rVal + (t << 2)));
    // key = start - 1 (128-bit); range 0's key is never read.
    if (hiOnly) {
      store<u64>(keys + (t << 3), hi - 1);
    } else {
      store<u64>(keys + (t << 3), lo == 0 ? hi - 1 : hi);
      store<u64>(keysLo + (t << 3), lo - 1);
    }
  }
  let t: u32 = 0;
  const chunks: u64 = <u64>1 << bits;
  for (let c: u64 = 0; c < chunks; c++) {
    const chunkStart = bits == 0 ? 0 : c << (64 - <u64>bits);
    while (t + 1 < R) {
      const h = load<u64>(rHi + (<usize>(t + 1) << 3));
      if (h < chunkStart || (h == chunkStart && load<u64>(rLo + (<usize>(t + 1) << 3)) == 0)) t++;
      else break;
    }
    store<u32>(direct + (<usize>c << 2), t);
  }
  store<u32>(direct + (<usize>chunks << 2), R - 1);
  return lpmRegister(hiOnly ? MODE_V6_HI : MODE_V6, bits, R, direct, values, keys, keysLo,
    <u32>(keysBytes + keysLoBytes + directBytes + valuesBytes));
}

/**
 * Builds a table from n entries in SoA form: `addrs` (IPv4: u32 each; IPv6: 4 u32 words each,
 * word 0 most significant), `lens` (u8 each), `values` (u32 each, not 0xFFFFFFFF).
 * Returns the table id, or an LPM_ERR_* code.
 */
export function lpmBuild(family: u32, addrs: usize, lens: usize, values: usize, n: u32): u32 {
  if (family != 4 && family != 6) return LPM_ERR_FAMILY;
  const maxLen: u32 = family == 4 ? 32 : 128;
  const cap = <usize>n;
  const rcap: usize = cap * 2 + 1;
  const need = cap * 8 * 2 + cap * 4 * 2 + rcap * 8 * 2 + rcap * 4 + <usize>(20 * 130 + 64);
  const base = scratchReserve(need);
  eHi = base;
  eLo = eHi + cap * 8;
  rHi = eLo + cap * 8;
  rLo = rHi + rcap * 8;
  sEndHi = rLo + rcap * 8;
  sEndLo = sEndHi + 8 * 130;
  eLen = sEndLo + 8 * 130;
  ePerm = eLen + cap * 4;
  rVal = ePerm + cap * 4;
  sVal = rVal + rcap * 4;
  for (let i: usize = 0; i < cap; i++) {
    const len = <u32>load<u8>(lens + i);
    if (len > maxLen) return LPM_ERR_LENGTH;
    if (load<u32>(values + (i << 2)) == LPM_MISS) return LPM_ERR_VALUE;
    let hi: u64, lo: u64;
    if (family == 4) {
      hi = <u64>load<u32>(addrs + (i << 2)) << 32;
      lo = 0;
    } else {
      const a = addrs + (i << 4);
      hi = (<u64>load<u32>(a) << 32) | <u64>load<u32>(a, 4);
      lo = (<u64>load<u32>(a, 8) << 32) | <u64>load<u32>(a, 12);
    }
    store<u64>(eHi + (i << 3), hi & maskHigh(min<u32>(len, 64)));
    store<u64>(eLo + (i << 3), len <= 64 ? 0 : lo & maskHigh(len - 64));
    store<u32>(eLen + (i << 2), len);
  }
  sortEntries(n);
  sweep(n, values);
  return family == 4 ? encode4() : encode6();
}
