// Differential tests of the engine's longest-prefix match (RT-3: a destination is matched by
// longest prefix match; IPv4 and IPv6 routes are independent) against the linear-scan reference.
// Tables mix /0, host routes (/32, /128), nested and duplicate prefixes, host bits left set,
// prefixes at both ends of the address space and IPv4-mapped IPv6 (::ffff:0:0/96) edge cases.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadEngine, type EngineBuild } from '../bindings/node.js';
import { LPM_MISS, type Engine, type IpFamily, type LpmEntries } from '../bindings/engine.js';
import { lookupReference } from '../src/reference/lpm.js';
import { Random } from '../src/generate/random.js';

/** Deterministic 32-bit stream (the generator's splitmix32), so a run can be replayed. */
function random(seed: number): () => number {
  const r = new Random(seed);
  return () => r.nextUint32();
}

const W = (family: IpFamily): number => (family === 4 ? 1 : 4);
const BITS = (family: IpFamily): number => (family === 4 ? 32 : 128);

/** The words of `addr` with every bit at or after position `len` cleared (or set, when `ones`). */
function maskWords(words: number[], len: number, ones: boolean): number[] {
  return words.map((w, k) => {
    const keep = Math.min(32, Math.max(0, len - 32 * k));
    const high = keep === 0 ? 0 : (0xffffffff << (32 - keep)) >>> 0;
    return ones ? (w | ~high) >>> 0 : (w & high) >>> 0;
  });
}

interface Table {
  family: IpFamily;
  entries: LpmEntries;
  /** Network words and lengths, to aim queries at prefix edges. */
  prefixes: { words: number[]; len: number }[];
}

function makeTable(family: IpFamily, size: number, next: () => number, longMix = false): Table {
  const w = W(family);
  const bits = BITS(family);
  const list: { words: number[]; len: number; hostBits: boolean }[] = [];
  const randomWords = (): number[] => Array.from({ length: w }, () => next());
  const add = (words: number[], len: number): void => {
    // Some entries keep host bits set: the engine must ignore them (so does the reference).
    const hostBits = next() % 8 === 0;
    list.push({ words: hostBits ? words : maskWords(words, len, false), len, hostBits });
  };
  const special: [number[], number][] =
    family === 4
      ? [[[0], 0], [[0xffffffff], 32], [[0], 32], [[0x0a000000], 8], [[0xffffff00], 24], [[0x80000000], 1]]
      : [
          [[0, 0, 0, 0], 0],
          [[0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff], 128],
          [[0, 0, 0, 0], 128],
          [[0, 0, 0xffff, 0], 96], // ::ffff:0:0/96, IPv4-mapped addresses
          [[0, 0, 0xffff, 0x0a000000], 104], // ::ffff:10.0.0.0/104
          [[0, 0, 0xffff, 0xc0a80001], 128], // ::ffff:192.168.0.1/128
          [[0, 0, 0, 0], 96], // ::/96 (IPv4-compatible, deprecated)
          [[0, 0, 0xfffe, 0xffffffff], 128], // the address just below ::ffff:0:0
          [[0x20010db8, 0, 0, 0], 32],
          [[0x20010db8, 0, 0, 0], 64],
        ];
  for (const [words, len] of special) if (next() % 3 !== 0) add(words, len);
  while (list.length < size) {
    const pick = next() % 10;
    if (pick < 3 && list.length > 0) {
      // Nested: a longer prefix inside an existing one.
      const parent = list[next() % list.length]!;
      if (parent.len === bits) continue;
      const len = parent.len + 1 + (next() % (bits - parent.len));
      const child = randomWords().map((x, k) => {
        const keep = Math.min(32, Math.max(0, parent.len - 32 * k));
        const high = keep === 0 ? 0 : (0xffffffff << (32 - keep)) >>> 0;
        return ((parent.words[k]! & high) | (x & ~high)) >>> 0;
      });
      add(child, len);
    } else if (pick < 4 && list.length > 0) {
      // Duplicate prefix with a new value (possibly spelled with other host bits).
      const twin = list[next() % list.length]!;
      add(twin.words.slice(), twin.len);
    } else {
      // longMix: mostly long prefixes, as in a big route table (many ranges, the 16-bit index).
      const len = family === 4
        ? (longMix && next() % 10 < 8 ? 16 + (next() % 17) : next() % 33)
        : [next() % 129, 16 + (next() % 49), 48 + (next() % 17)][next() % 3]!;
      add(randomWords(), len);
    }
  }
  const n = list.length;
  const entries: LpmEntries = { addrs: new Uint32Array(n * w), lens: new Uint8Array(n), values: new Uint32Array(n) };
  list.forEach((p, i) => {
    entries.addrs.set(p.words, i * w);
    entries.lens[i] = p.len;
    entries.values[i] = next() % 0xfffffff0;
  });
  return { family, entries, prefixes: list.map((p) => ({ words: maskWords(p.words, p.len, false), len: p.len })) };
}

/** 128-bit (or 32-bit) add of a small signed delta to big-endian words. */
function addWords(words: number[], delta: number): number[] {
  const out = words.slice();
  let carry = delta;
  for (let k = out.length - 1; k >= 0 && carry !== 0; k--) {
    const v = out[k]! + carry;
    out[k] = v >>> 0;
    carry = v < 0 ? -1 : v > 0xffffffff ? 1 : 0;
  }
  return out;
}

/** Half random addresses, half at or next to the first/last address of some prefix. */
function makeQueries(table: Table, count: number, next: () => number): Uint32Array {
  const w = W(table.family);
  const out = new Uint32Array(count * w);
  for (let j = 0; j < count; j++) {
    let words: number[];
    if (j % 2 === 0 || table.prefixes.length === 0) {
      words = Array.from({ length: w }, () => next());
    } else {
      const p = table.prefixes[next() % table.prefixes.length]!;
      const edge = next() % 5;
      if (edge === 0) words = p.words;
      else if (edge === 1) words = maskWords(p.words, p.len, true);
      else if (edge === 2) words = addWords(p.words, -1);
      else if (edge === 3) words = addWords(maskWords(p.words, p.len, true), 1);
      else words = Array.from({ length: w }, () => next()).map((x, k) => {
        const keep = Math.min(32, Math.max(0, p.len - 32 * k));
        const high = keep === 0 ? 0 : (0xffffffff << (32 - keep)) >>> 0;
        return ((p.words[k]! & high) | (x & ~high)) >>> 0;
      });
    }
    out.set(words, j * w);
  }
  return out;
}

function expectSame(engine: Engine, table: Table, queries: Uint32Array): number {
  const id = engine.lpmBuild(table.family, table.entries);
  const got = engine.lpmLookup(id, queries);
  const want = lookupReference(table.family, table.entries, queries);
  const w = W(table.family);
  for (let j = 0; j < want.length; j++) {
    if (got[j] !== want[j]) {
      const addr = Array.from(queries.subarray(j * w, j * w + w), (x) => x.toString(16).padStart(8, '0')).join(':');
      throw new Error(`IPv${table.family} table of ${table.entries.lens.length}: query ${j} (${addr}) engine ${got[j]} reference ${want[j]}`);
    }
  }
  expect(got.length).toBe(want.length);
  return id;
}

const BUILDS: EngineBuild[] = ['debug', 'release'];

describe.each(BUILDS)('LPM engine (%s build) agrees with the linear-scan reference (RT-3)', (build) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await loadEngine({ build });
  });

  for (const family of [4, 6] as const) {
    it(`IPv${family}: 100,000 lookups over 40 random tables of 0-400 routes`, () => {
      const next = random(family * 1000 + 7);
      let lookups = 0;
      const indexBits = new Set<number>();
      for (let t = 0; t < 40; t++) {
        const size = t === 0 ? 0 : t === 1 ? 1 : next() % 400;
        const table = makeTable(family, size, next);
        const queries = makeQueries(table, 2500, next);
        indexBits.add(engine.lpmTableInfo(expectSame(engine, table, queries)).indexBits);
        lookups += 2500;
      }
      expect(lookups).toBe(100_000);
      // Small tables take small direct indexes, down to none (one binary search over all ranges).
      expect(indexBits.has(0)).toBe(true);
      expect(indexBits.size).toBeGreaterThanOrEqual(4);
    });

    it(`IPv${family}: a large table (${family === 4 ? '80,000 routes, 16-bit keys' : '20,000 routes'})`, () => {
      const next = random(family * 1000 + 99);
      const table = makeTable(family, family === 4 ? 80_000 : 20_000, next, true);
      const queries = makeQueries(table, family === 4 ? 3000 : 1500, next);
      const id = expectSame(engine, table, queries);
      const info = engine.lpmTableInfo(id);
      expect(info.layout).toBe(family === 4 ? 'v4-u16' : 'v6');
      expect(info.indexBits).toBe(family === 4 ? 16 : 11);
    });
  }

  it('IPv6: a table of /64-or-shorter prefixes (high-word keys only) agrees too', () => {
    const next = random(4242);
    const table = makeTable(6, 500, next);
    const keep = table.prefixes.map((p, i) => i).filter((i) => table.entries.lens[i]! <= 64);
    const entries: LpmEntries = {
      addrs: new Uint32Array(keep.length * 4),
      lens: new Uint8Array(keep.map((i) => table.entries.lens[i]!)),
      values: new Uint32Array(keep.map((i) => table.entries.values[i]!)),
    };
    keep.forEach((i, k) => entries.addrs.set(table.entries.addrs.subarray(i * 4, i * 4 + 4), k * 4));
    const short: Table = { family: 6, entries, prefixes: keep.map((i) => table.prefixes[i]!) };
    const id = expectSame(engine, short, makeQueries(short, 20_000, next));
    expect(engine.lpmTableInfo(id).layout).toBe('v6-high');
  });
});

describe('LPM semantics the model layer relies on', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await loadEngine({ build: 'debug' });
  });

  const v4 = (text: string): number => text.split('.').reduce((a, o) => a * 256 + Number(o), 0);

  it('RT-3: the longest matching prefix wins, whatever the order the routes are given in', () => {
    const entries: LpmEntries = {
      addrs: new Uint32Array([v4('10.0.1.0'), v4('0.0.0.0'), v4('10.0.0.0')]),
      lens: new Uint8Array([24, 0, 16]),
      values: new Uint32Array([24, 0, 16]),
    };
    const id = engine.lpmBuild(4, entries);
    const out = engine.lpmLookup(id, new Uint32Array([v4('10.0.1.9'), v4('10.0.2.9'), v4('11.0.0.1')]));
    expect(Array.from(out)).toEqual([24, 16, 0]);
  });

  it('no matching route is LPM_MISS; IPv4 and IPv6 tables are independent', () => {
    const t4 = engine.lpmBuild(4, { addrs: new Uint32Array([v4('10.0.0.0')]), lens: new Uint8Array([8]), values: new Uint32Array([1]) });
    const t6 = engine.lpmBuild(6, { addrs: new Uint32Array([0x20010db8, 0, 0, 0]), lens: new Uint8Array([32]), values: new Uint32Array([2]) });
    expect(Array.from(engine.lpmLookup(t4, new Uint32Array([v4('11.0.0.0'), v4('10.255.255.255')])))).toEqual([LPM_MISS, 1]);
    // ::ffff:10.0.0.1 is an IPv6 address: the IPv4 route 10.0.0.0/8 does not apply to it.
    expect(Array.from(engine.lpmLookup(t6, new Uint32Array([0, 0, 0xffff, v4('10.0.0.1'), 0x20010db8, 1, 2, 3])))).toEqual([LPM_MISS, 2]);
  });

  it('duplicate prefixes: the entry given last wins (host bits ignored when comparing)', () => {
    const id = engine.lpmBuild(4, {
      addrs: new Uint32Array([v4('10.0.0.0'), v4('10.0.0.7'), v4('10.0.0.0')]),
      lens: new Uint8Array([16, 16, 24]),
      values: new Uint32Array([1, 2, 3]),
    });
    expect(Array.from(engine.lpmLookup(id, new Uint32Array([v4('10.0.9.9'), v4('10.0.0.1')])))).toEqual([2, 3]);
  });
});
