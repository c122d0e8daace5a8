// monteCarlo() for Node: the engine is build/release.wasm; workers are worker threads (./pool-node.ts).
import { loadEngine } from '../../../bindings/node.js';
import { createMonteCarlo } from './montecarlo.js';
import { defaultWorkerCount, nodeWorkerPool } from './pool-node.js';

export const { monteCarlo, runScenario } = createMonteCarlo({
  loadEngine: () => loadEngine(),
  defaultWorkers: defaultWorkerCount,
  workerPool: nodeWorkerPool,
});
