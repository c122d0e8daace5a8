// Profiling driver for the verdict memo (assembly/walk-memo.ts; not a bench: no figures of record).
// On the trace bench's 1,000-VPC topology, walks four 200,000-flow mixes with and without the memo,
// as one grouped batch and as input-order batches of 1,023 flows, alternating, 7 runs each, and prints
// the median CPU-time rate of each and the memo's hit rate:
//   original       the bench's mix (bench/flow-mix.ts): no repeats
//   conversations  20,000 flows of the mix, each 10 times with fresh ephemeral source ports
//   conv2000       2,000 flows of the mix, each 100 times
//   oneFlow        one flow 200,000 times: the floor of the batch plumbing (copy in, sort, memo hit, copy out)
// Every memo run gets a new simulated time (a new epoch). The image and flows are cached in /tmp/memo-mixes.
// With two or more builds, each is loaded into the same process and the runs alternate round by round;
// each later build's figures say in how many rounds it was faster than the first. RUNS (default 7),
// MIXES (comma-separated names) and ORDER=off (grouped only) in the environment.
//   npx tsx bench/profile/memo-mixes.ts [A.wasm [B.wasm ...]]
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Header } from '../../abi/image.js';
import { IMAGE_VERSION } from '../../abi/version.js';
import type { FlowBatch } from '../../bindings/network.js';
import { loadEngine } from '../../bindings/node.js';
import { compileTopology } from '../../src/compile/index.js';
import type { NetworkImage } from '../../src/compile/image.js';
import { generateTopology } from '../../src/generate/generate.js';
import { repeatedFlows, sampleFlows } from '../flow-mix.js';

const COLUMNS = ['origin', 'family', 'protocol', 'srcPort', 'dstPort', 'icmpType', 'icmpCode', 'destination', 'src', 'dst'] as const;
const N = 200_000;
const CHUNK = 1023;
const CACHE = '/tmp/memo-mixes';
const file = (name: string) => join(CACHE, `${name}.bin`);
const words32 = (name: string) => {
  const b = readFileSync(file(name));
  return new Int32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
};
const wordsOf = (c: (typeof COLUMNS)[number]) => (c === 'src' || c === 'dst' ? 4 : 1);

function inputs(): { words: Int32Array; batch: FlowBatch } {
  if (existsSync(file('image')) && words32('image')[Header.Version] === IMAGE_VERSION) {
    const batch = Object.fromEntries(COLUMNS.map((c) => [c, wordsOf(c) === 4 ? new Uint32Array(words32(c).buffer) : words32(c)])) as unknown as FlowBatch;
    return { words: words32('image'), batch };
  }
  const t = generateTopology({ seed: 1, vpcs: 1000, subnetsPerVpc: 10, instancesPerSubnet: 10, hub: 'peering' });
  const words = compileTopology(t).words;
  const { batch } = sampleFlows(t, N);
  mkdirSync(CACHE, { recursive: true });
  writeFileSync(file('image'), new Uint8Array(words.buffer, words.byteOffset, words.byteLength));
  for (const c of COLUMNS) writeFileSync(file(c), new Uint8Array(batch[c].buffer, batch[c].byteOffset, batch[c].byteLength));
  return { words, batch };
}


const slice = (b: FlowBatch, start: number, end: number): FlowBatch =>
  Object.fromEntries(COLUMNS.map((c) => [c, (b[c] as Int32Array).subarray(wordsOf(c) * start, wordsOf(c) * end)])) as unknown as FlowBatch;

const { words, batch } = inputs();
const mixes: Record<string, FlowBatch> = {
  original: batch,
  conversations: repeatedFlows(batch, N, (i) => (i * 7919) % 20_000),
  conv2000: repeatedFlows(batch, N, (i) => (i * 7919) % 2_000),
  oneFlow: repeatedFlows(batch, N, () => 5),
};
const wasms = process.argv.slice(2);
const engines = await Promise.all((wasms.length > 0 ? wasms : [undefined]).map(async (wasmPath) => {
  const engine = await loadEngine(wasmPath ? { wasmPath } : {});
  engine.loadNetwork({ words } as NetworkImage);
  return engine;
}));
const RUNS = Number(process.env.RUNS ?? 7);
const only = process.env.MIXES?.split(',');
const order = process.env.ORDER !== 'off';

let clock = 0;
const cpuMs = (f: () => void): number => {
  const a = process.cpuUsage();
  f();
  const d = process.cpuUsage(a);
  return (d.user + d.system) / 1000;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
for (const [name, b] of Object.entries(mixes)) {
  if (only && !only.includes(name)) continue;
  const chunks: FlowBatch[] = [];
  for (let at = 0; at < N; at += CHUNK) chunks.push(slice(b, at, Math.min(N, at + CHUNK)));
  const ways: Record<string, (e: (typeof engines)[number]) => void> = {
    grouped: (e) => e.walkBatch(b, { time: ++clock }),
    'grouped, no memo': (e) => e.walkBatch(b, { memo: false }),
  };
  if (order) {
    ways['input order'] = (e) => {
      const time = ++clock;
      for (const c of chunks) e.walkBatch(c, { time });
    };
    ways['input order, no memo'] = (e) => chunks.forEach((c) => e.walkBatch(c, { memo: false }));
  }
  // Alternated: round by round, each way on each engine, so drift falls on all alike.
  const runs = engines.map(() => Object.fromEntries(Object.keys(ways).map((w) => [w, [] as number[]])));
  for (let k = 0; k < RUNS; k++) {
    engines.forEach((e, i) => {
      for (const [w, f] of Object.entries(ways)) runs[i]![w]!.push(cpuMs(() => f(e)));
    });
  }
  engines.forEach((e, i) => {
    const before = e.memoStats();
    e.walkBatch(b, { time: ++clock });
    const after = e.memoStats();
    const rates = Object.entries(runs[i]!).map(([w, v]) => {
      // Rounds this engine was faster than the first one (with two or more engines).
      const won = i > 0 ? ` (won ${v.filter((ms, k) => ms < runs[0]![w]![k]!).length}/${v.length})` : '';
      return `${w} ${(N / median(v) / 1000).toFixed(2)}${won}`;
    }).join(', ');
    const tag = engines.length > 1 ? `[${i}] ` : '';
    console.log(`${tag}${name.padEnd(13)} M/s: ${rates}; grouped hit rate ${((100 * (after.hits - before.hits)) / N).toFixed(1)}%`);
  });
}
