// The walk's entry points: a batch of flows from JS (walkBatch, one boundary crossing per batch) and
// one flow of a batch for Monte Carlo (walkFlowInBatch, assembly/montecarlo.ts through trial-query.ts).
// Flows come as FlowColumn columns (abi/batch.ts); verdicts (and, traced, hop ranges) go out as
// ResultColumn columns. Each flow is set as the packet (packet.ts) and walked by walkFlow (walk.ts).
//
// Untraced batches of at least WALK_ORDER_MIN_FLOWS flows are walked grouped by source, a window of
// WALK_ORDER_WINDOW_FLOWS at a time (batch-order.ts); the others in input order. The walk of one flow
// is a chain of dependent cache misses, so records are loaded ahead to overlap them (grouped, the
// order itself keeps them cached and nothing is loaded ahead); untraced in input order, a block of
// WARM_BLOCK flows' records stage by stage before the block walks (walk-warm.ts); smaller or traced
// batches, the next flows' first records while a flow walks (warmSource, warmStart).
// Untraced flows go through the verdict memo first (walk-memo.ts): a flow equal to one walked before
// in the same epoch, but for its source port within one interval of the image's port ranges, takes
// the stored verdict.
import { FlowColumn, ResultColumn, WALK_ORDER_MIN_FLOWS, WALK_ORDER_WINDOW_FLOWS } from '../abi/batch';
import { EniField, Section, SubnetField } from '../abi/image';
import { addressIndexSlot } from './address-index';
import { ROW_WORDS, sortedRows, sortedVerdicts, verdictsInInputOrder } from './batch-order';
import { ctForget } from './conntrack';
import { downClear, downCommit, downForget } from './down-set';
import { field, imageForget, record, recordCount } from './image';
import { packet } from './packet';
import { walkFlow } from './walk';
import { WARM_EVERY_ROWS, warmAhead, warmVpcForget, warmVpcPrepare, warmVpcsWanted } from './vpc-warm';
import { WARM_BLOCK, warmBlock, walkWarmForget } from './walk-warm';
import { sgTableForget } from './sg-table';
import { memoAwake, memoBegin, memoFind, memoForget, memoHits, memoLookups, memoRestFor, memoRestLeft, memoStore } from './walk-memo';
import { hopBufferAddress, hopsForget, hopsRestart, hopsWritten } from './walk-hops';
import { forwardHops, responseHops, setWalkMode, setWalkTime } from './walk-state';

/**
 * Walks `n` flows laid out as FlowColumn says at `flows` (n words per scalar column, 4n per address
 * column) and writes ResultColumn records (n words per column) at `results`. `time` is the simulated
 * time (C-3) of each request for connection tracking, `after` the seconds until its response (the
 * reference's responseAfter). `down`: 1 when JS wrote the down set at downWords() for this batch, 0 for
 * nothing down. `everyBlocker`: TRACE-8 allBlocking. With `trace`, hops go to the engine's hop buffer
 * (walkHopBuffer()); returns the number of hops written. `memo`: untraced flows of a batch with
 * nothing down use the verdict memo (walk-memo.ts); false walks every flow (the tests compare both).
 */
export function walkBatch(flows: usize, n: i32, results: usize, trace: bool, time: f64, down: bool, everyBlocker: bool, after: f64, memo: bool): i32 {
  beginWalks(trace, time, down, everyBlocker, after);
  const col = <usize>n << 2;
  // The memo serves untraced batches with nothing down (walk-memo.ts).
  const memoized = memo && !trace && !down;
  const grouped = !trace && n >= WALK_ORDER_MIN_FLOWS;
  if (memoized) memoBegin(time, after, everyBlocker, grouped);
  if (grouped) {
    // Untraced and large: walked grouped by source, a window at a time (batch-order.ts).
    const rowBytes = <usize>ROW_WORDS << 2;
    // Flows to walk before the memo's next lookup: its rest, counted here (never 0 without the memo).
    let rest: u32 = memoized ? memoRestLeft() : u32.MAX_VALUE;
    // A VPC's records are warmed ahead of its flows (vpc-warm.ts) on images the caches do not hold;
    // the line lists are built before the sort, in scratch memory (once per image).
    const warming = warmVpcsWanted();
    if (warming) warmVpcPrepare();
    for (let first = 0; first < n; first += WALK_ORDER_WINDOW_FLOWS) {
      const m = min<i32>(WALK_ORDER_WINDOW_FLOWS, n - first);
      const rows = sortedRows(flows, col, first, m);
      // The VPC looked at last (vpc-warm.ts's warmAhead), looked for every WARM_EVERY_ROWS rows (an outer loop: a test
      // in the walk's loop cost 8% on a cached image).
      let warmedVpc = -1;
      // Row k's verdict goes to word k of sortedVerdicts (in a local: V8 reads a global from memory each time).
      let out = sortedVerdicts;
      for (let chunk = 0; chunk < m; chunk += WARM_EVERY_ROWS) {
        if (warming) warmedVpc = warmAhead(rows, chunk, m, warmedVpc);
        const end = rows + <usize>min<i32>(chunk + WARM_EVERY_ROWS, m) * rowBytes;
        // No loads for the next flows: grouped by source VPC and ENI, the next flow's records are the
        // same ones or the next in their sections (warmSource of the flow two ahead cost more than it
        // saved once the order was by ENI: bench/profile/README.md, session 13).
        let row = rows + <usize>chunk * rowBytes;
        // A memo resting past the chunk's last row (or off: rest never reaches 0) looks none of them up:
        // the rows walk in a loop without its countdown (fewer values live across the walkFlow call).
        const count = <u32>((end - row) / rowBytes);
        if (rest > count) {
          rest -= count;
          for (; row < end; row += rowBytes, out += 4) store<i32>(out, walkRowAt(row));
          continue;
        }
        for (; row < end; row += rowBytes, out += 4) {
          let verdict: i32;
          if (rest == 0) {
            verdict = memoFind(row, 4, row + (<usize>FlowColumn.Src << 2), row + (<usize>FlowColumn.Dst << 2), false);
            if (verdict < 0) {
              verdict = walkRowAt(row);
              memoStore(verdict);
            }
            rest = memoRestLeft();
          } else {
            rest--;
            verdict = walkRowAt(row);
          }
          store<i32>(out, verdict);
        }
      }
      verdictsInInputOrder(results + col * ResultColumn.Verdict + (<usize>first << 2));
    }
    if (memoized) memoRestFor(rest);
    return 0;
  }
  const blocks = !trace && n >= 2 * WARM_BLOCK;
  for (let i = 0; i < n; i++) {
    const at = <usize>i << 2;
    if (blocks) {
      if (i % WARM_BLOCK == 0) warmBlock(flows + col * FlowColumn.Origin + at, flows + col * FlowColumn.Family + at, 4, flows + col * FlowColumn.Dst + (at << 2), 16, min<i32>(WARM_BLOCK, n - i));
    } else if (i + 2 < n) warmSource(load<i32>(flows + col * FlowColumn.Origin + at + 8));
    if (!blocks && i + 1 < n) {
      const next = at + 4;
      warmStart(load<i32>(flows + col * FlowColumn.Origin + next), load<i32>(flows + col * FlowColumn.Family + next), load<u32>(flows + col * FlowColumn.Dst + (next << 2)));
    }
    const firstHop = hopsWritten();
    const src = flows + col * FlowColumn.Src + (at << 2);
    const dst = flows + col * FlowColumn.Dst + (at << 2);
    const lookup = memoized && memoAwake();
    let verdict = lookup ? memoFind(flows + at, col, src, dst, true) : -1;
    if (verdict < 0) {
      verdict = walkFlowAt(flows + at, col, src, dst);
      if (lookup) memoStore(verdict);
    }
    store<i32>(results + col * ResultColumn.Verdict + at, verdict);
    if (trace) {
      store<i32>(results + col * ResultColumn.HopStart + at, firstHop);
      store<i32>(results + col * ResultColumn.ForwardHops + at, forwardHops);
      store<i32>(results + col * ResultColumn.ResponseHops + at, responseHops);
    }
  }
  return hopsWritten();
}

/**
 * The settings of the walks that follow (a batch, the matrix's class pairs): the down set JS wrote
 * (or nothing down), tracing, TRACE-8 allBlocking, an empty hop buffer, the simulated time.
 */
export function beginWalks(trace: bool, time: f64, down: bool, everyBlocker: bool, after: f64): void {
  if (down) downCommit();
  else downClear();
  setWalkMode(trace, everyBlocker);
  hopsRestart();
  setWalkTime(time, after);
}

/**
 * Sets the packet and walks the flow whose Origin word is at `p`, its other scalar FlowColumn words
 * `stride` bytes apart (the batch's columns, or a row of batch-order.ts), its addresses (four words
 * each) at `src` and `dst`.
 */
// @ts-ignore: decorator
@inline function walkFlowAt(p: usize, stride: usize, src: usize, dst: usize): i32 {
  packet.set(
    load<i32>(p + stride * FlowColumn.Family),
    src, dst,
    load<i32>(p + stride * FlowColumn.Protocol),
    load<i32>(p + stride * FlowColumn.SrcPort),
    load<i32>(p + stride * FlowColumn.DstPort),
    load<i32>(p + stride * FlowColumn.IcmpType),
    load<i32>(p + stride * FlowColumn.IcmpCode),
  );
  return walkFlow(load<i32>(p + stride * FlowColumn.Origin), load<i32>(p + stride * FlowColumn.Destination));
}

/** Sets the packet from row `row` of batch-order.ts (one 64-byte copy: the packet has the row's layout) and walks it. */
// @ts-ignore: decorator
@inline function walkRowAt(row: usize): i32 {
  packet.setRow(row);
  return walkFlow(load<i32>(row, FlowColumn.Origin << 2), load<i32>(row, FlowColumn.Destination << 2));
}

/**
 * Monte Carlo's entry (assembly/montecarlo.ts): walks flow `i` of a FlowColumn batch of `n` flows at
 * `flows`, untraced, under the down set as it is now; returns the verdict. The blocking hop is in
 * walk-state.ts's blockedKind/Component/Id/Code/Direction when the verdict is not 0.
 */
export function walkFlowInBatch(flows: usize, n: i32, i: i32): i32 {
  setWalkMode(false, false);
  const col = <usize>n << 2;
  const at = <usize>i << 2;
  return walkFlowAt(flows + at, col, flows + col * FlowColumn.Src + (at << 2), flows + col * FlowColumn.Dst + (at << 2));
}

/** Simulated time (C-3) of walkFlowInBatch's requests, and seconds until their responses (default 0). */
export function walkSetTime(time: f64, after: f64 = 0): void {
  setWalkTime(time, after);
}

/** Sink for the warm-up loads, so the optimizer keeps them. */
let warmed: i32 = 0;

/** Flow i+2's source ENI record. */
function warmSource(origin: i32): void {
  if (origin >= 0 && origin < recordCount(Section.Eni)) warmed ^= load<i32>(record(Section.Eni, EniField.Stride, origin));
}

/** Flow i+1's subnet record (its ENI is in cache by now) and the address-index slot of its destination. */
function warmStart(origin: i32, family: i32, dst0: u32): void {
  if (origin < 0 || origin >= recordCount(Section.Eni)) return;
  const e = record(Section.Eni, EniField.Stride, origin);
  const s = field(e, EniField.Subnet);
  if (s >= 0) warmed ^= load<i32>(record(Section.Subnet, SubnetField.Stride, s));
  if (family == 4) {
    const slot = addressIndexSlot(field(e, EniField.Vpc), dst0);
    if (slot != 0) warmed ^= load<i32>(slot);
  }
}

/** Forgets the image, the down set, the hop buffer and the conntrack table (called by the engine's reset()). */
export function walkForget(): void {
  imageForget();
  downForget();
  ctForget();
  hopsForget();
  memoForget();
  walkWarmForget();
  sgTableForget();
  warmVpcForget();
}

/** Lookups and hits of the verdict memo since the engine's last reset() (the bench reports the hit rate). */
export function walkMemoLookups(): f64 {
  return memoLookups();
}

export function walkMemoHits(): f64 {
  return memoHits();
}

/** The hop buffer of the last traced batch (HopField records). */
export function walkHopBuffer(): usize {
  return hopBufferAddress();
}
