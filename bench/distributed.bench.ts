// Distributed Monte Carlo bench: `npm run bench -- distributed [--json]` (issue 13 §4). Trials per second
// through Redis (a redis-server started here on a free loopback port, Debian's package) with 1, 2 and 4
// local `vpcsim worker` processes of one thread each, against the in-process worker_threads pool with as
// many threads (`vpcsim montecarlo --workers K`): the queue's overhead as a ratio (below 1: slower).
// Workload: the NAT-per-AZ example under nat-scenario.yaml (2 queries), shards of 1,000,000 trials, 4
// shards per worker per timed call. Each timed call runs a fresh range of trials with the same seed on
// both sides (runTrialRange: enqueue the shards, wait for the workers' counts, merge), and the two must
// count the same or the bench fails. Before timing: the worker processes are started and have loaded
// the plan (one untimed call), the coordinator is connected and the plan stored, the threads started.
// Needs the built CLI (`npm run build`): the workers are bin/vpcsim.js processes.
import { readFileSync } from 'node:fs';
import { openCoordinator } from '../src/analyze/montecarlo/queue/coordinator.js';
import { parseQueueUrl } from '../src/analyze/montecarlo/queue/connection.js';
import { ownVersions } from '../src/analyze/montecarlo/queue/protocol.js';
import { mergeCounts } from '../src/analyze/montecarlo/merge-counts.js';
import { buildTrialPlan } from '../src/analyze/montecarlo/plan.js';
import { nodeWorkerPool } from '../src/analyze/montecarlo/pool-node.js';
import { runTrialRange, type TrialRunner } from '../src/analyze/montecarlo/sampler.js';
import { parseScenario } from '../src/analyze/montecarlo/scenario.js';
import { loadTopology } from '../src/import/load.js';
import { VERSION } from '../src/version.js';
import { startRedis, startVpcsim, stopProcess, waitForLine } from '../test/helpers/redis-server.js';
import { timeRuns } from './measure.js';
import { BenchReport } from './report.js';

const SHARD_TRIALS = 1_000_000;
const SHARDS_PER_WORKER = 4;
const SEED = 11;
const count = (n: number) => n.toLocaleString('en-US');

export default async function run(args: string[]): Promise<void> {
  const report = new BenchReport('distributed', args);
  const scenarioFile = 'examples/availability/nat-scenario.yaml';
  const t = await loadTopology('examples/availability/nat-per-az.yaml');
  const plan = buildTrialPlan(t, parseScenario(readFileSync(scenarioFile, 'utf8'), scenarioFile));
  const redis = await startRedis();
  const address = parseQueueUrl(redis.url);
  report.note(`NAT gateway per AZ example (${plan.queries.length} queries, ${plan.units.length} units); shards of ${count(SHARD_TRIALS)} trials, ${SHARDS_PER_WORKER} per worker per timed call; redis-server ${redis.url}`);
  let next = 0;
  const timed = (runners: TrialRunner[], trials: number, chunkTrials?: number) => async () => {
    const from = next;
    next += trials;
    return runTrialRange(runners, SEED, from, from + trials, { merge: mergeCounts, ...(chunkTrials !== undefined && { chunkTrials }) });
  };
  try {
    for (const n of [1, 2, 4]) {
      const trials = n * SHARDS_PER_WORKER * SHARD_TRIALS;
      report.progress(`${n} worker process(es) / thread(s)`);
      const workers = Array.from({ length: n }, () => startVpcsim(['worker', '--queue', redis.url, '--threads', '1']));
      const local = await nodeWorkerPool(plan, n);
      const coordinator = await openCoordinator({ address, versions: ownVersions(VERSION), params: { seed: SEED, trials, shardTrials: SHARD_TRIALS } });
      try {
        await Promise.all(workers.map((w) => waitForLine(w, /taking shards/)));
        const queue = await coordinator.runnerPool(plan);
        // Untimed: every worker loads the plan; both sides must count the same trials alike.
        const from = next;
        const viaQueue = await timed(queue.runners, trials, SHARD_TRIALS)();
        const viaThreads = await runTrialRange(local.runners, SEED, from, from + trials, { merge: mergeCounts });
        if (JSON.stringify(viaQueue) !== JSON.stringify(viaThreads)) throw new Error(`${n} worker(s): the queue counted differently from the threads`);
        const caseName = `trials/s with ${n} engine${n > 1 ? 's' : ''} (${count(trials)} trials per run): NAT gateway per AZ example`;
        const queueMs = await timeRuns(timed(queue.runners, trials, SHARD_TRIALS), { runs: 5, warmupMs: 0 });
        report.rate({
          case: caseName, implementation: `--queue: ${n} vpcsim worker process${n > 1 ? 'es' : ''} x 1 thread`, cpu: false,
          includes: `${trials / SHARD_TRIALS} shards of ${count(SHARD_TRIALS)} trials: jobs added to Redis, run by the workers, counts written once and polled back, merged; workers started, plan stored and loaded before timing`,
        }, 'trials/s', trials, queueMs);
        const threadMs = await timeRuns(timed(local.runners, trials), { runs: 5, warmupMs: 0 });
        report.rate({
          case: caseName, implementation: `in-process --workers ${n} (worker_threads)`, peer: true, cpu: false,
          includes: `the same trials in sampleTrials' chunks over ${n} worker thread${n > 1 ? 's' : ''} of this process; threads started and plan loaded before timing`,
        }, 'trials/s', trials, threadMs);
      } finally {
        await coordinator.close();
        await local.close();
        await Promise.all(workers.map((w) => stopProcess(w)));
      }
    }
  } finally {
    await redis.stop();
  }
  report.finish();
}
