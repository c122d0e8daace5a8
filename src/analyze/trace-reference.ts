// `traceReference()`: the spec path, which walks every packet of the query with the TypeScript
// reference walk (src/reference/walk.ts), and `referenceWalk()`, one flow's walk. The only production
// module that imports src/reference/: the library exports both for users who want the spec's answer.
import type { Topology } from '../model/types.js';
import { referenceHops } from '../reference/walk.js';
import type { Flow, FlowOrigin } from '../walk/flow.js';
import type { WalkOptions, WalkResult } from '../walk/result.js';
import { answerFor, unresolvable } from './answer.js';
import { wordWalk } from './hop-text/index.js';
import { isResolved, resolveTrace, type ResolvedTrace } from './resolve.js';
import { walkOptionsOf, type TraceAnswer, type TraceQuery } from './trace.js';

/** The reference walk of one flow, its hops worded as every answer words them (./hop-text/). */
export function referenceWalk(t: Topology, flow: Flow, origin: FlowOrigin, options: WalkOptions = {}): WalkResult {
  return wordWalk(t, referenceHops(t, flow, origin, options));
}

/** The reference trace: every packet of the query through the TypeScript reference walk (the spec). */
export function traceReference(t: Topology, q: TraceQuery): TraceAnswer {
  const resolved = resolveTrace(t, q);
  return isResolved(resolved) ? referenceAnswer(t, resolved, walkOptionsOf(q) ?? {}) : unresolvable(resolved);
}

/** Walks every packet of a resolved query with the reference walk. */
export function referenceAnswer(t: Topology, resolved: ResolvedTrace, options: WalkOptions): TraceAnswer {
  const walks = resolved.flows.map((flow) => referenceHops(t, flow, resolved.origin, options));
  // Only the flow the answer shows is worded.
  return answerFor(t, resolved, walks.map((w) => w.verdict), (i) => wordWalk(t, walks[i]!));
}
