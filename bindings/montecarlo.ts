// Monte Carlo across the engine boundary (issue 10): the counter-based draws (MC-10) and, once a
// trial plan is loaded, whole chunks of trials per call. Layouts: src/compile/trial-layout.ts and
// docs/engine-abi.md. Nothing crosses per trial.

export interface MonteCarloEngine {
  /**
   * uniform(seed, trialStart + t, keys[k]) for t < trials, k < keys.length, at [t * keys.length + k]
   * (MC-10; the definition is in assembly/trial-random.ts). For tests and tools; the trial loop draws
   * inside the engine.
   */
  trialUniforms(seed: number, trialStart: number, trials: number, keys: Uint32Array): Float64Array;
}

export interface MonteCarloExports {
  memory: WebAssembly.Memory;
  stagingReserve(bytes: number): number;
  trialUniforms(seed: number, trialStart: number, trials: number, keys: number, n: number, out: number): void;
}

/** A seed or trial number: an integer in [0, 2^53). */
export function checkTrialInteger(what: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${what} must be an integer in [0, 2^53), got ${value}`);
}

export function createMonteCarloEngine(raw: MonteCarloExports): MonteCarloEngine {
  return {
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
  };
}
