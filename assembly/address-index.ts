// Lookups in the IPv4 address index (Section.AddressIndex4, built by src/compile/address-index.ts):
// linear probing from the slot of (scope, address); the table is at most half full, so a probe
// ends at the key or at an empty slot, usually in the first cache line.
import { AddressIndexField, AddressScope, NONE, Section } from '../src/compile/layout';
import { field, record, recordCount } from './image';

/** Must equal addressSlot in src/compile/address-index.ts. */
// @ts-ignore: decorator
@inline function slotOf(scope: i32, address: u32, mask: u32): u32 {
  let h: u32 = ((<u32>scope ^ 0x9e3779b9) * 0x85ebca6b) ^ address;
  h = (h ^ (h >>> 16)) * 0x7feb352d;
  h ^= h >>> 15;
  return h & mask;
}

/** The Value stored for (scope, address), or NONE. */
export function addressIndexFind(scope: i32, address: u32): i32 {
  const n = recordCount(Section.AddressIndex4);
  if (n == 0) return NONE;
  const mask = <u32>n - 1;
  let i = slotOf(scope, address, mask);
  for (let probes: u32 = 0; probes <= mask; probes++) {
    const r = record(Section.AddressIndex4, AddressIndexField.Stride, <i32>i);
    const s = field(r, AddressIndexField.Scope);
    if (s == AddressScope.Empty) return NONE;
    if (s == scope && <u32>field(r, AddressIndexField.Address) == address) return field(r, AddressIndexField.Value);
    i = (i + 1) & mask;
  }
  return NONE;
}

/** The first slot probed for (scope, address): where a lookup will read (warmFlow touches it early). */
export function addressIndexSlot(scope: i32, address: u32): usize {
  const n = recordCount(Section.AddressIndex4);
  if (n == 0) return 0;
  return record(Section.AddressIndex4, AddressIndexField.Stride, <i32>slotOf(scope, address, <u32>n - 1));
}

/** The ENI holding IPv4 `address` as a private address in VPC `vpc` (ADDR-10), or NONE. */
// @ts-ignore: decorator
@inline export function ownerInVpc4(vpc: i32, address: u32): i32 {
  return addressIndexFind(vpc, address);
}

/** SG-4: the ENI with the smallest id holding IPv4 `address` and carrying group `group`, or NONE. */
// @ts-ignore: decorator
@inline export function groupMemberEni4(group: i32, address: u32): i32 {
  return addressIndexFind(group | AddressScope.Group, address);
}
