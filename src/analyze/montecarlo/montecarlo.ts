// monteCarlo(): the availability of each query of a scenario under random failures (issue 10). The
// plan is built once (./plan.ts); trials run in chunks on the engine (runTrials, WebAssembly) on this
// thread or on workers, each with its own engine (./sampler.ts); exact mode enumerates instead (MC-15);
// the counts become the report (./report.ts). The entry points (./montecarlo-node.ts, -browser.ts) give
// the platform: how to load an engine and, in Node, a pool of worker threads.
import type { Engine } from '../../../bindings/engine.js';
import type { Topology } from '../../model/types.js';
import { networkIndex } from '../../model/network-index.js';
import { buildTrialPlan } from './plan.js';
import { monteCarloReport, type MonteCarloResult } from './report.js';
import { sampleTrials, type MonteCarloProgress, type RunnerPool, type TrialRunner } from './sampler.js';
import { checkScenario, parseScenario, type Scenario, type ScenarioInput } from './scenario.js';
import { exactAvailability, mergeCounts, runTrials } from './trials.js';
import type { TrialPlan } from './types.js';
import { webWorkerPool, type WebWorkerLike } from './web-workers.js';

export const DEFAULT_TRIALS = 1_000_000;
export const DEFAULT_SEED = 1;

export interface MonteCarloOptions {
  /** Trials to run (with untilCi: in the first round); default 1,000,000. */
  trials?: number;
  /** Integer in [0, 2^53); default 1. Same seed, same counts, whatever the workers (MC-10). */
  seed?: number;
  /** Engines running trials in parallel; default: Node, the available cores; browsers, 1 (this thread). */
  workers?: number;
  /** Keep sampling until every query's 95% interval half-width is below this. */
  untilCi?: number;
  /** MC-15: also compute each query's availability exactly (enumeration with a bound). */
  exact?: boolean | { maxStates?: number };
  signal?: AbortSignal;
  onProgress?: (progress: MonteCarloProgress) => void;
  /** The engine for this thread (default: one the entry point loads, not the one trace() uses). */
  engine?: Engine;
  /**
   * Browsers: Web Workers started from dist/browser/montecarlo-worker.js; trials run on them (one engine
   * each) instead of this thread, and `workers` is their number. They stay running for the next run.
   */
  webWorkers?: readonly WebWorkerLike[];
}

/**
 * runScenario()'s extra options (the CLI's, not the library's): trials on runners the caller provides
 * instead of this thread or worker threads (the queue coordinator's shards, ./queue/), in chunks of
 * `chunkTrials` trials (its shard size).
 */
export interface RunScenarioOptions extends MonteCarloOptions {
  runnerPool?: (plan: TrialPlan) => Promise<RunnerPool>;
  chunkTrials?: number;
}

/** What an entry point provides. */
export interface MonteCarloPlatform {
  loadEngine(): Promise<Engine>;
  defaultWorkers(): number;
  /** `workers` runners each with its own engine; absent where this thread is the only one. */
  workerPool?(plan: TrialPlan, workers: number): Promise<RunnerPool>;
}

export type MonteCarloFunction = (t: Topology, scenario: ScenarioInput | string, options?: MonteCarloOptions & { scenarioFile?: string }) => Promise<MonteCarloResult>;

/**
 * The library's monteCarlo(): `scenario` is the scenario file's text (YAML or JSON) or the same as an
 * object; bad input throws an InputError naming `scenarioFile` (default `scenario`).
 */
export function createMonteCarlo(platform: MonteCarloPlatform): { monteCarlo: MonteCarloFunction; runScenario: (t: Topology, scenario: Scenario, options?: RunScenarioOptions) => Promise<MonteCarloResult> } {
  let engine: Promise<Engine> | undefined;
  const defaultEngine = (): Promise<Engine> => {
    engine ??= platform.loadEngine().catch((err: unknown) => {
      engine = undefined;
      throw err;
    });
    return engine;
  };
  const runScenario = (t: Topology, scenario: Scenario, options: RunScenarioOptions = {}) => run(platform, defaultEngine, t, scenario, options);
  // async: bad input rejects the returned Promise rather than throwing at the call.
  const monteCarlo: MonteCarloFunction = async (t, scenario, options = {}) => {
    const file = options.scenarioFile ?? 'scenario';
    const checked = typeof scenario === 'string' ? parseScenario(scenario, file) : checkScenario(scenario, file);
    return runScenario(t, checked, options);
  };
  return { monteCarlo, runScenario };
}

async function run(platform: MonteCarloPlatform, defaultEngine: () => Promise<Engine>, t: Topology, scenario: Scenario, options: RunScenarioOptions): Promise<MonteCarloResult> {
  const seed = options.seed ?? DEFAULT_SEED;
  const trials = options.trials ?? DEFAULT_TRIALS;
  const workers = options.webWorkers?.length ?? options.workers ?? platform.defaultWorkers();
  if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`seed must be an integer in [0, 2^53), got ${seed}`);
  if (!Number.isSafeInteger(trials) || trials < 1) throw new RangeError(`trials must be a whole number >= 1, got ${trials}`);
  if (!Number.isInteger(workers) || workers < 1) throw new RangeError(`workers must be a whole number >= 1, got ${workers}`);
  const plan = buildTrialPlan(t, scenario);
  options.signal?.throwIfAborted();
  // This thread's engine, loaded only when trials or the enumeration run here.
  const engine = async (): Promise<Engine> => options.engine ?? (await defaultEngine());
  // One worker is this thread: no thread to start, no plan to copy.
  const pool: RunnerPool = options.runnerPool
    ? await options.runnerPool(plan)
    : options.webWorkers?.length
    ? await webWorkerPool(options.webWorkers, plan)
    : workers > 1 && platform.workerPool
      ? await platform.workerPool(plan, workers)
      : { runners: [engineRunner(await engine(), plan)], close: async () => {} };
  try {
    const counts = await sampleTrials(pool.runners, plan.queries.length, {
      seed,
      trials,
      merge: mergeCounts,
      ...(options.chunkTrials !== undefined && { chunkTrials: options.chunkTrials }),
      ...(options.untilCi !== undefined && { untilCi: options.untilCi }),
      ...(options.signal && { signal: options.signal }),
      ...(options.onProgress && { onProgress: options.onProgress }),
    });
    const exactOptions = typeof options.exact === 'object' ? options.exact : {};
    const exact = options.exact ? exactAvailability(await engine(), plan, exactOptions) : undefined;
    return monteCarloReport({
      seed,
      workers: pool.engines?.() ?? pool.runners.length,
      queryNames: plan.queries.map((q) => q.name),
      counts,
      hops: { t, ix: networkIndex(t) },
      ...(exact && { exact }),
    });
  } finally {
    await pool.close();
  }
}

/** Trials on this thread; each chunk waits for the event loop first, so progress, abort and pages stay live. */
function engineRunner(engine: Engine, plan: TrialPlan): TrialRunner {
  return {
    async run(seed, trialStart, trialCount) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      return runTrials(engine, plan, seed, trialStart, trialCount);
    },
  };
}
