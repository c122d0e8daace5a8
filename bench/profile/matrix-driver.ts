// Profiling driver (not a bench: no figures of record): the matrix bench's grouped computeMatrix() on the
// 1,000-VPC TGW topology (3 subnets x 2 instances), RUNS timed calls per engine build after an untimed
// first one, builds alternated call by call in one process (as engine-ab.ts); CPU ms of each call and
// in how many rounds each build beat the first. Without a .wasm: the package's release build.
//   npx tsx bench/profile/matrix-driver.ts [VPCS] [A.wasm B.wasm ...]
//   node --cpu-prof --import tsx bench/profile/matrix-driver.ts        (where the time goes)
import { loadEngine } from '../../bindings/node.js';
import { computeMatrix } from '../../src/analyze/matrix/matrix.js';
import { generateTopology } from '../../src/generate/generate.js';

const RUNS = Number(process.env.RUNS ?? 3);
const [vpcsArg, ...wasms] = process.argv.slice(2);
const t = generateTopology({ seed: 1, vpcs: Number(vpcsArg ?? 1000), subnetsPerVpc: 3, instancesPerSubnet: 2, hub: 'tgw' });
const engines = await Promise.all((wasms.length > 0 ? wasms : [undefined]).map((wasmPath) => loadEngine(wasmPath ? { wasmPath } : {})));
const times = engines.map(() => [] as number[]);
const first = engines.map((engine) => computeMatrix(engine, t, { by: 'subnet' }));
console.log(`${first[0]!.codes.length} cells, ${first[0]!.walks} class-pair flows, ${first[0]!.pairs} member pairs`);
if (first.some((m) => m.codes.some((c, i) => c !== first[0]!.codes[i]))) throw new Error('the builds give different cells');
for (let r = 0; r < RUNS; r++) {
  engines.forEach((engine, i) => {
    const cpu = process.cpuUsage();
    computeMatrix(engine, t, { by: 'subnet' });
    const used = process.cpuUsage(cpu);
    times[i]!.push((used.user + used.system) / 1000);
  });
}
const wins = times.map((ms) => ms.filter((x, k) => x < times[0]![k]!).length);
times.forEach((ms, i) => {
  const sorted = [...ms].sort((a, b) => a - b);
  console.log(`${wasms[i] ?? 'release build'}: CPU ms per matrix ${ms.map((x) => x.toFixed(0)).join(' ')} (median ${sorted[sorted.length >> 1]!.toFixed(0)})${i > 0 ? `; faster than the first in ${wins[i]} of ${ms.length}` : ''}`);
});
