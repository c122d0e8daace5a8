// The response of a flow from the internet (assembly/walk-reply.ts internetReply: untraced walks send
// it out through the internet gateway without the lookups the forward walk decided) against the
// reference walk, on both sides of each condition: the receiver's route table sends the client's
// address to the VPC's internet gateway (IPv4 and IPv6), to a NAT gateway, to an appliance that drops
// it (RT-13), or nowhere; the gateway route table sends one subnet's traffic through an appliance that
// forwards (SG-4); a network ACL blocks half the responses' ports; clients send from an address the
// model holds (the response comes back in: NO_PATH), from RFC 1918 or RFC 6598 space (GW-6). Untraced
// verdicts, traced verdicts and hops must all agree.
import { beforeAll, describe, expect, it } from 'vitest';
import { Origin } from '../abi/batch.js';
import { HopKind } from '../abi/hops.js';
import { NONE } from '../abi/version.js';
import { loadEngine } from '../bindings/node.js';
import type { Engine } from '../bindings/engine.js';
import { Code } from '../src/analyze/codes.js';
import { topology as build } from '../src/builder/index.js';
import type { Topology } from '../src/model/types.js';
import { referenceHops } from '../src/reference/walk.js';
import { rng, runDifferential, type Case } from './helpers/walk-differential.js';

/**
 * VPC Web (dual stack, internet gateway Igw): subnets Pub and Acl route 0/0 and ::/0 to Igw (Acl's
 * ACL denies half the responses' ports outbound), Detour the same but the first half of 198.51.100.0/24
 * and 2001:db8::/33 to CheckedBox (drops), Nat sends IPv4 through NAT gateway NatGw, Closed has local
 * routes only; Igw's gateway route table sends subnet Forwarded's traffic through OpenBox. VPC Far has
 * an instance with a public address a client may send from. Each subnet's third instance takes only
 * HTTPS, its second sends only inside the VPC (its responses pass as replies).
 */
function internetTopology(): Topology {
  const subnets = ['Pub', 'Acl', 'Detour', 'Nat', 'Closed', 'Forwarded', 'Boxes'];
  return build({ region: 'us-east-1' })
    .vpc('Web', '10.5.0.0/16', (x) => {
      x.ipv6Cidr('2600:1f18:5::/56');
      x.internetGateway('Igw');
      x.securityGroup('WebOpen', (sg) => sg.ingress({ protocol: 'all', cidr: '0.0.0.0/0' }).ingress({ protocol: 'all', cidr: '::/0' }));
      // Egress to the VPC only: its responses to the internet pass only as replies (SG-7), while tracked.
      x.securityGroup('WebQuiet', (sg) => sg.ingress({ protocol: 'all', cidr: '0.0.0.0/0' }).ingress({ protocol: 'all', cidr: '::/0' }).egress({ protocol: 'all', cidr: '10.5.0.0/16' }));
      x.securityGroup('WebHttps', (sg) => sg.ingress({ protocol: 'tcp', ports: 443, cidr: '0.0.0.0/0' }).ingress({ protocol: 'tcp', ports: 443, cidr: '::/0' }));
      subnets.forEach((name, k) => x.subnet(name, `10.5.${k + 1}.0/24`, { ipv6: `2600:1f18:5:${k + 1}::/64` }));
      x.natGateway('NatGw', { subnet: 'Boxes' });
      const out = (rt: { route(cidr: string, target: { igw: string }): unknown }) => (rt.route('0.0.0.0/0', { igw: 'Igw' }), rt.route('::/0', { igw: 'Igw' }));
      x.routeTable('PubRt', { subnets: ['Pub', 'Acl', 'Forwarded', 'Boxes'] }, (rt) => out(rt));
      x.routeTable('DetourRt', { subnets: ['Detour'] }, (rt) => {
        out(rt);
        rt.route('198.51.100.0/25', { eni: 'CheckedBox' }).route('2001:db8::/33', { eni: 'CheckedBox' });
      });
      x.routeTable('NatRt', { subnets: ['Nat'] }, (rt) => rt.route('0.0.0.0/0', { nat: 'NatGw' }).route('::/0', { igw: 'Igw' }));
      x.routeTable('ClosedRt', { subnets: ['Closed'] });
      x.routeTable('EdgeRt', { gateways: [{ igw: 'Igw' }] }, (rt) => rt.route('10.5.6.0/24', { eni: 'OpenBox' }).route('2600:1f18:5:6::/64', { eni: 'OpenBox' }));
      x.networkInterface('OpenBox', { subnet: 'Boxes', sgs: ['WebOpen'], sourceDestCheck: false, ipv6Count: 1 });
      x.networkInterface('CheckedBox', { subnet: 'Boxes', sgs: ['WebOpen'], ipv6Count: 1 });
      for (const name of subnets.slice(0, 6)) {
        for (let i = 0; i < 3; i++) x.instance(`${name}${i}`, { subnet: name, sgs: [['WebOpen', 'WebQuiet', 'WebHttps'][i]!], publicIp: true, ipv6Count: 1 });
      }
      // UDP responses through the NAT gateway stop at its subnet's ACL (they would pass the gateway the IGW route names).
      x.networkAcl('BoxAcl', { subnets: ['Boxes'] }, (acl) => {
        for (const [n, cidr] of [[10, '0.0.0.0/0'], [11, '::/0']] as const) {
          acl.ingress(n, { action: 'deny', protocol: 'udp', cidr }).ingress(n + 10, { action: 'allow', protocol: 'all', cidr }).egress(n, { action: 'allow', protocol: 'all', cidr });
        }
      });
      x.networkAcl('AclAcl', { subnets: ['Acl'] }, (acl) => {
        for (const [n, cidr] of [[10, '0.0.0.0/0'], [11, '::/0']] as const) {
          acl.egress(n, { action: 'deny', protocol: 'tcp', ports: [1024, 32767], cidr }).egress(n + 10, { action: 'deny', protocol: 'udp', ports: [1024, 32767], cidr })
            .egress(n + 20, { action: 'allow', protocol: 'all', cidr }).ingress(n, { action: 'allow', protocol: 'all', cidr });
        }
      });
    })
    .vpc('Far', '10.6.0.0/16', (x) => {
      x.ipv6Cidr('2600:1f18:6::/56');
      x.internetGateway('FarIgw');
      x.securityGroup('FarOpen', (sg) => sg.ingress({ protocol: 'all', cidr: '0.0.0.0/0' }).ingress({ protocol: 'all', cidr: '::/0' }));
      x.subnet('FarPub', '10.6.1.0/24', { ipv6: '2600:1f18:6:1::/64' });
      x.routeTable('FarRt', { subnets: ['FarPub'] }, (rt) => rt.route('0.0.0.0/0', { igw: 'FarIgw' }).route('::/0', { igw: 'FarIgw' }));
      x.instance('Far0', { subnet: 'FarPub', sgs: ['FarOpen'], publicIp: true, ipv6Count: 1 });
    })
    .build();
}

const PORTS = [22, 443, 8080, 53];

/**
 * `count` flows from the internet to the public IPv4 (or IPv6) addresses of Web's instances: clients
 * mostly in 198.51.100.0/24 (2001:db8::/32), some at an address the model holds (Far0's), some in RFC
 * 1918 or RFC 6598 space, some not public (169.254.0.0/16, fd00::/8: their responses go nowhere); TCP, UDP and echo requests, source ports all over the ephemeral range.
 */
function internetCases(t: Topology, count: number, seed: number): Case[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const web = t.vpcs.find((v) => v.logicalId === 'Web')!.id;
  const webSubnets = new Set(t.subnets.filter((s) => s.vpcId === web).map((s) => s.id));
  const targets = t.networkInterfaces.filter((e) => e.kind === 'instance' && webSubnets.has(e.subnetId));
  const far = t.networkInterfaces.find((e) => e.kind === 'instance' && !webSubnets.has(e.subnetId))!;
  const cases: Case[] = [];
  while (cases.length < count) {
    const six = r() < 0.3;
    const to = pick(targets);
    const roll = r();
    const dst = six ? to.ipv6Addresses[0]?.value : to.privateIps.find((p) => p.primary)?.publicIp?.value;
    const src = six
      ? (roll < 0.8 ? 0x20010db8_00000000_00000000_00000000n + BigInt(Math.floor(r() * 2 ** 32)) * 2n ** 64n + BigInt(Math.floor(r() * 1000))
        : roll < 0.9 ? far.ipv6Addresses[0]?.value : 0xfd00_0000_0000_0000_0000_0000_0000_0000n + BigInt(Math.floor(r() * 1e6)))
      : roll < 0.7 ? BigInt(0xc6336400 + Math.floor(r() * 256))
      : roll < 0.8 ? far.privateIps.find((p) => p.primary)?.publicIp?.value
      : roll < 0.85 ? BigInt(0x0a630000 + Math.floor(r() * 65536))
      : roll < 0.9 ? BigInt(0x64400000 + Math.floor(r() * 65536))
      : BigInt(0xa9fe0000 + Math.floor(r() * 65536));
    if (src === undefined || dst === undefined) continue;
    const protocol = pick([6, 6, 17, six ? 58 : 1]);
    const ports = protocol === 6 || protocol === 17;
    cases.push({
      origin: { kind: 'internet' },
      originEni: Origin.Internet,
      flow: {
        family: six ? 6 : 4, src, dst, protocol,
        srcPort: ports ? 1024 + Math.floor(r() * 64512) : 0,
        dstPort: ports ? pick(PORTS) : 0,
        icmpType: ports ? -1 : six ? 128 : 8,
        icmpCode: ports ? -1 : 0,
      },
      destinationEni: NONE,
    });
  }
  return cases;
}

describe('the response of a flow from the internet (walk-reply.ts)', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await loadEngine({ build: 'debug' });
  });

  it('engine (traced and untraced) and reference agree on 3,000 flows from the internet, both sides of the way out', () => {
    const t = internetTopology();
    const cases = internetCases(t, 3000, 97);
    const outcome = runDifferential(engine, t, cases);
    expect(outcome.mismatches.filter((m) => m).join('\n\n')).toBe('');
    expect(outcome.compared).toBe(3000);
    // Both sides were walked: responses out through the gateway (IPv4 and IPv6) and each way the
    // full response ends otherwise.
    const out = [0, 0];
    const counts = { viaNat: 0, natAcl: 0, aclOut: 0, dropped: 0, noRoute: 0, backIn: 0, forwarded: 0, notPublic: 0 };
    for (const c of cases) {
      const ref = referenceHops(t, c.flow, c.origin);
      if (ref.response.length === 0) continue;
      const kinds = ref.response.map((h) => h.kind);
      const blocker = ref.response.find((h) => h.code !== Code.REACHABLE);
      if (ref.verdict === Code.REACHABLE) {
        if (kinds.includes(HopKind.NAT_GATEWAY)) counts.viaNat++;
        else if (ref.forward.filter((h) => h.kind === HopKind.NETWORK_INTERFACE).length > 1) counts.forwarded++;
        else out[c.flow.family === 6 ? 1 : 0]!++;
      }
      if (blocker?.code === Code.SUBNET_ACL_RESTRICTION && blocker.kind === HopKind.NETWORK_ACL_OUTBOUND) counts.aclOut++;
      if (blocker?.code === Code.SUBNET_ACL_RESTRICTION && blocker.kind === HopKind.NETWORK_ACL_INBOUND) counts.natAcl++;
      if (blocker?.code === Code.UNKNOWN_DESTINATION && kinds.includes(HopKind.INTERNET_GATEWAY)) counts.notPublic++;
      if (blocker?.code === Code.ENI_SOURCE_DEST_CHECK_RESTRICTION) counts.dropped++;
      if (blocker?.code === Code.NO_ROUTE_TO_DESTINATION) counts.noRoute++;
      if (blocker?.code === Code.NO_PATH && kinds.includes(HopKind.INTERNET_GATEWAY)) counts.backIn++;
    }
    expect(out[0], 'IPv4 responses out through the gateway').toBeGreaterThan(300);
    expect(out[1], 'IPv6 responses out through the gateway').toBeGreaterThan(100);
    for (const [what, n] of Object.entries(counts)) expect(n, what).toBeGreaterThan(10);
  });

  it('and with the responses 6 days late (SG-12, SG-13: nothing tracked is left), where only replies could leave', () => {
    const t = internetTopology();
    const cases = internetCases(t, 1500, 98);
    const outcome = runDifferential(engine, t, cases, { responseAfter: 6 * 86400 });
    expect(outcome.mismatches.filter((m) => m).join('\n\n')).toBe('');
    expect(outcome.compared).toBe(1500);
    const late = cases.filter((c) => referenceHops(t, c.flow, c.origin, { responseAfter: 6 * 86400 }).response.some((h) => h.kind === HopKind.SECURITY_GROUP_EGRESS && h.code !== Code.REACHABLE));
    expect(late.length, 'responses the egress rules stopped').toBeGreaterThan(50);
  });
});
