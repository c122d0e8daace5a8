// Transit Gateway segmentation from the course notes: prod and dev VPCs share a services VPC but
// must not reach each other; a blackhole route makes the separation explicit.
import { describe, expect, it } from 'vitest';
import { topology } from '../../src/builder/index.js';
import type { VpcBuilder } from '../../src/builder/vpc.js';
import type { Topology } from '../../src/model/types.js';
import { expectBlocked, expectReachable, trace } from './helpers.js';

interface Options {
  /** Leave the dev attachment without a route table association (TGW-2). */
  unassociatedDev?: boolean;
  /** A static route in the prod table that overrides the propagated shared route (TGW-5). */
  staticOverride?: boolean;
}

function hub(opts: Options = {}): Topology {
  // A spoke VPC: a host subnet, an attachment subnet, all of 10/8 routed to the TGW; `az2` adds a
  // second host subnet in an AZ where the attachment has no subnet.
  const spoke = (name: string, sub: string, az2 = false) => (v: VpcBuilder) => {
    v.subnet(`${name}A`, sub.replace('X', '1'), { az: 'us-east-1a' })
      .subnet(`${name}Tgw`, sub.replace('X', '250'), { az: 'us-east-1a' })
      .securityGroup(`${name}Sg`, (g) => g.ingress({ protocol: 'all', cidr: '10.0.0.0/8' }))
      .routeTable(`${name}Rt`, { subnets: [`${name}A`, `${name}Tgw`, ...(az2 ? [`${name}B`] : [])] }, (rt) => rt.route('10.0.0.0/8', { tgw: 'Tgw' }))
      .instance(`${name}Host`, { subnet: `${name}A`, sgs: [`${name}Sg`] });
    if (az2) v.subnet(`${name}B`, sub.replace('X', '2'), { az: 'us-east-1b' }).instance(`${name}HostB`, { subnet: `${name}B`, sgs: [`${name}Sg`] });
  };
  return topology({ region: 'us-east-1' })
    .vpc('Prod', '10.1.0.0/16', spoke('Prod', '10.1.X.0/24', true))
    .vpc('Dev', '10.2.0.0/16', spoke('Dev', '10.2.X.0/24'))
    .vpc('Shared', '10.3.0.0/16', spoke('Shared', '10.3.X.0/24'))
    .transitGateway('Tgw', { defaultRouteTableAssociation: false, defaultRouteTablePropagation: false }, (g) =>
      g
        .vpcAttachment('ProdAtt', { vpc: 'Prod', subnets: ['ProdTgw'] })
        .vpcAttachment('DevAtt', { vpc: 'Dev', subnets: ['DevTgw'] })
        .vpcAttachment('SharedAtt', { vpc: 'Shared', subnets: ['SharedTgw'] })
        .routeTable('ProdTgwRt', { associations: ['ProdAtt'], propagations: ['SharedAtt'] }, (rt) => {
          if (opts.staticOverride) rt.blackhole('10.3.0.0/16');
        })
        .routeTable('DevTgwRt', { associations: opts.unassociatedDev ? [] : ['DevAtt'], propagations: ['SharedAtt'] }, (rt) => rt.blackhole('10.1.0.0/16'))
        .routeTable('SharedTgwRt', { associations: ['SharedAtt'], propagations: ['ProdAtt', 'DevAtt'] }),
    )
    .build();
}

describe('Transit Gateway segmentation (TGW-*)', () => {
  it('TGW-3 / TGW-11: prod reaches the shared services VPC through propagated routes, and back', () => {
    const a = trace(hub(), { from: 'ProdHost', to: 'SharedHost', port: 443 });
    expectReachable(a);
    expect(a.forwardPath.filter((h) => h.kind === 'TRANSIT_GATEWAY_ROUTE_TABLE').map((h) => h.component)).toEqual(['ProdTgwRt']);
    expect(a.returnPath.filter((h) => h.kind === 'TRANSIT_GATEWAY_ROUTE_TABLE').map((h) => h.component)).toEqual(['SharedTgwRt']);
  });

  it('TGW-4: a blackhole route in the dev table drops dev -> prod', () => {
    const a = trace(hub(), { from: 'DevHost', to: 'ProdHost', port: 443 });
    expectBlocked(a, 'TGW_RTB_BAD_STATE_ROUTE', 'DevTgwRt');
  });

  it('TGW-2: prod has no route to dev in its table: TGW_RTB_CANNOT_ROUTE', () => {
    expectBlocked(trace(hub(), { from: 'ProdHost', to: 'DevHost', port: 443 }), 'TGW_RTB_CANNOT_ROUTE', 'ProdTgwRt');
  });

  it('TGW-2: an attachment with no route table association cannot send', () => {
    expectBlocked(trace(hub({ unassociatedDev: true }), { from: 'DevHost', to: 'SharedHost', port: 443 }), 'TGW_ATTACH_MISSING_TGW_RTB_ASSOCIATION', 'DevAtt');
  });

  it('TGW-5: a static (blackhole) route beats a propagated route with the same prefix', () => {
    expectBlocked(trace(hub({ staticOverride: true }), { from: 'ProdHost', to: 'SharedHost', port: 443 }), 'TGW_RTB_BAD_STATE_ROUTE', 'ProdTgwRt');
  });

  it('TGW-9: a subnet in an AZ where the attachment has no subnet cannot use the transit gateway', () => {
    expectBlocked(trace(hub(), { from: 'ProdHostB', to: 'SharedHost', port: 443 }), 'TGW_ROUTE_AZ_RESTRICTION', 'ProdAtt');
  });
});

describe('security group referencing across a transit gateway (SG-6)', () => {
  function referencing(enabled: boolean): Topology {
    return topology({ region: 'us-east-1' })
      .vpc('App', '10.1.0.0/16', (v) =>
        v
          .subnet('AppSubnet', '10.1.1.0/24', { az: 'us-east-1a' })
          .securityGroup('ClientSg')
          .routeTable('AppRt', { subnets: ['AppSubnet'] }, (rt) => rt.route('10.2.0.0/16', { tgw: 'Tgw' }))
          .instance('Client', { subnet: 'AppSubnet', sgs: ['ClientSg'] }),
      )
      .vpc('Db', '10.2.0.0/16', (v) =>
        v
          .subnet('DbSubnet', '10.2.1.0/24', { az: 'us-east-1a' })
          .securityGroup('DbSg', (g) => g.ingress({ protocol: 'tcp', ports: 5432, sg: 'ClientSg' }))
          .routeTable('DbRt', { subnets: ['DbSubnet'] }, (rt) => rt.route('10.1.0.0/16', { tgw: 'Tgw' }))
          .instance('Database', { subnet: 'DbSubnet', sgs: ['DbSg'] }),
      )
      .transitGateway('Tgw', { securityGroupReferencing: enabled }, (g) =>
        g.vpcAttachment('AppAtt', { vpc: 'App', subnets: ['AppSubnet'] }).vpcAttachment('DbAtt', { vpc: 'Db', subnets: ['DbSubnet'] }),
      )
      .build();
  }

  it('SG-6: without referencing support a group in the other VPC does not match: SG_REFERENCING_SUPPORT', () => {
    expectBlocked(trace(referencing(false), { from: 'Client', to: 'Database', port: 5432 }), 'SG_REFERENCING_SUPPORT', 'DbSg');
  });

  it('SG-6: with referencing support on the TGW and both attachments the inbound reference matches', () => {
    expectReachable(trace(referencing(true), { from: 'Client', to: 'Database', port: 5432 }));
  });
});
