// Validation visits resources in logical-id order (C-4), whatever the input order: sortedByLogicalId
// (src/model/validate/context.ts) merges the ascending runs of a list instead of sorting it, and must
// give exactly what a stable sort gives (same elements, equal logical ids in input order).
import { describe, expect, it } from 'vitest';
import { byLogicalId, sortedByLogicalId } from '../../src/model/validate/context.js';
import { rng } from '../helpers/walk-differential.js';

function list(seed: number, runs: number, length: number): { logicalId: string; n: number }[] {
  const random = rng(seed);
  const names = Array.from({ length: Math.max(1, Math.floor(length / 3)) }, (_, i) => `Res${String(Math.floor(random() * 1000)).padStart(3, '0')}${i % 3 === 0 ? '' : 'x'}`);
  const items = Array.from({ length }, (_, n) => ({ logicalId: names[Math.floor(random() * names.length)]!, n }));
  // `runs` ascending runs of random lengths (equal logical ids inside and across runs).
  const cuts = [0, ...Array.from({ length: runs - 1 }, () => Math.floor(random() * length)).sort((a, b) => a - b), length];
  const out: typeof items = [];
  for (let r = 0; r + 1 < cuts.length; r++) out.push(...[...items.slice(cuts[r], cuts[r + 1])].sort(byLogicalId));
  return out;
}

describe('sortedByLogicalId', () => {
  it('is the stable sort of lists of 1 to 12 runs (merged up to 8, sorted past that), empty and single lists too', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const runs = 1 + (seed % 12);
      const items = list(seed, runs, seed % 7 === 0 ? seed % 2 : 5 + seed * 7);
      const got = sortedByLogicalId(items);
      expect(got).toEqual([...items].sort(byLogicalId));
      got.forEach((x, i) => expect(x).toBe([...items].sort(byLogicalId)[i]));
      expect(got).not.toBe(items);
    }
  });
});
