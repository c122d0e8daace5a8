// Route table semantics (RT-*): longest prefix match, equal-prefix priority, blackholes.
import { describe, expect, it } from 'vitest';
import { topology } from '../../src/builder/index.js';
import type { RouteTableBuilder } from '../../src/builder/route-table.js';
import { Code, FIRST_INFO_CODE, codeEntries, codeKind, codeName } from '../../src/analyze/codes.js';
import type { Topology } from '../../src/model/types.js';
import { expectBlocked, expectReachable, trace } from './helpers.js';

/** A VPC with a VPN (propagating 192.168.0.0/16 and 10.0.5.0/24) and an IGW; `routes` fills the app route table. */
function vpc(routes: (rt: RouteTableBuilder) => void): Topology {
  return topology({ region: 'us-east-1' })
    .vpc('Vpc', '10.0.0.0/16', (v) =>
      v
        .subnet('App', '10.0.1.0/24', { public: true })
        .subnet('Data', '10.0.5.0/24')
        .internetGateway('Igw')
        .routeTable('AppRt', { subnets: ['App'], propagateFrom: ['Vgw'] }, routes)
        .securityGroup('OpenSg', (g) => g.ingress({ protocol: 'all', cidr: '0.0.0.0/0' }))
        .instance('AppHost', { subnet: 'App', sgs: ['OpenSg'] })
        .instance('DataHost', { subnet: 'Data', ip: '10.0.5.7', sgs: ['OpenSg'] }),
    )
    .vpc('Other', '10.9.0.0/16', (v) => v.internetGateway('OtherIgw'))
    .vpnGateway('Vgw', { vpc: 'Vpc' })
    .customerGateway('Cgw', { ip: '203.0.113.1' })
    .vpnConnection('Vpn', { customerGateway: 'Cgw', vpnGateway: 'Vgw', staticRoutes: ['192.168.0.0/16', '10.0.5.0/24'] })
    .build();
}

describe('route tables (RT-*)', () => {
  it('RT-3: the longest matching prefix wins over the default route', () => {
    const a = trace(vpc((rt) => rt.route('0.0.0.0/0', { igw: 'Igw' })), { from: 'AppHost', to: '192.168.1.1', port: 443 });
    expectReachable(a);
    const route = a.forwardPath.find((h) => h.kind === 'ROUTE_TABLE')!;
    expect(route.rule).toMatch(/^192\.168\.0\.0\/16 -> vgw-/);
    expect(route.info).toContain('MORE_SPECIFIC_ROUTE');
  });

  it('RT-4: on equal prefixes a static route beats a propagated one', () => {
    const a = trace(vpc((rt) => rt.route('192.168.0.0/16', { blackhole: true })), { from: 'AppHost', to: '192.168.1.1', port: 443 });
    expectBlocked(a, 'BAD_STATE_ROUTE', 'AppRt');
  });

  it('RT-11: a more specific blackhole route wins and there is no fall-back to a less specific route', () => {
    const a = trace(vpc((rt) => rt.route('0.0.0.0/0', { igw: 'Igw' }).route('198.51.100.0/24', { blackhole: true })), { from: 'AppHost', to: '198.51.100.7', port: 443 });
    expectBlocked(a, 'BAD_STATE_ROUTE', 'AppRt');
    expect(a.explanations[0]!.detail).toMatch(/198\.51\.100\.0\/24 -> blackhole/);
  });

  it('RT-5: a propagated route more specific than the local route never wins', () => {
    const a = trace(vpc(() => {}), { from: 'AppHost', to: 'DataHost', port: 443 });
    expectReachable(a);
    expect(a.forwardPath.find((h) => h.kind === 'ROUTE_TABLE')!.rule).toBe('10.0.0.0/16 -> local');
  });

  it('RT-10: a route to an internet gateway attached to another VPC is a blackhole', () => {
    expectBlocked(trace(vpc((rt) => rt.route('0.0.0.0/0', { igw: 'OtherIgw' })), { from: 'AppHost', to: '198.51.100.7', port: 443 }), 'BAD_STATE_ROUTE', 'AppRt');
  });
});

describe('explanation codes (ABI shared with the WebAssembly walk, abi/codes.ts)', () => {
  it('every code has one number, one name and one kind; informational codes start at FIRST_INFO_CODE', () => {
    const values = codeEntries.map(([, value]) => value);
    expect(values.length).toBeGreaterThan(40);
    expect(new Set(values).size).toBe(values.length);
    for (const [name, value] of codeEntries) {
      expect(codeName(value)).toBe(name);
      expect(codeKind(value)).toBe(value === 0 ? 'reachable' : value < FIRST_INFO_CODE ? 'blocking' : 'informational');
    }
    expect(Code.REACHABLE).toBe(0);
    expect(codeKind(Code.MORE_SPECIFIC_ROUTE)).toBe('informational');
    expect(() => codeName(63)).toThrow('unknown explanation code 63');
  });
});
