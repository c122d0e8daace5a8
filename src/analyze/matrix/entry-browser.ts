// The whole-network analyses with the browser engine loader (./entry.ts).
import { loadEngine } from '../../../bindings/browser.js';
import { createNetworkAnalyses } from './entry.js';

export const { reachabilityMatrix, diffDesigns, checkPolicy } = createNetworkAnalyses(() => loadEngine());
