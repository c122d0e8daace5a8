// The IPv4 address index (Section.AddressIndex4): open-addressing hashes over (scope, address), so
// the walk finds the ENI owning a private address in a VPC (local delivery, RT-16) and whether an
// address belongs to a security group peer (SG-4), and the ENI behind a public IPv4 (GW-3), in one
// probe. One table per scope (a VPC, a group, Public), at least twice as many slots as addresses,
// found through Section.AddressIndexScope: a VPC's addresses stay in a few cache lines. Built from
// the sorted Owner4 and GroupMember4 tables the interfaces stage wrote. assembly/address-index.ts
// hashes the same way.
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

/** Slot of (scope, address) in a table of mask + 1 slots; must equal slotOf in assembly/address-index.ts. */
export function addressSlot(scope: number, address: number, mask: number): number {
  let h = Math.imul(scope ^ 0x9e3779b9, 0x85ebca6b) ^ address;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h ^= h >>> 15;
  return (h >>> 0) & mask;
}

export function compileAddressIndex(ctx: CompileContext): void {
  const vpcs = ctx.sections[Section.Vpc]!;
  const owners = ctx.sections[Section.Owner4]!;
  const groups = ctx.sections[Section.SecurityGroup]!;
  const members = ctx.sections[Section.GroupMember4]!;
  const publics = ctx.sections[Section.Public4]!;
  // Scope tables in AddressIndexScope order: VPCs, groups, Public.
  const tables: Array<{ scope: number; entries: number[] }> = [];
  // Owner4 is already one ENI per address per VPC (C-4 applied); members are distinct per group.
  for (let v = 0; v < vpcs.count; v++) {
    const entries: number[] = [];
    const start = vpcs.get(v, VpcField.Owner4Start);
    const end = start + vpcs.get(v, VpcField.Owner4Count);
    for (let o = start; o < end; o++) entries.push(owners.get(o, Owner4Field.Address), owners.get(o, Owner4Field.Eni));
    tables.push({ scope: v, entries });
  }
  const holders = ctx.groupMemberEni4 ?? [];
  for (let g = 0; g < groups.count; g++) {
    const entries: number[] = [];
    const start = groups.get(g, SecurityGroupField.Member4Start);
    const end = start + groups.get(g, SecurityGroupField.Member4Count);
    for (let m = start; m < end; m++) {
      const address = members.get(m, GroupMember4Field.Address);
      entries.push(address, holders[g]?.get(address >>> 0) ?? -1);
    }
    tables.push({ scope: g | AddressScope.Group, entries });
  }
  const publicEntries: number[] = [];
  for (let p = 0; p < publics.count; p++) publicEntries.push(publics.get(p, Public4Field.Public), p);
  tables.push({ scope: AddressScope.Public, entries: publicEntries });

  const directory = new Int32Array(tables.length * AddressIndexScopeField.Stride);
  // At most half full, so a probe ends at the key or at an empty slot, usually in the first cache line.
  const sizes = tables.map(({ entries }) => {
    const addresses = entries.length / 2;
    let slots = addresses > 0 ? 2 : 0;
    while (slots < 2 * addresses) slots *= 2;
    return slots;
  });
  const table = new Int32Array(sizes.reduce((a, b) => a + b, 0) * AddressIndexField.Stride).fill(AddressScope.Empty);
  let start = 0;
  tables.forEach(({ scope, entries }, d) => {
    const mask = sizes[d]! - 1;
    directory[d * AddressIndexScopeField.Stride + AddressIndexScopeField.Start] = start;
    directory[d * AddressIndexScopeField.Stride + AddressIndexScopeField.Mask] = mask;
    for (let k = 0; k < entries.length; k += 2) {
      let i = addressSlot(scope, entries[k]!, mask);
      while (table[(start + i) * AddressIndexField.Stride + AddressIndexField.Scope] !== AddressScope.Empty) i = (i + 1) & mask;
      const at = (start + i) * AddressIndexField.Stride;
      table[at + AddressIndexField.Scope] = scope;
      table[at + AddressIndexField.Address] = entries[k]!;
      table[at + AddressIndexField.Value] = entries[k + 1]!;
    }
    start += sizes[d]!;
  });
  ctx.sections[Section.AddressIndex4]!.setAll(table);
  ctx.sections[Section.AddressIndexScope]!.setAll(directory);
}
