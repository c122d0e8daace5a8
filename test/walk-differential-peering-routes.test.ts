// The response of a flow delivered over a VPC peering connection when every subnet of the receiver's
// VPC routes the origin's VPC back over it (PeeringField.ReplyRoutes4, image version 22:
// src/compile/peering-replies.ts; assembly/walk-reply.ts peeringReply without the route lookup)
// against the reference walk, on both sides of each condition: VpcP (two IPv4 CIDRs) peers with Q
// (every table routes both of P's CIDRs back: the fact holds both ways), R (routes only P's first CIDR),
// S (P's /15 with a /24 inside it to a blackhole), T (P's /15 over the connection as imported in state
// blackhole), U (P's CIDRs over its connection to V, which has P's first CIDR: PCX-PARTIAL) and W (one
// of its two subnets has no route back, RT-3); network ACLs deny half the responses' ports (the checks
// the fast path keeps). Untraced verdicts, traced verdicts and hops must all agree.
import { beforeAll, describe, expect, it } from 'vitest';
import { HopKind } from '../abi/hops.js';
import { Section } from '../abi/image.js';
import { PEERING_REPLY_ACCEPTER, PEERING_REPLY_REQUESTER, PeeringField } from '../abi/image-gateways.js';
import { NONE } from '../abi/version.js';
import { loadEngine } from '../bindings/node.js';
import type { Engine } from '../bindings/engine.js';
import { Code } from '../src/analyze/codes.js';
import { topology as build, type VpcBuilder } from '../src/builder/index.js';
import { compileTopology } from '../src/compile/index.js';
import { section } from '../src/compile/image.js';
import type { Topology } from '../src/model/types.js';
import { referenceHops } from '../src/reference/walk.js';
import { rng, runDifferential, type Case } from './helpers/walk-differential.js';

const PEERS = ['Q', 'R', 'S', 'T', 'U', 'W'];

/** Subnets `${name}1`, `${name}2` of VPC `name` (10.x.1.0/24, 10.x.2.0/24), two instances each, all traffic allowed in. */
function hosts(x: VpcBuilder, name: string, base: string): void {
  x.securityGroup(`${name}Sg`, (sg) => sg.ingress({ protocol: 'all', cidr: '0.0.0.0/0' }));
  for (const k of [1, 2]) {
    x.subnet(`${name}${k}`, `${base}.${k}.0/24`);
    for (let i = 0; i < 2; i++) x.instance(`${name}${k}${i}`, { subnet: `${name}${k}`, sgs: [`${name}Sg`] });
  }
}

function peeringRoutesTopology(): Topology {
  const t = build({ region: 'us-east-1' })
    .vpc('P', '10.20.0.0/16', (x) => {
      x.secondaryCidr('10.21.0.0/16');
      hosts(x, 'P', '10.20');
      x.subnet('P3', '10.21.1.0/24');
      x.instance('P30', { subnet: 'P3', sgs: ['PSg'] });
      x.routeTable('PRt', { subnets: ['P1', 'P2', 'P3'] }, (rt) => {
        PEERS.forEach((name, k) => rt.route(`10.${30 + k}.0.0/16`, { pcx: `Pcx${name}` }));
      });
      // Half the responses' ports denied into P1 (the inbound check the fast path keeps).
      x.networkAcl('PIn', { subnets: ['P1'] }, (acl) =>
        acl.ingress(10, { action: 'deny', protocol: 'tcp', ports: [1024, 32767], cidr: '0.0.0.0/0' })
          .ingress(20, { action: 'allow', protocol: 'all', cidr: '0.0.0.0/0' })
          .egress(10, { action: 'allow', protocol: 'all', cidr: '0.0.0.0/0' }));
    })
    .vpc('Q', '10.30.0.0/16', (x) => {
      hosts(x, 'Q', '10.30');
      x.routeTable('QRt', { subnets: ['Q1', 'Q2'] }, (rt) => rt.route('10.20.0.0/16', { pcx: 'PcxQ' }).route('10.21.0.0/16', { pcx: 'PcxQ' }));
      // Half the responses' ports denied out of Q2 (the outbound check the fast path keeps).
      x.networkAcl('QOut', { subnets: ['Q2'] }, (acl) =>
        acl.egress(10, { action: 'deny', protocol: 'tcp', ports: [1024, 32767], cidr: '0.0.0.0/0' })
          .egress(20, { action: 'allow', protocol: 'all', cidr: '0.0.0.0/0' })
          .ingress(10, { action: 'allow', protocol: 'all', cidr: '0.0.0.0/0' }));
    })
    .vpc('R', '10.31.0.0/16', (x) => {
      hosts(x, 'R', '10.31');
      x.routeTable('RRt', { subnets: ['R1', 'R2'] }, (rt) => rt.route('10.20.0.0/16', { pcx: 'PcxR' }));
    })
    .vpc('S', '10.32.0.0/16', (x) => {
      hosts(x, 'S', '10.32');
      x.routeTable('SRt', { subnets: ['S1', 'S2'] }, (rt) => rt.route('10.20.0.0/15', { pcx: 'PcxS' }).route('10.20.1.0/24', { blackhole: true }));
    })
    .vpc('T', '10.33.0.0/16', (x) => {
      hosts(x, 'T', '10.33');
      x.routeTable('TRt', { subnets: ['T1', 'T2'] }, (rt) => rt.route('10.20.0.0/15', { pcx: 'PcxT' }));
    })
    .vpc('U', '10.34.0.0/16', (x) => {
      hosts(x, 'U', '10.34');
      x.routeTable('URt', { subnets: ['U1', 'U2'] }, (rt) => rt.route('10.20.0.0/16', { pcx: 'PcxUV' }).route('10.21.0.0/16', { pcx: 'PcxU' }));
    })
    .vpc('V', '10.20.0.0/16', (x) => {
      hosts(x, 'V', '10.20');
      x.routeTable('VRt', { subnets: ['V1', 'V2'] }, (rt) => rt.route('10.34.0.0/16', { pcx: 'PcxUV' }));
    })
    .vpc('W', '10.35.0.0/16', (x) => {
      hosts(x, 'W', '10.35');
      x.routeTable('WRt', { subnets: ['W1'] }, (rt) => rt.route('10.20.0.0/15', { pcx: 'PcxW' }));
      x.routeTable('WNone', { subnets: ['W2'] });
    })
    .peering('PcxQ', 'P', 'Q')
    .peering('PcxR', 'R', 'P')
    .peering('PcxS', 'P', 'S')
    .peering('PcxT', 'P', 'T')
    .peering('PcxU', 'P', 'U')
    .peering('PcxUV', 'U', 'V')
    .peering('PcxW', 'W', 'P')
    .build();
  // T's route back as imported in state blackhole (RT-10).
  t.routeTables.find((rt) => rt.logicalId === 'TRt')!.routes.find((r) => r.destination?.len === 15)!.state = 'blackhole';
  return t;
}

/** `count` flows between P's instances and the peers' (each way), TCP, UDP and echo requests. */
function peeringCases(t: Topology, count: number, seed: number): Case[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const vpcOf = new Map(t.subnets.map((s) => [s.id, t.vpcs.find((v) => v.id === s.vpcId)!.logicalId]));
  const enis = t.networkInterfaces.map((e, i) => ({ e, i, vpc: vpcOf.get(e.subnetId)! })).filter((x) => x.e.kind === 'instance');
  const inP = enis.filter((x) => x.vpc === 'P');
  const outside = enis.filter((x) => x.vpc !== 'P' && x.vpc !== 'V');
  const cases: Case[] = [];
  while (cases.length < count) {
    const fromP = r() < 0.5;
    const from = fromP ? pick(inP) : pick(outside);
    const to = fromP ? pick(outside) : pick(inP);
    const protocol = pick([6, 6, 17, 1]);
    const ports = protocol !== 1;
    cases.push({
      origin: { kind: 'network-interface', networkInterfaceId: from.e.id },
      originEni: from.i,
      flow: {
        family: 4,
        src: from.e.privateIps[0]!.address!.value,
        dst: to.e.privateIps[0]!.address!.value,
        protocol,
        srcPort: ports ? 1024 + Math.floor(r() * 64512) : 0,
        dstPort: ports ? pick([22, 443, 8080]) : 0,
        icmpType: ports ? -1 : 8,
        icmpCode: ports ? -1 : 0,
      },
      destinationEni: NONE,
    });
  }
  return cases;
}

describe('peering responses routed back by every subnet of the receiver (PeeringField.ReplyRoutes4)', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await loadEngine({ build: 'debug' });
  });

  it('compiles the fact for the sides whose tables all send the other VPC back over the connection, and only there', () => {
    const t = peeringRoutesTopology();
    const words = section(compileTopology(t).words, Section.Peering, PeeringField.Stride);
    const sides = new Map<string, string[]>();
    t.vpcPeeringConnections.forEach((p, i) => {
      const bits = words[i * PeeringField.Stride + PeeringField.ReplyRoutes4]!;
      const vpc = (id: string) => t.vpcs.find((v) => v.id === id)!.logicalId;
      const on: string[] = [];
      if (bits & PEERING_REPLY_REQUESTER) on.push(vpc(p.requesterVpcId));
      if (bits & PEERING_REPLY_ACCEPTER) on.push(vpc(p.accepterVpcId));
      sides.set(p.logicalId, on);
    });
    // P routes every peer's one CIDR back; of the peers only Q routes both of P's CIDRs back; U and V route each other.
    expect(Object.fromEntries(sides)).toEqual({ PcxQ: ['P', 'Q'], PcxR: ['P'], PcxS: ['P'], PcxT: ['P'], PcxU: ['P'], PcxUV: ['U', 'V'], PcxW: ['P'] });
  });

  it('engine (traced and untraced) and reference agree on 4,000 flows each way, on both sides of each condition', () => {
    const t = peeringRoutesTopology();
    const cases = peeringCases(t, 4000, 151);
    const outcome = runDifferential(engine, t, cases);
    expect(outcome.mismatches.filter((m) => m).join('\n\n')).toBe('');
    expect(outcome.compared).toBe(4000);
    const ends = { reached: 0, aclIn: 0, aclOut: 0, noRoute: 0, blackhole: 0, elsewhere: 0 };
    for (const c of cases) {
      const ref = referenceHops(t, c.flow, c.origin);
      if (ref.response.length === 0) continue;
      const blocker = ref.response.find((h) => h.code !== Code.REACHABLE);
      if (ref.verdict === Code.REACHABLE) ends.reached++;
      else if (blocker?.code === Code.SUBNET_ACL_RESTRICTION) ends[blocker.kind === HopKind.NETWORK_ACL_OUTBOUND ? 'aclOut' : 'aclIn']++;
      else if (blocker?.code === Code.NO_ROUTE_TO_DESTINATION) ends.noRoute++;
      else if (blocker?.code === Code.BAD_STATE_ROUTE) ends.blackhole++;
      else if (blocker?.code === Code.NO_PATH) ends.elsewhere++;
    }
    for (const [what, n] of Object.entries(ends)) expect(n, what).toBeGreaterThan(20);
  });
});
