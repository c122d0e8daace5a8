// The "did you mean" suggestion for a name that matches nothing: the name with the smallest
// case-insensitive edit distance, the first in sort order on a tie, when within max(2, length / 3).
// Checked against the definition (full Levenshtein over the sorted, de-duplicated names) on random names.
import { describe, expect, it } from 'vitest';
import { closestName } from '../../src/model/closest-name.js';
import { random as seeded } from '../helpers/flowlog-records.js';

function levenshtein(a: string, b: string): number {
  const d: number[][] = [];
  for (let i = 0; i <= a.length; i++) d.push([i]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return d[a.length]![b.length]!;
}

function byDefinition(value: string, names: string[]): string | undefined {
  const sorted = [...new Set(names)].sort();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const name of sorted) {
    const d = levenshtein(value.toLowerCase(), name.toLowerCase());
    if (d < bestDistance) {
      best = name;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(value.length / 3)) ? best : undefined;
}

describe('closestName ("did you mean")', () => {
  it('suggests a one-letter typo and nothing for an unrelated name', () => {
    const names = ['WebServer', 'Bastion', 'Database'];
    expect(closestName('Bastian', (visit) => names.forEach(visit))).toBe('Bastion');
    expect(closestName('webserver', (visit) => names.forEach(visit))).toBe('WebServer');
    expect(closestName('LoadBalancerXYZ', (visit) => names.forEach(visit))).toBeUndefined();
  });

  it('agrees with the definition on random names (ties, case, lengths near the limit)', () => {
    const random = seeded(7);
    const word = (n: number) => Array.from({ length: n }, () => 'abAB'[Math.floor(random() * 4)]).join('');
    let suggested = 0;
    for (let round = 0; round < 400; round++) {
      const names = Array.from({ length: 1 + Math.floor(random() * 30) }, () => word(1 + Math.floor(random() * 9)));
      const value = random() < 0.5 ? word(1 + Math.floor(random() * 9)) : names[0]! + word(Math.floor(random() * 3));
      const expected = byDefinition(value, names);
      if (expected !== undefined) suggested++;
      expect(closestName(value, (visit) => names.forEach(visit)), `${value} among ${names.join(',')}`).toBe(expected);
    }
    expect(suggested).toBeGreaterThan(100);
  });
});
