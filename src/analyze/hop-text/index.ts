// The only place hops become English: every hop kind's text in one table (HopKind -> the module that
// words it), and the walk's hops worded into the answer's hops and blockers. The engine's hops
// (../engine-hops.ts) and the reference walk's hops (src/reference/) are worded here alike.
import { formatAddress } from '../../model/ip.js';
import { networkIndex } from '../../model/network-index.js';
import { hasPorts } from '../../model/protocols.js';
import type { Topology } from '../../model/types.js';
import type { WalkHop, WalkTrace } from '../../walk/hop.js';
import type { BlockedAt, Hop, TraceDirection, WalkResult } from '../../walk/result.js';
import { Code } from '../codes.js';
import { named } from './components.js';
import { endAtRoutingLoop } from './routing-loop.js';
import type { HopContext, HopExplainer } from './context.js';
import { FIREWALL_HOPS } from './firewalls.js';
import { GATEWAY_HOPS } from './gateways.js';
import { HYBRID_HOPS } from './hybrid.js';
import { INTERFACE_HOPS } from './interfaces.js';
import { SUBNET_HOPS } from './subnets.js';
import { TRANSIT_GATEWAY_HOPS } from './transit-gateways.js';

export const HOP_TEXTS: Readonly<Record<number, HopExplainer>> = {
  ...INTERFACE_HOPS,
  ...SUBNET_HOPS,
  ...GATEWAY_HOPS,
  ...TRANSIT_GATEWAY_HOPS,
  ...HYBRID_HOPS,
  ...FIREWALL_HOPS,
};

/** One hop in AWS words: the component named by its logical id, type and AWS id, what it did, the rule, the packet. */
export function wordHop(c: HopContext, h: WalkHop): Hop {
  const p = h.packet;
  const packet = { src: formatAddress(p.family, p.src), dst: formatAddress(p.family, p.dst), ...(hasPorts(p.protocol) ? { srcPort: p.srcPort, dstPort: p.dstPort } : {}) };
  return wordHopWith(c, h, packet);
}

/** wordHop() with the packet's text given (a blocker's explanation shows none: blockerAt words no addresses for it). */
function wordHopWith(c: HopContext, h: WalkHop, packet: Hop['packet']): Hop {
  // TRACE-11: the hop past the limit names what it would have been, with the action 'hop-limit'.
  const r = h.overLimit ? { ...h, code: Code.REACHABLE } : h;
  const explain = HOP_TEXTS[r.kind];
  if (!explain) throw new Error(`vpcsim internal error: a hop of unknown kind ${r.kind}`);
  const text = explain(r, c);
  const fallback = named(c, r.component, r.id);
  const res = text.res === null ? undefined : (text.res ?? fallback.res);
  const hop: Hop = { kind: h.kind, component: res?.logicalId ?? '', type: text.type ?? fallback.type, id: res?.id ?? '', code: h.code, action: h.overLimit ? 'hop-limit' : text.action, packet };
  if (h.overLimit) return hop;
  if (text.rule !== undefined) hop.rule = text.rule;
  if (text.info && text.info.length > 0) hop.info = text.info;
  return hop;
}

/** TRACE-9: a blocking hop as the answer's explanation names it. */
function blockedAt(hop: Hop, direction: TraceDirection, hopIndex: number): BlockedAt {
  const at: BlockedAt = { code: hop.code, component: hop.component, type: hop.type, id: hop.id, direction, hopIndex, detail: hop.action };
  if (hop.rule !== undefined) at.rule = hop.rule;
  return at;
}

const NO_PACKET: Hop['packet'] = { src: '', dst: '' };

/** blockedAt() of one blocking hop (not past the hop limit), `hopIndex` its index among its direction's hops: only its text is made. */
export function blockerAt(t: Topology, h: WalkHop, hopIndex: number): BlockedAt {
  return blockedAt(wordHopWith({ t, ix: networkIndex(t) }, h, NO_PACKET), h.direction, hopIndex);
}

/** A walk's hops worded, with its blockers in path order (TRACE-8: the first one decides the verdict). */
export function wordWalk(t: Topology, walk: WalkTrace): WalkResult {
  const c: HopContext = { t, ix: networkIndex(t) };
  const forward = endAtRoutingLoop(walk.forward.map((h) => wordHop(c, h)));
  const response = endAtRoutingLoop(walk.response.map((h) => wordHop(c, h)));
  const blockers: BlockedAt[] = [];
  forward.forEach((h, i) => h.code !== Code.REACHABLE && blockers.push(blockedAt(h, 'forward', i)));
  response.forEach((h, i) => h.code !== Code.REACHABLE && blockers.push(blockedAt(h, 'response', i)));
  const result: WalkResult = { verdict: walk.verdict, blockers, forward, response };
  if (blockers[0]) result.blockedAt = blockers[0];
  return result;
}

/**
 * The first blocker wordWalk(t, walk) names (undefined: none), wording that hop alone: answers that show
 * only the first explanation (`trace --flows`) need no other hop's text. A direction that ended at the hop
 * limit may end at a routing loop instead, which needs every hop worded: those walks take wordWalk's path.
 */
export function firstBlocker(t: Topology, walk: WalkTrace): BlockedAt | undefined {
  const atLimit = (hops: readonly WalkHop[]) => hops.length > 0 && hops[hops.length - 1]!.overLimit;
  if (atLimit(walk.forward) || atLimit(walk.response)) return wordWalk(t, walk).blockedAt;
  const c: HopContext = { t, ix: networkIndex(t) };
  for (const [direction, hops] of [['forward', walk.forward], ['response', walk.response]] as const) {
    const i = hops.findIndex((h) => h.code !== Code.REACHABLE);
    if (i >= 0) return blockedAt(wordHop(c, hops[i]!), direction, i);
  }
  return undefined;
}

export { AMAZON_SERVICE_NAMES, causeNamed, named } from './components.js';
export type { HopContext, HopText } from './context.js';
