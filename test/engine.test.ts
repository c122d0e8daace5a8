// The engine boundary (bindings/): loading in Node and browser style, typed batches, memory growth,
// thousands of tables, reset, and one-line errors for bad input. LPM answers are checked against
// the linear-scan reference (RT-3).
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadEngine, packageRoot, wasmPath } from '../bindings/node.js';
import { loadEngine as loadBrowserEngine } from '../bindings/browser.js';
import { LPM_MISS, type Engine, type LpmEntries } from '../bindings/engine.js';
import { lookupReference } from '../src/reference/lpm.js';
import { Random } from '../src/generate/random.js';

/** Deterministic 32-bit stream (the generator's splitmix32), so a run can be replayed. */
function random(seed: number): () => number {
  const r = new Random(seed);
  return () => r.nextUint32();
}

/** IPv4 routes with random lengths in [minLen, 32], network bits only. */
function routes4(n: number, next: () => number, minLen = 0): LpmEntries {
  const lens = Uint8Array.from({ length: n }, () => minLen + (next() % (33 - minLen)));
  const addrs = Uint32Array.from(lens, (len) => (len === 0 ? 0 : (next() & (0xffffffff << (32 - len))) >>> 0));
  return { addrs, lens, values: Uint32Array.from({ length: n }, () => next() % 1_000_000) };
}

function queries4(n: number, next: () => number): Uint32Array {
  return Uint32Array.from({ length: n }, () => next());
}

describe('loading the engine', () => {
  it('finds the package root and the build artefacts from the module URL', () => {
    const root = packageRoot();
    expect(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).name).toBe('vpcsim');
    expect(existsSync(wasmPath('debug'))).toBe(true);
    expect(existsSync(wasmPath('release'))).toBe(true);
  });

  it('loads the debug and the release build with the ABI version the bindings speak', async () => {
    for (const build of ['debug', 'release'] as const) {
      const engine = await loadEngine({ build });
      expect(engine.abiVersion).toBe(12);
      expect(engine.lpmTableCount()).toBe(0);
    }
  });

  it('reports a missing .wasm in one line naming the file', async () => {
    await expect(loadEngine({ wasmPath: '/nonexistent/vpcsim.wasm' })).rejects.toThrow(/cannot read the vpcsim engine \/nonexistent\/vpcsim\.wasm/);
  });

  // A path the caller gave is not the package's build: no "npm run asbuild" advice, but why it failed;
  // a file that is not WebAssembly is named as such, not a bare CompileError about magic words.
  it('a wasmPath that is missing, a folder or not WebAssembly: one line naming the path and why', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpcsim-engine-'));
    try {
      await expect(loadEngine({ wasmPath: join(dir, 'none.wasm') })).rejects.toThrow(`cannot read the vpcsim engine ${join(dir, 'none.wasm')} (ENOENT)`);
      await expect(loadEngine({ wasmPath: dir })).rejects.toThrow(`cannot read the vpcsim engine ${dir} (EISDIR)`);
      const text = join(dir, 'text.wasm');
      writeFileSync(text, 'not wasm');
      const err = await loadEngine({ wasmPath: text }).then(() => undefined, (e: unknown) => e as Error);
      expect(err?.message).toMatch(new RegExp(`^${text.replace(/[.]/g, '\\.')} is not a WebAssembly module \\(`));
      expect(err?.message).not.toContain('\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('browser loader: from bytes passed in, and streaming from a URL (application/wasm)', async () => {
    const bytes = readFileSync(wasmPath('release'));
    const entries: LpmEntries = { addrs: new Uint32Array([0x0a000000]), lens: new Uint8Array([8]), values: new Uint32Array([7]) };
    const fromBytes = await loadBrowserEngine({ bytes: new Uint8Array(bytes) });
    const streamed = await loadBrowserEngine({ url: `data:application/wasm;base64,${bytes.toString('base64')}` });
    for (const engine of [fromBytes, streamed]) {
      const id = engine.lpmBuild(4, entries);
      expect(Array.from(engine.lpmLookup(id, new Uint32Array([0x0a010203, 0x0b000000])))).toEqual([7, LPM_MISS]);
    }
  });
});

describe('engine memory and batches', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await loadEngine({ build: 'debug' });
  });

  it('keeps answering after linear memory grows (views over it are refreshed)', () => {
    engine.reset();
    const next = random(1);
    const first = routes4(300, next);
    const q = queries4(5000, next);
    const id = engine.lpmBuild(4, first);
    const before = engine.lpmLookup(id, q);
    const size = engine.memoryBytes();
    for (let i = 0; i < 8; i++) engine.lpmBuild(4, routes4(40_000, next, 16));
    expect(engine.memoryBytes()).toBeGreaterThan(size);
    expect(Array.from(engine.lpmLookup(id, q))).toEqual(Array.from(before));
    expect(Array.from(before)).toEqual(Array.from(lookupReference(4, first, q)));
  });

  it('batches larger than the staging area are split and reassembled in order', () => {
    const next = random(2);
    const entries = routes4(50, next);
    const q = queries4(200_000, next);
    const id = engine.lpmBuild(4, entries);
    const out = new Uint32Array(200_000);
    expect(engine.lpmLookup(id, q, out)).toBe(out);
    expect(Array.from(out)).toEqual(Array.from(lookupReference(4, entries, q)));
  });

  it('holds thousands of small route tables, each answering for itself at a small fixed cost', () => {
    engine.reset();
    const next = random(3);
    const tables: { id: number; entries: LpmEntries }[] = [];
    for (let t = 0; t < 3000; t++) {
      const entries = routes4(1 + (next() % 8), next, 8);
      tables.push({ id: engine.lpmBuild(4, entries), entries });
    }
    expect(engine.lpmTableCount()).toBe(3000);
    const q = queries4(64, next);
    for (const { id, entries } of tables) {
      expect(Array.from(engine.lpmLookup(id, q))).toEqual(Array.from(lookupReference(4, entries, q)));
      // Header (32 B) + 2-entry index + about two ranges per route at 8 B each.
      expect(engine.lpmTableInfo(id).bytes).toBeLessThanOrEqual(64 + 18 * entries.lens.length);
    }
  });

  it('a 100,000-route BGP-like IPv4 table takes under 16 bytes per route', () => {
    engine.reset();
    const next = random(4);
    const n = 100_000;
    const lens = Uint8Array.from({ length: n }, () => {
      const p = next() % 100;
      return p < 60 ? 24 : p < 80 ? 16 + (next() % 8) : p < 95 ? 25 + (next() % 8) : 8 + (next() % 8);
    });
    const addrs = Uint32Array.from(lens, (len) => (next() & (0xffffffff << (32 - len))) >>> 0);
    const id = engine.lpmBuild(4, { addrs, lens, values: Uint32Array.from({ length: n }, (_, i) => i) });
    const info = engine.lpmTableInfo(id);
    expect(info.layout).toBe('v4-u16');
    expect(info.bytes / n).toBeLessThan(16);
  });

  it('reset() frees every table: old ids are refused and the memory is reused', () => {
    engine.reset();
    const next = random(5);
    const entries = routes4(20_000, next, 16);
    for (let i = 0; i < 4; i++) engine.lpmBuild(4, entries);
    const size = engine.memoryBytes();
    engine.reset();
    expect(engine.lpmTableCount()).toBe(0);
    expect(() => engine.lpmLookup(3, new Uint32Array(1))).toThrow(/no LPM table with id 3/);
    for (let i = 0; i < 4; i++) engine.lpmBuild(4, entries);
    expect(engine.memoryBytes()).toBe(size);
  });
});

describe('bad input is one clear line, never a trap', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await loadEngine({ build: 'debug' });
  });
  const one = (lens: number[], values: number[], words = 1): LpmEntries => ({
    addrs: new Uint32Array(lens.length * words),
    lens: new Uint8Array(lens),
    values: new Uint32Array(values),
  });

  it('prefix length beyond the family', () => {
    expect(() => engine.lpmBuild(4, one([8, 33], [1, 2]))).toThrow('lpmBuild: entry 1: prefix length /33 is above 32 for IPv4');
    expect(() => engine.lpmBuild(6, one([129], [1], 4))).toThrow('lpmBuild: entry 0: prefix length /129 is above 128 for IPv6');
  });

  it('the reserved no-match value as a route value', () => {
    expect(() => engine.lpmBuild(4, one([8], [LPM_MISS]))).toThrow(`lpmBuild: entry 0: value ${LPM_MISS} is reserved for "no match"`);
  });

  it('columns of different lengths, and IPv6 addresses not in 4-word groups', () => {
    expect(() => engine.lpmBuild(6, one([8, 9], [1, 2]))).toThrow(/IPv6 entries disagree in length: 2 address words, 2 lengths, 2 values \(want 4 words per entry\)/);
    const id = engine.lpmBuild(6, one([8], [1], 4));
    expect(() => engine.lpmLookup(id, new Uint32Array(6))).toThrow('lpmLookup: IPv6 addresses take 4 words each, got 6 words');
    expect(() => engine.lpmLookup(id, new Uint32Array(8), new Uint32Array(1))).toThrow('lpmLookup: output holds 1 values, need 2');
  });

  it('unknown family and unknown table', () => {
    expect(() => engine.lpmBuild(5 as 4, one([8], [1]))).toThrow('lpmBuild: family must be 4 or 6, got 5');
    expect(() => engine.lpmTableInfo(1e6)).toThrow(/no LPM table with id 1000000/);
  });
});
