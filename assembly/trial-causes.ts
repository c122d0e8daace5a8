// Causes of failed trials (MC-14), counted per chunk: each distinct (query, blocking hop component,
// its id, code) gets a dense slot once, for the plan's lifetime; memo entries (trial-memo.ts) keep the
// slot, so counting a failed trial is one increment. Slots: CAUSE_WORDS i32 words, TrialCauseField
// order, Trials being the chunk's count; an open-addressing index (slot + 1, 0 = empty) finds them.
import { TrialCauseField } from '../abi/montecarlo';
import { arenaAlloc } from './memory';

const CAUSE_WORDS: i32 = 8;

let slots: usize = 0;
let slotCount: i32 = 0;
let slotCapacity: i32 = 0;
let index: usize = 0;
let indexLog2: i32 = 0;

export function causesReset(): void {
  slotCapacity = 64;
  slots = arenaAlloc(<usize>slotCapacity * CAUSE_WORDS << 2);
  slotCount = 0;
  indexLog2 = 8;
  index = arenaAlloc(<usize>4 << indexLog2);
}

// @ts-ignore: decorator
@inline function slot(s: i32): usize {
  return slots + (<usize>(s * CAUSE_WORDS) << 2);
}

function hashOf(q: i32, hopComponent: i32, component: i32, code: i32): u32 {
  let h = <u32>q * 0x9e3779b1;
  h = (h ^ <u32>hopComponent) * 0x85ebca77;
  h = (h ^ <u32>component) * 0xc2b2ae3d;
  h = (h ^ <u32>code) * 0x27d4eb2f;
  return h ^ (h >> 15);
}

/** The slot of a cause, made on first use. */
export function causeSlot(q: i32, hopComponent: i32, component: i32, code: i32): i32 {
  const mask = (<u32>1 << indexLog2) - 1;
  let i = hashOf(q, hopComponent, component, code) & mask;
  for (;;) {
    const at = index + (<usize>i << 2);
    const s = load<i32>(at) - 1;
    if (s < 0) break;
    const r = slot(s);
    if (load<i32>(r, TrialCauseField.Query << 2) == q && load<i32>(r, TrialCauseField.HopComponent << 2) == hopComponent
      && load<i32>(r, TrialCauseField.Component << 2) == component && load<i32>(r, TrialCauseField.Code << 2) == code) return s;
    i = (i + 1) & mask;
  }
  if (slotCount == slotCapacity) {
    const grown = arenaAlloc(<usize>slotCapacity * 2 * CAUSE_WORDS << 2);
    memory.copy(grown, slots, <usize>slotCapacity * CAUSE_WORDS << 2);
    slots = grown;
    slotCapacity *= 2;
  }
  const s = slotCount++;
  const r = slot(s);
  store<i32>(r, q, TrialCauseField.Query << 2);
  store<i32>(r, hopComponent, TrialCauseField.HopComponent << 2);
  store<i32>(r, component, TrialCauseField.Component << 2);
  store<i32>(r, code, TrialCauseField.Code << 2);
  store<i32>(r, 0, TrialCauseField.Trials << 2);
  if (slotCount * 2 > (1 << indexLog2)) rebuildIndex();
  else store<i32>(index + (<usize>i << 2), s + 1);
  return s;
}

function rebuildIndex(): void {
  indexLog2++;
  index = arenaAlloc(<usize>4 << indexLog2);
  const mask = (<u32>1 << indexLog2) - 1;
  for (let s = 0; s < slotCount; s++) {
    const r = slot(s);
    let i = hashOf(load<i32>(r, TrialCauseField.Query << 2), load<i32>(r, TrialCauseField.HopComponent << 2),
      load<i32>(r, TrialCauseField.Component << 2), load<i32>(r, TrialCauseField.Code << 2)) & mask;
    while (load<i32>(index + (<usize>i << 2)) != 0) i = (i + 1) & mask;
    store<i32>(index + (<usize>i << 2), s + 1);
  }
}

// @ts-ignore: decorator
@inline export function causeCount(s: i32, trials: i32): void {
  const at = slot(s) + (<usize>TrialCauseField.Trials << 2);
  store<i32>(at, load<i32>(at) + trials);
}

/** Zeroes every slot's count (start of a chunk). */
export function causesClearCounts(): void {
  for (let s = 0; s < slotCount; s++) store<i32>(slot(s), 0, TrialCauseField.Trials << 2);
}

/** Writes the slots with a count (TrialCauseField records) at `out`; returns how many. */
export function causesWrite(out: usize): i32 {
  let n = 0;
  for (let s = 0; s < slotCount; s++) {
    const r = slot(s);
    if (load<i32>(r, TrialCauseField.Trials << 2) == 0) continue;
    memory.copy(out + (<usize>(n * TrialCauseField.Stride) << 2), r, <usize>TrialCauseField.Stride << 2);
    n++;
  }
  return n;
}

/** Slots with a count are at most this many. */
export function causesSlotCount(): i32 {
  return slotCount;
}

// @ts-ignore: decorator
@inline export function causeField(s: i32, f: i32): i32 {
  return load<i32>(slot(s) + (<usize>f << 2));
}
