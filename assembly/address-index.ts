// Lookups in the IPv4 address index (Section.AddressIndex4, built by src/compile/address-index.ts):
// the scope's own table (Section.AddressIndexScope: VPCs, then groups; the Public scope's table is
// Section.Public4), linear probing from the slot of the address; a table is at most half full, so
// a probe ends at the key or at an empty slot, usually in the first cache line. A slot holds no scope:
// the table is the scope's own.
import { Section } from '../abi/image';
import { AddressIndexField, AddressIndexScopeField, AddressScope, Public4Field } from '../abi/image-addresses';
import { NONE } from '../abi/version';
import { field, record, recordCount } from './image';

/** Must equal addressSlot in src/compile/address-index.ts: the top bits of address x 2^32 / the golden ratio. */
// @ts-ignore: decorator
@inline function slotOf(address: u32, mask: u32): u32 {
  return <u32>((<u64>(address * 0x9e3779b1) * (<u64>mask + 1)) >>> 32);
}

/** The AddressIndexScope record of VPC or group scope `scope`, or 0 when the image has no such scope. */
// @ts-ignore: decorator
@inline function scopeTable(scope: i32): usize {
  const vpcs = recordCount(Section.Vpc);
  let d: i32;
  if (scope & AddressScope.Group) {
    const g = scope & ~AddressScope.Group;
    if (g >= recordCount(Section.SecurityGroup)) return 0;
    d = vpcs + g;
  } else {
    if (<u32>scope >= <u32>vpcs) return 0;
    d = scope;
  }
  return record(Section.AddressIndexScope, AddressIndexScopeField.Stride, d);
}

/** The Value stored for (scope, address), or NONE; for the Public scope, the Public4 slot of the address. */
export function addressIndexFind(scope: i32, address: u32): i32 {
  if (scope == AddressScope.Public) return publicFind(address);
  if (scope & AddressScope.Group) return groupIndexFind(scope & ~AddressScope.Group, address);
  return vpcIndexFind(scope, address);
}

/** addressIndexFind for VPC scope `vpc` (the walk's owner lookups: no test of the scope's kind). */
// @ts-ignore: decorator
@inline function vpcIndexFind(vpc: i32, address: u32): i32 {
  if (<u32>vpc >= <u32>recordCount(Section.Vpc)) return NONE;
  return scopeFind(record(Section.AddressIndexScope, AddressIndexScopeField.Stride, vpc), address);
}

/** addressIndexFind for the scope of group `g` (SG-4's member lookups: no test of the scope's kind). */
// @ts-ignore: decorator
@inline function groupIndexFind(g: i32, address: u32): i32 {
  if (g >= recordCount(Section.SecurityGroup)) return NONE;
  return scopeFind(record(Section.AddressIndexScope, AddressIndexScopeField.Stride, recordCount(Section.Vpc) + g), address);
}

/** The probe of addressIndexFind in `scope`'s table (its AddressIndexScope record `t`). */
// @ts-ignore: decorator
@inline function scopeFind(t: usize, address: u32): i32 {
  const mask = field(t, AddressIndexScopeField.Mask);
  if (mask < 0) return NONE;
  const start = field(t, AddressIndexScopeField.Start);
  let i = slotOf(address, <u32>mask);
  let r = record(Section.AddressIndex4, AddressIndexField.Stride, start + <i32>i);
  // The first probe out of the loop, the address tested first: most lookups end there, at the key. (An
  // empty slot holding the address's word answers Empty, which is NONE: no key lies past an empty slot.)
  if (<u32>field(r, AddressIndexField.Address) == address) return field(r, AddressIndexField.Value);
  for (let probes = 1; probes <= mask; probes++) {
    if (field(r, AddressIndexField.Value) == AddressScope.Empty) return NONE;
    i = (i + 1) & <u32>mask;
    r = record(Section.AddressIndex4, AddressIndexField.Stride, start + <i32>i);
    if (<u32>field(r, AddressIndexField.Address) == address) return field(r, AddressIndexField.Value);
  }
  return NONE;
}

/** The Public4 slot holding public IPv4 `address` (Public4Field), or NONE. */
function publicFind(address: u32): i32 {
  const slots = recordCount(Section.Public4);
  if (slots == 0) return NONE;
  const mask = <u32>slots - 1;
  let i = slotOf(address, mask);
  for (let probes: u32 = 0; probes <= mask; probes++) {
    const r = record(Section.Public4, Public4Field.Stride, <i32>i);
    if (field(r, Public4Field.Eni) == AddressScope.Empty) return NONE;
    if (<u32>field(r, Public4Field.Public) == address) return <i32>i;
    i = (i + 1) & mask;
  }
  return NONE;
}

/** The first slot probed for (scope, address) of a VPC or group scope: where a lookup will read (the walk touches it early), or 0. */
export function addressIndexSlot(scope: i32, address: u32): usize {
  const t = scopeTable(scope);
  if (t == 0) return 0;
  const mask = field(t, AddressIndexScopeField.Mask);
  if (mask < 0) return 0;
  return record(Section.AddressIndex4, AddressIndexField.Stride, field(t, AddressIndexScopeField.Start) + <i32>slotOf(address, <u32>mask));
}

/** The ENI holding IPv4 `address` as a private address in VPC `vpc` (ADDR-10), or NONE. */
// @ts-ignore: decorator
@inline export function ownerInVpc4(vpc: i32, address: u32): i32 {
  return vpcIndexFind(vpc, address);
}

/** SG-4: the ENI with the smallest id holding IPv4 `address` and carrying group `group`, or NONE. */
// @ts-ignore: decorator
@inline export function groupMemberEni4(group: i32, address: u32): i32 {
  return groupIndexFind(group, address);
}
