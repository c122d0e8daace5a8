// The platform-independent part of the library API, shared by the Node entry (./index.ts) and the
// browser entry (./browser.ts); each entry adds only how it loads files, the engine and trace.
export * from './model/types.js';
export * from './model/ip.js';
export * from './model/apigateway.js';
export * from './apigw/index.js';
export { InputError } from './model/errors.js';
export { importSnapshot, SNAPSHOT_KEYS, type SnapshotDocument } from './import/snapshot/index.js';
export { importCloudFormation, resolveTemplate, type ResolvedTemplate, type ResolvedResource } from './import/cloudformation/index.js';
export { finalizeTopology } from './model/finalize.js';
export { lookupTopology, TopologyLookup } from './model/lookup.js';
export { VERSION } from './version.js';
export { LPM_MISS, type Engine, type IpFamily, type LpmEntries, type LpmTableInfo, type LpmLayout } from '../bindings/engine.js';
export { validateTopology, collectWarnings } from './model/validate.js';
export { topology, TopologyBuilder, type TopologyOptions } from './builder/index.js';
export { generateTopology, type GenerateOptions } from './generate/generate.js';
export { toCloudFormation, type CloudFormationOptions } from './generate/cloudformation/index.js';
export { type TraceQuery, type TraceAnswer, type TraceHop, type TraceExplanation } from './analyze/trace.js';
export { traceReference, referenceWalk } from './analyze/trace-reference.js';
export type { TraceOptions, TraceFunction } from './analyze/engine-trace.js';
export { explainTrace } from './analyze/explain.js';
export { Code, HopKind, Direction, codeName, codeKind, hopKindName, type CodeName, type CodeKind, type HopKindName } from './analyze/codes.js';
export type { Flow, FlowOrigin } from './walk/flow.js';
export type { WalkResult, WalkOptions, Hop, Arrival, BlockedAt } from './walk/result.js';
