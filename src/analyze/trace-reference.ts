// `traceReference()`: the spec path, which walks every packet of the query with the TypeScript
// reference walk (src/reference/walk.ts). The only production module that imports src/reference/:
// the library exports it (and referenceWalk) for users who want the spec's answer.
import type { Topology } from '../model/types.js';
import { referenceWalk } from '../reference/walk.js';
import type { WalkOptions } from '../walk/result.js';
import { answerFor, unresolvable } from './answer.js';
import { isResolved, resolveTrace, type ResolvedTrace } from './resolve.js';
import { walkOptionsOf, type TraceAnswer, type TraceQuery } from './trace.js';

export { referenceWalk };

/** The reference trace: every packet of the query through the TypeScript reference walk (the spec). */
export function traceReference(t: Topology, q: TraceQuery): TraceAnswer {
  const resolved = resolveTrace(t, q);
  return isResolved(resolved) ? referenceAnswer(t, resolved, walkOptionsOf(q) ?? {}) : unresolvable(resolved);
}

/** Walks every packet of a resolved query with the reference walk. */
export function referenceAnswer(t: Topology, resolved: ResolvedTrace, options: WalkOptions): TraceAnswer {
  const results = resolved.flows.map((flow) => referenceWalk(t, flow, resolved.origin, options, resolved.destination));
  return answerFor(t, resolved, results.map((r) => r.verdict), (i) => results[i]!);
}
