// The trial loop's TypeScript face (mc-contract.md): runTrials here, mergeCounts (./merge-counts.ts)
// and exactAvailability (./exact.ts) re-exported for the drivers.
// runTrials (issue 10 §2): trials [trialStart, trialStart + trialCount) of a plan, run in the engine
// (assembly/montecarlo.ts) one chunk per boundary crossing, counted per query: successes, and failed
// trials by their first blocking hop (MC-14). Trial i draws from (seed, i) alone (MC-10), so any split
// of the trials over calls, chunks or workers adds up to the same counts (MC-11, ./merge-counts.ts).
import type { Engine } from '../../../bindings/engine.js';
import type { TrialChunkResult } from '../../../bindings/montecarlo.js';
import { MAX_CHUNK_TRIALS, TrialCauseField } from '../../../abi/montecarlo.js';
import { preparePlan } from './engine-plan.js';
import { mergeCounts, sumCauses } from './merge-counts.js';
import type { TrialCause, TrialCounts, TrialPlan } from './types.js';

export { mergeCounts } from './merge-counts.js';
export { exactAvailability, type ExactOptions } from './exact.js';

export interface RunTrialsOptions {
  /**
   * Reuse verdicts across trials with the same state of each query's relevant units (default true).
   * false walks every query in every trial: the plain definition, for tests and the bench.
   */
  memo?: boolean;
}

function countsOf(chunk: TrialChunkResult, trials: number): TrialCounts {
  const causes: TrialCause[] = [];
  const r = chunk.causes;
  for (let i = 0; i < r.length; i += TrialCauseField.Stride) {
    causes.push({
      query: r[i + TrialCauseField.Query]!,
      hopComponent: r[i + TrialCauseField.HopComponent]!,
      component: r[i + TrialCauseField.Component]!,
      code: r[i + TrialCauseField.Code]!,
      trials: r[i + TrialCauseField.Trials]!,
    });
  }
  return { trials, successes: Array.from(chunk.successes), causes: sumCauses(causes) };
}

export function runTrials(engine: Engine, plan: TrialPlan, seed: number, trialStart: number, trialCount: number, options: RunTrialsOptions = {}): TrialCounts {
  if (!Number.isSafeInteger(trialCount) || trialCount < 0) throw new RangeError(`trialCount must be a whole number >= 0, got ${trialCount}`);
  preparePlan(engine, plan);
  let counts: TrialCounts = { trials: 0, successes: plan.queries.map(() => 0), causes: [] };
  for (let done = 0; done < trialCount;) {
    const count = Math.min(MAX_CHUNK_TRIALS, trialCount - done);
    const chunk = engine.runTrialChunk(seed, trialStart + done, count, { memo: options.memo !== false });
    counts = mergeCounts(counts, countsOf(chunk, count));
    done += count;
  }
  return counts;
}

/** One trial's outcome for one query (tests): verdict 0 = reachable, else the primary flow's blocking hop. */
export interface TrialOutcome {
  verdict: number;
  hopComponent: number;
  component: number;
}

/** Per trial, per query outcomes of trials [trialStart, trialStart + trialCount) (tests; one chunk). */
export function trialOutcomes(engine: Engine, plan: TrialPlan, seed: number, trialStart: number, trialCount: number, options: RunTrialsOptions = {}): TrialOutcome[][] {
  preparePlan(engine, plan);
  const chunk = engine.runTrialChunk(seed, trialStart, trialCount, { memo: options.memo !== false, outcomes: true });
  const r = chunk.outcomes!;
  const q = plan.queries.length;
  return Array.from({ length: trialCount }, (_, t) => Array.from({ length: q }, (_, i) => {
    const at = (t * q + i) * 3;
    return { verdict: r[at]!, hopComponent: r[at + 1]!, component: r[at + 2]! };
  }));
}
