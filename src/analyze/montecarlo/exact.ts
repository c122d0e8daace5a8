// exactAvailability (MC-15, issue 10 §3): each query's availability by enumerating the states of its
// relevant units in the engine (assembly/exact.ts, NetDice-style: only units behind components the
// walk consulted are branched on, most probable failures first), with the unexplored mass as `bound`.
// When the enumeration stops before the mass left is below the threshold, `complete` is false and the
// caller falls back to sampling (the report may still show the bound).
import type { Engine } from '../../../bindings/engine.js';
import { ExactResultField } from '../../../abi/montecarlo.js';
import { preparePlan } from './engine-plan.js';
import type { ExactResult, TrialPlan } from './types.js';

export interface ExactOptions {
  /** Walks per query before giving up (default 250,000; memory grows about 60 bytes per state). */
  maxStates?: number;
  /** Stop once the unexplored probability mass is at most this (default 1e-12). */
  threshold?: number;
}

export const DEFAULT_MAX_STATES = 250_000;
export const DEFAULT_THRESHOLD = 1e-12;

export function exactAvailability(engine: Engine, plan: TrialPlan, options: ExactOptions = {}): ExactResult[] {
  const maxStates = options.maxStates ?? DEFAULT_MAX_STATES;
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  if (!Number.isSafeInteger(maxStates) || maxStates < 1) throw new RangeError(`maxStates must be a whole number >= 1, got ${maxStates}`);
  if (!(threshold >= 0 && threshold < 1)) throw new RangeError(`threshold must be in [0, 1), got ${threshold}`);
  preparePlan(engine, plan);
  const r = engine.exactAvailability(maxStates, threshold);
  return plan.queries.map((_, q) => {
    const at = q * ExactResultField.Stride;
    return {
      availability: r[at + ExactResultField.Availability]!,
      bound: r[at + ExactResultField.Bound]!,
      states: r[at + ExactResultField.States]!,
      complete: r[at + ExactResultField.Complete] === 1,
    };
  });
}
