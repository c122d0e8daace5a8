// The VPC lab of the course notes: a public subnet with an internet gateway and a bastion host, a
// private subnet behind a NAT gateway. Each test names the SEMANTICS.md rule it checks.
import { describe, expect, it } from 'vitest';
import { topology } from '../../src/builder/index.js';
import type { Topology } from '../../src/model/types.js';
import { components, expectBlocked, expectReachable, trace } from './helpers.js';

type Tweak = { natState?: 'available' | 'failed'; publicRoute?: boolean; publicAclDenyPrivate?: boolean };

function lab(tweak: Tweak = {}): Topology {
  return topology({ region: 'us-east-1' })
    .vpc('Lab', '10.0.0.0/16', (v) => {
      v.subnet('Public', '10.0.1.0/24', { az: 'us-east-1a', public: true })
        .subnet('Private', '10.0.2.0/24', { az: 'us-east-1a' })
        .subnet('Isolated', '10.0.3.0/24', { az: 'us-east-1a' })
        .internetGateway('Igw')
        .natGateway('Nat', { subnet: 'Public', state: tweak.natState ?? 'available' })
        .routeTable('PublicRt', { subnets: ['Public'] }, (rt) => {
          if (tweak.publicRoute !== false) rt.route('0.0.0.0/0', { igw: 'Igw' });
        })
        .routeTable('PrivateRt', { subnets: ['Private'] }, (rt) => rt.route('0.0.0.0/0', { nat: 'Nat' }))
        // Isolated has no explicit association: the main route table (RT-1), which has only local routes.
        .securityGroup('BastionSg', (sg) => sg.ingress({ protocol: 'tcp', ports: 22, cidr: '203.0.113.0/24' }))
        .securityGroup('AppSg', (sg) => sg.ingress({ protocol: 'tcp', ports: 22, sg: 'BastionSg' }))
        .instance('Bastion', { subnet: 'Public', ip: '10.0.1.10', sgs: ['BastionSg'] })
        .instance('Web', { subnet: 'Public', ip: '10.0.1.11', publicIp: false, sgs: ['BastionSg'] })
        .instance('App', { subnet: 'Private', ip: '10.0.2.10', sgs: ['AppSg'] })
        .instance('Db', { subnet: 'Isolated', ip: '10.0.3.10', sgs: ['AppSg'] });
      if (tweak.publicAclDenyPrivate) {
        // GW-12: the NAT subnet's NACL also applies to traffic into the NAT gateway.
        v.networkAcl('PublicAcl', { subnets: ['Public'] }, (acl) =>
          acl
            .ingress(50, { action: 'deny', protocol: 'all', cidr: '10.0.2.0/24' })
            .ingress(100, { action: 'allow', protocol: 'all', cidr: '0.0.0.0/0' })
            .egress(100, { action: 'allow', protocol: 'all', cidr: '0.0.0.0/0' }),
        );
      }
    })
    .build();
}

describe('VPC lab: internet gateway (GW-2..4)', () => {
  it('GW-3: an admin reaches the bastion on its public IPv4; the IGW maps it to the private IP and back', () => {
    const a = trace(lab(), { from: '203.0.113.25', to: 'Bastion', port: 22 });
    expectReachable(a);
    expect(a.forwardPath[0]).toMatchObject({ kind: 'INTERNET_GATEWAY', component: 'Igw' });
    expect(a.forwardPath.at(-1)!.packet.dst).toBe('10.0.1.10');
    const back = a.returnPath.find((h) => h.kind === 'INTERNET_GATEWAY')!;
    expect(back.packet.src).toBe(a.query.destination);
  });

  it('SG-2: the bastion security group admits SSH only from the admin CIDR', () => {
    const a = trace(lab(), { from: '198.51.100.7', to: 'Bastion', port: 22 });
    expectBlocked(a, 'ENI_SG_RULES_MISMATCH', 'BastionSg');
  });

  it('GW-4: an instance without a public IPv4 cannot be reached from the internet', () => {
    expectBlocked(trace(lab(), { from: '203.0.113.25', to: 'Web', port: 22 }), 'IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS', 'Igw');
    expectBlocked(trace(lab(), { from: '203.0.113.25', to: 'App', port: 22 }), 'IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS', 'Igw');
  });

  it('GW-2: an instance without a public IPv4 cannot use the IGW even with a route to it', () => {
    expectBlocked(trace(lab(), { from: 'Web', to: '198.51.100.7', port: 443 }), 'IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS', 'Igw');
  });

  it('GW-2: with a public IPv4 the same egress works', () => {
    expectReachable(trace(lab(), { from: 'Bastion', to: '198.51.100.7', port: 443 }));
  });

  it('GW-6: the IGW does not carry traffic to RFC 1918 destinations', () => {
    expectBlocked(trace(lab(), { from: 'Bastion', to: '192.168.1.1', port: 443 }), 'IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS', 'Igw');
  });
});

describe('VPC lab: bastion and private subnet (SG-3, SG-7, RT-1)', () => {
  it('SG-3: the app security group admits SSH from members of the bastion group', () => {
    const a = trace(lab(), { from: 'Bastion', to: 'App', port: 22 });
    expectReachable(a);
    expect(a.forwardPath.find((h) => h.kind === 'SECURITY_GROUP_INGRESS')!.action).toMatch(/security group BastionSg/);
  });

  it('SG-7: the response is allowed by connection tracking although AppSg has no rule for it', () => {
    const a = trace(lab(), { from: 'Bastion', to: 'App', port: 22 });
    expect(a.returnPath.filter((h) => h.kind.startsWith('SECURITY_GROUP')).map((h) => h.action)).toEqual([
      expect.stringMatching(/tracked connection/),
      expect.stringMatching(/tracked connection/),
    ]);
  });

  it('SG-3: an instance outside the bastion group is refused', () => {
    expectBlocked(trace(lab(), { from: 'App', to: 'Db', port: 22 }), 'ENI_SG_RULES_MISMATCH', 'AppSg');
  });

  it('RT-1: a subnet without an explicit association uses the main route table (local routes only)', () => {
    const a = trace(lab(), { from: 'Db', to: '198.51.100.7', port: 443 });
    expectBlocked(a, 'NO_ROUTE_TO_DESTINATION', 'Lab.MainRouteTable');
  });
});

describe('VPC lab: NAT gateway (GW-7..12)', () => {
  it('GW-8: private egress goes through the NAT gateway, which rewrites the source to its own address', () => {
    const a = trace(lab(), { from: 'App', to: '198.51.100.7', port: 443 });
    expectReachable(a);
    expect(components(a.forwardPath)).toEqual(expect.arrayContaining(['PrivateRt', 'Nat', 'PublicRt', 'Igw']));
    const nat = a.forwardPath.find((h) => h.kind === 'NAT_GATEWAY')!;
    expect(nat.info).toContain('NGW_SOURCE_ADDRESS_REASSIGN');
    expect(nat.packet.src).not.toBe('10.0.2.10');
    // The reply is translated back to the app server.
    expect(a.returnPath.at(-1)!.packet.dst).toBe('10.0.2.10');
  });

  it('GW-8 CHOICE: the NAT gateway keeps a source port in 1024-65535 and remaps one below 1024', () => {
    const kept = trace(lab(), { from: 'App', to: '198.51.100.7', port: 443, sourcePort: 40000 });
    expect(kept.forwardPath.find((h) => h.kind === 'NAT_GATEWAY')!.packet.srcPort).toBe(40000);
    const low = trace(lab(), { from: 'App', to: '198.51.100.7', port: 443, sourcePort: 123 });
    expectReachable(low);
    const nat = low.forwardPath.find((h) => h.kind === 'NAT_GATEWAY')!;
    expect(nat.packet.srcPort).toBe(1147);
    expect(nat.info).toContain('REMAP_EPHEMERAL_PORT');
  });

  it('GW-9: unsolicited traffic to the NAT gateway Elastic IP is dropped', () => {
    const t = lab();
    const eip = t.natGateways[0]!.publicIp!.text;
    expectBlocked(trace(t, { from: '198.51.100.7', to: eip, port: 443 }), 'VPCSIM_NGW_UNSOLICITED_INBOUND', 'Nat');
  });

  it('GW-7: without 0.0.0.0/0 -> igw in the NAT subnet route table there is no internet egress', () => {
    expectBlocked(trace(lab({ publicRoute: false }), { from: 'App', to: '198.51.100.7', port: 443 }), 'NO_ROUTE_TO_DESTINATION', 'PublicRt');
  });

  it('GW-10: NAT gateways carry TCP, UDP and ICMP only', () => {
    expectBlocked(trace(lab(), { from: 'App', to: '198.51.100.7', protocol: 47 }), 'PROTOCOL_RESTRICTION', 'Nat');
    expectReachable(trace(lab(), { from: 'App', to: '198.51.100.7', protocol: 'icmp' }));
  });

  it('GW-12: the NAT subnet network ACL applies to traffic entering the NAT gateway', () => {
    const a = trace(lab({ publicAclDenyPrivate: true }), { from: 'App', to: '198.51.100.7', port: 443 });
    expectBlocked(a, 'SUBNET_ACL_RESTRICTION', 'PublicAcl');
    expect(a.explanations[0]!.detail).toMatch(/rule 50 denies/);
  });

  it('MC-4: traffic through a failed NAT gateway is dropped with BAD_STATE', () => {
    expectBlocked(trace(lab({ natState: 'failed' }), { from: 'App', to: '198.51.100.7', port: 443 }), 'BAD_STATE', 'Nat');
  });

  it('TRACE-12: a destination that is down in the scenario is BAD_STATE', () => {
    const t = lab();
    const app = t.instances.find((i) => i.logicalId === 'App')!;
    expectBlocked(trace(t, { from: 'Bastion', to: 'App', port: 22, down: [app.id] }), 'BAD_STATE', 'App');
  });
});
