// The Monte Carlo calls across the engine boundary and their TypeScript face: bad plans and arguments
// are refused in one line before anything crosses, counts merge by adding (MC-11) into a canonical
// order, and a plan is loaded once per engine and again when the engine held something else.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../bindings/engine.js';
import { loadEngine } from '../../bindings/node.js';
import { mergeCounts } from '../../src/analyze/montecarlo/merge-counts.js';
import { enginePlan } from '../../src/analyze/montecarlo/engine-plan.js';
import { exactAvailability, runTrials } from '../../src/analyze/montecarlo/trials.js';
import type { TrialCounts } from '../../src/analyze/montecarlo/types.js';
import { trace } from '../../src/analyze/trace-node.js';
import { AZ_A, AZ_B, ON_PREM_HOST, hybridLinks, idOf, natEgress } from '../helpers/availability-topologies.js';
import { fromTrialPlan, testPlan } from '../helpers/trial-plans.js';

let engine: Engine;
beforeAll(async () => {
  engine = await loadEngine({ build: 'debug' });
});

function natPlan() {
  const t = natEgress(false);
  return testPlan(t, [{ key: 1, probability: 0.1, components: [AZ_A] }, { key: 2, probability: 0.1, components: [AZ_B, idOf(t, 'NatA')] }],
    [{ name: 'b', from: 'InstanceB', to: '8.8.8.8', port: 443 }, { name: 'a', from: 'InstanceA', to: '8.8.8.8', port: 443 }]);
}

describe('MC-11 mergeCounts', () => {
  it('adds trials, successes and the trials of equal causes, and sorts causes by (query, hopComponent, component, code)', () => {
    const a: TrialCounts = { trials: 10, successes: [7, 9], causes: [{ query: 1, hopComponent: 9, component: 0, code: 6, trials: 1 }, { query: 0, hopComponent: 2, component: 3, code: 6, trials: 3 }] };
    const b: TrialCounts = { trials: 5, successes: [5, 3], causes: [{ query: 1, hopComponent: 9, component: 0, code: 6, trials: 2 }] };
    expect(mergeCounts(a, b)).toEqual({
      trials: 15,
      successes: [12, 12],
      causes: [{ query: 0, hopComponent: 2, component: 3, code: 6, trials: 3 }, { query: 1, hopComponent: 9, component: 0, code: 6, trials: 3 }],
    });
    expect(mergeCounts(b, a)).toEqual(mergeCounts(a, b));
    expect(() => mergeCounts(a, { trials: 1, successes: [1], causes: [] })).toThrow(/2 queries and 1 queries/);
  });
});

describe('the Monte Carlo engine calls', () => {
  it('refuse a bad plan in one line before anything crosses', () => {
    const tp = natPlan();
    engine.reset();
    engine.loadNetwork(tp.image);
    const good = enginePlan(tp.plan);
    const bad = (patch: Partial<typeof good>) => () => engine.loadTrialPlan({ ...good, ...patch });
    expect(bad({ probabilities: Float64Array.from([0.1, 1.5]) })).toThrow(/^trial plan: unit 1 \(key 2\) has probability 1.5, want 0 < p <= 1$/);
    expect(bad({ probabilities: Float64Array.from([0, 0.5]) })).toThrow(/unit 0 \(key 1\) has probability 0/);
    expect(bad({ components: Int32Array.from([0, 1, 9999]) })).toThrow(/component id 9999 is not one of the image's \d+ failable components/);
    expect(bad({ flowStart: Int32Array.from([0, 0, 2]) })).toThrow(/query 0 has no flow/);
    expect(() => enginePlan({ ...tp.plan, units: [{ ...tp.plan.units[0]!, key: 2 ** 32 }] })).toThrow(/has key 4294967296, want a 32-bit unsigned integer/);
  });

  it('refuse trials without a plan, and trial numbers outside [0, 2^53)', () => {
    const tp = natPlan();
    engine.reset();
    expect(() => engine.runTrialChunk(1, 0, 10)).toThrow(/no trial plan loaded/);
    expect(() => engine.exactAvailability(10, 0)).toThrow(/no trial plan loaded/);
    expect(() => runTrials(engine, tp.plan, -1, 0, 10)).toThrow(/seed must be an integer in \[0, 2\^53\), got -1/);
    expect(() => runTrials(engine, tp.plan, 1, 2 ** 53 - 5, 10)).toThrow(/trialStart \+ count must be an integer/);
    expect(() => runTrials(engine, tp.plan, 1, 0.5, 10)).toThrow(/trialStart must be an integer/);
    expect(() => runTrials(engine, tp.plan, 1, 0, -3)).toThrow(/trialCount must be a whole number >= 0, got -3/);
    expect(() => exactAvailability(engine, tp.plan, { maxStates: 0 })).toThrow(/maxStates must be a whole number >= 1, got 0/);
    expect(() => exactAvailability(engine, tp.plan, { threshold: 1 })).toThrow(/threshold must be in \[0, 1\), got 1/);
  });

  it('load the plan once per engine, and again after a reset or another plan and image', () => {
    const tp = natPlan();
    const first = runTrials(engine, tp.plan, 4, 0, 5000);
    expect(runTrials(engine, tp.plan, 4, 0, 5000)).toEqual(first);
    engine.reset();
    expect(runTrials(engine, tp.plan, 4, 0, 5000)).toEqual(first);
    const other = natPlan();
    runTrials(engine, other.plan, 4, 0, 10);
    expect(runTrials(engine, tp.plan, 4, 0, 5000)).toEqual(first);
    // Counts are per query in plan order; a query that never fails counts every trial.
    expect(first.trials).toBe(5000);
    expect(first.successes[0]).toBeLessThan(5000);
  });

  it('a plan built elsewhere reads back into the reference walk\'s packets (test helper for referenceTrials)', () => {
    const tp = natPlan();
    const back = fromTrialPlan(tp.t, tp.plan);
    expect(back.resolved.map((q) => q.flows)).toEqual(tp.resolved.map((q) => q.flows));
    expect(back.resolved.map((q) => q.origin)).toEqual(tp.resolved.map((q) => q.origin));
  });

  it('trace() and runTrials() may share an engine: each loads what it needs when the other replaced it', async () => {
    const tp = natPlan();
    const other = testPlan(hybridLinks(false), [], [{ name: 'dc', from: 'App', to: ON_PREM_HOST, port: 22 }]);
    const query = { from: 'InstanceB', to: '8.8.8.8', port: 443 };
    const before = await trace(tp.t, query, { engine });
    expect(before.reachable).toBe(true);
    expect(runTrials(engine, other.plan, 1, 0, 100).successes).toEqual([100]);
    expect(await trace(tp.t, query, { engine })).toEqual(before);
    expect(runTrials(engine, tp.plan, 4, 0, 5000)).toEqual(runTrials(await loadEngine({ build: 'debug' }), tp.plan, 4, 0, 5000));
  });

  it('an empty run is zero counts', () => {
    const tp = natPlan();
    expect(runTrials(engine, tp.plan, 1, 0, 0)).toEqual({ trials: 0, successes: [0, 0], causes: [] });
  });
});
