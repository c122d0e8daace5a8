// The whole-network analyses as library functions (issue 15): each takes an optional `engine`, else
// one loaded lazily by the entry point's loader (Node: build/release.wasm; browser: fetched next to the
// bundle) and shared by all of them. Browser-safe: no Node module here; ./entry-node.ts and
// ./entry-browser.ts only pick the loader.
import type { Engine } from '../../../bindings/engine.js';
import { assertObject, assertTopology } from '../../model/guards.js';
import type { Topology } from '../../model/types.js';
import { computeDiff, type DesignDiff, type DiffOptions } from './diff.js';
import type { ClassPairJob } from './class-walk.js';
import { computeMatrix, finishMatrix, planMatrix, type MatrixOptions, type ReachabilityMatrix } from './matrix.js';
import { checkPolicyText } from './policy-check.js';
import type { PolicyResult } from './policy.js';

export interface EngineOption {
  /** The engine to walk on; default: the entry point's, loaded on first use. */
  engine?: Engine;
}

export type ReachabilityMatrixFunction = (t: Topology, options?: MatrixOptions & EngineOption) => Promise<ReachabilityMatrix>;

export type DiffDesignsFunction = (before: Topology, after: Topology, options?: DiffOptions & EngineOption) => Promise<DesignDiff>;

/** `policy`: YAML or JSON text, or the parsed object `{ assertions: [...] }`; `file` names it in errors. */
export type CheckPolicyFunction = (t: Topology, policy: string | object, options?: EngineOption & { file?: string }) => Promise<PolicyResult>;

export interface NetworkAnalyses {
  reachabilityMatrix: ReachabilityMatrixFunction;
  diffDesigns: DiffDesignsFunction;
  checkPolicy: CheckPolicyFunction;
}

/** How an entry point walks a matrix's class pairs on worker threads (Node); absent: `workers` is ignored. */
export type ParallelWalk = (words: Int32Array, job: ClassPairJob, workers: number, down: Uint32Array | undefined, onProgress?: (done: number, total: number) => void) => Promise<Uint8Array>;

/**
 * reachabilityMatrix(), diffDesigns() and checkPolicy() on the engine `loadEngine` gives (loaded on first
 * use), walking class pairs on `parallel` when given; the package's entries export them made with their
 * platform's engine.
 */
export function createNetworkAnalyses(loadEngine: () => Promise<Engine>, parallel?: ParallelWalk): NetworkAnalyses {
  let engine: Promise<Engine> | undefined;
  const engineFor = (options: EngineOption): Promise<Engine> => {
    if (options.engine) return Promise.resolve(options.engine);
    engine ??= loadEngine().catch((err: unknown) => {
      engine = undefined; // a later call may retry (e.g. after the .wasm is built)
      throw err;
    });
    return engine;
  };
  return {
    async reachabilityMatrix(t, options = {}) {
      assertTopology(t, 'reachabilityMatrix');
      assertObject(options as unknown, 'reachabilityMatrix', 'the options');
      const engine = await engineFor(options);
      const workers = options.workers ?? 1;
      if (!parallel || workers <= 1) return computeMatrix(engine, t, options);
      const plan = planMatrix(engine, t, options);
      return finishMatrix(plan, await parallel(plan.walker.compiled.image.words, plan.job, workers, plan.walker.downBits, options.onProgress));
    },
    async diffDesigns(before, after, options = {}) {
      assertTopology(before, 'diffDesigns');
      assertTopology(after, 'diffDesigns');
      return computeDiff(await engineFor(options), before, after, options);
    },
    async checkPolicy(t, policy, options = {}) {
      assertTopology(t, 'checkPolicy');
      return checkPolicyText(await engineFor(options), t, policy, options.file);
    },
  };
}
