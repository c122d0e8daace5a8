// One query of the trial plan under the engine's current down set (verdict only, no hops written):
// its flows are walked, the primary flow first, until one is reachable (TRACE-4: a query is reachable
// iff one of its flows is). The primary flow is the first one reachable with nothing down (the first
// flow when none is), and a failed query's cause is the primary flow's first blocking hop (MC-14;
// MC-8: a source or destination that is down is the hop the walk names for it), so a permanent block
// on an unused source-port interval never hides what a failure broke.
// With `record`, the failable components the walks consulted are collected (each once): the query's
// verdict depends only on their state, which is what memoization (montecarlo.ts) and exact mode
// (exact.ts) build on.
import { arenaAlloc } from './memory';
import { componentCount, flowCount, planFlows, queryCount, queryFlowsFrom, queryFlowsTo } from './trial-plan';
import { downClear, downConsultedAt, downConsultedCount, downConsultedReset, downRecord } from './down-set';
import { walkFlowInBatch, walkSetTime } from './walk-batch';
import { blockedCode, blockedComponent, blockedId, blockedKind, blockedNote, blockedRef, blockedRef2, setBlockedWanted } from './walk-state';
import { DownRoot, HopComponent, HopKind, HopNote } from '../abi/hops';
import { Code } from '../abi/codes';

/** Cause of the last failed evaluation: the primary flow's blocking hop. */
export let causeHopComponent: i32 = 0;
export let causeComponent: i32 = 0;

/**
 * MC-14: the cause is the blocking hop's component, except for an ENI (or NAT gateway) down because its
 * AZ or subnet is (MC-2): then the AZ or the subnet, the widest component down (DownRoot).
 */
function causeOfBlock(): void {
  causeHopComponent = blockedComponent;
  // A hop that names no model object: the cause carries its HopKind, so the answer can word it (TrialCauseField.Component).
  causeComponent = blockedComponent == HopComponent.None ? blockedKind : blockedId;
  const downHop = (blockedKind == HopKind.NETWORK_INTERFACE && blockedNote == HopNote.Down) || (blockedKind == HopKind.NAT_GATEWAY && blockedNote == HopNote.ZoneDown);
  if (!downHop || blockedCode != Code.BAD_STATE) return;
  if (blockedRef == DownRoot.Zone) {
    causeHopComponent = HopComponent.AvailabilityZone;
    causeComponent = blockedRef2;
  } else if (blockedRef == DownRoot.Subnet) {
    causeHopComponent = HopComponent.Subnet;
    causeComponent = blockedRef2;
  }
}

/** i32[Q]: the primary flow of each query (absolute flow index). */
let primaryFlow: usize = 0;
/** Components consulted by the last recorded evaluation, each once, in the order first consulted. */
let consulted: usize = 0;
let consultedN: i32 = 0;
/** u32[C] stamps: component c is in `consulted` iff consultedMark[c] == consultStamp. */
let consultedMark: usize = 0;
let consultStamp: u32 = 0;

// @ts-ignore: decorator
@inline export function consultedList(): usize {
  return consulted;
}

// @ts-ignore: decorator
@inline export function consultedLength(): i32 {
  return consultedN;
}

function walkFlow(f: i32, record: bool): i32 {
  if (!record) return walkFlowInBatch(planFlows, flowCount, f);
  // Recording is on for the whole evaluation (evaluateQuery); each walk starts a new list.
  downConsultedReset();
  const v = walkFlowInBatch(planFlows, flowCount, f);
  {
    for (let k = 0, n = downConsultedCount(); k < n; k++) {
      const c = downConsultedAt(k);
      const mark = consultedMark + (<usize>c << 2);
      if (load<u32>(mark) == consultStamp) continue;
      store<u32>(mark, consultStamp);
      store<i32>(consulted + (<usize>consultedN << 2), c);
      consultedN++;
    }
  }
  return v;
}

/**
 * Before walking plan queries: nothing down (a walkBatch with a down set leaves its bits), and
 * simulated time 0 (trials are independent flows whose responses are answered at once, as walkBatch
 * does by default; a traced batch may have set another time).
 */
export function walksBegin(): void {
  downClear();
  walkSetTime(0);
}

/** Sizes the per-plan state and finds each query's primary flow (walks with nothing down). */
export function queriesPrepare(): void {
  primaryFlow = arenaAlloc(<usize>max<i32>(queryCount, 1) << 2);
  consulted = arenaAlloc(<usize>max<i32>(componentCount, 1) << 2);
  consultedMark = arenaAlloc(<usize>max<i32>(componentCount, 1) << 2);
  consultStamp = 0;
  walksBegin();
  for (let q = 0; q < queryCount; q++) {
    const from = queryFlowsFrom(q);
    let primary = from;
    for (let f = from, to = queryFlowsTo(q); f < to; f++) {
      if (walkFlowInBatch(planFlows, flowCount, f) == 0) {
        primary = f;
        break;
      }
    }
    store<i32>(primaryFlow + (<usize>q << 2), primary);
  }
}

/**
 * The query's verdict under the current down set: 0 reachable, else the primary flow's blocking code
 * (cause in causeHopComponent / causeComponent). With `record`, the consulted components of every
 * flow walked are in consultedList() afterwards.
 */
export function evaluateQuery(q: i32, record: bool): i32 {
  if (record) downRecord(true);
  const verdict = evaluateFlows(q, record);
  if (record) downRecord(false);
  return verdict;
}

function evaluateFlows(q: i32, record: bool): i32 {
  if (record) {
    if (++consultStamp == 0) {
      memory.fill(consultedMark, 0, <usize>componentCount << 2);
      consultStamp = 1;
    }
    consultedN = 0;
  }
  const from = queryFlowsFrom(q);
  const to = queryFlowsTo(q);
  const primary = load<i32>(primaryFlow + (<usize>q << 2));
  // The primary flow's blocking hop names the cause (walk-state.ts writes it only when asked).
  setBlockedWanted(true);
  const verdict = walkFlow(primary, record);
  setBlockedWanted(false);
  if (verdict == 0) return 0;
  causeOfBlock();
  for (let f = from; f < to; f++) {
    if (f != primary && walkFlow(f, record) == 0) return 0;
  }
  return verdict;
}
