// Memory, page faults and CPU at each stage of a cold load (issue 16): read the bytes, slice (JSON scan,
// text decoded), TemplateResolver, dependencies, order, map, finalize, validate, compile, engine load and
// the first trace. Not a bench: `npm run bench` does not run it. With --gc (node --expose-gc) a full
// collection runs before each figure, so heapUsed is what is live then (the model, not the garbage).
//
//   npx tsx bench/profile/load-memory.ts FILE.json [--gc]
//   node --expose-gc --import tsx bench/profile/load-memory.ts FILE.json --gc
//
// On the 2-core Firecracker VM of Dec 2026 a page touched for the first time cost ~8 us of system time
// (~100k minor faults per cold load of the 1,000-VPC template: 20-25% of its CPU), so the faults column
// counts as much as the CPU column.
import { readFileSync, statSync } from 'node:fs';
import { loadEngine } from '../../bindings/node.js';
import { compile, createTrace } from '../../src/analyze/engine-trace.js';
import { mappingOrder } from '../../src/import/cloudformation/dependencies.js';
import { mapResources, resourcePhases } from '../../src/import/cloudformation/index.js';
import { warmUpScan } from '../../src/import/cloudformation/scan-warm-up.js';
import { sliceTemplateBytes } from '../../src/import/cloudformation/template-slices.js';
import { TemplateResolver } from '../../src/import/cloudformation/template.js';
import { validated } from '../../src/import/load-text.js';
import { finalizeTopology } from '../../src/model/finalize.js';
import { emptyTopology } from '../../src/model/types.js';

const [file, flag] = process.argv.slice(2);
const collect = flag === '--gc' ? (globalThis as { gc?: () => void }).gc : undefined;
if (!file || (flag === '--gc' && !collect)) {
  console.error('usage: node --expose-gc --import tsx bench/profile/load-memory.ts FILE.json [--gc]');
  process.exit(2);
}
const mb = (n: number): number => Math.round(n / 1e6);
let cpu = process.cpuUsage();
let faults = process.resourceUsage().minorPageFault;
function lap(stage: string): void {
  collect?.();
  const used = process.cpuUsage(cpu);
  const r = process.resourceUsage();
  const m = process.memoryUsage();
  console.log(
    `${stage.padEnd(10)} cpu ${Math.round((used.user + used.system) / 1000)} ms (system ${Math.round(used.system / 1000)})`.padEnd(44),
    `faults +${r.minorPageFault - faults}`.padEnd(15),
    `rss ${mb(m.rss)} MB, heapUsed ${mb(m.heapUsed)}, external ${mb(m.external)} (arrayBuffers ${mb(m.arrayBuffers)}), peak ${Math.round(r.maxRSS / 1024)} MiB`,
  );
  cpu = process.cpuUsage();
  faults = r.minorPageFault;
}

lap('start');
// As the CLI does (src/import/load.ts): the scan is compiled in the background while the file is read.
warmUpScan(statSync(file).size);
let bytes: Uint8Array | undefined = readFileSync(file);
lap('read');
const sliced = sliceTemplateBytes(bytes);
if (!sliced) throw new Error(`${file}: not a JSON template the scan takes`);
// Dropped once scanned, as the CLI's import does (src/import/load-bytes.ts loadTopologyFromHeldBytes).
bytes = undefined;
lap('slice');
const template = new TemplateResolver(sliced.text, file, {}, sliced);
lap('resolver');
const topology = emptyTopology(template.region, template.accountId);
const included = template.included();
const phase = resourcePhases(included);
const edges = template.dependencies();
lap('deps');
const order = mappingOrder(edges, phase, (i) => included[i]!.logicalId);
lap('order');
mapResources(template, topology, included, order, phase, (message) => void topology.warnings.push(message));
lap('map');
const t = finalizeTopology(topology);
lap('finalize');
validated(t, file, {});
lap('validate');
compile(t);
lap('compile');
const engine = await loadEngine();
lap('engine');
const first = t.instances[0]?.logicalId;
const last = t.instances[t.instances.length - 1]?.logicalId;
if (first && last) await createTrace(async () => engine)(t, { from: first, to: last, port: 443 });
lap('trace');
