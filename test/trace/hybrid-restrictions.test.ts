// Site-to-Site VPN paths no other scenario reaches: what a virtual private gateway refuses (HYB-4, PCX-4),
// a VGW attached to no VPC, a VPN connection without a gateway in the model, and a static transit
// gateway route to a VPN whose tunnels are all down. helpers.ts asks the engine-backed trace() every query too.
import { describe, expect, it } from 'vitest';
import { topology } from '../../src/builder/index.js';
import { parsePrefix } from '../../src/model/ip.js';
import { validateTopology } from '../../src/model/validate.js';
import type { Topology } from '../../src/model/types.js';
import { expectBlocked, expectReachable, trace } from './helpers.js';

const ON_PREM_HOST = '192.168.10.5';
const ON_PREM_V6 = '2001:db8:1234::5';

/**
 * A dual-stack VPC with a VGW and an office VPN announcing an IPv4 and an IPv6 network (AWS refuses IPv6 on a
 * VGW's VPN; validation refuses it, but trace() also runs unvalidated models, so the walk's HYB-4 check is tested here), a peer VPC, and a spoke VPC behind a
 * transit gateway whose traffic for the office is sent to the VPC's VGW.
 */
function office(): Topology {
  return topology({ region: 'us-east-1' })
    .vpc('Vpc', '10.0.0.0/16', (v) =>
      v
        .ipv6Cidr('2600:1f18:1234:5600::/56')
        .subnet('App', '10.0.1.0/24', { az: 'us-east-1a', ipv6: '2600:1f18:1234:5601::/64' })
        .routeTable('AppRt', { subnets: ['App'] }, (rt) =>
          rt.route('192.168.0.0/16', { vgw: 'Vgw' }).route('2001:db8:1234::/48', { vgw: 'Vgw' }).route('10.1.0.0/16', { tgw: 'Tgw' }).route('10.2.0.0/16', { pcx: 'Peering' }),
        )
        .securityGroup('OpenSg', (g) => g.ingress({ protocol: 'all', cidr: '0.0.0.0/0' }).ingress({ protocol: 'all', cidr: '::/0' }))
        .instance('AppHost', { subnet: 'App', ip: '10.0.1.10', ipv6: ['2600:1f18:1234:5601::10'], sgs: ['OpenSg'] }),
    )
    .vpc('Spoke', '10.1.0.0/16', (v) =>
      v
        .subnet('SpokeSubnet', '10.1.1.0/24', { az: 'us-east-1a' })
        .routeTable('SpokeRt', { subnets: ['SpokeSubnet'] }, (rt) => rt.route('192.168.0.0/16', { tgw: 'Tgw' }).route('10.0.0.0/16', { tgw: 'Tgw' }))
        .instance('SpokeHost', { subnet: 'SpokeSubnet', ip: '10.1.1.10' }),
    )
    .vpc('Peer', '10.2.0.0/16', (v) =>
      v
        .subnet('PeerSubnet', '10.2.1.0/24')
        .routeTable('PeerRt', { subnets: ['PeerSubnet'] }, (rt) => rt.route('10.0.0.0/16', { pcx: 'Peering' }).route('192.168.0.0/16', { pcx: 'Peering' }))
        .instance('PeerHost', { subnet: 'PeerSubnet', ip: '10.2.1.10' }),
    )
    .peering('Peering', 'Peer', 'Vpc')
    .transitGateway('Tgw', { defaultRouteTableAssociation: false, defaultRouteTablePropagation: false }, (g) =>
      g
        .vpcAttachment('VpcAtt', { vpc: 'Vpc', subnets: ['App'] })
        .vpcAttachment('SpokeAtt', { vpc: 'Spoke', subnets: ['SpokeSubnet'] })
        .routeTable('TgwRt', { associations: ['VpcAtt', 'SpokeAtt'], propagations: ['VpcAtt', 'SpokeAtt'] }, (rt) => rt.route('192.168.0.0/16', 'VpcAtt')),
    )
    .vpnGateway('Vgw', { vpc: 'Vpc' })
    .customerGateway('OfficeCgw', { ip: '203.0.113.1' })
    .vpnConnection('OfficeVpn', { customerGateway: 'OfficeCgw', vpnGateway: 'Vgw', staticRoutes: ['192.168.0.0/16', '2001:db8:1234::/48'] })
    .build();
}

describe('what a virtual private gateway refuses (HYB-4, PCX-4)', () => {
  it('HYB-4 control: the VPC reaches the office over IPv4', () => {
    expectReachable(trace(office(), { from: 'AppHost', to: ON_PREM_HOST, port: 443 }));
  });

  it('HYB-4: a VGW carries IPv4 only: IPv6 routed to it from the VPC is CANNOT_ROUTE', () => {
    const a = trace(office(), { from: 'AppHost', to: ON_PREM_V6, port: 443 });
    expectBlocked(a, 'CANNOT_ROUTE', 'Vgw');
    expect(a.explanations[0]).toMatchObject({ type: 'AWS::EC2::VPNGateway', detail: 'a virtual private gateway carries IPv4 only' });
  });

  it('HYB-4: a VGW carries IPv4 only: IPv6 arriving from the office is CANNOT_ROUTE', () => {
    const a = trace(office(), { from: ON_PREM_V6, to: 'AppHost', port: 443 });
    expectBlocked(a, 'CANNOT_ROUTE', 'Vgw');
    expect(a.forwardPath[0]).toMatchObject({ kind: 'VPN_CONNECTION', component: 'OfficeVpn' });
  });

  it('HYB-4: a VGW forwards only packets from interfaces in its VPC: a spoke VPC behind a transit gateway cannot use it', () => {
    const a = trace(office(), { from: 'SpokeHost', to: ON_PREM_HOST, port: 443 });
    expectBlocked(a, 'VGW_PRIVATE_IP_ASSOCIATION_FOR_EGRESS', 'Vgw');
    expect(a.explanations[0]!.detail).toBe('source 10.1.1.10 is not a private IP of an interface in Vpc');
    expect(a.forwardPath.map((h) => h.component)).toEqual(expect.arrayContaining(['VpcAtt', 'AppRt']));
  });

  it('HYB-4 / HYB-6 (docs/semantics.md): a route to the VGW for a network no connection announces is NO_ROUTE_TO_DESTINATION at the VGW', () => {
    const t = office();
    t.routeTables.find((r) => r.logicalId === 'AppRt')!.routes.push({ destination: parsePrefix('172.16.0.0/12'), target: { kind: 'vpn-gateway', id: t.vpnGateways[0]!.id }, origin: 'CreateRoute' });
    const a = trace(t, { from: 'AppHost', to: '172.16.0.5', port: 443 });
    expectBlocked(a, 'NO_ROUTE_TO_DESTINATION', 'Vgw');
    expect(a.explanations[0]!.detail).toBe('virtual private gateway Vgw knows no on-premises network holding 172.16.0.5');
  });

  it('PCX-4: a peer VPC cannot use the VGW either: the peering refuses the packet before it reaches the VGW', () => {
    // The VGW's own check of peering traffic cannot be met: a peering delivers only to addresses inside the peer VPC.
    const a = trace(office(), { from: 'PeerHost', to: ON_PREM_HOST, port: 443 });
    expectBlocked(a, 'PCX_REQUIRES_ADDRESS_IN_VPC_CIDR', 'Peering');
    expect(a.forwardPath.some((h) => h.kind === 'VPN_GATEWAY')).toBe(false);
  });
});

describe('VPN connections without a usable gateway (HYB-2, HYB-6)', () => {
  it('HYB-2: a VPN connection on a VGW attached to no VPC delivers nowhere (BAD_STATE_VPN at the VGW)', () => {
    const t = topology({ region: 'us-east-1' })
      .vpc('Vpc', '10.0.0.0/16', (v) => v.subnet('App', '10.0.1.0/24').instance('AppHost', { subnet: 'App', ip: '10.0.1.10' }))
      .vpnGateway('DetachedVgw')
      .customerGateway('OfficeCgw', { ip: '203.0.113.1' })
      .vpnConnection('OfficeVpn', { customerGateway: 'OfficeCgw', vpnGateway: 'DetachedVgw', staticRoutes: ['192.168.0.0/16'] })
      .build();
    expect(() => validateTopology(t)).not.toThrow();
    const a = trace(t, { from: ON_PREM_HOST, to: 'AppHost', port: 443 });
    expectBlocked(a, 'BAD_STATE_VPN', 'DetachedVgw');
    expect(a.explanations[0]!.detail).toBe(`virtual private gateway ${t.vpnGateways[0]!.id} is not attached to a VPC`);
  });

  it('HYB-2: a VPN connection naming a VGW the model does not have: validation refuses it; traced anyway, it delivers nowhere', () => {
    const t = office();
    t.vpnConnections[0]!.vpnGatewayId = 'vgw-0000000000000dead';
    expect(() => validateTopology(t)).toThrow(/^VPNConnection 'OfficeVpn': VpnGatewayId vgw-0000000000000dead/);
    const a = trace(t, { from: ON_PREM_HOST, to: 'AppHost', port: 443 });
    expectBlocked(a, 'BAD_STATE_VPN');
    expect(a.explanations[0]).toMatchObject({ component: '', type: 'AWS::EC2::VPNGateway', detail: 'virtual private gateway vgw-0000000000000dead is not attached to a VPC' });
  });

  it('HYB-9: a private virtual interface on a Direct Connect gateway associated with no gateway of the VPC reaches nothing', () => {
    const t = topology({ region: 'us-east-1' })
      .vpc('Vpc', '10.0.0.0/16', (v) => v.subnet('App', '10.0.1.0/24').instance('AppHost', { subnet: 'App', ip: '10.0.1.10' }))
      .vpnGateway('Vgw', { vpc: 'Vpc' })
      .directConnectGateway('DxGw')
      .directConnectConnection('DxLink')
      .virtualInterface('PrivateVif', { kind: 'private', connection: 'DxLink', directConnectGateway: 'DxGw', onPremises: ['172.20.0.0/16'] })
      .build();
    expect(() => validateTopology(t)).not.toThrow();
    const a = trace(t, { from: '172.20.1.5', to: 'AppHost', port: 443 });
    expectBlocked(a, 'NO_ROUTE_TO_DESTINATION', 'PrivateVif');
    expect(a.explanations[0]).toMatchObject({ type: 'AWS::DirectConnect::VirtualInterface', detail: 'virtual interface PrivateVif reaches no gateway for 10.0.1.10' });
  });

  /** A VPN on a transit gateway, its attachment named `VpnAtt`; the TGW table has a static route to it (TGW-4). */
  function vpnOnTgw(tunnels: Array<'UP' | 'DOWN'>): Topology {
    return topology({ region: 'us-east-1' })
      .vpc('Vpc', '10.0.0.0/16', (v) =>
        v
          .subnet('App', '10.0.1.0/24', { az: 'us-east-1a' })
          .routeTable('AppRt', { subnets: ['App'] }, (rt) => rt.route('192.168.0.0/16', { tgw: 'Tgw' }))
          .securityGroup('OfficeSg', (g) => g.ingress({ protocol: 'tcp', ports: 22, cidr: '192.168.0.0/16' }))
          .instance('AppHost', { subnet: 'App', ip: '10.0.1.10', sgs: ['OfficeSg'] }),
      )
      .transitGateway('Tgw', { defaultRouteTableAssociation: false, defaultRouteTablePropagation: false }, (g) =>
        g
          .vpcAttachment('VpcAtt', { vpc: 'Vpc', subnets: ['App'] })
          .routeTable('TgwRt', { associations: ['VpcAtt', 'VpnAtt'], propagations: ['VpcAtt'] }, (rt) => rt.route('192.168.0.0/16', 'VpnAtt')),
      )
      .customerGateway('OfficeCgw', { ip: '203.0.113.1' })
      .vpnConnection('OfficeVpn', { customerGateway: 'OfficeCgw', transitGateway: 'Tgw', attachment: 'VpnAtt', staticRoutes: ['192.168.0.0/16'], tunnels })
      .build();
  }

  it('HYB-5 control: with a tunnel up the static TGW route carries traffic to the office', () => {
    expectReachable(trace(vpnOnTgw(['DOWN', 'UP']), { from: 'AppHost', to: ON_PREM_HOST, port: 443 }));
  });

  it('HYB-6 / TGW-4: a static TGW route to a VPN attachment stays while the VPN is down; traffic drops at the VPN (TGW_BAD_STATE_VPN)', () => {
    const a = trace(vpnOnTgw(['DOWN', 'DOWN']), { from: 'AppHost', to: ON_PREM_HOST, port: 443 });
    expectBlocked(a, 'TGW_BAD_STATE_VPN', 'OfficeVpn');
    expect(a.explanations[0]).toMatchObject({ type: 'AWS::EC2::VPNConnection', detail: 'VPN connection OfficeVpn has no tunnel up' });
    expect(a.forwardPath.find((h) => h.kind === 'TRANSIT_GATEWAY_ROUTE_TABLE')!.rule).toMatch(/^192\.168\.0\.0\/16 -> tgw-attach-/);
  });

  it('HYB-2: a VPN connection on a transit gateway whose attachment is not in the model terminates on no gateway', () => {
    // AWS creates the attachment with the connection; a snapshot may still lack it.
    const t = vpnOnTgw(['UP', 'UP']);
    const vpnAtt = t.transitGatewayAttachments.find((a) => a.resourceType === 'vpn')!;
    t.transitGatewayAttachments = t.transitGatewayAttachments.filter((a) => a !== vpnAtt);
    for (const rt of t.transitGatewayRouteTables) {
      rt.associationAttachmentIds = rt.associationAttachmentIds.filter((id) => id !== vpnAtt.id);
      rt.routes = rt.routes.filter((r) => r.attachmentId !== vpnAtt.id);
    }
    const a = trace(t, { from: ON_PREM_HOST, to: 'AppHost', port: 22 });
    expectBlocked(a, 'BAD_STATE_VPN', 'OfficeVpn');
    expect(a.explanations[0]).toMatchObject({ type: 'AWS::EC2::VPNConnection', detail: 'VPN connection OfficeVpn terminates on no gateway' });
  });
});
