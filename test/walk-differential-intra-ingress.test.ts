// The ingress groups of the one pass over a flow inside a VPC (assembly/walk-local.ts) decided by the
// entries compile writes per ENI rule range (Section.IntraIngress4, src/compile/intra-ingress.ts; sg.ts
// sgIntraIngressRefusal) against the reference walk, on both sides of each of their conditions (SG-1..4):
// a TCP or UDP packet (other protocols and a range compile leaves to the scan go through the rules),
// the key in a rule's protocol and port range or not (a port, a range, every port, every protocol), the
// source's part (a CIDR holding every IPv4 block of the VPC: any source; holding part of them: the scan;
// none of them, IPv6: no entry; a group of the VPC: its bit in the source's flags; a prefix list: the
// scan), an ENI without ingress rules (SG_HAS_NO_RULES), and groups whose rules match nothing.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadEngine } from '../bindings/node.js';
import type { Engine } from '../bindings/engine.js';
import { Code } from '../abi/codes.js';
import { EniField, Section } from '../abi/image.js';
import { IntraIngress4Field } from '../abi/image-security-groups.js';
import { NONE } from '../abi/version.js';
import { topology as build } from '../src/builder/index.js';
import { compileTopology, section } from '../src/compile/index.js';
import type { Topology } from '../src/model/types.js';
import type { Flow } from '../src/walk/flow.js';
import { runDifferential, type Case } from './helpers/walk-differential.js';

/**
 * One VPC, 10.9.0.0/16 (and, with `secondary`, 10.19.0.0/16: then 10.9.0.0/16 holds part of the blocks), two
 * subnets on the default ACL and main table (every ENI flagged IntraVpc4). Groups: Svc (TCP 8000-8100 from
 * 10.0.0.0/8, UDP 53 from 10.9.0.0/16, TCP 22 from the admin network, TCP 443 from ::/0, echo from anywhere),
 * Db (TCP 5432 from Svc, every protocol from Admin), Admin (TCP every port from 10.9.2.0/24), Any (every
 * protocol from 0.0.0.0/0), Listed (TCP 9000 from a prefix list holding subnet A), Deaf (no ingress rule),
 * Wild (TCP and UDP from 10.0.0.0/8 with the ports an import may write: -1 to -1, every port; -1 to 60, 0-60),
 * Near (TCP 6000 from 10.9.0.0/17: the block's first half, subnets A and B but not C), Outside (TCP 22 from the
 * admin network, ICMP from anywhere: rules, but no entry).
 */
function ingressTopology(secondary: boolean): Topology {
  const t = build({ region: 'us-east-1' })
    .prefixList('Inside', ['10.9.1.0/24', '192.168.0.0/16'])
    .vpc('Vpc', '10.9.0.0/16', (x) => {
      if (secondary) x.secondaryCidr('10.19.0.0/16');
      x.subnet('A', '10.9.1.0/24').subnet('B', '10.9.2.0/24').subnet('C', '10.9.200.0/24');
      if (secondary) x.subnet('S', '10.19.1.0/24');
      x.securityGroup('Svc', (sg) => sg.ingress({ protocol: 'tcp', ports: [8000, 8100], cidr: '10.0.0.0/8' })
        .ingress({ protocol: 'udp', ports: 53, cidr: '10.9.0.0/16' }).ingress({ protocol: 'tcp', ports: 22, cidr: '198.51.100.0/24' })
        .ingress({ protocol: 'tcp', ports: 443, cidr: '::/0' }).ingress({ protocol: 'icmp', icmp: { type: 8 }, cidr: '0.0.0.0/0' }))
        .securityGroup('Db', (sg) => sg.ingress({ protocol: 'tcp', ports: 5432, sg: 'Svc' }).ingress({ protocol: 'all', sg: 'Admin' }))
        .securityGroup('Admin', (sg) => sg.ingress({ protocol: 'tcp', ports: 'all', cidr: '10.9.2.0/24' }))
        .securityGroup('Outside', (sg) => sg.ingress({ protocol: 'tcp', ports: 22, cidr: '198.51.100.0/24' }).ingress({ protocol: 'icmp', cidr: '0.0.0.0/0' }))
        .securityGroup('Near', (sg) => sg.ingress({ protocol: 'tcp', ports: 6000, cidr: '10.9.0.0/17' }))
        .securityGroup('Any', (sg) => sg.ingress({ protocol: 'all', cidr: '0.0.0.0/0' }))
        .securityGroup('Listed', (sg) => sg.ingress({ protocol: 'tcp', ports: 9000, prefixList: 'Inside' }))
        .securityGroup('Deaf', (sg) => sg.egress({ protocol: 'all', cidr: '0.0.0.0/0' }))
        .securityGroup('Wild', (sg) => sg.ingress({ protocol: 'tcp', ports: 7000, cidr: '10.0.0.0/8' }).ingress({ protocol: 'udp', ports: 7000, cidr: '10.0.0.0/8' }))
        .instance('Svc1', { subnet: 'A', sgs: ['Svc'] })
        .instance('Svc2', { subnet: 'B', sgs: ['Svc'] })
        .instance('Db1', { subnet: 'A', sgs: ['Db'] })
        .instance('DbSvc', { subnet: 'B', sgs: ['Db', 'Svc'] })
        .instance('Admin1', { subnet: 'A', sgs: ['Admin'] })
        .instance('Admin2', { subnet: 'B', sgs: ['Admin'] })
        .instance('Any1', { subnet: 'A', sgs: ['Any'] })
        .instance('Listed1', { subnet: 'B', sgs: ['Listed'] })
        .instance('Deaf1', { subnet: 'A', sgs: ['Deaf'] })
        .instance('Wild1', { subnet: 'B', sgs: ['Wild'] })
        .instance('Near1', { subnet: 'A', sgs: ['Near'] })
        .instance('Out1', { subnet: 'B', sgs: ['Outside'] })
        .instance('Far1', { subnet: 'C', sgs: ['Svc'] })
        .networkInterface('Eni', { subnet: 'B', sgs: ['Svc', 'Admin'] });
      if (secondary) x.instance('Sec1', { subnet: 'S', sgs: ['Svc'] }).instance('Sec2', { subnet: 'S', sgs: ['Admin'] });
    }).build();
  const wild = t.securityGroups.find((g) => g.logicalId === 'Wild')!.ingress;
  Object.assign(wild[0]!, { fromPort: -1, toPort: -1 });
  Object.assign(wild[1]!, { fromPort: -1, toPort: 60 });
  return t;
}

/** TCP at and around each rule's ports and one past 65535 (a batch's column may hold it: the scan decides it), UDP 53 / 54, echo, GRE. */
const PROTOCOLS: Array<Pick<Flow, 'protocol' | 'dstPort' | 'icmpType' | 'icmpCode'>> = [
  ...[0, 22, 53, 443, 5432, 5433, 6000, 7999, 8000, 8050, 8100, 8101, 9000, 65535, 70000].map((dstPort) => ({ protocol: 6, dstPort, icmpType: -1, icmpCode: -1 })),
  { protocol: 17, dstPort: 53, icmpType: -1, icmpCode: -1 }, { protocol: 17, dstPort: 54, icmpType: -1, icmpCode: -1 },
  { protocol: 1, dstPort: 0, icmpType: 8, icmpCode: 0 }, { protocol: 47, dstPort: 0, icmpType: -1, icmpCode: -1 },
];

/** Every ENI from its primary address to every other ENI's primary, each protocol. */
function ingressCases(t: Topology): Case[] {
  const enis = t.networkInterfaces;
  const cases: Case[] = [];
  enis.forEach((origin, o) => {
    const src = origin.privateIps[0]!.address!.value;
    enis.forEach((target, d) => {
      if (d === o) return;
      for (const p of PROTOCOLS) {
        cases.push({
          origin: { kind: 'network-interface', networkInterfaceId: origin.id },
          originEni: o,
          flow: { family: 4, src, dst: target.privateIps[0]!.address!.value, srcPort: p.protocol === 6 || p.protocol === 17 ? 40000 + cases.length : 0, ...p },
          destinationEni: NONE,
        });
      }
    });
  });
  return cases;
}

/** Each ENI's IntraIngress4 record at its IngressStart: Count, and its entries' (Lo, Span, Need). */
function entriesOf(t: Topology): Map<string, number[]> {
  const words = compileTopology(t).words;
  const enis = section(words, Section.Eni, EniField.Stride);
  const intra = section(words, Section.IntraIngress4, IntraIngress4Field.Stride);
  const out = new Map<string, number[]>();
  t.networkInterfaces.forEach((e, k) => {
    if (enis[k * EniField.Stride + EniField.IngressCount] === 0) return;
    const at = enis[k * EniField.Stride + EniField.IngressStart]! * IntraIngress4Field.Stride;
    const n = intra[at + IntraIngress4Field.Count]!;
    // A range without entries: its first record zero but for Count (the walk reads it as an entry that allows nothing).
    const list = n === 0 ? [n, intra[at + IntraIngress4Field.Lo]!, intra[at + IntraIngress4Field.Span]!, intra[at + IntraIngress4Field.Need]!] : [n];
    for (let i = 0; i < n; i++) {
      const x = at + i * IntraIngress4Field.Stride;
      list.push(intra[x + IntraIngress4Field.Lo]!, intra[x + IntraIngress4Field.Span]!, intra[x + IntraIngress4Field.Need] === -1 ? -1 : 1);
    }
    out.set(e.logicalId ?? e.id, list);
  });
  return out;
}

const TCP_KEY = 6 * 0x10000;
const UDP_KEY = 17 * 0x10000;

describe('the local pass\'s ingress groups by compiled entries (Section.IntraIngress4) against the reference walk', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await loadEngine({ build: 'debug' });
  });

  it('compile: entries for the rules a TCP or UDP packet from the VPC can match; the scan for a part of the blocks or a prefix list', () => {
    const one = entriesOf(ingressTopology(false));
    // Svc: 8000-8100 from 10/8 (holds the block: any source), UDP 53 from the block; TCP 22 from outside, ::/0 and echo: none.
    expect(one.get('Svc1.eth0')).toEqual([2, TCP_KEY + 8000, 100, -1, UDP_KEY + 53, 0, -1]);
    // Db: TCP 5432 from Svc's bit, every protocol (every key) from Admin's bit.
    expect(one.get('Db1.eth0')).toEqual([2, TCP_KEY + 5432, 0, 1, 0, -1, 1]);
    // Admin: TCP every port from 10.9.2.0/24 (part of the block), Listed: a prefix list: the scan.
    expect(one.get('Admin1.eth0')).toEqual([-1]);
    expect(one.get('Listed1.eth0')).toEqual([-1]);
    expect(one.get('Any1.eth0')).toEqual([1, 0, -1, -1]);
    expect(one.has('Deaf1.eth0')).toBe(false);
    expect(one.get('Wild1.eth0')).toEqual([2, TCP_KEY, 65535, -1, UDP_KEY, 60, -1]);
    expect(one.get('Near1.eth0')).toEqual([-1]);
    expect(one.get('Out1.eth0')).toEqual([0, 0, 0, 0]);
    // With a secondary block 10.9.0.0/16 holds part of the blocks: Svc's UDP rule is left to the scan.
    expect(entriesOf(ingressTopology(true)).get('Svc1.eth0')).toEqual([-1]);
  });

  for (const secondary of [false, true]) {
    it(`every ENI to every other ENI, each protocol${secondary ? ', with a secondary block' : ''}`, () => {
      const t = ingressTopology(secondary);
      const outcome = runDifferential(engine, t, ingressCases(t));
      expect(outcome.mismatches.filter((m) => m).join('\n\n')).toBe('');
      expect(outcome.verdicts.get(0) ?? 0, 'reachable').toBeGreaterThan(100);
      expect(outcome.verdicts.get(Code.ENI_SG_RULES_MISMATCH) ?? 0, 'refused by the ingress rules').toBeGreaterThan(100);
      expect(outcome.verdicts.get(Code.SG_HAS_NO_RULES) ?? 0, 'refused: no ingress rule').toBeGreaterThan(10);
    });
  }
});
