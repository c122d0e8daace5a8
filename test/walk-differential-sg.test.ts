// Security groups stressed (issue 18: the engine precompiles each ENI rule range's TCP and UDP rules
// into port classes, assembly/sg-table.ts). The AWS rules are in the Amazon VPC User Guide's
// "Security group rules" (any rule that matches allows, SG-1..SG-3: protocol, port range, source or
// destination as a CIDR, a prefix list or a security group) and "Update your security groups to
// reference peer security groups" (SG-5). Random topologies with many groups per ENI, many
// overlapping rules per group, every protocol (all, TCP, UDP, ICMP, ICMPv6, GRE), port ranges at the
// edges (0, 1, 65535), IPv4 and IPv6 peers, prefix lists, group references within and across
// peerings, multi-address ENIs; flows with destination and source ports at and around every edge.
// The engine, traced (hops and the allowing rule each hop names) must agree with the reference walk
// (the spec) exactly, and untraced batches, grouped and in input order, with and without the verdict
// memo, must give the traced verdicts.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadEngine } from '../bindings/node.js';
import type { Engine } from '../bindings/engine.js';
import { Code, HopKind } from '../src/analyze/codes.js';
import { topology } from '../src/builder/index.js';
import type { SecurityGroupRuleSpec } from '../src/builder/rules.js';
import { compileTopology, section } from '../src/compile/index.js';
import { EniField, EniFlag, Section } from '../abi/image.js';
import { parsePrefix } from '../src/model/ip.js';
import type { SecurityGroupRule } from '../src/model/types.js';
import type { Topology } from '../src/model/types.js';
import { randomCases, rng, runDifferential, toBatch, type Case } from './helpers/walk-differential.js';

const EDGES = [0, 1, 2, 21, 22, 23, 80, 443, 1023, 1024, 3306, 8080, 32767, 32768, 49151, 65534, 65535];

/** Three peered VPCs (A has IPv6), groups with many random rules, instances carrying 1-6 of them. */
function sgTopology(seed: number): Topology {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const vpcs = [
    { name: 'A', cidr: '10.1.0.0/16', v6: '2600:1f18:1::/56' },
    { name: 'B', cidr: '10.2.0.0/16' },
    { name: 'C', cidr: '10.3.0.0/16' },
  ];
  const groups = vpcs.flatMap((v) => [0, 1, 2, 3, 4, 5].map((g) => `${v.name}Sg${g}`));
  const cidrs = ['0.0.0.0/0', '::/0', '10.0.0.0/8', '10.1.0.0/16', '10.2.0.0/16', '10.3.0.0/16', '10.1.1.0/24', '10.2.1.0/25', '10.3.1.128/25', '10.1.1.10/32', '198.51.100.0/24', '198.51.100.0/25', '2600:1f18:1::/56', '2600:1f18:1::/64', '2600:1f18:1:1::/64', '2001:db8::/32'];
  const ports = (): SecurityGroupRuleSpec['ports'] => {
    const roll = r();
    if (roll < 0.15) return undefined;
    if (roll < 0.5) return pick(EDGES);
    const a = roll < 0.8 ? pick(EDGES) : Math.floor(r() * 65536);
    const b = roll < 0.8 ? pick(EDGES) : Math.floor(r() * 65536);
    return [Math.min(a, b), Math.max(a, b)];
  };
  const rule = (): SecurityGroupRuleSpec => {
    const protocol = pick(['tcp', 'tcp', 'tcp', 'udp', 'udp', 'icmp', 'icmpv6', 'all', 47] as const);
    const roll = r();
    const peer = roll < 0.45 ? { cidr: pick(cidrs) } : roll < 0.8 ? { sg: pick(groups) } : { prefixList: pick(['Pl4', 'Pl6']) };
    if (protocol === 'tcp' || protocol === 'udp') return { protocol, ports: ports(), ...peer } as SecurityGroupRuleSpec;
    if (protocol === 'icmp' || protocol === 'icmpv6') {
      const icmp = r() < 0.4 ? {} : r() < 0.5 ? { type: pick([0, 3, 8, 128]) } : { type: pick([3, 8, 128]), code: pick([0, 1]) };
      return { protocol, icmp, ...peer } as SecurityGroupRuleSpec;
    }
    return { protocol, ...peer } as SecurityGroupRuleSpec;
  };
  let b = topology({ region: 'us-east-1' })
    .prefixList('Pl4', ['10.1.1.0/26', '10.2.0.0/20', '198.51.100.128/25'])
    .prefixList('Pl6', ['2600:1f18:1:1::/64', '2600:1f18:1:2::/80']);
  for (const v of vpcs) {
    b = b.vpc(`Vpc${v.name}`, v.cidr, (x) => {
      if (v.v6) x.ipv6Cidr(v.v6);
      const base = v.cidr.split('.').slice(0, 2).join('.');
      x.subnet(`${v.name}S1`, `${base}.1.0/24`, v.v6 ? { ipv6: '2600:1f18:1:1::/64' } : {}).subnet(`${v.name}S2`, `${base}.2.0/24`, v.v6 ? { ipv6: '2600:1f18:1:2::/64' } : {});
      if (v.name === 'A') x.internetGateway('AIgw');
      for (const g of [0, 1, 2, 3, 4, 5]) {
        x.securityGroup(`${v.name}Sg${g}`, (sg) => {
          const ingress = 1 + Math.floor(r() * (g === 5 ? 30 : 10));
          for (let i = 0; i < ingress; i++) sg.ingress(rule());
          // Some groups keep the default egress rule (all traffic anywhere), some none, some their own.
          const egress = r();
          if (egress < 0.3) sg.noEgress();
          else if (egress < 0.7) for (let i = 0; i < 1 + Math.floor(r() * 8); i++) sg.egress(rule());
        });
      }
      const peers = vpcs.filter((p) => p.name !== v.name);
      x.routeTable(`${v.name}Rt`, { subnets: [`${v.name}S1`, `${v.name}S2`] }, (rt) => {
        for (const p of peers) rt.route(p.cidr, { pcx: v.name < p.name ? `Pcx${v.name}${p.name}` : `Pcx${p.name}${v.name}` });
        if (v.name === 'A') rt.route('0.0.0.0/0', { igw: 'AIgw' }).route('::/0', { igw: 'AIgw' });
      });
      for (let i = 0; i < 16; i++) {
        const subnet = i % 2 ? `${v.name}S2` : `${v.name}S1`;
        const n = 1 + Math.floor(r() * 6);
        // Own groups, in random order, sometimes a repeat; the builder keeps them as given.
        const sgs = Array.from({ length: n }, () => `${v.name}Sg${Math.floor(r() * 6)}`);
        const ip = `${base}.${subnet.endsWith('1') ? 1 : 2}.${10 + i}`;
        const secondaryIps = r() < 0.3 ? [`${base}.${subnet.endsWith('1') ? 1 : 2}.${100 + i}`] : undefined;
        x.instance(`${v.name}Host${i}`, { subnet, sgs, ip, ...(secondaryIps ? { secondaryIps } : {}), ...(v.v6 ? { ipv6Count: 1 } : {}), ...(v.name === 'A' && i < 6 ? { publicIp: true } : {}) });
      }
    });
  }
  return b.peering('PcxAB', 'VpcA', 'VpcB').peering('PcxAC', 'VpcA', 'VpcC').peering('PcxBC', 'VpcB', 'VpcC').build();
}

/** The cases with TCP/UDP destination and source ports drawn at and around the rules' edges. */
function edgePorts(t: Topology, cases: Case[], seed: number): Case[] {
  const r = rng(seed);
  const near = new Set(EDGES);
  for (const g of t.securityGroups) for (const x of [...g.ingress, ...g.egress]) if (x.fromPort >= 0) [x.fromPort - 1, x.fromPort, x.toPort, x.toPort + 1].forEach((p) => near.add(p));
  const ports = [...near].filter((p) => p >= 0 && p <= 65535);
  const port = () => (r() < 0.8 ? ports[Math.floor(r() * ports.length)]! : Math.floor(r() * 65536));
  return cases.map((c) => (c.flow.protocol === 6 || c.flow.protocol === 17 ? { ...c, flow: { ...c.flow, dstPort: port(), srcPort: port() } } : c));
}

describe('security groups stressed: engine (precompiled port classes) vs reference walk', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await loadEngine({ build: 'debug' });
  });

  it('the port classes follow the image: a second image loaded without reset() gets its own (sg-table.ts keys them by image)', async () => {
    const fresh = await loadEngine({ build: 'debug' });
    // The same ENIs, rule ranges and peers, TCP and UDP swapped: a stale table would list the first image's rules.
    const [a, b] = [sgTopology(4), sgTopology(4)];
    for (const g of b.securityGroups) for (const x of [...g.ingress, ...g.egress]) if (x.protocol === 6 || x.protocol === 17) x.protocol = 23 - x.protocol;
    const cases = edgePorts(b, randomCases(b, 1500, 9), 9);
    engine.reset();
    engine.loadNetwork(compileTopology(a));
    engine.walkBatch(toBatch(edgePorts(a, randomCases(a, 1500, 8), 8)), { memo: false });
    engine.loadNetwork(compileTopology(b));
    const afterA = engine.walkBatch(toBatch(cases), { memo: false }).verdicts.slice();
    fresh.loadNetwork(compileTopology(b));
    const alone = fresh.walkBatch(toBatch(cases), { memo: false }).verdicts.slice();
    expect(afterA).toEqual(alone);
  });

  for (const seed of [1, 2, 3]) {
    it(`agrees exactly, traced, and untraced grouped / input order / memo on and off (seed ${seed})`, () => {
      const t = sgTopology(seed);
      // Many groups per ENI and many rules per group: what the port classes are for.
      const perEni = t.networkInterfaces.map((e) => new Set(e.securityGroupIds).size);
      expect(Math.max(...perEni)).toBeGreaterThanOrEqual(4);
      const cases = edgePorts(t, randomCases(t, 2500, 1000 + seed), seed);
      const image = compileTopology(t);
      engine.reset();
      engine.loadNetwork(image);
      const outcome = runDifferential(engine, t, cases, { image });
      expect(outcome.mismatches.filter((m) => m).join('\n\n') + (outcome.mismatches.length ? `\n(${outcome.mismatches.length} mismatches of ${outcome.compared})` : '')).toBe('');
      expect(outcome.unsupported).toBe(0);
      // Both outcomes at the groups: flows pass them and flows are stopped by them.
      expect(outcome.crossed.get(HopKind.SECURITY_GROUP_INGRESS) ?? 0).toBeGreaterThan(200);
      expect(outcome.verdicts.get(Code.ENI_SG_RULES_MISMATCH) ?? 0).toBeGreaterThan(50);
      expect(outcome.verdicts.get(Code.REACHABLE) ?? 0).toBeGreaterThan(50);
      const traced = engine.walkBatch(toBatch(cases), { trace: true }).verdicts.slice();
      for (const memo of [true, false]) {
        // >= 1,024 flows: grouped by source VPC; in chunks of 500: input order.
        const grouped = engine.walkBatch(toBatch(cases), { memo }).verdicts.slice();
        expect(grouped, `grouped, memo ${memo}`).toEqual(traced);
        const ordered = new Int32Array(cases.length);
        for (let i = 0; i < cases.length; i += 500) ordered.set(engine.walkBatch(toBatch(cases.slice(i, i + 500)), { memo }).verdicts, i);
        expect(ordered, `input order, memo ${memo}`).toEqual(traced);
      }
    });
  }

  /** First egress rules that allow everything (EniFlag.EgressOpen4/6: no scan) and ones that nearly do. */
  const firstEgress = (group: string, k: number): SecurityGroupRule | undefined => {
    const cidr = (text: string) => ({ kind: 'cidr' as const, prefix: parsePrefix(text) });
    const all = { protocol: -1, fromPort: -1, toPort: -1 };
    return [
      { ...all, peer: cidr('0.0.0.0/0') },
      { ...all, peer: cidr('::/0') },
      { ...all, peer: cidr('10.1.0.0/17') },
      { ...all, peer: cidr('2600:1f18:1::/60') },
      { protocol: 6, fromPort: 0, toPort: 65535, peer: cidr('0.0.0.0/0') },
      { protocol: 58, fromPort: -1, toPort: -1, peer: cidr('::/0') },
      { ...all, peer: { kind: 'security-group' as const, groupId: group } },
      undefined,
    ][k % 8];
  };

  for (const seed of [5, 6]) {
    it(`agrees exactly when the first egress rule allows everything, or nearly (seed ${seed})`, () => {
      const t = sgTopology(seed);
      t.securityGroups.forEach((g, k) => {
        const rule = firstEgress(g.id, k + seed);
        if (rule) g.egress.unshift(rule);
      });
      const image = compileTopology(t);
      // Both flags occur (and not on every ENI).
      const enis = section(image.words, Section.Eni, EniField.Stride);
      const flags = t.networkInterfaces.map((_, e) => enis[e * EniField.Stride + EniField.Flags]!);
      for (const flag of [EniFlag.EgressOpen4, EniFlag.EgressOpen6]) {
        const n = flags.filter((f) => f & flag).length;
        expect(n, `ENIs with flag ${flag}`).toBeGreaterThan(3);
        expect(n).toBeLessThan(flags.length / 2);
      }
      const cases = edgePorts(t, randomCases(t, 2500, 2000 + seed), seed);
      engine.reset();
      engine.loadNetwork(image);
      const outcome = runDifferential(engine, t, cases, { image });
      expect(outcome.mismatches.filter((m) => m).join('\n\n')).toBe('');
      expect(outcome.crossed.get(HopKind.SECURITY_GROUP_EGRESS) ?? 0).toBeGreaterThan(500);
      expect(engine.walkBatch(toBatch(cases), { memo: false }).verdicts.slice()).toEqual(engine.walkBatch(toBatch(cases), { trace: true }).verdicts.slice());
    });
  }
});
