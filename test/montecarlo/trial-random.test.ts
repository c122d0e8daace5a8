// MC-10: the counter-based draws. The WASM stream (production) and the test-only TypeScript twin
// agree bit for bit, and the stream is well distributed (fixed seeds, so the statistics are
// deterministic; the bounds are 4-5 standard deviations, or a chi-square at p = 0.999).
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../bindings/engine.js';
import { loadEngine } from '../../bindings/node.js';
import { fastDraws, uniform, unitDown } from '../helpers/trial-random.js';

let engine: Engine;
beforeAll(async () => {
  engine = await loadEngine({ build: 'debug' });
});

describe('MC-10 counter-based draws', () => {
  it('MC-10: the WASM draws equal the TypeScript definition bit for bit', () => {
    const keys = new Uint32Array([0, 1, 2, 0xffffffff, (1 << 24) | 0, (2 << 24) | 7, (3 << 24) | 1, (7 << 24) | 12, 0x7fffffff, 123456789]);
    let compared = 0;
    for (const seed of [0, 1, 2, 0xffffffff, 2 ** 32 + 5, 2 ** 53 - 1]) {
      for (const start of [0, 1_000_000, 2 ** 40, 2 ** 53 - 400]) {
        const trials = 300;
        const got = engine.trialUniforms(seed, start, trials, keys);
        for (let t = 0; t < trials; t++) {
          for (let k = 0; k < keys.length; k++) {
            expect(got[t * keys.length + k]).toBe(uniform(seed, start + t, keys[k]!));
            compared++;
          }
        }
      }
    }
    expect(compared).toBe(6 * 4 * 300 * 10);
  });

  it('MC-10: the BigInt-free TypeScript draws (reference trial loop) decide every unit as uniform() < p does', () => {
    const keys = Array.from({ length: 40 }, (_, i) => ((1 + (i % 7)) << 24) | (i * 977));
    const probabilities = keys.map((_, i) => [1e-6, 1e-3, 0.01, 0.1, 0.5, 0.999, 1, 2 ** -53, 0.3][i % 9]!);
    let downs = 0;
    for (const seed of [0, 1, 12345, 2 ** 53 - 1]) {
      const draws = fastDraws(seed, keys, probabilities);
      for (const trial of [0, 1, 2, 99, 2 ** 31, 2 ** 32 + 3, 2 ** 52 + 1, 2 ** 53 - 1]) {
        const want = keys.flatMap((k, u) => (unitDown(seed, trial, k, probabilities[u]!) ? [u] : []));
        expect(draws(trial)).toEqual(want);
        downs += want.length;
      }
    }
    expect(downs).toBeGreaterThan(100);
  });

  it('MC-10: a draw depends only on (seed, trial, key): any chunking gives the same values', () => {
    const keys = new Uint32Array([5, 9, 1 << 24]);
    const whole = engine.trialUniforms(7, 100, 50, keys);
    const a = engine.trialUniforms(7, 100, 20, keys);
    const b = engine.trialUniforms(7, 120, 30, keys);
    expect(Array.from(whole)).toEqual([...a, ...b]);
    const alone = engine.trialUniforms(7, 100, 50, keys.subarray(1, 2));
    for (let t = 0; t < 50; t++) expect(alone[t]).toBe(whole[t * 3 + 1]);
  });

  it('rejects seeds and trial numbers that are not integers in [0, 2^53)', () => {
    expect(() => engine.trialUniforms(-1, 0, 1, new Uint32Array(1))).toThrow(/seed must be an integer/);
    expect(() => engine.trialUniforms(1.5, 0, 1, new Uint32Array(1))).toThrow(/seed must be an integer/);
    expect(() => engine.trialUniforms(1, 2 ** 53, 1, new Uint32Array(1))).toThrow(/trialStart must be an integer/);
  });

  describe('distribution of 1e6 draws (seed 1: 1,000 trials x 1,000 keys)', () => {
    const N = 1_000_000;
    let u: Float64Array;
    const keys = Uint32Array.from({ length: 1000 }, (_, i) => ((1 + (i % 7)) << 24) | i);
    beforeAll(() => {
      u = engine.trialUniforms(1, 0, 1000, keys);
    });

    it('every draw is in [0, 1) and a multiple of 2^-53', () => {
      for (let i = 0; i < N; i++) {
        const x = u[i]!;
        if (!(x >= 0 && x < 1 && Number.isInteger(x * 2 ** 53))) expect.fail(`draw ${i} = ${x}`);
      }
    });

    it('mean 1/2 and variance 1/12 within 5 standard errors', () => {
      let sum = 0;
      for (let i = 0; i < N; i++) sum += u[i]!;
      const mean = sum / N;
      let sq = 0;
      for (let i = 0; i < N; i++) sq += (u[i]! - mean) ** 2;
      const variance = sq / (N - 1);
      expect(Math.abs(mean - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / N));
      // Var of (U - 1/2)^2 is 1/180: standard error of the variance estimate sqrt(1/180/N).
      expect(Math.abs(variance - 1 / 12)).toBeLessThan(5 * Math.sqrt(1 / 180 / N));
    });

    it('chi-square over 1,000 equal bins below the p = 0.999 critical value', () => {
      const bins = new Float64Array(1000);
      for (let i = 0; i < N; i++) bins[Math.floor(u[i]! * 1000)]!++;
      const expected = N / 1000;
      let chi = 0;
      for (const b of bins) chi += (b - expected) ** 2 / expected;
      // 999 degrees of freedom: critical value at p = 0.999 is about 1143.
      expect(chi).toBeLessThan(1143);
      expect(chi).toBeGreaterThan(860); // and not suspiciously uniform (p = 0.001 lower tail)
    });

    it('rare events: draws below 1e-3 and 1e-4 occur at their rate (MC-1 small probabilities)', () => {
      let below3 = 0;
      let below4 = 0;
      for (let i = 0; i < N; i++) {
        if (u[i]! < 1e-3) below3++;
        if (u[i]! < 1e-4) below4++;
      }
      expect(Math.abs(below3 - 1000)).toBeLessThan(5 * Math.sqrt(1000));
      expect(Math.abs(below4 - 100)).toBeLessThan(5 * Math.sqrt(100));
    });

    it('neighbouring keys and neighbouring trials are independent: P(both < 0.1) = 0.01', () => {
      let keyPairs = 0;
      let trialPairs = 0;
      let both = 0;
      let bothT = 0;
      for (let t = 0; t < 1000; t++) {
        for (let k = 0; k < 1000; k++) {
          const x = u[t * 1000 + k]!;
          if (k + 1 < 1000) {
            keyPairs++;
            if (x < 0.1 && u[t * 1000 + k + 1]! < 0.1) both++;
          }
          if (t + 1 < 1000) {
            trialPairs++;
            if (x < 0.1 && u[(t + 1) * 1000 + k]! < 0.1) bothT++;
          }
        }
      }
      for (const [hits, n] of [[both, keyPairs], [bothT, trialPairs]] as const) {
        const sd = Math.sqrt(n * 0.01 * 0.99);
        expect(Math.abs(hits - n * 0.01)).toBeLessThan(5 * sd);
      }
    });

    it('another seed gives an uncorrelated stream', () => {
      const v = engine.trialUniforms(2, 0, 1000, keys);
      let cov = 0;
      for (let i = 0; i < N; i++) cov += (u[i]! - 0.5) * (v[i]! - 0.5);
      const correlation = cov / N / (1 / 12);
      expect(Math.abs(correlation)).toBeLessThan(5 / Math.sqrt(N));
    });
  });
});
