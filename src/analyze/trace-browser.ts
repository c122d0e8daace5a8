// trace() for browsers: the engine is fetched next to the bundle (bindings/browser.ts), on first use.
import { loadEngine } from '../../bindings/browser.js';
import { createTrace } from './engine-trace.js';

/**
 * Walks one flow and its response on the WebAssembly engine (fetched next to the bundle on first use; each topology object compiled once):
 * reachable or not, the hops both ways and the blockers, what `vpcsim trace --json` prints. A bad query
 * throws an InputError naming the field.
 */
export const trace = createTrace(() => loadEngine());
