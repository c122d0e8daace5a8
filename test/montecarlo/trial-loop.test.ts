// The WASM trial loop (assembly/montecarlo.ts) against its spec: a TypeScript loop over the reference
// walk with the same draws (MC-10: unit u is down in trial i iff uniform(seed, i, key_u) < p_u), trial
// by trial and query by query: the verdict and, for a failed trial, the first blocking hop of the
// primary flow (MC-8, MC-14). The memoized loop must count exactly what the plain loop counts, and
// any split of the trials (calls, chunks, engines) must add up to the same counts (MC-10, MC-11).
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../bindings/engine.js';
import { loadEngine } from '../../bindings/node.js';
import { mergeCounts } from '../../src/analyze/montecarlo/merge-counts.js';
import { runTrials, trialOutcomes } from '../../src/analyze/montecarlo/trials.js';
import { compileTopology, downBits } from '../../src/compile/index.js';
import { generateTopology } from '../../src/generate/generate.js';
import { Random } from '../../src/generate/random.js';
import type { Topology } from '../../src/model/types.js';
import { hybridLinks, natEgress } from '../helpers/availability-topologies.js';
import { casesPlan, engineOutcomeNamed, randomUnits, referenceTrials, testPlan, type TestPlan } from '../helpers/trial-plans.js';
import { featureTopology, hybridTopology, randomCases } from '../helpers/walk-differential.js';

let engine: Engine;
beforeAll(async () => {
  engine = await loadEngine({ build: 'debug' });
});

const TOPOLOGIES: { name: string; make: () => Topology }[] = [
  { name: 'transit gateway hub, 4 VPCs, 2 AZs', make: () => generateTopology({ seed: 7, vpcs: 4, subnetsPerVpc: 4, instancesPerSubnet: 2, hub: 'tgw', azs: 2 }) },
  { name: 'peering mesh, 3 VPCs, 3 AZs', make: () => generateTopology({ seed: 19, vpcs: 3, subnetsPerVpc: 4, instancesPerSubnet: 2, hub: 'peering', azs: 3 }) },
  { name: 'inspection VPC with routers, appliance mode on', make: () => featureTopology(true, 'router') },
  { name: 'inspection VPC with firewalls, appliance mode off', make: () => featureTopology(false, 'firewall') },
  { name: 'VPN and Direct Connect to a VGW and a transit gateway', make: hybridTopology },
  { name: 'NAT gateway per AZ', make: () => natEgress(true) },
  { name: 'Direct Connect with a backup VPN', make: () => hybridLinks(true) },
];

/** A random plan: every failable component a unit with a probability from `probabilities`, two correlated groups, random queries of 1-3 flows. */
function randomPlan(t: Topology, seed: number, probabilities: number[], flows: number): TestPlan {
  const image = compileTopology(t);
  const units = randomUnits(image, new Random(seed), probabilities, 2);
  return casesPlan(t, units, randomCases(t, flows, seed * 31 + 7), [1, 2, 1, 3], image);
}

describe('Monte Carlo trial loop (MC-1, MC-8, MC-10, MC-14)', () => {
  for (const [i, { name, make }] of TOPOLOGIES.entries()) {
    it(`MC-10, MC-14: per trial, the engine's verdicts and causes equal the reference walk's under the same draws: ${name}`, () => {
      const tp = randomPlan(make(), 100 + i, [0, 0, 0.02, 0.1, 0.3], 24);
      const seed = 5 + i;
      const trials = 120;
      const reference = referenceTrials(tp, seed, 1000, trials);
      const memo = trialOutcomes(engine, tp.plan, seed, 1000, trials);
      const plain = trialOutcomes(engine, tp.plan, seed, 1000, trials, { memo: false });
      const mismatches: string[] = [];
      let failed = 0;
      let changed = 0;
      for (let k = 0; k < trials; k++) {
        tp.plan.queries.forEach((q, j) => {
          const m = memo[k]![j]!;
          const got = engineOutcomeNamed(tp, m.verdict, m.hopComponent, m.component);
          const want = reference[k]![j]!;
          // A hop that names no component (the internet, say) has no type on the engine side.
          if (got.type === '' && got.component === '') want.type = '';
          if (JSON.stringify(got) !== JSON.stringify(want) && mismatches.length < 5) mismatches.push(`trial ${1000 + k} query ${q.name}: engine ${JSON.stringify(got)}, reference ${JSON.stringify(want)}`);
          if (JSON.stringify(plain[k]![j]) !== JSON.stringify(m) && mismatches.length < 5) mismatches.push(`trial ${1000 + k} query ${q.name}: memo ${JSON.stringify(m)}, plain ${JSON.stringify(plain[k]![j])}`);
          if (m.verdict !== 0) failed++;
          if (m.verdict !== memo.find((row) => row[j]!.verdict === 0)?.[j]?.verdict) changed++;
        });
      }
      expect(mismatches.join('\n')).toBe('');
      // The draws must have mattered: some outcomes failed, and not every query always had one answer.
      expect(failed, 'failed (trial, query) outcomes').toBeGreaterThan(10);
      expect(changed, 'outcomes that differ from the query\'s reachable outcome').toBeGreaterThan(10);
    });
  }

  for (const [i, { name, make }] of TOPOLOGIES.entries()) {
    it(`memoization is exact: 20,000 trials memoized count what the plain loop counts (small probabilities): ${name}`, () => {
      const tp = randomPlan(make(), 200 + i, [0, 0.001, 0.01, 0.05], 30);
      runTrials(engine, tp.plan, 3, 0, 0);
      const atLoad = engine.monteCarloStats().relevantUnits;
      const memo = runTrials(engine, tp.plan, 3, 0, 20_000);
      const stats = engine.monteCarloStats();
      const plain = runTrials(engine, tp.plan, 3, 0, 20_000, { memo: false });
      expect(memo).toEqual(plain);
      expect(memo.successes.some((s) => s < 20_000), 'some query failed in some trial').toBe(true);
      expect(stats.memoHits).toBeGreaterThan(0);
      // The loop draws only the union of the relevant sets, which grows as failures open new paths.
      expect(atLoad).toBeLessThanOrEqual(stats.relevantUnits);
      expect(stats.relevantUnits).toBeLessThanOrEqual(tp.plan.units.length);
    });
  }

  it('memoization grows relevant sets when a failure opens a path the all-up walk never consulted', () => {
    let grew = 0;
    for (const [i, { make }] of TOPOLOGIES.entries()) {
      const tp = randomPlan(make(), 300 + i, [0.05, 0.2], 30);
      runTrials(engine, tp.plan, 1, 0, 0);
      const atLoad = engine.monteCarloStats().relevantUnits;
      runTrials(engine, tp.plan, 1, 0, 2000);
      if (engine.monteCarloStats().relevantUnits > atLoad) grew++;
      expect(runTrials(engine, tp.plan, 1, 0, 2000)).toEqual(runTrials(engine, tp.plan, 1, 0, 2000, { memo: false }));
    }
    expect(grew).toBeGreaterThan(0);
  });

  it('memoization stays exact when its table fills up and starts empty again (many distinct failure sets)', async () => {
    // 24 correlated groups that all take the NAT gateway down (MC-13), each down in 30% of the trials:
    // hundreds of thousands of distinct sets of failed relevant units, more than the table keeps.
    const t = natEgress(false);
    const nat = t.natGateways[0]!.id;
    const groups = Array.from({ length: 24 }, (_, g) => ({ key: (7 << 24) | g, probability: 0.3, components: [nat] }));
    const tp = testPlan(t, [{ key: 1, probability: 0.01, components: ['us-east-1a'] }, ...groups], [{ name: 'b-internet', from: 'InstanceB', to: '8.8.8.8', port: 443 }]);
    const fast = await loadEngine({ build: 'release' });
    const memo = runTrials(fast, tp.plan, 2, 0, 600_000);
    const stats = fast.monteCarloStats();
    expect(stats.memoProbes - stats.memoHits, 'memo misses').toBeGreaterThan(200_000);
    expect(stats.memoEntries, 'entries kept after the table was emptied').toBeLessThan(stats.memoProbes - stats.memoHits);
    expect(memo).toEqual(runTrials(fast, tp.plan, 2, 0, 600_000, { memo: false }));
    // The query is reachable only when no group and not AZ a is down: (1 - 0.3)^24 (1 - 0.01), within 5 standard errors.
    const a = 0.7 ** 24 * 0.99;
    expect(Math.abs(memo.successes[0]! / memo.trials - a)).toBeLessThan(5 * Math.sqrt((a * (1 - a)) / memo.trials));
  });

  it('MC-10, MC-11: any split of the trials, over calls or engines, adds up to the same counts', async () => {
    const tp = randomPlan(TOPOLOGIES[0]!.make(), 400, [0, 0.01, 0.05], 30);
    const whole = runTrials(engine, tp.plan, 9, 500, 30_000);
    const parts = [runTrials(engine, tp.plan, 9, 500, 7_000), runTrials(engine, tp.plan, 9, 7_500, 1), runTrials(engine, tp.plan, 9, 7_501, 22_999)];
    expect(parts.reduce(mergeCounts)).toEqual(whole);
    // Another engine (a worker) with the same plan, trials in a different order.
    const other = await loadEngine({ build: 'release' });
    const reversed = [runTrials(other, tp.plan, 9, 20_500, 10_000), runTrials(other, tp.plan, 9, 500, 20_000)];
    expect(mergeCounts(reversed[1]!, reversed[0]!)).toEqual(whole);
    // A traced batch under a down set and another time in between leaves no trace in the trials.
    const first = tp.plan.queries[0]!.flows;
    engine.walkBatch(first, { trace: true, time: 5000, down: downBits(tp.image.componentIds, tp.image.components.length, tp.image.components.map((c) => c.id)) });
    expect(runTrials(engine, tp.plan, 9, 500, 30_000, { memo: false })).toEqual(whole);
    // Another seed draws other trials.
    expect(runTrials(engine, tp.plan, 10, 500, 30_000)).not.toEqual(whole);
  });
});
