// trace() for Node: the engine is build/release.wasm of the package, loaded on first use.
import { loadEngine } from '../../bindings/node.js';
import { createTrace } from './engine-trace.js';

/**
 * Walks one flow and its response on the WebAssembly engine (the package's build/release.wasm, loaded on first use; each topology object compiled once):
 * reachable or not, the hops both ways and the blockers, what `vpcsim trace --json` prints. A bad query
 * throws an InputError naming the field.
 */
export const trace = createTrace(() => loadEngine());
