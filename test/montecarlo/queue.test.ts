// `vpcsim montecarlo --queue` and `vpcsim worker` (issue 13) against a real redis-server started here:
// the sharded answer is the local one byte for byte (MC-10, MC-11: trial i draws from (seed, i), shards
// merge by adding counts), a worker killed mid-shard changes nothing (BullMQ's stalled-job retry; its
// counts are written once), a killed coordinator resumes with the shards already finished, and bad or
// unreachable queues, refused versions and a Redis lost mid-run end with one line.
// A worker started with VPCSIM_TEST_WORKER_HOLDS_SHARD=1 holds the first shard it takes until killed, so
// "killed mid-shard" never depends on timing; the lock and stalled-check periods are shortened by env.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { killLeftovers, startRedis, startVpcsim, stopProcess, waitForLine, type RedisServer } from '../helpers/redis-server.js';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const NAT = 'examples/availability/nat-single.yaml';
const dir = mkdtempSync(join(tmpdir(), 'vpcsim-queue-'));
const SCENARIO = join(dir, 'busy.yaml');
writeFileSync(SCENARIO, 'failures: { availabilityZone: 0.1, natGateway: 0.2 }\nqueries:\n  - { name: appa, from: AppA, to: 8.8.8.8, port: 443 }\n  - { name: appb, from: AppB, to: 8.8.8.8, port: 443 }\n');
const RUN = ['montecarlo', NAT, '--scenario', SCENARIO, '--trials', '200000', '--seed', '42', '--json'];
const SHARDS = ['--shard-size', '20000'];
/** Short BullMQ lock and stalled-check periods: a dead worker's shard is taken again within about 2 s. */
const FAST_STALL = { VPCSIM_QUEUE_LOCK_MS: '1000', VPCSIM_QUEUE_STALLED_MS: '500' };
const HOLDS = { ...FAST_STALL, VPCSIM_TEST_WORKER_HOLDS_SHARD: '1' };

let redis: RedisServer;
let local: string;

beforeAll(async () => {
  redis = await startRedis();
  const r = await runCli(...RUN, '--workers', '1');
  expect(r.code).toBe(0);
  local = r.stdout;
}, 30_000);

afterAll(async () => {
  await killLeftovers();
  await redis?.stop();
});

function worker(env: Record<string, string> = FAST_STALL) {
  return startVpcsim(['worker', '--queue', redis.url, '--threads', '1'], env);
}

/** The queue run's JSON without its `queue` member and with the local run's worker count: the common part. */
function commonPart(stdout: string): string {
  const answer = JSON.parse(stdout) as Record<string, unknown>;
  delete answer['queue'];
  answer['workers'] = 1;
  return JSON.stringify(answer, null, 2) + '\n';
}

interface QueueJson {
  runId: string;
  shards: number;
  resumedShards: number;
  workersSeen: number;
  retries: number;
  retriedShards: { shard: number; firstTrial: number; retries: number }[];
}

/** The run id a coordinator prints once its run is stored. */
async function runIdOf(coordinator: ReturnType<typeof startVpcsim>): Promise<string> {
  const line = await waitForLine(coordinator, /rerun with --resume/);
  return /--resume ([0-9a-f]{12})/.exec(line)![1]!;
}

function queueOf(stdout: string): QueueJson {
  return (JSON.parse(stdout) as { queue: QueueJson }).queue;
}

describe('vpcsim montecarlo --queue with vpcsim worker processes', () => {
  it('three workers: the same JSON as the local run, plus the queue member (MC-10, MC-11)', async () => {
    const workers = [worker(), worker(), worker()];
    try {
      await Promise.all(workers.map((w) => waitForLine(w, /taking shards/)));
      const run = await startVpcsim([...RUN, ...SHARDS, '--queue', redis.url]).result;
      expect(run.code).toBe(0);
      expect(commonPart(run.stdout)).toBe(local);
      expect(Object.keys(JSON.parse(run.stdout))).toEqual(['seed', 'trials', 'workers', 'queries', 'queue']);
      const q = queueOf(run.stdout);
      expect(q.shards).toBe(10);
      expect(q.workersSeen).toBeGreaterThanOrEqual(1);
      expect(q.workersSeen).toBeLessThanOrEqual(3);
      expect(run.stderr).toMatch(new RegExp(`^montecarlo: run ${q.runId}: 10 shards of up to 20,000 trials on ${redis.url}; if interrupted, rerun with --resume ${q.runId}\\n$`));
    } finally {
      await Promise.all(workers.map((w) => stopProcess(w)));
    }
    // SIGTERM: each worker finished and exited 0.
    for (const w of workers) expect((await w.result).code).toBe(0);
  }, 60_000);

  it('a worker killed with SIGKILL mid-shard: its shard is retried elsewhere and the answer is unchanged', async () => {
    const doomed = worker(HOLDS);
    const others = [worker(), worker()];
    try {
      await waitForLine(doomed, /taking shards/);
      const coordinator = startVpcsim([...RUN, ...SHARDS, '--queue', redis.url]);
      const runId = await runIdOf(coordinator);
      const held = await waitForLine(doomed, new RegExp(`holding shard \\d+ of run ${runId}`));
      const firstTrial = Number(/holding shard (\d+)/.exec(held)![1]);
      doomed.kill('SIGKILL');
      const run = await coordinator.result;
      expect(run.code).toBe(0);
      expect(commonPart(run.stdout)).toBe(local);
      const q = queueOf(run.stdout);
      expect(q.retries).toBeGreaterThanOrEqual(1);
      expect(q.retriedShards.map((s) => s.firstTrial)).toContain(firstTrial);
    } finally {
      await Promise.all([doomed, ...others].map((w) => stopProcess(w)));
    }
  }, 60_000);

  it('a coordinator killed mid-run resumes with --resume: finished shards are reused, the answer is unchanged', async () => {
    const doomed = worker(HOLDS);
    let late: ReturnType<typeof worker> | undefined;
    const client = new Redis(redis.url);
    try {
      await waitForLine(doomed, /taking shards/);
      const first = startVpcsim([...RUN, ...SHARDS, '--queue', redis.url]);
      const runId = await runIdOf(first);
      await waitForLine(doomed, new RegExp(`holding shard \\d+ of run ${runId}`));
      const helper = worker();
      await waitForLine(helper, /taking shards/);
      // Every shard but the held one is finished: the first coordinator cannot end before it is killed.
      while ((await client.hlen(`vpcsim:run:${runId}:shards`)) < 9) await new Promise((r) => setTimeout(r, 50));
      first.kill('SIGKILL');
      await stopProcess(helper);
      doomed.kill('SIGKILL');
      expect((await first.result).signal).toBe('SIGKILL');
      // No worker runs now: the held shard waits (stalled) until a worker comes after the resume started.
      const resumedRun = startVpcsim([...RUN, ...SHARDS, '--queue', redis.url, '--resume', runId]);
      await runIdOf(resumedRun);
      late = worker();
      const resumed = await resumedRun.result;
      expect(resumed.code).toBe(0);
      expect(commonPart(resumed.stdout)).toBe(local);
      const q = queueOf(resumed.stdout);
      expect(q.runId).toBe(runId);
      expect(q.resumedShards).toBe(9);
      expect(q.shards).toBe(10);
      // A finished run is removed: it cannot be resumed twice.
      expect(await client.exists(`vpcsim:run:${runId}`, `vpcsim:run:${runId}:shards`)).toBe(0);
    } finally {
      client.disconnect();
      await Promise.all([doomed, late].map((w) => w && stopProcess(w)));
    }
  }, 60_000);

  it('a worker of another vpcsim version refuses the shard; the coordinator names the reason and exits 2', async () => {
    const stranger = worker({ VPCSIM_TEST_PACKAGE_VERSION: '0.0.0-test' });
    try {
      await waitForLine(stranger, /taking shards/);
      const r = await runCli(...RUN, ...SHARDS, '--queue', redis.url);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      const lines = r.stderr.trimEnd().split('\n');
      expect(lines).toHaveLength(2);
      expect(lines[1]).toMatch(/^error: run [0-9a-f]{12}: shard \(trials \d+-\d+\) refused by worker .+: the worker runs vpcsim 0\.0\.0-test \(engine ABI \d+, image \d+\), the coordinator vpcsim \d+\.\d+\.\d+/);
    } finally {
      await stopProcess(stranger);
    }
    expect((await stranger.result).stderr).toMatch(/refused a shard of run/);
  }, 60_000);

  it('Redis lost mid-run: one line naming the run to resume, exit 75', async () => {
    const holder = worker(HOLDS);
    try {
      await waitForLine(holder, /taking shards/);
      const coordinator = startVpcsim([...RUN, ...SHARDS, '--queue', redis.url]);
      const runId = await runIdOf(coordinator);
      await waitForLine(holder, new RegExp(`holding shard \\d+ of run ${runId}`));
      await redis.stop();
      const run = await coordinator.result;
      expect(run.code).toBe(75);
      expect(run.stdout).toBe('');
      const lines = run.stderr.trimEnd().split('\n');
      expect(lines).toHaveLength(2);
      expect(lines[1]).toMatch(new RegExp(`^error: lost the connection to Redis at ${redis.url}; rerun the same command with --resume ${runId} to continue`));
    } finally {
      holder.kill('SIGKILL');
    }
  }, 60_000);
});

describe('stopping a worker', () => {
  it('SIGTERM after its Redis went away: an idle worker still stops, exit 0', async () => {
    const own = await startRedis();
    const idle = startVpcsim(['worker', '--queue', own.url, '--threads', '1'], FAST_STALL);
    try {
      await waitForLine(idle, /taking shards/);
      await own.stop();
      idle.kill('SIGTERM');
      const r = await idle.result;
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(/: SIGTERM: stopping after the current shard .*\n.*: stopped\n$/);
    } finally {
      await stopProcess(idle, 'SIGKILL');
      await own.stop();
    }
  }, 30_000);

  it('a second signal while a shard runs: exits at once (128 + 15), the shard goes to another worker, the answer is unchanged', async () => {
    // Its own Redis: the file's one is stopped by 'Redis lost mid-run' above.
    const own = await startRedis();
    const ownWorker = (env: Record<string, string>) => startVpcsim(['worker', '--queue', own.url, '--threads', '1'], env);
    const holder = ownWorker(HOLDS);
    let helper: ReturnType<typeof worker> | undefined;
    try {
      await waitForLine(holder, /taking shards/);
      const coordinator = startVpcsim([...RUN, ...SHARDS, '--queue', own.url]);
      const runId = await runIdOf(coordinator);
      await waitForLine(holder, new RegExp(`holding shard \\d+ of run ${runId}`));
      holder.kill('SIGTERM');
      await waitForLine(holder, /SIGTERM: stopping after the current shard/);
      holder.kill('SIGTERM');
      const stopped = await holder.result;
      expect(stopped.code).toBe(143);
      expect(stopped.stderr).not.toMatch(/: stopped\n/);
      helper = ownWorker(FAST_STALL);
      const run = await coordinator.result;
      expect(run.code).toBe(0);
      expect(commonPart(run.stdout)).toBe(local);
      expect(queueOf(run.stdout).retries).toBeGreaterThanOrEqual(1);
    } finally {
      await Promise.all([holder, helper].map((w) => w && stopProcess(w)));
      await own.stop();
    }
  }, 60_000);
});

describe('bad or unreachable queues: exit 2, one line', () => {
  const expectOneLine = (r: { code: number; stdout: string; stderr: string }, message: RegExp): void => {
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  };

  it('URLs that are not Redis URLs', async () => {
    expectOneLine(await runCli(...RUN, '--queue', 'http://127.0.0.1:6379'), /^error: --queue "http:\/\/127\.0\.0\.1:6379": the scheme is "http", not redis/);
    expectOneLine(await runCli(...RUN, '--queue', 'redis://'), /^error: --queue "redis:\/\/": no host/);
    expectOneLine(await runCli(...RUN, '--queue', 'redis://127.0.0.1:6379/x'), /the database "x" is not a number/);
    expectOneLine(await runCli('worker', '--queue', 'localhost:6379'), /^error: --queue "localhost:6379": the scheme is "localhost", not redis/);
    expectOneLine(await runCli(...RUN, '--shard-size', '10'), /^error: --shard-size needs --queue\n$/);
    expectOneLine(await runCli(...RUN, '--queue', 'redis://127.0.0.1:6379', '--workers', '2'), /^error: --workers counts local threads; with --queue, give each `vpcsim worker` its --threads\n$/);
    expectOneLine(await runCli(...RUN, '--queue', 'redis://127.0.0.1:6379', '--shard-size', '0'), /^error: --shard-size "0": expected a whole number of trials per shard >= 1\n$/);
    expectOneLine(await runCli('worker', '--queue', 'redis://127.0.0.1:6379', '--threads', 'two'), /^error: --threads "two": expected a number of threads from 1 to 256\n$/);
    expectOneLine(await runCli(...RUN, '--queue', 'redis://127.0.0.1:6379', '--resume', 'nope'), /^error: --resume "nope": expected a run id/);
  });

  it('nothing listening: the coordinator and the worker name the URL and exit 2 (bounded reconnection, no hang)', async () => {
    const { freePort } = await import('../helpers/redis-server.js');
    const url = `redis://127.0.0.1:${await freePort()}`;
    expectOneLine(await runCli(...RUN, '--queue', url), new RegExp(`^error: cannot reach Redis at ${url}: .*ECONNREFUSED`));
    expectOneLine(await runCli('worker', '--queue', url), new RegExp(`^error: cannot reach Redis at ${url}: .*ECONNREFUSED`));
  }, 30_000);
});
