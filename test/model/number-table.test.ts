// NumberTable (src/model/validate/number-table.ts), validation's typed-array table of address owners:
// the same answers as a Map on seeded keys (VPC numbers above IPv4 addresses), through growth and
// overwrites, and -1 for keys never set.
import { describe, expect, it } from 'vitest';
import { NumberTable } from '../../src/model/validate/number-table.js';
import { rng } from '../helpers/walk-differential.js';

describe('NumberTable', () => {
  it('answers what a Map answers for 20,000 seeded keys below 2^53, overwritten and absent ones included', () => {
    const random = rng(7);
    const table = new NumberTable(4);
    const map = new Map<number, number>();
    const keys: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      const key = i % 5 === 0 && keys.length > 0 ? keys[Math.floor(random() * keys.length)]! : Math.floor(random() * 2000) * 2 ** 32 + Math.floor(random() * 2 ** 32);
      keys.push(key);
      table.set(key, i);
      map.set(key, i);
    }
    for (const [key, value] of map) expect(table.get(key)).toBe(value);
    for (let i = 0; i < 1000; i++) {
      const key = Math.floor(random() * 2 ** 53);
      expect(table.get(key)).toBe(map.get(key) ?? -1);
    }
    expect(table.get(0)).toBe(map.get(0) ?? -1);
  });
});
