// IPv6 from the course notes: an egress-only internet gateway gives private IPv6 subnets outbound
// access only; an internet gateway carries IPv6 both ways without translation.
import { describe, expect, it } from 'vitest';
import { topology } from '../../src/builder/index.js';
import type { Topology } from '../../src/model/types.js';
import { expectBlocked, expectReachable, trace } from './helpers.js';

const INTERNET_V6 = '2001:db8:ffff::10';

function dualStack(): Topology {
  return topology({ region: 'us-east-1' })
    .vpc('Vpc', '10.0.0.0/16', (v) =>
      v
        .ipv6Cidr('2600:1f18:1234:5600::/56')
        .subnet('Public', '10.0.1.0/24', { ipv6: '2600:1f18:1234:5601::/64' })
        .subnet('Private', '10.0.2.0/24', { ipv6: '2600:1f18:1234:5602::/64' })
        .internetGateway('Igw')
        .egressOnlyInternetGateway('Eigw')
        .routeTable('PublicRt', { subnets: ['Public'] }, (rt) => rt.route('::/0', { igw: 'Igw' }))
        .routeTable('PrivateRt', { subnets: ['Private'] }, (rt) => rt.route('::/0', { eigw: 'Eigw' }))
        .securityGroup('OpenSg', (g) => g.ingress({ protocol: 'tcp', ports: 443, cidr: '::/0' }))
        .instance('Web', { subnet: 'Public', ipv6: ['2600:1f18:1234:5601::10'], sgs: ['OpenSg'] })
        .instance('Worker', { subnet: 'Private', ipv6: ['2600:1f18:1234:5602::10'], sgs: ['OpenSg'] }),
    )
    .build();
}

describe('IPv6 through internet gateways (GW-5, GW-16)', () => {
  it('GW-16: a private IPv6 subnet reaches the internet through the egress-only gateway, and the reply comes back', () => {
    const a = trace(dualStack(), { from: '2600:1f18:1234:5602::10', to: INTERNET_V6, port: 443 });
    expectReachable(a);
    expect(a.forwardPath.some((h) => h.kind === 'EGRESS_ONLY_INTERNET_GATEWAY')).toBe(true);
    expect(a.returnPath[0]).toMatchObject({ kind: 'EGRESS_ONLY_INTERNET_GATEWAY', component: 'Eigw' });
  });

  it('GW-16: inbound-initiated IPv6 traffic through the egress-only gateway is dropped', () => {
    const t = dualStack();
    // The VPC's IGW must not offer another way in for this test.
    t.internetGateways = [];
    expectBlocked(trace(t, { from: INTERNET_V6, to: '2600:1f18:1234:5602::10', port: 443 }), 'VPCSIM_EIGW_UNSOLICITED_INBOUND', 'Eigw');
  });

  it('GW-5: IPv6 through the internet gateway is not translated and works inbound', () => {
    const a = trace(dualStack(), { from: INTERNET_V6, to: '2600:1f18:1234:5601::10', port: 443 });
    expectReachable(a);
    expect(a.forwardPath.at(-1)!.packet.dst).toBe('2600:1f18:1234:5601::10');
  });

  it('C-2: a query never mixes IPv4 and IPv6', () => {
    expect(() => trace(dualStack(), { from: '10.0.1.5', to: INTERNET_V6, port: 443 })).toThrow(/IPv4 and IPv6/);
  });

  it('TRACE-2: a resource stands for its IPv6 address in an ICMPv6 query', () => {
    const a = trace(dualStack(), { from: 'Worker', to: INTERNET_V6, protocol: 'icmpv6' });
    expect(a.query.source).toBe('2600:1f18:1234:5602::10');
    expectReachable(a);
  });
});
