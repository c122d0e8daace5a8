// Replays the merged arrivals of all clients through quotas and token buckets. Everything the loop
// touches is a typed array indexed by client, bucket or quota number (see plan.ts); per request it does
// one heap step, at most one quota check and three bucket checks, and a few counter increments.
import type { ApiGatewayModel } from '../model/apigateway.js';
import { ArrivalCursors } from './arrivals.js';
import { ArrivalHeap } from './merge.js';
import { nextPeriodStart } from './periods.js';
import {
  buildPlan,
  EVALUATE,
  OUTCOME_ACCEPTED,
  OUTCOME_QUOTA_EXCEEDED,
  OUTCOME_THROTTLED,
  OUTCOMES,
  type SimPlan,
  type SimulationOptions,
} from './plan.js';
import { arrivalsEnd, type Traffic } from './traffic.js';

/** Tolerance for float64 refill: n requests at exactly the refill rate must each find a whole token. */
const TOKEN_EPSILON = 1e-9;
const LEVELS = 3;
/** Timeline bin widths tried in turn so the timeline stays small (docs/semantics.md "API Gateway"). */
const TIMELINE_STEPS = [1, 60, 3600, 86_400];
const MAX_BINS = 20_000;
const MAX_TIMELINE_CELLS = 4_000_000;

export interface SimResult {
  plan: SimPlan;
  /** Width of a timeline bin in seconds. */
  stepSeconds: number;
  bins: number;
  /** Requests per client and outcome: totals[c * OUTCOMES + outcome]. */
  totals: Float64Array;
  /** timeline[(c * bins + bin) * OUTCOMES + outcome]. */
  timeline: Uint32Array;
  /** Throttled requests per client and level: throttledByLevel[c * 3 + level]. */
  throttledByLevel: Float64Array;
  /** Requests each bucket refused (index as plan.limits). */
  limitRejections: Float64Array;
  /** Requests each quota refused (index as plan.quotas). */
  quotaRejections: Float64Array;
}

/**
 * Replays client traffic against an API Gateway model (stage, method, usage plan and account throttles,
 * quotas, API keys) in time order; buildReport() words the result.
 */
export function simulateApiGateway(model: ApiGatewayModel, traffic: Traffic, opts: SimulationOptions = {}): SimResult {
  return runPlan(buildPlan(model, traffic, opts));
}

function timelineStep(clients: number, lastTime: number): number {
  for (const step of TIMELINE_STEPS) {
    const bins = Math.floor(lastTime / step) + 1;
    if (bins <= MAX_BINS && bins * Math.max(1, clients) <= MAX_TIMELINE_CELLS) return step;
  }
  const days = Math.ceil((Math.floor(lastTime / 86_400) + 1) / MAX_BINS);
  return 86_400 * days;
}

export function runPlan(plan: SimPlan): SimResult {
  const nClients = plan.clients.length;
  const lastTime = plan.arrivals.reduce((m, a) => Math.max(m, arrivalsEnd(a)), 0);
  const stepSeconds = timelineStep(nClients, lastTime);
  const bins = Math.floor(lastTime / stepSeconds) + 1;

  const fixed = new Int32Array(nClients);
  const bucketOf = new Int32Array(nClients * LEVELS);
  const quotaOf = new Int32Array(nClients);
  plan.clients.forEach((c, i) => {
    fixed[i] = c.fixedOutcome;
    quotaOf[i] = c.quota;
    for (let l = 0; l < LEVELS; l++) bucketOf[i * LEVELS + l] = c.buckets[l]!;
  });

  // APIGW-1: buckets start full.
  const nLimits = plan.limits.length;
  const rate = Float64Array.from(plan.limits, (l) => l.rate);
  const burst = Float64Array.from(plan.limits, (l) => l.burst);
  const tokens = Float64Array.from(burst);
  const last = new Float64Array(nLimits);
  const limitRejections = new Float64Array(nLimits);

  // APIGW-8/9: the initial period allows limit - offset; later periods allow limit.
  const start = plan.startEpochMs;
  const nQuotas = plan.quotas.length;
  const used = new Float64Array(nQuotas);
  const allowance = Float64Array.from(plan.quotas, (q) => Math.max(0, q.limit - q.offset));
  const boundaryMs = Float64Array.from(plan.quotas, (q) => nextPeriodStart(q.period, start));
  const resetAt = Float64Array.from(boundaryMs, (ms) => (ms - start) / 1000);
  const quotaRejections = new Float64Array(nQuotas);

  const totals = new Float64Array(nClients * OUTCOMES);
  const timeline = new Uint32Array(nClients * bins * OUTCOMES);
  const throttledByLevel = new Float64Array(nClients * LEVELS);

  const cursors = new ArrivalCursors(plan.arrivals);
  const time = cursors.time;
  const heap = new ArrivalHeap(time);
  const invStep = 1 / stepSeconds;

  while (heap.size > 0) {
    const c = heap.top();
    const t = time[c];
    let outcome = fixed[c];
    if (outcome === EVALUATE) {
      outcome = OUTCOME_ACCEPTED;
      const q = quotaOf[c];
      if (q >= 0) {
        if (t >= resetAt[q]) {
          // A new period: the count starts again at zero with the full limit.
          const period = plan.quotas[q]!.period;
          while (t >= resetAt[q]) {
            boundaryMs[q] = nextPeriodStart(period, boundaryMs[q]);
            resetAt[q] = (boundaryMs[q] - start) / 1000;
          }
          used[q] = 0;
          allowance[q] = plan.quotas[q]!.limit;
        }
        if (used[q] >= allowance[q]) {
          outcome = OUTCOME_QUOTA_EXCEEDED;
          quotaRejections[q]++;
        }
      }
      if (outcome === OUTCOME_ACCEPTED) {
        // APIGW-2 order; APIGW-12: a refusal at one level takes nothing from any level.
        const base = c * LEVELS;
        for (let l = 0; l < LEVELS; l++) {
          const b = bucketOf[base + l];
          if (b < 0) continue;
          let tk = tokens[b] + (t - last[b]) * rate[b];
          if (tk > burst[b]) tk = burst[b];
          tokens[b] = tk;
          last[b] = t;
          if (tk < 1 - TOKEN_EPSILON) {
            outcome = OUTCOME_THROTTLED;
            limitRejections[b]++;
            throttledByLevel[base + l]++;
            break;
          }
        }
        if (outcome === OUTCOME_ACCEPTED) {
          for (let l = 0; l < LEVELS; l++) {
            const b = bucketOf[base + l];
            if (b >= 0) tokens[b] -= 1;
          }
          if (q >= 0) used[q]++;
        }
      }
    }
    totals[c * OUTCOMES + outcome]++;
    timeline[(c * bins + Math.floor(t * invStep)) * OUTCOMES + outcome]++;
    if (cursors.advance(c)) heap.update();
    else heap.pop();
  }

  return { plan, stepSeconds, bins, totals, timeline, throttledByLevel, limitRejections, quotaRejections };
}
