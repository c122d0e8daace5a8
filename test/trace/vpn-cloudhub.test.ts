// Several VPN sites on one virtual private gateway: VPN CloudHub (HYB-7), the AS_PATH tie-break of
// equal BGP routes (RT-8), and virtual interfaces that follow their connection (HYB-11).
import { describe, expect, it } from 'vitest';
import { topology } from '../../src/builder/index.js';
import type { TopologyBuilder } from '../../src/builder/topology.js';
import type { Topology } from '../../src/model/types.js';
import { components, expectBlocked, expectReachable, trace } from './helpers.js';

interface Site {
  name: string;
  asn: number;
  prefix: string;
  /** Static routes instead of BGP. */
  staticOnly?: boolean;
}

function hub(sites: Site[]): Topology {
  let b: TopologyBuilder = topology({ region: 'us-east-1' })
    .vpc('Vpc', '10.0.0.0/16', (v) => v.subnet('App', '10.0.1.0/24').routeTable('AppRt', { subnets: ['App'], propagateFrom: ['Vgw'] }).instance('AppHost', { subnet: 'App' }))
    .vpnGateway('Vgw', { vpc: 'Vpc' });
  sites.forEach((s, i) => {
    b = b
      .customerGateway(`${s.name}Cgw`, { ip: `203.0.113.${i + 1}`, asn: s.asn })
      .vpnConnection(`${s.name}Vpn`, { customerGateway: `${s.name}Cgw`, vpnGateway: 'Vgw', ...(s.staticOnly ? { staticRoutes: [s.prefix] } : { bgpPrefixes: [s.prefix] }) });
  });
  return b.build();
}

const A: Site = { name: 'SiteA', asn: 65001, prefix: '192.168.1.0/24' };
const B: Site = { name: 'SiteB', asn: 65002, prefix: '192.168.2.0/24' };
const STATIC: Site = { name: 'SiteC', asn: 65003, prefix: '192.168.3.0/24', staticOnly: true };
const SAME_ASN_AS_A: Site = { name: 'SiteD', asn: 65001, prefix: '192.168.4.0/24' };

describe('VPN CloudHub (HYB-7)', () => {
  it('HYB-7: two BGP sites with distinct ASNs reach each other through the VGW, and the reply comes back', () => {
    const a = trace(hub([A, B, STATIC]), { from: '192.168.1.10', to: '192.168.2.10', port: 22 });
    expectReachable(a);
    expect(components(a.forwardPath)).toEqual(['SiteAVpn', 'Vgw', 'SiteBVpn']);
    expect(components(a.returnPath)).toEqual(['SiteBVpn', 'Vgw', 'SiteAVpn']);
    expect(a.forwardPath[1]!.action).toMatch(/CloudHub/);
  });

  it('HYB-7 CHOICE: a static-only site is not part of the hub, in either direction', () => {
    const t = hub([A, B, STATIC]);
    expectBlocked(trace(t, { from: '192.168.1.10', to: '192.168.3.10', port: 22 }), 'VGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS', 'Vgw');
    expectBlocked(trace(t, { from: '192.168.3.10', to: '192.168.1.10', port: 22 }), 'VGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS', 'Vgw');
  });

  it('HYB-7 CHOICE: CloudHub needs at least two BGP connections on the VGW', () => {
    expectBlocked(trace(hub([A, STATIC]), { from: '192.168.1.10', to: '192.168.3.10', port: 22 }), 'VGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS', 'Vgw');
  });

  it('HYB-7: sites must have distinct BGP ASNs (a site drops routes carrying its own ASN)', () => {
    const t = hub([A, B, SAME_ASN_AS_A]);
    expectBlocked(trace(t, { from: '192.168.1.10', to: '192.168.4.10', port: 22 }), 'VGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS', 'Vgw');
    expectReachable(trace(t, { from: '192.168.4.10', to: '192.168.2.10', port: 22 }));
  });

  it('HYB-7 / HYB-6: a site whose tunnels are both down is not reachable through the hub', () => {
    const t = hub([A, B]);
    t.vpnConnections.find((v) => v.logicalId === 'SiteBVpn')!.tunnels.forEach((x) => (x.status = 'DOWN'));
    expectBlocked(trace(t, { from: '192.168.1.10', to: '192.168.2.10', port: 22 }), 'VGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS', 'Vgw');
  });
});

describe('equal-prefix BGP routes (RT-8)', () => {
  function twoPaths(shortVia: 'First' | 'Second'): Topology {
    const t = hub([
      { name: 'First', asn: 65010, prefix: '172.30.0.0/16' },
      { name: 'Second', asn: 65020, prefix: '172.30.0.0/16' },
    ]);
    for (const v of t.vpnConnections) v.asPathLength = v.logicalId === `${shortVia}Vpn` ? 1 : 3;
    return t;
  }

  it('RT-8: the shorter AS_PATH wins, whichever connection id is smaller', () => {
    for (const shortVia of ['First', 'Second'] as const) {
      const a = trace(twoPaths(shortVia), { from: 'AppHost', to: '172.30.0.10', port: 443 });
      expectReachable(a);
      expect(a.forwardPath.at(-1)).toMatchObject({ kind: 'VPN_CONNECTION', component: `${shortVia}Vpn` });
    }
  });
});

describe('Direct Connect virtual interfaces (HYB-11)', () => {
  function dx(connection: 'available' | 'down', vif: 'available' | 'down'): Topology {
    return topology({ region: 'us-east-1' })
      .vpc('Vpc', '10.0.0.0/16', (v) => v.subnet('App', '10.0.1.0/24').routeTable('AppRt', { subnets: ['App'], propagateFrom: ['Vgw'] }).instance('AppHost', { subnet: 'App' }))
      .vpnGateway('Vgw', { vpc: 'Vpc' })
      .directConnectConnection('DxLink', { state: connection })
      .virtualInterface('PrivateVif', { kind: 'private', connection: 'DxLink', vpnGateway: 'Vgw', onPremises: ['172.20.0.0/16'], state: vif })
      .build();
  }

  it('HYB-11: a VIF is up iff it and its connection are up; otherwise its routes are withdrawn', () => {
    expectReachable(trace(dx('available', 'available'), { from: 'AppHost', to: '172.20.1.5', port: 443 }));
    expectBlocked(trace(dx('down', 'available'), { from: 'AppHost', to: '172.20.1.5', port: 443 }), 'NO_ROUTE_TO_DESTINATION', 'AppRt');
    expectBlocked(trace(dx('available', 'down'), { from: 'AppHost', to: '172.20.1.5', port: 443 }), 'NO_ROUTE_TO_DESTINATION', 'AppRt');
  });
});
