// The response of a flow delivered over a VPC peering connection (assembly/walk-reply.ts peeringReply:
// untraced walks take it back over the same connection without the lookups the forward walk decided)
// against the reference walk, on both sides of each condition: the receiver's route table sends the
// origin's address back over the same connection (IPv4 and IPv6), over another connection (VpcC has
// VpcB's CIDR: no reverse path forwarding, PCX-PARTIAL), to an appliance that drops it (RT-13) or
// forwards it, or nowhere; network ACLs block half the responses' ports on each side (the checks the
// fast path keeps); some flows send from another ENI's address. Untraced verdicts, traced verdicts and
// hops must all agree.
import { beforeAll, describe, expect, it } from 'vitest';
import { HopKind } from '../abi/hops.js';
import { loadEngine } from '../bindings/node.js';
import type { Engine } from '../bindings/engine.js';
import { Code } from '../src/analyze/codes.js';
import { topology as build } from '../src/builder/index.js';
import type { NetworkAclBuilder } from '../src/builder/network-acl.js';
import type { Topology } from '../src/model/types.js';
import { referenceHops } from '../src/reference/walk.js';
import { randomCases, runDifferential, withOtherSources } from './helpers/walk-differential.js';

/** Deny TCP and UDP to ports 1024-32767 (half the responses' ephemeral ports) one way, allow the rest. */
function denyHalf(acl: NetworkAclBuilder, way: 'egress' | 'ingress'): NetworkAclBuilder {
  const other = way === 'egress' ? 'ingress' : 'egress';
  for (const [n, cidr] of [[10, '0.0.0.0/0'], [11, '::/0']] as const) {
    acl[way](n, { action: 'deny', protocol: 'tcp', ports: [1024, 32767], cidr })[way](n + 10, { action: 'deny', protocol: 'udp', ports: [1024, 32767], cidr })
      [way](n + 20, { action: 'allow', protocol: 'all', cidr })[other](n, { action: 'allow', protocol: 'all', cidr });
  }
  return acl;
}

/**
 * VpcA (dual stack) is peered with VpcB (dual stack) and with VpcC (IPv4, VpcB's CIDR). A's tables:
 * Back (B's blocks over PcxAB), Split (B's IPv4 /16 over PcxAC, its first /25 over PcxAB), Detour
 * (B's blocks over PcxAB but B's third subnet to CheckedA, which drops), None (local only). B's
 * tables: Back (A's blocks over PcxAB), Detour (A's blocks over PcxAB but A's first subnet to OpenB,
 * which forwards, and A's second to CheckedB, which drops), None. C routes A's /16 over PcxAC and has
 * instances at addresses of B's first two subnets (A2's responses to B2 go to C's). ACLs: A2 denies half the ports outbound, A1 and B2 inbound.
 */
function peeringTopology(): Topology {
  return build({ region: 'us-east-1' })
    .vpc('VpcA', '10.8.0.0/16', (x) => {
      x.ipv6Cidr('2600:1f18:8::/56');
      x.securityGroup('SgA', (sg) => sg.ingress({ protocol: 'all', cidr: '0.0.0.0/0' }).ingress({ protocol: 'all', cidr: '::/0' }));
      ['A1', 'A2', 'A3', 'A4', 'ABoxes'].forEach((name, k) => x.subnet(name, `10.8.${k + 1}.0/24`, { ipv6: `2600:1f18:8:${k + 1}::/64` }));
      x.routeTable('ABack', { subnets: ['A1', 'ABoxes'] }, (rt) => rt.route('10.9.0.0/16', { pcx: 'PcxAB' }).route('2600:1f18:9::/56', { pcx: 'PcxAB' }));
      x.routeTable('ASplit', { subnets: ['A2'] }, (rt) => rt.route('10.9.0.0/16', { pcx: 'PcxAC' }).route('10.9.1.0/25', { pcx: 'PcxAB' }).route('2600:1f18:9::/56', { pcx: 'PcxAB' }));
      x.routeTable('ADetour', { subnets: ['A3'] }, (rt) =>
        rt.route('10.9.0.0/16', { pcx: 'PcxAB' }).route('10.9.3.0/24', { eni: 'CheckedA' }).route('2600:1f18:9::/56', { pcx: 'PcxAB' }).route('2600:1f18:9:3::/64', { eni: 'CheckedA' }));
      x.routeTable('ANone', { subnets: ['A4'] });
      x.networkInterface('CheckedA', { subnet: 'ABoxes', sgs: ['SgA'], ipv6Count: 1 });
      for (const name of ['A1', 'A2', 'A3', 'A4']) {
        for (let i = 0; i < 3; i++) x.instance(`${name}${i}`, { subnet: name, sgs: ['SgA'], ipv6Count: 1 });
      }
      x.networkAcl('AOut', { subnets: ['A2'] }, (acl) => denyHalf(acl, 'egress'));
      x.networkAcl('AIn', { subnets: ['A1'] }, (acl) => denyHalf(acl, 'ingress'));
    })
    .vpc('VpcB', '10.9.0.0/16', (x) => {
      x.ipv6Cidr('2600:1f18:9::/56');
      x.securityGroup('SgB', (sg) => sg.ingress({ protocol: 'all', cidr: '0.0.0.0/0' }).ingress({ protocol: 'all', cidr: '::/0' }));
      ['B1', 'B2', 'B3', 'B4', 'BBoxes'].forEach((name, k) => x.subnet(name, `10.9.${k + 1}.0/24`, { ipv6: `2600:1f18:9:${k + 1}::/64` }));
      x.routeTable('BBack', { subnets: ['B1', 'B2', 'BBoxes'] }, (rt) => rt.route('10.8.0.0/16', { pcx: 'PcxAB' }).route('2600:1f18:8::/56', { pcx: 'PcxAB' }));
      x.routeTable('BDetour', { subnets: ['B3'] }, (rt) =>
        rt.route('10.8.0.0/16', { pcx: 'PcxAB' }).route('10.8.1.0/24', { eni: 'OpenB' }).route('10.8.2.0/24', { eni: 'CheckedB' })
          .route('2600:1f18:8::/56', { pcx: 'PcxAB' }).route('2600:1f18:8:2::/64', { eni: 'CheckedB' }));
      x.routeTable('BNone', { subnets: ['B4'] });
      x.networkInterface('OpenB', { subnet: 'BBoxes', sgs: ['SgB'], sourceDestCheck: false, ipv6Count: 1 });
      x.networkInterface('CheckedB', { subnet: 'BBoxes', sgs: ['SgB'], ipv6Count: 1 });
      for (const name of ['B1', 'B2', 'B3', 'B4']) {
        for (let i = 0; i < 3; i++) x.instance(`${name}${i}`, { subnet: name, sgs: ['SgB'], ipv6Count: 1, ...(name === 'B1' || name === 'B2' ? { ip: `10.9.${name[1]}.${10 + i}` } : {}) });
      }
      x.networkAcl('BIn', { subnets: ['B2'] }, (acl) => denyHalf(acl, 'ingress'));
    })
    .vpc('VpcC', '10.9.0.0/16', (x) => {
      x.securityGroup('SgC', (sg) => sg.ingress({ protocol: 'all', cidr: '0.0.0.0/0' }));
      x.subnet('C1', '10.9.1.0/24');
      x.subnet('C2', '10.9.2.0/24');
      x.routeTable('CBack', { subnets: ['C1', 'C2'] }, (rt) => rt.route('10.8.0.0/16', { pcx: 'PcxAC' }));
      for (const k of [1, 2]) {
        for (let i = 0; i < 2; i++) x.instance(`C${k}${i}`, { subnet: `C${k}`, sgs: ['SgC'], ip: `10.9.${k}.${10 + i}` });
      }
    })
    .peering('PcxAB', 'VpcA', 'VpcB')
    .peering('PcxAC', 'VpcA', 'VpcC')
    .build();
}

describe('the response of a flow delivered over a peering connection (walk-reply.ts)', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await loadEngine({ build: 'debug' });
  });

  it('engine (traced and untraced) and reference agree on 4,000 random flows, both sides of the way back', () => {
    const t = peeringTopology();
    const cases = withOtherSources(t, randomCases(t, 4000, 83));
    const outcome = runDifferential(engine, t, cases);
    expect(outcome.mismatches.filter((m) => m).join('\n\n')).toBe('');
    expect(outcome.compared).toBe(4000);
    // Both sides were walked: responses back over the connection (IPv4 and IPv6), responses an ACL
    // stopped after or before it, responses sent over the other connection, to an appliance that
    // drops or forwards, or with no route, and responses to another ENI's address.
    const back = [0, 0];
    const counts = { aclOut: 0, aclIn: 0, otherPcx: 0, dropped: 0, forwarded: 0, noRoute: 0, elsewhere: 0 };
    for (const c of cases) {
      if (c.origin.kind !== 'network-interface') continue;
      const ref = referenceHops(t, c.flow, c.origin);
      if (!ref.forward.some((h) => h.kind === HopKind.VPC_PEERING_CONNECTION) || ref.response.length === 0) continue;
      const kinds = ref.response.map((h) => h.kind);
      const blocker = ref.response.find((h) => h.code !== Code.REACHABLE);
      if (ref.verdict === Code.REACHABLE) {
        if (kinds.includes(HopKind.NETWORK_INTERFACE) && kinds.filter((k) => k === HopKind.NETWORK_INTERFACE).length > 1) counts.forwarded++;
        else back[c.flow.family === 6 ? 1 : 0]!++;
      }
      if (blocker?.code === Code.SUBNET_ACL_RESTRICTION) {
        if (blocker.kind === HopKind.NETWORK_ACL_OUTBOUND) counts.aclOut++;
        else counts.aclIn++;
      }
      if (blocker?.code === Code.NO_PATH) {
        // Sent from B2 to A2: A2's table sends the response to VpcC (PcxAC), whose instance holds the address.
        if (c.flow.family === 4 && c.flow.src >= 0x0a090200n && c.flow.src < 0x0a090300n && kinds.includes(HopKind.VPC_PEERING_CONNECTION)) counts.otherPcx++;
        else counts.elsewhere++;
      }
      if (blocker?.code === Code.ENI_SOURCE_DEST_CHECK_RESTRICTION) counts.dropped++;
      if (blocker?.code === Code.NO_ROUTE_TO_DESTINATION) counts.noRoute++;
    }
    expect(back[0], 'IPv4 responses back over the connection').toBeGreaterThan(100);
    expect(back[1], 'IPv6 responses back over the connection').toBeGreaterThan(30);
    for (const [what, n] of Object.entries(counts)) expect(n, what).toBeGreaterThan(5);
  });
});
