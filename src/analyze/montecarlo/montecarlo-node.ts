// monteCarlo() for Node: the engine is build/release.wasm; workers are worker threads (./pool-node.ts).
import { loadEngine } from '../../../bindings/node.js';
import { createMonteCarlo, type MonteCarloFunction } from './montecarlo.js';
import { defaultWorkerCount, nodeWorkerPool } from './pool-node.js';

const node = createMonteCarlo({
  loadEngine: () => loadEngine(),
  defaultWorkers: defaultWorkerCount,
  workerPool: nodeWorkerPool,
});

/**
 * Availability of each query of a scenario under random failures (AZs, NAT gateways, VPN tunnels, ...):
 * `scenario` is an object or YAML/JSON text; trials run on worker threads (`workers`, default the
 * available cores). The result is what `vpcsim montecarlo --json` prints; the same seed gives the same answer.
 */
export const monteCarlo: MonteCarloFunction = node.monteCarlo;
/** monteCarlo() on a scenario already parsed and checked (the CLI's way in). */
export const runScenario = node.runScenario;
