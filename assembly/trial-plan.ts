// The loaded Monte Carlo trial plan (docs/engine-abi.md, "Monte Carlo"): units (one Bernoulli draw
// each per trial, MC-1/12/13) with the failable components they take down, and queries with their
// flows. mcPlanLoad copies the caller's arrays out of staging into engine memory once per plan, and
// builds the reverse map component -> units (which units can set a component's down bit), which
// memoization and exact mode use to turn the components a walk consulted into units.
import { FlowColumn } from '../abi/batch';
import { arenaAlloc } from './memory';
import { downThreshold, keyHash } from './trial-random';
import { downSet, downUnset } from './down-set';

export let unitCount: i32 = 0;
export let queryCount: i32 = 0;
export let flowCount: i32 = 0;
export let componentCount: i32 = 0;

/** u64[U]: keyHash(key) of each unit (trial-random.ts). */
export let unitKeyHash: usize = 0;
/** u64[U]: the unit is down in a trial iff its 53-bit draw is below this (downThreshold). */
export let unitThreshold: usize = 0;
/** f64[U]: down probability. */
export let unitProbability: usize = 0;
/** i32[U + 1] offsets into unitComponents. */
let unitComponentStart: usize = 0;
let unitComponents: usize = 0;
/** i32[C + 1] offsets into componentUnits: the units that take component c down. */
let componentUnitStart: usize = 0;
let componentUnits: usize = 0;
/** i32[Q + 1] offsets into the flow columns. */
let queryFlowStart: usize = 0;
/** FlowColumn layout for flowCount flows (n words per scalar column, 4n per address column). */
export let planFlows: usize = 0;

// @ts-ignore: decorator
@inline function i32At(base: usize, i: i32): i32 {
  return load<i32>(base + (<usize>i << 2));
}

// @ts-ignore: decorator
@inline export function unitComponentsFrom(u: i32): i32 {
  return i32At(unitComponentStart, u);
}

// @ts-ignore: decorator
@inline export function unitComponentsTo(u: i32): i32 {
  return i32At(unitComponentStart, u + 1);
}

// @ts-ignore: decorator
@inline export function unitComponent(k: i32): i32 {
  return i32At(unitComponents, k);
}

// @ts-ignore: decorator
@inline export function componentUnitsFrom(c: i32): i32 {
  return i32At(componentUnitStart, c);
}

// @ts-ignore: decorator
@inline export function componentUnitsTo(c: i32): i32 {
  return i32At(componentUnitStart, c + 1);
}

// @ts-ignore: decorator
@inline export function componentUnit(k: i32): i32 {
  return i32At(componentUnits, k);
}

// @ts-ignore: decorator
@inline export function queryFlowsFrom(q: i32): i32 {
  return i32At(queryFlowStart, q);
}

// @ts-ignore: decorator
@inline export function queryFlowsTo(q: i32): i32 {
  return i32At(queryFlowStart, q + 1);
}

// @ts-ignore: decorator
@inline export function unitProbabilityOf(u: i32): f64 {
  return load<f64>(unitProbability + (<usize>u << 3));
}

function copyOut(from: usize, bytes: usize): usize {
  const to = arenaAlloc(bytes);
  memory.copy(to, from, bytes);
  return to;
}

/**
 * Copies a plan out of staging. `keys` u32[units], `probabilities` f64[units] (0 < p <= 1),
 * `componentStart` i32[units + 1] offsets into `components` (ids < `components_`, the image's
 * failable component count), `flowStart` i32[queries + 1] offsets into `flows` (FlowColumn layout for
 * flowStart[queries] flows). Returns 0, or -1 for an inconsistent plan (the bindings check first).
 */
export function planLoad(keys: usize, probabilities: usize, componentStart: usize, components: usize, flowStart: usize, flows: usize,
  units: i32, queries: i32, components_: i32): i32 {
  if (units < 0 || queries < 0 || components_ < 0) return -1;
  const links = i32At(componentStart, units);
  const n = i32At(flowStart, queries);
  if (i32At(componentStart, 0) != 0 || i32At(flowStart, 0) != 0 || links < 0 || n < 0) return -1;
  for (let u = 0; u < units; u++) {
    if (i32At(componentStart, u + 1) < i32At(componentStart, u)) return -1;
    const p = load<f64>(probabilities + (<usize>u << 3));
    if (!(p > 0 && p <= 1)) return -1;
  }
  for (let k = 0; k < links; k++) {
    const c = i32At(components, k);
    if (c < 0 || c >= components_) return -1;
  }
  // Every query has at least one flow.
  for (let q = 0; q < queries; q++) if (i32At(flowStart, q + 1) <= i32At(flowStart, q)) return -1;

  unitCount = units;
  queryCount = queries;
  flowCount = n;
  componentCount = components_;
  unitComponentStart = copyOut(componentStart, <usize>(units + 1) << 2);
  unitComponents = copyOut(components, <usize>links << 2);
  queryFlowStart = copyOut(flowStart, <usize>(queries + 1) << 2);
  planFlows = copyOut(flows, <usize>n * FlowColumn.Stride << 2);
  unitProbability = copyOut(probabilities, <usize>units << 3);
  unitKeyHash = arenaAlloc(<usize>units << 3);
  unitThreshold = arenaAlloc(<usize>units << 3);
  for (let u = 0; u < units; u++) {
    store<u64>(unitKeyHash + (<usize>u << 3), keyHash(load<u32>(keys + (<usize>u << 2))));
    store<u64>(unitThreshold + (<usize>u << 3), downThreshold(unitProbabilityOf(u)));
  }
  // component -> units (counting sort over the links).
  componentUnitStart = arenaAlloc(<usize>(components_ + 1) << 2);
  componentUnits = arenaAlloc(<usize>max<i32>(links, 1) << 2);
  for (let k = 0; k < links; k++) {
    const at = componentUnitStart + (<usize>(unitComponent(k) + 1) << 2);
    store<i32>(at, load<i32>(at) + 1);
  }
  for (let c = 0; c < components_; c++) {
    const at = componentUnitStart + (<usize>(c + 1) << 2);
    store<i32>(at, load<i32>(at) + load<i32>(at - 4));
  }
  const fill = arenaAlloc(<usize>max<i32>(components_, 1) << 2);
  for (let u = 0; u < units; u++) {
    for (let k = unitComponentsFrom(u), end = unitComponentsTo(u); k < end; k++) {
      const c = unitComponent(k);
      const slot = componentUnitsFrom(c) + load<i32>(fill + (<usize>c << 2));
      store<i32>(fill + (<usize>c << 2), load<i32>(fill + (<usize>c << 2)) + 1);
      store<i32>(componentUnits + (<usize>slot << 2), u);
    }
  }
  return 0;
}

/** Takes unit u's components down (the engine applies the cascades, MC-2). */
export function unitDown(u: i32): void {
  for (let k = unitComponentsFrom(u), end = unitComponentsTo(u); k < end; k++) downSet(unitComponent(k));
}

export function unitUp(u: i32): void {
  for (let k = unitComponentsFrom(u), end = unitComponentsTo(u); k < end; k++) downUnset(unitComponent(k));
}
