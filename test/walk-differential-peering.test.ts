// Flows over a VPC peering connection in one pass (assembly/walk-peering.ts: an untraced IPv4 flow from an
// instance's sole ENI or an interface whose route goes to a peering connection) against the reference walk,
// on both sides of each condition: the route (RT-3, RT-10: to an active connection, an inactive one, a
// blackhole, a wider route to the connection for addresses outside the peer, PCX-2..3), the origin (kind,
// stopped, a second ENI, a secondary address: TRACE-12, TRACE-15) and the source (its primary, another ENI's
// address, an address outside every VPC: PCX-3), the destination (an ENI of the peer, an address of the peer
// no ENI holds, the peer's DNS address, a stopped instance, a router instance, an interface endpoint's and a
// NAT gateway's ENI: PCX-6, TRACE-13's destination named right and wrong), the ACLs (NACL-5..10: the default
// one, an allow of 10.0.0.0/8 behind a deny of another network, rules the IPv4 shortcut cannot decide,
// a deny of the peer's CIDR inbound or outbound), the owner's ingress groups (SG-2..5: by CIDR, by a group of
// its own VPC, by a group of the origin's VPC with and without a bit, a prefix list, no rule at all, a group of
// many rules), the response (TRACE-5: the peer's route tables all sending the origin's CIDR back or not,
// ReplyRoutes4; tracking gone, SG-12) and the batch options that leave the flow to the general walk (TRACE-8
// allBlocking, a down set). Untraced verdicts, traced verdicts and hops must all agree.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadEngine } from '../bindings/node.js';
import type { Engine } from '../bindings/engine.js';
import { Section } from '../abi/image.js';
import { SgPeerKind, SgRuleField } from '../abi/image-security-groups.js';
import { Code } from '../abi/codes.js';
import { NONE } from '../abi/version.js';
import { HopKind } from '../abi/hops.js';
import { topology as build } from '../src/builder/index.js';
import type { NetworkAclBuilder } from '../src/builder/network-acl.js';
import { compileTopology, section } from '../src/compile/index.js';
import type { Topology } from '../src/model/types.js';
import type { Flow } from '../src/walk/flow.js';
import { runDifferential, type Case } from './helpers/walk-differential.js';

/** 10.0.0.0/8 allowed both ways behind a deny of another network (the IPv4 shortcut decides 10.x). */
const partial = (acl: NetworkAclBuilder) =>
  acl.ingress(90, { action: 'deny', protocol: 'all', cidr: '203.0.113.0/24' }).ingress(100, { action: 'allow', protocol: 'all', cidr: '10.0.0.0/8' })
    .egress(90, { action: 'deny', protocol: 'all', cidr: '203.0.113.0/24' }).egress(100, { action: 'allow', protocol: 'all', cidr: '10.0.0.0/8' });
/** Everything allowed, but by a TCP entry first: no all-protocol entry decides 10.x alone (the scan). */
const tcpFirst = (acl: NetworkAclBuilder) =>
  acl.ingress(100, { action: 'allow', protocol: 'tcp', ports: [0, 65535], cidr: '0.0.0.0/0' }).ingress(110, { action: 'allow', protocol: 'all', cidr: '0.0.0.0/0' })
    .egress(100, { action: 'allow', protocol: 'tcp', ports: [0, 65535], cidr: '0.0.0.0/0' }).egress(110, { action: 'allow', protocol: 'all', cidr: '0.0.0.0/0' });
/**
 * A public subnet's ACL (as src/generate/security.ts writes them): inbound TCP 80, 443 and 1024-65535 from
 * anywhere, SSH from `admin`, everything from `vpc`, behind a deny of another network; outbound everything.
 * No all-protocol entry decides another VPC's addresses alone: the scan, which allows some ports and denies the rest.
 */
const publicAcl = (vpc: string) => (acl: NetworkAclBuilder) =>
  acl.ingress(90, { action: 'deny', protocol: 'all', cidr: '203.0.113.0/24' }).ingress(100, { action: 'allow', protocol: 'tcp', ports: 80, cidr: '0.0.0.0/0' })
    .ingress(110, { action: 'allow', protocol: 'tcp', ports: 443, cidr: '0.0.0.0/0' }).ingress(120, { action: 'allow', protocol: 'tcp', ports: 22, cidr: '10.8.1.0/24' })
    .ingress(130, { action: 'allow', protocol: 'tcp', ports: [1024, 65535], cidr: '0.0.0.0/0' }).ingress(140, { action: 'allow', protocol: 'all', cidr: vpc })
    .egress(100, { action: 'allow', protocol: 'all', cidr: '0.0.0.0/0' });
/** All denied from (inbound) or to (outbound) `cidr`, the rest allowed. */
const closed = (way: 'ingress' | 'egress', cidr: string) => (acl: NetworkAclBuilder) => {
  acl[way](100, { action: 'deny', protocol: 'all', cidr })[way](110, { action: 'allow', protocol: 'all', cidr: '0.0.0.0/0' });
  return acl[way === 'ingress' ? 'egress' : 'ingress'](100, { action: 'allow', protocol: 'all', cidr: '0.0.0.0/0' });
};

/** Groups G0..G24 of VpcA (with AAdmin first, 26 groups some rule names: the last two have no bit, ENI_GROUP_SLOTS). */
const G = Array.from({ length: 25 }, (_, k) => `G${k}`);

/**
 * VpcA (10.8.0.0/16) peers with VpcB (10.9.0.0/16, PcxAB), VpcC (10.10.0.0/16, PcxAC pending), VpcD
 * (10.12.0.0/16, PcxAD) and, as the accepter, VpcE (10.14.0.0/16, PcxEA). A's subnets: A1 the default ACL, A2 `partial`, A3 `tcpFirst`, A4 closed inbound to
 * B, A5 `publicAcl`; one table: B's, C's, D's and E's blocks over their connections, 10.0.0.0/8 over PcxAB, 10.9.7.0/24 a
 * blackhole. B's subnets: B1 default, B2 `partial`, B3 closed outbound to A2, B4 `tcpFirst`, B5 `publicAcl`; one table, A's
 * block over PcxAB (B's side of ReplyRoutes4). D: D1 routes A's block over PcxAD, D2 nothing (D's side
 * without ReplyRoutes4, A's with it: the requester's side); E the same over PcxEA (the accepter's side). B's groups: BWeb (TCP 80, 443 anywhere), BApp (TCP 8080 from BWeb, and from A's
 * block), BDb (TCP 5432 from BApp), BRefA (TCP 22 and ICMP from A's AAdmin: SG-5), BNone (no ingress
 * rule), BMany (eight rules: the port table), BFew (TCP 9100 from G0, G23, G24 and AAdmin: bits and
 * none), BBits (TCP 9000 from each of G0..G24), BPl (TCP 443 from a prefix list holding A1), BDns (UDP 53
 * and ICMP from A: responses to A's AMute, which allows nothing in, pass only while tracked, SG-7, SG-12).
 */
function peeringTopology(): Topology {
  const t = build({ region: 'us-east-1' })
    .prefixList('AList', ['10.8.1.0/24'])
    .vpc('VpcA', '10.8.0.0/16', (x) => {
      ['A1', 'A2', 'A3', 'A4', 'A5'].forEach((name, k) => x.subnet(name, `10.8.${k + 1}.0/24`));
      x.routeTable('ARt', { subnets: ['A1', 'A2', 'A3', 'A4', 'A5'] }, (rt) =>
        rt.route('10.9.0.0/16', { pcx: 'PcxAB' }).route('10.10.0.0/16', { pcx: 'PcxAC' }).route('10.12.0.0/16', { pcx: 'PcxAD' })
          .route('10.14.0.0/16', { pcx: 'PcxEA' }).route('10.0.0.0/8', { pcx: 'PcxAB' }).route('10.9.7.0/24', { blackhole: true }).route('10.9.8.0/24', { pcx: 'PcxAB' }).route('0.0.0.0/0', { igw: 'Igw' })
          .route('10.50.0.0/16', { instance: 'A1Router' }));
      x.internetGateway('Igw');
      x.networkAcl('APartial', { subnets: ['A2'] }, partial);
      x.networkAcl('ATcpFirst', { subnets: ['A3'] }, tcpFirst);
      x.networkAcl('AClosed', { subnets: ['A4'] }, closed('ingress', '10.9.0.0/16'));
      // Echo requests in, not their replies (TRACE-3: the response's ICMP type is the reply's).
      x.networkAcl('APublic', { subnets: ['A5'] }, (acl) => publicAcl('10.8.0.0/16')(acl).ingress(105, { action: 'allow', protocol: 'icmp', icmp: { type: 8 }, cidr: '0.0.0.0/0' }));
      x.securityGroup('AOpen', (sg) => sg.ingress({ protocol: 'all', cidr: '0.0.0.0/0' }));
      x.securityGroup('AAdmin', (sg) => sg.ingress({ protocol: 'tcp', ports: 22, cidr: '10.8.0.0/16' }));
      x.securityGroup('AMute', (sg) => sg);
      x.securityGroup('AShut', (sg) => sg.ingress({ protocol: 'all', cidr: '0.0.0.0/0' }).egress({ protocol: 'tcp', ports: 443, cidr: '0.0.0.0/0' }));
      x.securityGroup('ARefB', (sg) => sg.ingress({ protocol: 'tcp', ports: 22, sg: 'BWeb' }).ingress({ protocol: 'icmp', cidr: '10.9.0.0/16' }));
      for (const g of G) x.securityGroup(g, (sg) => sg.ingress({ protocol: 'tcp', ports: 7000, cidr: '10.8.0.0/16' }));
      x.instance('A1Web', { subnet: 'A1', sgs: ['AOpen'] })
        .instance('A1Router', { subnet: 'A1', sgs: ['AOpen'], sourceDestCheck: false })
        .instance('A1Admin', { subnet: 'A1', sgs: ['AOpen', 'AAdmin'] })
        .instance('A1Shut', { subnet: 'A1', sgs: ['AShut'] })
        .instance('A1Mute', { subnet: 'A1', sgs: ['AMute'] })
        .instance('A1G0', { subnet: 'A1', sgs: ['AOpen', 'G0'] })
        .instance('A1G24', { subnet: 'A1', sgs: ['AOpen', 'G23', 'G24'] })
        .instance('A1Stopped', { subnet: 'A1', sgs: ['AOpen', 'AAdmin'], state: 'stopped' })
        .instance('A1Multi', { subnet: 'A1', sgs: ['AOpen', 'AAdmin'] })
        .networkInterface('A1MultiSecond', { subnet: 'A2', instance: 'A1Multi', sgs: ['AOpen'] })
        .instance('A1Secondary', { subnet: 'A1', sgs: ['AOpen', 'AAdmin'], secondaryIps: ['10.8.1.200'] })
        .networkInterface('A1Eni', { subnet: 'A1', sgs: ['AOpen', 'AAdmin'] })
        .instance('A2Web', { subnet: 'A2', sgs: ['AOpen'] })
        .instance('A2Admin', { subnet: 'A2', sgs: ['AAdmin', 'ARefB'] })
        .instance('A3Web', { subnet: 'A3', sgs: ['AOpen', 'G0'] })
        .instance('A3Admin', { subnet: 'A3', sgs: ['AOpen', 'AAdmin'] })
        .instance('A4Web', { subnet: 'A4', sgs: ['AOpen'] })
        .instance('A4Admin', { subnet: 'A4', sgs: ['AOpen', 'AAdmin'] })
        .instance('A5Web', { subnet: 'A5', sgs: ['AOpen'] })
        .instance('A5Admin', { subnet: 'A5', sgs: ['AOpen', 'AAdmin'] });
    })
    .vpc('VpcB', '10.9.0.0/16', (x) => {
      ['B1', 'B2', 'B3', 'B4'].forEach((name, k) => x.subnet(name, `10.9.${k + 1}.0/24`));
      x.subnet('B5', '10.9.5.0/24').subnet('B8', '10.9.8.0/24');
      x.routeTable('BRt', { subnets: ['B1', 'B2', 'B3', 'B4', 'B5', 'B8'] }, (rt) => rt.route('10.8.0.0/16', { pcx: 'PcxAB' }));
      x.networkAcl('BPartial', { subnets: ['B2'] }, partial);
      x.networkAcl('BClosed', { subnets: ['B3'] }, closed('egress', '10.8.2.0/24'));
      x.networkAcl('BTcpFirst', { subnets: ['B4'] }, tcpFirst);
      x.networkAcl('BPublic', { subnets: ['B5'] }, publicAcl('10.9.0.0/16'));
      x.securityGroup('BWeb', (sg) => sg.ingress({ protocol: 'tcp', ports: 80, cidr: '0.0.0.0/0' }).ingress({ protocol: 'tcp', ports: 443, cidr: '0.0.0.0/0' }));
      x.securityGroup('BApp', (sg) => sg.ingress({ protocol: 'tcp', ports: 8080, sg: 'BWeb' }).ingress({ protocol: 'tcp', ports: 8080, cidr: '10.8.0.0/16' }));
      x.securityGroup('BDb', (sg) => sg.ingress({ protocol: 'tcp', ports: 5432, sg: 'BApp' }));
      x.securityGroup('BRefA', (sg) => sg.ingress({ protocol: 'tcp', ports: 22, sg: 'AAdmin' }).ingress({ protocol: 'icmp', sg: 'AAdmin' }));
      x.securityGroup('BNone', (sg) => sg);
      x.securityGroup('BMany', (sg) => {
        for (let p = 9001; p <= 9007; p++) sg.ingress({ protocol: 'tcp', ports: p, cidr: p % 2 ? '10.8.1.0/24' : '10.8.0.0/16' });
        return sg.ingress({ protocol: 'tcp', ports: 22, sg: 'AAdmin' });
      });
      x.securityGroup('BFew', (sg) => sg.ingress({ protocol: 'tcp', ports: 9100, sg: 'G0' }).ingress({ protocol: 'tcp', ports: 9100, sg: 'G23' })
        .ingress({ protocol: 'tcp', ports: 9100, sg: 'G24' }).ingress({ protocol: 'tcp', ports: 9100, sg: 'AAdmin' }));
      x.securityGroup('BBits', (sg) => {
        for (const g of G) sg.ingress({ protocol: 'tcp', ports: 9000, sg: g });
        return sg;
      });
      x.securityGroup('BDns', (sg) => sg.ingress({ protocol: 'udp', ports: 53, cidr: '10.8.0.0/16' }).ingress({ protocol: 'icmp', cidr: '10.8.0.0/16' }));
      x.securityGroup('BPl', (sg) => sg.ingress({ protocol: 'tcp', ports: 443, prefixList: 'AList' }));
      x.instance('B1Web', { subnet: 'B1', sgs: ['BWeb'] })
        .instance('B1App', { subnet: 'B1', sgs: ['BApp'] })
        .instance('B1Db', { subnet: 'B1', sgs: ['BDb'] })
        .instance('B1Ref', { subnet: 'B1', sgs: ['BRefA'] })
        .instance('B1None', { subnet: 'B1', sgs: ['BNone'] })
        .instance('B1Many', { subnet: 'B1', sgs: ['BMany'] })
        .instance('B1Bits', { subnet: 'B1', sgs: ['BFew', 'BBits'] })
        .instance('B1Pl', { subnet: 'B1', sgs: ['BPl', 'BFew'] })
        .instance('B1Dns', { subnet: 'B1', sgs: ['BDns'] })
        .instance('B1Stopped', { subnet: 'B1', sgs: ['BWeb'], state: 'stopped' })
        .instance('B1Router', { subnet: 'B1', sgs: ['BWeb', 'BRefA'], sourceDestCheck: false })
        .interfaceEndpoint('BSqs', { service: 'sqs', subnets: ['B1'], sgs: ['BWeb'] })
        .natGateway('BNat', { subnet: 'B1', connectivity: 'private' })
        .instance('B2Web', { subnet: 'B2', sgs: ['BWeb', 'BRefA'] })
        .instance('B2App', { subnet: 'B2', sgs: ['BApp'] })
        .instance('B3Web', { subnet: 'B3', sgs: ['BWeb', 'BRefA'] })
        .instance('B4Web', { subnet: 'B4', sgs: ['BWeb', 'BRefA'] })
        .instance('B8Web', { subnet: 'B8', sgs: ['BWeb', 'BRefA'] })
        .instance('B5Web', { subnet: 'B5', sgs: ['BWeb', 'BRefA'] })
        .instance('B5App', { subnet: 'B5', sgs: ['BApp', 'BMany'] });
    })
    .vpc('VpcC', '10.10.0.0/16', (x) => {
      x.subnet('C1', '10.10.1.0/24')
        .routeTable('CRt', { subnets: ['C1'] }, (rt) => rt.route('10.8.0.0/16', { pcx: 'PcxAC' }))
        .securityGroup('COpen', (sg) => sg.ingress({ protocol: 'all', cidr: '0.0.0.0/0' }))
        .instance('C1Open', { subnet: 'C1', sgs: ['COpen'] });
    })
    .vpc('VpcD', '10.12.0.0/16', (x) => {
      x.subnet('D1', '10.12.1.0/24').subnet('D2', '10.12.2.0/24')
        .routeTable('DRt', { subnets: ['D1'] }, (rt) => rt.route('10.8.0.0/16', { pcx: 'PcxAD' }))
        .securityGroup('DOpen', (sg) => sg.ingress({ protocol: 'all', cidr: '0.0.0.0/0' }))
        .instance('D1Open', { subnet: 'D1', sgs: ['DOpen'] })
        .instance('D2Open', { subnet: 'D2', sgs: ['DOpen'] });
    })
    .vpc('VpcE', '10.14.0.0/16', (x) => {
      x.subnet('E1', '10.14.1.0/24').subnet('E2', '10.14.2.0/24')
        .routeTable('ERt', { subnets: ['E1'] }, (rt) => rt.route('10.8.0.0/16', { pcx: 'PcxEA' }))
        .securityGroup('EOpen', (sg) => sg.ingress({ protocol: 'all', cidr: '0.0.0.0/0' }))
        .instance('E1Open', { subnet: 'E1', sgs: ['EOpen'] })
        .instance('E2Open', { subnet: 'E2', sgs: ['EOpen'] });
    })
    .peering('PcxAB', 'VpcA', 'VpcB')
    .peering('PcxAC', 'VpcA', 'VpcC', { status: 'pending-acceptance' })
    .peering('PcxAD', 'VpcA', 'VpcD')
    .peering('PcxEA', 'VpcE', 'VpcA')
    .build();
  // RT-10: a route to the connection imported as a blackhole (B8's block).
  t.routeTables.find((rt) => rt.logicalId === 'ARt')!.routes.find((r) => r.destination?.text === '10.9.8.0/24')!.state = 'blackhole';
  return t;
}

const ip = (text: string) => text.split('.').reduce((a, b) => (a << 8n) | BigInt(b), 0n);

type Probe = Pick<Flow, 'protocol' | 'dstPort' | 'icmpType' | 'icmpCode'>;
const tcp = (dstPort: number): Probe => ({ protocol: 6, dstPort, icmpType: -1, icmpCode: -1 });
/** The groups' ports, UDP 53, echo request, an ICMP error (no response), GRE (no response). */
const PROBES: Probe[] = [
  tcp(80), tcp(443), tcp(8080), tcp(5432), tcp(22), tcp(9000), tcp(9100), tcp(9003), tcp(9004), tcp(2000),
  { protocol: 17, dstPort: 53, icmpType: -1, icmpCode: -1 }, { protocol: 1, dstPort: 0, icmpType: 8, icmpCode: 0 },
  { protocol: 1, dstPort: 0, icmpType: 3, icmpCode: 1 }, { protocol: 47, dstPort: 0, icmpType: -1, icmpCode: -1 },
];

/**
 * From every ENI of A (its primary; every 13th flow another ENI's, every 17th an address outside every VPC;
 * a TCP or UDP source port 500 now and then: a response to it that public ACLs deny)
 * and of B and D to every ENI's primary and the special addresses, four probes each in turn; every 5th flow
 * to an ENI names it (TRACE-13), every 11th names another ENI.
 */
function peeringCases(t: Topology): Case[] {
  const enis = t.networkInterfaces;
  const primary = (k: number) => enis[k]!.privateIps.find((p) => p.primary)?.address?.value;
  const vpcOf = new Map(t.subnets.map((s) => [s.id, s.vpcId]));
  const vpcA = t.vpcs.find((v) => v.logicalId === 'VpcA')!.id;
  const holders = enis.flatMap((e, k) => (primary(k) === undefined ? [] : [{ address: primary(k)!, holder: k }]));
  // B's no-ENI address, outside B (10.0.0.0/8 over PcxAB), the blackhole, B's and A's DNS addresses, an unrouted one,
  // C's, the internet (A's gateway) and behind A's router instance (an ENI route).
  const special = ['10.9.200.1', '10.13.1.1', '10.9.7.5', '10.9.0.2', '10.8.0.2', '10.77.1.1', '10.10.1.99', '8.8.8.8', '10.50.1.1'].map((a) => ({ address: ip(a), holder: NONE }));
  const cases: Case[] = [];
  let n = 0;
  enis.forEach((origin, o) => {
    const fromA = vpcOf.get(origin.subnetId) === vpcA;
    for (const { address, holder } of [...holders, ...special]) {
      for (let k = 0; k < (fromA ? 4 : 2); k++) {
        n++;
        const p = PROBES[n % PROBES.length]!;
        const src = n % 17 === 0 ? ip('10.77.9.9') : n % 13 === 0 ? primary((o + 1) % enis.length) : primary(o);
        if (src === undefined) continue;
        const named = holder >= 0 && n % 5 === 0 ? holder : holder >= 0 && n % 11 === 0 ? (holder + 1) % enis.length : NONE;
        cases.push({
          origin: { kind: 'network-interface', networkInterfaceId: origin.id },
          originEni: o,
          flow: { family: 4, src, dst: address, srcPort: p.protocol === 6 || p.protocol === 17 ? (n % 7 === 3 ? 500 : 30000 + (n % 20000)) : 0, ...p },
          ...(named >= 0 ? { destination: enis[named]!.id, destinationEni: named } : { destinationEni: NONE }),
        });
      }
    }
  });
  return cases;
}

describe('flows over a peering connection in one pass (walk-peering.ts) against the reference walk', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await loadEngine({ build: 'debug' });
  });

  it('compile: group rules naming G23 and G24 have no bit (26 groups of VpcA named), G0 and AAdmin have one', () => {
    const t = peeringTopology();
    const image = compileTopology(t);
    const rules = section(image.words, Section.SgRule, SgRuleField.Stride);
    const groupIds = t.securityGroups.map((g) => g.logicalId);
    const bits = new Map<string, number>();
    for (let r = 0; r < rules.length / SgRuleField.Stride; r++) {
      const at = r * SgRuleField.Stride;
      if (rules[at + SgRuleField.PeerKind] !== SgPeerKind.SecurityGroup) continue;
      bits.set(groupIds[rules[at + SgRuleField.PeerRef]!]!, rules[at + SgRuleField.PeerBit]!);
    }
    expect(bits.get('G23')).toBe(0);
    expect(bits.get('G24')).toBe(0);
    expect(bits.get('G0')).not.toBe(0);
    expect(bits.get('AAdmin')).not.toBe(0);
  });

  it('every ENI to every ENI and the special addresses: both sides of each condition', () => {
    const t = peeringTopology();
    const cases = peeringCases(t);
    const outcome = runDifferential(engine, t, cases);
    expect(outcome.mismatches.filter((m) => m).join('\n\n')).toBe('');
    expect(outcome.compared).toBe(cases.length);
    const v = (code: number) => outcome.verdicts.get(code) ?? 0;
    expect(outcome.crossed.get(HopKind.VPC_PEERING_CONNECTION) ?? 0, 'over a connection').toBeGreaterThan(1500);
    expect(v(0), 'reachable').toBeGreaterThan(300);
    expect(v(Code.ENI_SG_RULES_MISMATCH), 'refused by the groups').toBeGreaterThan(500);
    expect(v(Code.SG_HAS_NO_RULES), 'no ingress rule').toBeGreaterThan(20);
    expect(v(Code.SUBNET_ACL_RESTRICTION), 'an ACL').toBeGreaterThan(50);
    expect(v(Code.PCX_REQUIRES_ADDRESS_IN_VPC_CIDR), 'PCX-3').toBeGreaterThan(20);
    expect(v(Code.BAD_STATE_ROUTE), 'pending, blackhole').toBeGreaterThan(20);
    expect(v(Code.UNKNOWN_DESTINATION), 'no ENI').toBeGreaterThan(10);
    expect(v(Code.NO_PATH), 'elsewhere').toBeGreaterThan(20);
    expect(v(Code.BAD_STATE), 'stopped').toBeGreaterThan(20);
  });

  it('the same flows with the options that leave them to the general walk', () => {
    const t = peeringTopology();
    const cases = peeringCases(t);
    const app = t.instances.find((i) => i.logicalId === 'B1App')!.id;
    for (const options of [{ responseAfter: 31 }, { responseAfter: 400 }, { allBlocking: true }, { down: [app] }]) {
      const outcome = runDifferential(engine, t, cases, options);
      expect(outcome.mismatches.filter((m) => m).join('\n\n'), JSON.stringify(options)).toBe('');
      expect(outcome.verdicts.get(0) ?? 0, 'reachable').toBeGreaterThan(100);
    }
  });
});
