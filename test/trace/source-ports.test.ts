// TRACE-4: source-port ranges are decided per elementary interval between rule port boundaries.
import { describe, expect, it } from 'vitest';
import { elementaryIntervals, mergeIntervals } from '../../src/analyze/source-ports.js';

describe('source-port intervals (TRACE-4)', () => {
  it('cuts 1024-65535 at every boundary inside it and ignores those outside', () => {
    expect(elementaryIntervals([22, 23, 32768, 61000, 65536])).toEqual([
      { from: 1024, to: 32767 },
      { from: 32768, to: 60999 },
      { from: 61000, to: 65535 },
    ]);
  });

  it('without boundaries the whole ephemeral range is one interval', () => {
    expect(elementaryIntervals([])).toEqual([{ from: 1024, to: 65535 }]);
  });

  it('merges adjacent intervals into maximal ranges', () => {
    expect(mergeIntervals([{ from: 1024, to: 2047 }, { from: 2048, to: 4095 }, { from: 5000, to: 6000 }])).toEqual([
      { from: 1024, to: 4095 },
      { from: 5000, to: 6000 },
    ]);
  });
});
