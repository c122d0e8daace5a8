// Monte Carlo bench: `npm run bench -- montecarlo [--json]` (issue 10 §6). Trials per second on one
// core (one engine on this thread) for two workloads:
//   - the NAT-per-AZ example (examples/availability/nat-per-az.yaml under nat-scenario.yaml: 2 queries,
//     AZ 1e-3 and NAT gateway 5e-4 per trial);
//   - a generated 100-VPC topology (TGW hub, 3 AZs, 1,600 instances) with 50 queries reachable with
//     nothing down, failures by class: AZ 1e-3, NAT gateway 5e-4, instance 1e-3, TGW attachment 5e-4.
// For each: the memoized trial loop (assembly/montecarlo.ts: draws of the relevant units, a hash
// probe per affected query), the plain loop (every unit drawn, every query walked in every trial), and
// the same trials through the TypeScript reference walk (a loop over referenceWalk with `down`, the
// same draws: test/helpers/trial-plans.ts), each as a ratio to the memoized loop; and exact mode
// (MC-15) per query. Every timed call runs a fresh range of trials; the plan is loaded into the
// engine (and walked once per query) before timing, and the reference's network index is built by
// an untimed run. The three loops must give the same counts / outcomes on a common range, or the
// bench fails. Then the memoized loop through mc-front's worker_threads pool (src/analyze/montecarlo/
// pool-node.ts, one engine per worker, sampleTrials' chunks) with 1 and 2 workers: the speed-up, and
// the counts must equal one thread's.
import { loadEngine } from '../bindings/node.js';
import type { Engine } from '../bindings/engine.js';
import { exactAvailability } from '../src/analyze/montecarlo/exact.js';
import { buildTrialPlan } from '../src/analyze/montecarlo/plan.js';
import { nodeWorkerPool } from '../src/analyze/montecarlo/pool-node.js';
import { sampleTrials } from '../src/analyze/montecarlo/sampler.js';
import { parseScenario } from '../src/analyze/montecarlo/scenario.js';
import { mergeCounts, runTrials, trialOutcomes } from '../src/analyze/montecarlo/trials.js';
import type { TrialPlan } from '../src/analyze/montecarlo/types.js';
import { compileTopology } from '../src/compile/index.js';
import { generateTopology } from '../src/generate/generate.js';
import { Random } from '../src/generate/random.js';
import { loadTopology } from '../src/import/load.js';
import type { Topology } from '../src/model/types.js';
import { readFileSync } from 'node:fs';
import { engineOutcomeNamed, fromTrialPlan, referenceTrials, testPlan, type QuerySpec, type TestPlan, type UnitSpec } from '../test/helpers/trial-plans.js';
import { timeRuns } from './measure.js';
import { BenchReport } from './report.js';

const count = (n: number) => n.toLocaleString('en-US');

/** The plan `vpcsim montecarlo` builds from a scenario file (mc-front's buildTrialPlan). */
function scenarioPlan(t: Topology, scenarioFile: string): TestPlan {
  return fromTrialPlan(t, buildTrialPlan(t, parseScenario(readFileSync(scenarioFile, 'utf8'), scenarioFile)));
}

/** 50 queries between random instances (and to the internet) that are reachable with nothing down. */
function reachableQueries(engine: Engine, t: Topology, wanted: number): QuerySpec[] {
  const r = new Random(2024);
  const image = compileTopology(t);
  const found: QuerySpec[] = [];
  while (found.length < wanted) {
    const candidates: QuerySpec[] = Array.from({ length: 200 }, (_, k) => ({
      name: `q${found.length}-${k}`,
      from: r.pick(t.instances).logicalId,
      to: r.chance(0.2) ? '8.8.8.8' : r.pick(t.instances).logicalId,
      port: r.pick([22, 80, 443, 5432]),
    }));
    const tp = testPlan(t, [], candidates, image);
    const ok = runTrials(engine, tp.plan, 1, 0, 1).successes;
    candidates.forEach((q, k) => {
      if (ok[k] === 1 && found.length < wanted) found.push({ ...q, name: `q${found.length}` });
    });
  }
  return found;
}

/** Units by failure class (the scenario's `failures:`), keyed like mc-front's units (class << 24 | index). */
function classUnits(tp: { image: TrialPlan['image'] }, probabilities: Record<string, [number, number]>): UnitSpec[] {
  const index = new Map<string, number>();
  return tp.image.components.flatMap((c) => {
    const p = probabilities[c.kind];
    if (!p) return [];
    const i = index.get(c.kind) ?? 0;
    index.set(c.kind, i + 1);
    return [{ key: (p[0] << 24) | i, probability: p[1], components: [c.id], label: c.logicalId }];
  });
}

interface Workload {
  name: string;
  tp: TestPlan;
  /** Trials per timed call of each loop. */
  memoTrials: number;
  plainTrials: number;
  referenceTrials: number;
  /** Trials per timed call through the worker pool. */
  poolTrials: number;
}

/** Fails the bench unless the three loops agree on a common range of trials. */
function checkAgreement(engine: Engine, w: Workload): void {
  const n = Math.min(w.referenceTrials, 200);
  const memo = trialOutcomes(engine, w.tp.plan, 7, 0, n);
  const plain = trialOutcomes(engine, w.tp.plan, 7, 0, n, { memo: false });
  const reference = referenceTrials(w.tp, 7, 0, n);
  for (let t = 0; t < n; t++) {
    w.tp.plan.queries.forEach((q, j) => {
      const m = memo[t]![j]!;
      if (JSON.stringify(m) !== JSON.stringify(plain[t]![j])) throw new Error(`${w.name}: trial ${t} query ${q.name}: memoized ${JSON.stringify(m)}, plain ${JSON.stringify(plain[t]![j])}`);
      const got = engineOutcomeNamed(w.tp, m.verdict, m.hopComponent, m.component);
      const want = reference[t]![j]!;
      if (got.verdict !== want.verdict || got.component !== want.component) throw new Error(`${w.name}: trial ${t} query ${q.name}: engine ${JSON.stringify(got)}, reference ${JSON.stringify(want)}`);
    });
  }
  const a = runTrials(engine, w.tp.plan, 7, 0, 20_000);
  const b = runTrials(engine, w.tp.plan, 7, 0, 20_000, { memo: false });
  if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error(`${w.name}: memoized and plain counts differ on 20,000 trials`);
}

/** The memoized loop through the worker_threads pool, 1 and 2 workers; counts must equal one thread's. */
async function benchWorkers(engine: Engine, w: Workload, report: BenchReport): Promise<void> {
  const { plan } = w.tp;
  const caseName = `trials/s with worker_threads (one engine per worker): ${w.name}`;
  const expected = runTrials(engine, plan, 3, 0, w.poolTrials);
  for (const workers of [2, 1]) {
    report.progress(`${w.name}: ${workers} worker(s)`);
    const pool = await nodeWorkerPool(plan, workers);
    try {
      const run = (seed: number) => sampleTrials(pool.runners, plan.queries.length, { seed, trials: w.poolTrials, merge: mergeCounts });
      const counts = await run(3);
      if (JSON.stringify(counts) !== JSON.stringify(expected)) throw new Error(`${w.name}: ${workers} worker(s) counted differently from one thread`);
      let seed = 100;
      const ms = await timeRuns(() => run(seed++), { runs: 5 });
      report.rate({
        case: caseName, implementation: `vpcsim memoized, ${workers} worker${workers > 1 ? 's' : ''}`, peer: workers === 1,
        includes: `one sampleTrials() of ${count(w.poolTrials)} trials in chunks over the pool (messages, per-chunk counts, merging); workers started, engines and plan loaded before timing`,
      }, 'trials/s', w.poolTrials, ms);
    } finally {
      await pool.close();
    }
  }
}

async function benchWorkload(engine: Engine, w: Workload, report: BenchReport): Promise<void> {
  const { plan } = w.tp;
  const flows = plan.queries.reduce((s, q) => s + q.flows.origin.length, 0);
  const caseName = `trials/s on one core: ${w.name}`;
  runTrials(engine, plan, 1, 0, 0);
  const atLoad = engine.monteCarloStats().relevantUnits;
  report.note(`${w.name}: ${plan.units.length} units, ${plan.queries.length} queries (${flows} flows: TRACE-4 source-port intervals), ${atLoad} relevant units after the all-up walks`);
  checkAgreement(engine, w);

  let next = 1_000_000;
  const memoMs = await timeRuns(() => {
    runTrials(engine, plan, 1, next, w.memoTrials);
    next += w.memoTrials;
  });
  const stats = engine.monteCarloStats();
  report.note(`  memoized: ${stats.relevantUnits} units drawn per trial (relevant to some query) of ${plan.units.length}; memo table ${count(stats.memoEntries)} entries, ${count(stats.memoHits)} hits of ${count(stats.memoProbes)} probes`);
  report.rate({ case: caseName, implementation: 'vpcsim memoized', includes: `one runTrials() of ${count(w.memoTrials)} fresh trials (one boundary crossing): draws of the relevant units, a memo probe per query a failure touches; plan loaded and walked once per query before timing` }, 'trials/s', w.memoTrials, memoMs);

  const plainMs = await timeRuns(() => {
    runTrials(engine, plan, 1, next, w.plainTrials, { memo: false });
    next += w.plainTrials;
  });
  report.rate({ case: caseName, implementation: 'vpcsim plain (no memo)', peer: true, includes: `one runTrials({ memo: false }) of ${count(w.plainTrials)} trials: every unit drawn and every query walked in WASM in every trial` }, 'trials/s', w.plainTrials, plainMs);

  referenceTrials(w.tp, 1, 0, 1);
  const refMs = await timeRuns(() => {
    referenceTrials(w.tp, 1, next, w.referenceTrials);
    next += w.referenceTrials;
  }, { runs: 5, warmupMs: 0 });
  report.rate({ case: caseName, implementation: 'TypeScript reference walk', peer: true, includes: `${count(w.referenceTrials)} trials: the same draws in TypeScript, then referenceWalk with \`down\` of every query's flows (primary first) per trial; network index built before timing` }, 'trials/s', w.referenceTrials, refMs);

  await benchWorkers(engine, w, report);

  const exactMs = await timeRuns(() => exactAvailability(engine, plan), { runs: 5 });
  const exact = exactAvailability(engine, plan);
  const states = exact.reduce((s, r) => s + r.states, 0);
  report.note(`  exact mode: ${count(states)} states over ${plan.queries.length} queries, every query complete: ${exact.every((r) => r.complete)}, worst bound ${Math.max(...exact.map((r) => r.bound)).toExponential(1)}`);
  report.time({ case: `exact availability (MC-15), all queries: ${w.name}`, implementation: 'vpcsim exact mode', includes: `one exactAvailability() of every query (${count(states)} states enumerated in WASM, threshold 1e-12); plan loaded before timing` }, 'µs', exactMs);
}

export default async function run(args: string[]): Promise<void> {
  const report = new BenchReport('montecarlo', args);
  const engine = await loadEngine();

  const nat = await loadTopology('examples/availability/nat-per-az.yaml');
  const natWorkload: Workload = { name: 'NAT gateway per AZ example (2 queries)', tp: scenarioPlan(nat, 'examples/availability/nat-scenario.yaml'), memoTrials: 2_000_000, plainTrials: 100_000, referenceTrials: 2_000, poolTrials: 20_000_000 };

  const big = generateTopology({ seed: 1, vpcs: 100, subnetsPerVpc: 4, instancesPerSubnet: 4, hub: 'tgw', azs: 3 });
  const bigImage = compileTopology(big);
  const queries = reachableQueries(engine, big, 50);
  const units = classUnits({ image: bigImage }, { 'availability-zone': [1, 0.001], 'nat-gateway': [2, 0.0005], 'transit-gateway-attachment': [5, 0.0005], instance: [6, 0.001] });
  const bigWorkload: Workload = { name: 'generated 100 VPCs (TGW hub), 50 queries', tp: testPlan(big, units, queries, bigImage), memoTrials: 200_000, plainTrials: 1_000, referenceTrials: 100, poolTrials: 2_000_000 };

  for (const w of [natWorkload, bigWorkload]) {
    report.progress(w.name);
    await benchWorkload(engine, w, report);
  }
  report.finish();
}
