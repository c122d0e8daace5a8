// What one flow of the grouped walk touches in engine memory, by image section (abi/image.ts) and, for
// memory outside the image (rows, conntrack, LPM tables, stack), by WASM function: distinct 64-byte lines
// and 4 KiB pages per flow, and misses of a small cache and TLB model fed the walk's loads and stores.
// Not a bench: a profiling aid (bench/profile/README.md, "What a flow touches").
//
// The .wasm (built with names, as for callgrind) is instrumented by Binaryen's --instrument-memory: every
// load and store calls into JS with its address. The model: L1d 48 KB 12-way, L2 1 MB 16-way, L3 32 MB
// 16-way (each level sees the previous level's misses, LRU, no prefetcher: sequential streams count in
// full, and their L2 misses are also counted apart, as "sequential"), a 96-entry L1 DTLB and a 4,096-entry
// L2 DTLB (4 KiB pages, LRU): Zen 5's sizes. The first pass warms the model; the last pass is reported.
// The batch's own memory is split into the input columns, the verdicts and the rest (rows, keys, indexes).
//   npx tsx bench/profile/image-touch.ts /tmp/walk.wasm /tmp/walk-cache [passes=2] [mode=grouped|order]
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { instantiateSync } from '@assemblyscript/loader';
import { createEngine, type EngineExports } from '../../bindings/engine.js';
import type { FlowBatch } from '../../bindings/network.js';
import { packageRoot } from '../../bindings/node.js';
import { FlowColumn, WALK_ORDER_MIN_FLOWS } from '../../abi/batch.js';
import { Header, Section } from '../../abi/image.js';
import type { NetworkImage } from '../../src/compile/image.js';

const [wasmArg, cache, passesArg, mode] = process.argv.slice(2);
if (!wasmArg || !cache) {
  console.error('usage: image-touch.ts WASM CACHE_DIR [passes] [grouped|order]  (CACHE_DIR as walk-driver.ts writes it)');
  process.exit(2);
}
const passes = Number(passesArg ?? 2);
/** TOUCH_BY_FN=1: image sections split by the accessing function too. */
const byFunction = process.env.TOUCH_BY_FN === '1';
const bin = (name: string) => join(packageRoot(), 'node_modules', '.bin', name);
const instrumented = `${wasmArg}.touch.wasm`;
execFileSync(bin('wasm-opt'), [wasmArg, '--enable-simd', '--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-sign-ext', '--enable-mutable-globals', '--instrument-memory', '-g', '-o', instrumented]);

/** Function name of each instrumented load/store id (the id is the first argument of load_ptr / store_ptr). */
function accessFunctions(): string[] {
  const text = execFileSync(bin('wasm-dis'), [instrumented], { maxBuffer: 1 << 30 }).toString();
  const names: string[] = [];
  let current = '?';
  const re = /\(func \$(\S+)|call \$fimport\$(?:3|8)\s*\(i32\.const (\d+)\)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[1] !== undefined) current = m[1];
    else names[Number(m[2])] = current.replace(/^assembly\//, '');
  }
  return names;
}
const fnOf = accessFunctions();

// Inputs as walk-driver.ts saved them.
const words32 = (name: string) => {
  const b = readFileSync(join(cache, `${name}.bin`));
  return new Int32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
};
const COLUMNS = ['origin', 'family', 'protocol', 'srcPort', 'dstPort', 'icmpType', 'icmpCode', 'destination', 'src', 'dst'] as const;
const words = words32('image');
const batch = Object.fromEntries(COLUMNS.map((c) => [c, c === 'src' || c === 'dst' ? new Uint32Array(words32(c).buffer) : words32(c)])) as unknown as FlowBatch;
const N = batch.origin.length;

/** LRU set-associative cache of 64-byte lines: access() is true on a hit. */
class Cache {
  private readonly tags: Float64Array;
  constructor(private readonly sets: number, private readonly ways: number) {
    this.tags = new Float64Array(sets * ways).fill(-1);
  }
  access(line: number): boolean {
    const base = (line % this.sets) * this.ways;
    const t = this.tags;
    let i = 0;
    while (i < this.ways && t[base + i] !== line) i++;
    const hit = i < this.ways;
    if (!hit) i = this.ways - 1;
    for (; i > 0; i--) t[base + i] = t[base + i - 1]!;
    t[base] = line;
    return hit;
  }
}

/** Fully associative LRU (a Map keeps insertion order). */
class Tlb {
  private readonly pages = new Map<number, true>();
  constructor(private readonly entries: number) {}
  access(page: number): boolean {
    if (this.pages.delete(page)) {
      this.pages.set(page, true);
      return true;
    }
    if (this.pages.size >= this.entries) this.pages.delete(this.pages.keys().next().value!);
    this.pages.set(page, true);
    return false;
  }
}

const l1 = new Cache(64, 12);
const l2 = new Cache(1024, 16);
const l3 = new Cache(32768, 16);
const tlb1 = new Tlb(96);
const tlb2 = new Tlb(4096);

// Regions: image lines -> section; other addresses -> the accessing function.
let imageBase = 0;
let imageEnd = 0;
let sectionOfLine = new Uint8Array(0);
let results = 0;
let batchFlows = 0;
let batchFlowsEnd = 0;
let resultsEnd = 0;
let recording = false;
let flows = 0;
// Per region key: [accesses, distinct lines per flow, distinct pages per flow, L1 miss, L2 miss, L3 miss, TLB1 miss, TLB2 miss,
// L2 misses next to a line touched just before (sequential)].
const stats = new Map<string, number[]>();
const linesOfFlow = new Set<number>();
const pagesOfFlow = new Set<number>();
let flowLines = 0;
let flowPages = 0;

function regionOf(address: number, id: number, store: boolean): string {
  if (address >= imageBase && address < imageEnd) {
    const section = Section[sectionOfLine[(address - imageBase) >>> 6]!]!;
    return byFunction ? `${section} ${fnOf[id] ?? '?'}` : section;
  }
  // The batch's own memory, by what it is: the input columns, the verdicts, the rest (rows, keys, indexes, the key table).
  const fn = fnOf[id] ?? '?';
  if (fn === 'walk-batch/walkBatch' || fn.startsWith('batch-order/')) {
    const what = address >= batchFlows && address < batchFlowsEnd ? 'columns' : address >= results && address < resultsEnd ? 'verdicts' : 'rows, keys, indexes';
    return `(${fn}: ${what} ${store ? 'store' : 'load'})`;
  }
  return `(${fn})`;
}

// Hardware prefetchers follow streams the model does not: an L2 miss on a line whose neighbour was
// touched within the last SEQ_WINDOW accesses is counted apart, as "sequential" (likely prefetched).
const SEQ_WINDOW = 256;
const lastTouch = new Map<number, number>();
let touches = 0;

function touch(id: number, address: number, store: boolean): void {
  const line = Math.floor(address / 64);
  const page = Math.floor(address / 4096);
  touches++;
  const near = (l: number) => {
    const t = lastTouch.get(l);
    return t !== undefined && touches - t < SEQ_WINDOW;
  };
  const sequential = near(line - 1) || near(line + 1);
  lastTouch.set(line, touches);
  if (!recording) {
    // The warm-up pass: the model's state only.
    if (!l1.access(line) && !l2.access(line)) l3.access(line);
    if (!tlb1.access(page)) tlb2.access(page);
    return;
  }
  const key = regionOf(address, id, store);
  let s = stats.get(key);
  if (!s) stats.set(key, (s = [0, 0, 0, 0, 0, 0, 0, 0, 0]));
  s[0]!++;
  if (!linesOfFlow.has(line)) {
    linesOfFlow.add(line);
    s[1]!++;
  }
  if (!pagesOfFlow.has(page)) {
    pagesOfFlow.add(page);
    s[2]!++;
  }
  if (!l1.access(line)) {
    s[3]!++;
    if (!l2.access(line)) {
      s[4]!++;
      if (sequential) s[8]!++;
      if (!l3.access(line)) s[5]!++;
    }
  }
  if (!tlb1.access(page)) {
    s[6]!++;
    if (!tlb2.access(page)) s[7]!++;
  }
}

function endFlow(): void {
  flows++;
  flowLines += linesOfFlow.size;
  flowPages += pagesOfFlow.size;
  linesOfFlow.clear();
  pagesOfFlow.clear();
}

const onLoad = (id: number, bytes: number, offset: number, ptr: number): number => {
  touch(id, (ptr >>> 0) + offset, false);
  return ptr;
};
const onStore = (id: number, bytes: number, offset: number, ptr: number): number => {
  const a = (ptr >>> 0) + offset;
  touch(id, a, true);
  if (recording && a >= results && a < resultsEnd) endFlow();
  return ptr;
};
const same = (_id: number, v: unknown) => v;
const env = {
  load_ptr: onLoad, store_ptr: onStore,
  load_val_i32: same, load_val_i64: same, load_val_f32: same, load_val_f64: same,
  store_val_i32: same, store_val_i64: same, store_val_f32: same, store_val_f64: same,
  memory_grow_pre: (_id: number, d: number) => d, memory_grow_post: (_id: number, d: number) => d,
};
// The loader's import type lists only its own env functions.
const { exports } = instantiateSync(new WebAssembly.Module(readFileSync(instrumented)), { env } as unknown as Parameters<typeof instantiateSync>[1]);
const raw = exports as unknown as EngineExports & Record<string, (...a: number[]) => number>;
const wrapped = Object.create(raw) as typeof raw;
Object.assign(wrapped, {
  memory: raw.memory,
  imageReserve: (w: number) => {
    imageBase = raw.imageReserve(w);
    imageEnd = imageBase + 4 * w;
    return imageBase;
  },
  walkBatch: (...a: Parameters<EngineExports['walkBatch']>) => {
    results = a[2];
    resultsEnd = a[2] + 4 * a[1];
    // The FlowColumn columns: one word per flow per scalar column, four per address column.
    batchFlows = a[0];
    batchFlowsEnd = a[0] + 4 * a[1] * (FlowColumn.Src + 8);
    return raw.walkBatch(...a);
  },
});
const engine = createEngine(wrapped);
// Each image line's section (sections start on cache lines: SECTION_ALIGN_WORDS).
sectionOfLine = new Uint8Array(Math.ceil(words.length / 16));
for (let s = 0; s < words[Header.SectionCount]!; s++) {
  const from = words[Header.FirstSection + 2 * s]! >>> 4;
  sectionOfLine.fill(s, from);
}
engine.loadNetwork({ words } as NetworkImage);
const chunk = WALK_ORDER_MIN_FLOWS - 1;
const batches: FlowBatch[] = [];
if (mode === 'order') {
  const cut = <T extends Int32Array | Uint32Array>(c: T, a: number, b: number, w = 1) => c.subarray(w * a, w * b) as T;
  for (let a = 0; a < N; a += chunk) {
    const b = Math.min(N, a + chunk);
    batches.push(Object.fromEntries(COLUMNS.map((c) => [c, cut(batch[c], a, b, c === 'src' || c === 'dst' ? 4 : 1)])) as unknown as FlowBatch);
  }
} else batches.push(batch);
for (let p = 0; p < passes; p++) {
  recording = p === passes - 1;
  for (const b of batches) engine.walkBatch(b);
}

const rows = [...stats.entries()].sort((a, b) => b[1][4]! - a[1][4]! || b[1][1]! - a[1][1]!);
const per = (x: number) => (x / flows).toFixed(2);
const total = [0, 0, 0, 0, 0, 0, 0, 0, 0];
const lines = [`${flows} flows (${mode === 'order' ? 'input order' : 'grouped'}), per flow: distinct lines ${per(flowLines)}, distinct 4 KiB pages ${per(flowPages)}`,
  'region'.padEnd(60) + ['access', 'lines', 'pages', 'L1miss', 'L2miss', 'L3miss', 'TLB1', 'TLB2', 'L2seq'].map((h) => h.padStart(8)).join('')];
for (const [key, s] of rows) {
  s.forEach((v, i) => (total[i]! += v));
  if (s[1]! / flows < 0.01 && s[3]! / flows < 0.01) continue;
  lines.push(key.slice(0, 59).padEnd(60) + s.map((v) => per(v).padStart(8)).join(''));
}
lines.push('all'.padEnd(60) + total.map((v) => per(v).padStart(8)).join(''));
console.log(lines.join('\n'));
if (process.env.TOUCH_OUT) writeFileSync(process.env.TOUCH_OUT, lines.join('\n') + '\n');
