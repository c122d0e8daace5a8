// Profiling driver (not a bench: no figures of record, see bench/profile/README.md): the trace bench's
// flow mix walked on generated topologies of several sizes with the same shape per VPC (10 subnets of
// 10 instances, peering hub), one 200,000-flow batch, memo off, 7 runs each: CPU M flows/s per run.
// The same code on a larger image: what the rate loses to the data's size rather than to instructions.
//   npx tsx bench/profile/size-rate.ts 10,100,1000
import type { NetworkImage } from '../../src/compile/image.js';
import { loadEngine } from '../../bindings/node.js';
import { compileTopology } from '../../src/compile/index.js';
import { generateTopology } from '../../src/generate/generate.js';
import { sampleFlows } from '../flow-mix.js';

const N = 200_000;
const RUNS = 7;
const sizes = (process.argv[2] ?? '10,100,1000').split(',').map(Number);
const engine = await loadEngine();
for (const vpcs of sizes) {
  const t = generateTopology({ seed: 1, vpcs, subnetsPerVpc: 10, instancesPerSubnet: 10, hub: 'peering' });
  const image = compileTopology(t);
  const { batch } = sampleFlows(t, N);
  engine.reset();
  // loadNetwork reads only the words; the names serve answers, which this driver does not word.
  engine.loadNetwork({ words: image.words } as NetworkImage);
  const rates: number[] = [];
  let reachable = 0;
  for (let r = 0; r < RUNS; r++) {
    const cpu = process.cpuUsage();
    const verdicts = engine.walkBatch(batch, { memo: false }).verdicts;
    const used = process.cpuUsage(cpu);
    if (r === 0) reachable = verdicts.filter((v) => v === 0).length;
    else rates.push(N / ((used.user + used.system) / 1e6) / 1e6); // the first run warms the JIT and the caches
  }
  rates.sort((a, b) => a - b);
  const median = rates[rates.length >> 1]!;
  console.log(`${vpcs} VPCs, image ${(image.words.byteLength / 1e6).toFixed(1)} MB, ${reachable} of ${N} reachable: CPU M flows/s median ${median.toFixed(2)} [${rates[0]!.toFixed(2)} .. ${rates[rates.length - 1]!.toFixed(2)}]`);
}
