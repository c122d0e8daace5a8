// Flow-log replay profiling driver (not a bench): writes the flowlogs bench's records (N, default
// 400,000) for the bench's topology to a file once (kept in DIR), then replays it RUNS times and
// prints records/s in wall and CPU time. Run under `node --cpu-prof --import tsx` to see the split.
//   npx tsx bench/profile/flowlogs-driver.ts [runs=3] [records=400000] [dir=/tmp/vpcsim-flowlogs-driver] [wasm]
// `wasm`: an engine built with function names (bench/profile/README.md), so the profile names them.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { flowLogInputs } from '../../src/analyze/flowlogs/files-node.js';
import { replayFlowLogs } from '../../src/analyze/flowlogs/replay-node.js';
import { loadEngine } from '../../bindings/node.js';
import { generateTopology } from '../../src/generate/generate.js';
import { generatedRecords } from '../../test/helpers/flowlog-records.js';

const runs = Number(process.argv[2] ?? 3);
const records = Number(process.argv[3] ?? 400_000);
const dir = process.argv[4] ?? '/tmp/vpcsim-flowlogs-driver';
const engine = await loadEngine(process.argv[5] ? { wasmPath: process.argv[5] } : {});
const t = generateTopology({ seed: 1, vpcs: 20, subnetsPerVpc: 4, instancesPerSubnet: 10, hub: 'peering' });
const file = join(dir, `records-${records}.log`);
if (!existsSync(file)) {
  mkdirSync(dir, { recursive: true });
  // Logged as the configuration decides (as in the bench): no mismatch is worded.
  const lines = [...generatedRecords(t, records, 1)];
  const rejected = new Set<number>();
  await replayFlowLogs(t, lines, { mismatchesKept: 0, explain: { which: 'mismatch', each: (r) => rejected.add(r.line) } });
  writeFileSync(file, lines.map((l, i) => (rejected.has(i + 1) ? l.replace(' ACCEPT OK', ' REJECT OK') : l)).join('\n') + '\n');
}
for (let r = 0; r < runs; r++) {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  const report = await replayFlowLogs(t, await flowLogInputs([file]), { mismatchesKept: 20, engine });
  const used = process.cpuUsage(cpu);
  const ms = performance.now() - wall;
  const cpuMs = (used.user + used.system) / 1000;
  console.log(`run ${r}: ${report.records} records, ${report.mismatch} mismatches, ${(records / ms).toFixed(0)}k/s wall, ${(records / cpuMs).toFixed(0)}k/s CPU`);
}
