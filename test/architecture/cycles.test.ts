// No import cycles in the TypeScript source (issue 9, docs/architecture.md): a type lives in a module
// both sides import, never in one of the two. The data plane (assembly/) is left out: its walk recurses
// through its step modules on purpose (test/architecture/walk-recursion.test.ts checks that cycle).
import { describe, expect, it } from 'vitest';
import { importCycles, importGraph } from './imports.js';

describe('import cycles', () => {
  it('the cycle finder reports a cycle, and only a cycle (so the check below can fail)', () => {
    const graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts', 'd.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', []],
      ['e.ts', ['d.ts', 'outside.ts']],
    ]);
    expect(importCycles(graph)).toEqual([['a.ts', 'b.ts', 'c.ts', 'a.ts']]);
    expect(importCycles(new Map([['x.ts', ['x.ts']]]))).toEqual([['x.ts', 'x.ts']]);
    graph.set('c.ts', []);
    expect(importCycles(graph)).toEqual([]);
  });

  it('src/, bindings/ and abi/ have none', () => {
    const graph = importGraph(['src', 'bindings', 'abi']);
    expect(graph.size).toBeGreaterThan(100);
    expect(importCycles(graph).map((cycle) => cycle.join(' -> '))).toEqual([]);
  });
});
