// Many trace queries against one loaded topology (`vpcsim trace --flows`): each query is resolved as
// trace() resolves it (./resolve.ts), the packets of all of them are walked untraced in batches by the
// shared batch walker (./batch-walk.ts), and only the first packet of each unreachable query is walked
// again with the hop trace, for its first blocker. Each answer agrees with trace()'s: reachable, the
// query as resolved, the source ports that work (TRACE-4) and the first explanation (TRACE-8).
import type { TraceAnswer, TraceExplanation, TraceQuery } from './trace.js';
import { explanationsOf, unresolvable } from './answer.js';
import type { BatchFlow, BatchWalker } from './batch-walk.js';
import type { QueryWords } from './query-checks.js';
import { isResolved, resolveTrace } from './resolve.js';
import { mergeIntervals, type PortInterval } from './source-ports.js';

export interface FlowAnswer {
  reachable: boolean;
  /** The query as resolved (trace()'s answer.query). */
  query: TraceAnswer['query'];
  /** TRACE-4: the source-port ranges that work, when some but not all of 1024-65535 do. */
  sourcePorts?: PortInterval[];
  /** Not reachable: the first blocker, as trace() explains it. */
  explanation?: TraceExplanation;
}

/** The answers of `queries`, in order. A query trace() would refuse (unknown name, bad port) throws the same InputError. */
export function traceMany(walker: BatchWalker, queries: readonly TraceQuery[], words: QueryWords): FlowAnswer[] {
  const resolved = queries.map((q) => resolveTrace(walker.topology, q, words));
  const packets: BatchFlow[] = [];
  const first: number[] = [];
  for (const r of resolved) {
    first.push(packets.length);
    if (!isResolved(r)) continue;
    for (const flow of r.flows) packets.push(r.destination === undefined ? { origin: r.origin, flow } : { origin: r.origin, flow, destination: r.destination });
  }
  const verdicts = walker.walkFlows(packets);
  const answers: FlowAnswer[] = [];
  const toExplain: number[] = [];
  resolved.forEach((r, q) => {
    if (!isResolved(r)) {
      const a = unresolvable(r);
      answers.push({ reachable: false, query: a.query, explanation: a.explanations[0]! });
      return;
    }
    const working: number[] = [];
    for (let i = 0; i < r.flows.length; i++) if (verdicts[first[q]! + i] === 0) working.push(i);
    const answer: FlowAnswer = { reachable: working.length > 0, query: r.query };
    if (r.intervals && working.length > 0 && working.length < r.intervals.length) answer.sourcePorts = mergeIntervals(working.map((i) => r.intervals![i]!));
    // trace() explains the first packet when none gets through.
    if (!answer.reachable) toExplain.push(q);
    answers.push(answer);
  });
  const explained = walker.explain(packets, toExplain.map((q) => first[q]!));
  explained.forEach((result, k) => {
    const explanation = explanationsOf(result)[0];
    if (explanation) answers[toExplain[k]!]!.explanation = explanation;
  });
  return answers;
}
