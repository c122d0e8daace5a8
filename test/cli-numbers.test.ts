// groupedDigits writes what toLocaleString('en-US') writes for whole numbers (help texts use it at start-up).
import { describe, expect, it } from 'vitest';
import { groupedDigits } from '../src/cli/numbers.js';

describe('groupedDigits', () => {
  it('groups thousands with commas, as en-US does', () => {
    for (const n of [0, 7, 999, 1000, 12345, 100000, 1000000, 123456789, Number.MAX_SAFE_INTEGER]) expect(groupedDigits(n)).toBe(n.toLocaleString('en-US'));
  });
});
