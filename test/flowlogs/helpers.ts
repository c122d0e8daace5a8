// Shared by the flow-log tests: the network of the AWS examples and a replay over lines in memory.
import { loadTopology } from '../../src/import/load.js';
import { replayFlowLogs } from '../../src/analyze/flowlogs/replay-node.js';
import type { ReplayOptions } from '../../src/analyze/flowlogs/replay.js';
import type { FlowLogReport, ReplayedRecord } from '../../src/analyze/flowlogs/report.js';
import type { Topology } from '../../src/model/types.js';

export const EXAMPLES = 'test/flowlogs/fixtures/aws-examples.yaml';

let examples: Promise<Topology> | undefined;
export function examplesTopology(): Promise<Topology> {
  examples ??= loadTopology(EXAMPLES);
  return examples;
}

/** Replays `lines` (one file named `name`) and collects every record with what decided it. */
export async function replayLines(t: Topology, lines: readonly string[], options: ReplayOptions = {}, name = 'test.log'): Promise<{ report: FlowLogReport; records: ReplayedRecord[] }> {
  const records: ReplayedRecord[] = [];
  const report = await replayFlowLogs(t, { name, lines }, { explain: { which: 'all', each: (r) => records.push(r) }, ...options });
  return { report, records };
}

/** replayLines() for a file given as chunks of bytes (the engine's byte parser). */
export async function replayBytes(t: Topology, chunks: readonly Uint8Array[], options: ReplayOptions = {}, name = 'test.log'): Promise<{ report: FlowLogReport; records: ReplayedRecord[] }> {
  const records: ReplayedRecord[] = [];
  const report = await replayFlowLogs(t, { name, bytes: chunks }, { explain: { which: 'all', each: (r) => records.push(r) }, ...options });
  return { report, records };
}
