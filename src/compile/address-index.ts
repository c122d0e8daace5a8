// The IPv4 address index (Section.AddressIndex4): open-addressing hashes over (scope, address), so
// the walk finds the ENI owning a private address in a VPC (local delivery, RT-16) and whether an
// address belongs to a security group peer (SG-4), and the ENI behind a public IPv4 (GW-3), in one
// probe. One table per scope (a VPC, a group, Public), at least twice as many slots as addresses,
// found through Section.AddressIndexScope: a VPC's addresses stay in a few cache lines. Built from
// the sorted Owner4 and GroupMember4 tables the interfaces stage wrote. The Public scope's table is
// Section.Public4 itself, rewritten from sorted records into slots holding the whole answer (public,
// private, ENI): internet ingress reads one line, where a slot pointing at a record read two.
// assembly/address-index.ts hashes the same way.
import type { CompileContext } from './context.js';
import { Section, VpcField } from '../../abi/image.js';
import {
  AddressIndexField,
  AddressIndexScopeField,
  AddressScope,
  Owner4Field,
  Public4Field,
} from '../../abi/image-addresses.js';
import { GroupMember4Field, SecurityGroupField } from '../../abi/image-security-groups.js';

/**
 * Slot of `address` in a table of mask + 1 slots (a power of two); must equal slotOf in
 * assembly/address-index.ts. Multiplicative (Fibonacci) hashing, the product's top bits: a VPC's addresses
 * (a few /24s of hosts) spread with 1.03 probes a lookup on the bench's 1,000 VPCs, where a mixing hash of
 * (scope, address) took 1.28. Every scope has its own table, so the scope need not enter the slot.
 */
export function addressSlot(address: number, mask: number): number {
  return Math.floor(((Math.imul(address, FIBONACCI) >>> 0) * (mask + 1)) / 0x100000000);
}

/** 2^32 / the golden ratio, odd. */
const FIBONACCI = 0x9e3779b1 | 0;

export function compileAddressIndex(ctx: CompileContext): void {
  const vpcs = ctx.sections[Section.Vpc]!;
  const owners = ctx.sections[Section.Owner4]!;
  const groups = ctx.sections[Section.SecurityGroup]!;
  const members = ctx.sections[Section.GroupMember4]!;
  const publics = ctx.sections[Section.Public4]!;
  const holders = ctx.groupMemberEni4;
  // Scope tables in AddressIndexScope order: VPCs, groups. Owner4 is already one ENI per
  // address per VPC (C-4 applied); members are distinct per group. Read in place, no copies.
  const scopes = vpcs.count + groups.count;
  const directory = new Int32Array(scopes * AddressIndexScopeField.Stride);
  // At most half full, so a probe ends at the key or at an empty slot, usually in the first cache line.
  const sizes = new Int32Array(scopes);
  const slotsFor = (addresses: number): number => {
    let slots = addresses > 0 ? 2 : 0;
    while (slots < 2 * addresses) slots *= 2;
    return slots;
  };
  for (let v = 0; v < vpcs.count; v++) sizes[v] = slotsFor(vpcs.get(v, VpcField.Owner4Count));
  for (let g = 0; g < groups.count; g++) sizes[vpcs.count + g] = slotsFor(groups.get(g, SecurityGroupField.Member4Count));
  let total = 0;
  for (let d = 0; d < scopes; d++) total += sizes[d]!;
  const table = new Int32Array(total * AddressIndexField.Stride);
  for (let i = AddressIndexField.Value; i < table.length; i += AddressIndexField.Stride) table[i] = AddressScope.Empty;
  let start = 0;
  let d = 0;
  const insert = (scope: number, address: number, value: number): void => {
    // Empty marks a free slot, so it cannot be a value; no holder reads the same as no record (NONE).
    if (value === AddressScope.Empty) return;
    const mask = sizes[d]! - 1;
    let i = addressSlot(address, mask);
    while (table[(start + i) * AddressIndexField.Stride + AddressIndexField.Value] !== AddressScope.Empty) i = (i + 1) & mask;
    const at = (start + i) * AddressIndexField.Stride;
    table[at + AddressIndexField.Address] = address;
    table[at + AddressIndexField.Value] = value;
  };
  const nextScope = (): void => {
    directory[d * AddressIndexScopeField.Stride + AddressIndexScopeField.Start] = start;
    directory[d * AddressIndexScopeField.Stride + AddressIndexScopeField.Mask] = sizes[d]! - 1;
    start += sizes[d]!;
    d++;
  };
  for (let v = 0; v < vpcs.count; v++) {
    const from = vpcs.get(v, VpcField.Owner4Start);
    const end = from + vpcs.get(v, VpcField.Owner4Count);
    for (let o = from; o < end; o++) insert(v, owners.get(o, Owner4Field.Address), owners.get(o, Owner4Field.Eni));
    nextScope();
  }
  for (let g = 0; g < groups.count; g++) {
    const from = groups.get(g, SecurityGroupField.Member4Start);
    const end = from + groups.get(g, SecurityGroupField.Member4Count);
    for (let m = from; m < end; m++) insert(g | AddressScope.Group, members.get(m, GroupMember4Field.Address), holders?.[m] ?? -1);
    nextScope();
  }
  ctx.sections[Section.AddressIndex4]!.setAll(table);
  publics.setAll(publicTable(publics.view()));
  ctx.sections[Section.AddressIndexScope]!.setAll(directory);
  // Owner4 and GroupMember4 are this index's sources and nothing reads them after it (the engine looks
  // IPv4 addresses up here): the image carries them empty, 1.3 MB less for a cache hit to read at 1,000 VPCs.
  owners.setAll(new Int32Array(0));
  members.setAll(new Int32Array(0));
}

/** The Public4 records (sorted, one per public IPv4) as the Public scope's open-addressing table of Public4Field slots. */
function publicTable(records: Int32Array): Int32Array {
  const n = records.length / Public4Field.Stride;
  let slots = n > 0 ? 2 : 0;
  while (slots < 2 * n) slots *= 2;
  const table = new Int32Array(slots * Public4Field.Stride);
  for (let i = Public4Field.Eni; i < table.length; i += Public4Field.Stride) table[i] = AddressScope.Empty;
  const mask = slots - 1;
  for (let p = 0; p < n; p++) {
    const from = p * Public4Field.Stride;
    const address = records[from + Public4Field.Public]!;
    let i = addressSlot(address, mask);
    while (table[i * Public4Field.Stride + Public4Field.Eni] !== AddressScope.Empty) i = (i + 1) & mask;
    table.set(records.subarray(from, from + Public4Field.Stride), i * Public4Field.Stride);
  }
  return table;
}
