// Walk results -> the TraceAnswer: hops in AWS words with Name tags, the blockers as explanations
// (TRACE-8, TRACE-9), and with no source port the shown flow and the working source ports (TRACE-4).
import { keyIndexOf } from '../model/list-index.js';
import type { Resource, Topology } from '../model/types.js';
import type { BlockedAt, Hop, WalkResult } from '../walk/result.js';
import { Code, codeName, hopKindName } from './codes.js';
import type { ResolvedTrace, UnresolvedTrace } from './resolve.js';
import { mergeIntervals } from './source-ports.js';
import type { TraceAnswer, TraceExplanation, TraceHop } from './trace.js';

type NameTags = (id: string) => string | undefined;

const nameCache = new WeakMap<Topology, NameTags>();

/** Whether the answer shows `r`'s Name tag: it has one, other than its logical id. */
export const hasNameTag = (r: Partial<Resource> | undefined): r is Partial<Resource> & { id: string; name: string } => !!r && typeof r.name === 'string' && typeof r.id === 'string' && r.name !== r.logicalId;

/** Physical id -> `Name` tag, for resources whose tag differs from their logical id (the last resource with the id wins). */
function nameTags(t: Topology): NameTags {
  let names = nameCache.get(t);
  if (names) return names;
  const lists = Object.values(t).filter((list): list is Array<Partial<Resource>> => Array.isArray(list));
  if (lists.every((list) => keyIndexOf(list))) {
    // A cached Topology: the few resources with that id, through each list's index, last list first;
    // lists without a Name tag (KeyIndex.nameTagged false) cannot hold one.
    const tagged = lists.filter((list) => keyIndexOf(list)!.nameTagged !== false);
    names = (id) => {
      for (let l = tagged.length - 1; l >= 0; l--) {
        const list = tagged[l]!;
        const positions = keyIndexOf(list)!.candidates(id);
        for (let k = positions.length - 1; k >= 0; k--) {
          const r = list[positions[k]!];
          if (hasNameTag(r) && r.id === id) return r.name;
        }
      }
      return undefined;
    };
  } else {
    const map = new Map<string, string>();
    for (const list of lists) for (const r of list) if (hasNameTag(r)) map.set(r.id, r.name);
    names = (id) => map.get(id);
  }
  nameCache.set(t, names);
  return names;
}

function hopView(h: Hop, names: NameTags): TraceHop {
  const view: TraceHop = { kind: hopKindName(h.kind), component: h.component, type: h.type, id: h.id, action: h.action, packet: h.packet };
  const name = names(h.id);
  if (name !== undefined) view.name = name;
  if (h.rule !== undefined) view.rule = h.rule;
  if (h.info) view.info = h.info.map(codeName);
  if (h.code !== Code.REACHABLE) view.code = codeName(h.code);
  return view;
}

function answerFrom(t: Topology, query: TraceAnswer['query'], r: WalkResult): TraceAnswer {
  const names = nameTags(t);
  return { reachable: r.verdict === Code.REACHABLE, query, forwardPath: r.forward.map((h) => hopView(h, names)), returnPath: r.response.map((h) => hopView(h, names)), explanations: explanationsOf(r) };
}

/** TRACE-8, TRACE-9: the first blocker, or with allBlocking every blocker in path order, as the answer states them. */
export function explanationsOf(r: WalkResult): TraceExplanation[] {
  return r.blockers.map(explanationOf);
}

/** One blocker as the answer states it. */
export function explanationOf(b: BlockedAt): TraceExplanation {
  const e: TraceExplanation = { code: codeName(b.code), component: b.component, type: b.type, id: b.id, direction: b.direction, hopIndex: b.hopIndex, detail: b.detail };
  if (b.rule !== undefined) e.rule = b.rule;
  return e;
}

/**
 * The answer for a resolved query given each packet's verdict: the hops of the first packet that
 * gets through (else of the first packet), from `explain(i)`; TRACE-4: the source-port ranges that
 * work, when some but not all do.
 */
export function answerFor(t: Topology, resolved: ResolvedTrace, verdicts: ArrayLike<number>, explain: (i: number) => WalkResult): TraceAnswer {
  const working: number[] = [];
  for (let i = 0; i < resolved.flows.length; i++) if (verdicts[i] === Code.REACHABLE) working.push(i);
  const answer = answerFrom(t, resolved.query, explain(working[0] ?? 0));
  const intervals = resolved.intervals;
  if (intervals && working.length > 0 && working.length < intervals.length) answer.sourcePorts = mergeIntervals(working.map((i) => intervals[i]!));
  return answer;
}

export function unresolvable({ query, detail }: UnresolvedTrace): TraceAnswer {
  return {
    reachable: false,
    query,
    forwardPath: [],
    returnPath: [],
    explanations: [{ code: 'NO_SOURCE_OR_DESTINATION', component: query.from, type: 'Address', id: query.source, direction: 'forward', hopIndex: -1, detail }],
  };
}
