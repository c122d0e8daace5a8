// The whole-network analyses as library functions (issue 15): each takes an optional `engine`, else
// one loaded lazily by the entry point's loader (Node: build/release.wasm; browser: fetched next to the
// bundle) and shared by all of them. Browser-safe: no Node module here; ./entry-node.ts and
// ./entry-browser.ts only pick the loader.
import type { Engine } from '../../../bindings/engine.js';
import { assertTopology } from '../../model/guards.js';
import type { Topology } from '../../model/types.js';
import { computeDiff, type DesignDiff, type DiffOptions } from './diff.js';
import { computeMatrix, type MatrixOptions, type ReachabilityMatrix } from './matrix.js';

export interface EngineOption {
  /** The engine to walk on; default: the entry point's, loaded on first use. */
  engine?: Engine;
}

export type ReachabilityMatrixFunction = (t: Topology, options?: MatrixOptions & EngineOption) => Promise<ReachabilityMatrix>;

export type DiffDesignsFunction = (before: Topology, after: Topology, options?: DiffOptions & EngineOption) => Promise<DesignDiff>;

export interface NetworkAnalyses {
  reachabilityMatrix: ReachabilityMatrixFunction;
  diffDesigns: DiffDesignsFunction;
}

export function createNetworkAnalyses(loadEngine: () => Promise<Engine>): NetworkAnalyses {
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
      return computeMatrix(await engineFor(options), t, options);
    },
    async diffDesigns(before, after, options = {}) {
      assertTopology(before, 'diffDesigns');
      assertTopology(after, 'diffDesigns');
      return computeDiff(await engineFor(options), before, after, options);
    },
  };
}
