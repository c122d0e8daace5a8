// VPC peering from the course notes: both sides need routes, and peering is not transitive.
import { describe, expect, it } from 'vitest';
import { topology } from '../../src/builder/index.js';
import type { SecurityGroupBuilder } from '../../src/builder/security-group.js';
import type { Topology } from '../../src/model/types.js';
import { expectBlocked, expectReachable, trace } from './helpers.js';

/** A <-> B <-> C peered in a line; A also routes C's CIDR through the A-B peering. */
function line(opts: { returnRoute?: boolean; status?: string } = {}): Topology {
  const open = (g: SecurityGroupBuilder) => g.ingress({ protocol: 'all', cidr: '10.0.0.0/8' });
  return topology({ region: 'us-east-1' })
    .vpc('A', '10.1.0.0/16', (v) =>
      v
        .subnet('ASubnet', '10.1.1.0/24')
        .securityGroup('ASg', open)
        .routeTable('ARt', { subnets: ['ASubnet'] }, (rt) => rt.route('10.2.0.0/16', { pcx: 'AB' }).route('10.3.0.0/16', { pcx: 'AB' }))
        .instance('AHost', { subnet: 'ASubnet', ip: '10.1.1.10', sgs: ['ASg'] }),
    )
    .vpc('B', '10.2.0.0/16', (v) =>
      v
        .subnet('BSubnet', '10.2.1.0/24')
        .securityGroup('BSg', open)
        .routeTable('BRt', { subnets: ['BSubnet'] }, (rt) => {
          if (opts.returnRoute !== false) rt.route('10.1.0.0/16', { pcx: 'AB' });
          rt.route('10.3.0.0/16', { pcx: 'BC' });
        })
        .instance('BHost', { subnet: 'BSubnet', ip: '10.2.1.10', sgs: ['BSg'] }),
    )
    .vpc('C', '10.3.0.0/16', (v) =>
      v
        .subnet('CSubnet', '10.3.1.0/24')
        .securityGroup('CSg', open)
        .routeTable('CRt', { subnets: ['CSubnet'] }, (rt) => rt.route('10.2.0.0/16', { pcx: 'BC' }).route('10.1.0.0/16', { pcx: 'BC' }))
        .instance('CHost', { subnet: 'CSubnet', ip: '10.3.1.10', sgs: ['CSg'] }),
    )
    .peering('AB', 'A', 'B', opts.status ? { status: opts.status } : {})
    .peering('BC', 'B', 'C')
    .build();
}

describe('VPC peering (PCX-*)', () => {
  it('PCX-5: with routes on both sides the peer host is reachable and the reply comes back over the peering', () => {
    const a = trace(line(), { from: 'AHost', to: 'BHost', port: 5432 });
    expectReachable(a);
    expect(a.forwardPath.some((h) => h.kind === 'VPC_PEERING_CONNECTION' && h.component === 'AB')).toBe(true);
    expect(a.returnPath.some((h) => h.kind === 'VPC_PEERING_CONNECTION' && h.component === 'AB')).toBe(true);
  });

  it('PCX-5: without the return route in the peer subnet route table, the response has no route', () => {
    const a = trace(line({ returnRoute: false }), { from: 'AHost', to: 'BHost', port: 5432 });
    expectBlocked(a, 'NO_ROUTE_TO_DESTINATION', 'BRt', 'response');
  });

  it('PCX-3: peering is not transitive: A cannot reach C through B even with routes everywhere', () => {
    expectBlocked(trace(line(), { from: 'AHost', to: 'CHost', port: 5432 }), 'PCX_REQUIRES_ADDRESS_IN_VPC_CIDR', 'AB');
  });

  it('PCX-2: a peering that is not active carries nothing (blackhole route)', () => {
    expectBlocked(trace(line({ status: 'pending-acceptance' }), { from: 'AHost', to: 'BHost', port: 5432 }), 'BAD_STATE_ROUTE', 'ARt');
  });
});

describe('destination address of a resource (TRACE-2)', () => {
  it('TRACE-2: a resource stands for its private IP when the source routes to it privately (peering)', () => {
    const t = line();
    const b = t.networkInterfaces.find((e) => e.logicalId === 'BHost.eth0')!;
    b.privateIps[0]!.publicIp = { family: 4, value: 0x03000001n, text: '3.0.0.1' };
    expect(trace(t, { from: 'AHost', to: 'BHost', port: 5432 }).query.destination).toBe('10.2.1.10');
    // From an internet host the same resource stands for its public IP.
    expect(trace(t, { from: '198.51.100.7', to: 'BHost', port: 5432 }).query.destination).toBe('3.0.0.1');
  });

  it("TRACE-2: each topology's own routes choose, even for ENIs another topology shares (what resolving keeps per ENI is kept per topology)", () => {
    const t = line();
    const b = t.networkInterfaces.find((e) => e.logicalId === 'BHost.eth0')!;
    b.privateIps[0]!.publicIp = { family: 4, value: 0x03000001n, text: '3.0.0.1' };
    expect(trace(t, { from: 'AHost', to: 'BHost', port: 5432 }).query.destination).toBe('10.2.1.10');
    // The same ENI objects; A's route table without its route to B: B is reached by its public IP.
    const routeTables = t.routeTables.map((rt) => (rt.logicalId === 'ARt' ? { ...rt, routes: rt.routes.filter((r) => r.destination?.text !== '10.2.0.0/16') } : rt));
    const copy: Topology = { ...t, routeTables };
    expect(copy.routeTables.find((rt) => rt.logicalId === 'ARt')!.routes).toHaveLength(t.routeTables.find((rt) => rt.logicalId === 'ARt')!.routes.length - 1);
    expect(trace(copy, { from: 'AHost', to: 'BHost', port: 5432 }).query.destination).toBe('3.0.0.1');
    expect(trace(t, { from: 'AHost', to: 'BHost', port: 5432 }).query.destination).toBe('10.2.1.10');
  });
});

describe('no edge-to-edge routing (PCX-4)', () => {
  it("PCX-4: a VPC cannot use its peer's NAT gateway to reach the internet", () => {
    const t = topology({ region: 'us-east-1' })
      .vpc('Spoke', '10.1.0.0/16', (v) =>
        v
          .subnet('S', '10.1.1.0/24')
          .routeTable('SpokeRt', { subnets: ['S'] }, (rt) => rt.route('0.0.0.0/0', { pcx: 'Link' }))
          .instance('SpokeHost', { subnet: 'S' }),
      )
      .vpc('Egress', '10.2.0.0/16', (v) =>
        v
          .subnet('Pub', '10.2.0.0/24', { public: true })
          .subnet('Priv', '10.2.1.0/24')
          .internetGateway('Igw')
          .natGateway('Nat', { subnet: 'Pub' })
          .routeTable('PubRt', { subnets: ['Pub'] }, (rt) => rt.route('0.0.0.0/0', { igw: 'Igw' }).route('10.1.0.0/16', { pcx: 'Link' }))
          .routeTable('PrivRt', { subnets: ['Priv'] }, (rt) => rt.route('0.0.0.0/0', { nat: 'Nat' }).route('10.1.0.0/16', { pcx: 'Link' })),
      )
      .peering('Link', 'Spoke', 'Egress')
      .build();
    // The peering only delivers to addresses inside the peer VPC's CIDRs.
    expectBlocked(trace(t, { from: 'SpokeHost', to: '198.51.100.7', port: 443 }), 'PCX_REQUIRES_ADDRESS_IN_VPC_CIDR', 'Link');
  });
});
