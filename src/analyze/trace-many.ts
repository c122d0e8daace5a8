// Many trace queries against one loaded topology (`vpcsim trace --flows`): each query is resolved as
// trace() resolves it (./resolve.ts), the packets of all of them are written straight into the shared
// batch walker's columns (./batch-walk.ts: one per source-port interval, TRACE-4, with no Flow object
// each) and walked untraced, and only the first packet of each unreachable query is walked again with
// the hop trace, for its first blocker (worded alone). Each answer agrees with trace()'s: reachable, the
// query as resolved, the source ports that work (TRACE-4) and the first explanation (TRACE-8).
import { addressWords } from '../compile/address.js';
import { assertTopology } from '../model/guards.js';
import { networkIndex } from '../model/network-index.js';
import { writePacket } from '../../bindings/columns.js';
import type { TraceAnswer, TraceExplanation, TraceQuery } from './trace.js';
import { explanationOf, unresolvable } from './answer.js';
import type { BatchWalker } from './batch-walk.js';
import type { FlowBatch } from '../../bindings/network.js';
import type { QueryWords } from './query-checks.js';
import { resolveQueryPackets, type ResolvedPackets } from './resolve.js';
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

/** Writes an address's four engine words at `out[at]` (addressWords() without the array). */
function putAddress(out: Uint32Array, at: number, family: 4 | 6, value: bigint): void {
  if (family === 4) {
    out[at] = Number(value);
    return;
  }
  const words = addressWords(family, value);
  for (let k = 0; k < 4; k++) out[at + k] = words[k]!;
}

/** The answers of `queries`, in order. A query trace() would refuse (unknown name, bad port) throws the same InputError. */
export function traceMany(walker: BatchWalker, queries: readonly TraceQuery[], words: QueryWords): FlowAnswer[] {
  const t = walker.topology;
  assertTopology(t, 'trace');
  const ix = networkIndex(t);
  const n = queries.length;
  const answers: FlowAnswer[] = new Array<FlowAnswer>(n);
  // Per query (typed columns, no object each): the resolved query, its first packet among all the
  // packets and how many (0: it resolved to nothing to walk), the engine's origin and destination ids
  // and its packet's address words.
  const resolvedOf: Array<ResolvedPackets | undefined> = new Array<ResolvedPackets | undefined>(n);
  const first = new Int32Array(n);
  const count = new Int32Array(n);
  const origin = new Int32Array(n);
  const destination = new Int32Array(n);
  const src = new Uint32Array(4 * n);
  const dst = new Uint32Array(4 * n);
  let packets = 0;
  for (let q = 0; q < n; q++) {
    const resolved = resolveQueryPackets(ix, queries[q]!, words);
    if (!('packet' in resolved)) {
      const a = unresolvable(resolved);
      answers[q] = { reachable: false, query: a.query, explanation: a.explanations[0]! };
      continue;
    }
    const p = resolved.packet;
    resolvedOf[q] = resolved;
    first[q] = packets;
    count[q] = resolved.intervals?.length ?? 1;
    packets += count[q]!;
    origin[q] = walker.origin(resolved.origin);
    destination[q] = walker.networkInterface(resolved.destination);
    putAddress(src, 4 * q, p.family, p.src);
    putAddress(dst, 4 * q, p.family, p.dst);
    answers[q] = { reachable: false, query: resolved.query };
  }
  // Each packet's query.
  const queryOfPacket = new Int32Array(packets);
  for (let q = 0; q < n; q++) queryOfPacket.fill(q, first[q]!, first[q]! + count[q]!);
  /** Query q's packet at `row`, from source port `srcPort`. */
  const fill = (b: FlowBatch, row: number, q: number, srcPort: number): void => {
    const p = resolvedOf[q]!.packet;
    b.origin[row] = origin[q]!;
    b.destination[row] = destination[q]!;
    b.icmpType[row] = p.icmpType;
    b.icmpCode[row] = p.icmpCode;
    writePacket(b, row, p.family, p.protocol, srcPort, p.dstPort, src, dst, 4 * q, 4 * q);
  };
  const verdicts = walker.walk(packets, (b, row, i) => {
    const q = queryOfPacket[i]!;
    const r = resolvedOf[q]!;
    fill(b, row, q, r.intervals ? r.intervals[i - first[q]!]!.from : r.packet.srcPort);
  });
  // Answers of resolved queries, in order (unresolved ones already hold theirs).
  const explained: number[] = [];
  for (let q = 0; q < n; q++) {
    const r = resolvedOf[q];
    if (!r) continue;
    const answer = answers[q]!;
    let working = 0;
    for (let k = first[q]!; k < first[q]! + count[q]!; k++) if (verdicts[k] === 0) working++;
    answer.reachable = working > 0;
    const intervals = r.intervals;
    if (intervals && working > 0 && working < intervals.length) answer.sourcePorts = mergeIntervals(intervals.filter((_, k) => verdicts[first[q]! + k] === 0));
    // trace() explains the first packet when none gets through.
    if (!answer.reachable) explained.push(q);
  }
  const blockers = walker.firstBlockersOf(
    explained.length,
    (b, row) => fill(b, row, explained[row]!, resolvedOf[explained[row]!]!.packet.srcPort),
    (row) => resolvedOf[explained[row]!]!.packet,
  );
  blockers.forEach((blocker, k) => {
    if (blocker) answers[explained[k]!]!.explanation = explanationOf(blocker);
  });
  return answers;
}
