// Timing for every bench: a figure is several runs of the same call, so a reader sees the spread
// (median, min, max) and not one lucky or unlucky mean. Each run is one tinybench sample; a call
// too short for the clock to time on its own is repeated inside the run and the run divided.
// Each run is also measured in CPU time (process.cpuUsage: every thread of the process, user +
// system): on a shared machine the wall clock counts the time other processes held the core, the
// CPU time does not, so it varies far less with the load. A call that runs on the calling thread
// alone (the engine's walk) asks for that thread's CPU time (threadCpu): V8's own threads (its
// compiler, its collector) working beside a run count in the process's, which once made one run of
// the trace bench read twice its wall time.
// Everything one-time (indexes, compiled images, tables) must be built by the caller before
// timeRuns: what is timed is exactly `fn`.
import { readFileSync } from 'node:fs';
import { Bench } from 'tinybench';

export interface RunOptions {
  /** Timed runs (samples). Default 7. */
  runs?: number;
  /** A run repeats `fn` until it lasts about this long. Default 20 ms. */
  minRunMs?: number;
  /** Untimed calls before the runs, for about this long (JIT, caches). Default 100 ms; at least one call. */
  warmupMs?: number;
  /** At least this many untimed calls before the warm-up (default 0): V8 tiers code up after a number of
   *  calls, not a time, so a call that takes long while cold (a whole library call) needs a count. */
  warmupCalls?: number;
  /**
   * CPU time of the calling thread alone, where the system tells it (Linux); else the process's. Its clock
   * moves at the scheduler's tick (4 ms here), so a run then lasts at least THREAD_CPU_MIN_RUN_MS.
   */
  threadCpu?: boolean;
}

/** Milliseconds per call, one figure per run: wall clock (ascending) and CPU time (run order). */
export interface Timing {
  wallMs: number[];
  cpuMs: number[];
  /** Whose CPU time cpuMs is: the calling thread's (threadCpu, Linux) or the whole process's (default). */
  cpuOf?: 'thread' | 'process';
}

/** A run's least length when timed by the thread's CPU clock: its 4 ms steps are then under 2% of a run. */
export const THREAD_CPU_MIN_RUN_MS = 250;

/**
 * The calling thread's CPU time in ms (Linux: /proc/thread-self/schedstat, its first field, nanoseconds on
 * a CPU, brought up to date at each scheduler tick), or undefined where the system does not tell it.
 */
export function threadCpuMs(): number | undefined {
  try {
    const ns = Number(readFileSync('/proc/thread-self/schedstat', 'latin1').split(' ', 1)[0]);
    return Number.isFinite(ns) ? ns / 1e6 : undefined;
  } catch {
    return undefined;
  }
}

/** process.cpuUsage() in ms: user + system time of every thread of the process. */
function processCpuMs(): number {
  const used = process.cpuUsage();
  return (used.user + used.system) / 1000;
}

/** Times `fn` over several runs (after a warm-up). */
export async function timeRuns(fn: () => unknown, options: RunOptions = {}): Promise<Timing> {
  const runs = options.runs ?? 7;
  const threadClock = options.threadCpu === true && threadCpuMs() !== undefined;
  const minRunMs = Math.max(options.minRunMs ?? 20, threadClock ? THREAD_CPU_MIN_RUN_MS : 0);
  const warmupMs = options.warmupMs ?? 100;

  // One untimed call tells whether fn is async and roughly how long it takes (with warmupCalls: the
  // call after them, so the estimate is of warm code).
  const call = async (): Promise<number> => {
    const t0 = performance.now();
    const r = fn();
    if (r instanceof Promise) await r;
    return performance.now() - t0;
  };
  const t0 = performance.now();
  const first = fn();
  const isAsync = first instanceof Promise;
  if (isAsync) await first;
  let once = Math.max(performance.now() - t0, 1e-4);
  const countedWarmup = options.warmupCalls ?? 0;
  if (countedWarmup > 0) {
    for (let i = 0; i < countedWarmup; i++) await call();
    once = Math.max(await call(), 1e-4);
  }
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
  const cpuMs: number[] = [];
  const cpuOf = threadClock ? 'thread' : 'process';
  const cpuNow = cpuOf === 'thread' ? () => threadCpuMs()! : processCpuMs;
  let cpuStart = cpuNow();
  bench.add('run', body, {
    async: isAsync,
    beforeEach: (mode) => {
      if (mode === 'run') cpuStart = cpuNow();
    },
    afterEach: (mode) => {
      if (mode !== 'run') return;
      cpuMs.push((cpuNow() - cpuStart) / repeat);
    },
  });
  await bench.run();
  const samples = (bench.tasks[0]!.result as { latency?: { samples?: number[] } }).latency?.samples;
  if (!samples || samples.length === 0) throw new Error('tinybench returned no samples');
  return { wallMs: samples.map((ms) => ms / repeat), cpuMs, cpuOf };
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

/** Starts a wall + CPU clock; calling the result adds the time since then to `into` as one run. */
export function stopwatch(into: Timing): () => void {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  return () => {
    const used = process.cpuUsage(cpu);
    into.wallMs.push(performance.now() - wall);
    into.cpuMs.push((used.user + used.system) / 1000);
  };
}

export function emptyTiming(): Timing {
  return { wallMs: [], cpuMs: [] };
}
