// Exact availability (MC-15, issue 10 §3), in the manner of NetDice (Steffen et al., SIGCOMM 2020):
// instead of sampling, the states of a query's relevant units are enumerated, skipping every unit
// whose state cannot change the verdict.
//
// A *state* fixes some units up or down; the others are taken up. Expanding a state walks the query
// with the fixed-down units' components down (trial-query.ts, recording what the walk consulted). The
// units behind the consulted components that are not fixed, u1..uk in the order first consulted (a
// component already down through a fixed-down unit adds none: its state is decided), are the only
// ones that could change the verdict. So the walk's verdict holds for every full state that agrees
// with the fixed units and has u1..uk up: that *leaf* has probability P * prod(1 - p_ui) (P: the
// product over the fixed units). The rest of the state's mass is split exactly among the children
// "u1..u(j-1) up, uj down" (probability P * prod_{i<j}(1 - p_ui) * p_uj), each expanded in turn.
// Leaves partition the state space, so availability = the sum of the reachable leaves' mass.
//
// Children are expanded most probable first (a max-heap), so the unexplored mass falls fastest; the
// enumeration stops when it is below `threshold` or after `maxStates` expansions, and the unexplored
// mass is the bound: the true value lies in [availability, availability + bound]. A state's children
// enter the heap as one *group* (the next child to expand, then its later siblings), so memory grows
// by one group per expansion, not by k.
import { ExactResultField } from '../abi/montecarlo';
import { arenaAlloc } from './memory';
import { componentUnit, componentUnitsFrom, componentUnitsTo, queryCount, unitCount, unitDown, unitProbabilityOf, unitUp } from './trial-plan';
import { consultedLength, consultedList, evaluateQuery, walksBegin } from './trial-query';

// Nodes (expanded states): NODE_BYTES each: parent i32, j i32 (the parent's branch list entry fixed
// down; entries before it fixed up), list i32 + len i32 (this node's branch list in the pool), prob f64.
const NODE_BYTES: usize = 24;
let nodes: usize = 0;
let nodeCap: i32 = 0;
let nodeCount: i32 = 0;
// Branch lists: i32 units.
let pool: usize = 0;
let poolCap: i32 = 0;
let poolUsed: i32 = 0;
// Max-heap of groups by priority (the next child's probability): priority f64, prefixUp f64 (product
// of the parent's probability and (1 - p) of the list entries before j), node i32, j i32.
const GROUP_BYTES: usize = 24;
let heap: usize = 0;
let heapCap: i32 = 0;
let heapSize: i32 = 0;
// Per unit: fixed in the current state iff fixStamp[u] == stamp; fixDown[u]: fixed down. Also marks
// units already in the branch list being built.
let fixStamp: usize = 0;
let fixDown: usize = 0;
let listStamp: usize = 0;
let stamp: u32 = 0;
let downUnits: usize = 0;

function grown(old: usize, bytesUsed: usize, bytesWanted: usize): usize {
  const fresh = arenaAlloc(bytesWanted);
  if (old != 0) memory.copy(fresh, old, bytesUsed);
  return fresh;
}

function ensureNodes(n: i32): void {
  if (n <= nodeCap) return;
  const cap = max<i32>(n, max<i32>(1024, nodeCap * 2));
  nodes = grown(nodes, <usize>nodeCount * NODE_BYTES, <usize>cap * NODE_BYTES);
  nodeCap = cap;
}

function ensurePool(n: i32): void {
  if (n <= poolCap) return;
  const cap = max<i32>(n, max<i32>(4096, poolCap * 2));
  pool = grown(pool, <usize>poolUsed << 2, <usize>cap << 2);
  poolCap = cap;
}

function ensureHeap(n: i32): void {
  if (n <= heapCap) return;
  const cap = max<i32>(n, max<i32>(1024, heapCap * 2));
  heap = grown(heap, <usize>heapSize * GROUP_BYTES, <usize>cap * GROUP_BYTES);
  heapCap = cap;
}

// @ts-ignore: decorator
@inline function node(i: i32): usize {
  return nodes + <usize>i * NODE_BYTES;
}

// @ts-ignore: decorator
@inline function group(i: i32): usize {
  return heap + <usize>i * GROUP_BYTES;
}

// @ts-ignore: decorator
@inline function poolUnit(k: i32): i32 {
  return load<i32>(pool + (<usize>k << 2));
}

function swapGroups(a: i32, b: i32): void {
  const x = group(a);
  const y = group(b);
  const p = load<f64>(x);
  const up = load<f64>(x, 8);
  const nj = load<u64>(x, 16);
  store<f64>(x, load<f64>(y));
  store<f64>(x, load<f64>(y, 8), 8);
  store<u64>(x, load<u64>(y, 16), 16);
  store<f64>(y, p);
  store<f64>(y, up, 8);
  store<u64>(y, nj, 16);
}

function pushGroup(priority: f64, prefixUp: f64, nodeIndex: i32, j: i32): void {
  ensureHeap(heapSize + 1);
  let i = heapSize++;
  const g = group(i);
  store<f64>(g, priority);
  store<f64>(g, prefixUp, 8);
  store<i32>(g, nodeIndex, 16);
  store<i32>(g, j, 20);
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (load<f64>(group(parent)) >= load<f64>(group(i))) break;
    swapGroups(parent, i);
    i = parent;
  }
}

/** Removes the top group, leaving a copy at heap slot heapSize (read it right away). */
function popGroup(): void {
  heapSize--;
  swapGroups(0, heapSize);
  let i = 0;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= heapSize) break;
    const r = l + 1;
    const c = r < heapSize && load<f64>(group(r)) > load<f64>(group(l)) ? r : l;
    if (load<f64>(group(i)) >= load<f64>(group(c))) break;
    swapGroups(i, c);
    i = c;
  }
}

/** 1 - prod over list entries [from, to) of (1 - p): the mass of "some of them down", without cancellation. */
function someDown(list: i32, from: i32, to: i32): f64 {
  let logUp: f64 = 0;
  for (let k = from; k < to; k++) logUp += Math.log1p(-unitProbabilityOf(poolUnit(list + k)));
  return -Math.expm1(logUp);
}

/** Mass of a group: its prefix times "some entry from j on is down". */
function groupMass(g: usize): f64 {
  const n = node(load<i32>(g, 16));
  return load<f64>(g, 8) * someDown(load<i32>(n, 8), load<i32>(g, 20), load<i32>(n, 12));
}

// ---- expanding a state ----------------------------------------------------------------------------

let availability: f64 = 0;

/** Fixes the units of node x's state (fixStamp/fixDown) and takes the fixed-down ones down. Returns how many are down. */
function enterState(x: i32): i32 {
  if (++stamp == 0) {
    memory.fill(fixStamp, 0, <usize>unitCount << 2);
    memory.fill(listStamp, 0, <usize>unitCount << 2);
    stamp = 1;
  }
  let down = 0;
  let i = x;
  while (i > 0) {
    const n = node(i);
    const parent = load<i32>(n);
    const j = load<i32>(n, 4);
    const pn = node(parent);
    const list = load<i32>(pn, 8);
    for (let k = 0; k <= j; k++) {
      const u = poolUnit(list + k);
      store<u32>(fixStamp + (<usize>u << 2), stamp);
      store<u8>(fixDown + <usize>u, k == j ? 1 : 0);
    }
    const u = poolUnit(list + j);
    store<i32>(downUnits + (<usize>down << 2), u);
    down++;
    unitDown(u);
    i = parent;
  }
  return down;
}

// @ts-ignore: decorator
@inline function isFixed(u: i32): bool {
  return load<u32>(fixStamp + (<usize>u << 2)) == stamp;
}

/**
 * Walks query q in node x's state; adds the leaf's mass when reachable and pushes x's children as one
 * group. Returns the group's mass (0 when the walk consulted no undecided unit: x is a leaf).
 */
function expand(q: i32, x: i32): f64 {
  const down = enterState(x);
  const verdict = evaluateQuery(q, true);
  for (let k = 0; k < down; k++) unitUp(load<i32>(downUnits + (<usize>k << 2)));
  // The branch list: units behind consulted components whose state the fixed units do not decide.
  const list = poolUsed;
  let len = 0;
  const consulted = consultedList();
  for (let k = 0, n = consultedLength(); k < n; k++) {
    const c = load<i32>(consulted + (<usize>k << 2));
    let decided = false;
    for (let i = componentUnitsFrom(c), end = componentUnitsTo(c); i < end; i++) {
      const u = componentUnit(i);
      if (isFixed(u) && load<u8>(fixDown + <usize>u) != 0) decided = true;
    }
    if (decided) continue;
    for (let i = componentUnitsFrom(c), end = componentUnitsTo(c); i < end; i++) {
      const u = componentUnit(i);
      if (isFixed(u) || load<u32>(listStamp + (<usize>u << 2)) == stamp) continue;
      store<u32>(listStamp + (<usize>u << 2), stamp);
      ensurePool(list + len + 1);
      store<i32>(pool + (<usize>(list + len) << 2), u);
      len++;
    }
  }
  poolUsed += len;
  const n = node(x);
  store<i32>(n, list, 8);
  store<i32>(n, len, 12);
  const prob = load<f64>(n, 16);
  const children = someDown(list, 0, len);
  if (verdict == 0) availability += prob * (1 - children);
  if (len == 0) return 0;
  pushGroup(prob * unitProbabilityOf(poolUnit(list)), prob, x, 0);
  return prob * children;
}

function newNode(parent: i32, j: i32, prob: f64): i32 {
  ensureNodes(nodeCount + 1);
  const x = nodeCount++;
  const n = node(x);
  store<i32>(n, parent);
  store<i32>(n, j, 4);
  store<i32>(n, 0, 8);
  store<i32>(n, 0, 12);
  store<f64>(n, prob, 16);
  return x;
}

/** Exact availability of query q; writes ExactResultField f64 words at `out`. */
function exactQuery(q: i32, maxStates: f64, threshold: f64, out: usize): void {
  nodeCount = 0;
  poolUsed = 0;
  heapSize = 0;
  availability = 0;
  let states: f64 = 1;
  let remaining = expand(q, newNode(-1, -1, 1));
  while (heapSize > 0 && states < maxStates && remaining > threshold) {
    popGroup();
    const g = group(heapSize);
    const priority = load<f64>(g);
    const prefixUp = load<f64>(g, 8);
    const parent = load<i32>(g, 16);
    const j = load<i32>(g, 20);
    remaining -= groupMass(g);
    const pn = node(parent);
    const list = load<i32>(pn, 8);
    const len = load<i32>(pn, 12);
    // The later siblings stay in the heap as one group.
    if (j + 1 < len) {
      const up = prefixUp * (1 - unitProbabilityOf(poolUnit(list + j)));
      pushGroup(up * unitProbabilityOf(poolUnit(list + j + 1)), up, parent, j + 1);
      remaining += up * someDown(list, j + 1, len);
    }
    remaining += expand(q, newNode(parent, j, priority));
    states++;
  }
  // The bound from the groups left, summed afresh (no drift from the running total).
  let bound: f64 = 0;
  for (let i = 0; i < heapSize; i++) bound += groupMass(group(i));
  store<f64>(out, availability, ExactResultField.Availability << 3);
  store<f64>(out, bound, ExactResultField.Bound << 3);
  store<f64>(out, states, ExactResultField.States << 3);
  store<f64>(out, bound <= threshold ? 1 : 0, ExactResultField.Complete << 3);
}

/** Sizes the per-unit marks for a newly loaded plan. */
export function exactPrepare(): void {
  const bytes = <usize>max<i32>(unitCount, 1) << 2;
  fixStamp = arenaAlloc(bytes);
  listStamp = arenaAlloc(bytes);
  downUnits = arenaAlloc(bytes);
  fixDown = arenaAlloc(<usize>max<i32>(unitCount, 1));
  stamp = 0;
}

/**
 * MC-15 for every query of the loaded plan: ExactResultField records (f64) at `out`. Stops a query's
 * enumeration after `maxStates` walks or once the unexplored mass is at most `threshold`.
 */
export function mcExact(maxStates: f64, threshold: f64, out: usize): void {
  walksBegin();
  for (let q = 0; q < queryCount; q++) exactQuery(q, maxStates, threshold, out + (<usize>(q * ExactResultField.Stride) << 3));
}

/** Forgets the growable buffers (engine reset). */
export function exactForget(): void {
  nodes = 0;
  nodeCap = 0;
  pool = 0;
  poolCap = 0;
  heap = 0;
  heapCap = 0;
}
