// Files stream with constant memory (issue 14 §1): a generated file far larger than the replay's
// window is replayed from disk while the live heap (after a forced collection, sampled during the
// replay) stays under a ceiling well below the file's size; the heap measured, never the time.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, describe, expect, it } from 'vitest';
import { flowLogInputs } from '../../src/analyze/flowlogs/files-node.js';
import { replayFlowLogs } from '../../src/analyze/flowlogs/replay-node.js';
import { WINDOW } from '../../src/analyze/flowlogs/replay.js';
import { loadTopology } from '../../src/import/load.js';
import { referenceReplay } from '../helpers/flowlog-reference.js';
import { generatedRecords, writeLines } from '../helpers/flowlog-records.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const dir = mkdtempSync(join(tmpdir(), 'vpcsim-flowlogs-stream-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const RECORDS = 400_000;
const MB = 1 << 20;

describe('streaming', () => {
  it(`replays ${RECORDS.toLocaleString('en-US')} records from disk with the live heap growing far less than the file`, async () => {
    const t = await loadTopology('examples/two-tier.yaml');
    const file = join(dir, 'big.log');
    // Logged as the configuration decides (the reference replay's actions): a replay that keeps no mismatches.
    const lines = [...generatedRecords(t, RECORDS, 7)];
    const actions = referenceReplay(t, lines).simulated;
    await writeLines(file, lines.map((l, i) => (actions.get(i + 1) === 'REJECT' ? l.replace(' ACCEPT OK', ' REJECT OK') : l)));
    lines.length = 0;
    const size = statSync(file).size;
    expect(size).toBeGreaterThan(40 * MB);
    // Warm up once (the engine, the compiled image, the JIT), then measure from a collected heap.
    await replayFlowLogs(t, [...generatedRecords(t, 1000, 8)]);
    gc();
    const base = process.memoryUsage().heapUsed;
    let peak = 0;
    const sample = () => {
      gc();
      peak = Math.max(peak, process.memoryUsage().heapUsed - base);
    };
    const timer = setInterval(sample, 100);
    const report = await replayFlowLogs(t, await flowLogInputs([file]));
    clearInterval(timer);
    sample();
    expect(report.records).toBe(RECORDS);
    expect(report.malformed).toBe(0);
    expect(report.agree).toBe(RECORDS);
    expect(RECORDS).toBeGreaterThan(4 * WINDOW);
    // The window's byte chunks (65,536 records' lines) and the chunk being read: a few MB, whatever the file's size.
    expect(peak).toBeLessThan(32 * MB);
    expect(peak).toBeLessThan(0.75 * size);
  }, 120_000);
});
