// The response of a flow from the internet decided by the client's address alone (Public4Field.ReplySubnet,
// image version 21: src/compile/internet-replies.ts; assembly/walk-reply.ts publicReply4) against the
// reference walk, on both sides of each condition the fact holds for: a subnet whose route table sends
// 0/0 to its VPC's internet gateway and nothing public elsewhere (RT-3), or 0/0 to a blackhole, to a NAT
// gateway, to another VPC's gateway (RT-10), with a public route more specific than 0/0, or with the local
// route of a public secondary CIDR (TRACE-15's host, RT-16's subnet: a client at an address the host or the
// subnet holds); and of each run-time check: clients not public (ADDR-15), at an address the model holds
// (the response comes back in: NO_PATH), responses late (SG-12: nothing tracked), an outbound ACL denying
// half the responses' ports. Untraced verdicts, traced verdicts and hops must all agree.
import { beforeAll, describe, expect, it } from 'vitest';
import { Origin } from '../abi/batch.js';
import { Section } from '../abi/image.js';
import { AddressScope, Public4Field } from '../abi/image-addresses.js';
import { NONE } from '../abi/version.js';
import { loadEngine } from '../bindings/node.js';
import type { Engine } from '../bindings/engine.js';
import { Code } from '../src/analyze/codes.js';
import { topology as build } from '../src/builder/index.js';
import { compileTopology } from '../src/compile/index.js';
import { section } from '../src/compile/image.js';
import type { Topology } from '../src/model/types.js';
import { referenceHops } from '../src/reference/walk.js';
import { rng, runDifferential, type Case } from './helpers/walk-differential.js';

/**
 * VPC Pubs (gateway Igw): Plain routes 0/0 to Igw (its ACL denies outbound TCP and UDP to ports
 * 1024-32767), Private routes 0/0 to Igw and 192.168/16, 100.64/10 to a blackhole (non-public: the fact
 * holds), Holed 0/0 to Igw in state blackhole, Specific 0/0 to Igw and 198.51.100.128/25 to a blackhole, ToNat 0/0
 * to NAT gateway Ngw, Foreign 0/0 to Wide's gateway. VPC Wide (gateway WideIgw) has the secondary CIDR
 * 198.18.0.0/24 (public, ADDR-15), so its tables' local routes hold public addresses: WideLow's sole
 * instance Lone, instance Duo with a second ENI at 198.18.0.20, WideHigh's Sec at 198.18.0.40. Each
 * subnet's second instance sends only inside its VPC (its responses pass only as replies).
 */
function directTopology(): Topology {
  const t = build({ region: 'us-east-1' })
    .vpc('Pubs', '10.7.0.0/16', (x) => {
      x.internetGateway('Igw');
      x.securityGroup('Open', (sg) => sg.ingress({ protocol: 'all', cidr: '0.0.0.0/0' }));
      x.securityGroup('Quiet', (sg) => sg.ingress({ protocol: 'all', cidr: '0.0.0.0/0' }).egress({ protocol: 'all', cidr: '10.7.0.0/16' }));
      const subnets = ['Plain', 'Private', 'Holed', 'Specific', 'ToNat', 'Foreign'];
      subnets.forEach((name, k) => x.subnet(name, `10.7.${k + 1}.0/24`, { az: 'us-east-1a' }));
      x.natGateway('Ngw', { subnet: 'Plain' });
      x.routeTable('PlainRt', { subnets: ['Plain'] }, (rt) => rt.route('0.0.0.0/0', { igw: 'Igw' }));
      x.routeTable('PrivateRt', { subnets: ['Private'] }, (rt) =>
        rt.route('0.0.0.0/0', { igw: 'Igw' }).route('192.168.0.0/16', { blackhole: true }).route('100.64.0.0/10', { blackhole: true }));
      x.routeTable('HoledRt', { subnets: ['Holed'] }, (rt) => rt.route('0.0.0.0/0', { igw: 'Igw' }));
      x.routeTable('SpecificRt', { subnets: ['Specific'] }, (rt) => rt.route('0.0.0.0/0', { igw: 'Igw' }).route('198.51.100.128/25', { blackhole: true }));
      x.routeTable('ToNatRt', { subnets: ['ToNat'] }, (rt) => rt.route('0.0.0.0/0', { nat: 'Ngw' }));
      x.routeTable('ForeignRt', { subnets: ['Foreign'] }, (rt) => rt.route('0.0.0.0/0', { igw: 'WideIgw' }));
      for (const name of subnets) {
        for (let i = 0; i < 2; i++) x.instance(`${name}${i}`, { subnet: name, sgs: [['Open', 'Quiet'][i]!], publicIp: true });
      }
      x.networkInterface('Loose', { subnet: 'Plain', sgs: ['Open'], eip: 'LooseEip' });
      x.networkAcl('PlainAcl', { subnets: ['Plain'] }, (acl) =>
        acl.egress(10, { action: 'deny', protocol: 'tcp', ports: [1024, 32767], cidr: '0.0.0.0/0' })
          .egress(20, { action: 'deny', protocol: 'udp', ports: [1024, 32767], cidr: '0.0.0.0/0' })
          .egress(30, { action: 'allow', protocol: 'all', cidr: '0.0.0.0/0' })
          .ingress(10, { action: 'allow', protocol: 'all', cidr: '0.0.0.0/0' }));
    })
    .vpc('Wide', '10.8.0.0/16', (x) => {
      x.secondaryCidr('198.18.0.0/24');
      x.internetGateway('WideIgw');
      x.securityGroup('WideOpen', (sg) => sg.ingress({ protocol: 'all', cidr: '0.0.0.0/0' }));
      x.subnet('WideLow', '10.8.1.0/24', { az: 'us-east-1a' });
      x.subnet('WideHigh', '198.18.0.0/25', { az: 'us-east-1a' });
      x.routeTable('WideRt', { subnets: ['WideLow', 'WideHigh'] }, (rt) => rt.route('0.0.0.0/0', { igw: 'WideIgw' }));
      x.instance('Lone', { subnet: 'WideLow', sgs: ['WideOpen'], publicIp: true });
      x.instance('Duo', { subnet: 'WideLow', sgs: ['WideOpen'], publicIp: true });
      x.networkInterface('DuoEth1', { subnet: 'WideHigh', ip: '198.18.0.20', sgs: ['WideOpen'], instance: 'Duo' });
      x.instance('Sec', { subnet: 'WideHigh', ip: '198.18.0.40', sgs: ['WideOpen'], publicIp: true });
    })
    .elasticIp('LooseEip')
    .build();
  // Holed's route to Igw as imported in state blackhole (its target deleted and made again: RT-10).
  const holed = t.routeTables.find((rt) => rt.logicalId === 'HoledRt')!;
  holed.routes.find((r) => r.destination?.len === 0)!.state = 'blackhole';
  return t;
}

const PORTS = [22, 443, 8080, 53];
/** Clients at addresses the Wide VPC holds or routes locally: Duo's second ENI, Sec, nobody in WideHigh, nobody in the CIDR. */
const WIDE_CLIENTS = [0xc6120014, 0xc6120028, 0xc612004d, 0xc61200c8].map(BigInt);

/**
 * `count` flows from the internet to every public IPv4 the model holds: clients mostly in
 * 198.51.100.0/24, some at Wide's addresses, at a public address of the model, in RFC 1918 or RFC 6598
 * space (GW-6 drops them), or not public (169.254/16, 240/4); TCP, UDP and echo requests.
 */
function directCases(t: Topology, count: number, seed: number): Case[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const publics = t.networkInterfaces.flatMap((e) => e.privateIps.flatMap((p) => (p.publicIp ? [p.publicIp.value] : [])));
  const cases: Case[] = [];
  while (cases.length < count) {
    const dst = pick(publics);
    const roll = r();
    const src = roll < 0.6 ? BigInt(0xc6336400 + Math.floor(r() * 256))
      : roll < 0.75 ? pick(WIDE_CLIENTS)
      : roll < 0.82 ? pick(publics)
      : roll < 0.86 ? BigInt(0x0a630000 + Math.floor(r() * 65536))
      : roll < 0.9 ? BigInt(0x64400000 + Math.floor(r() * 65536))
      : roll < 0.95 ? BigInt(0xa9fe0000 + Math.floor(r() * 65536))
      : BigInt(0xf0000000 + Math.floor(r() * 65536));
    const protocol = pick([6, 6, 17, 1]);
    const ports = protocol !== 1;
    cases.push({
      origin: { kind: 'internet' },
      originEni: Origin.Internet,
      flow: {
        family: 4, src, dst, protocol,
        srcPort: ports ? 1024 + Math.floor(r() * 64512) : 0,
        dstPort: ports ? pick(PORTS) : 0,
        icmpType: ports ? -1 : 8,
        icmpCode: ports ? -1 : 0,
      },
      destinationEni: NONE,
    });
  }
  return cases;
}

describe('internet responses decided by the client address (Public4Field.ReplySubnet)', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await loadEngine({ build: 'debug' });
  });

  it('compiles the fact for the subnets whose table sends every public address to their gateway, and only there', () => {
    const t = directTopology();
    const words = section(compileTopology(t).words, Section.Public4, Public4Field.Stride);
    const subnetOf = new Map(t.networkInterfaces.map((e, i) => [i, t.subnets.find((s) => s.id === e.subnetId)!.logicalId]));
    const replies = new Map<string, boolean>();
    for (let at = 0; at < words.length; at += Public4Field.Stride) {
      const e = words[at + Public4Field.Eni]!;
      if (e === AddressScope.Empty) continue;
      const name = t.networkInterfaces[e]!.logicalId;
      replies.set(name, words[at + Public4Field.ReplySubnet] !== NONE);
      if (words[at + Public4Field.ReplySubnet] !== NONE) expect(t.subnets[words[at + Public4Field.ReplySubnet]!]!.logicalId).toBe(subnetOf.get(e));
    }
    const holding = [...replies].filter(([, yes]) => yes).map(([name]) => subnetOf.get(t.networkInterfaces.findIndex((e) => e.logicalId === name))!);
    expect(new Set(holding)).toEqual(new Set(['Plain', 'Private']));
    // Plain's two instances, Loose; Private's two instances.
    expect(holding.length).toBe(5);
  });

  it('engine (traced and untraced) and reference agree on 4,000 flows from the internet, on both sides of each condition', () => {
    const t = directTopology();
    const cases = directCases(t, 4000, 131);
    const outcome = runDifferential(engine, t, cases);
    expect(outcome.mismatches.filter((m) => m).join('\n\n')).toBe('');
    expect(outcome.compared).toBe(4000);
    const ends = { reached: 0, aclOut: 0, backIn: 0, notPublic: 0, blackhole: 0 };
    for (const c of cases) {
      const ref = referenceHops(t, c.flow, c.origin);
      if (ref.response.length === 0) continue;
      const blocker = ref.response.find((h) => h.code !== Code.REACHABLE);
      if (ref.verdict === Code.REACHABLE) ends.reached++;
      else if (blocker?.code === Code.SUBNET_ACL_RESTRICTION) ends.aclOut++;
      else if (blocker?.code === Code.NO_PATH) ends.backIn++;
      else if (blocker?.code === Code.UNKNOWN_DESTINATION) ends.notPublic++;
      else if (blocker?.code === Code.BAD_STATE_ROUTE) ends.blackhole++;
    }
    for (const [what, n] of Object.entries(ends)) expect(n, what).toBeGreaterThan(20);
  });

  it('and with the responses 6 days late (SG-12: nothing tracked is left)', () => {
    const t = directTopology();
    const cases = directCases(t, 1500, 132);
    const outcome = runDifferential(engine, t, cases, { responseAfter: 6 * 86400 });
    expect(outcome.mismatches.filter((m) => m).join('\n\n')).toBe('');
    expect(outcome.compared).toBe(1500);
  });
});
