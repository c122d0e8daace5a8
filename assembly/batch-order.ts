// The order a verdict batch is walked in. Flows are independent (each has its own conntrack
// generation, docs/engine-abi.md), so an untraced batch may be walked in any order while each verdict
// still lands at its flow's own index. Walking the flows from one VPC together keeps that VPC's ENIs,
// subnets, route tables, network ACLs, security group rules and address index table in cache from
// one flow to the next, instead of fetching them from memory for nearly every flow of a fleet-wide
// batch; walking one ENI's flows together keeps its own records and rules in the nearest cache.
//
// A counting sort by group key (the source ENI's rank in (VPC, ENI) order, or on a small image its
// VPC: groupKeys): one pass counts (internet clients' keys probed after it, in a loop of their own),
// one takes each flow's place, one copies each flow's columns into a 64-byte row at its place (reading
// the columns in order and writing rows), so the walk then reads its flows sequentially too. Row: the FlowColumn words in FlowColumn order (16 words, one cache line). The walk
// writes row k's verdict to word k of sortedVerdicts, in row order; verdictsInInputOrder then reads them
// back through each flow's place (sortedPlaces): a gather from a small array, where writing each verdict
// at its flow's index as it was walked was a store to a random line of the result column.
// The key of each ENI comes from a compact table (4 bytes per ENI, built once per loaded image), not
// from the ENI's 64-byte record: on a fleet-wide batch that record is a cache miss for nearly every
// flow, and the walk reads it again only much later, when the flow's turn comes.
// How many flows are sorted at once matters as much as the key: every group is walked once per
// window, and its records are fetched again each time (abi/batch.ts WALK_ORDER_WINDOW_FLOWS).
import { FlowColumn, Origin } from '../abi/batch';
import { EniField, Section } from '../abi/image';
import { AddressScope, Public4Field } from '../abi/image-addresses';
import { addressIndexFind } from './address-index';
import { field, imageBytes, imageGeneration, record, recordCount } from './image';
import { arenaAlloc, scratchReserve } from './memory';

/** Words per row: the flow's FlowColumn words (a 64-byte row while FlowColumn.Stride is 16). */
export const ROW_WORDS: i32 = FlowColumn.Stride;

/** The row of each flow of the last sortedRows(), i32 per flow in input order (scratch memory, like the rows). */
let sortedPlaces: usize = 0;
/** The verdict of each row of the last sortedRows(), i32 per row, written by the walk (walk-batch.ts). */
export let sortedVerdicts: usize = 0;
/** Rows of the last sortedRows(). */
let sortedCount: i32 = 0;

/**
 * Images up to this size stay in a core's cache whatever the flows' order (the L2 of the machines
 * measured is 1 MB): their flows are grouped by VPC only, which scatters rows to fewer places.
 */
const CACHED_IMAGE_BYTES: usize = 1 << 20;

/** i32 per ENI: its group key (see groupKeys); for the image of imageGeneration `tableFor`. */
let keyTable: usize = 0;
/** Group keys run 0 .. keyGroups-1; the last is for flows without a source ENI. */
let keyGroups: i32 = 0;
let tableFor: u32 = 0;

// A counting sort's three steps, shared by the ENI ranks and the flows' order: `starts` holds one i32
// per key and one more, zeroed; count every key, turn the counts into first places, take places.

/** Counts one more item of `key`. */
// @ts-ignore: decorator
@inline function countKey(starts: usize, key: i32): void {
  const c = starts + (<usize>(key + 1) << 2);
  store<i32>(c, load<i32>(c) + 1);
}

/** The counts of keys 0 .. keys-1 -> the first place of each key's items. */
// @ts-ignore: decorator
@inline function countsToStarts(starts: usize, keys: usize): void {
  // A running sum (not the previous word read back: a key per ENI makes this loop ~10 instructions a flow).
  let sum = 0;
  const end = starts + ((keys + 1) << 2);
  for (let c = starts; c < end; c += 4) {
    sum += load<i32>(c);
    store<i32>(c, sum);
  }
}

/** The next place of an item of `key`, in input order within the key. */
// @ts-ignore: decorator
@inline function takePlace(starts: usize, key: i32): i32 {
  const c = starts + (<usize>key << 2);
  const place = load<i32>(c);
  store<i32>(c, place + 1);
  return place;
}

/**
 * The ENI -> group key table of the loaded image, built on first use after each imageLoad(). On a
 * large image the key is the ENI's rank in (VPC, index) order: flows sorted by it are grouped by VPC
 * and, within a VPC, by ENI, so one ENI's flows walk one after another and its records stay cached
 * between them. On a small one (CACHED_IMAGE_BYTES) the key is the ENI's VPC.
 */
function groupKeys(enis: i32, vpcs: i32): usize {
  if (keyTable != 0 && tableFor == imageGeneration) return keyTable;
  // The old table (if any) belonged to an earlier image; the arena reclaims it at engineReset().
  keyTable = arenaAlloc(<usize>max<i32>(enis, 1) << 2);
  tableFor = imageGeneration;
  for (let e = 0; e < enis; e++) store<i32>(keyTable + (<usize>e << 2), vpcOfRecord(e, vpcs));
  if (imageBytes() <= CACHED_IMAGE_BYTES) {
    keyGroups = vpcs + 1;
    return keyTable;
  }
  // Ranks: a counting sort of the ENIs by VPC (those without one last).
  keyGroups = enis + 1;
  const next = scratchReserve((<usize>vpcs + 2) << 2);
  memory.fill(next, 0, (<usize>vpcs + 2) << 2);
  for (let e = 0; e < enis; e++) countKey(next, load<i32>(keyTable + (<usize>e << 2)));
  countsToStarts(next, <usize>vpcs + 1);
  for (let e = 0; e < enis; e++) {
    const at = keyTable + (<usize>e << 2);
    store<i32>(at, takePlace(next, load<i32>(at)));
  }
  return keyTable;
}

/** The VPC of ENI `e` from its record, or `vpcs` when it has none. */
function vpcOfRecord(e: i32, vpcs: i32): i32 {
  const v = field(record(Section.Eni, EniField.Stride, e), EniField.Vpc);
  return v >= 0 && v < vpcs ? v : vpcs;
}

/** The group key of ENI `e` (through the table), or the last group for no ENI. */
// @ts-ignore: decorator
@inline function keyOf(table: usize, e: i32, enis: i32): i32 {
  // One unsigned compare (`e >= 0 && e < enis` was two setcc).
  return <u32>e < <u32>enis ? load<i32>(table + (<usize>e << 2)) : keyGroups - 1;
}

/**
 * A flow's key from its origin word alone (sortedRows' count pass): its source ENI's; PUBLIC_PENDING for an IPv4
 * internet client (keyed by the ENI owning the public address it sends to, GW-3: publicKeyOf, after the
 * count pass); else (on premises, IPv6 from the internet, no such ENI) the last group.
 */
const PUBLIC_PENDING: i32 = -1;

/** The group key of an IPv4 internet client sending to `dst`: the ENI owning that public address, or the last group. */
// @ts-ignore: decorator
@inline function publicKeyOf(table: usize, dst: u32, enis: i32): i32 {
  const r = addressIndexFind(AddressScope.Public, dst);
  if (r < 0) return keyGroups - 1;
  return keyOf(table, field(record(Section.Public4, Public4Field.Stride, r), Public4Field.Eni), enis);
}

/** The row of flow `i` of the last sortedRows() (tests: the order itself), or -1 past its flows. */
export function walkOrderPlace(i: i32): i32 {
  return sortedPlaces != 0 && i >= 0 && i < sortedCount ? load<i32>(sortedPlaces + (<usize>i << 2)) : -1;
}

/** Writes the verdicts of the last sortedRows()'s flows, in input order, as i32 words from `out`. */
export function verdictsInInputOrder(out: usize): void {
  // The globals in locals: V8 keeps a WebAssembly global in memory, a load each time it is read.
  const verdicts = sortedVerdicts;
  const end = out + (<usize>sortedCount << 2);
  let place = sortedPlaces;
  // Four at a time: four places in one load, the four verdicts gathered into one 16-byte store.
  for (const end4 = end - 12; out < end4; out += 16, place += 16) {
    const p = v128.load(place);
    let v = i32x4.splat(load<i32>(verdicts + (<usize>i32x4.extract_lane(p, 0) << 2)));
    v = i32x4.replace_lane(v, 1, load<i32>(verdicts + (<usize>i32x4.extract_lane(p, 1) << 2)));
    v = i32x4.replace_lane(v, 2, load<i32>(verdicts + (<usize>i32x4.extract_lane(p, 2) << 2)));
    v128.store(out, i32x4.replace_lane(v, 3, load<i32>(verdicts + (<usize>i32x4.extract_lane(p, 3) << 2))));
  }
  for (; out < end; out += 4, place += 4) store<i32>(out, load<i32>(verdicts + (<usize>load<i32>(place) << 2)));
}

/**
 * Flows first .. first+n-1 of the batch at `flows` (FlowColumn columns of `col` bytes) as
 * ROW_WORDS-word rows grouped by key (the source ENI's, publicKeyOf), in input order within a group. In scratch memory: valid
 * until its next user.
 */
export function sortedRows(flows: usize, col: usize, first: i32, n: i32): usize {
  const enis = recordCount(Section.Eni);
  const table = groupKeys(enis, recordCount(Section.Vpc));
  const groups = <usize>keyGroups;
  const rowBytes = <usize>ROW_WORDS << 2;
  // Rows on cache-line boundaries: one line per flow.
  const rows = (scratchReserve(<usize>n * rowBytes + (<usize>n * 12) + ((groups + 1) << 2) + 64) + 63) & ~(<usize>63);
  const keys = rows + <usize>n * rowBytes;
  sortedPlaces = keys;
  sortedVerdicts = keys + (<usize>n << 2);
  sortedCount = n;
  const starts = sortedVerdicts + (<usize>n << 3); // sortedVerdicts, then a word per flow for the pending list
  memory.fill(starts, 0, (groups + 1) << 2);
  // An internet client's key needs a probe of the Public4 table (GW-3; 1 MB at 1,000 VPCs), a miss that
  // held up the count pass's loop: listed here with its destination (index and address, 8 bytes, in
  // sortedVerdicts and the word after it: free until the walk) and probed in a loop of their own, where
  // many probes are in flight at once (reading the address there by index was one more miss each).
  // Pointers, not an index, and the globals in locals (fewer values live in the loop: V8 kept the
  // index's bases on the stack, and reads a WebAssembly global from memory each time).
  const list = sortedVerdicts;
  const lastKey = keyGroups - 1;
  const dsts = flows + col * FlowColumn.Dst + (<usize>first << 4);
  const keysEnd = keys + (<usize>n << 2);
  let pending: usize = list;
  for (let o = flows + (<usize>first << 2), k = keys; k < keysEnd; o += 4, k += 4) {
    const origin = load<i32>(o);
    let key: i32;
    if (<u32>origin < <u32>enis) key = load<i32>(table + (<usize>origin << 2));
    else if (origin != Origin.Internet || load<i32>(o + col * FlowColumn.Family) != 4) key = lastKey;
    else {
      const i = k - keys;
      store<i32>(pending, <i32>(i >>> 2));
      store<u32>(pending, load<u32>(dsts + (i << 2)), 4);
      pending += 8;
      continue;
    }
    store<i32>(k, key);
    countKey(starts, key);
  }
  for (let p = list; p < pending; p += 8) {
    const key = publicKeyOf(table, load<u32>(p, 4), enis);
    store<i32>(keys + (<usize>load<i32>(p) << 2), key);
    countKey(starts, key);
  }
  countsToStarts(starts, groups);
  // Places first (the keys' words become places: sortedPlaces), then the copy: a loop with few stores a flow keeps
  // more rows' read-for-ownership misses in flight at once.
  for (let k = keys; k < keysEnd; k += 4) store<i32>(k, takePlace(starts, load<i32>(k)));
  // Four flows at a time: each scalar column's four words in one 16-byte load, transposed (a 4 x 4
  // transpose of 32-bit lanes for words 0-3, another for words 4-7) into the four rows' two 16-byte
  // halves: eight loads and sixteen shuffles for four rows, where a load per word and lane was ~50
  // instructions a row. The addresses are one 16-byte copy each, as before: four stores a row.
  const src = flows + col * FlowColumn.Src;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const at = flows + (<usize>(first + i) << 2);
    // Columns 0-3 (Origin, Family, Protocol, SrcPort) -> row words 0-3.
    const c0 = v128.load(at), c1 = v128.load(at + col), c2 = v128.load(at + col * 2), c3 = v128.load(at + col * 3);
    const a01 = i32x4.shuffle(c0, c1, 0, 4, 1, 5), b01 = i32x4.shuffle(c0, c1, 2, 6, 3, 7);
    const a23 = i32x4.shuffle(c2, c3, 0, 4, 1, 5), b23 = i32x4.shuffle(c2, c3, 2, 6, 3, 7);
    // Columns 4-7 (DstPort, IcmpType, IcmpCode, Destination) -> row words 4-7.
    const c4 = v128.load(at + col * 4), c5 = v128.load(at + col * 5), c6 = v128.load(at + col * 6), c7 = v128.load(at + col * 7);
    const a45 = i32x4.shuffle(c4, c5, 0, 4, 1, 5), b45 = i32x4.shuffle(c4, c5, 2, 6, 3, 7);
    const a67 = i32x4.shuffle(c6, c7, 0, 4, 1, 5), b67 = i32x4.shuffle(c6, c7, 2, 6, 3, 7);
    const places = v128.load(keys + (<usize>i << 2));
    const from = src + (<usize>(first + i) << 4);
    copyRow(rows + <usize>i32x4.extract_lane(places, 0) * rowBytes, i64x2.shuffle(a01, a23, 0, 2), i64x2.shuffle(a45, a67, 0, 2), from, col);
    copyRow(rows + <usize>i32x4.extract_lane(places, 1) * rowBytes, i64x2.shuffle(a01, a23, 1, 3), i64x2.shuffle(a45, a67, 1, 3), from + 16, col);
    copyRow(rows + <usize>i32x4.extract_lane(places, 2) * rowBytes, i64x2.shuffle(b01, b23, 0, 2), i64x2.shuffle(b45, b67, 0, 2), from + 32, col);
    copyRow(rows + <usize>i32x4.extract_lane(places, 3) * rowBytes, i64x2.shuffle(b01, b23, 1, 3), i64x2.shuffle(b45, b67, 1, 3), from + 48, col);
  }
  // The last flows (fewer than four) a word at a time.
  for (; i < n; i++) {
    const at = flows + (<usize>(first + i) << 2);
    copyRow(rows + <usize>load<i32>(keys + (<usize>i << 2)) * rowBytes, columnWords(at, col), columnWords(at + col * 4, col), src + (<usize>(first + i) << 4), col);
  }
  return rows;
}

/** Row words 0-7 as two 16-byte halves, then the flow's source and destination addresses (at `src`, `src` + 4 col). */
// @ts-ignore: decorator
@inline function copyRow(row: usize, low: v128, high: v128, src: usize, col: usize): void {
  v128.store(row, low);
  v128.store(row, high, 16);
  v128.store(row, v128.load(src), FlowColumn.Src << 2);
  v128.store(row, v128.load(src + col * 4), FlowColumn.Dst << 2);
}

/** One flow's words of four consecutive scalar columns from `at` (`col` bytes apart), as one v128. */
// @ts-ignore: decorator
@inline function columnWords(at: usize, col: usize): v128 {
  let v = i32x4.splat(load<i32>(at));
  v = i32x4.replace_lane(v, 1, load<i32>(at + col));
  v = i32x4.replace_lane(v, 2, load<i32>(at + col * 2));
  return i32x4.replace_lane(v, 3, load<i32>(at + col * 3));
}
