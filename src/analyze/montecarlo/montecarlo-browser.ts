// monteCarlo() for browsers: the engine is fetched next to the bundle; trials run on this thread, a
// chunk at a time between event-loop turns, so the page stays responsive and `signal` can stop them.
import { loadEngine } from '../../../bindings/browser.js';
import { createMonteCarlo } from './montecarlo.js';

export const { monteCarlo } = createMonteCarlo({
  loadEngine: () => loadEngine(),
  defaultWorkers: () => 1,
});
