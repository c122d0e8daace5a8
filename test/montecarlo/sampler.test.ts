// The sampling driver (MC-10, MC-11): chunks and runners never change the counts, --until-ci rounds are
// the same for any number of runners, abort and progress. The runner here is a test double whose
// trial outcomes come from a hash of (seed, trial, query), like the engine's counter-based draws; the
// engine's own trial loop is tested in test/montecarlo/*.test.ts against the real runTrials.
import { describe, expect, it } from 'vitest';
import { sampleTrials, type TrialRunner } from '../../src/analyze/montecarlo/sampler.js';
import { wilsonHalfWidth } from '../../src/analyze/montecarlo/statistics.js';
import type { TrialCounts } from '../../src/analyze/montecarlo/types.js';

/** A 32-bit hash of three integers (murmur3 finalizer), for test outcomes only. */
function hash(a: number, b: number, c: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x632be5ab, 0xc2b2ae35) ^ Math.imul(c + 1, 0x27d4eb2f);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 2 ** 32;
}

const AVAILABILITY = [0.999, 0.9, 0.5];

function fakeRunner(calls: [number, number][] = []): TrialRunner {
  return {
    async run(seed, start, count) {
      calls.push([start, count]);
      const counts: TrialCounts = { trials: count, successes: AVAILABILITY.map(() => 0), causes: [] };
      const causes = new Map<string, number>();
      for (let i = start; i < start + count; i++) {
        AVAILABILITY.forEach((a, q) => {
          const u = hash(seed, i, q);
          if (u < a) counts.successes[q]!++;
          else {
            const key = `${q}:${u < (a + 1) / 2 ? 1 : 2}`;
            causes.set(key, (causes.get(key) ?? 0) + 1);
          }
        });
      }
      for (const [key, trials] of causes) {
        const [query, component] = key.split(':').map(Number) as [number, number];
        counts.causes.push({ query, hopComponent: 9, component, code: 6, trials });
      }
      await new Promise((r) => setTimeout(r, (start * 7) % 3));
      return counts;
    },
  };
}

function add(a: TrialCounts, b: TrialCounts): TrialCounts {
  const causes = new Map<string, TrialCounts['causes'][number]>();
  for (const c of [...a.causes, ...b.causes]) {
    const key = `${c.query}:${c.hopComponent}:${c.component}:${c.code}`;
    const known = causes.get(key);
    causes.set(key, known ? { ...known, trials: known.trials + c.trials } : { ...c });
  }
  const sorted = [...causes.values()].sort((x, y) => x.query - y.query || x.hopComponent - y.hopComponent || x.component - y.component || x.code - y.code);
  return { trials: a.trials + b.trials, successes: a.successes.map((s, q) => s + b.successes[q]!), causes: sorted };
}

describe('sampling driver (MC-10, MC-11)', () => {
  it('MC-11: 1, 2 and 3 runners with different chunk sizes give the same counts', async () => {
    const one = await sampleTrials([fakeRunner()], 3, { seed: 7, trials: 20_000, merge: add });
    const two = await sampleTrials([fakeRunner(), fakeRunner()], 3, { seed: 7, trials: 20_000, chunkTrials: 1_234, merge: add });
    const three = await sampleTrials([fakeRunner(), fakeRunner(), fakeRunner()], 3, { seed: 7, trials: 20_000, merge: add });
    expect(one.trials).toBe(20_000);
    expect(two).toEqual(one);
    expect(three).toEqual(one);
  });

  it('MC-10: every trial runs exactly once, chunks cover [0, N) without overlap', async () => {
    const calls: [number, number][] = [];
    await sampleTrials([fakeRunner(calls), fakeRunner(calls)], 3, { seed: 1, trials: 10_001, chunkTrials: 1_000, merge: add });
    const sorted = [...calls].sort((a, b) => a[0] - b[0]);
    let next = 0;
    for (const [start, count] of sorted) {
      expect(start).toBe(next);
      next += count;
    }
    expect(next).toBe(10_001);
  });

  it('MC-10: another seed gives other counts', async () => {
    const a = await sampleTrials([fakeRunner()], 3, { seed: 1, trials: 5_000, merge: add });
    const b = await sampleTrials([fakeRunner()], 3, { seed: 2, trials: 5_000, merge: add });
    expect(b.successes).not.toEqual(a.successes);
  });

  it('--until-ci: samples in rounds until every half-width is below the target, the same rounds for any runner count', async () => {
    const width = 0.004;
    const one = await sampleTrials([fakeRunner()], 3, { seed: 3, trials: 1_000, untilCi: width, merge: add });
    const three = await sampleTrials([fakeRunner(), fakeRunner(), fakeRunner()], 3, { seed: 3, trials: 1_000, untilCi: width, merge: add });
    expect(three).toEqual(one);
    for (const s of one.successes) expect(wilsonHalfWidth(s, one.trials)).toBeLessThan(width);
    // The query at 0.5 needs about z²/4/w² = 60,000 trials: more than the first round, within a round's growth of it.
    expect(one.trials).toBeGreaterThan(0.9 * (1.96 ** 2 / 4 / width ** 2));
    expect(one.trials).toBeLessThan(4 * (1.96 ** 2 / 4 / width ** 2));
  });

  it('onProgress reports finished trials, rising to the total', async () => {
    const seen: number[] = [];
    await sampleTrials([fakeRunner(), fakeRunner()], 3, { seed: 1, trials: 8_000, chunkTrials: 1_000, merge: add, onProgress: (p) => seen.push(p.trials) });
    expect(seen).toHaveLength(8);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen.at(-1)).toBe(8_000);
  });

  it('an aborted signal stops the run', async () => {
    const controller = new AbortController();
    const run = sampleTrials([fakeRunner()], 3, {
      seed: 1,
      trials: 100_000,
      chunkTrials: 1_000,
      merge: add,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.trials >= 3_000) controller.abort(new Error('stopped by the test'));
      },
    });
    await expect(run).rejects.toThrow('stopped by the test');
  });

  it('MC-9: zero trials is an error', async () => {
    await expect(sampleTrials([fakeRunner()], 3, { seed: 1, trials: 0, merge: add })).rejects.toThrow(/trials must be a whole number >= 1/);
  });
});
