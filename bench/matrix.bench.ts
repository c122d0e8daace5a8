// Reachability-matrix bench: `npm run bench -- matrix [--json]`, on the generated 1,000-VPC topology
// (`vpcsim generate --vpcs 1000`: 3 subnets x 2 instances each, transit gateway hub), `--by subnet`,
// the default ports (tcp/22, tcp/443, udp/53, icmp): 36 million cells.
//   - vpcsim grouped: computeMatrix() walking each equivalence-class pair once (MATRIX-2), the flows made
//     by the engine from the classes and ports (assembly/walk-class-pairs.ts);
//   - vpcsim ungrouped: the same cells walking every instance pair (the brute force);
//   - the reference walk (src/reference, the spec): the grouped matrix's flows walked one by one on a
//     sample spread over the whole matrix, as cells/s at the grouped matrix's cells per flow.
// The topology is compiled and loaded into the engine by an untimed first call. Grouped and ungrouped
// cells must be identical, and the reference must agree with the engine on the sample: any difference
// fails the bench.
import { loadEngine } from '../bindings/node.js';
import { walkFlows, type BatchFlow } from '../src/analyze/batch-walk.js';
import { computeMatrix, matrixGrouping, memberFlow, type ReachabilityMatrix } from '../src/analyze/matrix/matrix.js';
import { generateTopology } from '../src/generate/generate.js';
import { networkIndex } from '../src/model/network-index.js';
import { referenceHops } from '../src/reference/walk.js';
import { timeRuns } from './measure.js';
import { BenchReport } from './report.js';

/** Reference flows (the reference walk is ~100x slower than the engine: a sample of the matrix's flows). */
const R = 20_000;

function sameCells(a: ReachabilityMatrix, b: ReachabilityMatrix): boolean {
  if (a.codes.length !== b.codes.length) return false;
  for (let i = 0; i < a.codes.length; i++) if (a.codes[i] !== b.codes[i] || a.partial[i] !== b.partial[i]) return false;
  return true;
}

/** R flows of the grouped matrix, spread evenly over its class pairs and ports. */
function sampleFlows(m: ReachabilityMatrix): BatchFlow[] {
  const g = matrixGrouping(m);
  const C = g.classMembers.length;
  const P = g.ports.length;
  const total = C * C * P;
  const out: BatchFlow[] = [];
  for (let k = 0; out.length < R && k < total; k += Math.max(1, Math.floor(total / R))) {
    const p = k % P;
    const d = Math.floor(k / P) % C;
    const c = Math.floor(k / P / C);
    const a = g.members[g.classMembers[c]![0]!]!;
    const list = g.classMembers[d]!;
    const b = g.members[c === d ? (list[1] ?? list[0]!) : list[0]!]!;
    if (a === b) continue;
    out.push(memberFlow(a, b, g.ports[p]!));
  }
  return out;
}

export default async function run(args: string[]): Promise<void> {
  const report = new BenchReport('matrix', args);
  let t0 = performance.now();
  const t = generateTopology({ seed: 1, vpcs: 1000, subnetsPerVpc: 3, instancesPerSubnet: 2, hub: 'tgw' });
  report.note(`topology: ${t.vpcs.length} VPCs, ${t.subnets.length} subnets, ${t.instances.length} instances (generated in ${(performance.now() - t0).toFixed(0)} ms, not timed)`);
  const engine = await loadEngine();
  report.progress('first call (compile + load, untimed)');
  t0 = performance.now();
  const grouped = computeMatrix(engine, t, { by: 'subnet' });
  report.note(`first grouped call, with compile and engine load: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const cells = grouped.codes.length;
  const setting = `${t.vpcs.length.toLocaleString('en-US')} VPCs --by subnet, ports ${grouped.ports.join(' ')}: ${grouped.groups.length.toLocaleString('en-US')} x ${grouped.groups.length.toLocaleString('en-US')} groups, ${cells.toLocaleString('en-US')} cells`;

  report.progress('grouped');
  const groupedMs = await timeRuns(() => computeMatrix(engine, t, { by: 'subnet' }), { runs: 3, minRunMs: 0, warmupMs: 0 });
  report.progress('ungrouped (brute force)');
  let ungrouped: ReachabilityMatrix | undefined;
  const ungroupedMs = await timeRuns(() => (ungrouped = computeMatrix(engine, t, { by: 'subnet', grouped: false })), { runs: 1, minRunMs: 0, warmupMs: 0 });
  if (!ungrouped || !sameCells(grouped, ungrouped)) throw new Error('grouped and ungrouped matrices differ');

  report.progress('reference walk sample');
  const sample = sampleFlows(grouped);
  const engineVerdicts = walkFlows(engine, t, sample);
  networkIndex(t);
  sample.forEach((f, i) => {
    const ref = referenceHops(t, f.flow, f.origin, {}, f.destination);
    if (ref.verdict !== engineVerdicts[i]) throw new Error(`sample flow ${i}: engine verdict ${engineVerdicts[i]} != reference ${ref.verdict}`);
  });
  const referenceMs = await timeRuns(() => sample.forEach((f) => referenceHops(t, f.flow, f.origin, {}, f.destination)), { runs: 3, minRunMs: 0, warmupMs: 0 });
  const cellsPerFlow = cells / grouped.walks;

  report.rate({ case: setting, implementation: 'vpcsim matrix, grouped (engine)', includes: `computeMatrix(): group instances into equivalence classes, ${grouped.walks.toLocaleString('en-US')} class-pair flows made and walked inside the WASM engine (walkClassPairs, 2^20 flows per call), cells aggregated; image compiled and loaded before timing`, cpu: true }, 'cells/s', cells, groupedMs);
  report.rate({ case: setting, implementation: 'vpcsim matrix, ungrouped (engine)', includes: `computeMatrix({ grouped: false }): every instance pair, ${ungrouped.walks.toLocaleString('en-US')} flows through the same engine; one run`, peer: true, cpu: true }, 'cells/s', cells, ungroupedMs);
  report.rate(
    { case: setting, implementation: 'reference walk (TypeScript)', includes: `referenceHops() of ${sample.length.toLocaleString('en-US')} of the grouped matrix's flows spread over the matrix, one call per flow, counted at the grouped matrix's ${cellsPerFlow.toFixed(2)} cells per flow; network index built before timing`, peer: true, cpu: true },
    'cells/s',
    sample.length * cellsPerFlow,
    referenceMs,
  );
  report.finish();
}
