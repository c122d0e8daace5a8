// The engine's own explanation of one traced flow (issue 5): its hop records, read into WalkHops
// (./engine-hops.ts) and worded by ./hop-text/ exactly as the reference walk's hops are, become the
// WalkResult — the same hops and the same blockers — without walking the packet again. The verdict
// must agree with the records: a verdict the records do not show is an engine bug and throws, never
// prints a mixed answer.
import type { WalkBatchResult } from '../../bindings/network.js';
import type { NetworkImage } from '../compile/index.js';
import type { Topology } from '../model/types.js';
import type { Flow } from '../walk/flow.js';
import type { WalkTrace } from '../walk/hop.js';
import type { BlockedAt, WalkResult } from '../walk/result.js';
import { Code } from './codes.js';
import { engineHops } from './engine-hops.js';
import { firstBlocker, wordWalk } from './hop-text/index.js';

/**
 * Flow `i` of a traced batch as the reference walk would answer it; `flow` is the packet that was
 * sent (the batch's row i); `allBlocking`: the batch was walked with TRACE-8's allBlocking.
 */
export function explainEngineFlow(t: Topology, image: NetworkImage, result: WalkBatchResult, i: number, flow: Flow, allBlocking = false): WalkResult {
  return wordWalk(t, checkedHops(t, image, result, i, flow, allBlocking));
}

/** The first blocker explainEngineFlow() would give flow `i` (undefined: reachable), worded alone. */
export function firstBlockerOfEngineFlow(t: Topology, image: NetworkImage, result: WalkBatchResult, i: number, flow: Flow): BlockedAt | undefined {
  const walk = checkedHops(t, image, result, i, flow, false, 'blockers');
  // A walk past the hop limit may end at a routing loop, which names every route table's rule.
  const atLimit = [...walk.forward, ...walk.response].some((h) => h.overLimit);
  return firstBlocker(t, atLimit ? checkedHops(t, image, result, i, flow, false) : walk);
}

/** Flow `i`'s hop records, checked against its verdict. */
function checkedHops(t: Topology, image: NetworkImage, result: WalkBatchResult, i: number, flow: Flow, allBlocking: boolean, rules: 'all' | 'blockers' = 'all'): WalkTrace {
  const walk = engineHops(t, image, result, i, flow, rules);
  const { verdict, forward, response } = walk;
  // TRACE-8: every hop with a code is a blocker, in path order; the first one is the verdict. Without
  // allBlocking the walk stops at it, so it is the only one and the last hop.
  const hops = [...forward, ...response];
  const blockers = hops.filter((h) => h.code !== Code.REACHABLE);
  const last = hops[hops.length - 1];
  const consistent = verdict === (blockers[0]?.code ?? Code.REACHABLE) && (allBlocking || blockers.length === 0 || (blockers.length === 1 && last?.code === verdict));
  if (!consistent) {
    throw new Error(
      `vpcsim internal error: the WASM engine's verdict ${verdict} does not match its own hop records ` +
        `(${hops.map((h) => `${h.kind}:${h.component}/${h.id}:${h.code}`).join(', ')}); please report it`,
    );
  }
  return walk;
}
