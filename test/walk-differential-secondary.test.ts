// Flows to every private IPv4 address of two peered VPCs, secondary addresses included, against the
// reference walk. The engine checks an ENI's primary address in its Eni record and reads the rest of
// its addresses (EniDetail, EniIp4) only when EniFlag.MoreIp4 says there are some, and an instance's
// owner (TRACE-15: the host's other ENIs) only for an instance with several ENIs: both sides of each.
import { beforeAll, describe, expect, it } from 'vitest';
import { NONE } from '../abi/version.js';
import { loadEngine } from '../bindings/node.js';
import type { Engine } from '../bindings/engine.js';
import { Code } from '../src/analyze/codes.js';
import { topology as build } from '../src/builder/index.js';
import type { Topology } from '../src/model/types.js';
import { referenceHops } from '../src/reference/walk.js';
import type { Flow } from '../src/walk/flow.js';
import { rng, runDifferential, type Case } from './helpers/walk-differential.js';

/**
 * VPCs A and B, peered. In each: instances with no, one or three secondary IPv4 addresses (some
 * without a primary set by hand: allocated), a host with a second ENI that carries two addresses, and a
 * standalone interface with a secondary address. An ACL of A's second subnet denies TCP 8000-8999.
 */
function secondaryTopology(): Topology {
  let b = build({ region: 'us-east-1' });
  for (const [v, base] of [['A', '10.1'], ['B', '10.2']] as const) {
    b = b.vpc(`Vpc${v}`, `${base}.0.0/16`, (x) => {
      x.subnet(`${v}S1`, `${base}.1.0/24`).subnet(`${v}S2`, `${base}.2.0/24`);
      x.securityGroup(`${v}Web`, (sg) => sg.ingress({ protocol: 'tcp', ports: [443, 443], cidr: '10.0.0.0/8' }).ingress({ protocol: 'icmp', cidr: '10.1.0.0/16' }));
      x.routeTable(`${v}Rt`, { subnets: [`${v}S1`, `${v}S2`] }, (rt) => rt.route(v === 'A' ? '10.2.0.0/16' : '10.1.0.0/16', { pcx: 'PcxAB' }));
      for (let i = 0; i < 6; i++) {
        const subnet = `${v}S${1 + (i % 2)}`;
        const net = `${base}.${1 + (i % 2)}`;
        const secondaryIps = i % 3 === 0 ? [] : i % 3 === 1 ? [`${net}.${100 + i}`] : [`${net}.${110 + i}`, `${net}.${120 + i}`, `${net}.${130 + i}`];
        x.instance(`${v}Host${i}`, { subnet, sgs: [`${v}Web`], ...(i === 5 ? {} : { ip: `${net}.${10 + i}` }), secondaryIps });
      }
      x.networkInterface(`${v}Second`, { subnet: `${v}S2`, sgs: [`${v}Web`], ip: `${base}.2.50`, secondaryIps: [`${base}.2.51`], instance: `${v}Host0` });
      x.networkInterface(`${v}Standalone`, { subnet: `${v}S1`, sgs: [`${v}Web`], ip: `${base}.1.60`, secondaryIps: [`${base}.1.61`] });
      if (v === 'A') {
        x.networkAcl('AAcl', { subnets: ['AS2'] }, (acl) => acl
          .ingress(10, { action: 'deny', protocol: 'tcp', ports: [8000, 8999], cidr: '0.0.0.0/0' }).ingress(20, { action: 'allow', protocol: 'all', cidr: '0.0.0.0/0' })
          .egress(10, { action: 'allow', protocol: 'all', cidr: '0.0.0.0/0' }));
      }
    });
  }
  return b.peering('PcxAB', 'VpcA', 'VpcB').build();
}

/** From every ENI's primary address to every private IPv4 of the model (and one nobody holds), TCP 443 / 8080 and ping. */
function everyAddress(t: Topology): Case[] {
  const r = rng(5);
  const enis = t.networkInterfaces;
  const targets = enis.flatMap((e) => e.privateIps.map((p) => p.address!.value)).concat([0x0a010163n]);
  const cases: Case[] = [];
  enis.forEach((src, originEni) => {
    const from = src.privateIps.find((p) => p.primary)!.address!.value;
    for (const dst of targets) {
      const roll = r();
      const protocol = roll < 0.2 ? 1 : 6;
      const flow: Flow = {
        family: 4, src: from, dst, protocol,
        srcPort: protocol === 6 ? 1024 + Math.floor(r() * 60000) : 0,
        dstPort: protocol === 6 ? (roll < 0.6 ? 443 : 8080) : 0,
        icmpType: protocol === 1 ? 8 : -1,
        icmpCode: protocol === 1 ? 0 : -1,
      };
      cases.push({ origin: { kind: 'network-interface', networkInterfaceId: src.id }, originEni, flow, destinationEni: NONE });
    }
  });
  return cases;
}

describe('flows to secondary addresses and multi-ENI hosts (EniFlag.MoreIp4, EniDetail)', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await loadEngine({ build: 'debug' });
  });

  it('engine (traced and untraced) and reference agree on flows to every private address', () => {
    const t = secondaryTopology();
    const cases = everyAddress(t);
    const outcome = runDifferential(engine, t, cases);
    expect(outcome.mismatches.filter((m) => m).join('\n\n')).toBe('');
    expect(outcome.compared).toBe(cases.length);
    // Both sides were walked: secondary addresses reached (in the VPC and over peering), and flows
    // delivered inside the host to its other ENI (TRACE-15).
    const secondary = new Set(t.networkInterfaces.flatMap((e) => e.privateIps.filter((p) => !p.primary).map((p) => p.address!.value)));
    let reachedSecondary = 0;
    let insideHost = 0;
    for (const c of cases) {
      const ref = referenceHops(t, c.flow, c.origin);
      if (ref.verdict === Code.REACHABLE && secondary.has(c.flow.dst)) reachedSecondary++;
      const arrival = ref.arrival;
      if (ref.forward.length === 1 && ref.verdict === Code.REACHABLE && arrival?.kind === 'network-interface' && c.origin.kind === 'network-interface'
        && arrival.networkInterfaceId !== c.origin.networkInterfaceId) insideHost++;
    }
    expect(reachedSecondary, 'flows that reached a secondary address').toBeGreaterThan(100);
    expect(insideHost, 'flows delivered inside the host to its other ENI').toBeGreaterThan(0);
  });
});
