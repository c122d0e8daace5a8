// The shared bench row (bench/report.ts): the figures a reader compares over time must be the
// median/min/max of the runs given, and a peer's ratio must say how many times better our own
// implementation is, whichever way "better" points. No timing here: the values are given.
import { describe, expect, it } from 'vitest';
import { spread } from '../bench/measure.js';
import { BenchReport } from '../bench/report.js';

describe('bench rows', () => {
  it('spread: median of odd and even run counts, min and max', () => {
    expect(spread([5, 1, 3])).toEqual({ median: 3, min: 1, max: 5, runs: 3 });
    expect(spread([4, 1, 3, 10])).toEqual({ median: 3.5, min: 1, max: 10, runs: 4 });
    expect(() => spread([])).toThrow();
  });

  it('rates: runs of ms per call become ops/s; a slower peer gets ratio ours/peer', () => {
    const report = new BenchReport('unit', ['--json']);
    report.rate({ case: 'c', implementation: 'ours', includes: 'walk only' }, 'flows/s', 1000, [10, 20, 5]);
    report.rate({ case: 'c', implementation: 'peer', includes: 'walk only', peer: true }, 'flows/s', 100, [100, 50, 200]);
    const [ours, peer] = report.rows();
    expect(ours).toMatchObject({ bench: 'unit', case: 'c', implementation: 'ours', unit: 'flows/s', better: 'higher', median: 100_000, min: 50_000, max: 200_000, runs: 3 });
    expect(ours!.ratio).toBeUndefined();
    expect(peer).toMatchObject({ median: 1000, min: 500, max: 2000, runs: 3, ratio: 100 });
  });

  it('times: a slower peer gets ratio peer/ours; rows carry the machine and its load', () => {
    const report = new BenchReport('unit', ['--json']);
    report.time({ case: 'one', implementation: 'ours', includes: 'x' }, 'µs', [0.002, 0.004, 0.003]);
    report.time({ case: 'one', implementation: 'peer', includes: 'y', peer: true }, 'µs', [0.012]);
    report.time({ case: 'other', implementation: 'alone', includes: 'z', peer: true }, 'ms', [1]);
    const [ours, peer, alone] = report.rows();
    expect(ours!.median).toBeCloseTo(3, 9);
    expect(peer!.ratio).toBeCloseTo(4, 9);
    expect(alone!.ratio).toBeUndefined(); // no own row in its case: nothing to compare with
    expect(ours!.machine.cpus).toBeGreaterThan(0);
    expect(ours!.machine.loadavg.start).toHaveLength(3);
    expect(ours!.machine.node).toBe(process.version);
  });
});
