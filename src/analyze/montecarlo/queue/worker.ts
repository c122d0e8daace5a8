// A queue worker (`vpcsim worker --queue URL [--threads K]`, issue 13): a BullMQ Worker that takes one
// shard at a time and runs it on K worker threads, each with its own engine (../pool-node.ts), so this
// thread stays free to renew the job's lock. The plan of a shard's run is loaded from Redis once per
// content hash and its thread pool kept for the next shards (the last two plans). The counts are written
// once (HSETNX, ./protocol.ts): a shard retried after its worker died is never counted twice. A shard
// from another vpcsim or engine ABI version is refused with the reason, which the coordinator prints.
// A worker killed mid-shard leaves its job to BullMQ's stalled-job check: after the lock expires another
// worker takes it again from the start.
import { hostname } from 'node:os';
import type { Job } from 'bullmq';
import { mergeCounts } from '../merge-counts.js';
import { nodeWorkerPool } from '../pool-node.js';
import { runTrialRange, type RunnerPool } from '../sampler.js';
import { connectRedis, type QueueAddress } from './connection.js';
import {
  decodePlan, HEARTBEAT_MS, HEARTBEAT_TTL_MS, incompatibility, planKey, QUEUE_NAME, RUN_TTL_SECONDS, shardsKey, workerKey, WORKERS_KEY,
  type ShardJob, type ShardResult, type Versions,
} from './protocol.js';

export interface QueueWorkerOptions {
  address: QueueAddress;
  threads: number;
  versions: Versions;
  /** One line for the operator (stderr): refused shards. */
  log: (line: string) => void;
}

export interface QueueWorker {
  /** host/pid: how the coordinator and the heartbeats name this worker. */
  id: string;
  /**
   * Stops taking shards. With a shard running (and not `force`), first waits for it to finish and be
   * reported, which needs Redis; otherwise (idle, or `force`: the shard goes back to the queue when its
   * lock expires) it ends at once, whether or not Redis is there.
   */
  close(force?: boolean): Promise<void>;
}

/** Plans whose thread pools are kept (a coordinator usually runs one design at a time). */
const CACHED_PLANS = 2;
/** Stalled-job retries before BullMQ fails a shard whose workers keep dying. */
const MAX_STALLED = 3;

/** Milliseconds from an environment variable (tests shorten BullMQ's lock and stalled-check periods). */
function envMs(name: string, fallback: number): number {
  const v = Number(process.env[name]);
  return Number.isInteger(v) && v > 0 ? v : fallback;
}

/** Connects (an InputError naming the URL when Redis is not there at the start) and starts taking shards. */
export async function startQueueWorker(options: QueueWorkerOptions): Promise<QueueWorker> {
  const { address, threads, versions } = options;
  const [{ UnrecoverableError, Worker }, { Redis }] = await Promise.all([import('bullmq'), import('ioredis')]);
  // Bounded: exit 2 at the start; afterwards the worker outlives Redis restarts (unbounded reconnection).
  (await connectRedis(address)).disconnect();
  const connection = { ...address.options, maxRetriesPerRequest: null, retryStrategy: (times: number) => Math.min(500 * times, 5000) };
  const redis = new Redis(connection);
  redis.on('error', () => {});
  const id = `${hostname()}/${process.pid}`;
  const pools = new Map<string, Promise<RunnerPool>>();

  const planPool = (hash: string): Promise<RunnerPool> => {
    let pool = pools.get(hash);
    if (pool) {
      pools.delete(hash);
      pools.set(hash, pool);
      return pool;
    }
    pool = (async () => {
      const bytes = await redis.getBuffer(planKey(hash));
      if (bytes === null) throw new UnrecoverableError(`worker ${id}: Redis holds no plan ${hash.slice(0, 12)} (expired?)`);
      return nodeWorkerPool(decodePlan(bytes), threads);
    })();
    pool.catch(() => pools.delete(hash));
    pools.set(hash, pool);
    while (pools.size > CACHED_PLANS) {
      const [oldest, evicted] = pools.entries().next().value as [string, Promise<RunnerPool>];
      pools.delete(oldest);
      evicted.then((p) => p.close(), () => {});
    }
    return pool;
  };

  // Tests only: hold the first shard taken until killed (a worker dying mid-shard, deterministically).
  const holdForTests = process.env['VPCSIM_TEST_WORKER_HOLDS_SHARD'] === '1';

  // Shards being run: an idle worker's close must not wait on BullMQ's fetch loop, which, with Redis
  // gone, waits forever for a command queued until reconnection.
  let running = 0;
  const process_ = async (job: Job<ShardJob>): Promise<void> => {
    running++;
    try {
      await runShard(job);
    } finally {
      running--;
    }
  };

  const runShard = async (job: Job<ShardJob>): Promise<void> => {
    const d = job.data;
    const why = incompatibility(versions, d);
    if (why) {
      options.log(`refused a shard of run ${d.run}: ${why}`);
      throw new UnrecoverableError(`refused by worker ${id}: ${why}`);
    }
    const pool = await planPool(d.planHash);
    if (holdForTests) {
      options.log(`holding shard ${d.trialStart} of run ${d.run} until killed (VPCSIM_TEST_WORKER_HOLDS_SHARD)`);
      await new Promise(() => {});
    }
    const counts = await runTrialRange(pool.runners, d.seed, d.trialStart, d.trialStart + d.trialCount, { merge: mergeCounts });
    const result: ShardResult = { trialCount: d.trialCount, counts, worker: id, threads, attempts: job.attemptsStarted };
    await redis.hsetnx(shardsKey(d.run), String(d.trialStart), JSON.stringify(result));
    await redis.expire(shardsKey(d.run), RUN_TTL_SECONDS);
  };

  const worker = new Worker<ShardJob>(QUEUE_NAME, process_, {
    connection,
    name: id,
    concurrency: 1,
    lockDuration: envMs('VPCSIM_QUEUE_LOCK_MS', 30_000),
    stalledInterval: envMs('VPCSIM_QUEUE_STALLED_MS', 30_000),
    maxStalledCount: MAX_STALLED,
  });
  worker.on('error', () => {});
  await worker.waitUntilReady();

  const beat = (): void => {
    redis
      .multi()
      .set(workerKey(id), JSON.stringify({ threads, version: versions.version }), 'PX', HEARTBEAT_TTL_MS)
      .sadd(WORKERS_KEY, id)
      .exec()
      .catch(() => {});
  };
  beat();
  const heartbeat = setInterval(beat, HEARTBEAT_MS);

  return {
    id,
    async close(force = false) {
      clearInterval(heartbeat);
      await worker.close(force || running === 0);
      await Promise.allSettled([...pools.values()].map((p) => p.then((pool) => pool.close())));
      // Redis may be gone by now: the worker ends anyway (its heartbeat expires on its own).
      const forget = redis.multi().del(workerKey(id)).srem(WORKERS_KEY, id).exec().catch(() => {});
      await Promise.race([forget, new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
      redis.disconnect();
    },
  };
}
