// Direct Connect next to a backup VPN, and a VPN that ends on a transit gateway (HYB-*, RT-4, TGW-3).
import { describe, expect, it } from 'vitest';
import { topology } from '../../src/builder/index.js';
import type { Topology } from '../../src/model/types.js';
import { expectBlocked, expectReachable, trace } from './helpers.js';

const DATA_CENTER_HOST = '172.20.1.5';

/** A VPC with a VGW reached both by a private VIF (DX) and by a backup VPN, both announcing 172.20.0.0/16. */
function dxWithBackupVpn(dx: 'available' | 'down'): Topology {
  return topology({ region: 'us-east-1' })
    .vpc('Vpc', '10.0.0.0/16', (v) =>
      v
        .subnet('App', '10.0.1.0/24')
        .routeTable('AppRt', { subnets: ['App'], propagateFrom: ['Vgw'] })
        .securityGroup('AppSg', (g) => g.ingress({ protocol: 'tcp', ports: 443, cidr: '172.20.0.0/16' }))
        .instance('AppHost', { subnet: 'App', sgs: ['AppSg'] }),
    )
    .vpnGateway('Vgw', { vpc: 'Vpc' })
    .directConnectConnection('DxLink', { state: dx })
    .virtualInterface('PrivateVif', { kind: 'private', connection: 'DxLink', vpnGateway: 'Vgw', onPremises: ['172.20.0.0/16'] })
    .customerGateway('DcCgw', { ip: '203.0.113.2' })
    .vpnConnection('BackupVpn', { customerGateway: 'DcCgw', vpnGateway: 'Vgw', staticRoutes: ['172.20.0.0/16'] })
    .build();
}

describe('Direct Connect and VPN (HYB-8, RT-4, MC-6)', () => {
  it('RT-4: on equal prefixes the Direct Connect route beats the VPN route', () => {
    const a = trace(dxWithBackupVpn('available'), { from: 'AppHost', to: DATA_CENTER_HOST, port: 443 });
    expectReachable(a);
    expect(a.forwardPath.at(-1)).toMatchObject({ kind: 'DIRECT_CONNECT', component: 'PrivateVif' });
  });

  it('MC-6 / HYB-6: with the DX connection down, traffic falls back to the VPN', () => {
    const a = trace(dxWithBackupVpn('down'), { from: 'AppHost', to: DATA_CENTER_HOST, port: 443 });
    expectReachable(a);
    expect(a.forwardPath.at(-1)).toMatchObject({ kind: 'VPN_CONNECTION', component: 'BackupVpn' });
  });

  it('HYB-12: the data center reaches the VPC over Direct Connect', () => {
    const a = trace(dxWithBackupVpn('available'), { from: DATA_CENTER_HOST, to: 'AppHost', port: 443 });
    expectReachable(a);
    expect(a.forwardPath[0]).toMatchObject({ kind: 'DIRECT_CONNECT', component: 'PrivateVif' });
  });
});

function vpnOnTgw(tunnels: Array<'UP' | 'DOWN'>): Topology {
  return topology({ region: 'us-east-1' })
    .vpc('Vpc', '10.0.0.0/16', (v) =>
      v
        .subnet('App', '10.0.1.0/24', { az: 'us-east-1a' })
        .routeTable('AppRt', { subnets: ['App'] }, (rt) => rt.route('192.168.0.0/16', { tgw: 'Tgw' }))
        .securityGroup('AppSg', (g) => g.ingress({ protocol: 'tcp', ports: 22, cidr: '192.168.0.0/16' }))
        .instance('AppHost', { subnet: 'App', sgs: ['AppSg'] }),
    )
    .transitGateway('Tgw', {}, (g) => g.vpcAttachment('VpcAtt', { vpc: 'Vpc', subnets: ['App'] }))
    .customerGateway('Cgw', { ip: '203.0.113.1' })
    .vpnConnection('Vpn', { customerGateway: 'Cgw', transitGateway: 'Tgw', bgpPrefixes: ['192.168.0.0/16'], tunnels })
    .build();
}

describe('VPN on a transit gateway (HYB-2, TGW-3, TGW-6)', () => {
  it('TGW-3: the VPN attachment propagates its BGP prefixes into the default TGW route table, both ways', () => {
    expectReachable(trace(vpnOnTgw(['UP', 'UP']), { from: 'AppHost', to: '192.168.3.3', port: 443 }));
    expectReachable(trace(vpnOnTgw(['UP', 'UP']), { from: '192.168.3.3', to: 'AppHost', port: 22 }));
  });

  it('HYB-6: with both tunnels down the propagated routes are withdrawn from the TGW table', () => {
    expectBlocked(trace(vpnOnTgw(['DOWN', 'DOWN']), { from: 'AppHost', to: '192.168.3.3', port: 443 }), 'TGW_RTB_CANNOT_ROUTE');
  });
});
