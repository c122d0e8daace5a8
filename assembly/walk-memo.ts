// The verdict memo of untraced batches (issue 18): a flow whose key was walked before in the same
// epoch gets the verdict stored then, without a walk.
//
// The key is the flow itself (every FlowColumn word) with one coarsening: the source port stands for
// its elementary interval of the port line, cut at every bound of a port range in the image (NACL
// entries, security group rules, Network Firewall stateless values and stateful rule ports) and at
// 1024. Why two flows with equal keys get equal verdicts: within one flow's walk, the source port
// (the response's destination port after the swap, TRACE-3) is only
//   - compared with port ranges of the image (rules.ts, network-firewall.ts): the same outcome for
//     every port of one interval, by the cuts;
//   - raised by 1024 when below 1024 (GW-8, nat-gateway.ts): ports below 1024 are keyed exactly;
//   - compared for equality with the flow's other port values in connection tracking (conntrack.ts
//     keys, NAT's restored port): the destination port d and d + 1024 (a reply's source port after
//     GW-8) are one-port intervals of their own in the flow's key, so equal keys agree on equality;
//   - hashed by the transit gateway's appliance flow hash (TGW-12): keyed exactly when the image has
//     a transit gateway;
//   - written into hop records: the memo serves untraced batches only.
// Everything else a walk reads is the image and the batch's settings, so an epoch lasts while the
// image (imageGeneration), the simulated time, the response delay and allBlocking stay the same.
// Batches with a down set do not use the memo (walk-batch.ts): their down sets may differ from batch
// to batch, and a new epoch per batch would only pay for probes. Flows never share state (each has
// its own conntrack generation), so the order flows are walked in does not matter either.
//
// The table is direct-mapped (a new key overwrites its slot): 2^15 slots of 64 bytes, 14 key words,
// the epoch (0 = empty) and the verdict. A memo that does not hit costs a hash and a probe per flow,
// so it watches itself: after PROBE_FLOWS lookups with fewer than 1 in MIN_HIT_SHARE hits it rests
// for REST_FLOWS flows (walks them without it), then probes again. Whether a flow is looked up never
// changes its verdict, only the time.
import { FlowColumn } from '../abi/batch';
import { FwStatefulRuleField, FwValueField } from '../abi/image-firewall';
import { NaclEntryField, Section } from '../abi/image';
import { SgRuleField } from '../abi/image-security-groups';
import { field, imageGeneration, record, recordCount } from './image';
import { arenaAlloc, scratchReserve } from './memory';

const SLOT_BITS: i32 = 15;
const SLOT_BYTES: usize = 64;
/** Key words in a slot, then the epoch and the verdict. */
const KEY_WORDS: i32 = 14;
const EPOCH_AT: usize = <usize>KEY_WORDS << 2;
const VERDICT_AT: usize = EPOCH_AT + 4;

const PROBE_FLOWS: u32 = 4096;
const MIN_HIT_SHARE: u32 = 16;
const REST_FLOWS: u32 = 1 << 17;
/** Marks a source port key as an interval start (exact ports are 0..65535). */
const INTERVAL: u32 = 1 << 20;

let table: usize = 0;
let epoch: u32 = 0;
/** The settings of the current epoch; `epochOpen` false: none yet (or forgotten). */
let epochGeneration: u32 = 0;
let epochTime: f64 = 0;
let epochAfter: f64 = 0;
let epochAllBlocking: bool = false;
let epochOpen: bool = false;

/** Sorted cuts of the port line (u32, the first 0, the last 65536) of image generation `cutsFor`. */
let cuts: usize = 0;
let cutCount: i32 = 0;
let cutsFor: u32 = 0;
/** The image has a transit gateway: source ports are keyed exactly (TGW-12's flow hash reads them). */
let exactPorts: bool = false;

/** Lookups and hits since the last walkMemoForget(), for the bench and tests. */
export let memoLookups: f64 = 0;
export let memoHits: f64 = 0;
/** Lookups and hits of the current probe; flows left to rest. */
let probeLookups: u32 = 0;
let probeHits: u32 = 0;
let resting: u32 = 0;

// The key of the flow being looked up, and its slot (0: nothing to store).
let k0: u32 = 0; let k1: u32 = 0; let k2: u32 = 0; let k3: u32 = 0; let k4: u32 = 0; let k5: u32 = 0; let k6: u32 = 0;
let k7: u32 = 0; let k8: u32 = 0; let k9: u32 = 0; let k10: u32 = 0; let k11: u32 = 0; let k12: u32 = 0; let k13: u32 = 0;
let pending: usize = 0;

/**
 * An untraced batch with nothing down begins with these settings (walkBatch's): opens a new epoch
 * unless they are the current one's, and builds the port cuts of a new image.
 */
export function memoBegin(time: f64, after: f64, allBlocking: bool): void {
  if (table == 0) table = arenaAlloc(<usize>SLOT_BYTES << SLOT_BITS);
  if (cuts == 0 || cutsFor != imageGeneration) buildCuts();
  const same = epochOpen && epochGeneration == imageGeneration && epochTime == time && epochAfter == after && epochAllBlocking == allBlocking;
  if (same) return;
  epoch++;
  if (epoch == 0) {
    memory.fill(table, 0, <usize>SLOT_BYTES << SLOT_BITS);
    epoch = 1;
  }
  epochGeneration = imageGeneration;
  epochTime = time;
  epochAfter = after;
  epochAllBlocking = allBlocking;
  epochOpen = true;
  probeLookups = 0;
  probeHits = 0;
  resting = 0;
}

/**
 * Whether the memo looks the next flow up (memoFind, then memoStore): false while it rests, counting
 * the flow. Asked by the batch loop, so a resting memo costs a flow one test and no calls.
 */
// @ts-ignore: decorator
@inline export function memoAwake(): bool {
  if (resting == 0) return true;
  resting--;
  return false;
}

/**
 * The stored verdict of the flow whose Origin word is at `p` (other scalar words `stride` bytes apart,
 * addresses at `src` and `dst`), or -1: then walk it and hand the verdict to memoStore(). Only when
 * memoAwake().
 */
export function memoFind(p: usize, stride: usize, src: usize, dst: usize): i32 {
  pending = 0;
  const family = load<i32>(p + stride * FlowColumn.Family);
  const protocol = load<i32>(p + stride * FlowColumn.Protocol);
  const srcPort = load<i32>(p + stride * FlowColumn.SrcPort);
  const dstPort = load<i32>(p + stride * FlowColumn.DstPort);
  const icmpType = load<i32>(p + stride * FlowColumn.IcmpType);
  const icmpCode = load<i32>(p + stride * FlowColumn.IcmpCode);
  // Two values to a word where each fits 16 bits (they always do for a valid flow); else no memo.
  if (<u32>family > 0xffff || !fits16(protocol) || !fits16(icmpType) || !fits16(icmpCode) || <u32>srcPort > 0xffff) return -1;
  k0 = load<u32>(p + stride * FlowColumn.Origin);
  k1 = load<u32>(p + stride * FlowColumn.Destination);
  k2 = <u32>family | (<u32>protocol << 16);
  k3 = sourcePortKey(srcPort, dstPort);
  k4 = <u32>dstPort;
  k5 = (<u32>icmpType & 0xffff) | (<u32>icmpCode << 16);
  k6 = load<u32>(src); k7 = load<u32>(src, 4); k8 = load<u32>(src, 8); k9 = load<u32>(src, 12);
  k10 = load<u32>(dst); k11 = load<u32>(dst, 4); k12 = load<u32>(dst, 8); k13 = load<u32>(dst, 12);
  const slot = table + (<usize>slotOf() << 6);
  probeLookups++;
  memoLookups++;
  if (load<u32>(slot, EPOCH_AT) == epoch && keyAt(slot)) {
    probeHits++;
    memoHits++;
    probe();
    return load<i32>(slot, VERDICT_AT);
  }
  pending = slot;
  probe();
  return -1;
}

/** The verdict of the flow memoFind() missed. */
export function memoStore(verdict: i32): void {
  const s = pending;
  if (s == 0) return;
  store<u32>(s, k0); store<u32>(s, k1, 4); store<u32>(s, k2, 8); store<u32>(s, k3, 12);
  store<u32>(s, k4, 16); store<u32>(s, k5, 20); store<u32>(s, k6, 24); store<u32>(s, k7, 28);
  store<u32>(s, k8, 32); store<u32>(s, k9, 36); store<u32>(s, k10, 40); store<u32>(s, k11, 44);
  store<u32>(s, k12, 48); store<u32>(s, k13, 52);
  store<u32>(s, epoch, EPOCH_AT);
  store<i32>(s, verdict, VERDICT_AT);
}

/** Forgets the table and the cuts (the engine's reset() reclaims the arena). */
export function memoForget(): void {
  table = 0;
  cuts = 0;
  cutCount = 0;
  epochOpen = false;
  memoLookups = 0;
  memoHits = 0;
}

// @ts-ignore: decorator
@inline function fits16(v: i32): bool {
  return v >= -32768 && v <= 32767;
}

/** End of a probe: rest when it hit too rarely, else probe on. */
// @ts-ignore: decorator
@inline function probe(): void {
  if (probeLookups < PROBE_FLOWS) return;
  if (probeHits * MIN_HIT_SHARE < probeLookups) resting = REST_FLOWS;
  probeLookups = 0;
  probeHits = 0;
}

/**
 * The source port's key: the first port of its interval marked INTERVAL, or the port itself when it
 * must be exact (see the header). The flow's destination port d and d + 1024 (d after GW-8) cut the
 * interval further, each into its own one-port interval: equal keys then agree on p == d and p == d + 1024.
 */
function sourcePortKey(port: i32, dstPort: i32): u32 {
  if (exactPorts || port < 1024) return <u32>port;
  // The interval holding the port: cuts[lo] <= port < cuts[hi], hi = lo + 1.
  let lo = 0;
  let hi = cutCount - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (<i32>load<u32>(cuts + (<usize>mid << 2)) <= port) lo = mid;
    else hi = mid;
  }
  let first = <i32>load<u32>(cuts + (<usize>lo << 2));
  first = raise(first, port, dstPort);
  first = raise(first, port, dstPort + 1);
  first = raise(first, port, dstPort + 1024);
  first = raise(first, port, dstPort + 1025);
  return <u32>first | INTERVAL;
}

/** The interval's first port once cut at `c` too. */
// @ts-ignore: decorator
@inline function raise(first: i32, port: i32, c: i32): i32 {
  return c > first && c <= port ? c : first;
}

/** Does the key at `s` equal the flow's? */
// @ts-ignore: decorator
@inline function keyAt(s: usize): bool {
  return ((load<u32>(s) ^ k0) | (load<u32>(s, 4) ^ k1) | (load<u32>(s, 8) ^ k2) | (load<u32>(s, 12) ^ k3)
    | (load<u32>(s, 16) ^ k4) | (load<u32>(s, 20) ^ k5) | (load<u32>(s, 24) ^ k6) | (load<u32>(s, 28) ^ k7)
    | (load<u32>(s, 32) ^ k8) | (load<u32>(s, 36) ^ k9) | (load<u32>(s, 40) ^ k10) | (load<u32>(s, 44) ^ k11)
    | (load<u32>(s, 48) ^ k12) | (load<u32>(s, 52) ^ k13)) == 0;
}

// @ts-ignore: decorator
@inline function mix(h: u64, lo: u32, hi: u32): u64 {
  const x = (h ^ (<u64>lo | (<u64>hi << 32))) * 0x9e3779b97f4a7c15;
  return x ^ (x >> 29);
}

/** The key's slot number. */
function slotOf(): u32 {
  let h: u64 = 0x243f6a8885a308d3;
  h = mix(h, k0, k1);
  h = mix(h, k2, k3);
  h = mix(h, k4, k5);
  h = mix(h, k6, k7);
  h = mix(h, k8, k9);
  h = mix(h, k10, k11);
  h = mix(h, k12, k13);
  return <u32>((h * 0xbf58476d1ce4e5b9) >> (64 - SLOT_BITS));
}

/** The port line's cuts for the loaded image: a bitmap of 65,537 bits, then the set bits in order. */
function buildCuts(): void {
  // The bitmap in scratch memory (no batch uses it yet: memoBegin runs before the batch's rows are sorted).
  const bitmapBytes = <usize>((65537 + 31) >>> 5) << 2;
  const bits = scratchReserve(bitmapBytes);
  memory.fill(bits, 0, bitmapBytes);
  cut(bits, 0);
  cut(bits, 1024);
  cut(bits, 65536);
  let n = recordCount(Section.NaclEntry);
  for (let i = 0; i < n; i++) {
    const e = record(Section.NaclEntry, NaclEntryField.Stride, i);
    range(bits, field(e, NaclEntryField.From), field(e, NaclEntryField.To));
  }
  n = recordCount(Section.SgRule);
  for (let i = 0; i < n; i++) {
    const r = record(Section.SgRule, SgRuleField.Stride, i);
    range(bits, field(r, SgRuleField.From), field(r, SgRuleField.To));
  }
  // Stateless rules' values hold protocols and ports alike: extra cuts only make intervals smaller.
  n = recordCount(Section.FwValue);
  for (let i = 0; i < n; i++) {
    const v = record(Section.FwValue, FwValueField.Stride, i);
    range(bits, field(v, FwValueField.From), field(v, FwValueField.To));
  }
  n = recordCount(Section.FwStatefulRule);
  for (let i = 0; i < n; i++) {
    const r = record(Section.FwStatefulRule, FwStatefulRuleField.Stride, i);
    range(bits, field(r, FwStatefulRuleField.SourcePortFrom), field(r, FwStatefulRuleField.SourcePortTo));
    range(bits, field(r, FwStatefulRuleField.DestinationPortFrom), field(r, FwStatefulRuleField.DestinationPortTo));
  }
  let count = 0;
  for (let c = 0; c <= 65536; c++) if (isCut(bits, c)) count++;
  // The old list (if any) belonged to an earlier image; the arena reclaims it at engineReset().
  cuts = arenaAlloc(<usize>count << 2);
  cutCount = count;
  let at = cuts;
  for (let c = 0; c <= 65536; c++) {
    if (!isCut(bits, c)) continue;
    store<u32>(at, c);
    at += 4;
  }
  exactPorts = recordCount(Section.TransitGateway) > 0;
  cutsFor = imageGeneration;
}

/** Cuts before `from` and after `to` (a port range [from, to]; values outside 0..65535 are clamped). */
// @ts-ignore: decorator
@inline function range(bits: usize, from: i32, to: i32): void {
  cut(bits, min<i32>(max<i32>(from, 0), 65536));
  cut(bits, min<i32>(max<i32>(to + 1, 0), 65536));
}

// @ts-ignore: decorator
@inline function cut(bits: usize, c: i32): void {
  const w = bits + (<usize>(c >>> 5) << 2);
  store<u32>(w, load<u32>(w) | (<u32>1 << (c & 31)));
}

// @ts-ignore: decorator
@inline function isCut(bits: usize, c: i32): bool {
  return (load<u32>(bits + (<usize>(c >>> 5) << 2)) & (<u32>1 << (c & 31))) != 0;
}
