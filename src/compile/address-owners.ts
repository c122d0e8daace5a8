// Address -> ENI tables of the interfaces stage: per VPC private addresses (Owner4/6), public IPv4s
// (Public4), addresses anywhere in the model (Anywhere4/6, Public6) and security group members
// (GroupMember4/6). IPv4 tables are built from typed arrays sorted natively (issue 16: a Map per VPC
// and per group held 100,000s of entries that the young generation copied before they were read).
import { addressWords } from './address.js';
import type { CompileContext } from './context.js';
import { EniDetailField, EniField, Section, VpcField } from '../../abi/image.js';
import { EniIp4Field, EniIp6Field, Owner4Field, Owner6Field, Public4Field } from '../../abi/image-addresses.js';
import { EniGroupField, GroupMember4Field, GroupMember6Field, SecurityGroupField } from '../../abi/image-security-groups.js';

/** C-4: does item a come before item b in AWS id order? Only asked on ties, so no sort up front. */
export type IdOrder = (a: number, b: number) => boolean;

export function idOrder(items: readonly { id: string }[]): IdOrder {
  return (a, b) => items[a]!.id < items[b]!.id || (items[a]!.id === items[b]!.id && a < b);
}

/** Positions per packed sort key: key * POSITION_SPAN + position stays an exact double for 32-bit keys. */
const POSITION_SPAN = 2 ** 21;

/** Positions 0..n-1 ordered by (keys[position] as unsigned 32-bit, position). Exported for tests. */
export function orderByKey(keys: Float64Array, n: number): Int32Array {
  // Keys often come in order, or in order but for a tail (Anywhere4 reads Owner4, sorted per VPC,
  // and the VPCs' blocks ascend; the ENIs finalize adds come last, with their subnets' lowest
  // addresses): the ascending head keeps its positions, and only the tail is sorted and merged in.
  let head = 1;
  while (head < n && keys[head - 1]! <= keys[head]!) head++;
  if (head >= n) return identity(n);
  const tail = sortedPositions(keys, head, n);
  const order = new Int32Array(n);
  // Merge: on equal keys the head's position is the smaller one, so it goes first.
  let i = 0;
  let j = 0;
  let o = 0;
  while (i < head && j < tail.length) order[o++] = keys[tail[j]!]! < keys[i]! ? tail[j++]! : i++;
  while (i < head) order[o++] = i++;
  while (j < tail.length) order[o++] = tail[j++]!;
  return order;
}

/** 0..n-1 (a loop: Int32Array.from({ length: n }, ...) reads each index of its source through the runtime, ~5x slower). */
function identity(n: number): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  return order;
}

/** Positions from..to-1 ordered by (key, position). */
function sortedPositions(keys: Float64Array, from: number, to: number): Int32Array {
  const n = to - from;
  const order = new Int32Array(n);
  if (to <= POSITION_SPAN) {
    // A typed array sorts numerically without a comparator call per comparison.
    const packed = new Float64Array(n);
    for (let i = 0; i < n; i++) packed[i] = keys[from + i]! * POSITION_SPAN + from + i;
    packed.sort();
    for (let i = 0; i < n; i++) order[i] = packed[i]! % POSITION_SPAN;
  } else {
    for (let i = 0; i < n; i++) order[i] = from + i;
    order.sort((a, b) => keys[a]! - keys[b]! || a - b);
  }
  return order;
}

/**
 * `order` (positions sorted by key) regrouped by bucket, stably: bucket b's positions are
 * out[start[b] .. start[b + 1]), still in key order. Positions whose bucket is < 0 are dropped.
 */
function byBucket(order: Int32Array, bucketOf: Int32Array, buckets: number): { out: Int32Array; start: Int32Array } {
  const start = new Int32Array(buckets + 1);
  for (let i = 0; i < order.length; i++) {
    const b = bucketOf[order[i]!]!;
    if (b >= 0) start[b + 1]!++;
  }
  for (let b = 0; b < buckets; b++) start[b + 1]! += start[b]!;
  const out = new Int32Array(start[buckets]!);
  const next = start.slice(0, buckets);
  for (let i = 0; i < order.length; i++) {
    const p = order[i]!;
    const b = bucketOf[p]!;
    if (b >= 0) out[next[b]!++] = p;
  }
  return { out, start };
}

/**
 * Per VPC, its ENIs' private addresses sorted for binary search (unsigned order), so the walk finds
 * the ENI a packet is delivered to; a duplicate address (invalid, ADDR-10) keeps the smaller ENI id (C-4).
 * Public4 maps public IPv4s and EIPs back to their ENI for internet ingress (GW-3).
 */
export function writeOwnerTables(ctx: CompileContext, eniBefore: IdOrder): void {
  const enis = ctx.sections[Section.Eni]!;
  const ip4 = ctx.sections[Section.EniIp4]!;
  const vpcs = ctx.sections[Section.Vpc]!;
  const owner4 = ctx.sections[Section.Owner4]!;
  const n = ip4.count;
  const address = new Float64Array(n);
  const eniOf = new Int32Array(n);
  const vpcOf = new Int32Array(n);
  for (let a = 0; a < n; a++) {
    const e = ip4.get(a, EniIp4Field.Eni);
    eniOf[a] = e;
    vpcOf[a] = enis.get(e, EniField.Vpc);
    address[a] = ip4.get(a, EniIp4Field.Private) >>> 0;
  }
  const { out, start } = byBucket(orderByKey(address, n), vpcOf, vpcs.count);
  // Owner4 records as written: their VPC (for the Anywhere4 table); at most one per address.
  owner4.reserve(out.length);
  const ownerVpc = new Int32Array(out.length);
  for (let v = 0; v < vpcs.count; v++) {
    vpcs.set(v, VpcField.Owner4Start, owner4.count);
    const end = start[v + 1]!;
    for (let i = start[v]!; i < end; ) {
      // A run of one address: its ENI with the smallest id.
      let e = eniOf[out[i]!]!;
      const addr = address[out[i]!]!;
      for (i++; i < end && address[out[i]!] === addr; i++) if (eniBefore(eniOf[out[i]!]!, e)) e = eniOf[out[i]!]!;
      const o = owner4.add();
      owner4.set(o, Owner4Field.Address, addr);
      owner4.set(o, Owner4Field.Eni, e);
      ownerVpc[o] = v;
    }
    vpcs.set(v, VpcField.Owner4Count, owner4.count - vpcs.get(v, VpcField.Owner4Start));
  }
  const v6 = writeOwner6(ctx, eniBefore);
  writeGlobalOwners(ctx, ownerVpc, v6, eniBefore);
  writePublic4(ctx, eniBefore);
}

/** Owner6, per VPC: IPv6 address -> the ENI with the smallest id holding it; returns those maps (VPCs without IPv6 have none). */
function writeOwner6(ctx: CompileContext, eniBefore: IdOrder): (Map<bigint, number> | undefined)[] {
  const enis = ctx.sections[Section.Eni]!;
  const ip6 = ctx.sections[Section.EniIp6]!;
  const vpcs = ctx.sections[Section.Vpc]!;
  const owner6 = ctx.sections[Section.Owner6]!;
  const v6: (Map<bigint, number> | undefined)[] = new Array<Map<bigint, number> | undefined>(vpcs.count).fill(undefined);
  for (let a = 0; a < ip6.count; a++) {
    const e = ip6.get(a, EniIp6Field.Eni);
    const vpc = enis.get(e, EniField.Vpc);
    if (vpc < 0) continue;
    let value = 0n;
    for (let i = 0; i < 4; i++) value = (value << 32n) | BigInt(ip6.get(a, EniIp6Field.W0 + i) >>> 0);
    keepSmallest((v6[vpc] ??= new Map()), value, e, eniBefore);
  }
  for (let v = 0; v < vpcs.count; v++) {
    vpcs.set(v, VpcField.Owner6Start, owner6.count);
    const inVpc = v6[v];
    if (inVpc) {
      for (const [value, e] of sortedByBigint(inVpc)) {
        const o = owner6.add();
        const w = addressWords(6, value);
        for (let i = 0; i < 4; i++) owner6.set(o, Owner6Field.W0 + i, w[i]!);
        owner6.set(o, Owner6Field.Eni, e);
      }
    }
    vpcs.set(v, VpcField.Owner6Count, owner6.count - vpcs.get(v, VpcField.Owner6Start));
  }
  return v6;
}

/** Public IPv4 -> [private address, ENI]: the ENI with the smallest id, the first listed address of an ENI on a tie. */
function writePublic4(ctx: CompileContext, eniBefore: IdOrder): void {
  const ip4 = ctx.sections[Section.EniIp4]!;
  const public4 = ctx.sections[Section.Public4]!;
  // The EniIp4 records with a public IPv4, and that address.
  const records = new Int32Array(ip4.count);
  const publicOf = new Float64Array(ip4.count);
  let n = 0;
  for (let a = 0; a < ip4.count; a++) {
    if (!ip4.get(a, EniIp4Field.HasPublic)) continue;
    records[n] = a;
    publicOf[n++] = ip4.get(a, EniIp4Field.Public) >>> 0;
  }
  const order = orderByKey(publicOf, n);
  public4.reserve(n);
  for (let i = 0; i < order.length; ) {
    const addr = publicOf[order[i]!]!;
    let best = records[order[i]!]!;
    for (i++; i < order.length && publicOf[order[i]!] === addr; i++) {
      const a = records[order[i]!]!;
      const e = ip4.get(a, EniIp4Field.Eni);
      const current = ip4.get(best, EniIp4Field.Eni);
      if (current !== e && eniBefore(e, current)) best = a;
    }
    const o = public4.add();
    public4.set(o, Public4Field.Public, addr);
    public4.set(o, Public4Field.Private, ip4.get(best, EniIp4Field.Private));
    public4.set(o, Public4Field.Eni, ip4.get(best, EniIp4Field.Eni));
  }
}

/**
 * Public6: every IPv6 address -> its ENI (smallest ENI id first). Anywhere4/6: a private address ->
 * its ENI in the VPC with the smallest id (C-4), for "owned by the model but private" answers (GW-3).
 * `ownerVpc`: the VPC of each Owner4 record; `v6`: per VPC, each IPv6 address's ENI (the smallest id in that VPC).
 */
function writeGlobalOwners(ctx: CompileContext, ownerVpc: Int32Array, v6: readonly (Map<bigint, number> | undefined)[], eniBefore: IdOrder): void {
  // C-4: the owner is the ENI in the VPC with the smallest id, then the ENI with the smallest id.
  const vpcBefore = idOrder(ctx.t.vpcs);
  const better = (e: number, v: number, current: number, currentVpc: number): boolean =>
    vpcBefore(v, currentVpc) || (v === currentVpc && eniBefore(e, current));
  const owner4 = ctx.sections[Section.Owner4]!;
  const n = owner4.count;
  const address = new Float64Array(n);
  for (let o = 0; o < n; o++) address[o] = owner4.get(o, Owner4Field.Address) >>> 0;
  const order = orderByKey(address, n);
  const o4 = ctx.sections[Section.Anywhere4]!;
  o4.reserve(n);
  for (let i = 0; i < n; ) {
    const addr = address[order[i]!]!;
    let best = order[i]!;
    for (i++; i < n && address[order[i]!] === addr; i++) {
      const o = order[i]!;
      if (better(owner4.get(o, Owner4Field.Eni), ownerVpc[o]!, owner4.get(best, Owner4Field.Eni), ownerVpc[best]!)) best = o;
    }
    const r = o4.add();
    o4.set(r, Owner4Field.Address, addr);
    o4.set(r, Owner4Field.Eni, owner4.get(best, Owner4Field.Eni));
  }
  const any6 = new Map<bigint, number>();
  const vpcOf = (e: number) => ctx.sections[Section.Eni]!.get(e, EniField.Vpc);
  v6.forEach((inVpc, v) => {
    if (!inVpc) return;
    for (const [addr, e] of inVpc) {
      const current = any6.get(addr);
      if (current === undefined || better(e, v, current, vpcOf(current))) any6.set(addr, e);
    }
  });
  const write6 = (section: Section, owners: Map<bigint, number>) => {
    const table = ctx.sections[section]!;
    for (const [addr, e] of sortedByBigint(owners)) {
      const r = table.add();
      const w = addressWords(6, addr);
      for (let i = 0; i < 4; i++) table.set(r, Owner6Field.W0 + i, w[i]!);
      table.set(r, Owner6Field.Eni, e);
    }
  };
  write6(Section.Anywhere6, any6);
  const pub6 = new Map<bigint, number>();
  for (const inVpc of v6) if (inVpc) for (const [addr, e] of inVpc) keepSmallest(pub6, addr, e, eniBefore);
  write6(Section.Public6, pub6);
}

/**
 * SG-4: a group peer matches the private addresses (IPv4 and IPv6) of the ENIs carrying the group.
 * Each member address keeps the ENI with the smallest id holding it (SG-5/6 look at that ENI's VPC,
 * as the reference walk does); the address index (address-index.ts) serves the IPv4 lookups and
 * reads that ENI from ctx.groupMemberEni4.
 */
export function writeGroupMembers(ctx: CompileContext, eniBefore: IdOrder): void {
  const sgs = ctx.sections[Section.SecurityGroup]!;
  const m4 = ctx.sections[Section.GroupMember4]!;
  const m6 = ctx.sections[Section.GroupMember6]!;
  const details = ctx.sections[Section.EniDetail]!;
  const groupList = ctx.sections[Section.EniGroup]!;
  // (group, address, ENI) of every IPv4 member, each ENI's distinct groups as its EniDetail record holds them.
  let members = 0;
  ctx.t.networkInterfaces.forEach((eni, e) => (members += details.get(e, EniDetailField.GroupCount) * eni.privateIps.length));
  const group = new Int32Array(members);
  const addresses = new Float64Array(members);
  const holder = new Int32Array(members);
  let n = 0;
  const v6: (Map<bigint, number> | undefined)[] = new Array<Map<bigint, number> | undefined>(sgs.count).fill(undefined);
  ctx.t.networkInterfaces.forEach((eni, e) => {
    const start = details.get(e, EniDetailField.GroupStart);
    const end = start + details.get(e, EniDetailField.GroupCount);
    for (let k = start; k < end; k++) {
      const g = groupList.get(k, EniGroupField.Group);
      for (const ip of eni.privateIps) {
        if (ip.address?.family !== 4) continue;
        group[n] = g;
        addresses[n] = Number(ip.address.value);
        holder[n++] = e;
      }
      for (const a of eni.ipv6Addresses) keepSmallest((v6[g] ??= new Map()), a.value, e, eniBefore);
    }
  });
  const { out, start } = byBucket(orderByKey(addresses, n), group, sgs.count);
  m4.reserve(out.length);
  const memberEni = new Int32Array(out.length);
  let written = 0;
  for (let g = 0; g < sgs.count; g++) {
    sgs.set(g, SecurityGroupField.Member4Start, m4.count);
    const end = start[g + 1]!;
    for (let i = start[g]!; i < end; ) {
      const addr = addresses[out[i]!]!;
      let e = holder[out[i]!]!;
      for (i++; i < end && addresses[out[i]!] === addr; i++) if (eniBefore(holder[out[i]!]!, e)) e = holder[out[i]!]!;
      m4.set(m4.add(), GroupMember4Field.Address, addr);
      memberEni[written++] = e;
    }
    sgs.set(g, SecurityGroupField.Member4Count, m4.count - sgs.get(g, SecurityGroupField.Member4Start));
    sgs.set(g, SecurityGroupField.Member6Start, m6.count);
    const inGroup6 = v6[g];
    if (inGroup6) {
      for (const [a, e] of sortedByBigint(inGroup6)) {
        const r = m6.add();
        const w = addressWords(6, a);
        for (let i = 0; i < 4; i++) m6.set(r, GroupMember6Field.W0 + i, w[i]!);
        m6.set(r, GroupMember6Field.Eni, e);
      }
    }
    sgs.set(g, SecurityGroupField.Member6Count, m6.count - sgs.get(g, SecurityGroupField.Member6Start));
  }
  ctx.groupMemberEni4 = memberEni.subarray(0, written);
}

/** Sets map[key] to e unless an ENI before it in id order (C-4) holds the key already. */
function keepSmallest<K>(map: Map<K, number>, key: K, e: number, eniBefore: IdOrder): void {
  const current = map.get(key);
  if (current === undefined || eniBefore(e, current)) map.set(key, e);
}

function sortedByBigint(map: Map<bigint, number>): [bigint, number][] {
  return [...map].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
}
