// The compiled IPv4 address index (src/compile/address-index.ts): one open-addressing table per scope
// (each VPC, each group, Public) found through AddressIndexScope. Probed here the way
// assembly/address-index.ts probes it: every private address finds its owner in its own VPC only
// (ADDR-10), every group member finds its group (SG-4), every public IPv4 its Public4 record (GW-3),
// and no table is more than half full.
import { describe, expect, it } from 'vitest';
import { addressSlot } from '../src/compile/address-index.js';
import { compileTopology } from '../src/compile/index.js';
import { section, sectionCount } from '../src/compile/image.js';
import { Section } from '../abi/image.js';
import { AddressIndexField, AddressIndexScopeField, AddressScope, Public4Field } from '../abi/image-addresses.js';
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
  return scope & AddressScope.Group ? vpcCount + (scope & ~AddressScope.Group) : scope;
}

const publics = section(words, Section.Public4, Public4Field.Stride);
const publicSlots = sectionCount(words, Section.Public4);

/** The engine's lookup: the scope's table, linear probing from addressSlot (the Public scope's table is Public4: the slot). */
function find(scope: number, address: number): number {
  if (scope === AddressScope.Public) {
    const mask = publicSlots - 1;
    for (let i = addressSlot(address, mask), probes = 0; probes <= mask; i = (i + 1) & mask, probes++) {
      if (get(publics, Public4Field.Stride, i, Public4Field.Eni) === AddressScope.Empty) return NONE;
      if (get(publics, Public4Field.Stride, i, Public4Field.Public) === address) return i;
    }
    return NONE;
  }
  const d = scopeSlot(scope);
  const start = get(scopes, AddressIndexScopeField.Stride, d, AddressIndexScopeField.Start);
  const mask = get(scopes, AddressIndexScopeField.Stride, d, AddressIndexScopeField.Mask);
  if (mask < 0) return NONE;
  for (let i = addressSlot(address, mask), probes = 0; probes <= mask; i = (i + 1) & mask, probes++) {
    const r = start + i;
    const value = get(index, AddressIndexField.Stride, r, AddressIndexField.Value);
    if (value === AddressScope.Empty) return NONE;
    if (get(index, AddressIndexField.Stride, r, AddressIndexField.Address) === address) return value;
  }
  return NONE;
}

describe('IPv4 address index, one table per scope', () => {
  it('has one directory record per VPC and group, each table at most half full, and Public4 a half-full table of a power of two slots', () => {
    expect(scopes.length / AddressIndexScopeField.Stride).toBe(vpcCount + groupCount);
    let used = 0;
    for (let p = 0; p < publicSlots; p++) if (get(publics, Public4Field.Stride, p, Public4Field.Eni) !== AddressScope.Empty) used++;
    expect(used).toBeGreaterThan(0);
    expect(publicSlots & (publicSlots - 1)).toBe(0);
    expect(2 * used).toBeLessThanOrEqual(publicSlots);
    for (let d = 0; d < vpcCount + groupCount; d++) {
      const start = get(scopes, AddressIndexScopeField.Stride, d, AddressIndexScopeField.Start);
      const slots = get(scopes, AddressIndexScopeField.Stride, d, AddressIndexScopeField.Mask) + 1;
      let used = 0;
      for (let i = start; i < start + slots; i++) if (get(index, AddressIndexField.Stride, i, AddressIndexField.Value) !== AddressScope.Empty) used++;
      expect(2 * used, `scope ${d}`).toBeLessThanOrEqual(slots);
    }
  });

  it('finds each private address in its own VPC only (ADDR-10)', () => {
    const vpcOfSubnet = new Map(t.subnets.map((s) => [s.id, t.vpcs.findIndex((v) => v.id === s.vpcId)]));
    let checked = 0;
    t.networkInterfaces.forEach((eni, e) => {
      const v = vpcOfSubnet.get(eni.subnetId)!;
      for (const ip of eni.privateIps) {
        if (ip.address?.family !== 4) continue;
        // Generated addresses are distinct: the ENI holding it is its owner.
        expect(find(v, Number(ip.address.value) | 0)).toBe(e);
        // Generated VPCs do not overlap: another VPC does not hold it.
        expect(find((v + 1) % vpcCount, Number(ip.address.value) | 0)).toBe(NONE);
        checked++;
      }
    });
    expect(checked).toBeGreaterThan(200);
  });

  it('finds group members in their group (SG-4) and public IPv4s (GW-3)', () => {
    let checked = 0;
    for (const eni of t.networkInterfaces) {
      for (const id of eni.securityGroupIds) {
        const g = t.securityGroups.findIndex((sg) => sg.id === id);
        for (const ip of eni.privateIps) {
          if (ip.address?.family !== 4) continue;
          expect(find(g | AddressScope.Group, Number(ip.address.value) | 0)).toBeGreaterThanOrEqual(0);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(200);
    expect(sectionCount(words, Section.Owner4)).toBe(0);
    expect(sectionCount(words, Section.GroupMember4)).toBe(0);
    let found = 0;
    for (let p = 0; p < publicSlots; p++) {
      if (get(publics, Public4Field.Stride, p, Public4Field.Eni) === AddressScope.Empty) continue;
      expect(find(AddressScope.Public, get(publics, Public4Field.Stride, p, Public4Field.Public))).toBe(p);
      found++;
    }
    expect(found).toBeGreaterThan(0);
    expect(find(AddressScope.Public, 0x01020304)).toBe(NONE);
  });
});
