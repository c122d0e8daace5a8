// monteCarlo() for browsers: the engine is fetched next to the bundle; trials run on this thread, a
// chunk at a time between event-loop turns, so the page stays responsive and `signal` can stop them.
import { loadEngine } from '../../../bindings/browser.js';
import { createMonteCarlo, type MonteCarloFunction } from './montecarlo.js';

/**
 * Availability of each query of a scenario under random failures: `scenario` is an object or YAML/JSON
 * text; trials run on this thread a chunk at a time (`signal` stops them), or on the Web Workers passed
 * as `webWorkers`. The result is what `vpcsim montecarlo --json` prints; the same seed gives the same answer.
 */
export const monteCarlo: MonteCarloFunction = createMonteCarlo({
  loadEngine: () => loadEngine(),
  defaultWorkers: () => 1,
}).monteCarlo;
