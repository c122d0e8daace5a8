// SG-4 through a middlebox, from the VPC User Guide: "Middlebox routing" (inspect traffic between two
// subnets: each subnet's route table sends the other subnet's CIDR to an appliance ENI with source/destination
// checking off) and "Security group rules", section "Security group referencing": when routes send traffic
// between two instances through a middlebox appliance, each instance's security group must reference the
// other instance's private IP address or its subnet's CIDR; a rule referencing the other instance's security
// group does not allow the traffic. The appliance itself receives the packet straight from the sender, so a
// reference to the sender's group still matches there.
import { describe, expect, it } from 'vitest';
import { topology } from '../../src/builder/index.js';
import type { SecurityGroupRuleSpec } from '../../src/builder/rules.js';
import type { Topology } from '../../src/model/types.js';
import { expectBlocked, expectReachable, trace } from './helpers.js';

type Peer = SecurityGroupRuleSpec;

/** Clients 10.0.1.0/24 and Servers 10.0.3.0/24 route to each other through Appliance (10.0.2.10). */
function inspected(opts: { serverAllows: Peer; applianceAllows?: Peer; middlebox?: boolean }): Topology {
  const middlebox = opts.middlebox ?? true;
  return topology({ region: 'us-east-1' })
    .vpc('Vpc', '10.0.0.0/16', (v) =>
      v
        .subnet('Clients', '10.0.1.0/24')
        .subnet('Inspection', '10.0.2.0/24')
        .subnet('Servers', '10.0.3.0/24')
        .securityGroup('ClientSg', (g) => g)
        .securityGroup('ApplianceSg', (g) => g.ingress(opts.applianceAllows ?? { protocol: 'all', cidr: '10.0.0.0/16' }))
        .securityGroup('ServerSg', (g) => g.ingress(opts.serverAllows))
        .routeTable('ClientRt', { subnets: ['Clients'] }, (rt) => {
          if (middlebox) rt.route('10.0.3.0/24', { instance: 'Appliance' });
        })
        .routeTable('ServerRt', { subnets: ['Servers'] }, (rt) => {
          if (middlebox) rt.route('10.0.1.0/24', { instance: 'Appliance' });
        })
        .routeTable('InspectionRt', { subnets: ['Inspection'] })
        .instance('Appliance', { subnet: 'Inspection', ip: '10.0.2.10', sgs: ['ApplianceSg'], sourceDestCheck: false })
        .instance('Client', { subnet: 'Clients', ip: '10.0.1.10', sgs: ['ClientSg'] })
        .instance('Server', { subnet: 'Servers', ip: '10.0.3.10', sgs: ['ServerSg'] }),
    )
    .build();
}

const query = { from: 'Client', to: 'Server', port: 443 };

describe('Middlebox routing: security group referencing (SG-4)', () => {
  it('SG-4: a rule referencing the client\'s security group does not allow traffic the middlebox forwards', () => {
    const a = trace(inspected({ serverAllows: { protocol: 'tcp', ports: 443, sg: 'ClientSg' } }), query);
    expectBlocked(a, 'ENI_SG_RULES_MISMATCH', 'ServerSg', 'forward');
    // It did go through the appliance first.
    expect(a.forwardPath.some((h) => h.kind === 'NETWORK_INTERFACE' && h.component === 'Appliance')).toBe(true);
  });

  it("SG-4: the client's private IP address allows it", () => {
    expectReachable(trace(inspected({ serverAllows: { protocol: 'tcp', ports: 443, cidr: '10.0.1.10/32' } }), query));
  });

  it("SG-4: the client subnet's CIDR allows it", () => {
    expectReachable(trace(inspected({ serverAllows: { protocol: 'tcp', ports: 443, cidr: '10.0.1.0/24' } }), query));
  });

  it('SG-4: without the middlebox (local route) the same group reference allows the client', () => {
    expectReachable(trace(inspected({ serverAllows: { protocol: 'tcp', ports: 443, sg: 'ClientSg' }, middlebox: false }), query));
  });

  it("SG-4: the appliance receives the packet from the client itself, so its rule referencing the client's group matches", () => {
    const t = inspected({ serverAllows: { protocol: 'tcp', ports: 443, cidr: '10.0.1.0/24' }, applianceAllows: { protocol: 'tcp', ports: 443, sg: 'ClientSg' } });
    expectReachable(trace(t, query));
  });
});
