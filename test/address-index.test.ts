// The compiled IPv4 address index (src/compile/address-index.ts): one open-addressing table per scope
// (each VPC, each group, Public) found through AddressIndexScope. Probed here the way
// assembly/address-index.ts probes it: every private address finds its owner in its own VPC only
// (ADDR-10), every group member finds its group (SG-4), every public IPv4 its Public4 record (GW-3),
// and no table is more than half full.
import { describe, expect, it } from 'vitest';
import { addressSlot } from '../src/compile/address-index.js';
import { compileTopology } from '../src/compile/index.js';
import { section, sectionCount } from '../src/compile/image.js';
import { Section, VpcField } from '../abi/image.js';
import {
  AddressIndexField,
  AddressIndexScopeField,
  AddressScope,
  Owner4Field,
  Public4Field,
} from '../abi/image-addresses.js';
import { GroupMember4Field, SecurityGroupField } from '../abi/image-security-groups.js';
import { NONE } from '../abi/version.js';
import { generateTopology } from '../src/generate/generate.js';

const t = generateTopology({ seed: 9, vpcs: 12, subnetsPerVpc: 4, instancesPerSubnet: 5, hub: 'peering' });
const words = compileTopology(t).words;
const vpcCount = sectionCount(words, Section.Vpc);
const groupCount = sectionCount(words, Section.SecurityGroup);
const index = section(words, Section.AddressIndex4, AddressIndexField.Stride);
const scopes = section(words, Section.AddressIndexScope, AddressIndexScopeField.Stride);
const get = (table: Int32Array, stride: number, record: number, field: number) => table[record * stride + field]!;

function scopeSlot(scope: number): number {
  if (scope === AddressScope.Public) return vpcCount + groupCount;
  return scope & AddressScope.Group ? vpcCount + (scope & ~AddressScope.Group) : scope;
}

/** The engine's lookup: the scope's table, linear probing from addressSlot. */
function find(scope: number, address: number): number {
  const d = scopeSlot(scope);
  const start = get(scopes, AddressIndexScopeField.Stride, d, AddressIndexScopeField.Start);
  const mask = get(scopes, AddressIndexScopeField.Stride, d, AddressIndexScopeField.Mask);
  if (mask < 0) return NONE;
  for (let i = addressSlot(scope, address, mask), probes = 0; probes <= mask; i = (i + 1) & mask, probes++) {
    const r = start + i;
    const value = get(index, AddressIndexField.Stride, r, AddressIndexField.Value);
    if (value === AddressScope.Empty) return NONE;
    if (get(index, AddressIndexField.Stride, r, AddressIndexField.Address) === address) return value;
  }
  return NONE;
}

describe('IPv4 address index, one table per scope', () => {
  it('has one directory record per VPC, group and Public, each table at most half full', () => {
    expect(scopes.length / AddressIndexScopeField.Stride).toBe(vpcCount + groupCount + 1);
    for (let d = 0; d < vpcCount + groupCount + 1; d++) {
      const start = get(scopes, AddressIndexScopeField.Stride, d, AddressIndexScopeField.Start);
      const slots = get(scopes, AddressIndexScopeField.Stride, d, AddressIndexScopeField.Mask) + 1;
      let used = 0;
      for (let i = start; i < start + slots; i++) if (get(index, AddressIndexField.Stride, i, AddressIndexField.Value) !== AddressScope.Empty) used++;
      expect(2 * used, `scope ${d}`).toBeLessThanOrEqual(slots);
    }
  });

  it('finds each private address in its own VPC only (ADDR-10)', () => {
    const vpcs = section(words, Section.Vpc, VpcField.Stride);
    const owners = section(words, Section.Owner4, Owner4Field.Stride);
    let checked = 0;
    for (let v = 0; v < vpcCount; v++) {
      const start = get(vpcs, VpcField.Stride, v, VpcField.Owner4Start);
      for (let o = start; o < start + get(vpcs, VpcField.Stride, v, VpcField.Owner4Count); o++) {
        const address = get(owners, Owner4Field.Stride, o, Owner4Field.Address);
        expect(find(v, address)).toBe(get(owners, Owner4Field.Stride, o, Owner4Field.Eni));
        // Generated VPCs do not overlap: another VPC does not hold it.
        expect(find((v + 1) % vpcCount, address)).toBe(NONE);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(200);
  });

  it('finds group members in their group (SG-4) and public IPv4s (GW-3)', () => {
    const groups = section(words, Section.SecurityGroup, SecurityGroupField.Stride);
    const members = section(words, Section.GroupMember4, GroupMember4Field.Stride);
    let checked = 0;
    for (let g = 0; g < groupCount; g++) {
      const start = get(groups, SecurityGroupField.Stride, g, SecurityGroupField.Member4Start);
      for (let m = start; m < start + get(groups, SecurityGroupField.Stride, g, SecurityGroupField.Member4Count); m++) {
        expect(find(g | AddressScope.Group, get(members, GroupMember4Field.Stride, m, GroupMember4Field.Address))).toBeGreaterThanOrEqual(0);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(200);
    const publics = section(words, Section.Public4, Public4Field.Stride);
    const count = sectionCount(words, Section.Public4);
    expect(count).toBeGreaterThan(0);
    for (let p = 0; p < count; p++) expect(find(AddressScope.Public, get(publics, Public4Field.Stride, p, Public4Field.Public))).toBe(p);
    expect(find(AddressScope.Public, 0x01020304)).toBe(NONE);
  });
});
