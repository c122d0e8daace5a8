// Drives the trials: splits them into chunks, hands the chunks to runners (the engine on this thread,
// or worker threads / Web Workers each with its own engine), and adds the counts up (MC-11). Trial i
// draws from (seed, i) alone (MC-10), so the chunking and the number of runners never change the counts.
// With `untilCi` it samples in rounds until every query's Wilson half-width is below the target; the
// rounds depend only on the counts, so they too are the same for any number of runners.
import { trialsForHalfWidth, wilsonHalfWidth } from './statistics.js';
import type { TrialCounts } from './types.js';

/** Something that runs trials [trialStart, trialStart + trialCount) of a plan it already holds. */
export interface TrialRunner {
  run(seed: number, trialStart: number, trialCount: number): Promise<TrialCounts>;
}

/** Runners that hold resources (worker threads, Web Workers): close() ends them. */
export interface RunnerPool {
  runners: TrialRunner[];
  close(): Promise<void>;
  /** Engines that ran the trials, when that is not one per runner (a queue's runners stand for shards in flight). */
  engines?(): number;
}

export interface MonteCarloProgress {
  /** Trials finished so far. */
  trials: number;
  /** Trials planned so far (grows round by round with untilCi). */
  total: number;
}

export interface SampleOptions {
  seed: number;
  /** Trials to run (with untilCi: of the first round). */
  trials: number;
  /** Keep sampling until every query's 95% interval half-width is below this. */
  untilCi?: number;
  /** Trials per chunk; default: about 8 chunks per runner per round, 1,000 to 1,000,000. */
  chunkTrials?: number;
  signal?: AbortSignal;
  onProgress?: (progress: MonteCarloProgress) => void;
  /** MC-11: adds two counts (runTrials' mergeCounts). */
  merge: (a: TrialCounts, b: TrialCounts) => TrialCounts;
}

/** Trial numbers are integers below 2^53 (the RNG's counter, MC-10). */
export const MAX_TRIALS = Number.MAX_SAFE_INTEGER;

/** A round never grows the total more than this many times (an estimate from few failures may be far off). */
const MAX_ROUND_GROWTH = 16;

export async function sampleTrials(runners: TrialRunner[], queryCount: number, options: SampleOptions): Promise<TrialCounts> {
  if (runners.length === 0) throw new RangeError('sampleTrials: no runners');
  // MC-9: an interval over no trials is an error.
  if (!Number.isSafeInteger(options.trials) || options.trials < 1) throw new RangeError(`trials must be a whole number >= 1, got ${options.trials}`);
  if (options.untilCi !== undefined && !(options.untilCi > 0 && options.untilCi < 0.5)) throw new RangeError(`untilCi must be in (0, 0.5), got ${options.untilCi}`);
  const { seed, untilCi, signal } = options;
  let counts: TrialCounts = { trials: 0, successes: new Array<number>(queryCount).fill(0), causes: [] };
  let target = options.trials;
  for (;;) {
    signal?.throwIfAborted();
    const round = await runTrialRange(runners, seed, counts.trials, target, options);
    counts = options.merge(counts, round);
    if (untilCi === undefined) return counts;
    const needed = trialsNeeded(counts, untilCi);
    if (needed <= counts.trials) return counts;
    const next = Math.max(2 * counts.trials, Math.min(needed, MAX_ROUND_GROWTH * counts.trials));
    if (next > MAX_TRIALS) throw new RangeError(`--until-ci ${untilCi}: the interval would need more than 2^53 trials`);
    target = next;
  }
}

/**
 * Trials the widest query needs for its half-width to be below `width`: the current total when all
 * already are, else an estimate from its current availability.
 */
function trialsNeeded(counts: TrialCounts, width: number): number {
  let needed = counts.trials;
  for (const s of counts.successes) {
    if (wilsonHalfWidth(s, counts.trials) < width) continue;
    needed = Math.max(needed, counts.trials + 1, trialsForHalfWidth(s / counts.trials, width));
  }
  return needed;
}

/**
 * Trials [from, to) in chunks, each runner taking the next chunk when it is free; counts added in chunk
 * order. A round of sampleTrials, and a queue worker's shard (its trial range over its threads).
 */
export async function runTrialRange(runners: TrialRunner[], seed: number, from: number, to: number, options: Omit<SampleOptions, 'seed' | 'trials'>): Promise<TrialCounts> {
  const total = to - from;
  const size = options.chunkTrials ?? Math.min(1_000_000, Math.max(1_000, Math.ceil(total / (8 * runners.length))));
  const chunks: [number, number][] = [];
  for (let start = from; start < to; start += size) chunks.push([start, Math.min(size, to - start)]);
  const results: TrialCounts[] = new Array<TrialCounts>(chunks.length);
  let next = 0;
  let done = from;
  let failed = false;
  const work = async (runner: TrialRunner): Promise<void> => {
    while (next < chunks.length && !failed) {
      options.signal?.throwIfAborted();
      const i = next++;
      const [start, count] = chunks[i]!;
      try {
        results[i] = await runner.run(seed, start, count);
      } catch (err) {
        failed = true;
        throw err;
      }
      done += count;
      options.onProgress?.({ trials: done, total: to });
    }
  };
  await Promise.all(runners.map(work));
  return results.reduce((a, b) => options.merge(a, b));
}
