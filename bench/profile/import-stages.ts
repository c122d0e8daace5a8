// CPU time of each stage of a CloudFormation import, the mapping loop taken apart (issue 16): the JSON
// template read resource by resource (sliceTemplate), TemplateResolver, the dependency graph (with the
// circular-dependency check), the mapping order, the mapping loop, finalize; with the garbage-collection
// time that fell in each stage (perf_hooks "gc" entries, wall time). Not a bench: `npm run bench` does not run it.
//
//   npx tsx bench/profile/import-stages.ts FILE [ROUNDS] [auto|drop|keep] [--no-map]
//
// auto: as an import does (the slicer drops a big template's properties after its first reading and reads them
// again when mapped, keeps a small one's); drop / keep: always that. --no-map leaves the mapping loop and finalize out: the difference of two
// callgrind runs (with and without) counts the mapping loop's instructions whatever the machine's load.
// The stages are src/import/cloudformation/index.ts's own functions (without the skipped-type warnings).
import { readFileSync } from 'node:fs';
import { PerformanceObserver } from 'node:perf_hooks';
import { mappingOrder } from '../../src/import/cloudformation/dependencies.js';
import { mapResources, resourcePhases } from '../../src/import/cloudformation/index.js';
import { sliceTemplate } from '../../src/import/cloudformation/template-slices.js';
import { TemplateResolver } from '../../src/import/cloudformation/template.js';
import { finalizeTopology } from '../../src/model/finalize.js';
import { emptyTopology } from '../../src/model/types.js';

const args = process.argv.slice(2);
const noMap = args.includes('--no-map');
const [file, roundsText = '1', mode = 'auto'] = args.filter((a) => a !== '--no-map');
if (!file || !['auto', 'drop', 'keep'].includes(mode)) {
  console.error('usage: npx tsx bench/profile/import-stages.ts FILE [ROUNDS] [auto|drop|keep] [--no-map]');
  process.exit(2);
}
const text = readFileSync(file, 'utf8');
const gcs: [number, number][] = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcs.push([e.startTime, e.duration]);
}).observe({ entryTypes: ['gc'] });
const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

for (let round = 0; round < Number(roundsText); round++) {
  const cpu: Record<string, number> = {};
  const marks: [string, number][] = [['start', performance.now()]];
  let last = cpuMs();
  const lap = (stage: string): void => {
    const now = cpuMs();
    cpu[stage] = Math.round(now - last);
    last = now;
    marks.push([stage, performance.now()]);
  };
  const sliced = sliceTemplate(text, mode === 'keep' ? Infinity : mode === 'drop' ? 0 : undefined);
  lap('slice');
  const template = new TemplateResolver(text, file, {}, sliced);
  lap('resolver');
  const topology = emptyTopology(template.region, template.accountId);
  const included = template.included();
  const phase = resourcePhases(included);
  const edges = template.dependencies();
  lap('dependencies');
  const order = mappingOrder(edges, phase, (i) => included[i]!.logicalId);
  lap('order');
  if (!noMap) mapResources(template, topology, included, order, phase, (message) => void topology.warnings.push(message));
  lap('map');
  if (!noMap) finalizeTopology(topology);
  lap('finalize');
  // The gc entries arrive after the synchronous work.
  await new Promise((resolve) => setTimeout(resolve, 50));
  const gc: Record<string, number> = {};
  for (const [at, ms] of gcs) {
    const k = marks.findIndex(([, t], j) => j > 0 && at < t);
    if (k > 0) gc[marks[k]![0]] = Math.round((gc[marks[k]![0]] ?? 0) + ms);
  }
  gcs.length = 0;
  const mapping = cpu.resolver! + cpu.dependencies! + cpu.order! + cpu.map!;
  console.log(JSON.stringify({ round, mode, cpuMs: { ...cpu, mapping }, gcWallMs: gc, resources: included.length }));
}
