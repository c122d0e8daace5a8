// Simulated requests per second of the API Gateway simulator on a ~1M-request mixed traffic file,
// beside the naive replay (pending events re-sorted per request); median, min and max over the runs.
// Usage: npm run bench -- apigw [--json]   (or: npx tsx bench/apigw.bench.ts)
import { pathToFileURL } from 'node:url';
import { buildPlan } from '../src/apigw/plan.js';
import { runPlan } from '../src/apigw/simulate.js';
import { OUTCOMES } from '../src/apigw/plan.js';
import { mixedWorkload } from './apigw-workload.js';
import { naiveSimulate } from './apigw-naive.js';
import { timeRuns } from './measure.js';
import { BenchReport } from './report.js';

/** bench/run.ts entry: `npm run bench -- apigw [--json]`. Throws when the two implementations disagree. */
export default async function run(args: string[] = []): Promise<void> {
  const report = new BenchReport('apigw', args);
  const { model, traffic } = mixedWorkload(1);
  const plan = buildPlan(model, traffic);
  const first = runPlan(plan);
  const requests = first.totals.reduce((a, b) => a + b, 0);
  // The two implementations must agree before their speeds are compared.
  const naive = naiveSimulate(plan);
  for (let i = 0; i < naive.length; i++) {
    if (naive[i] !== first.totals[i]) throw new Error(`naive and vpcsim disagree for client ${Math.floor(i / OUTCOMES)}`);
  }
  report.note(`workload: ${requests.toLocaleString('en-US')} simulated requests, ${traffic.clients.length} clients`);
  const what = `API Gateway simulation, ${requests.toLocaleString('en-US')} requests from ${traffic.clients.length} clients (mixed traffic)`;
  const includes = 'one whole replay from the plan (limiter state, arrival generation, totals); model and traffic parsed and the plan built before timing';
  report.progress('vpcsim apigw');
  const fastMs = await timeRuns(() => runPlan(plan), { runs: 7, minRunMs: 0 });
  report.progress('naive replay');
  const naiveMs = await timeRuns(() => naiveSimulate(plan), { runs: 5, minRunMs: 0 });
  report.rate({ case: what, implementation: 'vpcsim apigw (k-way merge, typed arrays)', includes: `${includes}; also fills the per-client timeline`, cpu: true }, 'requests/s', requests, fastMs);
  report.rate({ case: what, implementation: 'naive (pending array re-sorted per request)', includes, peer: true, cpu: true }, 'requests/s', requests, naiveMs);
  report.finish();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await run(process.argv.slice(2));
}
