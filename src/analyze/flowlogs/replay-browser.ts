// replayFlowLogs() for browsers: the engine is fetched next to the bundle (bindings/browser.ts), on first use.
import { loadEngine } from '../../../bindings/browser.js';
import { createReplay } from './replay.js';

export const replayFlowLogs = createReplay(() => loadEngine());
