// The two halves of a cached list (issue 16): a list whose elements are decoded when first read, and
// its key index (src/model/list-index.ts) stored as two Int32 arrays read in place from the entry.
// A trace reads two or three of 100,000 ENIs; decoding them all was most of a cached load.
import { CacheEntryDamaged } from './entry.js';

/**
 * A list of `count` elements that decodes element i on its first read (and keeps it: the same object
 * on every read). It is an Array in every way code can tell (Array.isArray, length, methods,
 * iteration, JSON): a read of every element simply decodes them all. A change to the list (cached
 * Topologies are read-only; this is for safety) first decodes every element, then calls `onChange`.
 */
export function lazyList<T>(count: number, decodeAt: (i: number) => T, onChange: () => void): T[] {
  const target = new Array<T>(count);
  const decoded = new Uint8Array(count);
  let left = count;
  const at = (i: number) => {
    if (decoded[i] === 0) {
      target[i] = decodeAt(i);
      decoded[i] = 1;
      left--;
    }
  };
  const all = () => {
    for (let i = 0; left > 0 && i < count; i++) at(i);
  };
  let changed = false;
  const change = () => {
    all();
    if (!changed) {
      changed = true;
      onChange();
    }
  };
  /** The element position a property key names, or -1 (canonical decimal below count only). */
  const position = (p: string | symbol): number => {
    if (typeof p !== 'string' || p.length === 0 || p.length > 10 || (p.length > 1 && p.charCodeAt(0) === 48)) return -1;
    let i = 0;
    for (let k = 0; k < p.length; k++) {
      const d = p.charCodeAt(k) - 48;
      if (d < 0 || d > 9) return -1;
      i = i * 10 + d;
    }
    return i < count ? i : -1;
  };
  const read = (p: string | symbol) => {
    if (left > 0) {
      const i = position(p);
      if (i >= 0) at(i);
    }
  };
  const list = new Proxy(target, {
    get(t, p, receiver) {
      read(p);
      return Reflect.get(t, p, receiver);
    },
    has(t, p) {
      read(p);
      return Reflect.has(t, p);
    },
    getOwnPropertyDescriptor(t, p) {
      read(p);
      return Reflect.getOwnPropertyDescriptor(t, p);
    },
    ownKeys(t) {
      all();
      return Reflect.ownKeys(t);
    },
    set(t, p, v, receiver) {
      change();
      return Reflect.set(t, p, v, receiver);
    },
    defineProperty(t, p, d) {
      change();
      return Reflect.defineProperty(t, p, d);
    },
    deleteProperty(t, p) {
      change();
      return Reflect.deleteProperty(t, p);
    },
  });
  decodedCounts.set(list, () => count - left);
  return list;
}

const decodedCounts = new WeakMap<object, () => number>();

/** How many elements of a lazyList() have been decoded so far (undefined for any other list): what a load really read. */
export function decodedElements(list: readonly unknown[]): number | undefined {
  return decodedCounts.get(list)?.();
}

/** FNV-1a over the string's UTF-16 code units: the key index's hash, the same when written and read. */
export function keyHash(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h | 0;
}

/**
 * A key index as stored: `slots` is an open-addressing table (linear probing, a power of two of
 * [hash, posting offset] pairs, offset -1 = empty) of the distinct keys, each key's first slot taken
 * from the top bits of its hash (homeSlot); at a posting offset, `postings` holds the number of
 * positions, then the positions in ascending order.
 */
export interface StoredKeyIndex {
  slots: Int32Array;
  postings: Int32Array;
}

/**
 * The first slot tried for a key of hash `h` in a table of `size` slots (a power of two): its top bits,
 * so that keys inserted in hash order fill the table front to back (the low bits sent each insert to a
 * random place in a table of up to 8 MB: a cache miss per key).
 */
export function homeSlot(h: number, size: number): number {
  return size === 1 ? 0 : (h >>> (Math.clz32(size) + 1));
}

/**
 * Arrays reused by the key indexes of one entry's lists (each index is written out before the next is
 * built): an entry's lists made fresh arrays of ~60 MB in all, which V8 counts as external memory and
 * answers with full garbage collections.
 */
export class KeyIndexScratch {
  hashes = new Uint32Array(0);
  positions = new Int32Array(0);
  otherHashes = new Uint32Array(0);
  otherPositions = new Int32Array(0);
  slots = new Int32Array(0);
  postings = new Int32Array(0);
  readonly starts = new Int32Array(RADIX);
}

/** `a` if it holds `n`, else a new array of twice that (the first `keep` values copied). */
function atLeast<T extends Uint32Array | Int32Array>(a: T, n: number, make: (n: number) => T, keep = 0): T {
  if (a.length >= n) return a;
  const grown = make(Math.max(16, 2 * n));
  if (keep > 0) grown.set(a.subarray(0, keep));
  return grown;
}

/**
 * The key index of `count` elements, each holding the keys `keysOf(i)` gives. With `scratch`, the
 * index's arrays are views of it: valid until the next index built with it.
 */
export function buildKeyIndex(count: number, keysOf: (i: number, out: string[]) => void, scratch = new KeyIndexScratch()): StoredKeyIndex {
  // Keys that share a hash share a slot (keyCandidates merges such keys' positions anyway), so the
  // index is built from (hash, position) pairs sorted by hash: no Map or array per key (a million
  // keys at 1,000 VPCs cost ~1 s that way).
  const n = sortPairs(count, keysOf, scratch);
  const { hashes, positions } = scratch;
  const distinct = (k: number): boolean => k === 0 || hashes[k] !== hashes[k - 1] || positions[k] !== positions[k - 1];
  let slotsUsed = 0;
  let postingLength = 0;
  for (let k = 0; k < n; k++) {
    if (!distinct(k)) continue;
    if (k === 0 || hashes[k] !== hashes[k - 1]) {
      slotsUsed++;
      postingLength++;
    }
    postingLength++;
  }
  let size = 8;
  while (size < slotsUsed * 2) size *= 2;
  scratch.slots = atLeast(scratch.slots, 2 * size, (m) => new Int32Array(m));
  scratch.postings = atLeast(scratch.postings, postingLength, (m) => new Int32Array(m));
  const slots = scratch.slots.subarray(0, 2 * size).fill(-1);
  const postings = scratch.postings.subarray(0, postingLength).fill(0);
  const mask = size - 1;
  let at = -1;
  for (let k = 0; k < n; k++) {
    if (!distinct(k)) continue;
    if (k === 0 || hashes[k] !== hashes[k - 1]) {
      at = at < 0 ? 0 : at + 1 + postings[at]!;
      const h = hashes[k]! | 0;
      let s = homeSlot(h, size);
      while (slots[2 * s + 1] !== -1) s = (s + 1) & mask;
      slots[2 * s] = h;
      slots[2 * s + 1] = at;
    }
    postings[at + 1 + postings[at]!] = positions[k]!;
    postings[at] = postings[at]! + 1;
  }
  return { slots, postings };
}

/**
 * Every (key hash, position) pair of the elements, ordered by hash (unsigned) then position, into
 * scratch.hashes and scratch.positions; gives how many.
 */
function sortPairs(count: number, keysOf: (i: number, out: string[]) => void, scratch: KeyIndexScratch): number {
  const keys: string[] = [];
  let { hashes, positions } = scratch;
  let n = 0;
  for (let i = 0; i < count; i++) {
    keys.length = 0;
    keysOf(i, keys);
    if (n + keys.length > hashes.length) {
      hashes = atLeast(hashes, n + keys.length, (m) => new Uint32Array(m), n);
      positions = atLeast(positions, n + keys.length, (m) => new Int32Array(m), n);
    }
    for (let k = 0; k < keys.length; k++) {
      hashes[n] = keyHash(keys[k]!);
      positions[n++] = i;
    }
  }
  // Collected in position order, so a stable sort by hash alone orders them by hash then position:
  // a radix sort, 16 bits at a time (two linear passes, not a comparison sort), there and back.
  const otherHashes = atLeast(scratch.otherHashes, n, (m) => new Uint32Array(m));
  const otherPositions = atLeast(scratch.otherPositions, n, (m) => new Int32Array(m));
  radixPass(n, hashes, positions, otherHashes, otherPositions, 0, scratch.starts);
  radixPass(n, otherHashes, otherPositions, hashes, positions, 16, scratch.starts);
  Object.assign(scratch, { hashes, positions, otherHashes, otherPositions });
  return n;
}

const RADIX = 1 << 16;

/** The first `n` pairs, stably ordered by the 16 bits of their hash from bit `shift`, into `toHashes` and `toPositions`. */
function radixPass(n: number, hashes: Uint32Array, positions: Int32Array, toHashes: Uint32Array, toPositions: Int32Array, shift: number, starts: Int32Array): void {
  starts.fill(0);
  for (let k = 0; k < n; k++) starts[(hashes[k]! >>> shift) & (RADIX - 1)]!++;
  for (let d = 0, at = 0; d < RADIX; d++) {
    const c = starts[d]!;
    starts[d] = at;
    at += c;
  }
  for (let k = 0; k < n; k++) {
    const h = hashes[k]!;
    const to = starts[(h >>> shift) & (RADIX - 1)]!++;
    toHashes[to] = h;
    toPositions[to] = positions[k]!;
  }
}

/** 32-bit words read one at a time (an Int32Array, or a section of an entry read on demand). */
export interface Int32Reader {
  readonly length: number;
  at(i: number): number;
}

export const int32Reader = (a: Int32Array): Int32Reader => ({ length: a.length, at: (i) => a[i]! });

/**
 * The positions that may hold `key` (ascending), from a stored index's slots and postings; a superset
 * when two keys share a hash. Throws on a table it did not write.
 */
export function keyCandidates(slots: Int32Reader, postings: Int32Reader, key: string): number[] {
  const size = slots.length >> 1;
  const mask = size - 1;
  const h = keyHash(key);
  let found: number[] | undefined;
  let merged = false;
  for (let s = homeSlot(h, size), probes = 0; slots.at(2 * s + 1) !== -1; s = (s + 1) & mask) {
    if (++probes > size) throw new CacheEntryDamaged('image cache entry: a full key index');
    if (slots.at(2 * s) !== h) continue;
    const at = slots.at(2 * s + 1);
    const n = at >= 0 && at < postings.length ? postings.at(at) : -1;
    if (n < 0 || at + 1 + n > postings.length) throw new CacheEntryDamaged('image cache entry: a key index out of bounds');
    const positions: number[] = [];
    for (let k = 0; k < n; k++) positions.push(postings.at(at + 1 + k));
    if (!found) found = positions;
    else {
      found = found.concat(positions);
      merged = true;
    }
  }
  if (merged) return [...new Set(found)].sort((a, b) => a - b);
  return found ?? [];
}
