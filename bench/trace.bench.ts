// Packet-walk bench: `npm run bench -- trace [--json]`, on the generated 1,000-VPC topology
// (10 subnets x 10 instances each, peering hub) and the flow mix of bench/flow-mix.ts.
// Every figure times only the call named in its `includes`: each implementation's one-time
// structures (vpcsim: compiled image loaded into the engine; reference: its network index and the
// sorted-rule / route-candidate caches, filled by an untimed pass over the same flows) are built
// before timing, and that set-up is its own case.
//   - one-time set-up: compile + engine load vs the reference's network index;
//   - batch verdicts without the hop trace: a 200,000-flow batch (the engine groups it by source
//     VPC, assembly/batch-order.ts), the same flows in batches too small for grouping (input order),
//     vs the reference walk of the first flows of the same mix; the grouped batch also without the
//     verdict memo (assembly/walk-memo.ts), and a mix of repeated conversations (the same client,
//     server and port with a fresh ephemeral source port) with and without it. Each timed run opens a
//     new memo epoch (a new simulated time, which changes no verdict), so no run reuses the verdicts
//     of an earlier one; the memo's hit rate on each mix is printed;
//   - one warm traced flow; one warm library trace() vs traceReference(); many queries in one call
//     (traceMany, as `vpcsim trace --flows`) vs trace() once per query; `vpcsim trace` in-process.
// The engine's verdicts must be the same grouped and in input order, and agree with the reference
// on the reference's flows: any difference fails the bench.
import { VERDICT_UNSUPPORTED, WALK_ORDER_MIN_FLOWS } from '../abi/batch.js';
import type { FlowBatch } from '../bindings/network.js';
import { loadEngine } from '../bindings/node.js';
import { BatchWalker } from '../src/analyze/batch-walk.js';
import { FIELD_WORDS } from '../src/analyze/query-checks.js';
import { elementaryIntervals, portCuts } from '../src/analyze/source-ports.js';
import { traceMany } from '../src/analyze/trace-many.js';
import type { TraceQuery } from '../src/analyze/trace.js';
import { trace } from '../src/analyze/trace-node.js';
import { traceReference } from '../src/analyze/trace-reference.js';
import { main } from '../src/cli/main.js';
import { compileTopology, type NetworkImage } from '../src/compile/index.js';
import { generateTopology } from '../src/generate/generate.js';
import { formatAddress } from '../src/model/ip.js';
import { NetworkIndex, networkIndex } from '../src/model/network-index.js';
import { referenceHops } from '../src/reference/walk.js';
import { repeatedFlows, sampleFlows, sliceBatch, verdictMix } from './flow-mix.js';
import { emptyTiming, stopwatch, timeRuns } from './measure.js';
import { BenchReport } from './report.js';

const N = 200_000;
/** Distinct conversations (client, server, protocol, port) of the repeated mix. */
const CONVERSATIONS = 20_000;
/** Flows per reference run (the reference is ~100x slower: a sample of the same mix). */
const R = 4_000;
const SETUP_RUNS = 3;
/** Queries of the many-queries case, and how many of them the one-by-one peer traces. */
const Q = 20_000;
const Q_ONE_BY_ONE = 1_000;


export default async function run(args: string[]): Promise<void> {
  const report = new BenchReport('trace', args);
  let t0 = performance.now();
  const t = generateTopology({ seed: 1, vpcs: 1000, subnetsPerVpc: 10, instancesPerSubnet: 10, hub: 'peering' });
  const generateMs = performance.now() - t0;
  const topo = `${t.vpcs.length.toLocaleString('en-US')} VPCs`;
  report.note(`topology: ${topo}, ${t.subnets.length} subnets, ${t.networkInterfaces.length} ENIs (generated in ${generateMs.toFixed(0)} ms, not timed below)`);

  // One-time set-up, timed per run: compile, engine load, reference index.
  const engine = await loadEngine();
  const compile = emptyTiming();
  const load = emptyTiming();
  const index = emptyTiming();
  const setupTotal = emptyTiming();
  let image: NetworkImage | undefined;
  for (let r = 0; r < SETUP_RUNS; r++) {
    report.progress(`set-up run ${r + 1}/${SETUP_RUNS}`);
    let done = stopwatch(compile);
    image = compileTopology(t);
    done();
    engine.reset();
    done = stopwatch(load);
    engine.loadNetwork(image);
    done();
    done = stopwatch(index);
    new NetworkIndex(t);
    done();
    setupTotal.wallMs.push(compile.wallMs[r]! + load.wallMs[r]!);
    setupTotal.cpuMs.push(compile.cpuMs[r]! + load.cpuMs[r]!);
  }
  report.note(`image: ${(image!.words.length * 4 / 1e6).toFixed(1)} MB`);
  const setup = `one-time set-up, ${topo}`;
  report.time({ case: setup, implementation: 'vpcsim compile + engine load', includes: 'compileTopology(t) (TypeScript) then engine.loadNetwork(image) (copy into WASM memory, build route-table LPM structures)' }, 'ms', setupTotal);
  report.time({ case: setup, implementation: 'reference network index', includes: 'new NetworkIndex(t): the maps the reference walk looks things up in (per-rule caches fill lazily during walks)', peer: true }, 'ms', index);
  report.time({ case: `compile, ${topo}`, implementation: 'vpcsim compileTopology', includes: 'topology -> network image (TypeScript), the topology generated before timing' }, 'ms', compile);
  report.time({ case: `engine load, ${topo}`, implementation: 'vpcsim engine.loadNetwork', includes: 'image copied into WASM memory and route-table LPM structures built; image compiled before timing' }, 'ms', load);

  // Batch verdicts.
  const sample = sampleFlows(t, N);
  const verdicts = engine.walkBatch(sample.batch).verdicts;
  const mix = verdictMix(verdicts);
  const reachable = mix.find(([v]) => v === 0)?.[1] ?? 0;
  report.note(`flow mix: ${N.toLocaleString('en-US')} flows, ${(100 * reachable / N).toFixed(0)}% reachable; verdicts ${mix.map(([v, c]) => `${v}:${c}`).join(' ')}`);
  // Every timed call gets a simulated time of its own: a new memo epoch (walk-memo.ts), so a run
  // never takes verdicts stored by an earlier run; time moves request and response alike, so no verdict changes.
  let clock = 0;
  const memoShare = (run: () => void): string => {
    const before = engine.memoStats();
    run();
    const after = engine.memoStats();
    const lookups = after.lookups - before.lookups;
    return `${(100 * (after.hits - before.hits) / N).toFixed(1)}% of flows answered by the memo (${lookups.toLocaleString('en-US')} looked up)`;
  };
  report.progress('engine batch, grouped by source');
  const groupedMs = await timeRuns(() => engine.walkBatch(sample.batch, { time: ++clock }), { runs: 7, minRunMs: 0, threadCpu: true });
  const groupedMemo = memoShare(() => engine.walkBatch(sample.batch, { time: ++clock }));
  report.progress('engine batch, grouped by source, no memo');
  const groupedPlainMs = await timeRuns(() => engine.walkBatch(sample.batch, { memo: false }), { runs: 7, minRunMs: 0, threadCpu: true });
  // The same flows in batches too small for the engine to group by source: walked in input order.
  const chunk = WALK_ORDER_MIN_FLOWS - 1;
  const chunks = Array.from({ length: Math.ceil(N / chunk) }, (_, c) => sliceBatch(sample.batch, c * chunk, Math.min(N, (c + 1) * chunk)));
  chunks.forEach((b, c) => {
    const v = engine.walkBatch(b, { memo: false }).verdicts;
    for (let i = 0; i < v.length; i++) if (v[i] !== verdicts[c * chunk + i]) throw new Error(`flow ${c * chunk + i}: verdict ${verdicts[c * chunk + i]} grouped, ${v[i]} in input order`);
  });
  report.progress('engine batch, input order');
  const walkChunks = () => {
    const time = ++clock;
    chunks.forEach((b) => engine.walkBatch(b, { time }));
  };
  const inputOrderMs = await timeRuns(walkChunks, { runs: 7, minRunMs: 0, threadCpu: true });
  const inputOrderMemo = memoShare(walkChunks);

  // Repeated conversations: flow i is conversation (i * 7919) mod C of the mix's first C flows, with a
  // fresh ephemeral source port (IANA dynamic range, as a client's stack picks it).
  const conversations = repeatedFlows(sample.batch, N, (i) => (i * 7919) % CONVERSATIONS);
  const plainVerdicts = engine.walkBatch(conversations, { memo: false }).verdicts;
  const memoVerdicts = engine.walkBatch(conversations, { time: ++clock }).verdicts;
  for (let i = 0; i < N; i++) if (plainVerdicts[i] !== memoVerdicts[i]) throw new Error(`conversation flow ${i}: verdict ${memoVerdicts[i]} with the memo, ${plainVerdicts[i]} without`);
  report.progress('engine batch, repeated conversations');
  const conversationsMs = await timeRuns(() => engine.walkBatch(conversations, { time: ++clock }), { runs: 7, minRunMs: 0, threadCpu: true });
  const conversationsMemo = memoShare(() => engine.walkBatch(conversations, { time: ++clock }));
  const conversationsPlainMs = await timeRuns(() => engine.walkBatch(conversations, { memo: false }), { runs: 7, minRunMs: 0, threadCpu: true });

  // The reference on the first R flows: an untimed pass (index, caches, and the verdict check), then runs.
  networkIndex(t);
  let unsupported = 0;
  for (let i = 0; i < R; i++) {
    const ref = referenceHops(t, sample.flows[i]!, sample.origins[i]!);
    if (verdicts[i] === VERDICT_UNSUPPORTED) { unsupported++; continue; }
    if (ref.verdict !== verdicts[i]) throw new Error(`flow ${i}: engine verdict ${verdicts[i]} != reference ${ref.verdict}`);
  }
  if (unsupported > 0) report.note(`  (${unsupported} of ${R} reference flows not walked by the engine)`);
  report.progress('reference walk');
  const referenceMs = await timeRuns(() => { for (let i = 0; i < R; i++) referenceHops(t, sample.flows[i]!, sample.origins[i]!); }, { runs: 5, minRunMs: 0, warmupMs: 0, threadCpu: true });

  const walkOnly = 'walk only; image compiled and loaded before timing';
  const reference = { implementation: 'reference walk (TypeScript)', includes: `referenceHops() of the first ${R.toLocaleString('en-US')} flows of the same mix, one call per flow (hops recorded as facts, not worded); network index and rule caches built by an untimed pass over the same flows`, peer: true, cpu: true };
  const grouped = `batch verdicts (no hop trace), ${topo}, one ${N.toLocaleString('en-US')}-flow batch`;
  report.rate({ case: grouped, implementation: 'vpcsim engine (WASM)', includes: `${walkOnly}; one walkBatch() call: flows copied in, grouped by source (VPC, then ENI), walked (verdict memo on: ${groupedMemo}), verdicts copied out`, cpu: true }, 'flows/s', N, groupedMs);
  report.rate({ case: grouped, implementation: 'vpcsim engine (WASM), no verdict memo', includes: `${walkOnly}; the same call with memo: false: every flow walked`, cpu: true }, 'flows/s', N, groupedPlainMs);
  report.rate({ case: grouped, ...reference }, 'flows/s', R, referenceMs);
  const ordered = `batch verdicts (no hop trace), ${topo}, batches of ${chunk} flows (input order)`;
  report.rate({ case: ordered, implementation: 'vpcsim engine (WASM)', includes: `${walkOnly}; the same ${N.toLocaleString('en-US')} flows as ${chunks.length} walkBatch() calls, each too small to be grouped by source, warmed 32 flows at a time (walk-warm.ts) (verdict memo on: ${inputOrderMemo})`, cpu: true }, 'flows/s', N, inputOrderMs);
  report.rate({ case: ordered, ...reference, includes: `${reference.includes} (the same runs as above)` }, 'flows/s', R, referenceMs);
  const repeated = `batch verdicts (no hop trace), ${topo}, one ${N.toLocaleString('en-US')}-flow batch of ${CONVERSATIONS.toLocaleString('en-US')} repeated conversations`;
  report.rate({ case: repeated, implementation: 'vpcsim engine (WASM)', includes: `${walkOnly}; one walkBatch() call as above on ${CONVERSATIONS.toLocaleString('en-US')} flows of the mix, each repeated with fresh ephemeral source ports (verdict memo on: ${conversationsMemo})`, cpu: true }, 'flows/s', N, conversationsMs);
  report.rate({ case: repeated, implementation: 'vpcsim engine (WASM), no verdict memo', includes: `${walkOnly}; the same call with memo: false: every flow walked`, peer: true, cpu: true }, 'flows/s', N, conversationsPlainMs);

  // One warm traced flow.
  const one = sliceBatch(sample.batch, 0, 1);
  report.progress('one traced flow');
  const oneMs = await timeRuns(() => engine.walkBatch(one, { trace: true }));
  const refOneMs = await timeRuns(() => referenceHops(t, sample.flows[0]!, sample.origins[0]!));
  const oneCase = `one traced flow (hop records), ${topo}`;
  report.time({ case: oneCase, implementation: 'vpcsim engine (WASM)', includes: `${walkOnly}; one walkBatch(1 flow, trace) call: copy in, walk with hop records, copy verdict and hops out` }, 'µs', oneMs);
  report.time({ case: oneCase, implementation: 'reference walk (TypeScript)', includes: 'referenceHops() of the same flow with its hops; network index built before timing', peer: true }, 'µs', refOneMs);

  // The library call end to end: trace() (engine: one traced batch of every TRACE-4 source-port
  // interval, plus the worded explanation of the packet shown) vs traceReference() (a reference walk
  // per interval). The first trace() compiles and loads the topology (cached per Topology object).
  const query = { from: t.instances[0]!.logicalId, to: t.instances[t.instances.length - 1]!.logicalId, port: 443 };
  report.progress('library trace()');
  t0 = performance.now();
  const first = await trace(t, query);
  const firstTraceMs = performance.now() - t0;
  if (JSON.stringify(first) !== JSON.stringify(traceReference(t, query))) throw new Error('trace() and traceReference() disagree');
  const intervals = elementaryIntervals(portCuts(t)).length;
  // Warmed by a count of calls, not a time: both paths are a lot of JavaScript (resolve, walk, word) that V8
  // tiers up over the first few hundred calls (the first 500 trace() calls averaged ~0.8 ms, later ones ~0.05-0.1 ms).
  const libWarm = { warmupCalls: 1000, minRunMs: 50 };
  const libMs = await timeRuns(() => trace(t, query), libWarm);
  const libRefMs = await timeRuns(() => traceReference(t, query), libWarm);
  const libCase = `library trace() ${query.from} -> ${query.to}:443 (${intervals} source-port intervals, ${first.reachable ? 'reachable' : first.explanations[0]?.code}), ${topo}`;
  report.time({ case: libCase, implementation: 'vpcsim trace() (engine)', includes: `resolve the query, one traced batch of ${intervals} flows, word the hops of the packet shown; topology compiled and loaded by an untimed first call (which took ${firstTraceMs.toFixed(0)} ms); timed after ${libWarm.warmupCalls.toLocaleString('en-US')} untimed calls` }, 'µs', libMs);
  report.time({ case: libCase, implementation: 'traceReference() (reference walk)', includes: `resolve the query, one reference walk per source-port interval, word the answer; network index built before timing; timed after ${libWarm.warmupCalls.toLocaleString('en-US')} untimed calls`, peer: true }, 'µs', libRefMs);

  // Many queries with one load (`vpcsim trace --flows`: traceMany() on the shared batch walker, every
  // source-port interval's packet of every query walked in batches, only the first blocker of an
  // unreachable query worded) vs the library trace() called once per query, as a script would. The
  // queries are the flow mix's first flows as a user writes them: the client instance by logical id (an
  // internet client by address), the server by address, the protocol and port; no source port.
  report.progress('many trace queries');
  const instanceOf = new Map(t.instances.map((i) => [i.networkInterfaceIds[0]!, i.logicalId]));
  const queries: TraceQuery[] = sample.flows.slice(0, Q).map((f, i) => {
    const o = sample.origins[i]!;
    const from = o.kind === 'network-interface' ? instanceOf.get(o.networkInterfaceId)! : formatAddress(4, f.src);
    const protocol = f.protocol === 6 ? 'tcp' : f.protocol === 17 ? 'udp' : 'icmp';
    return { from, to: formatAddress(4, f.dst), protocol, ...(protocol === 'icmp' ? {} : { port: f.dstPort }) };
  });
  const walker = new BatchWalker(await loadEngine(), t);
  const manyAnswers = traceMany(walker, queries, FIELD_WORDS);
  const oneByOne = queries.slice(0, Q_ONE_BY_ONE);
  for (const [i, q] of oneByOne.entries()) {
    const alone = await trace(t, q);
    const many = manyAnswers[i]!;
    if (alone.reachable !== many.reachable || JSON.stringify(alone.explanations[0]) !== JSON.stringify(many.explanation)) throw new Error(`traceMany() and trace() disagree on ${JSON.stringify(q)}`);
  }
  const manyMs = await timeRuns(() => traceMany(walker, queries, FIELD_WORDS), { runs: 5, minRunMs: 0, threadCpu: true });
  const oneByOneMs = await timeRuns(async () => {
    for (const q of oneByOne) await trace(t, q);
  }, { runs: 5, minRunMs: 0, threadCpu: true });
  const manyReachable = manyAnswers.filter((a) => a.reachable).length;
  const manyCase = `many trace queries (the flow mix as queries: ${(100 * manyReachable / Q).toFixed(0)}% reachable, ${intervals} source-port intervals each), ${topo}`;
  report.rate({ case: manyCase, implementation: 'vpcsim traceMany() (trace --flows)', includes: `${Q.toLocaleString('en-US')} queries in one call on a BatchWalker: resolve each, walk every interval's packet in batches, word the first blocker of each unreachable query; topology compiled and loaded before timing`, cpu: true }, 'queries/s', Q, manyMs);
  report.rate({ case: manyCase, implementation: 'library trace(), one call per query', includes: `the first ${Q_ONE_BY_ONE.toLocaleString('en-US')} of the same queries, one trace() each (one traced batch per query, the whole answer worded); topology compiled and loaded before timing`, peer: true, cpu: true }, 'queries/s', Q_ONE_BY_ONE, oneByOneMs);

  // The CLI in-process on the small example: the first call cold (modules already imported), then warm.
  const io = { stdout: () => {}, stderr: () => {} };
  const argv = ['trace', 'examples/two-tier.yaml', '--from', 'WebServer', '--to', 'AppServer', '--port', '8080'];
  report.progress('vpcsim trace (CLI)');
  const cliCold = emptyTiming();
  const done = stopwatch(cliCold);
  const code = await main(argv, io);
  done();
  if (code !== 0) throw new Error(`vpcsim trace exited ${code}`);
  const cliMs = await timeRuns(() => main(argv, io), { runs: 7, minRunMs: 0, threadCpu: true });
  const cliCase = 'vpcsim trace examples/two-tier.yaml (in-process CLI)';
  report.time({ case: cliCase, implementation: 'first call (cold)', includes: 'read, parse and validate the template, compile, load into the engine, trace, print; modules imported before timing, JIT cold' }, 'ms', cliCold);
  report.time({ case: cliCase, implementation: 'later calls (warm)', includes: 'the same work again (each call reads and compiles the file anew)' }, 'ms', cliMs);

  report.finish();
}
