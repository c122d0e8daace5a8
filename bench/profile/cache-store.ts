// Times the parts of a cache miss's store (src/analyze/image-cache): the topology of a template is
// imported and compiled once, then encoded and written REPEAT times, each part timed (CPU ms of this
// process; the machine is shared, so compare alternated runs). Usage:
//   npx tsx bench/profile/cache-store.ts TEMPLATE [REPEAT] [OUT_DIR]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTopology } from '../../src/import/load.js';
import { compile } from '../../src/analyze/engine-trace.js';
import { availabilityZoneNames } from '../../src/model/network-index.js';
import { sourcePortIntervals } from '../../src/analyze/resolve.js';
import { encodeTopology } from '../../src/analyze/image-cache/lazy-topology.js';
import { writeEntry } from '../../src/analyze/image-cache/entry.js';

const [file, repeatArg, outArg] = process.argv.slice(2);
if (!file) throw new Error('usage: cache-store.ts TEMPLATE [REPEAT] [OUT_DIR]');
const repeat = Number(repeatArg ?? 3);
const dir = outArg ?? mkdtempSync(join(tmpdir(), 'cache-store-'));
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const topology = await loadTopology(file, {});
const { image } = compile(topology);
const derived = { zones: availabilityZoneNames(topology), intervals: sourcePortIntervals(topology) };
for (let r = 0; r < repeat; r++) {
  const t0 = cpu();
  const w0 = performance.now();
  const entry = encodeTopology(topology, image.words, derived);
  const t1 = cpu();
  await writeEntry(join(dir, 'e.vpcimage'), 'k', 'v', { ...entry, warnings: [] });
  const t2 = cpu();
  const bytes = [...entry.eager, ...entry.lazy].reduce((n, s) => n + s.byteLength, 0);
  console.log(`encode ${(t1 - t0).toFixed(0)} ms cpu, write ${(t2 - t1).toFixed(0)} ms cpu, wall ${(performance.now() - w0).toFixed(0)} ms, ${(bytes / 1e6).toFixed(1)} MB`);
}
if (!outArg) rmSync(dir, { recursive: true, force: true });
