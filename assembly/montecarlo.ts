// The Monte Carlo trial loop (issue 10 §2, SEMANTICS.md §13). Per trial: draw every unit (MC-10:
// unit u of trial i is down iff uniform(seed, i, key_u) < p_u), take the failed units' components
// down, evaluate every query (trial-query.ts), count successes and, for failures, the cause (MC-14).
// One call runs a whole chunk of trials; nothing crosses the boundary per trial.
//
// Memoization (flag Memo). A query's verdict depends only on the state of the components its walk
// consulted. Each query keeps a *relevant set* of units: at plan load, the units behind the
// components its walk consults with nothing down; it grows whenever a walk consults a component whose
// state its relevant units do not decide (a new path after a failure, e.g. a backup VPN). A trial
// draws only the union of the relevant sets: a unit no query depends on cannot change a count, and
// since draws are addressed by (seed, trial, key) skipping it shifts no other draw. When a walk needs
// a unit outside the union, the unit is drawn then (same value), joins the union, and the walk is
// redone if it is down. A query none of whose relevant units failed has its all-up verdict (counted
// once per chunk); otherwise its verdict is looked up in trial-memo.ts by the positions of its failed
// relevant units, and walked only on a miss. With small probabilities most trials cost the draws of
// the union and nothing else; a failed trial costs a hash probe per affected query.
// Without Memo, every unit is drawn and every query walked in every trial: the plain definition the
// tests compare the memoized loop with.
import { TrialCauseField, TrialOutcomeField, TrialRunFlag } from '../abi/montecarlo';
import { arenaAlloc } from './memory';
import { causeCount, causeField, causeSlot, causesClearCounts, causesReset, causesSlotCount, causesWrite } from './trial-causes';
import { MEMO_MAX_DOWN, memoFind, memoHash, memoInsert, memoReset, memoCause, memoVerdict } from './trial-memo';
import { exactForget, exactPrepare } from './exact';
import {
  componentUnit, componentUnitsFrom, componentUnitsTo, planLoad, queryCount, unitCount, unitDown, unitKeyHash, unitThreshold, unitUp,
} from './trial-plan';
import { causeComponent, causeHopComponent, consultedLength, consultedList, evaluateQuery, queriesPrepare, walksBegin } from './trial-query';
import { draw53, seedHash, trialBase } from './trial-random';

// ---- state sized per plan ---------------------------------------------------------------------

/** i32[U]: a unit's position in the drawn union, -1 while no query depends on it. */
let positionOf: usize = 0;
/** Per position p < drawnCount: i32 unit, and 16-byte (keyHash u64, threshold u64) pairs for the draw loop. */
let drawnUnit: usize = 0;
let drawnDraw: usize = 0;
let drawnCount: i32 = 0;
/** u32[U * W] relevance bits: row p (a position), bit q = the unit at p is in query q's relevant set. */
let relevance: usize = 0;
let words: i32 = 0;
/** u32[U]: unit u is down in the current trial iff failedStamp[u] == stamp. */
let failedStamp: usize = 0;
let stamp: u32 = 0;
/** i32[U]: positions (memo) or units (plain) down in the current trial. */
let failed: usize = 0;
let failedCount: i32 = 0;

// Per query (i32[Q] each unless said).
let generation: usize = 0;
let allUpVerdict: usize = 0;
/** Cause slot of the all-up verdict (-1 when reachable), and its hop (outcome records). */
let allUpCause: usize = 0;
let touchedTrials: usize = 0;
let successes: usize = 0;
/** i32[Q * MEMO_MAX_DOWN]: positions of the query's failed relevant units this trial, ascending. */
let downList: usize = 0;
let downCount: usize = 0;
let touchedList: usize = 0;

/** Results of the last run: i32 successes[Q], then TrialCauseField records. */
let results: usize = 0;
let resultsBytes: usize = 0;

// @ts-ignore: decorator
@inline function at32(base: usize, i: i32): usize {
  return base + (<usize>i << 2);
}

// @ts-ignore: decorator
@inline function get(base: usize, i: i32): i32 {
  return load<i32>(at32(base, i));
}

// @ts-ignore: decorator
@inline function put(base: usize, i: i32, v: i32): void {
  store<i32>(at32(base, i), v);
}

function perQuery(): usize {
  return arenaAlloc(<usize>max<i32>(queryCount, 1) << 2);
}

function perUnit(): usize {
  return arenaAlloc(<usize>max<i32>(unitCount, 1) << 2);
}

// ---- relevance ----------------------------------------------------------------------------------

// @ts-ignore: decorator
@inline function isRelevant(p: i32, q: i32): bool {
  return (load<u32>(relevance + (<usize>(p * words + (q >>> 5)) << 2)) & (<u32>1 << (q & 31))) != 0;
}

// @ts-ignore: decorator
@inline function setRelevant(p: i32, q: i32): void {
  const at = relevance + (<usize>(p * words + (q >>> 5)) << 2);
  store<u32>(at, load<u32>(at) | (<u32>1 << (q & 31)));
}

/** Adds unit u to the drawn union; returns its position. */
function addDrawn(u: i32): i32 {
  const p = drawnCount++;
  put(positionOf, u, p);
  put(drawnUnit, p, u);
  store<u64>(drawnDraw + (<usize>p << 4), load<u64>(unitKeyHash + (<usize>u << 3)));
  store<u64>(drawnDraw + (<usize>p << 4), load<u64>(unitThreshold + (<usize>u << 3)), 8);
  return p;
}

// @ts-ignore: decorator
@inline function isFailed(u: i32): bool {
  return load<u32>(failedStamp + (<usize>u << 2)) == stamp;
}

/** Is consulted component c down because of a unit in q's relevant set (so its other units cannot matter)? */
function downByRelevant(c: i32, q: i32): bool {
  for (let k = componentUnitsFrom(c), end = componentUnitsTo(c); k < end; k++) {
    const u = componentUnit(k);
    const p = get(positionOf, u);
    if (p >= 0 && isFailed(u) && isRelevant(p, q)) return true;
  }
  return false;
}

// ---- plan load --------------------------------------------------------------------------------

/**
 * Loads a plan (trial-plan.ts planLoad) and prepares the trial loop: each query walked with nothing
 * down gives its all-up verdict and its first relevant set. Returns 0 or -1 (bad plan).
 */
export function mcPlanLoad(keys: usize, probabilities: usize, componentStart: usize, components: usize, flowStart: usize, flows: usize,
  units: i32, queries: i32, componentTotal: i32): i32 {
  if (planLoad(keys, probabilities, componentStart, components, flowStart, flows, units, queries, componentTotal) != 0) return -1;
  queriesPrepare();
  memoReset();
  causesReset();
  exactPrepare();
  words = (queryCount + 31) >>> 5;
  positionOf = perUnit();
  memory.fill(positionOf, 0xff, <usize>unitCount << 2);
  drawnUnit = perUnit();
  drawnDraw = arenaAlloc(<usize>max<i32>(unitCount, 1) << 4);
  drawnCount = 0;
  relevance = arenaAlloc(<usize>max<i32>(unitCount * words, 1) << 2);
  failedStamp = perUnit();
  stamp = 0;
  failed = perUnit();
  generation = perQuery();
  allUpVerdict = perQuery();
  allUpCause = perQuery();
  touchedTrials = perQuery();
  successes = perQuery();
  downList = arenaAlloc(<usize>max<i32>(queryCount * MEMO_MAX_DOWN, 1) << 2);
  downCount = perQuery();
  touchedList = perQuery();
  for (let q = 0; q < queryCount; q++) {
    const v = evaluateQuery(q, true);
    put(allUpVerdict, q, v);
    put(allUpCause, q, v == 0 ? -1 : causeSlot(q, causeHopComponent, causeComponent, v));
    const list = consultedList();
    for (let k = 0, n = consultedLength(); k < n; k++) {
      const c = get(list, k);
      for (let j = componentUnitsFrom(c), end = componentUnitsTo(c); j < end; j++) {
        const u = componentUnit(j);
        let p = get(positionOf, u);
        if (p < 0) p = addDrawn(u);
        setRelevant(p, q);
      }
    }
  }
  return 0;
}

// ---- counting ---------------------------------------------------------------------------------

function countOutcome(q: i32, verdict: i32, cause: i32, trials: i32): void {
  if (verdict == 0) put(successes, q, get(successes, q) + trials);
  else causeCount(cause, trials);
}

function writeOutcome(out: usize, t: i32, q: i32, verdict: i32, cause: i32): void {
  const r = out + (<usize>((t * queryCount + q) * TrialOutcomeField.Stride) << 2);
  store<i32>(r, verdict, TrialOutcomeField.Verdict << 2);
  store<i32>(r, verdict == 0 ? 0 : causeField(cause, TrialCauseField.HopComponent), TrialOutcomeField.HopComponent << 2);
  store<i32>(r, verdict == 0 ? -1 : causeField(cause, TrialCauseField.Component), TrialOutcomeField.Component << 2);
}

// ---- the memoized loop --------------------------------------------------------------------------

let lastVerdict: i32 = 0;
let lastCause: i32 = -1;

/** Inserts position p into q's ascending list of failed relevant positions. */
function addToDownList(q: i32, p: i32): void {
  const n = get(downCount, q);
  put(downCount, q, n + 1);
  if (n >= MEMO_MAX_DOWN) return;
  const list = downList + (<usize>(q * MEMO_MAX_DOWN) << 2);
  let k = n;
  while (k > 0 && get(list, k - 1) > p) {
    put(list, k, get(list, k - 1));
    k--;
  }
  put(list, k, p);
}

/**
 * Walks q under the trial's down set and grows its relevant set until every consulted component's
 * state is decided by it: a component down through a failed relevant unit needs nothing more; any
 * other consulted component's units all join (drawn now with the trial's base if no query had them,
 * and the walk is redone when one of those is down). Sets lastVerdict / lastCause.
 */
function walkAndGrow(q: i32, base: u64): void {
  for (;;) {
    const v = evaluateQuery(q, true);
    const hopComponent = causeHopComponent;
    const component = causeComponent;
    let grew = false;
    let redo = false;
    const list = consultedList();
    for (let k = 0, n = consultedLength(); k < n; k++) {
      const c = get(list, k);
      if (downByRelevant(c, q)) continue;
      for (let j = componentUnitsFrom(c), end = componentUnitsTo(c); j < end; j++) {
        const u = componentUnit(j);
        let p = get(positionOf, u);
        if (p >= 0 && isRelevant(p, q)) continue;
        grew = true;
        if (p < 0) {
          p = addDrawn(u);
          const d = load<u64>(drawnDraw + (<usize>p << 4));
          if (draw53(base, d) < load<u64>(drawnDraw + (<usize>p << 4), 8)) {
            store<u32>(failedStamp + (<usize>u << 2), stamp);
            unitDown(u);
            put(failed, failedCount++, p);
            redo = true;
          }
        }
        setRelevant(p, q);
        if (isFailed(u)) addToDownList(q, p);
      }
    }
    if (grew) put(generation, q, get(generation, q) + 1);
    if (!redo) {
      lastVerdict = v;
      lastCause = v == 0 ? -1 : causeSlot(q, hopComponent, component, v);
      return;
    }
  }
}

/** Verdict and cause slot of a query some of whose relevant units failed this trial. */
function evaluateTouched(q: i32, base: u64): void {
  const list = downList + (<usize>(q * MEMO_MAX_DOWN) << 2);
  const n = get(downCount, q);
  if (n <= MEMO_MAX_DOWN && memoFind(q, get(generation, q), memoHash(q, get(generation, q), list, n), list, n)) {
    lastVerdict = memoVerdict();
    lastCause = memoCause();
    return;
  }
  walkAndGrow(q, base);
  const m = get(downCount, q);
  if (m <= MEMO_MAX_DOWN) {
    const g = get(generation, q);
    memoInsert(q, g, memoHash(q, g, list, m), list, m, lastVerdict, lastCause);
  }
}

function runMemo(sh: u64, first: u64, count: i32, outcomes: usize): void {
  for (let t = 0; t < count; t++) {
    const base = trialBase(sh, first + <u64>t);
    if (++stamp == 0) {
      memory.fill(failedStamp, 0, <usize>unitCount << 2);
      stamp = 1;
    }
    // Draw the union; failed positions are appended branch-free (module globals read once, outside the loop).
    let n = 0;
    const out = failed;
    const end = drawnDraw + (<usize>drawnCount << 4);
    let p = 0;
    for (let d = drawnDraw; d < end; d += 16) {
      store<i32>(out + (<usize>n << 2), p++);
      n += i32(draw53(base, load<u64>(d)) < load<u64>(d, 8));
    }
    failedCount = n;
    if (outcomes != 0) {
      for (let q = 0; q < queryCount; q++) writeOutcome(outcomes, t, q, get(allUpVerdict, q), get(allUpCause, q));
    }
    if (n == 0) continue;
    for (let k = 0; k < n; k++) {
      const u = get(drawnUnit, get(failed, k));
      store<u32>(failedStamp + (<usize>u << 2), stamp);
      unitDown(u);
    }
    // The queries that depend on a failed unit, with their failed positions in ascending order.
    let touched = 0;
    for (let k = 0; k < n; k++) {
      const p = get(failed, k);
      const row = relevance + (<usize>(p * words) << 2);
      for (let w = 0; w < words; w++) {
        let bits = load<u32>(row + (<usize>w << 2));
        while (bits != 0) {
          const q = (w << 5) + <i32>ctz<u32>(bits);
          bits &= bits - 1;
          if (get(downCount, q) == 0) put(touchedList, touched++, q);
          addToDownList(q, p);
        }
      }
    }
    for (let i = 0; i < touched; i++) {
      const q = get(touchedList, i);
      evaluateTouched(q, base);
      countOutcome(q, lastVerdict, lastCause, 1);
      put(touchedTrials, q, get(touchedTrials, q) + 1);
      if (outcomes != 0) writeOutcome(outcomes, t, q, lastVerdict, lastCause);
      put(downCount, q, 0);
    }
    for (let k = 0; k < failedCount; k++) unitUp(get(drawnUnit, get(failed, k)));
  }
  // Every trial that touched none of a query's relevant units had its all-up verdict.
  for (let q = 0; q < queryCount; q++) countOutcome(q, get(allUpVerdict, q), get(allUpCause, q), count - get(touchedTrials, q));
}

// ---- the plain loop -----------------------------------------------------------------------------

function runPlain(sh: u64, first: u64, count: i32, outcomes: usize): void {
  for (let t = 0; t < count; t++) {
    const base = trialBase(sh, first + <u64>t);
    let n = 0;
    for (let u = 0; u < unitCount; u++) {
      if (draw53(base, load<u64>(unitKeyHash + (<usize>u << 3))) < load<u64>(unitThreshold + (<usize>u << 3))) {
        put(failed, n++, u);
        unitDown(u);
      }
    }
    for (let q = 0; q < queryCount; q++) {
      const v = evaluateQuery(q, false);
      const cause = v == 0 ? -1 : causeSlot(q, causeHopComponent, causeComponent, v);
      countOutcome(q, v, cause, 1);
      if (outcomes != 0) writeOutcome(outcomes, t, q, v, cause);
    }
    for (let k = 0; k < n; k++) unitUp(get(failed, k));
  }
}

// ---- entry points -------------------------------------------------------------------------------

/**
 * Runs trials [trialStart, trialStart + count) of the loaded plan (seed and trialStart: integers below
 * 2^53 as f64; count <= MAX_CHUNK_TRIALS). `flags`: TrialRunFlag bits; with Outcomes, `outcomes` gets a
 * TrialOutcomeField record per (trial, query). Returns the number of cause records; the counts are at
 * mcResults(): i32 successes[Q], then TrialCauseField records.
 */
export function mcRun(seed: f64, trialStart: f64, count: i32, flags: i32, outcomes: usize): i32 {
  memory.fill(successes, 0, <usize>queryCount << 2);
  memory.fill(touchedTrials, 0, <usize>queryCount << 2);
  causesClearCounts();
  walksBegin();
  const sh = seedHash(<u64>seed);
  const out = (flags & TrialRunFlag.Outcomes) != 0 ? outcomes : 0;
  if ((flags & TrialRunFlag.Memo) != 0) runMemo(sh, <u64>trialStart, count, out);
  else runPlain(sh, <u64>trialStart, count, out);
  const bytes = (<usize>queryCount + <usize>causesSlotCount() * TrialCauseField.Stride) << 2;
  if (bytes > resultsBytes) {
    resultsBytes = max<usize>(bytes, resultsBytes << 1);
    results = arenaAlloc(resultsBytes);
  }
  memory.copy(results, successes, <usize>queryCount << 2);
  return causesWrite(results + (<usize>queryCount << 2));
}

/** Where mcRun wrote its counts. */
export function mcResults(): usize {
  return results;
}

/** Units in the drawn union (the relevant units of all queries so far). */
export function mcRelevantUnits(): i32 {
  return drawnCount;
}

/** Forgets the plan and every buffer (the engine's reset() rewinds the memory they live in). */
export function mcForget(): void {
  results = 0;
  resultsBytes = 0;
  drawnCount = 0;
  exactForget();
}
