// Flow-log replay's judging of window rows (flowlog-parse.ts fills the window): flowCheckRows() gathers
// rows in the time order JS wrote, judges them through interface-check.ts, counts the records where the
// log agrees (FL-5), groups simulated REJECTs by what decided them (ENI, direction, verdict, network
// ACL entry) and lists the rows JS must look at: a disagreement, the first REJECT of a group (JS words
// the group from it), or a row --explain asks for. JS then loops over those rows only.
import { FlowExplain, FlowListColumn, FlowState, FlowWindowColumn, InterfaceColumn, InterfaceResultColumn } from '../abi/interface-check';
import { checkInterfaceBatch } from './interface-check';
import { arenaAlloc, stagingReserve } from './memory';

let windowPtr: usize = 0;
let capacity: i32 = 0;
let statePtr: usize = 0;

/** REJECT groups: open addressing, 4 words a slot (ENI * 2 + egress + 1, 0 = empty; verdict; NACL entry; group). */
let groupSlots: usize = 0;
let groupBits: i32 = 0;
let groupCount: i32 = 0;
/** Records per group. */
let groupCounts: usize = 0;
let groupCountsCap: i32 = 0;

/** Forgets every table (engine reset()). */
export function judgeForget(): void {
  windowPtr = 0;
  capacity = 0;
  statePtr = 0;
  groupSlots = 0;
  groupBits = 0;
  groupCount = 0;
  groupCounts = 0;
  groupCountsCap = 0;
}

/** A replay begins with this window and state block: no groups yet. */
export function judgeBegin(window: usize, cap: i32, state: usize): void {
  windowPtr = window;
  capacity = cap;
  statePtr = state;
  if (groupSlots == 0) {
    groupBits = 10;
    groupSlots = arenaAlloc(<usize>16 << groupBits);
    groupCountsCap = 1 << 9;
    groupCounts = arenaAlloc(<usize>groupCountsCap << 2);
  } else {
    memory.fill(groupSlots, 0, <usize>16 << groupBits);
    memory.fill(groupCounts, 0, <usize>groupCountsCap << 2);
  }
  groupCount = 0;
}

/** Records per REJECT group (FlowState Groups of them), by the group ids the listed rows opened. */
export function flowGroupCounts(): usize {
  return groupCounts;
}

// @ts-ignore: decorator
@inline function groupHash(at: i32, verdict: i32, naclEntry: i32): u32 {
  let h = (<u32>at * 0x9e3779b1) ^ (<u32>verdict * 0x85ebca6b) ^ (<u32>naclEntry * 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** Counts a REJECT in its group; returns the group's id when this record opens it, else -1. */
function groupAdd(eni: i32, egress: i32, verdict: i32, naclEntry: i32): i32 {
  const at = (eni << 1) + egress + 1;
  const mask: u32 = (1 << groupBits) - 1;
  let i = groupHash(at, verdict, naclEntry) & mask;
  while (true) {
    const p = groupSlots + (<usize>i << 4);
    const k = load<i32>(p);
    if (k == 0) break;
    if (k == at && load<i32>(p, 4) == verdict && load<i32>(p, 8) == naclEntry) {
      const c = groupCounts + (<usize>load<i32>(p, 12) << 2);
      store<i32>(c, load<i32>(c) + 1);
      return -1;
    }
    i = (i + 1) & mask;
  }
  const id = groupCount++;
  if (id >= groupCountsCap) {
    const counts = arenaAlloc(<usize>groupCountsCap << 3);
    memory.copy(counts, groupCounts, <usize>groupCountsCap << 2);
    groupCounts = counts;
    groupCountsCap <<= 1;
  }
  store<i32>(groupCounts + (<usize>id << 2), 1);
  const p = groupSlots + (<usize>i << 4);
  store<i32>(p, at);
  store<i32>(p, verdict, 4);
  store<i32>(p, naclEntry, 8);
  store<i32>(p, id, 12);
  if (groupCount << 1 > 1 << groupBits) groupRehash();
  return id;
}

/** Doubles the group slots. */
function groupRehash(): void {
  const old = groupSlots;
  const oldSlots = 1 << groupBits;
  groupBits++;
  groupSlots = arenaAlloc(<usize>16 << groupBits);
  const mask: u32 = (1 << groupBits) - 1;
  for (let s = 0; s < oldSlots; s++) {
    const q = old + (<usize>s << 4);
    if (load<i32>(q) == 0) continue;
    let i = groupHash(load<i32>(q), load<i32>(q, 4), load<i32>(q, 8)) & mask;
    while (load<i32>(groupSlots + (<usize>i << 4)) != 0) i = (i + 1) & mask;
    memory.copy(groupSlots + (<usize>i << 4), q, 16);
  }
}

/**
 * Judges window rows Order[from .. from + m) (rows JS resolved: Eni and Egress set) through
 * checkInterfaceBatch(), in that order; counts agreements (FlowState Agree, Mismatch) and REJECT
 * groups; lists the rows JS must look at (FlowState Listed of them, FlowListColumn after the results;
 * `explain`, a FlowExplain, adds the rows --explain selects). Returns where the InterfaceResultColumn
 * results are (m rows), or 0 when a row names an ENI the image lacks.
 */
export function flowCheckRows(from: i32, m: i32, explain: i32): usize {
  const inWords = <usize>m * InterfaceColumn.Stride;
  const outWords = <usize>m * (InterfaceResultColumn.Stride + FlowListColumn.Stride);
  const batch = stagingReserve((inWords + outWords) << 2);
  const col = <usize>capacity << 2;
  const out = <usize>m << 2;
  const order = windowPtr + col * FlowWindowColumn.Order + (<usize>from << 2);
  for (let k = 0; k < m; k++) {
    const r = <usize>load<i32>(order + (<usize>k << 2)) << 2;
    const to = batch + (<usize>k << 2);
    for (let c = 0; c < InterfaceColumn.Src; c++) store<i32>(to + out * c, load<i32>(windowPtr + col * c + r));
    const s = windowPtr + col * InterfaceColumn.Src + (r << 2);
    const d = windowPtr + col * InterfaceColumn.Dst + (r << 2);
    const ts = batch + out * InterfaceColumn.Src + (<usize>k << 4);
    const td = batch + out * InterfaceColumn.Dst + (<usize>k << 4);
    store<u64>(ts, load<u64>(s));
    store<u64>(ts, load<u64>(s, 8), 8);
    store<u64>(td, load<u64>(d));
    store<u64>(td, load<u64>(d, 8), 8);
  }
  const results = batch + (inWords << 2);
  if (checkInterfaceBatch(batch, m, results) < 0) return 0;
  const list = results + (<usize>m * InterfaceResultColumn.Stride << 2);
  let listed = 0;
  let agree = load<i32>(statePtr, FlowState.Agree << 2);
  let mismatch = load<i32>(statePtr, FlowState.Mismatch << 2);
  for (let k = 0; k < m; k++) {
    const at = <usize>k << 2;
    const r = <usize>load<i32>(order + at) << 2;
    const verdict = load<i32>(results + out * InterfaceResultColumn.Verdict + at);
    const simulated = verdict != 0;
    const logged = load<i32>(windowPtr + col * FlowWindowColumn.Rejected + r) != 0;
    const agrees = simulated == logged;
    if (agrees) agree++;
    else mismatch++;
    let group = -1;
    if (simulated) {
      group = groupAdd(load<i32>(batch + out * InterfaceColumn.Eni + at), load<i32>(batch + out * InterfaceColumn.Egress + at) != 0 ? 1 : 0,
        verdict, load<i32>(results + out * InterfaceResultColumn.NaclEntry + at));
    }
    if (!agrees || group >= 0 || explain == FlowExplain.All || (explain == FlowExplain.Reject && (simulated || logged))) {
      const p = list + (<usize>listed * FlowListColumn.Stride << 2);
      store<i32>(p, k, FlowListColumn.Row << 2);
      store<i32>(p, group, FlowListColumn.Group << 2);
      listed++;
    }
  }
  store<i32>(statePtr, agree, FlowState.Agree << 2);
  store<i32>(statePtr, mismatch, FlowState.Mismatch << 2);
  store<i32>(statePtr, listed, FlowState.Listed << 2);
  store<i32>(statePtr, groupCount, FlowState.Groups << 2);
  return results;
}
