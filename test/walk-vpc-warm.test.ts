// The grouped walk warms each VPC's records ahead of its flows (assembly/vpc-warm.ts) from lists built
// per loaded image: per VPC, the cache lines its records occupy in the sections its flows read. A list
// must hold every line of those records (else warming saves little) and no other line (else it reads
// other VPCs' records: a VPC's records need not lie together), and warming must never change a verdict.
import { readFile } from 'node:fs/promises';
import { instantiate } from '@assemblyscript/loader';
import { beforeAll, describe, expect, it } from 'vitest';
import { WALK_ORDER_MIN_FLOWS } from '../abi/batch.js';
import { EniDetailField, EniField, Header, NaclEntryField, NaclField, Section, SubnetField } from '../abi/image.js';
import { RouteField, RouteTableField } from '../abi/image-routes.js';
import { AddressIndexField, AddressIndexScopeField, Public4Field } from '../abi/image-addresses.js';
import { EniRuleField, SecurityGroupField, SgRuleField } from '../abi/image-security-groups.js';
import { sampleFlows, sliceBatch } from '../bench/flow-mix.js';
import { createEngine, type Engine, type EngineExports } from '../bindings/engine.js';
import { wasmPath } from '../bindings/node.js';
import { compileTopology } from '../src/compile/index.js';
import { generateTopology } from '../src/generate/generate.js';
import type { Topology } from '../src/model/types.js';

const SECTIONS = ['Eni', 'EniDetail', 'EniRule', 'SgRule', 'Subnet', 'Route', 'NaclEntry', 'AddressIndex4', 'Public4'] as const;
type SectionName = (typeof SECTIONS)[number];

interface WarmExports {
  warmVpcLine(v: number, k: number): number;
  warmVpcCount(): number;
}

/** Byte ranges in the image of the records each VPC's flows read, per warmed section, from the image's own words. */
function recordsOfVpcs(words: Int32Array): Map<SectionName, Array<Array<[number, number]>>> {
  const offset = (s: Section) => words[Header.FirstSection + 2 * s]!;
  const count = (s: Section) => words[Header.FirstSection + 2 * s + 1]!;
  const at = (s: Section, stride: number, i: number) => offset(s) + i * stride;
  const word = (s: Section, stride: number, i: number, f: number) => words[at(s, stride, i) + f]!;
  const vpcs = count(Section.Vpc);
  const out = new Map<SectionName, Array<Array<[number, number]>>>(SECTIONS.map((r) => [r, Array.from({ length: vpcs }, () => [])]));
  const add = (r: SectionName, v: number, s: Section, stride: number, i: number) => out.get(r)![v]!.push([4 * at(s, stride, i), 4 * at(s, stride, i + 1)]);
  for (let e = 0; e < count(Section.Eni); e++) {
    const v = word(Section.Eni, EniField.Stride, e, EniField.Vpc);
    if (v < 0) continue;
    add('Eni', v, Section.Eni, EniField.Stride, e);
    add('EniDetail', v, Section.EniDetail, EniDetailField.Stride, e);
    const first = word(Section.Eni, EniField.Stride, e, EniField.IngressStart);
    const rules = word(Section.Eni, EniField.Stride, e, EniField.IngressCount) + word(Section.Eni, EniField.Stride, e, EniField.EgressCount);
    for (let k = first; k < first + rules; k++) {
      add('EniRule', v, Section.EniRule, EniRuleField.Stride, k);
      add('SgRule', v, Section.SgRule, SgRuleField.Stride, word(Section.EniRule, EniRuleField.Stride, k, EniRuleField.Rule));
    }
  }
  for (let s = 0; s < count(Section.Subnet); s++) {
    const v = word(Section.Subnet, SubnetField.Stride, s, SubnetField.Vpc);
    add('Subnet', v, Section.Subnet, SubnetField.Stride, s);
    const rt = word(Section.Subnet, SubnetField.Stride, s, SubnetField.RouteTable);
    const routes = word(Section.RouteTable, RouteTableField.Stride, rt, RouteTableField.Route4Start);
    for (let k = 0; k < word(Section.RouteTable, RouteTableField.Stride, rt, RouteTableField.Route4Count); k++) add('Route', v, Section.Route, RouteField.Stride, routes + k);
    const nacl = word(Section.Subnet, SubnetField.Stride, s, SubnetField.Nacl);
    for (const [start, n] of [[NaclField.Ingress4Start, NaclField.Ingress4Count], [NaclField.Egress4Start, NaclField.Egress4Count]] as const) {
      const first = word(Section.Nacl, NaclField.Stride, nacl, start);
      for (let k = 0; k < word(Section.Nacl, NaclField.Stride, nacl, n); k++) add('NaclEntry', v, Section.NaclEntry, NaclEntryField.Stride, first + k);
    }
  }
  // The address table of the VPC, and (SG-4) of each of its security groups: scopes after the VPCs'.
  const table = (v: number, scope: number) => {
    const first = word(Section.AddressIndexScope, AddressIndexScopeField.Stride, scope, AddressIndexScopeField.Start);
    const slots = word(Section.AddressIndexScope, AddressIndexScopeField.Stride, scope, AddressIndexScopeField.Mask) + 1;
    for (let k = 0; k < slots; k++) add('AddressIndex4', v, Section.AddressIndex4, AddressIndexField.Stride, first + k);
  };
  for (let v = 0; v < vpcs; v++) table(v, v);
  // GW-3: the Public4 slots holding the public addresses of the VPC's ENIs.
  for (let k = 0; k < count(Section.Public4); k++) {
    const e = word(Section.Public4, Public4Field.Stride, k, Public4Field.Eni);
    if (e >= 0) add('Public4', word(Section.Eni, EniField.Stride, e, EniField.Vpc), Section.Public4, Public4Field.Stride, k);
  }
  for (let g = 0; g < count(Section.SecurityGroup); g++) table(word(Section.SecurityGroup, SecurityGroupField.Stride, g, SecurityGroupField.Vpc), vpcs + g);
  return out;
}

/** The 64-byte lines (image byte offset / 64) of byte ranges. */
function linesOf(ranges: Array<[number, number]>): Set<number> {
  const out = new Set<number>();
  for (const [from, to] of ranges) for (let line = Math.floor(from / 64); line < Math.ceil(to / 64); line++) out.add(line);
  return out;
}

describe('warming a VPC ahead of its flows (assembly/vpc-warm.ts)', () => {
  let engine: Engine;
  let raw: WarmExports;
  beforeAll(async () => {
    const { exports } = await instantiate(await readFile(wasmPath('debug')), {});
    raw = exports as unknown as WarmExports;
    engine = createEngine(exports as unknown as EngineExports);
  });

  /** The lines the engine warms for VPC v. */
  const warmedLines = (v: number): number[] => {
    const count = raw.warmVpcLine(v, -1);
    return Array.from({ length: Math.max(count, 0) }, (_, k) => raw.warmVpcLine(v, k) / 64);
  };

  /** Checks each VPC's list against the lines of its records; returns the lists' lengths. */
  const expectListsOfRecords = (words: Int32Array, vpcs: number): number[] => {
    const records = recordsOfVpcs(words);
    return Array.from({ length: vpcs }, (_, v) => {
      const wanted = linesOf(SECTIONS.flatMap((name) => records.get(name)![v]!));
      for (const name of SECTIONS) if (name !== 'Public4') expect(records.get(name)![v]!.length, `${name} of VPC ${v} has records`).toBeGreaterThan(0);
      const listed = warmedLines(v);
      expect([...new Set(listed)].sort((a, b) => a - b), `lines of VPC ${v}`).toEqual([...wanted].sort((a, b) => a - b));
      // Each line once, or nearly (a line shared with another VPC's records may come back): the
      // rule lists its ENIs share are not listed once per ENI.
      expect(listed.length, `lines of VPC ${v} listed twice`).toBeLessThanOrEqual(Math.ceil(1.05 * wanted.size));
      return listed.length;
    });
  };

  for (const hub of ['peering', 'tgw'] as const) {
    it(`lists every line of each VPC's records in the warmed sections, and no other (${hub} hub)`, () => {
      const t = generateTopology({ seed: 21, vpcs: 12, subnetsPerVpc: 4, instancesPerSubnet: 3, hub });
      const image = compileTopology(t);
      engine.reset();
      engine.loadNetwork(image);
      expectListsOfRecords(image.words, t.vpcs.length);
      expect(recordsOfVpcs(image.words).get('Public4')!.some((list) => list.length > 0), 'some VPC has public addresses').toBe(true);
      // A VPC the image does not have: nothing.
      expect(raw.warmVpcLine(t.vpcs.length, -1)).toBe(-1);
    });
  }

  it('lists a VPC whose records lie apart (its ENIs at both ends of the list) line by line; grouped and input-order verdicts agree', () => {
    const t: Topology = generateTopology({ seed: 4, vpcs: 10, subnetsPerVpc: 2, instancesPerSubnet: 4, hub: 'peering' });
    const subnetVpc = new Map(t.subnets.map((s) => [s.id, s.vpcId]));
    const first = t.vpcs[0]!.id;
    const mine = t.networkInterfaces.filter((e) => subnetVpc.get(e.subnetId) === first);
    const others = t.networkInterfaces.filter((e) => subnetVpc.get(e.subnetId) !== first);
    t.networkInterfaces = [mine[0]!, ...others, ...mine.slice(1)];
    const image = compileTopology(t);
    engine.reset();
    engine.loadNetwork(image);
    const lengths = expectListsOfRecords(image.words, t.vpcs.length);
    // Far fewer lines than the span of VPC 0's ENI records.
    expect(lengths[0]!).toBeLessThan(2 * Math.max(...lengths.slice(1)));
    // Grouped (a batch of WALK_ORDER_MIN_FLOWS or more) and in input order (batches below it) agree.
    const n = 4 * WALK_ORDER_MIN_FLOWS;
    const { batch } = sampleFlows(t, n, 99);
    const grouped = engine.walkBatch(batch).verdicts;
    expect(Array.from(grouped)).toEqual(Array.from(inputOrder(batch, n)));
    expect(new Set(grouped).size).toBeGreaterThan(2);
  });

  /** Verdicts of the batch walked in input order: batches below WALK_ORDER_MIN_FLOWS. */
  const inputOrder = (batch: ReturnType<typeof sampleFlows>['batch'], n: number): Int32Array => {
    const out = new Int32Array(n);
    const part = WALK_ORDER_MIN_FLOWS - 24;
    for (let a = 0; a < n; a += part) out.set(engine.walkBatch(sliceBatch(batch, a, Math.min(n, a + part))).verdicts, a);
    return out;
  };

  it('warms VPCs on an image of 4 MB or more and leaves every verdict as walked in input order; not on a small image', () => {
    const big = generateTopology({ seed: 6, vpcs: 300, subnetsPerVpc: 10, instancesPerSubnet: 10, hub: 'peering' });
    const image = compileTopology(big);
    expect(image.words.byteLength).toBeGreaterThan(4 << 20);
    engine.reset();
    engine.loadNetwork(image);
    // ~65 flows a VPC: enough for a VPC to be warmed (32 rows or more in the window).
    const n = 20_000;
    const { batch } = sampleFlows(big, n, 31);
    const grouped = engine.walkBatch(batch).verdicts;
    const warmedVpcs = raw.warmVpcCount();
    expect(warmedVpcs, 'VPCs warmed').toBeGreaterThan(big.vpcs.length / 2);
    expect(warmedVpcs).toBeLessThanOrEqual(big.vpcs.length);
    expect(Array.from(grouped)).toEqual(Array.from(inputOrder(batch, n)));
    expect(new Set(grouped).size).toBeGreaterThan(3);
    // A 1.9 MB image (100 VPCs) stays cached: grouped, nothing warmed.
    const small = generateTopology({ seed: 5, vpcs: 100, subnetsPerVpc: 10, instancesPerSubnet: 10, hub: 'peering' });
    engine.reset();
    engine.loadNetwork(compileTopology(small));
    engine.walkBatch(sampleFlows(small, 4 * WALK_ORDER_MIN_FLOWS, 32).batch);
    expect(raw.warmVpcCount()).toBe(0);
  });

  it('lists the records of the image loaded now (a smaller image after a larger one)', () => {
    const big = generateTopology({ seed: 2, vpcs: 12, subnetsPerVpc: 4, instancesPerSubnet: 3, hub: 'peering' });
    const small = generateTopology({ seed: 3, vpcs: 3, subnetsPerVpc: 2, instancesPerSubnet: 2, hub: 'peering' });
    engine.reset();
    engine.loadNetwork(compileTopology(big));
    expect(raw.warmVpcLine(10, -1)).toBeGreaterThan(0);
    const image = compileTopology(small);
    engine.loadNetwork(image);
    expect(raw.warmVpcLine(10, -1)).toBe(-1);
    expectListsOfRecords(image.words, small.vpcs.length);
  });
});
