// Network ACL crossings inside one VPC decided without the two checks (NACL_INTRA_VPC4, image version 20:
// both IPv4 ranges allow every packet inside the VPC's IPv4 CIDRs; assembly/walk-route.ts intraVpcOpen4,
// untraced, for the local route's delivery and its response in walk-reply.ts) against the reference walk,
// on both sides of each condition: ACLs that hold the fact (the default one; the generated custom shape,
// a deny elsewhere and port allows before the allow of the VPC) and ACLs that do not (a deny of part of
// the VPC, an allow of less than the VPC, outbound allowing only low ports); sources that are not the
// origin's primary address (another ENI's, a denied network outside the VPC, 0.0.0.0 from an ENI without
// IPv4), and IPv6 packets between subnets whose ACLs hold the IPv4 fact but deny IPv6 replies.
// Untraced verdicts, traced verdicts and hops must all agree (NACL-5..10, ADDR-5, ADDR-10).
import { beforeAll, describe, expect, it } from 'vitest';
import { loadEngine } from '../bindings/node.js';
import type { Engine } from '../bindings/engine.js';
import { NACL_INTRA_VPC4, NaclField, Section } from '../abi/image.js';
import { NONE } from '../abi/version.js';
import { topology as build } from '../src/builder/index.js';
import { compileTopology, section } from '../src/compile/index.js';
import type { Topology } from '../src/model/types.js';
import { randomCases, runDifferential, withOtherSources, type Case } from './helpers/walk-differential.js';

/** Subnet name -> whether its ACL holds NACL_INTRA_VPC4. */
const HOLDS: Record<string, boolean> = { Default: true, Generated: true, DenyPart: false, Narrow: false, LowPorts: false, Six: true };

/**
 * One dual-stack VPC (10.8.0.0/16), a subnet per ACL shape (High: 10.8.200.0/24, on the default ACL, is
 * outside Narrow's allow), open groups. Generated: deny 203.0.113.0/24, TCP 80 from anywhere, then all
 * from the VPC (as src/generate/security.ts's public ACL); IPv6 in, all; IPv6 out, TCP ports 0-1023
 * only (the IPv6 responses to ephemeral ports are denied). DenyPart: TCP from Default's block to ports
 * 1024-65535 denied first. Narrow: all from 10.8.0.0/17 only. LowPorts: out, TCP and UDP 0-1023 only.
 * Six: an IPv6-only subnet on the default ACL (its instances have no IPv4 address).
 */
function intraTopology(): Topology {
  return build({ region: 'us-east-1' }).vpc('Vpc', '10.8.0.0/16', (x) => {
    x.ipv6Cidr('2600:1f18:8::/56');
    x.securityGroup('Open', (sg) => sg.ingress({ protocol: 'all', cidr: '0.0.0.0/0' }).ingress({ protocol: 'all', cidr: '::/0' }));
    const subnets: Array<[string, string | undefined]> = [
      ['Default', '10.8.1.0/24'], ['Generated', '10.8.2.0/24'], ['DenyPart', '10.8.3.0/24'], ['Narrow', '10.8.4.0/24'],
      ['LowPorts', '10.8.5.0/24'], ['High', '10.8.200.0/24'], ['Six', undefined],
    ];
    subnets.forEach(([name, cidr], k) => {
      x.subnet(name, cidr, { ipv6: `2600:1f18:8:${k + 1}::/64` });
      for (let i = 0; i < 3; i++) x.instance(`${name}${i}`, { subnet: name, sgs: ['Open'], ipv6Count: 1 });
    });
    x.networkAcl('GeneratedAcl', { subnets: ['Generated'] }, (acl) => acl
      .ingress(90, { action: 'deny', protocol: 'all', cidr: '203.0.113.0/24' })
      .ingress(100, { action: 'allow', protocol: 'tcp', ports: 80, cidr: '0.0.0.0/0' })
      .ingress(140, { action: 'allow', protocol: 'all', cidr: '10.8.0.0/16' })
      .ingress(150, { action: 'allow', protocol: 'all', cidr: '::/0' })
      .egress(100, { action: 'allow', protocol: 'all', cidr: '0.0.0.0/0' })
      .egress(110, { action: 'allow', protocol: 'tcp', ports: [0, 1023], cidr: '::/0' }));
    x.networkAcl('DenyPartAcl', { subnets: ['DenyPart'] }, (acl) => acl
      .ingress(50, { action: 'deny', protocol: 'tcp', ports: [1024, 65535], cidr: '10.8.1.0/24' })
      .ingress(100, { action: 'allow', protocol: 'all', cidr: '0.0.0.0/0' })
      .egress(100, { action: 'allow', protocol: 'all', cidr: '0.0.0.0/0' }));
    x.networkAcl('NarrowAcl', { subnets: ['Narrow'] }, (acl) => acl
      .ingress(100, { action: 'allow', protocol: 'all', cidr: '10.8.0.0/17' })
      .egress(100, { action: 'allow', protocol: 'all', cidr: '0.0.0.0/0' }));
    x.networkAcl('LowPortsAcl', { subnets: ['LowPorts'] }, (acl) => acl
      .ingress(100, { action: 'allow', protocol: 'all', cidr: '0.0.0.0/0' })
      .egress(100, { action: 'allow', protocol: 'tcp', ports: [0, 1023], cidr: '0.0.0.0/0' })
      .egress(110, { action: 'allow', protocol: 'udp', ports: [0, 1023], cidr: '0.0.0.0/0' }));
  }).build();
}

/**
 * Flows from instance ENIs to other ENIs' primary IPv4 addresses, sent from an address that is not the
 * origin's: 203.0.113.x (Generated denies it inbound), 10.8.200.x (outside Narrow's allow), 0.0.0.0
 * (what an ENI without IPv4 holds as its primary word).
 */
function foreignSources(t: Topology, count: number): Case[] {
  const enis = t.networkInterfaces;
  const withIp4 = enis.filter((e) => e.privateIps.some((p) => p.primary && p.address));
  const sources = [0xcb007105n, 0x0a08c80an, 0n];
  const cases: Case[] = [];
  for (let i = 0; i < count; i++) {
    // Each origin with each of the three sources.
    const origin = enis[Math.floor(i / 3) % enis.length]!;
    const dst = withIp4[(i * 11 + 3) % withIp4.length]!;
    const protocol = i % 3 === 0 ? 17 : 6;
    cases.push({
      origin: { kind: 'network-interface', networkInterfaceId: origin.id },
      originEni: enis.indexOf(origin),
      flow: { family: 4, src: sources[i % 3]!, dst: dst.privateIps.find((p) => p.primary)!.address!.value, protocol, srcPort: 40000 + i, dstPort: [80, 443, 53][i % 3]!, icmpType: -1, icmpCode: -1 },
      destinationEni: NONE,
    });
  }
  return cases;
}

describe('network ACL crossings inside a VPC decided by NACL_INTRA_VPC4', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await loadEngine({ build: 'debug' });
  });

  it('compile: only ACLs allowing every packet inside the VPC CIDRs, in both IPv4 ranges, hold the fact', () => {
    const t = intraTopology();
    const nacls = section(compileTopology(t).words, Section.Nacl, NaclField.Stride);
    const holds = (subnet: string) => {
      const id = t.subnets.find((s) => s.logicalId === subnet)!.id;
      // NACL-1: a subnet without an association has its VPC's default ACL.
      const explicit = t.networkAcls.findIndex((a) => a.subnetIds.includes(id));
      const acl = explicit >= 0 ? explicit : t.networkAcls.findIndex((a) => a.isDefault);
      return (nacls[acl * NaclField.Stride + NaclField.Open]! & NACL_INTRA_VPC4) !== 0;
    };
    for (const [subnet, expected] of Object.entries(HOLDS)) expect(holds(subnet), subnet).toBe(expected);
    // ADDR-2: every IPv4 block of the VPC must be covered (a secondary block outside 10.8.0.0/16 is not).
    const wider = intraTopology();
    wider.vpcs[0]!.cidrBlocks.push({ ...wider.vpcs[0]!.cidrBlocks[0]!, addr: 0x0a090000n, text: '10.9.0.0/16' });
    const words = section(compileTopology(wider).words, Section.Nacl, NaclField.Stride);
    const generated = wider.networkAcls.findIndex((a) => a.logicalId === 'GeneratedAcl');
    const defaults = wider.networkAcls.findIndex((a) => a.isDefault);
    expect(words[generated * NaclField.Stride + NaclField.Open]! & NACL_INTRA_VPC4).toBe(0);
    expect(words[defaults * NaclField.Stride + NaclField.Open]! & NACL_INTRA_VPC4).toBe(NACL_INTRA_VPC4);
  });

  it('engine and reference agree on random flows (other ENIs\' sources among them)', () => {
    const t = intraTopology();
    const cases = withOtherSources(t, randomCases(t, 3000, 83));
    const outcome = runDifferential(engine, t, cases);
    expect(outcome.mismatches.filter((m) => m).join('\n\n')).toBe('');
    expect(outcome.compared).toBe(3000);
    // IPv6 flows between the instances (the IPv4 fact must not decide them).
    expect(cases.filter((c) => c.flow.family === 6 && c.originEni >= 0).length).toBeGreaterThan(300);
    // Both sides: crossings that pass, and ACLs that stop forwards or responses.
    expect(outcome.verdicts.get(0) ?? 0, 'reachable').toBeGreaterThan(300);
    expect(outcome.verdicts.get(3) ?? 0, 'SUBNET_ACL_RESTRICTION verdicts').toBeGreaterThan(100);
  });

  it('engine and reference agree on flows sent from addresses that are not the origin\'s', () => {
    const t = intraTopology();
    const cases = foreignSources(t, 600);
    const outcome = runDifferential(engine, t, cases);
    expect(outcome.mismatches.filter((m) => m).join('\n\n')).toBe('');
    expect(outcome.compared).toBe(600);
    expect(outcome.verdicts.get(3) ?? 0, 'SUBNET_ACL_RESTRICTION verdicts').toBeGreaterThan(50);
  });
});
