// SG-4's group peers decided by the flow's origin (assembly/sg.ts originMember): when the origin holds
// the peer address as its primary IPv4 and is in the referenced group's VPC, it is the only ENI there
// holding it (ADDR-10) and every member of the group is in that VPC, so its group bits (EniField.Flags,
// image version 19) answer without the address index. Both sides of each condition, against the
// reference walk: origins carrying the group or not; the peer address the origin's primary, its
// secondary, another ENI's, 0.0.0.0 from an ENI without a primary IPv4, or (egress rules, responses
// past their idle timeout) the other end's; the origin in the group's VPC or a peered one whose group
// has the same bit (SG-5 references across the peering too); groups past ENI_GROUP_SLOTS without a bit.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadEngine } from '../bindings/node.js';
import type { Engine } from '../bindings/engine.js';
import { ENI_GROUP_BIT_SHIFT, ENI_GROUP_SLOTS, EniField, Section } from '../abi/image.js';
import { SgPeerKind, SgRuleField } from '../abi/image-security-groups.js';
import { NONE } from '../abi/version.js';
import { topology } from '../src/builder/index.js';
import { compileTopology, section } from '../src/compile/index.js';
import type { Topology } from '../src/model/types.js';
import type { Flow } from '../src/walk/flow.js';
import { runDifferential, type Case } from './helpers/walk-differential.js';

/** Groups in VpcA that `Many` references beyond Web and Admin: more than ENI_GROUP_SLOTS in all. */
const REFS = ENI_GROUP_SLOTS + 2;

/**
 * VpcA: App (the servers' group) admits Web on 8080 and ICMP, Admin on 22, and BWeb (VpcB's, across
 * the peering, SG-5) on 8443; Web's egress reaches App on 8080 only; Many admits Ref<k> on 9000 + k.
 * VpcB, peered: BWeb, referenced by its own BApp (its bit is Web's in VpcA).
 */
function originTopology(): Topology {
  const t = topology({ region: 'us-east-1' })
    .vpc('VpcA', '10.1.0.0/16', (v) => {
      v.subnet('A1', '10.1.1.0/24').subnet('A2', '10.1.2.0/24');
      v.routeTable('ARt', { subnets: ['A1', 'A2'] }, (rt) => rt.route('10.2.0.0/16', { pcx: 'PcxAB' }));
      v.securityGroup('Web', (sg) => sg.ingress({ protocol: 'tcp', ports: 80, cidr: '0.0.0.0/0' }).egress({ protocol: 'tcp', ports: 8080, sg: 'App' }).egress({ protocol: 'icmp', cidr: '0.0.0.0/0' }));
      v.securityGroup('Admin', (sg) => sg.ingress({ protocol: 'tcp', ports: 22, cidr: '198.51.100.0/24' }));
      v.securityGroup('Plain', (sg) => sg.ingress({ protocol: 'tcp', ports: 443, cidr: '10.0.0.0/8' }));
      v.securityGroup('App', (sg) =>
        sg.ingress({ protocol: 'tcp', ports: 8080, sg: 'Web' }).ingress({ protocol: 'icmp', sg: 'Web' }).ingress({ protocol: 'tcp', ports: 22, sg: 'Admin' }).ingress({ protocol: 'tcp', ports: 8443, sg: 'BWeb' }));
      v.securityGroup('Many', (sg) => {
        for (let k = 0; k < REFS; k++) sg.ingress({ protocol: 'tcp', ports: 9000 + k, sg: `Ref${k}` });
      });
      for (let k = 0; k < REFS; k++) v.securityGroup(`Ref${k}`, (sg) => sg.ingress({ protocol: 'tcp', ports: 443, cidr: '10.1.0.0/16' }));
      v.instance('Web1', { subnet: 'A1', ip: '10.1.1.10', secondaryIps: ['10.1.1.20'], sgs: ['Web'] });
      v.instance('Web2', { subnet: 'A1', ip: '10.1.1.11', sgs: ['Web', 'Ref1', `Ref${REFS - 1}`] });
      v.instance('Plain1', { subnet: 'A1', ip: '10.1.1.12', secondaryIps: ['10.1.1.22'], sgs: ['Plain'] });
      v.instance('Admin1', { subnet: 'A2', ip: '10.1.2.11', sgs: ['Admin', 'Ref0', `Ref${ENI_GROUP_SLOTS - 3}`] });
      v.instance('Late', { subnet: 'A2', ip: '10.1.2.12', sgs: [`Ref${ENI_GROUP_SLOTS - 2}`, `Ref${REFS - 2}`] });
      v.instance('NoPrimary', { subnet: 'A1', ip: '10.1.1.30', sgs: ['Web', 'Admin', 'Ref0'] });
      v.instance('Server', { subnet: 'A2', ip: '10.1.2.10', sgs: ['App', 'Many'] });
      v.instance('Server2', { subnet: 'A1', ip: '10.1.1.40', sgs: ['App', 'Web'] });
    })
    .vpc('VpcB', '10.2.0.0/16', (v) => {
      v.subnet('B1', '10.2.1.0/24');
      v.routeTable('BRt', { subnets: ['B1'] }, (rt) => rt.route('10.1.0.0/16', { pcx: 'PcxAB' }));
      v.securityGroup('BWeb', (sg) => sg.ingress({ protocol: 'all', cidr: '10.0.0.0/8' }));
      v.securityGroup('BApp', (sg) => sg.ingress({ protocol: 'tcp', ports: 8080, sg: 'BWeb' }));
      v.instance('B1Web', { subnet: 'B1', ip: '10.2.1.10', sgs: ['BWeb'] });
      v.instance('B1App', { subnet: 'B1', ip: '10.2.1.11', sgs: ['BApp'] });
    })
    .peering('PcxAB', 'VpcA', 'VpcB')
    .build();
  // An ENI whose only IPv4 address is not marked primary (its PrimaryIp4 word is 0).
  const eni = t.networkInterfaces.find((n) => n.privateIps.some((p) => p.address?.text === '10.1.1.30'))!;
  eni.privateIps[0]!.primary = false;
  return t;
}

const address = (text: string) => BigInt(text.split('.').reduce((a, x) => a * 256 + Number(x), 0));

/** Every origin to every server-side address, on each referenced port, from several source addresses. */
function originCases(t: Topology): Case[] {
  const enis = t.networkInterfaces;
  const primary = (k: number) => enis[k]!.privateIps.find((p) => p.primary)?.address?.value ?? enis[k]!.privateIps[0]!.address!.value;
  const targets = ['10.1.2.10', '10.1.1.40', '10.2.1.11', '10.1.1.10'].map(address);
  const ports = [22, 80, 8080, 8443, 9000, 9001, 9000 + ENI_GROUP_SLOTS - 3, 9000 + ENI_GROUP_SLOTS - 2, 9000 + REFS - 2, 9000 + REFS - 1];
  const cases: Case[] = [];
  enis.forEach((eni, k) => {
    const secondary = eni.privateIps.find((p) => !p.primary)?.address?.value;
    const sources = [primary(k), primary((k + 1) % enis.length), 0n, ...(secondary === undefined ? [] : [secondary])];
    for (const src of sources) {
      for (const dst of targets) {
        const flows: Flow[] = [
          ...ports.map((dstPort) => ({ family: 4 as const, src, dst, protocol: 6, srcPort: 40000 + dstPort, dstPort, icmpType: -1, icmpCode: -1 })),
          { family: 4, src, dst, protocol: 1, srcPort: 0, dstPort: 0, icmpType: 8, icmpCode: 0 },
        ];
        for (const flow of flows) cases.push({ origin: { kind: 'network-interface', networkInterfaceId: eni.id }, originEni: k, flow, destinationEni: NONE });
      }
    }
  });
  return cases;
}

describe('SG-4: group peers decided by the flow origin (sg.ts originMember)', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await loadEngine({ build: 'debug' });
  });

  it('compile: referenced groups get a bit in their VPC (the first ENI_GROUP_SLOTS), carried in the flags of their ENIs with a primary IPv4', () => {
    const t = originTopology();
    const image = compileTopology(t);
    const rules = section(image.words, Section.SgRule, SgRuleField.Stride);
    const enis = section(image.words, Section.Eni, EniField.Stride);
    const groupIndex = (name: string) => t.securityGroups.findIndex((g) => g.logicalId === name);
    // Each group-peer rule's PeerVpc and PeerBit, by the referenced group's name.
    const bits = new Map<string, number>();
    for (let r = 0; r * SgRuleField.Stride < rules.length; r++) {
      const at = (f: SgRuleField) => rules[r * SgRuleField.Stride + f]!;
      if (at(SgRuleField.PeerKind) !== SgPeerKind.SecurityGroup) continue;
      const group = t.securityGroups[at(SgRuleField.PeerRef)]!;
      expect(at(SgRuleField.PeerVpc)).toBe(t.vpcs.findIndex((v) => v.id === group.vpcId));
      bits.set(group.logicalId, at(SgRuleField.PeerBit));
    }
    // Per VPC, the groups some rule names (the default groups' SG-8 rules name themselves), in dense id order:
    // the first ENI_GROUP_SLOTS get the bits from ENI_GROUP_BIT_SHIFT up, the rest none.
    const named = new Set(t.securityGroups.flatMap((g) => [...g.ingress, ...g.egress]).flatMap((r) => (r.peer.kind === 'security-group' ? [r.peer.groupId] : [])));
    for (const v of t.vpcs) {
      const inVpc = t.securityGroups.filter((g) => g.vpcId === v.id && named.has(g.id));
      inVpc.forEach((g, slot) => expect(bits.get(g.logicalId), g.logicalId).toBe(slot < ENI_GROUP_SLOTS ? 1 << (ENI_GROUP_BIT_SHIFT + slot) : 0));
    }
    expect(bits.size).toBe(named.size);
    // Past the slots: no bit; a bit of VpcB's is also one of VpcA's.
    expect(bits.get(`Ref${REFS - 1}`)).toBe(0);
    expect(bits.get(`Ref${REFS - 2}`)).toBe(0);
    // Web2 and Admin1 carry a group with a bit and one without (Web's egress names App: VpcA has 3 + REFS referenced groups).
    expect(bits.get('Ref1')).not.toBe(0);
    expect(bits.get(`Ref${ENI_GROUP_SLOTS - 3}`)).toBe(0);
    expect(bits.get('BWeb')).toBe(1 << (ENI_GROUP_BIT_SHIFT + (groupIndex('BWeb') > groupIndex('BApp') ? 1 : 0)));
    expect([...bits.entries()].some(([g, b]) => g !== 'BWeb' && t.securityGroups[groupIndex(g)]!.vpcId !== t.securityGroups[groupIndex('BWeb')]!.vpcId && b === bits.get('BWeb'))).toBe(true);
    const flags = (ip: string) => enis[t.networkInterfaces.findIndex((n) => n.privateIps.some((p) => p.address?.text === ip)) * EniField.Stride + EniField.Flags]! & ~((1 << ENI_GROUP_BIT_SHIFT) - 1);
    expect(flags('10.1.1.10')).toBe(bits.get('Web'));
    expect(flags('10.1.1.11')).toBe(bits.get('Web')! | bits.get('Ref1')!);
    expect(flags('10.1.1.12')).toBe(0);
    expect(flags('10.1.2.11')).toBe(bits.get('Admin')! | bits.get('Ref0')! | bits.get(`Ref${ENI_GROUP_SLOTS - 3}`)!);
    // No primary IPv4: no bits (its PrimaryIp4 word, 0, is no address).
    expect(flags('10.1.1.30')).toBe(0);
    expect(flags('10.2.1.10')).toBe(bits.get('BWeb'));
  });

  for (const [name, options] of [['at once', {}], ['responses past their idle timeout', { responseAfter: 500_000 }], ['every blocker', { allBlocking: true }]] as const) {
    it(`engine (traced and untraced) and reference agree: ${name}`, () => {
      const t = originTopology();
      const cases = originCases(t);
      const outcome = runDifferential(engine, t, cases, options);
      expect(outcome.mismatches.filter((m) => m).join('\n\n')).toBe('');
      expect(outcome.compared).toBe(cases.length);
      // Both outcomes occur: reachable flows and flows the groups refuse.
      expect(outcome.verdicts.get(0) ?? 0).toBeGreaterThan(40);
      expect(outcome.verdicts.size).toBeGreaterThan(1);
    });
  }
});
