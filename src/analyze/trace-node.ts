// trace() for Node: the engine is build/release.wasm of the package, loaded on first use.
import { loadEngine } from '../../bindings/node.js';
import { createTrace } from './engine-trace.js';

export const trace = createTrace(() => loadEngine());
