// Profiling driver (not a bench: no figures of record, see bench/profile/README.md): traceMany() (what
// `vpcsim trace --flows` runs) on the trace bench's "many trace queries" case, the 1,000-VPC peering
// topology in memory and the flow mix's first Q flows written as queries. Each ROOT is a built checkout
// of vpcsim (its dist/node modules, as a user's `import` runs them: not its sources, which tsx compiles
// with a name helper around every closure, unless SRC=1 asks for them as `npm run bench` runs them;
// and its engine build); the roots run in ONE process, alternated run by run (odd
// rounds in reverse order), so a busy machine's drift falls on each alike. RUNS rounds (default 6), the first dropped (JIT): CPU
// queries/s per root, median [min .. max], and the rounds each root beat the first. The answers of every
// root are compared (JSON) once: a faster root that answers differently is an error.
//   npx tsx bench/profile/many-driver.ts Q ROOT [ROOT ...]
// One root under `node --cpu-prof --import tsx` shows where traceMany's time goes (`npm run build` first).
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateTopology } from '../../src/generate/generate.js';
import { formatAddress } from '../../src/model/ip.js';
import type { TraceQuery } from '../../src/analyze/trace.js';
import { sampleFlows } from '../flow-mix.js';

const RUNS = Number(process.env.RUNS ?? 6);
const [qArg, ...roots] = process.argv.slice(2);
const Q = Number(qArg);
if (!(Q > 0 && roots.length > 0)) throw new Error('usage: many-driver.ts Q ROOT [ROOT ...]');

const t = generateTopology({ seed: 1, vpcs: 1000, subnetsPerVpc: 10, instancesPerSubnet: 10, hub: 'peering' });
const sample = sampleFlows(t, Q);
const instanceOf = new Map(t.instances.map((i) => [i.networkInterfaceIds[0]!, i.logicalId]));
const queries: TraceQuery[] = sample.flows.map((f, i) => {
  const o = sample.origins[i]!;
  const from = o.kind === 'network-interface' ? instanceOf.get(o.networkInterfaceId)! : formatAddress(4, f.src);
  const protocol = f.protocol === 6 ? 'tcp' : f.protocol === 17 ? 'udp' : 'icmp';
  return { from, to: formatAddress(4, f.dst), protocol, ...(protocol === 'icmp' ? {} : { port: f.dstPort }) };
});

// SRC=1: the sources, as `npm run bench` runs them (tsx).
const [dir, ext] = process.env.SRC === '1' ? ['', 'ts'] : ['dist/node/', 'js'];
const at = (root: string, path: string) => import(pathToFileURL(resolve(root, path)).href);
const runners = await Promise.all(
  roots.map(async (root) => {
    const { loadEngine } = await at(root, `${dir}bindings/node.${ext}`);
    const { BatchWalker } = await at(root, `${dir}src/analyze/batch-walk.${ext}`);
    const { FIELD_WORDS } = await at(root, `${dir}src/analyze/query-checks.${ext}`);
    const { traceMany } = await at(root, `${dir}src/analyze/trace-many.${ext}`);
    const walker = new BatchWalker(await loadEngine(), t);
    return () => traceMany(walker, queries, FIELD_WORDS) as unknown[];
  }),
);

const rates = roots.map(() => [] as number[]);
const order = (round: number) => (round % 2 === 0 ? roots.map((_, i) => i) : roots.map((_, i) => roots.length - 1 - i));
for (let r = 0; r < RUNS; r++) {
  const answers: string[] = [];
  // Odd rounds run the roots in reverse: a run after another one finds its garbage to collect.
  for (const i of order(r)) {
    const cpu = process.cpuUsage();
    const out = runners[i]!();
    const used = process.cpuUsage(cpu);
    if (r === 0) answers.push(JSON.stringify(out));
    else rates[i]!.push(Q / ((used.user + used.system) / 1e6));
  }
  if (r === 0 && answers.some((a) => a !== answers[0])) throw new Error('the roots answer differently');
}
const wins = rates.map((rs) => rs.filter((rate, k) => rate > rates[0]![k]!).length);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const k = (x: number) => `${(x / 1000).toFixed(1)} k`;
roots.forEach((root, i) => {
  const rs = rates[i]!;
  console.log(`${root}: CPU queries/s ${k(median(rs))} [${k(Math.min(...rs))} .. ${k(Math.max(...rs))}]${i > 0 ? `, beat the first in ${wins[i]} of ${rs.length} rounds` : ''}`);
});
