// C-6 (dependencies.ts): the circular-dependency check and the mapping order, against plain definitions
// on seeded random graphs ("Circular dependency between resources", AWS CloudFormation User Guide).
import { describe, expect, it } from 'vitest';
import { checkAcyclic, DependencyGraph, mappingOrder } from '../../src/import/cloudformation/dependencies.js';
import { InputError } from '../../src/model/errors.js';

function seeded(seed: number): (n: number) => number {
  return (n) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
}

/** A graph of n resources with random edges (self-loops and repeats possible). */
function graph(next: (n: number) => number, n: number, density: number): number[][] {
  return Array.from({ length: n }, () => Array.from({ length: next(density + 1) }, () => next(n)));
}

/** The message checkAcyclic should give, from reachability: the cycle whose sorted member list starts with the smallest name. */
function expectedCycle(edges: number[][], names: string[]): string | undefined {
  const n = edges.length;
  const reach = edges.map((out, i) => {
    const row = new Array<boolean>(n).fill(false);
    for (const j of out) row[j] = true;
    row[i] = row[i]!;
    return row;
  });
  for (let k = 0; k < n; k++) for (let i = 0; i < n; i++) if (reach[i]![k]) for (let j = 0; j < n; j++) if (reach[k]![j]) reach[i]![j] = true;
  const cycles: string[][] = [];
  const seen = new Set<number>();
  for (let v = 0; v < n; v++) {
    if (seen.has(v)) continue;
    const members = [v, ...Array.from({ length: n }, (_, u) => u).filter((u) => u !== v && reach[v]![u] && reach[u]![v])];
    for (const m of members) seen.add(m);
    if (members.length > 1 || edges[v]!.includes(v)) cycles.push(members.map((m) => names[m]!).sort());
  }
  if (cycles.length === 0) return undefined;
  const cycle = cycles.sort((a, b) => (a[0]! < b[0]! ? -1 : 1))[0]!;
  const more = cycle.length > 10 ? ` and ${cycle.length - 10} more` : '';
  return `t.yaml: circular dependency between resources: ${cycle.slice(0, 10).join(', ')}${more} (CloudFormation refuses the template; a resource cannot need itself)`;
}

describe('checkAcyclic', () => {
  it('refuses exactly the graphs with a cycle, naming the members of the first cycle by name (seeded graphs)', () => {
    const next = seeded(2024);
    let refused = 0;
    for (let round = 0; round < 300; round++) {
      const n = 1 + next(25);
      const edges = graph(next, n, 1 + next(3));
      // Names not in index order, so sorting by name is visible.
      const names = Array.from({ length: n }, (_, i) => `R${String((i * 7919) % 1000).padStart(3, '0')}x${i}`);
      let message: string | undefined;
      try {
        checkAcyclic(DependencyGraph.of(edges), (i) => names[i]!, 't.yaml');
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        message = err.message;
        refused++;
      }
      expect(message).toBe(expectedCycle(edges, names));
    }
    // Both outcomes occur, else the comparison would prove little.
    expect(refused).toBeGreaterThan(30);
    expect(refused).toBeLessThan(270);
  });
});

describe('mappingOrder', () => {
  it('orders by phase, then after same-phase dependencies (longest chain), then by name; leaves out negative phases', () => {
    const next = seeded(77);
    for (let round = 0; round < 200; round++) {
      const n = 1 + next(30);
      // Acyclic: edges only to smaller indexes.
      const edges = Array.from({ length: n }, (_, i) => (i === 0 ? [] : Array.from({ length: next(3) }, () => next(i))));
      const phase = Array.from({ length: n }, () => [-1, 10, 30, 30, 40][next(5)]!);
      const names = Array.from({ length: n }, (_, i) => `N${(i * 31) % 97}x${i}`);
      const order = mappingOrder(DependencyGraph.of(edges), phase, (i) => names[i]!);
      const depth = (v: number): number => Math.max(0, ...edges[v]!.filter((j) => j !== v && phase[j] === phase[v]).map((j) => depth(j) + 1));
      const expected = Array.from({ length: n }, (_, i) => i)
        .filter((i) => phase[i]! >= 0)
        .sort((a, b) => phase[a]! - phase[b]! || depth(a) - depth(b) || (names[a]! < names[b]! ? -1 : 1));
      expect(order).toEqual(expected);
    }
  });
});
