// TGW-8 asks, for each propagated VPC CIDR, whether it overlaps one already propagated. The compile
// answers from a set keyed by network bits (PrefixOverlapSet); it must agree with the pairwise
// definition (prefixesOverlap) on any mix of nested, equal, disjoint and other-family prefixes.
import { describe, expect, it } from 'vitest';
import { PrefixOverlapSet } from '../../src/compile/transit-gateways.js';
import { makePrefix, prefixesOverlap, type Family, type Prefix } from '../../src/model/ip.js';

describe('PrefixOverlapSet (TGW-8 overlap check)', () => {
  it('agrees with prefixesOverlap against everything added, on seeded random prefixes', () => {
    let seed = 2024;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const lengths: Record<Family, number[]> = { 4: [8, 12, 16, 20, 24], 6: [48, 56, 64] };
    for (let round = 0; round < 40; round++) {
      const set = new PrefixOverlapSet(lengths);
      const added: Prefix[] = [];
      for (let i = 0; i < 60; i++) {
        const family: Family = next(5) === 0 ? 6 : 4;
        const len = lengths[family][next(lengths[family].length)]!;
        // A small address space (10.0.0.0/12, 2600::/44 and around) so nesting and equality happen often.
        const addr = family === 4 ? (0x0a000000n | BigInt(next(1 << 12)) << 12n) : (0x2600n << 112n) | (BigInt(next(1 << 10)) << 72n);
        const c = makePrefix(family, addr, len);
        expect(set.overlaps(c)).toBe(added.some((p) => prefixesOverlap(c, p)));
        if (next(2) === 0) {
          set.add(c);
          added.push(c);
        }
      }
    }
  });
});
