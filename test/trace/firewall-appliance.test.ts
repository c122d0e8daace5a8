// Middleboxes: AWS Network Firewall endpoints (NFW-*) and instances used as routers (RT-13, RT-14),
// plus the hop limit that stops routing loops (TRACE-11).
import { describe, expect, it } from 'vitest';
import { topology } from '../../src/builder/index.js';
import type { Topology } from '../../src/model/types.js';
import { expectBlocked, expectReachable, trace } from './helpers.js';
import { firewalledWebVpc } from '../helpers/vpc-layouts.js';

/** Internet ingress inspected by a firewall: IGW edge route table -> firewall endpoint -> web subnet. */
function inspected(statefulDrop: boolean): Topology {
  return topology({ region: 'us-east-1' })
    .statelessRuleGroup('Stateless', [{ priority: 10, actions: ['aws:drop'], protocols: ['udp'] }])
    .statefulRuleGroup('Stateful', statefulDrop ? [{ action: 'DROP', protocol: 'tcp', destinationPort: 8080 }] : [])
    .firewallPolicy('Policy', { stateless: [{ group: 'Stateless', priority: 1 }], stateful: [{ group: 'Stateful' }] })
    .vpc('Vpc', '10.0.0.0/16', firewalledWebVpc)
    .build();
}

describe('Network Firewall (NFW-*, RT-15)', () => {
  it('RT-15 / NFW-1: ingress is redirected by the gateway route table through the firewall, and so is the reply', () => {
    const a = trace(inspected(false), { from: '198.51.100.7', to: 'WebServer', port: 8080 });
    expectReachable(a);
    expect(a.forwardPath.find((h) => h.kind === 'GATEWAY_ROUTE_TABLE')!.info).toContain('INGRESS_RTB_TRAFFIC_REDIRECTION');
    expect(a.forwardPath.filter((h) => h.kind === 'NETWORK_FIREWALL')).toHaveLength(1);
    expect(a.returnPath.filter((h) => h.kind === 'NETWORK_FIREWALL')).toHaveLength(1);
  });

  it('NFW-2: a stateless drop rule blocks, naming the rule group', () => {
    const a = trace(inspected(false), { from: '198.51.100.7', to: 'WebServer', protocol: 'udp', port: 53 });
    expectBlocked(a, 'FIREWALL_RULES_RESTRICTION', 'Firewall');
    expect(a.explanations[0]!.detail).toMatch(/Stateless/);
  });

  it('NFW-3: a stateful drop rule blocks forwarded traffic', () => {
    expectBlocked(trace(inspected(true), { from: '198.51.100.7', to: 'WebServer', port: 8080 }), 'FIREWALL_RULES_RESTRICTION', 'Firewall');
    expectReachable(trace(inspected(true), { from: '198.51.100.7', to: 'WebServer', port: 443 }));
  });
});

function routedThrough(opts: { sourceDestCheck: boolean; loop?: boolean }): Topology {
  return topology({ region: 'us-east-1' })
    .vpc('Vpc', '10.0.0.0/16', (v) =>
      v
        .subnet('Clients', '10.0.1.0/24')
        .subnet('Appliances', '10.0.2.0/24')
        .subnet('Servers', '10.0.3.0/24')
        .securityGroup('OpenSg', (g) => g.ingress({ protocol: 'all', cidr: '10.0.0.0/16' }))
        // RT-6: a route more specific than the local route may target an ENI.
        .routeTable('ClientRt', { subnets: ['Clients'] }, (rt) => rt.route('10.0.3.0/24', { instance: 'Router' }))
        .routeTable('ApplianceRt', { subnets: ['Appliances'] }, (rt) => {
          if (opts.loop) rt.route('10.0.3.0/24', { instance: 'Router' });
        })
        .instance('Router', { subnet: 'Appliances', ip: '10.0.2.10', sgs: ['OpenSg'], sourceDestCheck: opts.sourceDestCheck })
        .instance('Client', { subnet: 'Clients', sgs: ['OpenSg'] })
        .instance('Server', { subnet: 'Servers', sgs: ['OpenSg'] }),
    )
    .build();
}

describe('instances as routers (RT-13, RT-14, TRACE-11)', () => {
  it('RT-13: an ENI with source/destination check drops packets not addressed to it', () => {
    expectBlocked(trace(routedThrough({ sourceDestCheck: true }), { from: 'Client', to: 'Server', port: 22 }), 'ENI_SOURCE_DEST_CHECK_RESTRICTION');
  });

  it('RT-14: with the check disabled the instance forwards using its own subnet route table', () => {
    const a = trace(routedThrough({ sourceDestCheck: false }), { from: 'Client', to: 'Server', port: 22 });
    expectReachable(a);
    expect(a.forwardPath.filter((h) => h.kind === 'ROUTE_TABLE').map((h) => h.component)).toEqual(['ClientRt', 'ApplianceRt']);
  });

  it('TRACE-11: a routing loop stops with NO_PATH, named once where it closes (not 65 hops of it)', () => {
    const t = routedThrough({ sourceDestCheck: false, loop: true });
    const router = t.instances.find((i) => i.logicalId === 'Router')!.id;
    const a = trace(t, { from: 'Client', to: 'Server', port: 22 });
    expectBlocked(a, 'NO_PATH', 'ApplianceRt');
    expect(a.explanations[0]!.detail).toBe(`routing loop: the packet goes round ApplianceRt (10.0.3.0/24 -> ${router}) -> ApplianceRt and would reach its hop limit`);
    expect(a.forwardPath.length).toBeLessThan(20);
  });
});
