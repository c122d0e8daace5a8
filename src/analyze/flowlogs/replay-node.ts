// replayFlowLogs() for Node: the engine is build/release.wasm of the package, loaded on first use.
import { loadEngine } from '../../../bindings/node.js';
import { createReplay } from './replay.js';

export const replayFlowLogs = createReplay(() => loadEngine());
