// Egress groups not open to all IPv4 decided first, in the one pass (assembly/walk-local.ts egressFirst:
// an untraced IPv4 flow from an instance's sole ENI or an interface whose egress groups are not
// EniFlag.EgressOpen4, wherever it goes) against the reference walk, on both sides of each condition:
// the origin's kind (instance, interface, an instance's second ENI, an interface endpoint and a NAT
// gateway's ENI, TRACE-15, VPCE-12, SG-16), its state (stopped, TRACE-12) and addresses (a secondary
// address, TRACE-15), the destination (the origin's own primary, loopback, the VPC's DNS and instance
// metadata, NACL-12; an address ending in 2 that an instance holds; inside the VPC, across a peering,
// the internet, an address no route holds), the egress groups (SG-1..4: open, a CIDR rule, a group of
// the VPC, a group across a peering (SG-5), no rule at all (SG_HAS_NO_RULES), a restrictive group
// beside an open one), the egress groups allowing what goes on (the route, the ACLs, the owner's
// ingress groups, the response) and the batch options that leave the flow to the general walk
// (TRACE-8 allBlocking, a down set, tracking gone by the response). And the route of a flow that leaves
// the local route (walk-local.ts leaveVpc4): no route (RT-3; NO_ROUTE_TO_DESTINATION unless start
// decides first: stopped, an endpoint's or NAT gateway's ENI, an instance's second ENI, loopback, a
// host service at 169.254.169.253/254 but not at 169.254.1.1), or a route (the peering, the internet
// gateway, a router instance whose own table has none: the answer made ahead serves the origin's
// table only). Untraced verdicts, traced verdicts and hops must all agree.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadEngine } from '../bindings/node.js';
import type { Engine } from '../bindings/engine.js';
import { EniField, EniFlag, Section } from '../abi/image.js';
import { Code } from '../abi/codes.js';
import { NONE } from '../abi/version.js';
import { topology as build } from '../src/builder/index.js';
import { compileTopology, section } from '../src/compile/index.js';
import type { Topology } from '../src/model/types.js';
import type { Flow } from '../src/walk/flow.js';
import { runDifferential, type Case } from './helpers/walk-differential.js';

/**
 * Home (10.8.0.0/16): Pub (10.8.1.0/24) routes 0/0 to the internet gateway and Peer's block over the
 * peering; Priv (10.8.2.0/24) the peering and 10.50.0.0/16 to a router instance (RT-14) in RouterNet,
 * on the main table (the local route only: no route there, after the router, for 10.50.1.1). Groups: App (TCP 8080
 * from anywhere; egress open), Db (egress TCP 1024-65535 to App only), Mute (no egress rule), Https
 * (egress TCP 443 anywhere), PeerRef (egress TCP 443 to Peer's PeerApp across the peering, SG-5),
 * Open (everything in; egress open). Peer (10.9.0.0/16): PeerApp (everything in).
 */
function egressTopology(): Topology {
  return build({ region: 'us-east-1' })
    .vpc('Home', '10.8.0.0/16', (x) => {
      x.subnet('Pub', '10.8.1.0/24').subnet('Priv', '10.8.2.0/24')
        .internetGateway('Igw')
        .securityGroup('App', (sg) => sg.ingress({ protocol: 'tcp', ports: 8080, cidr: '0.0.0.0/0' }))
        .securityGroup('Db', (sg) => sg.ingress({ protocol: 'tcp', ports: 5432, sg: 'App' }).egress({ protocol: 'tcp', ports: [1024, 65535], sg: 'App' }))
        .securityGroup('Mute', (sg) => sg.ingress({ protocol: 'all', cidr: '10.0.0.0/8' }).noEgress())
        .securityGroup('Https', (sg) => sg.ingress({ protocol: 'tcp', ports: 443, cidr: '10.8.0.0/16' }).egress({ protocol: 'tcp', ports: 443, cidr: '0.0.0.0/0' }))
        .securityGroup('PeerRef', (sg) => sg.ingress({ protocol: 'all', cidr: '10.9.0.0/16' }).egress({ protocol: 'tcp', ports: 443, sg: 'PeerApp' }))
        .securityGroup('Open', (sg) => sg.ingress({ protocol: 'all', cidr: '0.0.0.0/0' }))
        .instance('Db1', { subnet: 'Pub', sgs: ['Db'], ip: '10.8.1.18' })
        .instance('Db2', { subnet: 'Priv', sgs: ['Db'] })
        .instance('Mute1', { subnet: 'Priv', sgs: ['Mute'] })
        .networkInterface('HttpsEni', { subnet: 'Pub', sgs: ['Https'] })
        .instance('PeerRef1', { subnet: 'Priv', sgs: ['PeerRef'] })
        .instance('DbOpen', { subnet: 'Priv', sgs: ['Db', 'Open'] })
        .instance('MuteMulti', { subnet: 'Pub', sgs: ['Mute'] })
        .networkInterface('MuteMultiSecond', { subnet: 'Priv', instance: 'MuteMulti', sgs: ['Mute'] })
        .instance('MuteSecondary', { subnet: 'Priv', sgs: ['Mute'], secondaryIps: ['10.8.2.200'] })
        .instance('MuteStopped', { subnet: 'Pub', sgs: ['Mute'], state: 'stopped' })
        .instance('App1', { subnet: 'Priv', sgs: ['App'] })
        .instance('App2', { subnet: 'Pub', sgs: ['App'], ip: '10.8.1.34' })
        .instance('Open1', { subnet: 'Pub', sgs: ['Open'] })
        .instance('OpenStopped', { subnet: 'Priv', sgs: ['Open'], state: 'stopped' })
        .instance('OpenMulti', { subnet: 'Priv', sgs: ['Open'] })
        .networkInterface('OpenMultiSecond', { subnet: 'Pub', instance: 'OpenMulti', sgs: ['Open'] })
        .instance('OpenSecondary', { subnet: 'Priv', sgs: ['Open'], secondaryIps: ['10.8.2.201'] })
        .interfaceEndpoint('Sqs', { service: 'sqs', subnets: ['Priv'], sgs: ['Mute'] })
        .interfaceEndpoint('Sns', { service: 'sns', subnets: ['Priv'], sgs: ['Open'] })
        .natGateway('Nat', { subnet: 'Pub', connectivity: 'private' })
        .natGateway('Nat2', { subnet: 'Priv', connectivity: 'private' })
        .routeTable('PubRt', { subnets: ['Pub'] }, (rt) => rt.route('0.0.0.0/0', { igw: 'Igw' }).route('10.9.0.0/16', { pcx: 'Pcx' }))
        .subnet('RouterNet', '10.8.9.0/24')
        .instance('Router', { subnet: 'RouterNet', sgs: ['Open'], sourceDestCheck: false })
        .routeTable('PrivRt', { subnets: ['Priv'] }, (rt) => rt.route('10.9.0.0/16', { pcx: 'Pcx' }).route('10.50.0.0/16', { instance: 'Router' }));
    })
    .vpc('Peer', '10.9.0.0/16', (x) => {
      x.subnet('P', '10.9.1.0/24')
        .securityGroup('PeerApp', (sg) => sg.ingress({ protocol: 'all', cidr: '0.0.0.0/0' }))
        .instance('PeerApp1', { subnet: 'P', sgs: ['PeerApp'] })
        .routeTable('PRt', { subnets: ['P'] }, (rt) => rt.route('10.8.0.0/16', { pcx: 'Pcx' }));
    })
    .peering('Pcx', 'Home', 'Peer')
    .build();
}

const ip = (text: string) => text.split('.').reduce((a, b) => (a << 8n) | BigInt(b), 0n);

/** TCP 8080, 443, 5432, 80 and 2000; UDP 53; echo request; GRE (no response). */
const PROTOCOLS: Array<Pick<Flow, 'protocol' | 'dstPort' | 'icmpType' | 'icmpCode'>> = [
  { protocol: 6, dstPort: 8080, icmpType: -1, icmpCode: -1 }, { protocol: 6, dstPort: 443, icmpType: -1, icmpCode: -1 },
  { protocol: 6, dstPort: 5432, icmpType: -1, icmpCode: -1 }, { protocol: 6, dstPort: 80, icmpType: -1, icmpCode: -1 },
  { protocol: 6, dstPort: 2000, icmpType: -1, icmpCode: -1 }, { protocol: 17, dstPort: 53, icmpType: -1, icmpCode: -1 },
  { protocol: 1, dstPort: 0, icmpType: 8, icmpCode: 0 }, { protocol: 47, dstPort: 0, icmpType: -1, icmpCode: -1 },
];

/** From every ENI (its primary; now and then another ENI's) to every ENI's address and the special ones, each protocol. */
function egressCases(t: Topology): Case[] {
  const enis = t.networkInterfaces;
  const primary = (k: number) => enis[k]!.privateIps.find((p) => p.primary)?.address?.value;
  const holders = enis.flatMap((e, k) => e.privateIps.filter((p) => p.address).map((p) => ({ address: p.address!.value, holder: k })));
  const special = ['10.50.1.1', '127.0.0.1', '10.8.0.2', '169.254.169.254', '169.254.169.253', '169.254.1.1', '8.8.8.8', '10.99.1.1', '10.8.2.77', '0.0.0.0'].map((a) => ({ address: ip(a), holder: NONE }));
  const cases: Case[] = [];
  let n = 0;
  enis.forEach((origin, o) => {
    for (const { address, holder } of [...holders, ...special]) {
      for (const p of PROTOCOLS) {
        n++;
        const src = n % 13 === 0 ? primary((o + 1) % enis.length) : primary(o);
        if (src === undefined) continue;
        const named = holder >= 0 && n % 5 === 0 ? holder : NONE;
        cases.push({
          origin: { kind: 'network-interface', networkInterfaceId: origin.id },
          originEni: o,
          flow: { family: 4, src, dst: address, srcPort: p.protocol === 6 || p.protocol === 17 ? 30000 + (n % 20000) : 0, ...p },
          ...(named >= 0 ? { destination: enis[named]!.id, destinationEni: named } : { destinationEni: NONE }),
        });
      }
    }
  });
  return cases;
}

describe('egress groups not open decided first (walk-local.ts egressFirst) against the reference walk', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await loadEngine({ build: 'debug' });
  });

  it('compile: EniFlag.EgressOpen4 only where the first egress rule allows all IPv4', () => {
    const t = egressTopology();
    const enis = section(compileTopology(t).words, Section.Eni, EniField.Stride);
    const closed = t.networkInterfaces.filter((_, k) => !(enis[k * EniField.Stride + EniField.Flags]! & EniFlag.EgressOpen4)).map((e) => e.logicalId ?? e.id);
    // DbOpen: Db's rule comes first, Open's allow-all after it (the scan allows what the flag would).
    expect(closed).toEqual(expect.arrayContaining(['Db1.eth0', 'Db2.eth0', 'Mute1.eth0', 'HttpsEni', 'PeerRef1.eth0', 'DbOpen.eth0', 'MuteMulti.eth0', 'MuteMultiSecond', 'MuteSecondary.eth0', 'MuteStopped.eth0']));
    expect(closed).not.toContain('App1.eth0');
    expect(closed).not.toContain('Open1.eth0');
  });

  it('every ENI to every address and the special ones, each protocol: both sides of each condition', () => {
    const t = egressTopology();
    const outcome = runDifferential(engine, t, egressCases(t));
    expect(outcome.mismatches.filter((m) => m).join('\n\n')).toBe('');
    expect(outcome.compared).toBeGreaterThan(3000);
    // Refused at egress with and without rules, reachable past a closed egress group, the route, the gateway, TRACE-12 / TRACE-15.
    expect(outcome.verdicts.get(Code.ENI_SG_RULES_MISMATCH) ?? 0, 'rules mismatch').toBeGreaterThan(300);
    expect(outcome.verdicts.get(Code.SG_HAS_NO_RULES) ?? 0, 'no rules').toBeGreaterThan(100);
    expect(outcome.verdicts.get(0) ?? 0, 'reachable').toBeGreaterThan(200);
    expect(outcome.verdicts.get(Code.NO_ROUTE_TO_DESTINATION) ?? 0, 'no route').toBeGreaterThan(10);
    expect(outcome.verdicts.get(Code.BAD_STATE) ?? 0, 'stopped').toBeGreaterThan(10);
  });

  it('the same flows with the options that leave them to the general walk', () => {
    const t = egressTopology();
    const cases = egressCases(t);
    for (const options of [{ responseAfter: 31 }, { allBlocking: true }, { down: [t.instances.find((i) => i.logicalId === 'App1')!.id] }]) {
      const outcome = runDifferential(engine, t, cases, options);
      expect(outcome.mismatches.filter((m) => m).join('\n\n'), JSON.stringify(options)).toBe('');
      expect(outcome.verdicts.get(Code.SG_HAS_NO_RULES) ?? 0, 'no rules').toBeGreaterThan(100);
    }
  });
});
