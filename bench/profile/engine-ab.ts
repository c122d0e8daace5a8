// Profiling driver (not a bench: no figures of record, see bench/profile/README.md): two or more
// engine builds walk the trace bench's flow mix in ONE process, alternated run by run, so a busy
// machine's drift falls on every build alike. One batch of N flows per run (memo off), 6 runs per
// build (RUNS in the environment), the first dropped (JIT, caches): CPU M flows/s, median [min .. max];
// under load the max (the run least disturbed) and the rounds each build won against the first are
// the steadier figures. The builds must read the
// image layout of the sources the driver runs from (one image is compiled and loaded into each).
// CHUNK=1023 in the environment: each run walks the flows as batches of that many, in input order
// (smaller than WALK_ORDER_MIN_FLOWS: the trace bench's "input order" case); MEMO=1: memo on.
//   npx tsx bench/profile/engine-ab.ts VPCS FLOWS A.wasm B.wasm ...
import { readFileSync } from 'node:fs';
import { instantiateSync } from '@assemblyscript/loader';
import { createEngine, type Engine, type EngineExports } from '../../bindings/engine.js';
import { compileTopology } from '../../src/compile/index.js';
import type { NetworkImage } from '../../src/compile/image.js';
import { generateTopology } from '../../src/generate/generate.js';
import { sampleFlows, sliceBatch } from '../flow-mix.js';

const RUNS = Number(process.env.RUNS ?? 6);
const CHUNK = Number(process.env.CHUNK ?? 0);
const MEMO = process.env.MEMO === '1';
const [vpcsArg, flowsArg, ...wasms] = process.argv.slice(2);
const vpcs = Number(vpcsArg);
const n = Number(flowsArg);
if (!(vpcs > 0 && n > 0 && wasms.length > 0)) throw new Error('usage: engine-ab.ts VPCS FLOWS A.wasm [B.wasm ...]');
const t = generateTopology({ seed: 1, vpcs, subnetsPerVpc: 10, instancesPerSubnet: 10, hub: 'peering' });
const image = compileTopology(t);
const { batch } = sampleFlows(t, n);
const batches = CHUNK > 0 ? Array.from({ length: Math.ceil(n / CHUNK) }, (_, c) => sliceBatch(batch, c * CHUNK, Math.min(n, (c + 1) * CHUNK))) : [batch];

async function engineOf(wasm: string): Promise<Engine> {
  const { exports } = instantiateSync(await WebAssembly.compile(readFileSync(wasm)), {});
  const engine = createEngine(exports as unknown as EngineExports);
  // loadNetwork reads only the words; the names serve answers, which this driver does not word.
  engine.loadNetwork({ words: image.words } as NetworkImage);
  return engine;
}

function countReachable(verdicts: Int32Array): number {
  let count = 0;
  for (let k = 0; k < verdicts.length; k++) if (verdicts[k] === 0) count++;
  return count;
}

const engines = await Promise.all(wasms.map(engineOf));
const rates = wasms.map(() => [] as number[]);
const reachable = wasms.map(() => 0);
for (let r = 0; r < RUNS; r++) {
  engines.forEach((engine, i) => {
    const cpu = process.cpuUsage();
    const results = batches.map((b) => engine.walkBatch(b, { memo: MEMO }).verdicts);
    const used = process.cpuUsage(cpu);
    // Counted outside the timed region: a typed array's filter() over 200,000 verdicts took 15-30 ms, as
    // long as the walk itself (until session 16 it was timed, diluting every ratio this driver printed).
    if (r === 0) reachable[i] = results.reduce((sum, v) => sum + countReachable(v), 0);
    else rates[i]!.push(n / ((used.user + used.system) / 1e6) / 1e6);
  });
}
// Round by round, how often each build beat the first: under load, a steadier sign than the medians.
const wins = rates.map((r) => r.filter((rate, k) => rate > rates[0]![k]!).length);
wasms.forEach((wasm, i) => {
  const sorted = [...rates[i]!].sort((a, b) => a - b);
  const f = (x: number) => x.toFixed(2);
  console.log(`${vpcs} VPCs, ${n} flows${CHUNK > 0 ? ` in batches of ${CHUNK}` : ''}${MEMO ? ', memo' : ''}, ${wasm}: CPU M flows/s ${f(sorted[sorted.length >> 1]!)} [${f(sorted[0]!)} .. ${f(sorted.at(-1)!)}], ${reachable[i]} reachable${i > 0 ? `; faster than the first in ${wins[i]} of ${rates[i]!.length} rounds` : ''}`);
});
