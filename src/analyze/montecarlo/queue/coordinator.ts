// The coordinator of a distributed Monte Carlo run (`vpcsim montecarlo --queue URL`, issue 13): a
// RunnerPool for runScenario whose runners are shards on the BullMQ queue instead of threads. The
// sampler (../sampler.ts) splits the trials into shards (chunkTrials = the shard size) exactly as it
// does for threads, and adds the counts up in trial order (MC-11); trial i draws from (seed, i) alone
// (MC-10), so the answer is the local run's, byte for byte. Each shard is a job; a worker writes its
// counts once into the run's hash (./protocol.ts), which this side polls. A resumed run reloads the
// shards already written and enqueues only the others (same job ids: a shard still queued or running is
// not added twice).
import { randomBytes } from 'node:crypto';
import type { Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { InputError } from '../../../model/errors.js';
import { quote } from '../../../model/printable.js';
import type { RunnerPool, TrialRunner } from '../sampler.js';
import type { TrialCounts, TrialPlan } from '../types.js';
import { boundedOptions, connectRedis, type QueueAddress } from './connection.js';
import {
  encodePlan, planKey, QUEUE_NAME, runKey, RUN_TTL_SECONDS, shardJobId, shardsKey, workerKey, WORKERS_KEY,
  type ShardJob, type ShardResult, type Versions,
} from './protocol.js';

/** The run's parameters besides the plan; a resumed run must be given the same. */
export interface RunParameters {
  seed: number;
  trials: number;
  shardTrials: number;
  untilCi?: number;
}

export interface CoordinatorOptions {
  address: QueueAddress;
  versions: Versions;
  params: RunParameters;
  /** The id of an interrupted run to continue; absent: a new run. */
  resume?: string;
  /** Called once the run is stored and its shards can be enqueued (the run id is then worth printing). */
  onStart?: () => void;
  /** Called when the number of live workers changes. */
  onLiveWorkers?: (live: number) => void;
  /** How often the run's results are polled (default 100 ms). */
  pollMs?: number;
}

/** What `--json` adds under `queue` (docs/distributed.md): not part of the local run's answer. */
export interface QueueStats {
  runId: string;
  shardTrials: number;
  /** Shards the counts came from. */
  shards: number;
  /** Shards already finished when a resumed run started (0 for a new run). */
  resumedShards: number;
  /** Distinct worker processes that finished shards. */
  workersSeen: number;
  /** Times shards were started again after their worker died (stalled-job retries), in all. */
  retries: number;
  /** The shards that were retried (index in trial order, first trial, retries); the others ran once. */
  retriedShards: { shard: number; firstTrial: number; retries: number }[];
}

/** A run that cannot go on: Redis went away (`exitCode` 75, resume later) or a shard failed or was refused. */
export class QueueRunError extends Error {
  constructor(message: string, readonly exitCode: number) {
    super(message);
    this.name = 'QueueRunError';
  }
}

/** sysexits EX_TEMPFAIL: try again later (with --resume). */
export const EXIT_QUEUE_LOST = 75;
const EXIT_REFUSED = 2;
const EXIT_SHARD_FAILED = 70;

export interface Coordinator {
  runId: string;
  runnerPool(plan: TrialPlan): Promise<RunnerPool>;
  stats(): QueueStats;
  /** After the answer: removes the run's keys (a finished run is not resumed). */
  finish(): Promise<void>;
  close(): Promise<void>;
}

interface Waiter {
  trialCount: number;
  resolve: (counts: TrialCounts) => void;
  reject: (error: Error) => void;
}

const RUN_ID = /^[0-9a-f]{12}$/;

export function checkRunId(text: string): string {
  if (!RUN_ID.test(text)) throw new InputError(`--resume ${quote(text)}: expected a run id (12 hex digits, as printed when the run started)`);
  return text;
}

/** Connects (an InputError naming the URL when Redis is not there) and opens the run. */
export async function openCoordinator(options: CoordinatorOptions): Promise<Coordinator> {
  const { address, params, versions } = options;
  const redis = await connectRedis(address);
  const runId = options.resume ?? randomBytes(6).toString('hex');
  const lostMessage = `lost the connection to Redis at ${address.display}; rerun the same command with --resume ${runId} to continue with the shards already finished`;
  const results = new Map<number, ShardResult>();
  const used = new Set<number>();
  const pending = new Map<number, Waiter>();
  /** Shards enqueued by this coordinator and not finished: removed from the queue when the run fails. */
  const outstanding = new Set<number>();
  let resumedShards = 0;
  let failure: QueueRunError | undefined;
  let queue: Queue | undefined;
  let events: QueueEvents | undefined;
  let poller: NodeJS.Timeout | undefined;
  let closed = false;

  const fail = (error: QueueRunError): void => {
    failure ??= error;
    for (const w of pending.values()) w.reject(failure);
    pending.clear();
  };
  redis.on('error', () => {});
  redis.on('end', () => {
    if (!closed) fail(new QueueRunError(lostMessage, EXIT_QUEUE_LOST));
  });

  const receive = (trialStart: number, result: ShardResult): void => {
    results.set(trialStart, result);
    outstanding.delete(trialStart);
    const waiter = pending.get(trialStart);
    if (!waiter) return;
    pending.delete(trialStart);
    if (result.trialCount !== waiter.trialCount) waiter.reject(new QueueRunError(`run ${runId}: shard at trial ${trialStart} holds ${result.trialCount} trials, expected ${waiter.trialCount}`, EXIT_SHARD_FAILED));
    else waiter.resolve(result.counts);
  };

  let liveWorkers = -1;
  let polls = 0;
  const poll = async (): Promise<void> => {
    // Live workers first: the progress bar starts on the first finished shard and shows them from then on.
    if (polls++ % 5 === 0 && options.onLiveWorkers) {
      const live = await countLiveWorkers(redis);
      if (live !== liveWorkers) options.onLiveWorkers((liveWorkers = live));
    }
    if (pending.size > 0) {
      const starts = [...pending.keys()];
      const values = await redis.hmget(shardsKey(runId), ...starts.map(String));
      values.forEach((v, i) => {
        if (v !== null) receive(starts[i]!, JSON.parse(v) as ShardResult);
      });
    }
  };
  // Polled every pollMs, and at once when BullMQ reports one of the run's jobs completed, so the end of
  // the last shard is seen within a round trip (a run's tail otherwise waits up to pollMs).
  let polling = false;
  let pollAgain = false;
  const pollNow = (): void => {
    if (closed || failure) return;
    if (polling) {
      pollAgain = true;
      return;
    }
    if (poller) clearTimeout(poller);
    polling = true;
    poll().then(
      () => {
        polling = false;
        if (pollAgain) {
          pollAgain = false;
          pollNow();
        } else schedulePoll();
      },
      () => {
        polling = false;
        fail(new QueueRunError(lostMessage, EXIT_QUEUE_LOST));
      },
    );
  };
  const schedulePoll = (): void => {
    if (closed || failure) return;
    poller = setTimeout(pollNow, options.pollMs ?? 100);
  };

  const onFailed = ({ jobId, failedReason }: { jobId: string; failedReason: string }): void => {
    const prefix = `${runId}-`;
    if (!jobId.startsWith(prefix)) return;
    const start = Number(jobId.slice(prefix.length));
    const waiter = pending.get(start);
    if (!waiter) return;
    const range = `trials ${start}-${start + waiter.trialCount - 1}`;
    const refused = failedReason.startsWith('refused');
    fail(new QueueRunError(`run ${runId}: shard (${range}) ${refused ? '' : 'failed: '}${failedReason}`, refused ? EXIT_REFUSED : EXIT_SHARD_FAILED));
  };

  async function runnerPool(plan: TrialPlan): Promise<RunnerPool> {
    const { bytes, hash } = encodePlan(plan);
    await redis.set(planKey(hash), bytes, 'EX', RUN_TTL_SECONDS);
    const meta = JSON.stringify({ planHash: hash, seed: params.seed, trials: params.trials, shardTrials: params.shardTrials, untilCi: params.untilCi ?? null, version: versions.version });
    if (options.resume === undefined) {
      await redis.set(runKey(runId), meta, 'EX', RUN_TTL_SECONDS);
    } else {
      const stored = await redis.get(runKey(runId));
      if (stored === null) throw new InputError(`--resume ${runId}: Redis at ${address.display} holds no such run (a finished run is removed; an unfinished one is kept ${RUN_TTL_SECONDS / 86400} days)`);
      const differs = differingField(JSON.parse(stored) as Record<string, unknown>, JSON.parse(meta) as Record<string, unknown>);
      if (differs) throw new InputError(`--resume ${runId}: the run was started with another ${differs}; give the same input, --seed, --trials, --shard-size and --until-ci`);
      await redis.expire(runKey(runId), RUN_TTL_SECONDS);
      for (const [field, value] of Object.entries(await redis.hgetall(shardsKey(runId)))) results.set(Number(field), JSON.parse(value) as ShardResult);
      resumedShards = results.size;
    }
    const { Queue, QueueEvents } = await import('bullmq');
    queue = new Queue(QUEUE_NAME, { connection: boundedOptions(address) });
    queue.on('error', () => {});
    events = new QueueEvents(QUEUE_NAME, { connection: boundedOptions(address) });
    events.on('error', () => {});
    events.on('failed', onFailed);
    events.on('completed', ({ jobId }: { jobId: string }) => {
      if (jobId.startsWith(`${runId}-`)) pollNow();
    });
    await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
    schedulePoll();
    options.onStart?.();
    const held = queue;
    const shardRunner: TrialRunner = {
      async run(seed, trialStart, trialCount) {
        if (failure) throw failure;
        used.add(trialStart);
        const known = results.get(trialStart);
        if (known && known.trialCount === trialCount) return known.counts;
        const counts = new Promise<TrialCounts>((resolve, reject) => pending.set(trialStart, { trialCount, resolve, reject }));
        // Redis may go away while the job is being added: the rejection is the caller's, not unhandled.
        counts.catch(() => {});
        const jobId = shardJobId(runId, trialStart);
        // A resumed run: a shard that failed before (a refused version) is tried again.
        if (options.resume !== undefined && (await held.getJobState(jobId).catch(() => undefined)) === 'failed') await held.remove(jobId).catch(() => {});
        const job: ShardJob = { ...versions, run: runId, planHash: hash, seed, trialStart, trialCount };
        outstanding.add(trialStart);
        try {
          await held.add('shard', job, { jobId, attempts: 1, removeOnComplete: true, removeOnFail: { age: RUN_TTL_SECONDS } });
        } catch {
          fail(new QueueRunError(lostMessage, EXIT_QUEUE_LOST));
        }
        return counts;
      },
    };
    // The sampler hands one chunk to each free runner: as many runners as shards in flight at once.
    const inFlight = Math.max(1, Math.ceil(params.trials / params.shardTrials));
    return {
      runners: Array.from({ length: Math.min(inFlight, 100_000) }, () => shardRunner),
      engines: () => engines(),
      close: async () => {},
    };
  }

  const usedResults = (): [number, ShardResult][] => [...used].sort((a, b) => a - b).flatMap((s) => (results.has(s) ? [[s, results.get(s)!] as [number, ShardResult]] : []));
  const engines = (): number => {
    const threads = new Map<string, number>();
    for (const [, r] of usedResults()) threads.set(r.worker, r.threads);
    return [...threads.values()].reduce((a, b) => a + b, 0);
  };

  return {
    runId,
    runnerPool,
    stats: () => {
      const list = usedResults();
      return {
        runId,
        shardTrials: params.shardTrials,
        shards: list.length,
        resumedShards,
        workersSeen: new Set(list.map(([, r]) => r.worker)).size,
        retries: list.reduce((sum, [, r]) => sum + Math.max(0, r.attempts - 1), 0),
        retriedShards: list.flatMap(([firstTrial, r], shard) => (r.attempts > 1 ? [{ shard, firstTrial, retries: r.attempts - 1 }] : [])),
      };
    },
    async finish() {
      await redis.del(runKey(runId), shardsKey(runId));
    },
    async close() {
      closed = true;
      if (poller) clearTimeout(poller);
      // A refused or failed shard ends the run: its other shards leave the queue (a shard being run
      // stays locked and finishes), so workers do not spend time on a run nobody waits for. Its finished
      // shards stay for --resume. When Redis is gone there is nothing to clean.
      if (failure && failure.exitCode !== EXIT_QUEUE_LOST && queue) {
        const q = queue;
        await Promise.allSettled([...outstanding].map((start) => q.remove(shardJobId(runId, start))));
      }
      const closing = Promise.allSettled([queue?.close(), events?.close()]);
      await Promise.race([closing, new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
      redis.disconnect();
      await queue?.disconnect().catch(() => {});
      await events?.disconnect().catch(() => {});
    },
  };
}

/** The first parameter of a resumed run that differs from the stored one, in words. */
function differingField(stored: Record<string, unknown>, now: Record<string, unknown>): string | undefined {
  const words: Record<string, string> = { planHash: 'topology or scenario', seed: '--seed', trials: '--trials', shardTrials: '--shard-size', untilCi: '--until-ci', version: 'vpcsim version' };
  for (const key of Object.keys(words)) if (JSON.stringify(stored[key]) !== JSON.stringify(now[key])) return `${words[key]} (${JSON.stringify(stored[key])}, now ${JSON.stringify(now[key])})`;
  return undefined;
}

/** Workers whose heartbeat has not expired; the ones that stopped are dropped from the set. */
async function countLiveWorkers(redis: Redis): Promise<number> {
  const ids = await redis.smembers(WORKERS_KEY);
  if (ids.length === 0) return 0;
  const alive = await redis.mget(...ids.map(workerKey));
  const gone = ids.filter((_, i) => alive[i] === null);
  if (gone.length > 0) await redis.srem(WORKERS_KEY, ...gone);
  return ids.length - gone.length;
}
