// The whole-network analyses with the Node engine loader (./entry.ts).
import { loadEngine } from '../../../bindings/node.js';
import { createNetworkAnalyses } from './entry.js';

export const { reachabilityMatrix, diffDesigns } = createNetworkAnalyses(() => loadEngine());
