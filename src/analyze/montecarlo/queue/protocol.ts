// What the coordinator (`vpcsim montecarlo --queue`) and the workers (`vpcsim worker`) share through
// Redis (docs/distributed.md):
// - the BullMQ queue `vpcsim-montecarlo`: one job per shard (ShardJob), job id `<run>-<first trial>`,
//   so adding a shard twice (a resumed run) is a no-op;
// - `vpcsim:plan:<sha256>`: the trial plan (compiled topology, units, query packets) as v8 structured
//   serialization, stored once per content and cached by workers per hash;
// - `vpcsim:run:<run>`: the run's parameters (a resumed run must match them), and
//   `vpcsim:run:<run>:shards`: per shard, its counts, written once (HSETNX) by the worker that finished
//   it, so a retried shard is never counted twice (MC-11);
// - `vpcsim:worker:<id>`: a live worker's heartbeat, expiring a few seconds after it stops, and the set
//   `vpcsim:workers` of their ids.
import { createHash } from 'node:crypto';
import { deserialize, serialize } from 'node:v8';
import { ENGINE_ABI_VERSION, IMAGE_VERSION } from '../../../../abi/version.js';
import type { TrialCounts, TrialPlan } from '../types.js';
import { planForWorker } from '../worker-protocol.js';

export const QUEUE_NAME = 'vpcsim-montecarlo';
const KEY_PREFIX = 'vpcsim';

/** Runs, plans and results are kept this long without activity (a run not resumed by then is gone). */
export const RUN_TTL_SECONDS = 7 * 24 * 3600;
/** A worker's heartbeat is renewed every HEARTBEAT_MS and expires after HEARTBEAT_TTL_MS. */
export const HEARTBEAT_MS = 1000;
export const HEARTBEAT_TTL_MS = 4000;

export const planKey = (hash: string): string => `${KEY_PREFIX}:plan:${hash}`;
export const runKey = (run: string): string => `${KEY_PREFIX}:run:${run}`;
export const shardsKey = (run: string): string => `${KEY_PREFIX}:run:${run}:shards`;
export const workerKey = (id: string): string => `${KEY_PREFIX}:worker:${id}`;
/** The set of worker ids that have sent a heartbeat (the coordinator drops those whose key expired). */
export const WORKERS_KEY = `${KEY_PREFIX}:workers`;
export const shardJobId = (run: string, trialStart: number): string => `${run}-${trialStart}`;

/** Versions a worker must share with the coordinator to run its shards. */
export interface Versions {
  version: string;
  engineAbi: number;
  image: number;
}

/**
 * This build's versions (`packageVersion`: the CLI's, src/version.ts); VPCSIM_TEST_PACKAGE_VERSION
 * pretends another package version (the test of a refused shard).
 */
export function ownVersions(packageVersion: string): Versions {
  return { version: process.env['VPCSIM_TEST_PACKAGE_VERSION'] ?? packageVersion, engineAbi: ENGINE_ABI_VERSION, image: IMAGE_VERSION };
}

/** Why a worker with `mine` cannot run a shard of `theirs`, or undefined when it can. */
export function incompatibility(mine: Versions, theirs: Versions): string | undefined {
  const describe = (v: Versions): string => `vpcsim ${v.version} (engine ABI ${v.engineAbi}, image ${v.image})`;
  if (mine.version === theirs.version && mine.engineAbi === theirs.engineAbi && mine.image === theirs.image) return undefined;
  return `the worker runs ${describe(mine)}, the coordinator ${describe(theirs)}`;
}

/** One job: trials [trialStart, trialStart + trialCount) of run `run`'s plan, with `seed`. */
export interface ShardJob extends Versions {
  run: string;
  planHash: string;
  seed: number;
  trialStart: number;
  trialCount: number;
}

/** What a worker writes (once) for a finished shard. */
export interface ShardResult {
  trialCount: number;
  counts: TrialCounts;
  /** The worker that finished it, and its threads. */
  worker: string;
  threads: number;
  /** Times the shard was started (BullMQ attemptsStarted): 1 when it never had to be retried. */
  attempts: number;
}

/** The plan as workers load it (no id -> model tables, ./worker-protocol.ts) and its content hash. */
export function encodePlan(plan: TrialPlan): { bytes: Buffer; hash: string } {
  const bytes = serialize(planForWorker(plan));
  return { bytes, hash: createHash('sha256').update(bytes).digest('hex') };
}

export function decodePlan(bytes: Buffer): TrialPlan {
  return deserialize(bytes) as TrialPlan;
}
