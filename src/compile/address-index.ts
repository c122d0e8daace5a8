// The IPv4 address index (Section.AddressIndex4): an open-addressing hash over (scope, address), so
// the walk finds the ENI owning a private address in a VPC (local delivery, RT-16) and whether an
// address belongs to a security group peer (SG-4), and the ENI behind a public IPv4 (GW-3), in one probe. Built from the sorted Owner4 and
// GroupMember4 tables the interfaces stage wrote. assembly/address-index.ts hashes the same way.
import type { CompileContext } from './context.js';
import { AddressIndexField, AddressScope, GroupMember4Field, Owner4Field, Public4Field, Section, SecurityGroupField, VpcField } from './layout.js';

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
  const entries = owners.count + members.count + publics.count;
  let slots = 1;
  while (slots < 2 * entries) slots *= 2;
  const table = new Int32Array(slots * AddressIndexField.Stride).fill(AddressScope.Empty);
  const mask = slots - 1;
  const insert = (scope: number, address: number, value: number): void => {
    let i = addressSlot(scope, address, mask);
    while (table[i * AddressIndexField.Stride + AddressIndexField.Scope] !== AddressScope.Empty) i = (i + 1) & mask;
    const at = i * AddressIndexField.Stride;
    table[at + AddressIndexField.Scope] = scope;
    table[at + AddressIndexField.Address] = address;
    table[at + AddressIndexField.Value] = value;
  };
  // Owner4 is already one ENI per address per VPC (C-4 applied); members are distinct per group.
  for (let v = 0; v < vpcs.count; v++) {
    const start = vpcs.get(v, VpcField.Owner4Start);
    const end = start + vpcs.get(v, VpcField.Owner4Count);
    for (let o = start; o < end; o++) insert(v, owners.get(o, Owner4Field.Address), owners.get(o, Owner4Field.Eni));
  }
  const holders = ctx.groupMemberEni4 ?? [];
  for (let g = 0; g < groups.count; g++) {
    const start = groups.get(g, SecurityGroupField.Member4Start);
    const end = start + groups.get(g, SecurityGroupField.Member4Count);
    for (let m = start; m < end; m++) {
      const address = members.get(m, GroupMember4Field.Address);
      insert(g | AddressScope.Group, address, holders[g]?.get(address >>> 0) ?? -1);
    }
  }
  for (let p = 0; p < publics.count; p++) insert(AddressScope.Public, publics.get(p, Public4Field.Public), p);
  ctx.sections[Section.AddressIndex4]!.setAll(table);
}
