// replayFlowLogs() and emitFlowLogs() for browsers: the engine is fetched next to the bundle (bindings/browser.ts), on first use.
import { loadEngine } from '../../../bindings/browser.js';
import { createEmit } from './emit.js';
import { createReplay } from './replay.js';

/**
 * Replays VPC Flow Log records through the topology's security groups and network ACLs (browsers: a dropped file's `stream()` is a bytes input):
 * `source` is a log's text, its lines, `{ name, lines }` or `{ name, bytes }` inputs (bytes are parsed
 * in the engine, the fast way). The report is what `vpcsim flowlogs --json` prints.
 */
export const replayFlowLogs = createReplay(() => loadEngine());
/**
 * The flow log lines (header first) AWS would write for declared traffic: both directions, at every ENI
 * the packets reach or are rejected at (`vpcsim flowlogs emit`; browsers).
 */
export const emitFlowLogs = createEmit(() => loadEngine());
