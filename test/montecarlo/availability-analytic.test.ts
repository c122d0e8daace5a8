// Availability in closed form (issue 10 §5), written from the probabilities, not from the code: series
// components multiply, redundant ones fail together. Exact mode (MC-15) must give the value to
// rounding; sampled trials (MC-10) must land within 5 standard errors of it (fixed seeds, so the test
// is deterministic). The causes of failed trials are the first blocking hop (MC-8, MC-14).
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../bindings/engine.js';
import { loadEngine } from '../../bindings/node.js';
import { Code } from '../../src/analyze/codes.js';
import { exactAvailability } from '../../src/analyze/montecarlo/exact.js';
import { runTrials } from '../../src/analyze/montecarlo/trials.js';
import type { TrialCounts } from '../../src/analyze/montecarlo/types.js';
import { AZ_A, AZ_B, ON_PREM_HOST, hybridLinks, idOf, natEgress } from '../helpers/availability-topologies.js';
import { engineOutcomeNamed, testPlan, type TestPlan, type UnitSpec } from '../helpers/trial-plans.js';

const TRIALS = 200_000;

let engine: Engine;
beforeAll(async () => {
  engine = await loadEngine({ build: 'release' });
});

/** Sampled availability within 5 standard errors of `expected` (plus one trial of slack). */
function expectSampledNear(counts: TrialCounts, q: number, expected: number): void {
  const sampled = counts.successes[q]! / counts.trials;
  const se = Math.sqrt((expected * (1 - expected)) / counts.trials);
  expect(Math.abs(sampled - expected), `sampled ${sampled}, expected ${expected}`).toBeLessThanOrEqual(5 * se + 1 / counts.trials);
}

function check(tp: TestPlan, expected: number[], seed = 1): TrialCounts {
  const exact = exactAvailability(engine, tp.plan);
  expected.forEach((a, q) => {
    expect(exact[q]!.complete).toBe(true);
    expect(exact[q]!.availability).toBeCloseTo(a, 12);
    expect(exact[q]!.bound).toBeLessThanOrEqual(1e-12);
  });
  const counts = runTrials(engine, tp.plan, seed, 0, TRIALS);
  expect(counts.trials).toBe(TRIALS);
  expected.forEach((a, q) => expectSampledNear(counts, q, a));
  return counts;
}

const unit = (n: number, probability: number, ...components: string[]): UnitSpec => ({ key: (1 << 24) | n, probability, components });

describe('closed-form availability (MC-2, MC-4, MC-5, MC-6, MC-13, MC-15)', () => {
  const pAz = 0.02;
  const pNat = 0.05;

  it('MC-2, MC-4: one NAT gateway in AZ a, instance in AZ b: A = (1 - pAz)^2 (1 - pNat); causes name the AZs and the NAT gateway (MC-2, MC-8, MC-14)', () => {
    const t = natEgress(false);
    const tp = testPlan(t, [unit(0, pAz, AZ_A), unit(1, pAz, AZ_B), unit(2, pNat, idOf(t, 'NatA'))], [{ name: 'b-internet', from: 'InstanceB', to: '8.8.8.8', port: 443 }]);
    const counts = check(tp, [(1 - pAz) ** 2 * (1 - pNat)]);
    const failed = counts.trials - counts.successes[0]!;
    expect(counts.causes.reduce((s, c) => s + c.trials, 0)).toBe(failed);
    const named = counts.causes.map((c) => ({ ...engineOutcomeNamed(tp, c.code, c.hopComponent, c.component), share: c.trials / failed }));
    // AZ b down: the source is down (MC-8) and its AZ is the root; otherwise AZ a down takes the NAT gateway
    // with it (the AZ is named); otherwise the NAT gateway itself is down (MC-4).
    const azB = named.find((c) => c.component === AZ_B);
    const azA = named.find((c) => c.component === AZ_A);
    const nat = named.find((c) => c.component === 'NatA');
    for (const c of [azB, azA, nat]) expect(c?.verdict).toBe(Code.BAD_STATE);
    expect(azB!.type).toBe('AWS::EC2::AvailabilityZone');
    expect(nat!.type).toBe('AWS::EC2::NatGateway');
    expect(named).toHaveLength(3);
    const pFail = 1 - (1 - pAz) ** 2 * (1 - pNat);
    expect(azB!.share).toBeCloseTo(pAz / pFail, 1);
    expect(azA!.share).toBeCloseTo(((1 - pAz) * pAz) / pFail, 1);
    expect(nat!.share).toBeCloseTo(((1 - pAz) ** 2 * pNat) / pFail, 1);
  });

  it('MC-2, MC-4: one NAT gateway per AZ: A = (1 - pAz)(1 - pNat); AZ a no longer matters', () => {
    const t = natEgress(true);
    const tp = testPlan(t, [unit(0, pAz, AZ_A), unit(1, pAz, AZ_B), unit(2, pNat, idOf(t, 'NatA')), unit(3, pNat, idOf(t, 'NatB'))],
      [{ name: 'b-internet', from: 'InstanceB', to: '8.8.8.8', port: 443 }, { name: 'a-internet', from: 'InstanceA', to: '8.8.8.8', port: 443 }]);
    check(tp, [(1 - pAz) * (1 - pNat), (1 - pAz) * (1 - pNat)]);
  });

  it('MC-5: a VPN connection is up while one of its two tunnels is: A = 1 - pT^2', () => {
    const t = hybridLinks(false);
    const vpn = idOf(t, 'Vpn');
    const pT = 0.1;
    const tp = testPlan(t, [unit(0, pT, `${vpn}#tunnel1`), unit(1, pT, `${vpn}#tunnel2`)], [{ name: 'to-dc', from: 'App', to: ON_PREM_HOST, port: 22 }]);
    check(tp, [1 - pT ** 2]);
  });

  it('MC-6, RT-4: Direct Connect with a backup VPN: down only when the DX connection and both tunnels are: A = 1 - pDx pT^2', () => {
    const t = hybridLinks(true);
    const vpn = idOf(t, 'Vpn');
    const pT = 0.2;
    const pDx = 0.1;
    const tp = testPlan(t, [unit(0, pDx, idOf(t, 'Dx')), unit(1, pT, `${vpn}#tunnel1`), unit(2, pT, `${vpn}#tunnel2`)], [{ name: 'to-dc', from: 'App', to: ON_PREM_HOST, port: 22 }]);
    check(tp, [1 - pDx * pT ** 2]);
  });

  it('MC-13: a correlated group takes both tunnels down together: A = (1 - g)(1 - pT^2)', () => {
    const t = hybridLinks(false);
    const vpn = idOf(t, 'Vpn');
    const pT = 0.1;
    const g = 0.03;
    const tp = testPlan(t, [unit(0, pT, `${vpn}#tunnel1`), unit(1, pT, `${vpn}#tunnel2`), { key: 7 << 24, probability: g, components: [`${vpn}#tunnel1`, `${vpn}#tunnel2`] }],
      [{ name: 'to-dc', from: 'App', to: ON_PREM_HOST, port: 22 }]);
    check(tp, [(1 - g) * (1 - pT ** 2)]);
  });

  it('MC-15: exact mode with tiny probabilities, where sampling sees nothing: A = (1 - 1e-5)^2 (1 - 1e-6)', () => {
    const t = natEgress(false);
    const tp = testPlan(t, [unit(0, 1e-5, AZ_A), unit(1, 1e-5, AZ_B), unit(2, 1e-6, idOf(t, 'NatA'))], [{ name: 'b-internet', from: 'InstanceB', to: '8.8.8.8', port: 443 }]);
    const [r] = exactAvailability(engine, tp.plan);
    expect(r!.complete).toBe(true);
    // 1 - A to 10 significant digits: the enumeration keeps the small masses apart.
    const unavailability = 1 - (1 - 1e-5) ** 2 * (1 - 1e-6);
    expect((1 - r!.availability) / unavailability).toBeCloseTo(1, 9);
    // Three relevant units: the all-up state, then one branch per unit (the later ones under the earlier up).
    expect(r!.states).toBeLessThanOrEqual(4);
  });
});
