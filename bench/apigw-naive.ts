// The straightforward way to replay traffic, as a baseline for the benchmark and an independent oracle
// for the tests: one pending event per client in an array that is re-sorted before every request,
// arrivals from generator functions, limiter state in Maps of objects.
import { mulberry32Next, mulberry32Uniform, poissonGap } from '../src/apigw/arrivals.js';
import { nextPeriodStart } from '../src/apigw/periods.js';
import {
  EVALUATE,
  OUTCOME_ACCEPTED,
  OUTCOME_QUOTA_EXCEEDED,
  OUTCOME_THROTTLED,
  OUTCOMES,
  type SimPlan,
} from '../src/apigw/plan.js';
import type { Arrivals } from '../src/apigw/traffic.js';

function* arrivalTimes(a: Arrivals): Generator<number> {
  if (a.type === 'burst') {
    for (let i = 0; i < a.count; i++) yield a.at;
  } else if (a.type === 'constant') {
    for (let i = 0; a.rate > 0 && a.start + i / a.rate < a.end; i++) yield a.start + i / a.rate;
  } else {
    let state = a.seed | 0;
    let t = a.start;
    while (a.rate > 0) {
      state = mulberry32Next(state);
      t += poissonGap(mulberry32Uniform(state), a.rate);
      if (t >= a.end) return;
      yield t;
    }
  }
}

interface Pending {
  t: number;
  client: number;
  next: Generator<number>;
}

/** Requests per client and outcome, laid out like SimResult.totals. */
export function naiveSimulate(plan: SimPlan): number[] {
  const totals = new Array<number>(plan.clients.length * OUTCOMES).fill(0);
  const buckets = new Map<number, { tokens: number; last: number }>();
  const quotas = new Map<number, { used: number; allowance: number; resetMs: number }>();
  const pending: Pending[] = [];
  plan.arrivals.forEach((a, client) => {
    const next = arrivalTimes(a);
    const first = next.next();
    if (!first.done) pending.push({ t: first.value, client, next });
  });
  while (pending.length > 0) {
    pending.sort((a, b) => a.t - b.t || a.client - b.client);
    const ev = pending.shift()!;
    const c = plan.clients[ev.client]!;
    const t = ev.t;
    let outcome = c.fixedOutcome;
    if (outcome === EVALUATE) {
      outcome = OUTCOME_ACCEPTED;
      if (c.quota >= 0) {
        const spec = plan.quotas[c.quota]!;
        let q = quotas.get(c.quota);
        if (!q) quotas.set(c.quota, (q = { used: 0, allowance: Math.max(0, spec.limit - spec.offset), resetMs: nextPeriodStart(spec.period, plan.startEpochMs) }));
        if (plan.startEpochMs + t * 1000 >= q.resetMs) {
          while (plan.startEpochMs + t * 1000 >= q.resetMs) q.resetMs = nextPeriodStart(spec.period, q.resetMs);
          q.used = 0;
          q.allowance = spec.limit;
        }
        if (q.used >= q.allowance) outcome = OUTCOME_QUOTA_EXCEEDED;
      }
      const used = c.buckets.filter((b) => b >= 0);
      if (outcome === OUTCOME_ACCEPTED) {
        for (const b of used) {
          const spec = plan.limits[b]!;
          let s = buckets.get(b);
          if (!s) buckets.set(b, (s = { tokens: spec.burst, last: 0 }));
          s.tokens = Math.min(spec.burst, s.tokens + (t - s.last) * spec.rate);
          s.last = t;
          if (s.tokens < 1 - 1e-9) {
            outcome = OUTCOME_THROTTLED;
            break;
          }
        }
      }
      if (outcome === OUTCOME_ACCEPTED) {
        for (const b of used) buckets.get(b)!.tokens -= 1;
        if (c.quota >= 0) quotas.get(c.quota)!.used++;
      }
    }
    totals[ev.client * OUTCOMES + outcome]!++;
    const n = ev.next.next();
    if (!n.done) pending.push({ t: n.value, client: ev.client, next: ev.next });
  }
  return totals;
}
