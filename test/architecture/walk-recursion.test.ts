// Issue 9 item 6 for the data plane: assembly/ has one import cycle, the packet walk's genuine recursion
// (a step such as the transit gateway hands the packet back to the walk's entry points in
// walk-route.ts and walk-eni.ts), and it holds exactly the step modules walk.ts's header lists. The
// modules around the walk (its state and hop writer, the batch loop, address ownership and classes,
// route lookup and building) are in no cycle, and walk.ts exports no mutable state for the steps to
// share.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, importGraph, importGroups } from './imports.js';

const WALK = 'assembly/walk.ts';
const walkText = readFileSync(join(ROOT, WALK), 'utf8');
/** The step modules walk.ts's header comment lists ("//   transit-gateway.ts   toTransitGateway ..."). */
const header = walkText.slice(0, walkText.search(/^import /m));
const listedSteps = [...header.matchAll(/^\/\/ +([\w-]+\.ts) {2,}\w/gm)].map((m) => `assembly/${m[1]}`);

describe('assembly/ import cycles', () => {
  it('the group finder lists every file of a cycle, and only those (so the checks below can fail)', () => {
    const graph = new Map([
      ['walk.ts', ['a.ts', 'b.ts', 'state.ts']],
      ['a.ts', ['walk.ts', 'state.ts']],
      ['b.ts', ['walk.ts']],
      ['state.ts', []],
      ['batch.ts', ['walk.ts', 'state.ts']],
    ]);
    expect(importGroups(graph)).toEqual([['a.ts', 'b.ts', 'walk.ts']]);
    graph.set('state.ts', ['batch.ts']);
    expect(importGroups(graph)).toEqual([['a.ts', 'b.ts', 'batch.ts', 'state.ts', 'walk.ts']]);
  });

  it("walk.ts's header lists the step modules", () => {
    expect(listedSteps.length).toBeGreaterThanOrEqual(3);
    expect(listedSteps).toContain('assembly/transit-gateway.ts');
  });

  it('the one cycle is the steps walk.ts\'s header lists (walk.ts starts each flow and hands the packet to them)', () => {
    const graph = importGraph(['assembly']);
    expect(graph.get(WALK)).toContain('assembly/walk-state.ts');
    expect(listedSteps).toContain('assembly/walk-route.ts');
    expect(importGroups(graph)).toEqual([[...listedSteps].sort()]);
  });

  it('walk.ts exports no mutable state (shared state lives in walk-state.ts)', () => {
    expect(walkText.match(/^export (let|var) \w+/gm) ?? []).toEqual([]);
  });
});
