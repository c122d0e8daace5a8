// Simulated requests per second of the API Gateway simulator on a ~1M-request mixed traffic file,
// beside the naive replay (pending events re-sorted per request).
// Usage: npm run bench -- apigw [--json]   (or: npx tsx bench/apigw.bench.ts)
import { pathToFileURL } from 'node:url';
import { Bench } from 'tinybench';
import { buildPlan } from '../src/apigw/plan.js';
import { runPlan } from '../src/apigw/simulate.js';
import { OUTCOMES } from '../src/apigw/plan.js';
import { mixedWorkload } from './apigw-workload.js';
import { naiveSimulate } from './apigw-naive.js';

export interface ApigwBenchResult {
  requests: number;
  vpcsimRequestsPerSecond: number;
  naiveRequestsPerSecond: number;
  ratio: number;
}

export async function runApigwBench(log: (line: string) => void = console.log): Promise<ApigwBenchResult> {
  const { model, traffic } = mixedWorkload(1);
  const plan = buildPlan(model, traffic);
  const first = runPlan(plan);
  const requests = first.totals.reduce((a, b) => a + b, 0);
  // The two implementations must agree before their speeds are compared.
  const naive = naiveSimulate(plan);
  for (let i = 0; i < naive.length; i++) {
    if (naive[i] !== first.totals[i]) throw new Error(`naive and vpcsim disagree for client ${Math.floor(i / OUTCOMES)}`);
  }
  const bench = new Bench({ name: 'apigw', time: 2000, iterations: 5 });
  bench.add('vpcsim apigw (k-way merge, typed arrays)', () => {
    runPlan(plan);
  });
  bench.add('naive (pending array re-sorted per request)', () => {
    naiveSimulate(plan);
  });
  await bench.run();
  const mean = (i: number) => {
    const r = bench.tasks[i]!.result;
    if (r.state !== 'completed') throw new Error(`bench task ${bench.tasks[i]!.name} did not complete (${r.state})`);
    return r.latency.mean;
  };
  const fastMs = mean(0);
  const naiveMs = mean(1);
  const result = {
    requests,
    vpcsimRequestsPerSecond: requests / (fastMs / 1000),
    naiveRequestsPerSecond: requests / (naiveMs / 1000),
    ratio: naiveMs / fastMs,
  };
  log(`apigw: ${requests} simulated requests, ${traffic.clients.length} clients`);
  log(`  vpcsim: ${fastMs.toFixed(1)} ms per run = ${(result.vpcsimRequestsPerSecond / 1e6).toFixed(2)} M simulated requests/s`);
  log(`  naive:  ${naiveMs.toFixed(1)} ms per run = ${(result.naiveRequestsPerSecond / 1e6).toFixed(2)} M simulated requests/s`);
  log(`  ratio:  ${result.ratio.toFixed(1)}x`);
  return result;
}

/** bench/run.ts entry: `npm run bench -- apigw [--json]`. Throws when the two implementations disagree. */
export default async function run(args: string[] = []): Promise<void> {
  const json = args.includes('--json');
  const result = await runApigwBench(json ? () => {} : console.log);
  if (json) console.log(JSON.stringify({ bench: 'apigw', ...result }));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await run(process.argv.slice(2));
}
