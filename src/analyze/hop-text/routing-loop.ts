// TRACE-11 and routing loops: a direction that ran into the hop limit because the packet went round a
// loop of route tables (a NAT gateway or appliance whose own subnet routes the traffic back to it) ends
// where the loop closes, with one NO_PATH hop that names the loop and its route tables, instead of 64
// repeated hops ending in 'hop-limit'. It works on the worded hops both walks produce alike, so the
// engine's and the reference's answers agree.
import type { Hop } from '../../walk/result.js';
import { Code, HopKind } from '../codes.js';

/** Route table hops: where a routing loop is named. */
const ROUTE_TABLE_KINDS = new Set<number>([HopKind.ROUTE_TABLE, HopKind.GATEWAY_ROUTE_TABLE, HopKind.TRANSIT_GATEWAY_ROUTE_TABLE]);

function sameHop(a: Hop, b: Hop): boolean {
  return a.kind === b.kind && a.id === b.id && a.code === b.code && a.action === b.action && a.rule === b.rule && a.packet.src === b.packet.src && a.packet.dst === b.packet.dst && a.packet.srcPort === b.packet.srcPort && a.packet.dstPort === b.packet.dstPort;
}

/**
 * TRACE-11: a direction that ran into the hop limit going round a routing loop ends where the loop closes,
 * on the route table the packet comes back to, with one NO_PATH hop naming the tables of the loop, instead
 * of 64 repeated hops ending in 'hop-limit'. Both walks record the same hops, so both answers agree.
 */
export function endAtRoutingLoop(hops: Hop[]): Hop[] {
  const n = hops.length - 1; // the hop past the limit is the last one
  if (n < 2 || hops[n]!.action !== 'hop-limit') return hops;
  for (let period = 1; 2 * period <= n; period++) {
    let repeats = true;
    for (let i = n - period; i < n && repeats; i++) repeats = sameHop(hops[i]!, hops[i - period]!);
    if (!repeats) continue;
    let start = n - 2 * period;
    while (start > 0 && sameHop(hops[start - 1]!, hops[start - 1 + period]!)) start--;
    // The loop is named from its first route table hop.
    let at = start;
    while (at < start + period && !ROUTE_TABLE_KINDS.has(hops[at]!.kind)) at++;
    if (at === start + period) return hops;
    const tables = hops.slice(at, at + period).filter((h) => ROUTE_TABLE_KINDS.has(h.kind));
    const round = [...tables, tables[0]!].map((h, i) => (i < tables.length ? `${h.component} (${h.rule})` : h.component)).join(' -> ');
    const back = hops[at + period]!;
    return [...hops.slice(0, at + period), { ...back, code: Code.NO_PATH, action: `routing loop: the packet goes round ${round} and would reach its hop limit`, ...(back.rule !== undefined && { rule: back.rule }) }];
  }
  return hops;
}
