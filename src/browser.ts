// Library entry point for browsers: the same API as ./index.ts without Node-only modules (fs, workers).
export * from './library.js';
export { loadEngine } from '../bindings/browser.js';
export { loadTopologyFromText, type LoadOptions } from './import/load-text.js';
export { loadTopology } from './import/load-url.js';
export { trace } from './analyze/trace-browser.js';
export { monteCarlo } from './analyze/montecarlo/montecarlo-browser.js';
export { replayFlowLogs, emitFlowLogs } from './analyze/flowlogs/replay-browser.js';
export { reachabilityMatrix, diffDesigns, checkPolicy } from './analyze/matrix/entry-browser.js';
