// The grouped walk's look-ahead (walk-batch.ts): a VPC's records are read into the caches before its
// flows walk. Grouped by source, a fleet-wide batch visits each VPC once, so the first flows of a VPC
// find its ENIs, subnets, routes, ACL entries, rules, address tables and public address slots in
// memory, one dependent miss after another (~0.8 a flow at 1,000 VPCs, bench/profile/README.md, session 16). Loading one
// word of each of those lines a few VPCs ahead makes the misses independent of each other and of the
// walk, so they overlap, at a few instructions per line.
//
// Which lines: per loaded image, each VPC's list of the cache lines its records occupy in the sections
// its flows read (listVpcRecords), built once on first use. A list, not a range per section: the compiler
// writes records in model order, where a VPC's records mostly lie together but not always (a generated
// fleet lists every VPC's instances, then every NAT gateway's ENI), and a range would span other VPCs'.
import { EniDetailField, EniField, NaclEntryField, NaclField, Section, SubnetField } from '../abi/image';
import { RouteField, RouteTableField } from '../abi/image-routes';
import { AddressIndexField, AddressIndexScopeField, Public4Field } from '../abi/image-addresses';
import { EniRuleField, SecurityGroupField, SgRuleField } from '../abi/image-security-groups';
import { FlowColumn } from '../abi/batch';
import { ROW_WORDS } from './batch-order';
import { field, imageBase, imageBytes, imageGeneration, record, recordCount } from './image';
import { arenaAlloc, scratchReserve } from './memory';

/** At most this many lines are warmed for one VPC (a huge VPC: its first ones). */
const MAX_VPC_LINES: u32 = 2048;

/** Per VPC: the index of its first line in `lines`; one more entry ends the last VPC's. */
let firsts: usize = 0;
/**
 * The lines of each VPC's records, VPC by VPC: line numbers (image offset / 64) while listVpcRecords fills them,
 * then their addresses (the image stays where it is until the next load, which rebuilds the lists).
 */
let lines: usize = 0;
let builtFor: u32 = 0;
// While building (scratch memory): per image line, 1 + the VPC that listed it last (no line twice in a
// row for a VPC); per VPC, its count of lines (counting) or its next place in `lines` (filling).
let marks: usize = 0;
let cursors: usize = 0;
/** Counting pass (no lines stored) or filling pass. */
let filling = false;
/** Sink for the warm-up loads, so the optimizer keeps them. */
let warmed: i32 = 0;
/** VPCs warmed since the engine's last reset() (tests). */
let vpcsWarmed: u32 = 0;

/**
 * Builds the line lists of the loaded image unless they are built; call before anything else takes
 * the scratch region (batch-order.ts's rows), which the build uses for its marks.
 */
export function warmVpcPrepare(): void {
  if (firsts != 0 && builtFor == imageGeneration) return;
  const vpcs = recordCount(Section.Vpc);
  const imageLines = (imageBytes() + 63) >>> 6;
  const listsBytes = (<usize>vpcs + 1) << 2;
  marks = scratchReserve((imageLines << 2) + listsBytes);
  cursors = marks + (imageLines << 2);
  // The old lists (if any) belonged to an earlier image; the arena reclaims them at engineReset().
  firsts = arenaAlloc(listsBytes);
  // Counting pass: each VPC's lines in its cursor; then first places; then the same walk fills them.
  filling = false;
  memory.fill(marks, 0, (imageLines << 2) + listsBytes);
  listVpcRecords(vpcs);
  let sum: u32 = 0;
  for (let v = 0; v <= vpcs; v++) {
    const at = <usize>v << 2;
    store<u32>(firsts + at, sum);
    if (v < vpcs) sum += min<u32>(load<u32>(cursors + at), MAX_VPC_LINES);
  }
  lines = arenaAlloc(<usize>max<u32>(sum, 1) << 2);
  filling = true;
  memory.fill(marks, 0, imageLines << 2);
  memory.copy(cursors, firsts, listsBytes);
  listVpcRecords(vpcs);
  // Line numbers -> addresses (what warmVpc loads from, one add fewer a line there).
  const base = imageBase();
  for (let p = lines, end = lines + (<usize>sum << 2); p < end; p += 4) store<u32>(p, <u32>(base + (<usize>load<u32>(p) << 6)));
  builtFor = imageGeneration;
}

/** Lists the lines of every VPC's records (counting or filling, as `filling` says). */
function listVpcRecords(vpcs: i32): void {
  const enis = recordCount(Section.Eni);
  for (let e = 0; e < enis; e++) {
    const rec = record(Section.Eni, EniField.Stride, e);
    const v = field(rec, EniField.Vpc);
    if (<u32>v >= <u32>vpcs) continue;
    listRecords(v, Section.Eni, EniField.Stride, e, 1);
    listRecords(v, Section.EniDetail, EniDetailField.Stride, e, 1);
    const first = field(rec, EniField.IngressStart);
    const count = field(rec, EniField.IngressCount) + field(rec, EniField.EgressCount);
    listRecords(v, Section.EniRule, EniRuleField.Stride, first, count);
    if (first < 0 || first + count > recordCount(Section.EniRule)) continue;
    for (let k = first; k < first + count; k++) {
      listRecords(v, Section.SgRule, SgRuleField.Stride, field(record(Section.EniRule, EniRuleField.Stride, k), EniRuleField.Rule), 1);
    }
  }
  const subnets = recordCount(Section.Subnet);
  for (let s = 0; s < subnets; s++) {
    const rec = record(Section.Subnet, SubnetField.Stride, s);
    const v = field(rec, SubnetField.Vpc);
    if (<u32>v >= <u32>vpcs) continue;
    listRecords(v, Section.Subnet, SubnetField.Stride, s, 1);
    const rt = field(rec, SubnetField.RouteTable);
    if (<u32>rt < <u32>recordCount(Section.RouteTable)) {
      const t = record(Section.RouteTable, RouteTableField.Stride, rt);
      listRecords(v, Section.Route, RouteField.Stride, field(t, RouteTableField.Route4Start), field(t, RouteTableField.Route4Count));
    }
    const nacl = field(rec, SubnetField.Nacl);
    if (<u32>nacl < <u32>recordCount(Section.Nacl)) {
      const a = record(Section.Nacl, NaclField.Stride, nacl);
      listRecords(v, Section.NaclEntry, NaclEntryField.Stride, field(a, NaclField.Ingress4Start), field(a, NaclField.Ingress4Count));
      listRecords(v, Section.NaclEntry, NaclEntryField.Stride, field(a, NaclField.Egress4Start), field(a, NaclField.Egress4Count));
    }
  }
  // GW-3: the Public4 slots of the VPC's public addresses (an internet client's flow reads its slot).
  const slots = recordCount(Section.Public4);
  for (let k = 0; k < slots; k++) {
    const e = field(record(Section.Public4, Public4Field.Stride, k), Public4Field.Eni);
    if (<u32>e >= <u32>enis) continue;
    const v = field(record(Section.Eni, EniField.Stride, e), EniField.Vpc);
    if (<u32>v < <u32>vpcs) listRecords(v, Section.Public4, Public4Field.Stride, k, 1);
  }
  for (let v = 0; v < vpcs; v++) listScopeTable(v, v);
  // SG-4: the member tables of the VPC's groups (their scopes follow the VPCs' in AddressIndexScope).
  const groups = recordCount(Section.SecurityGroup);
  for (let g = 0; g < groups; g++) {
    const v = field(record(Section.SecurityGroup, SecurityGroupField.Stride, g), SecurityGroupField.Vpc);
    if (<u32>v < <u32>vpcs) listScopeTable(v, vpcs + g);
  }
}

/** Lists the lines of the AddressIndex4 table of scope `scope` (VPCs, then groups) for VPC `v`. */
function listScopeTable(v: i32, scope: i32): void {
  if (<u32>scope >= <u32>recordCount(Section.AddressIndexScope)) return;
  const t = record(Section.AddressIndexScope, AddressIndexScopeField.Stride, scope);
  const mask = field(t, AddressIndexScopeField.Mask);
  if (mask >= 0) listRecords(v, Section.AddressIndex4, AddressIndexField.Stride, field(t, AddressIndexScopeField.Start), mask + 1);
}

/** Lists the lines of records first .. first+count-1 of section `s` for VPC `v` (nothing outside the section). */
function listRecords(v: i32, s: i32, stride: i32, first: i32, count: i32): void {
  if (count <= 0 || first < 0 || first + count > recordCount(s)) return;
  const base = imageBase();
  const from = <u32>((record(s, stride, first) - base) >>> 6);
  const to = <u32>((record(s, stride, first + count) - base + 63) >>> 6);
  const tag = v + 1;
  const cursor = cursors + (<usize>v << 2);
  for (let line = from; line < to; line++) {
    const mark = marks + (<usize>line << 2);
    if (load<i32>(mark) == tag) continue;
    store<i32>(mark, tag);
    const place = load<u32>(cursor);
    store<u32>(cursor, place + 1);
    // Filling: stored unless the VPC's list is full (it ends at the next VPC's first place).
    if (filling && place < load<u32>(firsts + (<usize>(v + 1) << 2))) store<u32>(lines + (<usize>place << 2), line);
  }
}

/**
 * How far ahead of the walk (in sorted rows) the grouped loop warms a VPC's records, and how often it
 * looks: 1,024 rows are about five VPCs of the bench's mix (~200 flows a VPC), so records arrive well
 * before their flows and stay cached until then (a VPC's lines are ~15 KB); 128 / 256 / 512 rows
 * gained less (bench/profile/README.md, session 16). A VPC with fewer than WARM_MIN_ROWS flows left
 * in the window is not warmed: its few flows would read a fraction of the lines warmed.
 */
const WARM_AHEAD_ROWS: i32 = 1024;
/**
 * Images larger than this are warmed. Smaller ones stay in the L3 cache between batches here (32 MB,
 * shared with the batch's own rows): at 100 VPCs (1.9 MB) warming cost 2-8%, at 300 VPCs (5.6 MB) it
 * gained 2%, at 1,000 (18.9 MB) 31% (bench/profile/README.md, session 16).
 */
const WARM_IMAGE_BYTES: usize = 4 << 20;
/** How often (in sorted rows) the grouped loop asks warmAhead. */
export const WARM_EVERY_ROWS: i32 = 16;
const WARM_MIN_ROWS: i32 = 32;

/** The VPC of the source ENI of the row at `row`, or -1 (an internet client, on premises, an unknown ENI). */
// @ts-ignore: decorator
@inline function sourceVpcOfRow(row: usize): i32 {
  const origin = load<i32>(row, FlowColumn.Origin << 2);
  if (<u32>origin >= <u32>recordCount(Section.Eni)) return -1;
  return field(record(Section.Eni, EniField.Stride, origin), EniField.Vpc);
}

/** Whether the grouped loop warms VPCs ahead of their flows on the loaded image. */
export function warmVpcsWanted(): bool {
  return imageBytes() > WARM_IMAGE_BYTES;
}

/**
 * At sorted row `k` of `m` at `rows` (batch-order.ts's rows): warms the records of the source VPC of the
 * row WARM_AHEAD_ROWS ahead (or the last row) when it is not `last` and has at least WARM_MIN_ROWS rows
 * from there; returns the VPC looked at last.
 */
export function warmAhead(rows: usize, k: i32, m: i32, last: i32): i32 {
  const rowBytes = <usize>ROW_WORDS << 2;
  const j = min<i32>(k + WARM_AHEAD_ROWS, m - 1);
  const v = sourceVpcOfRow(rows + <usize>j * rowBytes);
  // Internet clients' rows sit among the flows of the VPC they reach: its source rows warm it.
  if (v < 0 || v == last) return last;
  const far = j + WARM_MIN_ROWS;
  if (far < m && sourceVpcOfRow(rows + <usize>far * rowBytes) == v) warmVpc(v);
  return v;
}

/** Loads one word of every line of VPC `v`'s records (nothing for a VPC the image does not have). */
export function warmVpc(v: i32): void {
  if (<u32>v >= <u32>recordCount(Section.Vpc)) return;
  let sink = warmed;
  let p = lines + (<usize>load<u32>(firsts + (<usize>v << 2)) << 2);
  const end = lines + (<usize>load<u32>(firsts + (<usize>(v + 1) << 2)) << 2);
  // Two lines a turn (one test for both), an odd one first.
  if ((end - p) & 4) {
    sink ^= load<i32>(load<u32>(p));
    p += 4;
  }
  for (; p < end; p += 8) sink ^= load<i32>(load<u32>(p)) ^ load<i32>(load<u32>(p, 4));
  warmed = sink;
  vpcsWarmed++;
}

/** How many times warmVpc has warmed a VPC since the engine's last reset() (tests). */
export function warmVpcCount(): u32 {
  return vpcsWarmed;
}

/** The number of lines warmVpc loads for VPC `v`, and (k >= 0) its k-th line as an image byte offset (tests). */
export function warmVpcLine(v: i32, k: i32): i32 {
  warmVpcPrepare();
  if (<u32>v >= <u32>recordCount(Section.Vpc)) return -1;
  const first = load<u32>(firsts + (<usize>v << 2));
  const count = <i32>(load<u32>(firsts + (<usize>(v + 1) << 2)) - first);
  if (k < 0) return count;
  if (k >= count) return -1;
  return <i32>(<usize>load<u32>(lines + (<usize>(first + <u32>k) << 2)) - imageBase());
}

/** Forgets the lists (engineReset() reclaims their memory). */
export function warmVpcForget(): void {
  vpcsWarmed = 0;
  firsts = 0;
  lines = 0;
  builtFor = 0;
}
