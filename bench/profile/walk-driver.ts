// Profiling driver for the batch walk (not a bench: no figures of record, see bench/profile/README.md).
// Walks the trace bench's 200,000-flow mix on the 1,000-VPC topology `repeat` times, so a profiler
// sees mostly the walk. Arguments: the .wasm (default build/release.wasm), the repeat count
// (default 20), and `order` to walk in input-order batches (too small to be grouped by source).
// With a fourth argument, a directory: the compiled image and the flows are saved there on the first
// run and read back on later ones (while the image layout version is the same) (under valgrind, generating and compiling would take minutes).
// A fifth argument picks the mix: `original` (the default), or repeated conversations for the verdict memo
// (bench/flow-mix.ts repeatedFlows): `conversations` (20,000 flows of the mix, each 10 times, as the trace
// bench), `conv2000` (2,000 flows, 100 times each), `oneFlow` (one flow 200,000 times). MEMO=off walks
// without the memo. Every pass gets a simulated time of its own (a new memo epoch, as the trace bench).
//   npx tsx bench/profile/walk-driver.ts build/release.wasm 20 grouped /tmp/walk-cache [mix]
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FlowBatch } from '../../bindings/network.js';
import { loadEngine } from '../../bindings/node.js';
import { WALK_ORDER_MIN_FLOWS } from '../../abi/batch.js';
import { Header } from '../../abi/image.js';
import { IMAGE_VERSION } from '../../abi/version.js';
import { compileTopology } from '../../src/compile/index.js';
import type { NetworkImage } from '../../src/compile/image.js';
import { generateTopology } from '../../src/generate/generate.js';
import { repeatedFlows, sampleFlows, sliceBatch } from '../flow-mix.js';

const COLUMNS = ['origin', 'family', 'protocol', 'srcPort', 'dstPort', 'icmpType', 'icmpCode', 'destination', 'src', 'dst'] as const;
const N = 200_000;

/** The image words and the flow batch: generated, or read from / saved to `cache`. */
function inputs(cache: string | undefined): { words: Int32Array; batch: FlowBatch } {
  const file = (name: string) => join(cache!, `${name}.bin`);
  const words32 = (name: string) => {
    const b = readFileSync(file(name));
    return new Int32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
  };
  // A cached image of another layout version (the engine changed since) is made again.
  if (cache && existsSync(file('image')) && words32('image')[Header.Version] === IMAGE_VERSION) {
    const batch = Object.fromEntries(COLUMNS.map((c) => [c, c === 'src' || c === 'dst' ? new Uint32Array(words32(c).buffer) : words32(c)])) as unknown as FlowBatch;
    return { words: words32('image'), batch };
  }
  const t = generateTopology({ seed: 1, vpcs: 1000, subnetsPerVpc: 10, instancesPerSubnet: 10, hub: 'peering' });
  const words = compileTopology(t).words;
  const { batch } = sampleFlows(t, N);
  if (cache) {
    mkdirSync(cache, { recursive: true });
    const save = (name: string, a: Int32Array | Uint32Array) => writeFileSync(file(name), new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
    save('image', words);
    for (const c of COLUMNS) save(c, batch[c]);
  }
  return { words, batch };
}

const [wasm, repeatArg, mode, cache, mix = 'original'] = process.argv.slice(2);
const repeat = Number(repeatArg ?? 20);
const { words, batch: original } = inputs(cache);
const repeats: Record<string, (i: number) => number> = { conversations: (i) => (i * 7919) % 20_000, conv2000: (i) => (i * 7919) % 2_000, oneFlow: () => 5 };
if (mix !== 'original' && !repeats[mix]) throw new Error(`unknown mix ${mix}: original, ${Object.keys(repeats).join(', ')}`);
const batch = mix === 'original' ? original : repeatedFlows(original, N, repeats[mix]!);
const memo = process.env.MEMO !== 'off';
const engine = await loadEngine(wasm ? { wasmPath: wasm } : {});
// loadNetwork reads only the words; the names serve answers, which this driver does not word.
engine.loadNetwork({ words } as NetworkImage);
const chunk = WALK_ORDER_MIN_FLOWS - 1;
const batches = mode === 'order' ? Array.from({ length: Math.ceil(N / chunk) }, (_, c) => sliceBatch(batch, c * chunk, Math.min(N, (c + 1) * chunk))) : [batch];
const wall = performance.now();
const cpu = process.cpuUsage();
let reachable = 0;
for (let r = 0; r < repeat; r++) for (const b of batches) reachable += engine.walkBatch(b, { memo, time: r }).verdicts.filter((v) => v === 0).length;
const wallMs = performance.now() - wall;
const used = process.cpuUsage(cpu);
const rate = (ms: number) => `${(repeat * N / (ms / 1000) / 1e6).toFixed(2)} M flows/s`;
console.log(`${repeat} x ${N} flows of ${mix} (${mode === 'order' ? 'input order' : 'grouped'}, memo ${memo ? 'on' : 'off'}): ${rate(wallMs)} wall, ${rate((used.user + used.system) / 1000)} CPU; ${reachable / Math.max(repeat, 1)} reachable per pass`);
