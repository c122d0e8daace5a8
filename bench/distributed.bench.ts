// Distributed Monte Carlo bench: `npm run bench -- distributed [--json]` (issue 13 §4). Trials per second
// through Redis (a redis-server started here on a free loopback port, Debian's package) with 1, 2 and 4
// local `vpcsim worker` processes of one thread each, against the in-process worker_threads pool with as
// many threads (`vpcsim montecarlo --workers K`): the queue's overhead as a ratio (below 1: slower).
// Workload: a generated 100-VPC topology (TGW hub, 3 AZs, 1,600 instances) with 20 queries between
// random instances and failures by class (AZ 1e-3, NAT gateway 5e-4, TGW attachment 5e-4, instance
// 1e-3): about a second of one engine per shard of 1,000,000 trials, the size the docs recommend;
// 2 shards per worker per timed call (the ratio also shows the last shard's wait). Each timed call runs a fresh range of trials with the same seed on
// both sides (runTrialRange: enqueue the shards, wait for the workers' counts, merge), and the two must
// count the same or the bench fails. Before timing: the worker processes are started and have loaded
// the plan (one untimed call), the coordinator is connected and the plan stored, the threads started.
// Needs the built CLI (`npm run build`): the workers are bin/vpcsim.js processes.
import { openCoordinator } from '../src/analyze/montecarlo/queue/coordinator.js';
import { parseQueueUrl } from '../src/analyze/montecarlo/queue/connection.js';
import { ownVersions } from '../src/analyze/montecarlo/queue/protocol.js';
import { mergeCounts } from '../src/analyze/montecarlo/merge-counts.js';
import { buildTrialPlan } from '../src/analyze/montecarlo/plan.js';
import { nodeWorkerPool } from '../src/analyze/montecarlo/pool-node.js';
import { runTrialRange, type TrialRunner } from '../src/analyze/montecarlo/sampler.js';
import { parseScenario } from '../src/analyze/montecarlo/scenario.js';
import { generateTopology } from '../src/generate/generate.js';
import { Random } from '../src/generate/random.js';
import { VERSION } from '../src/version.js';
import { startRedis, startVpcsim, stopProcess, waitForLine } from '../test/helpers/redis-server.js';
import { timeRuns } from './measure.js';
import { BenchReport } from './report.js';

const SHARD_TRIALS = 1_000_000;
const SHARDS_PER_WORKER = 2;
const QUERIES = 20;
const SEED = 11;
const count = (n: number) => n.toLocaleString('en-US');

const SMALL_SHARD = 1_000;
const SMALL_SHARDS = 200;

/**
 * The fixed cost of a shard: 200 shards of 1,000 trials (a few milliseconds of trials each) on one
 * worker, against the same chunks over one thread; the difference per shard is what a shard costs.
 */
async function benchSmallShards(report: BenchReport, workload: string, queue: TrialRunner[], local: TrialRunner[], timed: (runners: TrialRunner[], trials: number, chunkTrials?: number) => () => Promise<unknown>): Promise<void> {
  const trials = SMALL_SHARD * SMALL_SHARDS;
  report.progress(`1 worker, shards of ${count(SMALL_SHARD)} trials`);
  const caseName = `trials/s with 1 engine, shards of ${count(SMALL_SHARD)} trials (${SMALL_SHARDS} per run): ${workload}`;
  const queueMs = await timeRuns(timed(queue, trials, SMALL_SHARD), { runs: 5, warmupMs: 0 });
  report.rate({ case: caseName, implementation: '--queue: 1 vpcsim worker process x 1 thread', includes: `${SMALL_SHARDS} shards of ${count(SMALL_SHARD)} trials through Redis, one at a time on the worker` }, 'trials/s', trials, queueMs);
  const threadMs = await timeRuns(timed(local, trials, SMALL_SHARD), { runs: 5, warmupMs: 0 });
  report.rate({ case: caseName, implementation: 'in-process --workers 1 (worker_threads)', peer: true, includes: `the same ${SMALL_SHARDS} chunks of ${count(SMALL_SHARD)} trials as messages to one worker thread` }, 'trials/s', trials, threadMs);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
  report.note(`  cost of a shard through Redis: about ${((median(queueMs.wallMs) - median(threadMs.wallMs)) / SMALL_SHARDS).toFixed(2)} ms more than a chunk to a thread (difference of the medians / ${SMALL_SHARDS})`);
}

export default async function run(args: string[]): Promise<void> {
  const report = new BenchReport('distributed', args);
  const t = generateTopology({ seed: 1, vpcs: 100, subnetsPerVpc: 4, instancesPerSubnet: 4, hub: 'tgw', azs: 3 });
  const r = new Random(2024);
  const queries = Array.from({ length: QUERIES }, (_, i) => `  - { name: q${i}, from: ${r.pick(t.instances).logicalId}, to: ${r.pick(t.instances).logicalId}, port: 443 }`);
  const scenario = `failures: { availabilityZone: 0.001, natGateway: 0.0005, transitGatewayAttachment: 0.0005, instance: 0.001 }\nqueries:\n${queries.join('\n')}\n`;
  const plan = buildTrialPlan(t, parseScenario(scenario, 'bench-scenario.yaml'));
  const workload = `generated 100 VPCs (TGW hub), ${QUERIES} queries`;
  const redis = await startRedis();
  const address = parseQueueUrl(redis.url);
  report.note(`${workload}: ${plan.units.length} units; shards of ${count(SHARD_TRIALS)} trials, ${SHARDS_PER_WORKER} per worker per timed call; redis-server ${redis.url}`);
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
        const caseName = `trials/s with ${n} engine${n > 1 ? 's' : ''} (${count(trials)} trials per run): ${workload}`;
        const queueMs = await timeRuns(timed(queue.runners, trials, SHARD_TRIALS), { runs: 5, warmupMs: 0 });
        report.rate({
          case: caseName, implementation: `--queue: ${n} vpcsim worker process${n > 1 ? 'es' : ''} x 1 thread`,
          includes: `${trials / SHARD_TRIALS} shards of ${count(SHARD_TRIALS)} trials: jobs added to Redis, run by the workers, counts written once and polled back, merged; workers started, plan stored and loaded before timing`,
        }, 'trials/s', trials, queueMs);
        const threadMs = await timeRuns(timed(local.runners, trials), { runs: 5, warmupMs: 0 });
        report.rate({
          case: caseName, implementation: `in-process --workers ${n} (worker_threads)`, peer: true,
          includes: `the same trials in sampleTrials' chunks over ${n} worker thread${n > 1 ? 's' : ''} of this process; threads started and plan loaded before timing`,
        }, 'trials/s', trials, threadMs);
        if (n === 1) {
          // A run of small shards: its own coordinator, so all its shards are queued at once as in `--shard-size 1000`.
          const small = await openCoordinator({ address, versions: ownVersions(VERSION), params: { seed: SEED, trials: SMALL_SHARD * SMALL_SHARDS, shardTrials: SMALL_SHARD } });
          try {
            await benchSmallShards(report, workload, (await small.runnerPool(plan)).runners, local.runners, timed);
          } finally {
            await small.close();
          }
        }
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
