// LPM benchmark: the engine's IPv4 longest-prefix match against the JavaScript structures a user
// would otherwise pick, on a BGP-like prefix mix (60% /24, 20% /16-/23, 15% /25-/32, 5% /8-/15)
// at 1,000 / 10,000 / 100,000 prefixes; half the queries fall inside a route, half are random.
// Every implementation must give the same answers (checksums) or the bench fails. Each structure is
// built before timing; the slow peers are timed on a sample of the queries (said in the output).
// Usage: npm run bench -- lpm [--json]
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { loadEngine } from '../bindings/node.js';
import type { Engine } from '../bindings/engine.js';
import type { LpmPeer, Routes4 } from './lpm-peers/peer.js';
import { LinearScan } from './lpm-peers/linear-scan.js';
import { IpNumRangedSet } from './lpm-peers/ip-num.js';
import { NpmLongestPrefixMatch } from './lpm-peers/longest-prefix-match.js';
import { BinaryTrie } from './lpm-peers/binary-trie.js';
import { Dir24_8 } from './lpm-peers/dir-24-8.js';
import { Random } from '../src/generate/random.js';
import { timeRuns } from './measure.js';
import { BenchReport } from './report.js';

const SIZES = [1_000, 10_000, 100_000];
const QUERIES = 1 << 20;
/** Linear-scan peers run on a sample sized so one pass visits about this many routes. */
const SCAN_WORK = 4_000_000;
const IPNUM_WORK = 300_000;
const NPM_SAMPLE = 1 << 16;

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

/** Engine bytes per route: the table's own accounting (index, keys, values, header). */
function engineTable(engine: Engine, routes: Routes4): { id: number; bytes: number } {
  const id = engine.lpmBuild(4, { addrs: routes.nets, lens: routes.lens, values: routes.values });
  return { id, bytes: engine.lpmTableInfo(id).bytes };
}

const count = (n: number) => n.toLocaleString('en-US');

async function benchSize(engine: Engine, n: number, report: BenchReport): Promise<void> {
  const next = random(20240 + n);
  const routes = makeRoutes(n, next);
  const queries = makeQueries(routes, next);
  const speed = `IPv4 LPM, ${count(n)} prefixes (BGP-like mix), ${count(QUERIES)} queries (half inside a route, half random)`;
  const memory = `IPv4 LPM memory, ${count(n)} prefixes`;

  engine.reset();
  const ours = engineTable(engine, routes);
  const expected = new Uint32Array(QUERIES);
  engine.lpmLookup(ours.id, queries, expected);
  const out = new Uint32Array(QUERIES);
  report.progress(`${count(n)} prefixes: vpcsim`);
  const oursMs = await timeRuns(() => engine.lpmLookup(ours.id, queries, out));
  if (checksum(out, QUERIES) !== checksum(expected, QUERIES)) throw new Error(`vpcsim at ${n} prefixes: answers changed between runs`);
  report.rate({ case: speed, implementation: 'vpcsim', includes: 'lookups only: one engine.lpmLookup() of every query (copy in, look up in WASM, copy out); table built before timing', cpu: true }, 'lookups/s', QUERIES, oursMs);
  report.value({ case: memory, implementation: 'vpcsim', includes: "the table's own accounting (index, keys, values, header)" }, 'bytes/route', 'lower', [ours.bytes / n]);

  // [peer, queries timed]: the slow ones on a sample of the queries.
  const sample = (work: number): number => Math.max(16, Math.floor(work / n));
  const peers: [LpmPeer, number][] = [
    [new LinearScan(), sample(SCAN_WORK)],
    [new IpNumRangedSet(), sample(IPNUM_WORK)],
    [new NpmLongestPrefixMatch(), NPM_SAMPLE],
    [new BinaryTrie(), QUERIES],
    [new Dir24_8(), QUERIES],
  ];
  for (const [peer, timed] of peers) {
    const slow = timed < QUERIES;
    collect();
    const heapBefore = process.memoryUsage().heapUsed;
    peer.build(routes);
    collect();
    const heapBytes = process.memoryUsage().heapUsed - heapBefore;
    out.fill(0);
    report.progress(`${count(n)} prefixes: ${peer.name}`);
    const ms = await timeRuns(() => peer.lookup(queries, out, timed), { runs: slow ? 5 : 7, warmupMs: slow ? 0 : 100 });
    if (checksum(out, timed) !== checksum(expected, timed)) {
      let j = 0;
      while (out[j] === expected[j]) j++;
      throw new Error(`${peer.name} at ${n} prefixes disagrees with vpcsim: query ${j} gives ${out[j]}, vpcsim ${expected[j]}`);
    }
    const lookups = slow ? `the first ${count(timed)} queries (a sample: too slow for all), as one call` : 'every query as one call';
    report.rate({ case: speed, implementation: peer.name, includes: `lookups only: ${lookups}; structure built before timing`, peer: true, cpu: true }, 'lookups/s', timed, ms);
    const bytes = peer.bytes();
    if (bytes !== undefined || heapBytes > 0) {
      const how = bytes !== undefined ? 'its typed arrays' : 'JS heap growth while building (after gc)';
      report.value({ case: memory, implementation: peer.name, includes: how, peer: true }, 'bytes/route', 'lower', [(bytes ?? heapBytes) / n]);
    }
  }
}

export default async function run(args: string[]): Promise<void> {
  const report = new BenchReport('lpm', args);
  const engine = await loadEngine({ build: 'release' });
  for (const n of SIZES) await benchSize(engine, n, report);
  report.finish();
}
