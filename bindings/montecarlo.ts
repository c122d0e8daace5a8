// Monte Carlo across the engine boundary (issue 10): the counter-based draws (MC-10), loading a trial
// plan (once per plan), whole chunks of trials per call, and exact mode (MC-15, one call for every
// query). Nothing crosses per trial. Layouts: src/compile/trial-layout.ts and docs/engine-abi.md.
import { FlowColumn } from '../abi/batch.js';
import { ExactResultField, MAX_CHUNK_TRIALS, TrialCauseField, TrialOutcomeField, TrialRunFlag } from '../abi/montecarlo.js';
import { columnPlan, writeColumns } from './columns.js';
import type { FlowBatch } from './network.js';

/** A trial plan as the engine takes it (structure of arrays; src/analyze/montecarlo/run-trials.ts builds it). */
export interface EnginePlan {
  /** Per unit: its key (MC-10) and down probability (0 < p <= 1). */
  keys: Uint32Array;
  probabilities: Float64Array;
  /** Per unit u: components[componentStart[u] .. componentStart[u + 1]) are the failable component ids it takes down. */
  componentStart: Int32Array;
  components: Int32Array;
  /** Failable components of the loaded image (ids are below it). */
  componentCount: number;
  /** Per query q: flows flowStart[q] .. flowStart[q + 1] - 1 of `flows` (at least one each). */
  flowStart: Int32Array;
  flows: FlowBatch;
}

export interface TrialChunkResult {
  /** Per query: reachable trials. */
  successes: Int32Array;
  /** TrialCauseField records (failed trials by first blocking hop), in the engine's slot order. */
  causes: Int32Array;
  /** With `outcomes`: a TrialOutcomeField record per (trial, query), trial-major. */
  outcomes?: Int32Array;
}

export interface MonteCarloStats {
  /** Units drawn per trial by the memoized loop (the union of the queries' relevant sets). */
  relevantUnits: number;
  memoProbes: number;
  memoHits: number;
  memoEntries: number;
}

export interface MonteCarloEngine {
  /**
   * uniform(seed, trialStart + t, keys[k]) for t < trials, k < keys.length, at [t * keys.length + k]
   * (MC-10; the definition is in assembly/trial-random.ts). For tests and tools; the trial loop draws
   * inside the engine.
   */
  trialUniforms(seed: number, trialStart: number, trials: number, keys: Uint32Array): Float64Array;
  /**
   * Loads a plan over the loaded network (and walks each query once with nothing down). `token`
   * (any object, e.g. the TrialPlan it came from) is what loadedTrialPlan() returns until the plan is
   * forgotten (another plan, loadNetwork, reset).
   */
  loadTrialPlan(plan: EnginePlan, token?: object): void;
  loadedTrialPlan(): object | undefined;
  /** Runs trials [trialStart, trialStart + count) of the loaded plan in one call (count <= MAX_CHUNK_TRIALS). */
  runTrialChunk(seed: number, trialStart: number, count: number, options?: { memo?: boolean; outcomes?: boolean }): TrialChunkResult;
  /** MC-15 for every query of the loaded plan: ExactResultField records (f64). */
  exactAvailability(maxStates: number, threshold: number): Float64Array;
  monteCarloStats(): MonteCarloStats;
}

export interface MonteCarloExports {
  memory: WebAssembly.Memory;
  stagingReserve(bytes: number): number;
  trialUniforms(seed: number, trialStart: number, trials: number, keys: number, n: number, out: number): void;
  mcPlanLoad(keys: number, probabilities: number, componentStart: number, components: number, flowStart: number, flows: number,
    units: number, queries: number, componentCount: number): number;
  mcRun(seed: number, trialStart: number, count: number, flags: number, outcomes: number): number;
  mcResults(): number;
  mcExact(maxStates: number, threshold: number, out: number): void;
  mcRelevantUnits(): number;
  memoProbes(): number;
  memoHits(): number;
  memoEntries(): number;
}

const FLOW_COLUMNS = columnPlan(FlowColumn);

/** A seed or trial number: an integer in [0, 2^53). */
export function checkTrialInteger(what: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${what} must be an integer in [0, 2^53), got ${value}`);
}

/** Writes a FlowBatch of n flows in FlowColumn layout at byte `base` of engine memory. */
function writeFlows(buffer: ArrayBuffer, base: number, flows: FlowBatch, n: number): void {
  writeColumns(buffer, base, n, FLOW_COLUMNS, flows);
}

function checkPlan(plan: EnginePlan): void {
  const units = plan.keys.length;
  const queries = plan.flowStart.length - 1;
  if (plan.probabilities.length !== units || plan.componentStart.length !== units + 1) throw new RangeError(`trial plan: ${units} keys, ${plan.probabilities.length} probabilities, ${plan.componentStart.length} component offsets`);
  if (queries < 0 || plan.flowStart[0] !== 0 || plan.flowStart[queries] !== plan.flows.origin.length) throw new RangeError('trial plan: flow offsets do not cover the flows');
  for (let q = 0; q < queries; q++) if (plan.flowStart[q + 1]! <= plan.flowStart[q]!) throw new RangeError(`trial plan: query ${q} has no flow`);
  for (let u = 0; u < units; u++) {
    const p = plan.probabilities[u]!;
    if (!(p > 0 && p <= 1)) throw new RangeError(`trial plan: unit ${u} (key ${plan.keys[u]}) has probability ${p}, want 0 < p <= 1`);
    if (plan.componentStart[u + 1]! < plan.componentStart[u]!) throw new RangeError(`trial plan: unit ${u} component offsets decrease`);
  }
  if (plan.componentStart[0] !== 0 || plan.componentStart[units] !== plan.components.length) throw new RangeError('trial plan: component offsets do not cover the components');
  for (const c of plan.components) {
    if (!(c >= 0 && c < plan.componentCount)) throw new RangeError(`trial plan: component id ${c} is not one of the image's ${plan.componentCount} failable components`);
  }
}

/** What the Engine wraps: the Monte Carlo methods plus a hook for its reset() and loadNetwork(). */
export interface MonteCarloEngineState extends MonteCarloEngine {
  forgetPlan(): void;
}

export function createMonteCarloEngine(raw: MonteCarloExports): MonteCarloEngineState {
  let queries = -1;
  let loaded: object | undefined;
  return {
    forgetPlan() {
      queries = -1;
      loaded = undefined;
    },

    loadedTrialPlan() {
      return loaded;
    },

    trialUniforms(seed, trialStart, trials, keys) {
      checkTrialInteger('seed', seed);
      checkTrialInteger('trialStart', trialStart);
      checkTrialInteger('trialStart + trials', trialStart + trials);
      const n = keys.length;
      const keyBytes = (n * 4 + 7) & ~7;
      const base = raw.stagingReserve(keyBytes + trials * n * 8);
      new Uint32Array(raw.memory.buffer, base, n).set(keys);
      raw.trialUniforms(seed, trialStart, trials, base, n, base + keyBytes);
      return new Float64Array(raw.memory.buffer, base + keyBytes, trials * n).slice();
    },

    loadTrialPlan(plan, token) {
      checkPlan(plan);
      queries = -1;
      loaded = undefined;
      const units = plan.keys.length;
      const q = plan.flowStart.length - 1;
      const n = plan.flows.origin.length;
      // Staging: probabilities first (8-byte aligned), then the i32 arrays, then the flow columns.
      const probabilities = 0;
      const keys = probabilities + units * 8;
      const componentStart = keys + units * 4;
      const components = componentStart + (units + 1) * 4;
      const flowStart = components + plan.components.length * 4;
      const flows = flowStart + (q + 1) * 4;
      const bytes = flows + n * FlowColumn.Stride * 4;
      const base = raw.stagingReserve(bytes);
      const buffer = raw.memory.buffer;
      new Float64Array(buffer, base + probabilities, units).set(plan.probabilities);
      new Uint32Array(buffer, base + keys, units).set(plan.keys);
      new Int32Array(buffer, base + componentStart, units + 1).set(plan.componentStart);
      new Int32Array(buffer, base + components, plan.components.length).set(plan.components);
      new Int32Array(buffer, base + flowStart, q + 1).set(plan.flowStart);
      writeFlows(buffer, base + flows, plan.flows, n);
      const status = raw.mcPlanLoad(base + keys, base + probabilities, base + componentStart, base + components, base + flowStart, base + flows, units, q, plan.componentCount);
      if (status !== 0) throw new Error('the engine rejected the trial plan');
      queries = q;
      loaded = token ?? plan;
    },

    runTrialChunk(seed, trialStart, count, options = {}) {
      if (queries < 0) throw new Error('runTrialChunk: no trial plan loaded (call loadTrialPlan first)');
      checkTrialInteger('seed', seed);
      checkTrialInteger('trialStart', trialStart);
      if (!Number.isInteger(count) || count < 0 || count > MAX_CHUNK_TRIALS) throw new RangeError(`a chunk runs 0 to ${MAX_CHUNK_TRIALS} trials, got ${count}`);
      checkTrialInteger('trialStart + count', trialStart + count);
      const flags = (options.memo === false ? 0 : TrialRunFlag.Memo) | (options.outcomes ? TrialRunFlag.Outcomes : 0);
      const outcomeWords = options.outcomes ? count * queries * TrialOutcomeField.Stride : 0;
      const outcomes = outcomeWords > 0 ? raw.stagingReserve(outcomeWords * 4) : 0;
      const records = raw.mcRun(seed, trialStart, count, flags, outcomes);
      const at = raw.mcResults();
      const buffer = raw.memory.buffer;
      const result: TrialChunkResult = {
        successes: new Int32Array(buffer, at, queries).slice(),
        causes: new Int32Array(buffer, at + queries * 4, records * TrialCauseField.Stride).slice(),
      };
      if (options.outcomes) result.outcomes = new Int32Array(buffer, outcomes, outcomeWords).slice();
      return result;
    },

    exactAvailability(maxStates, threshold) {
      if (queries < 0) throw new Error('exactAvailability: no trial plan loaded (call loadTrialPlan first)');
      if (!(maxStates >= 1)) throw new RangeError(`maxStates must be at least 1, got ${maxStates}`);
      if (!(threshold >= 0)) throw new RangeError(`threshold must be >= 0, got ${threshold}`);
      const words = queries * ExactResultField.Stride;
      const out = raw.stagingReserve(words * 8);
      raw.mcExact(maxStates, threshold, out);
      return new Float64Array(raw.memory.buffer, out, words).slice();
    },

    monteCarloStats() {
      return { relevantUnits: raw.mcRelevantUnits(), memoProbes: raw.memoProbes(), memoHits: raw.memoHits(), memoEntries: raw.memoEntries() };
    },
  };
}
