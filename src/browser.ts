// Library entry point for browsers: the same API as ./index.ts without Node-only modules (fs, workers).
export * from './model/types.js';
export * from './model/ip.js';
export * from './model/apigateway.js';
export { InputError } from './model/errors.js';
export { importSnapshot, SNAPSHOT_KEYS, type SnapshotDocument } from './import/snapshot/index.js';
export { VERSION } from './version.js';
export { trace, type TraceQuery, type TraceAnswer, type TraceHop, type TraceExplanation } from './analyze/trace.js';
export { explainTrace } from './analyze/explain.js';
export { Code, HopKind, Direction, codeName, hopKindName, type CodeName, type HopKindName } from './analyze/codes.js';
export { referenceWalk } from './reference/walk.js';
export type { Flow, FlowOrigin, WalkResult, WalkOptions, Hop, Arrival, BlockedAt } from './reference/flow.js';
