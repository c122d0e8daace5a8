// Many trace queries against one loaded topology (`vpcsim trace --flows`): each query is resolved as
// trace() resolves it (./resolve.ts), the packets of all of them are written straight into the shared
// batch walker's columns (./batch-walk.ts: one per source-port interval, TRACE-4, with no Flow object
// each) and walked untraced, and only the first packet of each unreachable query is walked again with
// the hop trace, for its first blocker (worded alone). Each answer agrees with trace()'s: reachable, the
// query as resolved, the source ports that work (TRACE-4) and the first explanation (TRACE-8).
import { addressWords } from '../compile/address.js';
import { writePacket } from '../../bindings/columns.js';
import type { TraceAnswer, TraceExplanation, TraceQuery } from './trace.js';
import { explanationOf, unresolvable } from './answer.js';
import type { BatchFlow, BatchWalker } from './batch-walk.js';
import type { QueryWords } from './query-checks.js';
import { resolvePackets, type ResolvedPackets } from './resolve.js';
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

/** One resolved query's packets as the columns take them. */
interface Packets {
  resolved: ResolvedPackets;
  origin: number;
  destination: number;
  src: number[];
  dst: number[];
  /** Its first packet's index among all the packets. */
  first: number;
  count: number;
}

/** The answers of `queries`, in order. A query trace() would refuse (unknown name, bad port) throws the same InputError. */
export function traceMany(walker: BatchWalker, queries: readonly TraceQuery[], words: QueryWords): FlowAnswer[] {
  const answers: FlowAnswer[] = [];
  /** The packets of each query, undefined for one that resolved to nothing to walk. */
  const packetsOf: Array<Packets | undefined> = [];
  /** Each packet's query (an index into packetsOf). */
  const queryOfPacket: number[] = [];
  for (const q of queries) {
    const resolved = resolvePackets(walker.topology, q, words);
    if (!('packet' in resolved)) {
      const a = unresolvable(resolved);
      answers.push({ reachable: false, query: a.query, explanation: a.explanations[0]! });
      packetsOf.push(undefined);
      continue;
    }
    const p = resolved.packet;
    const count = resolved.intervals?.length ?? 1;
    for (let k = 0; k < count; k++) queryOfPacket.push(packetsOf.length);
    packetsOf.push({ resolved, origin: walker.origin(resolved.origin), destination: walker.networkInterface(resolved.destination), src: addressWords(p.family, p.src), dst: addressWords(p.family, p.dst), first: queryOfPacket.length - count, count });
    answers.push({ reachable: false, query: resolved.query });
  }
  const verdicts = walker.walk(queryOfPacket.length, (b, row, i) => {
    const w = packetsOf[queryOfPacket[i]!]!;
    const p = w.resolved.packet;
    const srcPort = w.resolved.intervals ? w.resolved.intervals[i - w.first]!.from : p.srcPort;
    b.origin[row] = w.origin;
    b.destination[row] = w.destination;
    b.icmpType[row] = p.icmpType;
    b.icmpCode[row] = p.icmpCode;
    writePacket(b, row, p.family, p.protocol, srcPort, p.dstPort, w.src, w.dst);
  });
  // Answers of resolved queries, in order (unresolved ones already hold theirs).
  const toExplain: BatchFlow[] = [];
  const explainedAnswers: FlowAnswer[] = [];
  answers.forEach((answer, q) => {
    const w = packetsOf[q];
    if (!w) return;
    const intervals = w.resolved.intervals;
    const working: number[] = [];
    for (let k = 0; k < w.count; k++) if (verdicts[w.first + k] === 0) working.push(k);
    answer.reachable = working.length > 0;
    if (intervals && working.length > 0 && working.length < intervals.length) answer.sourcePorts = mergeIntervals(working.map((k) => intervals[k]!));
    // trace() explains the first packet when none gets through.
    if (!answer.reachable) {
      const { origin, destination, packet } = w.resolved;
      toExplain.push(destination === undefined ? { origin, flow: packet } : { origin, flow: packet, destination });
      explainedAnswers.push(answer);
    }
  });
  walker.firstBlockers(toExplain).forEach((blocker, k) => {
    if (blocker) explainedAnswers[k]!.explanation = explanationOf(blocker);
  });
  return answers;
}
