// The local class decided in one pass (assembly/walk-local.ts: an instance or interface ENI sends IPv4
// from its primary address to another ENI of its VPC, the local route delivers it; untraced) against
// the reference walk, on both sides of each fact it reads: the origin's kind, state and host (TRACE-12,
// TRACE-15: stopped, a second ENI, a secondary address), the source (the origin's primary or not),
// the destination (the origin's own, loopback, the VPC's DNS and instance metadata, NACL-12; an address
// ending in 2 that an instance holds; an address no ENI holds; a NAT gateway's and an interface
// endpoint's ENI; a stopped instance), the route (RT-16 within a subnet; a table whose route more
// specific than local sends half a subnet through a router, RT-3, so neither the forward's local route
// nor the response's LocalInside holds), the ACLs (NACL_INTRA_VPC4 on both subnets or not), TRACE-13's
// destination ENI (the holder or another), the protocols that have a response (TRACE-5) and those
// that do not, the egress and ingress groups (SG-1..4: CIDR and group peers, refused and allowed), and
// the batch options the one pass leaves to the general walk: tracking gone by the response (SG-13),
// TRACE-8 allBlocking, a down set (MC-1). Untraced verdicts, traced verdicts and hops must all agree.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadEngine } from '../bindings/node.js';
import type { Engine } from '../bindings/engine.js';
import { EniField, EniFlag, Section } from '../abi/image.js';
import { NONE } from '../abi/version.js';
import { topology as build } from '../src/builder/index.js';
import { compileTopology, section } from '../src/compile/index.js';
import type { Topology } from '../src/model/types.js';
import type { Flow } from '../src/walk/flow.js';
import { runDifferential, type Case } from './helpers/walk-differential.js';

/**
 * One VPC (10.7.0.0/16, secondary 10.17.0.0/16). Subnets A, B and Sec (10.17.1.0/24) on the default ACL
 * (it holds NACL_INTRA_VPC4), Closed behind an ACL that denies TCP 8080 from A (it does not), Mid whose
 * route table sends 10.7.1.0/25 to a router instance that admits only TCP 443, A whose table sends
 * 10.17.1.128/25 there (its local route for the primary block holds LocalRoute4; for the secondary, no);
 * B, Closed and Sec on the main table (LocalInside). Groups: Web (TCP 80 from anywhere, echo from the VPC), App (TCP 8080
 * from Web, UDP 53 from A), Db (TCP 5432 from App; egress only TCP to App), Open.
 */
function localTopology(): Topology {
  return build({ region: 'us-east-1' }).vpc('Vpc', '10.7.0.0/16', (x) => {
    x.secondaryCidr('10.17.0.0/16');
    x.subnet('A', '10.7.1.0/24').subnet('B', '10.7.2.0/24').subnet('Closed', '10.7.3.0/24').subnet('Mid', '10.7.4.0/24').subnet('Sec', '10.17.1.0/24')
      .securityGroup('Web', (sg) => sg.ingress({ protocol: 'tcp', ports: 80, cidr: '0.0.0.0/0' }).ingress({ protocol: 'icmp', icmp: { type: 8 }, cidr: '10.7.0.0/16' }))
      .securityGroup('App', (sg) => sg.ingress({ protocol: 'tcp', ports: 8080, sg: 'Web' }).ingress({ protocol: 'udp', ports: 53, cidr: '10.7.1.0/24' }))
      .securityGroup('Db', (sg) => sg.ingress({ protocol: 'tcp', ports: 5432, sg: 'App' }).egress({ protocol: 'tcp', ports: [1024, 65535], sg: 'App' }))
      .securityGroup('RouterSg', (sg) => sg.ingress({ protocol: 'tcp', ports: 443, cidr: '10.7.0.0/16' }))
      .securityGroup('Open', (sg) => sg.ingress({ protocol: 'all', cidr: '0.0.0.0/0' }))
      .instance('Web1', { subnet: 'A', sgs: ['Web'], ip: '10.7.1.18' })
      .instance('Web2', { subnet: 'A', sgs: ['Web', 'App'], ip: '10.7.1.200' })
      .instance('Web3', { subnet: 'B', sgs: ['Web', 'App'] })
      .instance('App1', { subnet: 'B', sgs: ['App'] })
      .instance('App2', { subnet: 'Closed', sgs: ['App'] })
      .instance('Db1', { subnet: 'A', sgs: ['Db'] })
      .instance('Db2', { subnet: 'Mid', sgs: ['Db'] })
      .instance('Multi', { subnet: 'A', sgs: ['Open'] })
      .networkInterface('MultiSecond', { subnet: 'B', instance: 'Multi', sgs: ['Web'] })
      .instance('Secondary', { subnet: 'B', sgs: ['Open'], secondaryIps: ['10.7.2.200'] })
      .instance('Stopped', { subnet: 'A', sgs: ['Open'], state: 'stopped' })
      .instance('StoppedB', { subnet: 'B', sgs: ['Web'], state: 'stopped' })
      .instance('Sec1', { subnet: 'Sec', sgs: ['Web'], ip: '10.17.1.10' })
      .instance('Sec2', { subnet: 'Sec', sgs: ['Web'], ip: '10.17.1.200' })
      .networkInterface('Eni', { subnet: 'Mid', sgs: ['App'] })
      .networkInterface('Eni2', { subnet: 'B', sgs: ['App'] })
      .instance('Router', { subnet: 'Mid', sgs: ['RouterSg'], sourceDestCheck: false })
      .interfaceEndpoint('Sqs', { service: 'sqs', subnets: ['B'], sgs: ['Open'] })
      .natGateway('Nat', { subnet: 'A', connectivity: 'private' })
      .networkAcl('ClosedAcl', { subnets: ['Closed'] }, (acl) => acl
        .ingress(50, { action: 'deny', protocol: 'tcp', ports: 8080, cidr: '10.7.1.0/24' })
        .ingress(100, { action: 'allow', protocol: 'all', cidr: '0.0.0.0/0' })
        .egress(100, { action: 'allow', protocol: 'all', cidr: '0.0.0.0/0' }))
      .routeTable('MidRt', { subnets: ['Mid'] }, (rt) => rt.route('10.7.1.0/25', { instance: 'Router' }))
      .routeTable('ARt', { subnets: ['A'] }, (rt) => rt.route('10.17.1.128/25', { instance: 'Router' }));
  }).build();
}

const ip = (text: string) => text.split('.').reduce((a, b) => (a << 8n) | BigInt(b), 0n);

/** TCP 80, 8080, 5432, 443; UDP 53; echo request; an ICMP unreachable (no response); GRE (no response). */
const PROTOCOLS: Array<Pick<Flow, 'protocol' | 'dstPort' | 'icmpType' | 'icmpCode'>> = [
  { protocol: 6, dstPort: 80, icmpType: -1, icmpCode: -1 }, { protocol: 6, dstPort: 8080, icmpType: -1, icmpCode: -1 },
  { protocol: 6, dstPort: 5432, icmpType: -1, icmpCode: -1 }, { protocol: 6, dstPort: 443, icmpType: -1, icmpCode: -1 },
  { protocol: 17, dstPort: 53, icmpType: -1, icmpCode: -1 }, { protocol: 1, dstPort: 0, icmpType: 8, icmpCode: 0 },
  { protocol: 1, dstPort: 0, icmpType: 3, icmpCode: 1 }, { protocol: 47, dstPort: 0, icmpType: -1, icmpCode: -1 },
];

/**
 * From every ENI (and from its primary, another ENI's primary or 0.0.0.0) to every ENI's private IPv4
 * addresses and to the special ones, each protocol; a third of the flows to an ENI's address name an ENI
 * (TRACE-13): the holder, or the next ENI.
 */
function localCases(t: Topology): Case[] {
  const enis = t.networkInterfaces;
  const primary = (k: number) => enis[k]!.privateIps.find((p) => p.primary)?.address?.value;
  const holders = enis.flatMap((e, k) => e.privateIps.filter((p) => p.address).map((p) => ({ address: p.address!.value, holder: k })));
  const special = ['10.7.2.77', '10.7.0.2', '169.254.169.254', '127.0.0.1', '8.8.8.8'].map((a) => ({ address: ip(a), holder: NONE }));
  const cases: Case[] = [];
  let n = 0;
  enis.forEach((origin, o) => {
    const own = primary(o);
    for (const { address, holder } of [...holders, ...special, ...(own === undefined ? [] : [{ address: own, holder: o }])]) {
      for (const p of PROTOCOLS) {
        n++;
        const src = n % 11 === 0 ? primary((o + 1) % enis.length) : n % 23 === 0 ? 0n : own;
        if (src === undefined) continue;
        const named = holder >= 0 && n % 3 === 0 ? (n % 2 === 0 ? holder : (holder + 1) % enis.length) : NONE;
        cases.push({
          origin: { kind: 'network-interface', networkInterfaceId: origin.id },
          originEni: o,
          flow: { family: 4, src, dst: address, srcPort: p.protocol === 6 || p.protocol === 17 ? 40000 + (n % 20000) : 0, ...p },
          ...(named >= 0 ? { destination: enis[named]!.id, destinationEni: named } : { destinationEni: NONE }),
        });
      }
    }
  });
  return cases;
}

describe('the local class in one pass (walk-local.ts) against the reference walk', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await loadEngine({ build: 'debug' });
  });

  it('compile: EniFlag.IntraVpc4 on sole instance ENIs and interfaces, up, with one IPv4, in subnets whose ACL holds NACL_INTRA_VPC4 and whose table is LocalInside', () => {
    const t = localTopology();
    const enis = section(compileTopology(t).words, Section.Eni, EniField.Stride);
    const flagged = t.networkInterfaces.filter((_, k) => enis[k * EniField.Stride + EniField.Flags]! & EniFlag.IntraVpc4).map((e) => e.logicalId ?? e.id);
    // A and Mid: tables with a route inside the VPC; Closed: its ACL denies part of the VPC; Multi, MultiSecond: one
    // instance's two ENIs; Secondary: a second address; Stopped, StoppedB; Router (Mid); the endpoint's and NAT gateway's ENIs.
    expect(flagged.sort()).toEqual(['App1.eth0', 'Eni2', 'Sec1.eth0', 'Sec2.eth0', 'Web3.eth0']);
  });

  it('every ENI to every address of its VPC, each protocol: both sides of each fact', () => {
    const t = localTopology();
    const cases = localCases(t);
    const outcome = runDifferential(engine, t, cases);
    expect(outcome.mismatches.filter((m) => m).join('\n\n')).toBe('');
    expect(outcome.compared).toBeGreaterThan(2500);
    // Reachable, refused by each group direction, by the ACL, by the router's groups, by RT-13 / TRACE-12 / TRACE-13 codes.
    expect(outcome.verdicts.get(0) ?? 0, 'reachable').toBeGreaterThan(300);
    expect(outcome.verdicts.size, 'distinct verdicts').toBeGreaterThan(6);
  });

  it('the same flows with the options the one pass leaves to the general walk', () => {
    const t = localTopology();
    const cases = localCases(t);
    for (const options of [{ responseAfter: 31 }, { allBlocking: true }, { down: [t.instances.find((i) => i.logicalId === 'App1')!.id] }]) {
      const outcome = runDifferential(engine, t, cases, options);
      expect(outcome.mismatches.filter((m) => m).join('\n\n'), JSON.stringify(options)).toBe('');
      expect(outcome.verdicts.get(0) ?? 0, 'reachable').toBeGreaterThan(100);
    }
  });
});
