// The address -> ENI tables of the image (src/compile/address-owners.ts) against a plain scan of the
// model written from the rules: a private IPv4 is delivered to its ENI in the VPC (the VPC's address
// index table, built from Owner4; ADDR-10 duplicates keep the ENI with the smallest id, C-4); an address owned anywhere in the model goes to
// the ENI in the VPC with the smallest id (Anywhere4, GW-3); a public IPv4 to the ENI with the
// smallest id carrying it (Public4, GW-3); a group's members are the private addresses of the ENIs
// carrying it (SG-4), each with its smallest-id ENI. Models with repeated addresses and public IPs
// (invalid, but compile must still be deterministic) on seeded generated topologies.
import { describe, expect, it } from 'vitest';
import { orderByKey } from '../../src/compile/address-owners.js';
import { compileTopology } from '../../src/compile/index.js';
import { section, sectionCount } from '../../src/compile/image.js';
import { generateTopology } from '../../src/generate/generate.js';
import type { NetworkInterface, Topology } from '../../src/model/types.js';
import { Section, VpcField } from '../../abi/image.js';
import { AddressIndexField, AddressIndexScopeField, AddressScope, Owner4Field, Public4Field } from '../../abi/image-addresses.js';
import { SecurityGroupField } from '../../abi/image-security-groups.js';
import { rng } from '../helpers/walk-differential.js';

/** A generated model where some ENIs take another ENI's private or public address, and some a second group. */
function messyTopology(seed: number): Topology {
  const t = generateTopology({ seed, vpcs: 6, subnetsPerVpc: 3, instancesPerSubnet: 4, hub: 'peering' });
  const random = rng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const enis = t.networkInterfaces.filter((e) => e.privateIps.some((ip) => ip.address?.family === 4));
  for (let i = 0; i < 60; i++) {
    const to = pick(enis);
    const from = pick(enis);
    const ip = to.privateIps.find((x) => x.address?.family === 4)!;
    const source = from.privateIps.find((x) => x.address?.family === 4)!;
    const r = random();
    if (r < 0.5) ip.address = source.address;
    else if (r < 0.8 && source.publicIp) ip.publicIp = source.publicIp;
    else if (from.securityGroupIds.length > 0 && !to.securityGroupIds.includes(from.securityGroupIds[0]!)) to.securityGroupIds.push(from.securityGroupIds[0]!);
  }
  return t;
}

/** C-4: position a before position b in id order (position on equal ids). */
const before = (list: readonly { id: string }[]) => (a: number, b: number) => list[a]!.id < list[b]!.id || (list[a]!.id === list[b]!.id && a < b);

function expected(t: Topology) {
  const vpcOfSubnet = new Map(t.subnets.map((s) => [s.id, t.vpcs.findIndex((v) => v.id === s.vpcId)]));
  const eniBefore = before(t.networkInterfaces);
  const vpcBefore = before(t.vpcs);
  const ipv4 = (e: NetworkInterface) => e.privateIps.filter((ip) => ip.address?.family === 4).map((ip) => Number(ip.address!.value));
  const smallest = (map: Map<number, number>, key: number, e: number) => {
    const current = map.get(key);
    if (current === undefined || eniBefore(e, current)) map.set(key, e);
  };
  const owner4 = t.vpcs.map(() => new Map<number, number>());
  const groups = t.securityGroups.map(() => new Map<number, number>());
  const public4 = new Map<number, [number, number]>();
  t.networkInterfaces.forEach((eni, e) => {
    const v = vpcOfSubnet.get(eni.subnetId) ?? -1;
    for (const a of ipv4(eni)) if (v >= 0) smallest(owner4[v]!, a, e);
    for (const id of new Set(eni.securityGroupIds)) {
      const g = t.securityGroups.findIndex((x) => x.id === id);
      if (g >= 0) for (const a of ipv4(eni)) smallest(groups[g]!, a, e);
    }
    // The primary address is listed first (TRACE-2); on the same ENI the first listed wins.
    const ips = [...eni.privateIps].sort((x, y) => Number(y.primary) - Number(x.primary));
    for (const ip of ips) {
      if (ip.address?.family !== 4 || !ip.publicIp) continue;
      const key = Number(ip.publicIp.value);
      const current = public4.get(key);
      if (current === undefined || (current[1] !== e && eniBefore(e, current[1]))) public4.set(key, [Number(ip.address.value), e]);
    }
  });
  const anywhere4 = new Map<number, [number, number]>();
  owner4.forEach((inVpc, v) => {
    for (const [a, e] of inVpc) {
      const current = anywhere4.get(a);
      if (!current || vpcBefore(v, current[0]) || (v === current[0] && eniBefore(e, current[1]))) anywhere4.set(a, [v, e]);
    }
  });
  const sorted = <V>(map: Map<number, V>) => [...map].sort((x, y) => x[0] - y[0]);
  return {
    owner4: owner4.map((m) => sorted(m)),
    anywhere4: sorted(anywhere4).map(([a, [, e]]) => [a, e]),
    public4: sorted(public4).map(([p, [a, e]]) => [p, a, e]),
    groups: groups.map((m) => sorted(m)),
  };
}

function compiled(t: Topology) {
  const words = compileTopology(t).words;
  const table = (s: Section, stride: number) => {
    const rows = section(words, s, stride);
    return (r: number, f: number) => rows[r * stride + f]!;
  };
  const vpc = table(Section.Vpc, VpcField.Stride);
  const sg = table(Section.SecurityGroup, SecurityGroupField.Stride);
  const anywhere = table(Section.Anywhere4, Owner4Field.Stride);
  const publics = table(Section.Public4, Public4Field.Stride);
  const index = table(Section.AddressIndex4, AddressIndexField.Stride);
  const scopes = table(Section.AddressIndexScope, AddressIndexScopeField.Stride);
  const vpcCount = sectionCount(words, Section.Vpc);
  // The (address, ENI) pairs of a scope's address index table (every used slot), sorted by address:
  // the image keeps no Owner4 / GroupMember4 records (they are the index's sources).
  const scopeTable = (d: number) => {
    const start = scopes(d, AddressIndexScopeField.Start);
    const pairs: [number, number][] = [];
    for (let i = 0; i <= scopes(d, AddressIndexScopeField.Mask); i++) {
      if (index(start + i, AddressIndexField.Value) !== AddressScope.Empty) pairs.push([index(start + i, AddressIndexField.Address) >>> 0, index(start + i, AddressIndexField.Value)]);
    }
    return pairs.sort((x, y) => x[0] - y[0]);
  };
  const range = (start: number, count: number) => Array.from({ length: count }, (_, i) => start + i);
  expect(sectionCount(words, Section.Owner4)).toBe(0);
  expect(sectionCount(words, Section.GroupMember4)).toBe(0);
  return {
    owner4: range(0, vpcCount).map((v) => {
      expect(scopeTable(v)).toHaveLength(vpc(v, VpcField.Owner4Count));
      return scopeTable(v);
    }),
    anywhere4: range(0, sectionCount(words, Section.Anywhere4)).map((o) => [anywhere(o, Owner4Field.Address) >>> 0, anywhere(o, Owner4Field.Eni)]),
    // Public4 is the Public scope's table: its used slots, by public address.
    public4: range(0, sectionCount(words, Section.Public4)).filter((p) => publics(p, Public4Field.Eni) !== AddressScope.Empty)
      .map((p) => [publics(p, Public4Field.Public) >>> 0, publics(p, Public4Field.Private) >>> 0, publics(p, Public4Field.Eni)]).sort((x, y) => x[0]! - y[0]!),
    groups: range(0, sectionCount(words, Section.SecurityGroup)).map((g) => {
      expect(scopeTable(vpcCount + g)).toHaveLength(sg(g, SecurityGroupField.Member4Count));
      return scopeTable(vpcCount + g);
    }),
  };
}

describe('address owner tables (C-4 on repeated addresses)', () => {
  for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
    it(`seed ${seed}: Owner4, Anywhere4, Public4 and group members are the plain scan's`, () => {
      const t = messyTopology(seed);
      const want = expected(t);
      const got = compiled(t);
      // The mutations made ties: at least one address is held twice in some VPC or group.
      const held = t.networkInterfaces.flatMap((e) => e.privateIps.map((ip) => ip.address?.value));
      expect(new Set(held).size).toBeLessThan(held.length);
      expect(got.owner4).toEqual(want.owner4);
      expect(got.anywhere4).toEqual(want.anywhere4);
      expect(got.public4).toEqual(want.public4);
      expect(got.groups).toEqual(want.groups);
    });
  }
});

describe('orderByKey', () => {
  it('orders positions by (unsigned key, position), whether the keys come sorted, sorted but for a tail (ties with the head included), repeated or in any order', () => {
    const random = rng(11);
    const cases: number[][] = [[], [7], [3, 3, 3], [1, 2, 2, 5, 9], [9, 5, 2, 2, 1], [0, 4294967295, 0, 4294967295]];
    for (let c = 0; c < 30; c++) {
      const n = 1 + Math.floor(random() * 300);
      const keys = Array.from({ length: n }, () => Math.floor(random() * (c % 3 === 0 ? 5 : 4294967296)));
      if (c % 2 === 0) keys.sort((a, b) => a - b); // sorted, with ties
      if (c % 4 === 2) keys.push(keys[0]! - 1 < 0 ? 0 : keys[0]! - 1); // sorted but for the last key
      cases.push(keys);
    }
    for (const keys of cases) {
      const want = keys.map((_, i) => i).sort((a, b) => keys[a]! - keys[b]! || a - b);
      expect([...orderByKey(Float64Array.from(keys), keys.length)], keys.join(',')).toEqual(want);
    }
  });
});
