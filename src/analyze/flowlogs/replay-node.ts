// replayFlowLogs() and emitFlowLogs() for Node: the engine is build/release.wasm of the package, loaded on first use.
import { loadEngine } from '../../../bindings/node.js';
import { createEmit } from './emit.js';
import { createReplay } from './replay.js';

export const replayFlowLogs = createReplay(() => loadEngine());
export const emitFlowLogs = createEmit(() => loadEngine());
