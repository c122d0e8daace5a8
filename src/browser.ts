// Library entry point for browsers: the same API as ./index.ts without Node-only modules (fs, workers).
export * from './library.js';
import { loadEngine as loadBrowserEngine } from '../bindings/browser.js';

/**
 * A new instance of the WebAssembly engine, streamed from `url` (default: build/release.wasm next to the
 * bundle) or made from the `bytes` given: batch longest-prefix match and packet walks over a compiled
 * topology. trace() and the other analyses load their own; pass one as `engine` to share it.
 */
export const loadEngine: typeof loadBrowserEngine = loadBrowserEngine;
export { loadTopologyFromText, type LoadOptions } from './import/load-text.js';
export { loadTopology } from './import/load-url.js';
export { trace } from './analyze/trace-browser.js';
export { monteCarlo } from './analyze/montecarlo/montecarlo-browser.js';
export { replayFlowLogs, emitFlowLogs } from './analyze/flowlogs/replay-browser.js';
export { reachabilityMatrix, diffDesigns, checkPolicy } from './analyze/matrix/entry-browser.js';
