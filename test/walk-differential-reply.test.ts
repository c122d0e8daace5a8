// The response of a flow the local route delivered inside one VPC (assembly/walk-reply.ts: untraced
// walks skip its lookups when the receiver's route table is LocalInside) against the reference walk,
// on both sides of that fact: route tables with nothing but local routes inside the VPC's CIDRs, and
// tables with a route more specific than local (IPv4 or IPv6) to an appliance that forwards, or to one
// whose source/destination check drops what it would forward (RT-13), so a response taken by the
// local route instead would be wrongly REACHABLE. A network ACL blocks half the responses' ports
// (the checks the fast path keeps), and some flows send from another ENI's address, so their response
// goes there. Untraced verdicts, traced verdicts and hops must all agree.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadEngine } from '../bindings/node.js';
import type { Engine } from '../bindings/engine.js';
import { Section } from '../abi/image.js';
import { RouteTableField } from '../abi/image-routes.js';
import { Code } from '../src/analyze/codes.js';
import { topology as build } from '../src/builder/index.js';
import { compileTopology, section } from '../src/compile/index.js';
import type { Topology } from '../src/model/types.js';
import { referenceHops } from '../src/reference/walk.js';
import { randomCases, runDifferential, withOtherSources } from './helpers/walk-differential.js';

/**
 * One dual-stack VPC: Plain and Other route nothing inside the VPC elsewhere (a default route to the
 * IGW is broader than local); Detour4 sends Plain's IPv4 block to CheckedBox (source/destination check
 * on) and half of Other's to OpenBox (forwards); Detour6 sends Plain's IPv6 block to CheckedBox.
 * Other's ACL denies outbound TCP and UDP to ports 1024-32767 (half the responses' ephemeral ports).
 */
function replyTopology(): Topology {
  return build({ region: 'us-east-1' }).vpc('Vpc', '10.7.0.0/16', (x) => {
    x.ipv6Cidr('2600:1f18:7::/56');
    x.internetGateway('Igw');
    x.securityGroup('Open', (sg) => sg.ingress({ protocol: 'all', cidr: '0.0.0.0/0' }).ingress({ protocol: 'all', cidr: '::/0' }));
    const subnets = ['Plain', 'Other', 'Detour4', 'Detour6', 'Boxes'];
    subnets.forEach((name, k) => x.subnet(name, `10.7.${k + 1}.0/24`, { ipv6: `2600:1f18:7:${k + 1}::/64` }));
    x.routeTable('PlainRt', { subnets: ['Plain', 'Other'] }, (rt) => rt.route('0.0.0.0/0', { igw: 'Igw' }));
    x.routeTable('Detour4Rt', { subnets: ['Detour4'] }, (rt) => rt.route('10.7.1.0/24', { eni: 'CheckedBox' }).route('10.7.2.0/25', { eni: 'OpenBox' }));
    x.routeTable('Detour6Rt', { subnets: ['Detour6'] }, (rt) => rt.route('2600:1f18:7:1::/64', { eni: 'CheckedBox' }));
    x.routeTable('BoxRt', { subnets: ['Boxes'] });
    x.networkInterface('OpenBox', { subnet: 'Boxes', sgs: ['Open'], sourceDestCheck: false, ipv6Count: 1 });
    x.networkInterface('CheckedBox', { subnet: 'Boxes', sgs: ['Open'], ipv6Count: 1 });
    for (const name of subnets.slice(0, 4)) {
      for (let i = 0; i < 4; i++) x.instance(`${name}${i}`, { subnet: name, sgs: ['Open'], ipv6Count: 1 });
    }
    x.networkAcl('OtherAcl', { subnets: ['Other'] }, (acl) => {
      for (const [n, cidr] of [[10, '0.0.0.0/0'], [11, '::/0']] as const) {
        acl.egress(n, { action: 'deny', protocol: 'tcp', ports: [1024, 32767], cidr }).egress(n + 10, { action: 'deny', protocol: 'udp', ports: [1024, 32767], cidr })
          .egress(n + 20, { action: 'allow', protocol: 'all', cidr }).ingress(n, { action: 'allow', protocol: 'all', cidr });
      }
    });
  }).build();
}

describe('the response of a flow delivered by the local route (walk-reply.ts)', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await loadEngine({ build: 'debug' });
  });

  it('compile: LocalInside only where no route but the local ones lies inside the VPC CIDRs', () => {
    const t = replyTopology();
    const tables = section(compileTopology(t).words, Section.RouteTable, RouteTableField.Stride);
    const inside = Object.fromEntries(t.routeTables.map((rt, k) => [rt.logicalId, tables[k * RouteTableField.Stride + RouteTableField.LocalInside]]));
    expect(inside).toEqual({ 'Vpc.MainRouteTable': 1, PlainRt: 1, Detour4Rt: 0, Detour6Rt: 0, BoxRt: 1 });
  });

  it('engine (traced and untraced) and reference agree on 4,000 random flows, both sides of LocalInside', () => {
    const t = replyTopology();
    const cases = withOtherSources(t, randomCases(t, 4000, 71));
    const outcome = runDifferential(engine, t, cases);
    expect(outcome.mismatches.filter((m) => m).join('\n\n')).toBe('');
    expect(outcome.compared).toBe(4000);
    // Both sides were walked: responses the local route brought back (IPv4 and IPv6), responses the
    // ACL stopped, and responses a detour route sent to CheckedBox, which dropped them.
    const subnetOf = new Map(t.networkInterfaces.map((e) => [e.id, t.subnets.find((s) => s.id === e.subnetId)!.logicalId]));
    const back = [0, 0];
    let acl = 0;
    let elsewhere = 0;
    const detour = [0, 0];
    for (const c of cases) {
      if (c.origin.kind !== 'network-interface') continue;
      const ref = referenceHops(t, c.flow, c.origin);
      const blocker = ref.response.find((h) => h.code !== Code.REACHABLE);
      const six = c.flow.family === 6 ? 1 : 0;
      if (ref.verdict === Code.REACHABLE && ref.response.length > 0 && ref.arrival?.kind === 'network-interface') back[six]!++;
      if (blocker?.code === Code.SUBNET_ACL_RESTRICTION) acl++;
      if (blocker?.code === Code.NO_PATH && ref.response.length > 1) elsewhere++;
      if (blocker?.code === Code.ENI_SOURCE_DEST_CHECK_RESTRICTION && subnetOf.get(c.origin.networkInterfaceId) === 'Plain') detour[six]!++;
    }
    expect(back[0], 'IPv4 responses back').toBeGreaterThan(100);
    expect(back[1], 'IPv6 responses back').toBeGreaterThan(30);
    expect(acl, 'responses the ACL blocked').toBeGreaterThan(20);
    expect(elsewhere, 'responses delivered to another ENI (another source address)').toBeGreaterThan(20);
    expect(detour[0], 'IPv4 responses dropped at CheckedBox').toBeGreaterThan(10);
    expect(detour[1], 'IPv6 responses dropped at CheckedBox').toBeGreaterThan(5);
  });
});
