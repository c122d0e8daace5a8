// Warm-up of a block of flows before they are walked (walk-batch.ts). The walk of one flow is a chain
// of dependent loads: the destination's address-index slot, then its ENI record, then that ENI's
// subnet, security group rules and the network ACL of the subnet, then the ACL's entries. On a
// fleet-wide batch each link of the chain is a cache miss for a flow whose destination is in another
// VPC (and, in input order, for its source too), and one flow's misses cannot overlap: each address
// comes from the load before. WASM has no prefetch instruction, but independent loads in a tight loop
// overlap in the CPU. So a block's chains are walked stage by stage: stage 1 loads the first link of
// every flow of the block, stage 2 the second link of every flow (now in cache), and so on; each stage
// costs about one memory latency for the whole block instead of one per flow.
//
// Nothing here decides anything: a warm-up only reads, and a wrong guess costs a wasted load. The
// destination's ENI comes from a hint table (IPv4 address -> ENI holding it as a private or public
// address, direct mapped, last writer wins), derived from the image on first use after each load;
// the walk itself still finds owners through the image's address tables.
import { EniField, NaclEntryField, NaclField, Section, SubnetField } from '../abi/image';
import { RouteTableField } from '../abi/image-routes';
import { EniRuleField, SgRuleField } from '../abi/image-security-groups';
import { EniIp4Field } from '../abi/image-addresses';
import { addressIndexSlot } from './address-index';
import { eniRuleStart, field, imageGeneration, record, recordCount } from './image';
import { arenaAlloc } from './memory';

/** Flows warmed, then walked, together: enough independent loads per stage to fill the CPU's miss buffers. */
export const WARM_BLOCK: i32 = 32;

/** The hint table: 2^hintBits i32 slots (at least four per EniIp4 record, which may add a public address too), at most 2^18 (1 MB). */
const MAX_HINT_BITS: u32 = 18;
let hints: usize = 0;
let hintBits: u32 = 0;
let hintCapacityBits: u32 = 0;
let hintsFor: u32 = 0;

/** Sink for the warm-up loads, so the optimizer keeps them. */
let warmed: i32 = 0;

// @ts-ignore: decorator
@inline function hintSlot(table: usize, address: u32): usize {
  return table + (<usize>((address * 0x9e3779b1) >>> (32 - hintBits)) << 2);
}

/** The hint table of the loaded image (built on first use after each imageLoad()): i32 ENI per slot, -1 empty. */
function hintTable(): usize {
  if (hints != 0 && hintsFor == imageGeneration) return hints;
  const n = recordCount(Section.EniIp4);
  let bits: u32 = 10;
  while (bits < MAX_HINT_BITS && (<u64>1 << <u64>bits) < (<u64>n << 2)) bits++;
  // Reused across images while big enough (walkWarmForget() drops it when engineReset() frees the arena).
  if (hints == 0 || hintCapacityBits < bits) {
    hints = arenaAlloc(<usize>4 << bits);
    hintCapacityBits = bits;
  }
  hintBits = bits;
  const table = hints;
  memory.fill(table, 0xff, <usize>4 << bits);
  const enis = recordCount(Section.Eni);
  for (let i = 0; i < n; i++) {
    const r = record(Section.EniIp4, EniIp4Field.Stride, i);
    const e = field(r, EniIp4Field.Eni);
    if (e < 0 || e >= enis) continue;
    store<i32>(hintSlot(table, <u32>field(r, EniIp4Field.Private)), e);
    if (field(r, EniIp4Field.HasPublic)) store<i32>(hintSlot(table, <u32>field(r, EniIp4Field.Public)), e);
  }
  hintsFor = imageGeneration;
  return table;
}

/** Forgets the hint table (its memory goes with engineReset()). */
export function walkWarmForget(): void {
  hints = 0;
  hintCapacityBits = 0;
}

/** ENI `e`'s record when `e` is an ENI of the image, else 0. */
// @ts-ignore: decorator
@inline function eniRecord(e: i32, enis: i32): usize {
  return e >= 0 && e < enis ? record(Section.Eni, EniField.Stride, e) : 0;
}

/** The first rule of ENI record `e`'s ingress or egress range (its SgRule record), or 0 when the range is empty. */
// @ts-ignore: decorator
@inline function firstSgRule(e: usize, egress: bool): usize {
  if (field(e, egress ? EniField.EgressCount : EniField.IngressCount) <= 0) return 0;
  const rule = field(record(Section.EniRule, EniRuleField.Stride, eniRuleStart(e, egress)), EniRuleField.Rule);
  return record(Section.SgRule, SgRuleField.Stride, rule);
}

/** Subnet record of ENI record `e`, or 0. */
// @ts-ignore: decorator
@inline function subnetOf(e: usize): usize {
  const s = field(e, EniField.Subnet);
  return s >= 0 ? record(Section.Subnet, SubnetField.Stride, s) : 0;
}

/** NACL record of subnet record `s`, or 0. */
// @ts-ignore: decorator
@inline function naclOf(s: usize): usize {
  const a = field(s, SubnetField.Nacl);
  return a >= 0 ? record(Section.Nacl, NaclField.Stride, a) : 0;
}

/** Route table record of subnet record `s`, or 0. */
// @ts-ignore: decorator
@inline function routeTableOf(s: usize): usize {
  const rt = field(s, SubnetField.RouteTable);
  return rt >= 0 ? record(Section.RouteTable, RouteTableField.Stride, rt) : 0;
}

// Per flow of the block: its source ENI record and its destination's (hinted) ENI record, or 0.
const blockSources: usize = memory.data(WARM_BLOCK << 2, 16);
const blockDestinations: usize = memory.data(WARM_BLOCK << 2, 16);

/**
 * Warms the records `n` (at most WARM_BLOCK) flows will read. Flow k's Origin word is at
 * `origins + k * step`, its Family word at `families + k * step`, its destination's first address word
 * at `dsts + k * dstStep`.
 */
export function warmBlock(origins: usize, families: usize, step: usize, dsts: usize, dstStep: usize, n: i32): void {
  const table = hintTable();
  const enis = recordCount(Section.Eni);
  let sink = 0;
  // Stage 1: the source ENI record and the destination's hint slot.
  for (let k = 0; k < n; k++) {
    const src = eniRecord(load<i32>(origins + <usize>k * step), enis);
    store<usize>(blockSources + (<usize>k << 2), src);
    if (src != 0) sink ^= load<i32>(src);
    let slot: usize = 0;
    if (load<i32>(families + <usize>k * step) == 4) {
      slot = hintSlot(table, load<u32>(dsts + <usize>k * dstStep));
      sink ^= load<i32>(slot);
    }
    store<usize>(blockDestinations + (<usize>k << 2), slot);
  }
  // Stage 2: the destination's ENI record; the source's subnet and egress rule link.
  for (let k = 0; k < n; k++) {
    const at = blockDestinations + (<usize>k << 2);
    const slot = load<usize>(at);
    const d = slot != 0 ? eniRecord(load<i32>(slot), enis) : 0;
    store<usize>(at, d);
    if (d != 0) sink ^= load<i32>(d);
    const src = load<usize>(blockSources + (<usize>k << 2));
    if (src == 0) continue;
    const s = subnetOf(src);
    if (s != 0) sink ^= load<i32>(s);
    if (field(src, EniField.EgressCount) > 0) sink ^= load<i32>(record(Section.EniRule, EniRuleField.Stride, eniRuleStart(src, true)));
  }
  // Stage 3: a destination ENI that holds the destination: its subnet, ingress rule link and
  // address-index slot; the source's network ACL, route table and first egress rule.
  for (let k = 0; k < n; k++) {
    const at = blockDestinations + (<usize>k << 2);
    let d = load<usize>(at);
    const src = load<usize>(blockSources + (<usize>k << 2));
    const dst0 = load<u32>(dsts + <usize>k * dstStep);
    if (d != 0 && <u32>field(d, EniField.PrimaryIp4) != dst0) d = 0;
    store<usize>(at, d);
    if (d != 0) {
      const s = subnetOf(d);
      if (s != 0) sink ^= load<i32>(s);
      if (field(d, EniField.IngressCount) > 0) sink ^= load<i32>(record(Section.EniRule, EniRuleField.Stride, field(d, EniField.IngressStart)));
      const v = field(d, EniField.Vpc);
      if (v >= 0) {
        const slot = addressIndexSlot(v, dst0);
        if (slot != 0) sink ^= load<i32>(slot);
      }
    }
    if (src == 0) continue;
    const s = subnetOf(src);
    if (s != 0) {
      const acl = naclOf(s);
      if (acl != 0) sink ^= load<i32>(acl);
      const rt = routeTableOf(s);
      if (rt != 0) sink ^= load<i32>(rt);
    }
    const rule = firstSgRule(src, true);
    if (rule != 0) sink ^= load<i32>(rule);
  }
  // Stage 4: the destination's network ACL, route table (its response leaves by it) and first ingress
  // rule; the source ACL's outbound entries.
  for (let k = 0; k < n; k++) {
    const d = load<usize>(blockDestinations + (<usize>k << 2));
    if (d != 0) {
      const s = subnetOf(d);
      if (s != 0) {
        const acl = naclOf(s);
        if (acl != 0) sink ^= load<i32>(acl);
        const rt = routeTableOf(s);
        if (rt != 0) sink ^= load<i32>(rt);
      }
      const rule = firstSgRule(d, false);
      if (rule != 0) sink ^= load<i32>(rule);
    }
    const src = load<usize>(blockSources + (<usize>k << 2));
    if (src == 0) continue;
    const s = subnetOf(src);
    const acl = s != 0 ? naclOf(s) : 0;
    if (acl != 0 && field(acl, NaclField.Egress4Count) > 0) sink ^= load<i32>(record(Section.NaclEntry, NaclEntryField.Stride, field(acl, NaclField.Egress4Start)));
  }
  // Stage 5: the destination ACL's inbound entries.
  for (let k = 0; k < n; k++) {
    const d = load<usize>(blockDestinations + (<usize>k << 2));
    if (d == 0) continue;
    const s = subnetOf(d);
    const acl = s != 0 ? naclOf(s) : 0;
    if (acl != 0 && field(acl, NaclField.Ingress4Count) > 0) sink ^= load<i32>(record(Section.NaclEntry, NaclEntryField.Stride, field(acl, NaclField.Ingress4Start)));
  }
  warmed ^= sink;
}
