// replayFlowLogs() and emitFlowLogs() for browsers: the engine is fetched next to the bundle (bindings/browser.ts), on first use.
import { loadEngine } from '../../../bindings/browser.js';
import { createEmit } from './emit.js';
import { createReplay } from './replay.js';

export const replayFlowLogs = createReplay(() => loadEngine());
export const emitFlowLogs = createEmit(() => loadEngine());
