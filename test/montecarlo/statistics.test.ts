// MC-9 (Wilson score interval) and MC-15 (nines, downtime) against values computed by hand from the formulas.
import { describe, expect, it } from 'vitest';
import { downtimeMinutesPerYear, MINUTES_PER_YEAR, nines, trialsForHalfWidth, wilsonHalfWidth, wilsonInterval, Z95 } from '../../src/analyze/montecarlo/statistics.js';

describe('MC-9 Wilson score interval', () => {
  it('MC-9: z is the 97.5th normal percentile', () => {
    expect(Z95).toBe(1.959963984540054);
  });

  it('MC-9: 5 of 10 is symmetric about 1/2: centre 0.5, half-width z*sqrt(0.025 + z²/400)/(1 + z²/10)', () => {
    const z2 = Z95 * Z95;
    const half = (Z95 * Math.sqrt(0.25 / 10 + z2 / 400)) / (1 + z2 / 10);
    const [lo, hi] = wilsonInterval(5, 10);
    expect(lo).toBeCloseTo(0.5 - half, 15);
    expect(hi).toBeCloseTo(0.5 + half, 15);
    // The textbook value of the 95% Wilson interval for 5/10.
    expect(lo).toBeCloseTo(0.2366, 4);
    expect(hi).toBeCloseTo(0.7634, 4);
  });

  it('MC-9: 0 of 10 has lower bound 0 and upper bound z²/(n + z²) (p = 0: centre = half-width)', () => {
    const [lo, hi] = wilsonInterval(0, 10);
    expect(lo).toBe(0);
    expect(hi).toBeCloseTo((Z95 * Z95) / (10 + Z95 * Z95), 15);
    expect(hi).toBeCloseTo(0.2775, 4);
  });

  it('MC-9: 10 of 10 mirrors 0 of 10', () => {
    const [lo, hi] = wilsonInterval(10, 10);
    expect(hi).toBe(1);
    expect(lo).toBeCloseTo(1 - (Z95 * Z95) / (10 + Z95 * Z95), 15);
  });

  it('MC-9: 1 of 10 matches the textbook interval', () => {
    const [lo, hi] = wilsonInterval(1, 10);
    expect(lo).toBeCloseTo(0.0179, 4);
    expect(hi).toBeCloseTo(0.4042, 4);
  });

  it('MC-9: n = 0 is an error', () => {
    expect(() => wilsonInterval(0, 0)).toThrow(/at least one trial/);
  });

  it('the half-width shrinks like 1/sqrt(n): 4x the trials, half the width', () => {
    const a = wilsonHalfWidth(500_000, 1_000_000);
    const b = wilsonHalfWidth(2_000_000, 4_000_000);
    expect(a / b).toBeCloseTo(2, 4);
  });

  it('trialsForHalfWidth gives a count whose half-width is (about) the target', () => {
    const n = trialsForHalfWidth(0.9, 0.001);
    expect(wilsonHalfWidth(Math.round(0.9 * n), n)).toBeLessThan(0.001 * 1.001);
    expect(wilsonHalfWidth(Math.round(0.9 * (n / 2)), Math.round(n / 2))).toBeGreaterThan(0.001);
  });
});

describe('MC-15 nines and downtime', () => {
  it('MC-15: nines = -log10(1 - A)', () => {
    expect(nines(0.999)).toBeCloseTo(3, 12);
    expect(nines(0.99999)).toBeCloseTo(5, 9);
    expect(nines(0)).toBe(0);
    expect(nines(1)).toBe(Infinity);
  });

  it('MC-15: downtime per year = (1 - A) x 525,960 minutes (365.25 days)', () => {
    expect(MINUTES_PER_YEAR).toBe(365.25 * 24 * 60);
    expect(downtimeMinutesPerYear(0.999)).toBeCloseTo(525.96, 9);
    expect(downtimeMinutesPerYear(1)).toBe(0);
  });
});
