// The whole-network analyses with the Node engine loader (./entry.ts).
import { loadEngine } from '../../../bindings/node.js';
import { createNetworkAnalyses, type CheckPolicyFunction, type DiffDesignsFunction, type ReachabilityMatrixFunction } from './entry.js';
import { walkJobOnWorkers } from './pool-node.js';

const analyses = createNetworkAnalyses(() => loadEngine(), walkJobOnWorkers);

/** What can talk to what: every source group x destination group x port, forward and return (`vpcsim matrix --json`; cells by matrixCells()); `workers` threads share the walks. */
export const reachabilityMatrix: ReachabilityMatrixFunction = analyses.reachabilityMatrix;
/** The verdict changes between two designs, by group pair and port, each blocked side with its blocker (`vpcsim diff --json`). */
export const diffDesigns: DiffDesignsFunction = analyses.diffDesigns;
/** Checks reachability assertions (`policy`: YAML/JSON text or the object) and gives witness flows of violated ones (`vpcsim check --json`). */
export const checkPolicy: CheckPolicyFunction = analyses.checkPolicy;
