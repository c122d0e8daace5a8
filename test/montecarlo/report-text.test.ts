// The text of `vpcsim montecarlo` (formatMonteCarlo). Sampling that saw no failure has not shown that
// none is possible: the nines line says so only when the exact enumeration (MC-15) finished at
// availability 1; after sampling it gives the nines of the 95% interval's lower end (MC-9), a number
// the trials support. Counts of one are singular.
import { describe, expect, it } from 'vitest';
import { formatMonteCarlo } from '../../src/analyze/montecarlo/report-text.js';
import type { MonteCarloQueryResult, MonteCarloResult } from '../../src/analyze/montecarlo/report.js';
import { wilsonInterval } from '../../src/analyze/montecarlo/statistics.js';

const query = (trials: number, extra: Partial<MonteCarloQueryResult> = {}): MonteCarloQueryResult => ({
  name: 'q',
  availability: 1,
  ci95: wilsonInterval(trials, trials),
  successes: trials,
  trials,
  downtimeMinutesPerYear: 0,
  causes: [],
  ...extra,
});
const result = (q: MonteCarloQueryResult, workers = 2): MonteCarloResult => ({ seed: 1, trials: q.trials, workers, queries: [q] });

describe('formatMonteCarlo', () => {
  it('no failed trial in sampling: not "no failure possible", but the lower bound of the interval in nines', () => {
    const text = formatMonteCarlo(result(query(1000)));
    expect(text).not.toContain('no failure possible');
    const low = wilsonInterval(1000, 1000)[0];
    // 1000 of 1000: the interval starts near 0.9962, about 2.42 nines.
    expect(low).toBeGreaterThan(0.995);
    expect(low).toBeLessThan(0.997);
    expect(text).toContain(`  nines         at least ${(-Math.log10(1 - low)).toFixed(2)} (no failed trial; 95% CI)\n`);
  });

  it('the exact enumeration finished at availability 1: no failure is possible', () => {
    const text = formatMonteCarlo(result(query(1000, { exact: { availability: 1, bound: 0, states: 1, complete: true } })));
    expect(text).toContain('  nines         no failure possible\n');
  });

  it('one trial, one worker: singular', () => {
    expect(formatMonteCarlo(result(query(1), 1)).split('\n')[0]).toBe('1 trial, seed 1, 1 worker');
    expect(formatMonteCarlo(result(query(2_000_000))).split('\n')[0]).toBe('2,000,000 trials, seed 1, 2 workers');
  });
});
