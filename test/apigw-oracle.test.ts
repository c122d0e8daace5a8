// The fast simulator (k-way merge, typed arrays) against the naive replay (pending events re-sorted per
// request, Maps of objects): same plan, same per-client outcome counts, on mixed and randomised traffic.
import { describe, expect, it } from 'vitest';
import { buildPlan } from '../src/apigw/plan.js';
import { runPlan } from '../src/apigw/simulate.js';
import { mulberry32Next, mulberry32Uniform } from '../src/apigw/arrivals.js';
import type { Arrivals } from '../src/apigw/traffic.js';
import { mixedWorkload } from '../bench/apigw-workload.js';
import { naiveSimulate } from '../bench/apigw-naive.js';

describe('fast simulator = naive replay', () => {
  it('on the mixed benchmark workload (scaled down)', () => {
    const { model, traffic } = mixedWorkload(0.05);
    model.usagePlans[1]!.quota = { limit: 500, period: 'DAY', offset: 0 };
    const plan = buildPlan(model, traffic, { accountRate: 300, accountBurst: 500 });
    const fast = runPlan(plan);
    expect(Array.from(fast.totals)).toEqual(naiveSimulate(plan));
    // The workload exercises every outcome.
    const sums = [0, 1, 2, 3, 4].map((o) => plan.clients.reduce((s, _c, i) => s + fast.totals[i * 5 + o]!, 0));
    expect(sums.every((s) => s > 0)).toBe(true);
  });

  it.each([1, 2, 3, 4, 5, 6, 7, 8])('on randomised limits and arrivals (seed %i)', (seed) => {
    let state = seed * 7919;
    const rnd = () => mulberry32Uniform((state = mulberry32Next(state)));
    const { model, traffic } = mixedWorkload(0.01);
    for (const api of model.restApis) for (const s of api.stages) for (const m of s.methodSettings) Object.assign(m, { rateLimit: Math.floor(rnd() * 60), burstLimit: Math.floor(rnd() * 30) });
    for (const p of model.usagePlans) {
      p.throttle = { rateLimit: Math.floor(rnd() * 40), burstLimit: Math.floor(rnd() * 20) };
      p.quota = { limit: 50 + Math.floor(rnd() * 500), period: 'DAY', offset: Math.floor(rnd() * 40) };
    }
    for (const c of traffic.clients) {
      const kind = Math.floor(rnd() * 3);
      const start = Math.floor(rnd() * 20);
      const arrivals: Arrivals =
        kind === 0
          ? { type: 'burst', at: start, count: Math.floor(rnd() * 50) }
          : kind === 1
            ? { type: 'constant', rate: rnd() * 40, start, end: start + 30 }
            : { type: 'poisson', rate: rnd() * 40, start, end: start + 30, seed: Math.floor(rnd() * 1000) };
      c.arrivals = arrivals;
    }
    // Quota periods roll over during the run.
    const plan = buildPlan(model, { ...traffic, startEpochMs: Date.parse('2025-01-01T23:59:40Z') }, { accountRate: 100, accountBurst: 50 });
    expect(Array.from(runPlan(plan).totals)).toEqual(naiveSimulate(plan));
  });
});
