// The order a verdict batch is walked in. Flows are independent (each has its own conntrack
// generation, docs/engine-abi.md), so an untraced batch may be walked in any order while each verdict
// still lands at its flow's own index. Walking the flows from one VPC together keeps that VPC's ENIs,
// subnets, route tables, network ACLs, security group rules and address index table in cache from
// one flow to the next, instead of fetching them from memory for nearly every flow of a fleet-wide
// batch.
//
// A counting sort by source VPC: one pass counts, one pass copies each flow's columns into a 64-byte row
// at its sorted place (reading the columns in order and writing rows), so the walk then reads its
// flows sequentially too. Row: the FlowColumn words in FlowColumn order (16 words, one cache line); the
// input index of row k is word k of a separate array (sortedIndexes).
// The VPC of each ENI comes from a compact table (4 bytes per ENI, built once per loaded image), not
// from the ENI's 64-byte record: on a fleet-wide batch that record is a cache miss for nearly every
// flow, and the walk reads it again only much later, when the flow's turn comes.
import { FlowColumn, Origin } from '../abi/batch';
import { EniField, Section } from '../abi/image';
import { AddressScope, Public4Field } from '../abi/image-addresses';
import { addressIndexFind } from './address-index';
import { field, imageGeneration, record, recordCount } from './image';
import { arenaAlloc, scratchReserve } from './memory';

/** Words per row: the flow's FlowColumn words (a 64-byte row while FlowColumn.Stride is 16). */
export const ROW_WORDS: i32 = FlowColumn.Stride;

/** The input index of each row of the last sortedRows(), i32 per row (scratch memory, like the rows). */
export let sortedIndexes: usize = 0;

/** i32 per ENI: its VPC, or `vpcs` when it has none; for the image of imageGeneration `tableFor`. */
let vpcTable: usize = 0;
let tableFor: u32 = 0;

/** The ENI -> VPC table of the loaded image, built on first use after each imageLoad(). */
function eniVpcs(enis: i32, vpcs: i32): usize {
  if (vpcTable != 0 && tableFor == imageGeneration) return vpcTable;
  // The old table (if any) belonged to an earlier image; the arena reclaims it at engineReset().
  vpcTable = arenaAlloc(<usize>max<i32>(enis, 1) << 2);
  for (let e = 0; e < enis; e++) {
    const v = field(record(Section.Eni, EniField.Stride, e), EniField.Vpc);
    store<i32>(vpcTable + (<usize>e << 2), v >= 0 && v < vpcs ? v : vpcs);
  }
  tableFor = imageGeneration;
  return vpcTable;
}

/** The VPC of ENI `e` (through the table), or `vpcs` when there is none; never above `vpcs` (a group). */
// @ts-ignore: decorator
@inline function vpcOf(table: usize, e: i32, enis: i32, vpcs: i32): i32 {
  return e >= 0 && e < enis ? <i32>min<u32>(load<u32>(table + (<usize>e << 2)), <u32>vpcs) : vpcs;
}

/**
 * The VPC a flow's records cluster around: its source ENI's; for an internet client, that of the ENI
 * owning the public IPv4 it sends to (GW-3); else `vpcs` (on premises, or nothing found), walked last.
 */
// @ts-ignore: decorator
@inline function clusterOf(table: usize, flows: usize, col: usize, i: i32, enis: i32, vpcs: i32): i32 {
  const at = <usize>i << 2;
  const o = load<i32>(flows + col * FlowColumn.Origin + at);
  if (o >= 0) return vpcOf(table, o, enis, vpcs);
  if (o != Origin.Internet || load<i32>(flows + col * FlowColumn.Family + at) != 4) return vpcs;
  const r = addressIndexFind(AddressScope.Public, load<u32>(flows + col * FlowColumn.Dst + (at << 2)));
  if (r < 0) return vpcs;
  return vpcOf(table, field(record(Section.Public4, Public4Field.Stride, r), Public4Field.Eni), enis, vpcs);
}

/**
 * Flows first .. first+n-1 of the batch at `flows` (FlowColumn columns of `col` bytes) as
 * ROW_WORDS-word rows grouped by clusterOf, in input order within a group. In scratch memory: valid
 * until its next user.
 */
export function sortedRows(flows: usize, col: usize, first: i32, n: i32): usize {
  const enis = recordCount(Section.Eni);
  const vpcs = recordCount(Section.Vpc);
  const table = eniVpcs(enis, vpcs);
  const groups = <usize>vpcs + 1;
  const rowBytes = <usize>ROW_WORDS << 2;
  // Rows on cache-line boundaries: one line per flow.
  const rows = (scratchReserve(<usize>n * rowBytes + (<usize>n << 3) + ((groups + 1) << 2) + 64) + 63) & ~(<usize>63);
  const keys = rows + <usize>n * rowBytes;
  sortedIndexes = keys + (<usize>n << 2);
  const starts = sortedIndexes + (<usize>n << 2);
  memory.fill(starts, 0, (groups + 1) << 2);
  for (let i = 0; i < n; i++) {
    const key = clusterOf(table, flows, col, first + i, enis, vpcs);
    store<i32>(keys + (<usize>i << 2), key);
    const c = starts + (<usize>(key + 1) << 2);
    store<i32>(c, load<i32>(c) + 1);
  }
  for (let g: usize = 1; g <= groups; g++) {
    const c = starts + (g << 2);
    store<i32>(c, load<i32>(c) + load<i32>(c - 4));
  }
  for (let i = 0; i < n; i++) {
    const c = starts + (<usize>load<i32>(keys + (<usize>i << 2)) << 2);
    const place = load<i32>(c);
    store<i32>(c, place + 1);
    const row = rows + <usize>place * rowBytes;
    const at = <usize>(first + i) << 2;
    // The scalar words, one per column (written out: a loop over them cost as much as the rest of the sort).
    let word = flows + at;
    store<i32>(row, load<i32>(word), FlowColumn.Origin << 2); word += col;
    store<i32>(row, load<i32>(word), FlowColumn.Family << 2); word += col;
    store<i32>(row, load<i32>(word), FlowColumn.Protocol << 2); word += col;
    store<i32>(row, load<i32>(word), FlowColumn.SrcPort << 2); word += col;
    store<i32>(row, load<i32>(word), FlowColumn.DstPort << 2); word += col;
    store<i32>(row, load<i32>(word), FlowColumn.IcmpType << 2); word += col;
    store<i32>(row, load<i32>(word), FlowColumn.IcmpCode << 2); word += col;
    store<i32>(row, load<i32>(word), FlowColumn.Destination << 2);
    // Addresses: four words per flow in their columns.
    const src = flows + col * FlowColumn.Src + (at << 2);
    const dst = src + col * 4;
    store<u64>(row, load<u64>(src), FlowColumn.Src << 2);
    store<u64>(row, load<u64>(src, 8), (FlowColumn.Src << 2) + 8);
    store<u64>(row, load<u64>(dst), FlowColumn.Dst << 2);
    store<u64>(row, load<u64>(dst, 8), (FlowColumn.Dst << 2) + 8);
    store<i32>(sortedIndexes + (<usize>place << 2), first + i);
  }
  return rows;
}
