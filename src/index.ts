// Library entry point (Node). The browser entry is ./browser.ts.
export * from './library.js';
export { loadEngine } from '../bindings/node.js';
export { loadTopology, loadTopologyFromText, type LoadOptions } from './import/load.js';
export { trace } from './analyze/trace-node.js';
export { monteCarlo } from './analyze/montecarlo/montecarlo-node.js';
export { replayFlowLogs, emitFlowLogs } from './analyze/flowlogs/replay-node.js';
export { flowLogInputs } from './analyze/flowlogs/files-node.js';
export { reachabilityMatrix, diffDesigns, checkPolicy } from './analyze/matrix/entry-node.js';
