// Flow-log replay bench: `npm run bench -- flowlogs [--json]`. Records per second end to end (the file
// read as a stream of bytes, records parsed inside the engine, interfaces found, records put in time order and judged by the engine
// with connection state, the report built) on a generated 2,000,000-record file, beside a plain JS
// replay through the reference walk's security group and network ACL evaluation
// (test/helpers/flowlog-reference.ts: readline, split(' '), bigint addresses, a Map for state) on the
// first records of the same file. Set-up, not timed: the topology, the file (its actions are what the
// configuration decides, so a replay agrees everywhere and no mismatch is worded), a warm-up replay.
// The two replays must agree on every record the reference judges; any difference fails the bench.
import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createInterface } from 'node:readline';
import { flowLogInputs } from '../src/analyze/flowlogs/files-node.js';
import { replayFlowLogs } from '../src/analyze/flowlogs/replay-node.js';
import { generateTopology } from '../src/generate/generate.js';
import { referenceReplay } from '../test/helpers/flowlog-reference.js';
import { generatedRecords, writeLines } from '../test/helpers/flowlog-records.js';
import { timeRuns } from './measure.js';
import { BenchReport } from './report.js';

const RECORDS = 2_000_000;
/** Records the reference replays per run (it is far slower and holds every record). */
const SAMPLE = 100_000;

export default async function run(args: string[]): Promise<void> {
  const report = new BenchReport('flowlogs', args);
  const t = generateTopology({ seed: 1, vpcs: 20, subnetsPerVpc: 4, instancesPerSubnet: 10, hub: 'peering' });
  report.note(`topology: ${t.vpcs.length} VPCs, ${t.subnets.length} subnets, ${t.networkInterfaces.length} ENIs`);
  const dir = mkdtempSync(join(tmpdir(), 'vpcsim-bench-flowlogs-'));
  try {
    // The file: generated records, logged as the configuration decides (found by one untimed replay
    // that words only the records the configuration rejects).
    report.progress(`writing ${RECORDS.toLocaleString('en-US')} records`);
    const draft = join(dir, 'draft.log');
    await writeLines(draft, generatedRecords(t, RECORDS, 1));
    const rejected = new Set<number>();
    await replayFlowLogs(t, await flowLogInputs([draft]), { mismatchesKept: 0, explain: { which: 'mismatch', each: (r) => rejected.add(r.line) } });
    const file = join(dir, 'flowlogs.log');
    let n = 0;
    await writeLines(file, (function* () {
      for (const line of generatedRecords(t, RECORDS, 1)) yield rejected.has(++n) ? line.replace(' ACCEPT OK', ' REJECT OK') : line;
    })());
    const sample = join(dir, 'sample.log');
    n = 0;
    await writeLines(sample, (function* () {
      for (const line of generatedRecords(t, SAMPLE, 1)) yield rejected.has(++n) ? line.replace(' ACCEPT OK', ' REJECT OK') : line;
    })());
    report.note(`file: ${RECORDS.toLocaleString('en-US')} records, ${(statSync(file).size / 1e6).toFixed(0)} MB (version 2 format), ${((100 * rejected.size) / RECORDS).toFixed(1)}% REJECT`);

    // Ours, end to end from the file.
    let last = await replayFlowLogs(t, await flowLogInputs([file]));
    if (last.agree !== RECORDS) throw new Error(`the replay agrees on ${last.agree} of ${RECORDS} records logged as it decides`);
    report.progress('timing the engine replay');
    const ours = await timeRuns(async () => {
      last = await replayFlowLogs(t, await flowLogInputs([file]));
    }, { runs: 5, warmupMs: 0 });
    if (last.agree !== RECORDS) throw new Error('the timed replays disagree with the untimed one');

    // The plain JS replay through the reference, on the first records.
    const readLines = async (path: string): Promise<string[]> => {
      const lines: string[] = [];
      for await (const line of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) lines.push(line);
      return lines;
    };
    let reference = referenceReplay(t, await readLines(sample));
    if (reference.mismatch !== 0 || reference.agree !== SAMPLE) throw new Error(`the reference replay disagrees with the engine on ${reference.mismatch} of ${SAMPLE} records`);
    report.progress('timing the reference replay');
    const peer = await timeRuns(async () => {
      reference = referenceReplay(t, await readLines(sample));
    }, { runs: 5, warmupMs: 0 });

    const what = `replay flow log records from a file (${t.networkInterfaces.length} ENIs, stateful)`;
    report.rate({ case: what, implementation: 'vpcsim replayFlowLogs (engine, batches of 4,096)', includes: `${RECORDS.toLocaleString('en-US')} records: the file streamed as bytes, records parsed in the engine, interfaces found, windows put in time order, the engine's interface checks with connection state, the report`, cpu: true }, 'records/s', RECORDS, ours);
    report.rate({ case: what, implementation: 'plain JS replay through the reference (readline, split, reference SG/NACL evaluation, Map state)', includes: `the first ${SAMPLE.toLocaleString('en-US')} records of the same file, read with readline, held and sorted, judged one by one`, peer: true, cpu: true }, 'records/s', SAMPLE, peer);
    report.finish();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await run(process.argv.slice(2));
}
