// The whole-network analyses with the browser engine loader (./entry.ts).
import { loadEngine } from '../../../bindings/browser.js';
import { createNetworkAnalyses, type CheckPolicyFunction, type DiffDesignsFunction, type ReachabilityMatrixFunction } from './entry.js';

const analyses = createNetworkAnalyses(() => loadEngine());

/** What can talk to what: every source group x destination group x port, forward and return (`vpcsim matrix --json`; cells by matrixCells()). */
export const reachabilityMatrix: ReachabilityMatrixFunction = analyses.reachabilityMatrix;
/** The verdict changes between two designs, by group pair and port, each blocked side with its blocker (`vpcsim diff --json`). */
export const diffDesigns: DiffDesignsFunction = analyses.diffDesigns;
/** Checks reachability assertions (`policy`: YAML/JSON text or the object) and gives witness flows of violated ones (`vpcsim check --json`). */
export const checkPolicy: CheckPolicyFunction = analyses.checkPolicy;
