// Packet-walk bench: `npm run bench -- trace [--json]`.
//   - compile: the generated 1,000-VPC topology (10 subnets x 10 instances each) -> NetworkImage;
//   - batch: WASM verdicts per second without the hop trace, vs the TypeScript reference walk;
//   - one warm traced flow (µs), vs the reference walk of the same flow;
//   - `vpcsim trace` end to end on examples/two-tier.yaml (in-process CLI, ms).
// The WASM and reference verdicts are compared on the reference sample: any difference fails the bench.
import { Bench } from 'tinybench';
import { allocateFlowBatch, type FlowBatch } from '../bindings/network.js';
import { loadEngine } from '../bindings/node.js';
import { addressWords } from '../src/compile/address.js';
import { compileTopology } from '../src/compile/index.js';
import { VERDICT_UNSUPPORTED } from '../src/compile/layout.js';
import { main } from '../src/cli/main.js';
import { generateTopology } from '../src/generate/generate.js';
import type { Topology } from '../src/model/types.js';
import type { Flow, FlowOrigin } from '../src/reference/flow.js';
import { referenceWalk } from '../src/reference/walk.js';

interface Sample {
  flows: Flow[];
  origins: FlowOrigin[];
  batch: FlowBatch;
}

/** Deterministic flows between instance ENIs (private IPv4), TCP/UDP/ICMP, across VPCs and within. */
function sampleFlows(t: Topology, n: number): Sample {
  let s = 12345;
  const next = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0), s / 2 ** 32);
  const enis = t.networkInterfaces.filter((e) => e.kind === 'instance' && e.privateIps[0]?.address);
  const index = new Map(t.networkInterfaces.map((e, i) => [e.id, i]));
  const batch = allocateFlowBatch(n);
  const flows: Flow[] = [];
  const origins: FlowOrigin[] = [];
  const ports = [22, 80, 443, 8080, 5432];
  for (let i = 0; i < n; i++) {
    const a = enis[Math.floor(next() * enis.length)]!;
    // Half the flows stay in the source VPC's neighbourhood (nearby ENI), half go anywhere.
    const j = next() < 0.5 ? Math.min(enis.length - 1, enis.indexOf(a) + 1 + Math.floor(next() * 20)) : Math.floor(next() * enis.length);
    const b = enis[j]!;
    const protocol = next() < 0.8 ? 6 : next() < 0.5 ? 17 : 1;
    const flow: Flow = {
      family: 4, src: a.privateIps[0]!.address!.value, dst: b.privateIps[0]!.address!.value, protocol,
      srcPort: protocol === 1 ? 0 : 1024 + Math.floor(next() * 60000), dstPort: protocol === 1 ? 0 : ports[Math.floor(next() * ports.length)]!,
      icmpType: protocol === 1 ? 8 : -1, icmpCode: protocol === 1 ? 0 : -1,
    };
    flows.push(flow);
    origins.push({ kind: 'network-interface', networkInterfaceId: a.id });
    batch.origin[i] = index.get(a.id)!;
    batch.family[i] = 4;
    batch.protocol[i] = protocol;
    batch.srcPort[i] = flow.srcPort;
    batch.dstPort[i] = flow.dstPort;
    batch.icmpType[i] = flow.icmpType;
    batch.icmpCode[i] = flow.icmpCode;
    batch.src.set(addressWords(4, flow.src).map((w) => w >>> 0), 4 * i);
    batch.dst.set(addressWords(4, flow.dst).map((w) => w >>> 0), 4 * i);
  }
  return { flows, origins, batch };
}

function slice(batch: FlowBatch, n: number): FlowBatch {
  return {
    origin: batch.origin.subarray(0, n), family: batch.family.subarray(0, n), protocol: batch.protocol.subarray(0, n),
    srcPort: batch.srcPort.subarray(0, n), dstPort: batch.dstPort.subarray(0, n), icmpType: batch.icmpType.subarray(0, n),
    icmpCode: batch.icmpCode.subarray(0, n), src: batch.src.subarray(0, 4 * n), dst: batch.dst.subarray(0, 4 * n),
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

  // The reference is slow: time it on a sample and check it agrees with the engine there.
  const R = 2_000;
  const wasmVerdicts = engine.walkBatch(slice(sample.batch, R)).verdicts;
  t0 = performance.now();
  let unsupported = 0;
  for (let i = 0; i < R; i++) {
    const ref = referenceWalk(t, sample.flows[i]!, sample.origins[i]!);
    if (wasmVerdicts[i] === VERDICT_UNSUPPORTED) { unsupported++; continue; }
    if (ref.verdict !== wasmVerdicts[i]) throw new Error(`flow ${i}: engine verdict ${wasmVerdicts[i]} != reference ${ref.verdict}`);
  }
  const refRate = R / ((performance.now() - t0) / 1000);
  log(`batch verdicts (no trace): ${(wasmRate / 1e6).toFixed(2)} M flows/s; reference walk: ${(refRate / 1e3).toFixed(1)} k flows/s (sampled ${R}); ratio ${(wasmRate / refRate).toFixed(0)}x`);
  if (unsupported > 0) log(`  (${unsupported} of ${R} sampled flows not walked by the engine)`);

  const one = slice(sample.batch, 1);
  const traceMs = await meanMs('wasm one traced flow', () => engine.walkBatch(one, { trace: true }));
  const refOneMs = await meanMs('reference one flow', () => referenceWalk(t, sample.flows[0]!, sample.origins[0]!));
  log(`one warm trace: ${(traceMs * 1000).toFixed(1)} µs; reference: ${(refOneMs * 1000).toFixed(1)} µs; ratio ${(refOneMs / traceMs).toFixed(1)}x`);

  const io = { stdout: () => {}, stderr: () => {} };
  t0 = performance.now();
  const code = await main(['trace', 'examples/two-tier.yaml', '--from', 'WebServer', '--to', 'AppServer', '--port', '8080'], io);
  const cliMs = performance.now() - t0;
  log(`vpcsim trace end to end (examples/two-tier.yaml, in-process, cold): ${cliMs.toFixed(0)} ms (exit ${code})`);

  if (json) {
    console.log(JSON.stringify({ compileMs, loadMs, wasmFlowsPerSec: wasmRate, referenceFlowsPerSec: refRate, traceMicros: traceMs * 1000, referenceTraceMicros: refOneMs * 1000, cliMs, cliExit: code }));
  }
}
