// Times a cache miss's store (src/analyze/image-cache): the topology of a template is imported and
// compiled once, then encoded and written (one pass: sections go to the file as they are made) REPEAT
// times (CPU ms of this process; the machine is shared, so compare alternated runs). Usage:
//   npx tsx bench/profile/cache-store.ts TEMPLATE [REPEAT] [OUT_DIR]
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTopology } from '../../src/import/load.js';
import { compile } from '../../src/analyze/engine-trace.js';
import { availabilityZoneNames } from '../../src/model/network-index.js';
import { sourcePortIntervals } from '../../src/analyze/resolve.js';
import { writeTopology } from '../../src/analyze/image-cache/lazy-topology.js';
import { writeEntryWith } from '../../src/analyze/image-cache/entry.js';

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
  const path = join(dir, 'e.vpcimage');
  await writeEntryWith(path, 'k', 'v', [], (out) => writeTopology(topology, image.words, derived, out));
  const t1 = cpu();
  console.log(`store ${(t1 - t0).toFixed(0)} ms cpu, wall ${(performance.now() - w0).toFixed(0)} ms, ${(statSync(path).size / 1e6).toFixed(1)} MB`);
}
if (!outArg) rmSync(dir, { recursive: true, force: true });
