// The engine's own explanation of one traced flow (issue 5): its hop records, read into WalkHops
// (./engine-hops.ts) and worded by ./hop-text/ exactly as the reference walk's hops are, become the
// WalkResult — the same hops and the same blockers — without walking the packet again. The verdict
// must agree with the records: a verdict the records do not show is an engine bug and throws, never
// prints a mixed answer.
import { HOP_LIMIT_NOTE, HopField } from '../../abi/hops.js';
import type { WalkBatchResult } from '../../bindings/network.js';
import type { NetworkImage } from '../compile/index.js';
import type { Topology } from '../model/types.js';
import type { Flow } from '../walk/flow.js';
import type { WalkTrace } from '../walk/hop.js';
import type { BlockedAt, WalkResult } from '../walk/result.js';
import { Code } from './codes.js';
import { engineHops, HopReader, tracedColumns } from './engine-hops.js';
import { blockerAt, firstBlocker, wordWalk } from './hop-text/index.js';

/**
 * Flow `i` of a traced batch as the reference walk would answer it; `flow` is the packet that was
 * sent (the batch's row i); `allBlocking`: the batch was walked with TRACE-8's allBlocking.
 */
export function explainEngineFlow(t: Topology, image: NetworkImage, result: WalkBatchResult, i: number, flow: Flow, allBlocking = false): WalkResult {
  return wordWalk(t, checkedHops(t, image, result, i, flow, allBlocking));
}

/**
 * The first blocker explainEngineFlow() would give flow `i` (undefined: reachable), worded alone. The
 * records are read as numbers first; only the blocking hop becomes a WalkHop. A walk past the hop limit
 * (whose end may be a routing loop, TRACE-11) or records that disagree with the verdict (which throw)
 * take the path that reads every hop.
 */
export function firstBlockerOfEngineFlow(t: Topology, image: NetworkImage, result: WalkBatchResult, i: number, flow: Flow): BlockedAt | undefined {
  const { hops, hopStart, forwardHops, responseHops } = tracedColumns(result);
  const start = hopStart[i]!;
  const end = start + forwardHops[i]! + responseHops[i]!;
  const verdict = result.verdicts[i]!;
  let blocker = -1;
  let blockers = 0;
  let atLimit = false;
  for (let h = start; h < end; h++) {
    const at = h * HopField.Stride;
    if (hops[at + HopField.Note]! & HOP_LIMIT_NOTE) atLimit = true;
    if (hops[at + HopField.Code]! !== Code.REACHABLE && blockers++ === 0) blocker = h;
  }
  // checkedHops' test: the verdict is the first blocker's code, the only blocker, the last hop.
  const consistent = blocker < 0 ? verdict === Code.REACHABLE : verdict === hops[blocker * HopField.Stride + HopField.Code] && blockers === 1 && blocker === end - 1;
  if (atLimit || !consistent) return firstBlockerOfHops(t, image, result, i, flow);
  if (blocker < 0) return undefined;
  const hop = new HopReader(t, image, result, flow).hop(blocker, 'blockers');
  // Its index among the hops of its direction.
  let index = 0;
  for (let h = start; h < blocker; h++) if ((hops[h * HopField.Stride + HopField.Direction] !== 0) === (hop.direction === 'response')) index++;
  return blockerAt(t, hop, index);
}

/** firstBlockerOfEngineFlow() through every hop's WalkHop (and checkedHops' error when the records disagree with the verdict). */
function firstBlockerOfHops(t: Topology, image: NetworkImage, result: WalkBatchResult, i: number, flow: Flow): BlockedAt | undefined {
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
