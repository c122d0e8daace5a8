// A routing loop (issue 11 §2): a NAT gateway whose own subnet routes 0.0.0.0/0 back to it ("NAT gateways":
// a public NAT gateway belongs in a public subnet, whose route table sends internet traffic to the internet
// gateway). The packet goes round the NAT gateway until the hop limit (TRACE-11); the answer ends where the
// loop closes, with one NO_PATH hop naming the loop and its route tables, instead of 64 repeated hops.
// Engine and reference walks are compared on every query (./helpers.ts).
import { describe, expect, it } from 'vitest';
import { topology } from '../../src/builder/index.js';
import type { Topology } from '../../src/model/types.js';
import { natLabVpc } from '../helpers/vpc-layouts.js';
import { expectBlocked, expectReachable, trace } from './helpers.js';

function natLab(publicDefault: 'igw' | 'nat'): Topology {
  return topology({ region: 'us-east-1' })
    .vpc('Vpc', '10.0.0.0/16', (v) => natLabVpc(v, publicDefault).instance('App', { subnet: 'Private', ip: '10.0.1.10' }))
    .build();
}

describe('routing loops', () => {
  it('with the NAT gateway in a public subnet the flow gets out', () => {
    expectReachable(trace(natLab('igw'), { from: 'App', to: '198.51.100.7', protocol: 'tcp', port: 443 }));
  });

  it('a NAT gateway whose subnet routes 0.0.0.0/0 to itself: one explanation naming the loop and its table', () => {
    const t = natLab('nat');
    const nat = t.natGateways[0]!.id;
    const a = trace(t, { from: 'App', to: '198.51.100.7', protocol: 'tcp', port: 443 });
    expectBlocked(a, 'NO_PATH', 'PublicRt');
    expect(a.explanations).toHaveLength(1);
    expect(a.explanations[0]!.detail).toBe(`routing loop: the packet goes round PublicRt (0.0.0.0/0 -> ${nat}) -> PublicRt and would reach its hop limit`);
    // Security group, PrivateRt, two ACLs, the NAT gateway, PublicRt, the NAT gateway again, then PublicRt closes the loop.
    expect(a.forwardPath.length).toBeLessThan(10);
    expect(a.forwardPath.some((h) => h.action === 'hop-limit')).toBe(false);
    const last = a.forwardPath[a.forwardPath.length - 1]!;
    expect({ component: last.component, code: last.code, rule: last.rule }).toEqual({ component: 'PublicRt', code: 'NO_PATH', rule: `0.0.0.0/0 -> ${nat}` });
  });

  it('two appliances whose subnets route to each other: the loop names both tables', () => {
    const t = topology({ region: 'us-east-1' })
      .vpc('Vpc', '10.0.0.0/16', (v) =>
        v
          .subnet('A', '10.0.1.0/24')
          .subnet('B', '10.0.2.0/24')
          .subnet('C', '10.0.3.0/24')
          .securityGroup('Open', (g) => g.ingress({ protocol: 'all', cidr: '0.0.0.0/0' }))
          .instance('ApplianceA', { subnet: 'A', ip: '10.0.1.5', sourceDestCheck: false, sgs: ['Open'] })
          .instance('ApplianceB', { subnet: 'B', ip: '10.0.2.5', sourceDestCheck: false, sgs: ['Open'] })
          .instance('Client', { subnet: 'C', ip: '10.0.3.10' })
          .routeTable('RtA', { subnets: ['A'] }, (r) => r.route('192.168.0.0/16', { instance: 'ApplianceB' }))
          .routeTable('RtB', { subnets: ['B'] }, (r) => r.route('192.168.0.0/16', { instance: 'ApplianceA' }))
          .routeTable('RtC', { subnets: ['C'] }, (r) => r.route('192.168.0.0/16', { instance: 'ApplianceA' })),
      )
      .build();
    const id = (name: string) => t.instances.find((i) => i.logicalId === name)!.id;
    const a = trace(t, { from: 'Client', to: '192.168.1.1', protocol: 'tcp', port: 443 });
    expectBlocked(a, 'NO_PATH');
    expect(a.explanations[0]!.detail).toMatch(/^routing loop: the packet goes round (RtA|RtB) \(192\.168\.0\.0\/16 -> i-\w+\) -> (RtA|RtB) \(192\.168\.0\.0\/16 -> i-\w+\) -> (RtA|RtB) and would reach its hop limit$/);
    expect(a.explanations[0]!.detail).toContain(id('ApplianceA'));
    expect(a.explanations[0]!.detail).toContain(id('ApplianceB'));
  });
});
