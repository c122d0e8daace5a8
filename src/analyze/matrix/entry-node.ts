// The whole-network analyses with the Node engine loader (./entry.ts).
import { loadEngine } from '../../../bindings/node.js';
import { createNetworkAnalyses } from './entry.js';
import { walkJobOnWorkers } from './pool-node.js';

export const { reachabilityMatrix, diffDesigns, checkPolicy } = createNetworkAnalyses(() => loadEngine(), walkJobOnWorkers);
