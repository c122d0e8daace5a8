// LPM benchmark: the engine's IPv4 longest-prefix match against the JavaScript structures a user
// would otherwise pick, on a BGP-like prefix mix (60% /24, 20% /16-/23, 15% /25-/32, 5% /8-/15)
// at 1,000 / 10,000 / 100,000 prefixes; half the queries fall inside a route, half are random.
// Every implementation must give the same answers (checksums) or the bench fails.
// Usage: npm run bench -- lpm [--json]
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { Bench } from 'tinybench';
import { loadEngine } from '../bindings/node.js';
import type { Engine } from '../bindings/engine.js';
import type { LpmPeer, Routes4 } from './lpm-peers/peer.js';
import { LinearScan } from './lpm-peers/linear-scan.js';
import { IpNumRangedSet } from './lpm-peers/ip-num.js';
import { NpmLongestPrefixMatch } from './lpm-peers/longest-prefix-match.js';
import { BinaryTrie } from './lpm-peers/binary-trie.js';
import { Dir24_8 } from './lpm-peers/dir-24-8.js';
import { Random } from '../src/generate/random.js';

const SIZES = [1_000, 10_000, 100_000];
const QUERIES = 1 << 20;
/** Linear-scan peers run on a sample sized so one pass visits about this many routes. */
const SCAN_WORK = 4_000_000;
const IPNUM_WORK = 300_000;
const NPM_SAMPLE = 1 << 16;

export interface LpmBenchRow {
  name: string;
  prefixes: number;
  lookupsPerSec: number;
  bytesPerRoute: number | null;
  sampled: boolean;
}

/** Deterministic 32-bit stream (the generator's splitmix32), so a run can be replayed. */
function random(seed: number): () => number {
  const r = new Random(seed);
  return () => r.nextUint32();
}

function bgpLength(next: () => number): number {
  const p = next() % 100;
  if (p < 60) return 24;
  if (p < 80) return 16 + (next() % 8);
  if (p < 95) return 25 + (next() % 8);
  return 8 + (next() % 8);
}

/** n distinct prefixes (value = route index), so every peer agrees without tie rules. */
function makeRoutes(n: number, next: () => number): Routes4 {
  const seen = new Set<number>();
  const nets = new Uint32Array(n);
  const lens = new Uint8Array(n);
  for (let i = 0; i < n; ) {
    const len = bgpLength(next);
    const net = (next() & ((0xffffffff << (32 - len)) >>> 0)) >>> 0;
    const key = net * 33 + len;
    if (seen.has(key)) continue;
    seen.add(key);
    nets[i] = net;
    lens[i] = len;
    i++;
  }
  return { nets, lens, values: Uint32Array.from({ length: n }, (_, i) => i) };
}

function makeQueries(routes: Routes4, next: () => number): Uint32Array {
  const q = new Uint32Array(QUERIES);
  for (let j = 0; j < QUERIES; j++) {
    if (j % 2 === 0) {
      q[j] = next();
    } else {
      const i = next() % routes.lens.length;
      const host = routes.lens[i] === 32 ? 0 : next() & (0xffffffff >>> routes.lens[i]!);
      q[j] = (routes.nets[i]! | host) >>> 0;
    }
  }
  return q;
}

function checksum(out: Uint32Array, count: number): number {
  let h = 0x811c9dc5;
  for (let j = 0; j < count; j++) h = Math.imul(h ^ out[j]!, 16777619) >>> 0;
  return h;
}

let gc: (() => void) | undefined;
function collect(): void {
  if (!gc) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
  gc();
}

/** Lookups per second of `fn`, which performs `count` lookups per call. */
async function measure(name: string, count: number, slow: boolean, fn: () => void): Promise<number> {
  const bench = new Bench({
    time: slow ? 200 : 400,
    iterations: slow ? 2 : 5,
    warmupTime: slow ? 0 : 100,
    warmupIterations: slow ? 1 : 2,
    throws: true,
  });
  bench.add(name, fn);
  await bench.run();
  const result = bench.tasks[0]!.result as { latency?: { mean: number } };
  if (!result.latency) throw new Error(`bench ${name}: no result`);
  return count / (result.latency.mean / 1000);
}

/** Engine bytes per route: the table's own accounting (index, keys, values, header). */
function engineTable(engine: Engine, routes: Routes4): { id: number; bytes: number } {
  const id = engine.lpmBuild(4, { addrs: routes.nets, lens: routes.lens, values: routes.values });
  return { id, bytes: engine.lpmTableInfo(id).bytes };
}

async function benchSize(engine: Engine, n: number, log: (s: string) => void): Promise<LpmBenchRow[]> {
  const next = random(20240 + n);
  const routes = makeRoutes(n, next);
  const queries = makeQueries(routes, next);
  const rows: LpmBenchRow[] = [];

  engine.reset();
  const ours = engineTable(engine, routes);
  const expected = new Uint32Array(QUERIES);
  engine.lpmLookup(ours.id, queries, expected);
  const out = new Uint32Array(QUERIES);
  rows.push({
    name: 'vpcsim',
    prefixes: n,
    lookupsPerSec: await measure('vpcsim', QUERIES, false, () => engine.lpmLookup(ours.id, queries, out)),
    bytesPerRoute: ours.bytes / n,
    sampled: false,
  });
  if (checksum(out, QUERIES) !== checksum(expected, QUERIES)) throw new Error(`vpcsim at ${n} prefixes: answers changed between runs`);

  // [peer, queries timed]: the slow ones on a sample of the queries.
  const sample = (work: number): number => Math.max(16, Math.floor(work / n));
  const peers: [LpmPeer, number][] = [
    [new LinearScan(), sample(SCAN_WORK)],
    [new IpNumRangedSet(), sample(IPNUM_WORK)],
    [new NpmLongestPrefixMatch(), NPM_SAMPLE],
    [new BinaryTrie(), QUERIES],
    [new Dir24_8(), QUERIES],
  ];
  for (const [peer, count] of peers) {
    const slow = count < QUERIES;
    collect();
    const heapBefore = process.memoryUsage().heapUsed;
    peer.build(routes);
    collect();
    const heapBytes = process.memoryUsage().heapUsed - heapBefore;
    out.fill(0);
    const lookupsPerSec = await measure(peer.name, count, slow, () => peer.lookup(queries, out, count));
    if (checksum(out, count) !== checksum(expected, count)) {
      let j = 0;
      while (out[j] === expected[j]) j++;
      throw new Error(`${peer.name} at ${n} prefixes disagrees with vpcsim: query ${j} gives ${out[j]}, vpcsim ${expected[j]}`);
    }
    const bytes = peer.bytes() ?? heapBytes;
    rows.push({ name: peer.name, prefixes: n, lookupsPerSec, bytesPerRoute: bytes > 0 ? bytes / n : null, sampled: slow });
    log(`  ${peer.name} done`);
  }
  return rows;
}

function formatRate(x: number): string {
  if (x >= 1e6) return `${(x / 1e6).toFixed(2)} M/s`;
  if (x >= 1e3) return `${(x / 1e3).toFixed(1)} k/s`;
  return `${x.toFixed(0)} /s`;
}

function printTable(rows: LpmBenchRow[]): void {
  const ours = rows.find((r) => r.name === 'vpcsim')!;
  console.log(`\n${ours.prefixes.toLocaleString('en-US')} prefixes, ${QUERIES.toLocaleString('en-US')} queries (half inside a route, half random)`);
  console.log(`  ${'implementation'.padEnd(26)}${'lookups/s'.padStart(12)}${'bytes/route'.padStart(13)}${'vpcsim speed x'.padStart(16)}${'vpcsim memory x'.padStart(17)}`);
  for (const r of rows) {
    const speed = r === ours ? '' : (ours.lookupsPerSec / r.lookupsPerSec).toFixed(r.lookupsPerSec > ours.lookupsPerSec / 10 ? 2 : 0);
    const mem = r === ours || r.bytesPerRoute === null ? '' : (ours.bytesPerRoute! / r.bytesPerRoute).toFixed(3);
    const bytes = r.bytesPerRoute === null ? 'n/a' : r.bytesPerRoute.toFixed(r.bytesPerRoute < 100 ? 1 : 0);
    const note = r.sampled ? ' (sampled, extrapolated)' : '';
    console.log(`  ${r.name.padEnd(26)}${formatRate(r.lookupsPerSec).padStart(12)}${bytes.padStart(13)}${speed.padStart(16)}${mem.padStart(17)}${note}`);
  }
}

export default async function run(args: string[]): Promise<void> {
  const json = args.includes('--json');
  const log = json ? (): void => undefined : (s: string): void => console.log(s);
  const engine = await loadEngine({ build: 'release' });
  const all: LpmBenchRow[] = [];
  if (!json) {
    console.log('LPM bench (IPv4, BGP-like mix). Sampled peers run on a subset of the queries and are extrapolated;');
    console.log('bytes/route for ip-num and longest-prefix-match is the measured JS heap growth while building.');
  }
  for (const n of SIZES) {
    log(`building and timing ${n} prefixes ...`);
    const rows = await benchSize(engine, n, log);
    if (!json) printTable(rows);
    all.push(...rows);
  }
  if (json) console.log(JSON.stringify(all, null, 2));
}
