// Packet-walk bench: `npm run bench -- trace [--json]`.
//   - compile: the generated 1,000-VPC topology (10 subnets x 10 instances each) -> NetworkImage;
//   - batch: WASM verdicts per second without the hop trace, vs the TypeScript reference walk, on the
//     flow mix of bench/flow-mix.ts (about half reachable; the verdict mix is printed); the engine
//     walks a batch this size grouped by source VPC (assembly/batch-order.ts), so the same flows are
//     also timed in batches too small for that (input order), and both must give the same verdicts;
//   - one warm traced flow (µs), vs the reference walk of the same flow;
//   - one warm library trace() end to end (engine-backed, µs), vs traceReference() of the same query;
//   - `vpcsim trace` end to end on examples/two-tier.yaml (in-process CLI, ms).
// The WASM and reference verdicts are compared on the reference sample: any difference fails the bench.
import { Bench } from 'tinybench';
import type { FlowBatch } from '../bindings/network.js';
import { loadEngine } from '../bindings/node.js';
import { compileTopology } from '../src/compile/index.js';
import { VERDICT_UNSUPPORTED, WALK_ORDER_MIN_FLOWS } from '../abi/batch.js';
import { elementaryIntervals, portCuts } from '../src/analyze/source-ports.js';
import { trace } from '../src/analyze/trace-node.js';
import { traceReference } from '../src/analyze/trace.js';
import { main } from '../src/cli/main.js';
import { generateTopology } from '../src/generate/generate.js';
import { referenceWalk } from '../src/reference/walk.js';
import { sampleFlows, verdictMix } from './flow-mix.js';

/** Flows [start, end) of a batch. */
function slice(batch: FlowBatch, end: number, start = 0): FlowBatch {
  const cut = <T extends Int32Array | Uint32Array>(column: T, words = 1) => column.subarray(words * start, words * end) as T;
  return {
    origin: cut(batch.origin), family: cut(batch.family), protocol: cut(batch.protocol), srcPort: cut(batch.srcPort), dstPort: cut(batch.dstPort),
    icmpType: cut(batch.icmpType), icmpCode: cut(batch.icmpCode), src: cut(batch.src, 4), dst: cut(batch.dst, 4),
  };
}

async function meanMs(name: string, fn: () => unknown, time = 500): Promise<number> {
  const bench = new Bench({ time, warmupTime: 100, throws: true });
  bench.add(name, fn);
  await bench.run();
  const result = bench.tasks[0]!.result as { latency?: { mean: number } };
  if (!result.latency) throw new Error(`bench ${name}: no result`);
  return result.latency.mean;
}

export default async function run(args: string[]): Promise<void> {
  const json = args.includes('--json');
  const log = (s: string) => { if (!json) console.log(s); };

  let t0 = performance.now();
  const t = generateTopology({ seed: 1, vpcs: 1000, subnetsPerVpc: 10, instancesPerSubnet: 10, hub: 'peering' });
  const generateMs = performance.now() - t0;
  t0 = performance.now();
  const image = compileTopology(t);
  const compileMs = performance.now() - t0;
  const engine = await loadEngine();
  t0 = performance.now();
  engine.loadNetwork(image);
  const loadMs = performance.now() - t0;
  log(`topology: ${t.vpcs.length} VPCs, ${t.subnets.length} subnets, ${t.networkInterfaces.length} ENIs (generated in ${generateMs.toFixed(0)} ms)`);
  log(`compile: ${compileMs.toFixed(0)} ms (${(image.words.length * 4 / 1e6).toFixed(1)} MB image); engine load + route tables: ${loadMs.toFixed(0)} ms`);

  const N = 200_000;
  const sample = sampleFlows(t, N);
  const batchMs = await meanMs('wasm batch', () => engine.walkBatch(sample.batch), 1000);
  const wasmRate = N / (batchMs / 1000);
  const verdicts = engine.walkBatch(sample.batch).verdicts;
  const mix = verdictMix(verdicts);
  const reachable = mix.find(([v]) => v === 0)?.[1] ?? 0;
  log(`flow mix: ${(100 * reachable / N).toFixed(0)}% reachable; verdicts ${mix.map(([v, c]) => `${v}:${c}`).join(' ')}`);
  // The same flows in batches too small for the engine to group by source VPC: walked in input order.
  const chunk = WALK_ORDER_MIN_FLOWS - 1;
  const chunks = Array.from({ length: Math.ceil(N / chunk) }, (_, c) => slice(sample.batch, Math.min(N, (c + 1) * chunk), c * chunk));
  const inputOrderMs = await meanMs('wasm batch, input order', () => chunks.forEach((b) => engine.walkBatch(b)), 1000);
  const inputOrderRate = N / (inputOrderMs / 1000);
  chunks.forEach((b, c) => {
    const v = engine.walkBatch(b).verdicts;
    for (let i = 0; i < v.length; i++) if (v[i] !== verdicts[c * chunk + i]) throw new Error(`flow ${c * chunk + i}: verdict ${verdicts[c * chunk + i]} grouped by VPC, ${v[i]} in input order`);
  });

  // The reference is slow: time it on a sample and check it agrees with the engine there.
  const R = 2_000;
  t0 = performance.now();
  let unsupported = 0;
  for (let i = 0; i < R; i++) {
    const ref = referenceWalk(t, sample.flows[i]!, sample.origins[i]!);
    if (verdicts[i] === VERDICT_UNSUPPORTED) { unsupported++; continue; }
    if (ref.verdict !== verdicts[i]) throw new Error(`flow ${i}: engine verdict ${verdicts[i]} != reference ${ref.verdict}`);
  }
  const refRate = R / ((performance.now() - t0) / 1000);
  log(`batch verdicts (no trace): ${(wasmRate / 1e6).toFixed(2)} M flows/s; reference walk: ${(refRate / 1e3).toFixed(1)} k flows/s (sampled ${R}); ratio ${(wasmRate / refRate).toFixed(0)}x`);
  log(`  the same flows in batches of ${chunk} (walked in input order, not grouped by source VPC): ${(inputOrderRate / 1e6).toFixed(2)} M flows/s`);
  if (unsupported > 0) log(`  (${unsupported} of ${R} sampled flows not walked by the engine)`);

  const one = slice(sample.batch, 1);
  const traceMs = await meanMs('wasm one traced flow', () => engine.walkBatch(one, { trace: true }));
  const refOneMs = await meanMs('reference one flow', () => referenceWalk(t, sample.flows[0]!, sample.origins[0]!));
  log(`one warm trace: ${(traceMs * 1000).toFixed(1)} µs; reference: ${(refOneMs * 1000).toFixed(1)} µs; ratio ${(refOneMs / traceMs).toFixed(1)}x`);

  // The library call end to end on the same topology: trace() (engine: one batch of every TRACE-4
  // source-port interval, plus the explanation of the packet shown) vs traceReference() (a reference
  // walk per interval). Warm: the first trace() compiled and loaded the topology.
  const query = { from: t.instances[0]!.logicalId, to: t.instances[t.instances.length - 1]!.logicalId, port: 443 };
  t0 = performance.now();
  const first = await trace(t, query);
  const firstTraceMs = performance.now() - t0;
  if (JSON.stringify(first) !== JSON.stringify(traceReference(t, query))) throw new Error('trace() and traceReference() disagree');
  const intervals = elementaryIntervals(portCuts(t)).length;
  const libMs = await meanMs('trace()', () => trace(t, query));
  const libRefMs = await meanMs('traceReference()', () => traceReference(t, query));
  log(`one warm trace() (${query.from} -> ${query.to}:443, ${intervals} source-port intervals, ${first.reachable ? 'reachable' : first.explanations[0]?.code}): ${(libMs * 1000).toFixed(0)} µs; traceReference(): ${(libRefMs * 1000).toFixed(0)} µs; ratio ${(libRefMs / libMs).toFixed(1)}x (first trace() with compile + load: ${firstTraceMs.toFixed(0)} ms)`);

  const io = { stdout: () => {}, stderr: () => {} };
  t0 = performance.now();
  const code = await main(['trace', 'examples/two-tier.yaml', '--from', 'WebServer', '--to', 'AppServer', '--port', '8080'], io);
  const cliMs = performance.now() - t0;
  log(`vpcsim trace end to end (examples/two-tier.yaml, in-process, cold): ${cliMs.toFixed(0)} ms (exit ${code})`);

  if (json) {
    console.log(JSON.stringify({ compileMs, loadMs, wasmFlowsPerSec: wasmRate, wasmInputOrderFlowsPerSec: inputOrderRate, referenceFlowsPerSec: refRate, traceMicros: traceMs * 1000, referenceTraceMicros: refOneMs * 1000, libraryTraceMicros: libMs * 1000, libraryReferenceMicros: libRefMs * 1000, cliMs, cliExit: code }));
  }
}
