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
// Most walks never let the source port decide anything: a walk records whether it may have
// (packet.ts sourcePortRead: the response's destination port against network ACL entries past their
// shortcut or against security group rules, a Network Firewall, the transit gateway's flow hash), and
// one that did not is stored under ANY_PORT, for every source port of 1024 or more but d and d + 1024
// (the equality tests above); one that did stores DEPENDS_ON_PORT there and its verdict under the
// interval key. So a conversation repeated with fresh ephemeral ports, or a query's source-port
// intervals (trace --flows), meet one entry (test/walk-memo-readers.test.ts: each reader alone).
// Everything else a walk reads is the image and the batch's settings, so an epoch lasts while the
// image (imageGeneration), the simulated time, the response delay and allBlocking stay the same.
// Batches with a down set do not use the memo (walk-batch.ts): their down sets may differ from batch
// to batch, and a new epoch per batch would only pay for probes. Flows never share state (each has
// its own conntrack generation), so the order flows are walked in does not matter either.
//
// The key's words: the flow's FlowColumn words, two 16-bit values to a half where they fit (family
// and protocol, ICMP type and code); a flow whose family, ports, protocol or ICMP values do not fit is
// walked without a lookup. The source port's interval comes from a block table (the interval of each
// 256-port block's first port, then the cuts inside the block up to the port: one load and one
// compare for most ports) and the flow's own cuts as the last one at or below the port.
//
// The table is direct-mapped (a new key overwrites its slot): 2^SLOT_BITS slots of 64 bytes, one
// cache line each: the key (7 u64), the epoch (0 = empty) and the verdict. A miss writes the key into
// its slot at once and memoStore() the epoch and verdict after the walk (nothing looks the table up
// in between). A grouped batch uses only the first 2^GROUPED_SLOT_BITS slots (256 KB): its flows come
// grouped by source ENI, so a repeated flow meets its key within its group, and the slots its misses
// write stay in L2 beside the image instead of pushing it out; a key stored under the other size is
// not found (a miss, never a wrong verdict). A memo that does not hit costs a hash and a probe per
// flow, so it watches itself: after PROBE_FLOWS lookups with fewer than 1 in MIN_HIT_SHARE hits it rests
// for REST_FLOWS flows (walks them without it), then probes again; in input order, where a repeat may
// come tens of thousands of flows later, it samples every SAMPLE_EVERY-th flow of a rest (a lookup
// that stores nothing) and wakes when SAMPLE_FLOWS samples hit 1 in MIN_HIT_SHARE. Whether a flow is looked up never
// changes its verdict, only the time. Costs (callgrind, bench/profile/README.md "The verdict memo's
// cost"): a hit ~140 instructions (was ~400 with a binary search over the cuts, 14 words kept in
// globals and a chain of 7 hash steps).
import { FlowColumn } from '../abi/batch';
import { imageGeneration } from './image';
import { arenaAlloc } from './memory';
import { forgetPortCuts, portCutsForImage, sourcePortKey } from './port-cuts';
import { clearSourcePortRead, sourcePortRead } from './packet';

const SLOT_BITS: i32 = 15;
/**
 * Slots a grouped batch uses (the table's first 2^GROUPED_SLOT_BITS): its flows come grouped by source
 * ENI (batch-order.ts), so a repeat meets its key within the group, and a table that stays in L2 serves.
 */
const GROUPED_SLOT_BITS: i32 = 12;
const SLOT_BYTES: usize = 64;
/** Key words (u64) in a slot: 56 bytes, then the epoch (u32) and the verdict (i32). */
const EPOCH_AT: usize = 56;

const PROBE_FLOWS: u32 = 4096;
const MIN_HIT_SHARE: u32 = 16;
const REST_FLOWS: u32 = 1 << 17;
/**
 * While resting in input order, every SAMPLE_EVERY-th flow is looked up without storing: SAMPLE_FLOWS
 * such samples hitting at least 1 in MIN_HIT_SHARE (repeats of keys stored before the rest) wake the memo.
 */
const SAMPLE_EVERY: u32 = 32;
const SAMPLE_FLOWS: u32 = 64;
/** The source port key of a flow stored for every source port its key allows (memoFind). */
const ANY_PORT: u32 = 2 << 20;
/** Stored under ANY_PORT: the walk read the source port, look up the port's interval. Not a verdict (0..255). */
const DEPENDS_ON_PORT: i32 = -2;

let table: usize = 0;
/** 64 minus the slot bits of the current batch (memoBegin). */
let slotShift: u64 = 64 - SLOT_BITS;
let epoch: u32 = 0;
/** The settings of the current epoch; `epochOpen` false: none yet (or forgotten). */
let epochGeneration: u32 = 0;
let epochTime: f64 = 0;
let epochAfter: f64 = 0;
let epochAllBlocking: bool = false;
let epochOpen: bool = false;

/** Lookups and hits before the current probe (memoLookups() adds the probe's own). */
let foldedLookups: f64 = 0;
let foldedHits: f64 = 0;
/** Lookups and hits of the current probe; flows left to rest. */
let probeLookups: u32 = 0;
let probeHits: u32 = 0;
let resting: u32 = 0;
/** The flow being looked up is a sample of a rest (memoAwake); samples and their hits since the last verdict. */
let sampling: bool = false;
let sampleLookups: u32 = 0;
let sampleHits: u32 = 0;

/** The slot memoFind() missed and wrote the flow's key into (0: nothing to store). */
let pending: usize = 0;
/** The slot memoFind() missed under ANY_PORT (0: none), and that flow's source port (its interval's key is made only if the walk read it). */
let pendingAny: usize = 0;
let pendingSrcPort: i32 = 0;

/**
 * An untraced batch with nothing down begins with these settings (walkBatch's): opens a new epoch
 * unless they are the current one's, and builds the port cuts of a new image.
 */
export function memoBegin(time: f64, after: f64, allBlocking: bool, grouped: bool): void {
  // A key stored under the other size is not found (a miss, never a wrong verdict).
  slotShift = 64 - (grouped ? GROUPED_SLOT_BITS : SLOT_BITS);
  // Slots on cache-line boundaries: a probe touches one line.
  if (table == 0) table = (arenaAlloc((<usize>SLOT_BYTES << SLOT_BITS) + SLOT_BYTES) + SLOT_BYTES - 1) & ~(SLOT_BYTES - 1);
  portCutsForImage();
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
  fold();
  resting = 0;
  sampleLookups = 0;
  sampleHits = 0;
}

/**
 * Flows the memo rests for from here (0: it looks the next flow up). The grouped loop of walkBatch
 * counts them down in a local and hands the rest back with memoRestFor(): a resting memo costs a flow
 * a decrement.
 */
// @ts-ignore: decorator
@inline export function memoRestLeft(): u32 {
  return resting;
}

// @ts-ignore: decorator
@inline export function memoRestFor(flows: u32): void {
  resting = flows;
}

/**
 * Whether the memo looks the next flow up (memoFind, then memoStore): while it rests, only every
 * SAMPLE_EVERY-th flow, as a sample. Asked by the input-order loop, so a resting memo costs most flows
 * one test and no calls. (Grouped batches meet their repeats within a source ENI's group, which a
 * probe sees: they do not sample.) In input order a repeat may come tens of thousands of flows later,
 * past a probe that found none.
 */
// @ts-ignore: decorator
@inline export function memoAwake(): bool {
  if (resting == 0) return true;
  resting--;
  if ((resting & (SAMPLE_EVERY - 1)) != 0) return false;
  sampling = true;
  return true;
}

/**
 * The stored verdict of the flow whose Origin word is at `p` (other scalar words `stride` bytes apart,
 * addresses at `src` and `dst`), or -1: then walk it and hand the verdict to memoStore(). Only when
 * memoAwake() (`samples`: the input-order loop, whose memoAwake() may have let a sample through) or
 * when the grouped loop's rest count is 0 (`samples` false: no sample code compiled in).
 *
 * A flow whose source port may stand for any (`anyPort`: 1024 or more, and neither the destination port
 * d nor d + 1024, which connection tracking may compare it with) is first looked up under ANY_PORT: a
 * walk that did not read its source port (packet.ts sourcePortRead) stored its verdict there for every
 * such port; one that did stored DEPENDS_ON_PORT there and its verdict under the port's interval.
 */
// @ts-ignore: decorator
@inline export function memoFind(p: usize, stride: usize, src: usize, dst: usize, samples: bool): i32 {
  pending = 0;
  pendingAny = 0;
  const sample = samples && sampling;
  if (samples) sampling = false;
  const family = load<u32>(p + stride * FlowColumn.Family);
  const protocol = load<i32>(p + stride * FlowColumn.Protocol);
  const srcPort = load<i32>(p + stride * FlowColumn.SrcPort);
  const dstPort = load<i32>(p + stride * FlowColumn.DstPort);
  const icmpType = load<i32>(p + stride * FlowColumn.IcmpType);
  const icmpCode = load<i32>(p + stride * FlowColumn.IcmpCode);
  // Two values to a key half where each fits 16 bits (they always do for a valid flow); else no memo.
  if (((family | <u32>srcPort | <u32>dstPort) | (<u32>(protocol + 0x8000) | <u32>(icmpType + 0x8000) | <u32>(icmpCode + 0x8000))) > 0xffff) return -1;
  const q0 = <u64>load<u32>(p) | (<u64>load<u32>(p + stride * FlowColumn.Destination) << 32);
  const head = <u64>(family | (<u32>protocol << 16));
  const q2 = <u64>dstPort | (<u64>((<u32>icmpType & 0xffff) | (<u32>icmpCode << 16)) << 32);
  const q3 = load<u64>(src);
  const q4 = load<u64>(src, 8);
  const q5 = load<u64>(dst);
  const q6 = load<u64>(dst, 8);
  if (!sample) probeLookups++;
  const anyPort = srcPort >= 1024 && srcPort != dstPort && srcPort != dstPort + 1024;
  if (anyPort) {
    const q1 = head | (<u64>ANY_PORT << 32);
    const slot = slotOf(q0, q1, q2, q3, q4, q5, q6);
    if (holds(slot, q0, q1, q2, q3, q4, q5, q6)) {
      const verdict = load<i32>(slot, EPOCH_AT + 4);
      if (verdict != DEPENDS_ON_PORT) return hit(sample, verdict);
      // Its walk read the source port: the port's interval below.
    } else {
      if (sample) {
        sampled(false);
        return -1;
      }
      writeKey(slot, q0, q1, q2, q3, q4, q5, q6);
      pendingAny = slot;
      pendingSrcPort = srcPort;
      clearSourcePortRead();
      probe();
      return -1;
    }
  }
  const q1 = head | (<u64>sourcePortKey(srcPort, dstPort) << 32);
  const slot = slotOf(q0, q1, q2, q3, q4, q5, q6);
  if (holds(slot, q0, q1, q2, q3, q4, q5, q6)) return hit(sample, load<i32>(slot, EPOCH_AT + 4));
  if (sample) {
    sampled(false);
    return -1;
  }
  // The key now, the epoch and verdict after the walk (memoStore): nothing looks the table up between.
  writeKey(slot, q0, q1, q2, q3, q4, q5, q6);
  pending = slot;
  probe();
  return -1;
}

/** The verdict of the flow memoFind() missed. */
// @ts-ignore: decorator
@inline export function memoStore(verdict: i32): void {
  if (pending != 0) store<u64>(pending, <u64>epoch | (<u64><u32>verdict << 32), EPOCH_AT);
  else if (pendingAny != 0) storeAnyPort(verdict);
}

/** memoStore() of a flow looked up under ANY_PORT: there, or (its walk read the source port) under its interval. */
function storeAnyPort(verdict: i32): void {
  const a = pendingAny;
  if (!sourcePortRead) {
    store<u64>(a, <u64>epoch | (<u64><u32>verdict << 32), EPOCH_AT);
    return;
  }
  store<u64>(a, <u64>epoch | (<u64><u32>DEPENDS_ON_PORT << 32), EPOCH_AT);
  // The same key words, the second with the port's interval (the destination port is q2's low half). Both
  // slots may be one: then the interval's entry wins, and the next lookup under ANY_PORT misses and walks.
  const q0 = load<u64>(a); const q2 = load<u64>(a, 16);
  const q1 = (load<u64>(a, 8) & 0xffffffff) | (<u64>sourcePortKey(pendingSrcPort, <i32><u32>q2) << 32);
  const q3 = load<u64>(a, 24); const q4 = load<u64>(a, 32); const q5 = load<u64>(a, 40); const q6 = load<u64>(a, 48);
  const slot = slotOf(q0, q1, q2, q3, q4, q5, q6);
  writeKey(slot, q0, q1, q2, q3, q4, q5, q6);
  store<u64>(slot, <u64>epoch | (<u64><u32>verdict << 32), EPOCH_AT);
}

/** The slot of a key: five independent products (not a chain), the high half folded down and spread by a last product. */
// @ts-ignore: decorator
@inline function slotOf(q0: u64, q1: u64, q2: u64, q3: u64, q4: u64, q5: u64, q6: u64): usize {
  let h = (q0 * 0x9e3779b97f4a7c15) ^ (q1 * 0xc2b2ae3d27d4eb4f) ^ (q2 * 0x165667b19e3779f9)
    ^ ((q3 ^ rotl<u64>(q5, 32)) * 0xd6e8feb86659fd93) ^ ((q4 ^ rotl<u64>(q6, 32)) * 0xff51afd7ed558ccd);
  h = (h ^ (h >> 32)) * 0xbf58476d1ce4e5b9;
  return table + (<usize>(h >> slotShift) << 6);
}

/** The slot holds this key in the current epoch. */
// @ts-ignore: decorator
@inline function holds(slot: usize, q0: u64, q1: u64, q2: u64, q3: u64, q4: u64, q5: u64, q6: u64): bool {
  return ((load<u64>(slot) ^ q0) | (load<u64>(slot, 8) ^ q1) | (load<u64>(slot, 16) ^ q2) | (load<u64>(slot, 24) ^ q3)
    | (load<u64>(slot, 32) ^ q4) | (load<u64>(slot, 40) ^ q5) | (load<u64>(slot, 48) ^ q6)) == 0 && load<u32>(slot, EPOCH_AT) == epoch;
}

/** A key written, its epoch 0 (empty) until memoStore(). */
// @ts-ignore: decorator
@inline function writeKey(slot: usize, q0: u64, q1: u64, q2: u64, q3: u64, q4: u64, q5: u64, q6: u64): void {
  store<u64>(slot, q0); store<u64>(slot, q1, 8); store<u64>(slot, q2, 16); store<u64>(slot, q3, 24);
  store<u64>(slot, q4, 32); store<u64>(slot, q5, 40); store<u64>(slot, q6, 48); store<u64>(slot, 0, EPOCH_AT);
}

/** A lookup found `verdict`: counted as a sample's or the probe's hit. */
// @ts-ignore: decorator
@inline function hit(sample: bool, verdict: i32): i32 {
  if (sample) sampled(true);
  else {
    probeHits++;
    probe();
  }
  return verdict;
}

/** Lookups and hits since the last memoForget(), for the bench and tests. */
export function memoLookups(): f64 {
  return foldedLookups + <f64>probeLookups;
}

export function memoHits(): f64 {
  return foldedHits + <f64>probeHits;
}

/** Forgets the table and the cuts (the engine's reset() reclaims the arena). */
export function memoForget(): void {
  table = 0;
  forgetPortCuts();
  epochOpen = false;
  probeLookups = 0;
  probeHits = 0;
  foldedLookups = 0;
  foldedHits = 0;
}

/** Adds the probe's counts to the totals and starts a new probe. */
function fold(): void {
  foldedLookups += <f64>probeLookups;
  foldedHits += <f64>probeHits;
  probeLookups = 0;
  probeHits = 0;
}

/** A sample of a rest (not stored on a miss): enough of them hitting end the rest. */
function sampled(hit: bool): void {
  foldedLookups += 1;
  if (hit) foldedHits += 1;
  sampleLookups++;
  if (hit) sampleHits++;
  if (sampleLookups < SAMPLE_FLOWS) return;
  if (sampleHits * MIN_HIT_SHARE >= sampleLookups) resting = 0;
  sampleLookups = 0;
  sampleHits = 0;
}

/** End of a probe: rest when it hit too rarely, else probe on. */
// @ts-ignore: decorator
@inline function probe(): void {
  if (probeLookups < PROBE_FLOWS) return;
  if (probeHits * MIN_HIT_SHARE < probeLookups) {
    resting = REST_FLOWS;
    sampleLookups = 0;
    sampleHits = 0;
  }
  fold();
}
