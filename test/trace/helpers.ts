// Small assertions shared by the trace tests: the verdict, the blocking component and its code.
import { expect } from 'vitest';
import type { TraceAnswer } from '../../src/analyze/trace.js';

export function expectReachable(a: TraceAnswer): void {
  expect(a.explanations, JSON.stringify(a.explanations)).toEqual([]);
  expect(a.reachable).toBe(true);
}

export function expectBlocked(a: TraceAnswer, code: string, component?: string, direction: 'forward' | 'response' = 'forward'): void {
  expect(a.reachable).toBe(false);
  const e = a.explanations[0];
  expect(e, 'an explanation names the blocker').toBeDefined();
  expect({ code: e!.code, direction: e!.direction, ...(component ? { component: e!.component } : {}) }).toEqual({ code, direction, ...(component ? { component } : {}) });
}

/** The components of a path in order, e.g. to check that the NAT gateway was crossed. */
export function components(hops: TraceAnswer['forwardPath']): string[] {
  return hops.map((h) => h.component);
}
