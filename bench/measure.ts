// Timing for every bench: a figure is several runs of the same call, so a reader sees the spread
// (median, min, max) and not one lucky or unlucky mean. Each run is one tinybench sample; a call
// too short for the clock to time on its own is repeated inside the run and the run divided.
// Everything one-time (indexes, compiled images, tables) must be built by the caller before
// timeRuns: what is timed is exactly `fn`.
import { Bench } from 'tinybench';

export interface RunOptions {
  /** Timed runs (samples). Default 7. */
  runs?: number;
  /** A run repeats `fn` until it lasts about this long. Default 20 ms. */
  minRunMs?: number;
  /** Untimed calls before the runs, for about this long (JIT, caches). Default 100 ms; at least one call. */
  warmupMs?: number;
}

/** Milliseconds per call of `fn`, one figure per run (in ascending order). */
export async function timeRuns(fn: () => unknown, options: RunOptions = {}): Promise<number[]> {
  const runs = options.runs ?? 7;
  const minRunMs = options.minRunMs ?? 20;
  const warmupMs = options.warmupMs ?? 100;

  // One untimed call tells whether fn is async and roughly how long it takes.
  const t0 = performance.now();
  const first = fn();
  const isAsync = first instanceof Promise;
  if (isAsync) await first;
  const once = Math.max(performance.now() - t0, 1e-4);
  const repeat = Math.max(1, Math.ceil(minRunMs / once));

  const body = isAsync
    ? async () => { for (let i = 0; i < repeat; i++) await fn(); }
    : () => { for (let i = 0; i < repeat; i++) fn(); };
  const warmupCalls = Math.ceil(warmupMs / (once * repeat));
  const bench = new Bench({
    iterations: runs,
    time: 0,
    warmup: warmupCalls > 0,
    warmupIterations: Math.max(1, warmupCalls),
    warmupTime: 0,
    retainSamples: true,
    throws: true,
  });
  bench.add('run', body, { async: isAsync });
  await bench.run();
  const samples = (bench.tasks[0]!.result as { latency?: { samples?: number[] } }).latency?.samples;
  if (!samples || samples.length === 0) throw new Error('tinybench returned no samples');
  return samples.map((ms) => ms / repeat);
}

export interface Spread {
  median: number;
  min: number;
  max: number;
  runs: number;
}

export function spread(values: readonly number[]): Spread {
  if (values.length === 0) throw new Error('no values');
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  return { median, min: s[0]!, max: s[s.length - 1]!, runs: s.length };
}
