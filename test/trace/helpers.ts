// Small assertions shared by the trace tests: the verdict, the blocking component and its code.
// `trace` here is the spec, traceReference(); every query a test file asks through it is asked again
// of the engine-backed trace() after the file's tests, and the two answers (or errors) must be equal.
import { afterAll, expect } from 'vitest';
import { trace as engineTrace } from '../../src/analyze/trace-node.js';
import { type TraceAnswer, type TraceQuery } from '../../src/analyze/trace.js';
import { traceReference } from '../../src/analyze/trace-reference.js';
import type { Topology } from '../../src/model/types.js';

interface Asked {
  t: Topology;
  q: TraceQuery;
  answer?: TraceAnswer;
  error?: string;
}

const asked: Asked[] = [];

/** The reference trace (the spec); the query is recorded for the engine comparison below. */
export function trace(t: Topology, q: TraceQuery): TraceAnswer {
  try {
    const answer = traceReference(t, q);
    asked.push({ t, q, answer });
    return answer;
  } catch (err) {
    asked.push({ t, q, error: String(err) });
    throw err;
  }
}

/** Answer-level differential: engine-backed trace() == traceReference() on every query of the file. */
afterAll(async () => {
  for (const { t, q, answer, error } of asked) {
    const label = `engine trace() vs traceReference() on ${JSON.stringify(q)}`;
    const outcome = await engineTrace(t, q).then((a) => ({ answer: a }), (err: unknown) => ({ error: String(err) }));
    expect(outcome, label).toEqual(error !== undefined ? { error } : { answer });
  }
});

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
