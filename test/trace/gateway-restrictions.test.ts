// Gateway checks no other scenario reaches: the internet gateway's RFC 1918 / RFC 6598 ingress check
// (GW-6), the NAT gateway's refusals (GW-11, C-2, a NAT gateway without an address) and the Gateway Load
// Balancer endpoint vpcsim does not model. Each query is asked of traceReference() here and of the
// engine-backed trace() by helpers.ts, which requires the same answer word for word.
import { describe, expect, it } from 'vitest';
import { topology } from '../../src/builder/index.js';
import { validateTopology } from '../../src/model/validate.js';
import type { Topology } from '../../src/model/types.js';
import { expectBlocked, trace } from './helpers.js';

const ON_PREM_HOST = '192.168.10.5';

/**
 * Two VPCs, each with an internet gateway. `Client` in VpcA has the public address `clientPublicIp`;
 * `Server` in VpcB has an auto-assigned public IPv4, so Client reaches it over the internet (TRACE-2).
 */
function twoPublicVpcs(clientPublicIp: string): Topology {
  return topology({ region: 'us-east-1' })
    .elasticIp('ClientEip', clientPublicIp)
    .vpc('VpcA', '10.0.0.0/16', (v) =>
      v
        .subnet('PublicA', '10.0.1.0/24')
        .internetGateway('IgwA')
        .routeTable('PublicRtA', { subnets: ['PublicA'] }, (rt) => rt.route('0.0.0.0/0', { igw: 'IgwA' }))
        .instance('Client', { subnet: 'PublicA', ip: '10.0.1.10', eip: 'ClientEip' }),
    )
    .vpc('VpcB', '10.1.0.0/16', (v) =>
      v
        .subnet('PublicB', '10.1.1.0/24')
        .internetGateway('IgwB')
        .routeTable('PublicRtB', { subnets: ['PublicB'] }, (rt) => rt.route('0.0.0.0/0', { igw: 'IgwB' }))
        .securityGroup('WebSg', (g) => g.ingress({ protocol: 'tcp', ports: 443, cidr: '0.0.0.0/0' }))
        .instance('Server', { subnet: 'PublicB', ip: '10.1.1.10', sgs: ['WebSg'], publicIp: true }),
    )
    .build();
}

describe('internet gateway ingress from private sources (GW-6, TRACE-10)', () => {
  it('GW-6: an internet gateway drops a packet arriving from the internet with an RFC 1918 source', () => {
    // The model gives Client a public address inside 10.0.0.0/8: its packets reach the internet with an RFC 1918 source.
    const a = trace(twoPublicVpcs('10.200.0.1'), { from: 'Client', to: 'Server', port: 443 });
    expectBlocked(a, 'IGW_SOURCE_ADDRESS_NOT_IN_RFC1918_INGRESS', 'IgwB');
    expect(a.explanations[0]!.detail).toBe('source 10.200.0.1 is an RFC 1918 address');
    expect(a.forwardPath.at(-1)!.packet.src).toBe('10.200.0.1');
  });

  it('GW-6: an internet gateway drops a packet arriving from the internet with an RFC 6598 (100.64.0.0/10) source', () => {
    const a = trace(twoPublicVpcs('100.64.7.7'), { from: 'Client', to: 'Server', port: 443 });
    expectBlocked(a, 'IGW_SOURCE_ADDRESS_NOT_IN_RFC6598_INGRESS', 'IgwB');
    expect(a.explanations[0]!.detail).toBe('source 100.64.7.7 is an RFC 6598 address');
  });

  it('GW-6 control: the same path with a public address is reachable', () => {
    expect(trace(twoPublicVpcs('198.51.100.77'), { from: 'Client', to: 'Server', port: 443 }).reachable).toBe(true);
  });

  it('TRACE-10 (docs/semantics.md): a private or RFC 6598 address nobody holds is no internet host, so a query from it is NO_SOURCE_OR_DESTINATION', () => {
    const t = twoPublicVpcs('198.51.100.77');
    for (const from of ['10.99.0.1', '100.64.0.1']) {
      const a = trace(t, { from, to: 'Server', port: 443 });
      expectBlocked(a, 'NO_SOURCE_OR_DESTINATION');
      expect(a.forwardPath).toEqual([]);
    }
  });
});

/**
 * VpcA with a public NAT gateway for its private subnet, a VGW with an office VPN, and an appliance:
 * the VGW's gateway route table sends traffic for the private subnet to the appliance (RT-15), whose
 * subnet routes that subnet through the NAT gateway (RT-6 allows a NAT gateway target there).
 */
function natBehindVgw(): Topology {
  return topology({ region: 'us-east-1' })
    .vpc('Vpc', '10.0.0.0/16', (v) =>
      v
        .ipv6Cidr('2600:1f18:1234:5600::/56')
        .subnet('Public', '10.0.1.0/24', { ipv6: '2600:1f18:1234:5601::/64' })
        .subnet('Private', '10.0.2.0/24', { ipv6: '2600:1f18:1234:5602::/64' })
        .subnet('Appliances', '10.0.3.0/24')
        .internetGateway('Igw')
        .natGateway('Nat', { subnet: 'Public' })
        .routeTable('PublicRt', { subnets: ['Public'] }, (rt) => rt.route('0.0.0.0/0', { igw: 'Igw' }))
        .routeTable('PrivateRt', { subnets: ['Private'] }, (rt) => rt.route('0.0.0.0/0', { nat: 'Nat' }).route('64:ff9b::/96', { nat: 'Nat' }))
        .routeTable('EdgeRt', { gateways: [{ vgw: 'Vgw' }] }, (rt) => rt.route('10.0.2.0/24', { eni: 'ApplianceEni' }))
        .routeTable('ApplianceRt', { subnets: ['Appliances'] }, (rt) => rt.route('10.0.2.0/24', { nat: 'Nat' }))
        .securityGroup('OpenSg', (g) => g.ingress({ protocol: 'all', cidr: '0.0.0.0/0' }).ingress({ protocol: 'all', cidr: '::/0' }))
        .networkInterface('ApplianceEni', { subnet: 'Appliances', ip: '10.0.3.10', sgs: ['OpenSg'], sourceDestCheck: false })
        .instance('App', { subnet: 'Private', ip: '10.0.2.10', ipv6: ['2600:1f18:1234:5602::10'], sgs: ['OpenSg'] }),
    )
    .vpnGateway('Vgw', { vpc: 'Vpc' })
    .customerGateway('OfficeCgw', { ip: '203.0.113.1' })
    .vpnConnection('OfficeVpn', { customerGateway: 'OfficeCgw', vpnGateway: 'Vgw', staticRoutes: ['192.168.0.0/16'] })
    .build();
}

describe('NAT gateway refusals (GW-11, C-2)', () => {
  it('the scenario model is valid', () => {
    expect(() => validateTopology(natBehindVgw())).not.toThrow();
  });

  it('GW-11: a NAT gateway does not serve traffic that arrived over Site-to-Site VPN', () => {
    const a = trace(natBehindVgw(), { from: ON_PREM_HOST, to: 'App', port: 443 });
    expectBlocked(a, 'NGW_REQUIRES_SOURCE_IN_VPC', 'Nat');
    expect(a.explanations[0]!.detail).toBe('NAT gateway Nat does not serve traffic that arrived over VPN or Direct Connect');
    // The packet did cross the VGW, the appliance and the appliance subnet's route to the NAT gateway.
    expect(a.forwardPath.map((h) => h.kind)).toEqual(expect.arrayContaining(['VPN_GATEWAY', 'GATEWAY_ROUTE_TABLE', 'ROUTE_TABLE', 'NAT_GATEWAY']));
  });

  it('GW-11 control: the VPC\'s own traffic through the same NAT gateway is translated', () => {
    const a = trace(natBehindVgw(), { from: 'App', to: '198.51.100.7', port: 443 });
    expect(a.reachable).toBe(true);
    expect(a.forwardPath.find((h) => h.kind === 'NAT_GATEWAY')!.info).toContain('NGW_SOURCE_ADDRESS_REASSIGN');
  });

  it('C-2: no NAT64 in vpcsim: IPv6 routed to a NAT gateway is CANNOT_ROUTE', () => {
    const a = trace(natBehindVgw(), { from: 'App', to: '64:ff9b::c633:6407', port: 443 });
    expectBlocked(a, 'CANNOT_ROUTE', 'Nat');
    expect(a.explanations[0]).toMatchObject({ type: 'AWS::EC2::NatGateway', detail: 'a NAT gateway does not carry IPv6 (no NAT64 in vpcsim)' });
  });

  it('GW-8: a NAT gateway whose interface has no private address cannot translate (BAD_STATE)', () => {
    const t = natBehindVgw();
    const nat = t.natGateways[0]!;
    t.networkInterfaces.find((e) => e.id === nat.networkInterfaceId)!.privateIps = [];
    const a = trace(t, { from: 'App', to: '198.51.100.7', port: 443 });
    expectBlocked(a, 'BAD_STATE', 'Nat');
    expect(a.explanations[0]!.detail).toBe('NAT gateway Nat has no private address');
  });
});

describe('Gateway Load Balancer endpoints (RT-9)', () => {
  /** Egress inspected by a GWLB endpoint: RT-9 allows the route; vpcsim does not model the appliance fleet behind it. */
  function inspectedEgress(): Topology {
    return topology({ region: 'us-east-1' })
      .vpc('Vpc', '10.0.0.0/16', (v) =>
        v
          .subnet('Inspection', '10.0.0.0/28', { az: 'us-east-1a' })
          .subnet('App', '10.0.1.0/24', { az: 'us-east-1a' })
          .internetGateway('Igw')
          .interfaceEndpoint('Gwlbe', { service: 'com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0', subnets: ['Inspection'], type: 'GatewayLoadBalancer' })
          .routeTable('AppRt', { subnets: ['App'] }, (rt) => rt.route('0.0.0.0/0', { endpoint: 'Gwlbe' }))
          .instance('AppHost', { subnet: 'App', ip: '10.0.1.10' }),
      )
      .build();
  }

  it('RT-9 (docs/semantics.md): traffic routed to a Gateway Load Balancer endpoint ends with NO_PATH naming the endpoint', () => {
    const t = inspectedEgress();
    expect(() => validateTopology(t)).not.toThrow();
    const a = trace(t, { from: 'AppHost', to: '198.51.100.7', port: 443 });
    expectBlocked(a, 'NO_PATH', 'Gwlbe');
    expect(a.explanations[0]).toMatchObject({ type: 'AWS::EC2::VPCEndpoint', detail: 'Gateway Load Balancer endpoints are not modelled' });
  });
});
