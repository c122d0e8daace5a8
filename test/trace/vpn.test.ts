// Site-to-Site VPN from the course notes: a virtual private gateway on the VPC, a customer gateway
// on premises, routes propagated into the private route table.
import { describe, expect, it } from 'vitest';
import { topology } from '../../src/builder/index.js';
import type { Topology } from '../../src/model/types.js';
import { expectBlocked, expectReachable, trace } from './helpers.js';

const ON_PREM_HOST = '192.168.10.5';

interface Options {
  tunnels?: Array<'UP' | 'DOWN'>;
  /** Static route to the VGW instead of route propagation. */
  staticRoute?: boolean;
  /** BGP advertisements instead of static VPN routes. */
  bgp?: boolean;
}

function site(opts: Options = {}): Topology {
  return topology({ region: 'us-east-1' })
    .vpc('Vpc', '10.0.0.0/16', (v) =>
      v
        .subnet('Private', '10.0.1.0/24')
        .routeTable('PrivateRt', { subnets: ['Private'], propagateFrom: opts.staticRoute ? [] : ['Vgw'] }, (rt) => {
          if (opts.staticRoute) rt.route('192.168.0.0/16', { vgw: 'Vgw' });
        })
        .securityGroup('AppSg', (g) => g.ingress({ protocol: 'tcp', ports: 22, cidr: '192.168.0.0/16' }))
        .instance('App', { subnet: 'Private', ip: '10.0.1.10', sgs: ['AppSg'] }),
    )
    .vpnGateway('Vgw', { vpc: 'Vpc' })
    .customerGateway('OfficeCgw', { ip: '203.0.113.1', asn: 65000 })
    .vpnConnection('OfficeVpn', {
      customerGateway: 'OfficeCgw',
      vpnGateway: 'Vgw',
      ...(opts.bgp ? { bgpPrefixes: ['192.168.0.0/16'] } : { staticRoutes: ['192.168.0.0/16'] }),
      tunnels: opts.tunnels ?? ['UP', 'UP'],
    })
    .build();
}

describe('Site-to-Site VPN (HYB-*, RT-12)', () => {
  it('RT-12: routes of the VPN connection propagate to the route table and carry traffic on premises', () => {
    const a = trace(site(), { from: 'App', to: ON_PREM_HOST, port: 443 });
    expectReachable(a);
    expect(a.forwardPath.find((h) => h.kind === 'ROUTE_TABLE')!.rule).toMatch(/192\.168\.0\.0\/16 -> vgw-.*propagated/);
    expect(a.forwardPath.at(-1)).toMatchObject({ kind: 'VPN_CONNECTION', component: 'OfficeVpn' });
  });

  it('HYB-3: BGP advertisements propagate too', () => {
    expectReachable(trace(site({ bgp: true }), { from: 'App', to: ON_PREM_HOST, port: 443 }));
  });

  it('HYB-12: an on-premises host reaches the VPC over the VPN and its reply returns the same way', () => {
    const a = trace(site(), { from: ON_PREM_HOST, to: 'App', port: 22 });
    expectReachable(a);
    expect(a.query.destination).toBe('10.0.1.10');
    expect(a.forwardPath[0]).toMatchObject({ kind: 'VPN_CONNECTION', component: 'OfficeVpn' });
  });

  it('HYB-5: a connection with one tunnel up still carries traffic', () => {
    expectReachable(trace(site({ tunnels: ['DOWN', 'UP'] }), { from: 'App', to: ON_PREM_HOST, port: 443 }));
  });

  it('HYB-6: with both tunnels down the propagated routes are withdrawn', () => {
    expectBlocked(trace(site({ tunnels: ['DOWN', 'DOWN'] }), { from: 'App', to: ON_PREM_HOST, port: 443 }), 'NO_ROUTE_TO_DESTINATION', 'PrivateRt');
  });

  it('HYB-6: a static route to a VGW with no VPN up drops with BAD_STATE_VPN', () => {
    expectBlocked(trace(site({ staticRoute: true, tunnels: ['DOWN', 'DOWN'] }), { from: 'App', to: ON_PREM_HOST, port: 443 }), 'BAD_STATE_VPN', 'Vgw');
  });

  it('HYB-4: the VGW delivers inbound only to private IPs of interfaces in its VPC', () => {
    expectBlocked(trace(site(), { from: ON_PREM_HOST, to: '10.0.1.99', port: 22 }), 'VGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS', 'Vgw');
  });
});
