// Exact mode (MC-15): enumerating the states of each query's relevant units (NetDice-style) gives the
// availability with a bound on the mass left unexplored; on random topologies and probabilities it
// must agree with sampled trials (MC-9: within the Wilson interval, taken at z = 4.5 so a fixed seed
// is far from the edge), and a budget too small must say so and still bracket the value.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../bindings/engine.js';
import { loadEngine } from '../../bindings/node.js';
import { exactAvailability } from '../../src/analyze/montecarlo/exact.js';
import { runTrials } from '../../src/analyze/montecarlo/trials.js';
import { compileTopology } from '../../src/compile/index.js';
import { generateTopology } from '../../src/generate/generate.js';
import { Random } from '../../src/generate/random.js';
import type { Topology } from '../../src/model/types.js';
import { hybridLinks, idOf, natEgress } from '../helpers/availability-topologies.js';
import { casesPlan, randomUnits, testPlan, type TestPlan } from '../helpers/trial-plans.js';
import { featureTopology, hybridTopology, randomCases } from '../helpers/walk-differential.js';

/** MC-9's Wilson score interval at z. */
function wilson(successes: number, n: number, z: number): [number, number] {
  const p = successes / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return [centre - half, centre + half];
}

let engine: Engine;
beforeAll(async () => {
  engine = await loadEngine({ build: 'release' });
});

const TOPOLOGIES: { name: string; make: () => Topology }[] = [
  { name: 'transit gateway hub, 4 VPCs, 2 AZs', make: () => generateTopology({ seed: 3, vpcs: 4, subnetsPerVpc: 3, instancesPerSubnet: 2, hub: 'tgw', azs: 2 }) },
  { name: 'peering mesh, 3 VPCs, 3 AZs', make: () => generateTopology({ seed: 23, vpcs: 3, subnetsPerVpc: 3, instancesPerSubnet: 2, hub: 'peering', azs: 3 }) },
  { name: 'inspection VPC with firewalls', make: () => featureTopology(false, 'firewall') },
  { name: 'VPN and Direct Connect to a VGW and a transit gateway', make: hybridTopology },
  { name: 'one NAT gateway', make: () => natEgress(false) },
  { name: 'Direct Connect with a backup VPN', make: () => hybridLinks(true) },
];

function randomPlan(t: Topology, seed: number): TestPlan {
  const image = compileTopology(t);
  return casesPlan(t, randomUnits(image, new Random(seed), [0, 0, 0.005, 0.02, 0.1], 2), randomCases(t, 30, seed * 17 + 1), [1, 2], image);
}

describe('exact availability (MC-15)', () => {
  for (const [i, { name, make }] of TOPOLOGIES.entries()) {
    it(`MC-15, MC-9: exact availability lies in the sampled Wilson interval of 100,000 trials, for every query: ${name}`, () => {
      const tp = randomPlan(make(), 500 + i);
      const exact = exactAvailability(engine, tp.plan);
      const n = 100_000;
      const counts = runTrials(engine, tp.plan, 11 + i, 0, n);
      let between = 0;
      exact.forEach((r, q) => {
        expect(r.complete, `query ${q} complete`).toBe(true);
        expect(r.bound).toBeLessThanOrEqual(1e-12);
        const [lo, hi] = wilson(counts.successes[q]!, n, 4.5);
        expect(r.availability, `query ${q}: exact ${r.availability}, sampled ${counts.successes[q]! / n}`).toBeGreaterThanOrEqual(lo);
        expect(r.availability).toBeLessThanOrEqual(hi);
        if (r.availability > 0 && r.availability < 1) between++;
      });
      // Some queries must have depended on failures (else agreement would prove nothing).
      expect(between, 'queries with 0 < A < 1').toBeGreaterThan(0);
    });
  }

  it('MC-15: a state budget too small stops early, says so, and the bound still brackets the full value', () => {
    const tp = randomPlan(TOPOLOGIES[3]!.make(), 900);
    const full = exactAvailability(engine, tp.plan);
    const cut = exactAvailability(engine, tp.plan, { maxStates: 3 });
    let incomplete = 0;
    cut.forEach((r, q) => {
      expect(r.states).toBeLessThanOrEqual(3);
      expect(r.availability).toBeLessThanOrEqual(full[q]!.availability + 1e-12);
      expect(full[q]!.availability).toBeLessThanOrEqual(r.availability + r.bound + 1e-12);
      if (!r.complete) {
        incomplete++;
        expect(r.bound).toBeGreaterThan(1e-12);
      }
    });
    expect(incomplete).toBeGreaterThan(0);
    // A threshold stops as soon as the unexplored mass is below it: fewer states, still bracketed.
    const loose = exactAvailability(engine, tp.plan, { threshold: 1e-3 });
    loose.forEach((r, q) => {
      expect(r.complete).toBe(true);
      expect(r.bound).toBeLessThanOrEqual(1e-3);
      expect(r.states).toBeLessThanOrEqual(full[q]!.states);
      expect(full[q]!.availability).toBeGreaterThanOrEqual(r.availability - 1e-12);
      expect(full[q]!.availability).toBeLessThanOrEqual(r.availability + r.bound + 1e-12);
    });
  });

  it('MC-15: a query no failure can touch is exact at once (one state, bound 0), and the trial loop draws nothing for it', () => {
    const t = natEgress(false);
    // Only the NAT gateway fails; InstanceA to InstanceB stays inside the VPC (local route) and never meets it.
    const tp = testPlan(t, [{ key: 1, probability: 0.3, components: [idOf(t, 'NatA')] }], [{ name: 'a-b', from: 'InstanceA', to: 'InstanceB', port: 22 }]);
    const [r] = exactAvailability(engine, tp.plan);
    expect(r).toEqual({ availability: 1, bound: 0, states: 1, complete: true });
    expect(runTrials(engine, tp.plan, 1, 0, 10_000).successes).toEqual([10_000]);
    expect(engine.monteCarloStats().relevantUnits).toBe(0);
  });
});
