// Library entry point (Node). The browser entry is ./browser.ts.
export * from './library.js';
import { loadEngine as loadNodeEngine } from '../bindings/node.js';

/**
 * A new instance of the WebAssembly engine (the package's build/release.wasm, or `wasmPath`): batch
 * longest-prefix match and packet walks over a compiled topology. trace() and the other analyses load
 * their own; pass one as `engine` to share it.
 */
export const loadEngine: typeof loadNodeEngine = loadNodeEngine;
export { loadTopology, loadTopologyFromText, type LoadOptions } from './import/load.js';
export { trace } from './analyze/trace-node.js';
export { monteCarlo } from './analyze/montecarlo/montecarlo-node.js';
export { replayFlowLogs, emitFlowLogs } from './analyze/flowlogs/replay-node.js';
export { flowLogInputs } from './analyze/flowlogs/files-node.js';
export { reachabilityMatrix, diffDesigns, checkPolicy } from './analyze/matrix/entry-node.js';
