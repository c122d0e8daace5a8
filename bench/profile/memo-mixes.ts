// Profiling driver for the verdict memo (assembly/walk-memo.ts; not a bench: no figures of record).
// On the trace bench's 1,000-VPC topology, walks four 200,000-flow mixes with and without the memo,
// as one grouped batch and as input-order batches of 1,023 flows, alternating, 7 runs each, and prints
// the median CPU-time rate of each and the memo's hit rate:
//   original       the bench's mix (bench/flow-mix.ts): no repeats
//   conversations  20,000 flows of the mix, each 10 times with fresh ephemeral source ports
//   conv2000       2,000 flows of the mix, each 100 times
//   oneFlow        one flow 200,000 times: the floor of the batch plumbing (copy in, sort, memo hit, copy out)
// Every memo run gets a new simulated time (a new epoch). The image and flows are cached in /tmp/memo-mixes.
//   npx tsx bench/profile/memo-mixes.ts [path/to/release.wasm]
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Header } from '../../abi/image.js';
import { IMAGE_VERSION } from '../../abi/version.js';
import { allocateFlowBatch, type FlowBatch } from '../../bindings/network.js';
import { loadEngine } from '../../bindings/node.js';
import { compileTopology } from '../../src/compile/index.js';
import type { NetworkImage } from '../../src/compile/image.js';
import { generateTopology } from '../../src/generate/generate.js';
import { sampleFlows } from '../flow-mix.js';

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

/** `N` flows, flow i a copy of flow `index(i)` of `b` with a fresh source port from 49152-65535 (TCP, UDP). */
function repeated(b: FlowBatch, index: (i: number) => number): FlowBatch {
  const out = allocateFlowBatch(N);
  let s = 987654321;
  for (let i = 0; i < N; i++) {
    const j = index(i);
    for (const c of COLUMNS) {
      const w = wordsOf(c);
      (out[c] as Int32Array).set((b[c] as Int32Array).subarray(w * j, w * j + w), w * i);
    }
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    if (b.protocol[j] === 6 || b.protocol[j] === 17) out.srcPort[i] = 49152 + (s % 16384);
  }
  return out;
}

const slice = (b: FlowBatch, start: number, end: number): FlowBatch =>
  Object.fromEntries(COLUMNS.map((c) => [c, (b[c] as Int32Array).subarray(wordsOf(c) * start, wordsOf(c) * end)])) as unknown as FlowBatch;

const { words, batch } = inputs();
const mixes: Record<string, FlowBatch> = {
  original: batch,
  conversations: repeated(batch, (i) => (i * 7919) % 20_000),
  conv2000: repeated(batch, (i) => (i * 7919) % 2_000),
  oneFlow: repeated(batch, () => 5),
};
const engine = await loadEngine(process.argv[2] ? { wasmPath: process.argv[2] } : {});
engine.loadNetwork({ words } as NetworkImage);

let clock = 0;
const cpuMs = (f: () => void): number => {
  const a = process.cpuUsage();
  f();
  const d = process.cpuUsage(a);
  return (d.user + d.system) / 1000;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
for (const [name, b] of Object.entries(mixes)) {
  const chunks: FlowBatch[] = [];
  for (let at = 0; at < N; at += CHUNK) chunks.push(slice(b, at, Math.min(N, at + CHUNK)));
  const runs: Record<string, number[]> = { grouped: [], 'grouped, no memo': [], 'input order': [], 'input order, no memo': [] };
  for (let k = 0; k < 7; k++) {
    runs.grouped!.push(cpuMs(() => engine.walkBatch(b, { time: ++clock })));
    runs['grouped, no memo']!.push(cpuMs(() => engine.walkBatch(b, { memo: false })));
    runs['input order']!.push(cpuMs(() => {
      const time = ++clock;
      for (const c of chunks) engine.walkBatch(c, { time });
    }));
    runs['input order, no memo']!.push(cpuMs(() => chunks.forEach((c) => engine.walkBatch(c, { memo: false }))));
  }
  const before = engine.memoStats();
  engine.walkBatch(b, { time: ++clock });
  const after = engine.memoStats();
  const rates = Object.entries(runs).map(([k, v]) => `${k} ${(N / median(v) / 1000).toFixed(2)} M/s`).join(', ');
  console.log(`${name.padEnd(13)} ${rates}; grouped hit rate ${((100 * (after.hits - before.hits)) / N).toFixed(1)}%`);
}
