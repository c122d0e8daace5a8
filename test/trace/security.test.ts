// Security exam questions from the course notes: security groups vs network ACLs, ephemeral ports,
// denying a malicious range. Each test names the SEMANTICS.md rule it checks.
import { describe, expect, it } from 'vitest';
import { topology } from '../../src/builder/index.js';
import type { NetworkAclBuilder } from '../../src/builder/network-acl.js';
import type { Topology } from '../../src/model/types.js';
import { expectBlocked, expectReachable, trace } from './helpers.js';

/** A public web server whose subnet has the custom network ACL `acl` and whose group is `WebSg`. */
function webWith(acl: (a: NetworkAclBuilder) => void, sg?: Parameters<ReturnType<typeof topology>['vpc']>[2]): Topology {
  return topology({ region: 'us-east-1' })
    .vpc('Vpc', '10.0.0.0/16', (v) => {
      v.subnet('Public', '10.0.1.0/24', { az: 'us-east-1a', public: true })
        .internetGateway('Igw')
        .routeTable('PublicRt', { subnets: ['Public'] }, (rt) => rt.route('0.0.0.0/0', { igw: 'Igw' }))
        .networkAcl('WebNacl', { subnets: ['Public'] }, acl)
        .securityGroup('WebSg', (g) => g.ingress({ protocol: 'tcp', ports: 80, cidr: '0.0.0.0/0' }).ingress({ protocol: 'icmp', icmp: { type: 8 }, cidr: '0.0.0.0/0' }))
        .instance('Web', { subnet: 'Public', ip: '10.0.1.10', sgs: ['WebSg'] });
      sg?.(v);
    })
    .build();
}

const openAcl = (a: NetworkAclBuilder) =>
  a.ingress(100, { action: 'allow', protocol: 'all', cidr: '0.0.0.0/0' }).egress(100, { action: 'allow', protocol: 'all', cidr: '0.0.0.0/0' });

describe('network ACLs (NACL-*)', () => {
  it('NACL-5: a deny rule numbered before the allow blocks the malicious range, and only it', () => {
    const t = webWith((a) =>
      a
        .ingress(90, { action: 'deny', protocol: 'all', cidr: '198.51.100.0/24' })
        .ingress(100, { action: 'allow', protocol: 'all', cidr: '0.0.0.0/0' })
        .egress(100, { action: 'allow', protocol: 'all', cidr: '0.0.0.0/0' }),
    );
    const bad = trace(t, { from: '198.51.100.7', to: 'Web', port: 80 });
    expectBlocked(bad, 'SUBNET_ACL_RESTRICTION', 'WebNacl');
    expect(bad.explanations[0]!.detail).toMatch(/inbound .*rule 90 denies all traffic from 198\.51\.100\.0\/24/);
    expect(bad.forwardPath.at(-1)!.rule).toBe('90');
    expectReachable(trace(t, { from: '203.0.113.7', to: 'Web', port: 80 }));
  });

  it('NACL-5: the first matching rule decides, so an allow numbered before a deny wins', () => {
    const t = webWith((a) =>
      a
        .ingress(80, { action: 'allow', protocol: 'tcp', ports: 80, cidr: '0.0.0.0/0' })
        .ingress(90, { action: 'deny', protocol: 'all', cidr: '198.51.100.0/24' })
        .egress(100, { action: 'allow', protocol: 'all', cidr: '0.0.0.0/0' }),
    );
    expectReachable(trace(t, { from: '198.51.100.7', to: 'Web', port: 80 }));
  });

  it('NACL-5: no matching rule means the * rule denies', () => {
    const t = webWith((a) => a.ingress(100, { action: 'allow', protocol: 'tcp', ports: 443, cidr: '0.0.0.0/0' }).egress(100, { action: 'allow', protocol: 'all', cidr: '0.0.0.0/0' }));
    const a = trace(t, { from: '203.0.113.7', to: 'Web', port: 80 });
    expectBlocked(a, 'SUBNET_ACL_RESTRICTION', 'WebNacl');
    expect(a.forwardPath.at(-1)!.rule).toBe('*');
  });

  it('NACL-3: a custom network ACL without entries denies everything', () => {
    expectBlocked(trace(webWith(() => {}), { from: '203.0.113.7', to: 'Web', port: 80 }), 'SUBNET_ACL_RESTRICTION', 'WebNacl');
  });

  it('NACL-8: NACLs are stateless, the response needs an outbound rule for the client ephemeral port', () => {
    const t = webWith((a) => a.ingress(100, { action: 'allow', protocol: 'tcp', ports: 80, cidr: '0.0.0.0/0' }).egress(100, { action: 'allow', protocol: 'tcp', ports: 80, cidr: '0.0.0.0/0' }));
    const a = trace(t, { from: '203.0.113.7', to: 'Web', port: 80, sourcePort: 50000 });
    expectBlocked(a, 'SUBNET_ACL_RESTRICTION', 'WebNacl', 'response');
    expect(a.forwardPath.at(-1)!.kind).toBe('NETWORK_INTERFACE');
  });

  it('TRACE-4 / NACL-9: with no source port, the answer lists the source ports the ephemeral rule lets back', () => {
    const t = webWith((a) =>
      a.ingress(100, { action: 'allow', protocol: 'tcp', ports: 80, cidr: '0.0.0.0/0' }).egress(100, { action: 'allow', protocol: 'tcp', ports: [32768, 60999], cidr: '0.0.0.0/0' }),
    );
    const a = trace(t, { from: '203.0.113.7', to: 'Web', port: 80 });
    expectReachable(a);
    expect(a.sourcePorts).toEqual([{ from: 32768, to: 60999 }]);
    const windows = trace(t, { from: '203.0.113.7', to: 'Web', port: 80, sourcePort: 61000 });
    expectBlocked(windows, 'SUBNET_ACL_RESTRICTION', 'WebNacl', 'response');
  });

  it('TRACE-4: when every source port works, no sourcePorts list is given', () => {
    const a = trace(webWith(openAcl), { from: '203.0.113.7', to: 'Web', port: 80 });
    expectReachable(a);
    expect(a.sourcePorts).toBeUndefined();
  });

  it('NACL-6: an IPv6 entry does not match IPv4 traffic', () => {
    const t = webWith((a) => a.ingress(100, { action: 'allow', protocol: 'all', cidr: '::/0' }).egress(100, { action: 'allow', protocol: 'all', cidr: '0.0.0.0/0' }));
    expectBlocked(trace(t, { from: '203.0.113.7', to: 'Web', port: 80 }), 'SUBNET_ACL_RESTRICTION', 'WebNacl');
  });

  it('NACL-7 / TRACE-3: an ICMP rule for echo request only does not let the echo reply back', () => {
    const t = webWith((a) =>
      a.ingress(100, { action: 'allow', protocol: 'icmp', icmp: { type: 8 }, cidr: '0.0.0.0/0' }).egress(100, { action: 'allow', protocol: 'icmp', icmp: { type: 8 }, cidr: '0.0.0.0/0' }),
    );
    expectBlocked(trace(t, { from: '203.0.113.7', to: 'Web', protocol: 'icmp' }), 'SUBNET_ACL_RESTRICTION', 'WebNacl', 'response');
    const echoReply = webWith((a) =>
      a.ingress(100, { action: 'allow', protocol: 'icmp', icmp: { type: 8 }, cidr: '0.0.0.0/0' }).egress(100, { action: 'allow', protocol: 'icmp', icmp: { type: 0 }, cidr: '0.0.0.0/0' }),
    );
    expectReachable(trace(echoReply, { from: '203.0.113.7', to: 'Web', protocol: 'icmp' }));
  });
});

describe('security groups (SG-*)', () => {
  it('SG-1: a packet passes if any rule of any group on the ENI allows it (union)', () => {
    const t = topology({ region: 'us-east-1' })
      .vpc('Vpc', '10.0.0.0/16', (v) =>
        v
          .subnet('A', '10.0.1.0/24')
          .securityGroup('Ssh', (g) => g.ingress({ protocol: 'tcp', ports: 22, cidr: '10.0.0.0/16' }))
          .securityGroup('Http', (g) => g.ingress({ protocol: 'tcp', ports: 80, cidr: '10.0.0.0/16' }))
          .instance('Client', { subnet: 'A' })
          .instance('Server', { subnet: 'A', sgs: ['Ssh', 'Http'] }),
      )
      .build();
    expectReachable(trace(t, { from: 'Client', to: 'Server', port: 22 }));
    expectReachable(trace(t, { from: 'Client', to: 'Server', port: 80 }));
    expectBlocked(trace(t, { from: 'Client', to: 'Server', port: 443 }), 'ENI_SG_RULES_MISMATCH', 'Server');
  });

  it('SG-7: a group with no outbound rules still answers inbound connections (stateful), but cannot start one', () => {
    const t = topology({ region: 'us-east-1' })
      .vpc('Vpc', '10.0.0.0/16', (v) =>
        v
          .subnet('A', '10.0.1.0/24')
          .securityGroup('Locked', (g) => g.ingress({ protocol: 'tcp', ports: 443, cidr: '10.0.0.0/16' }))
          .instance('Client', { subnet: 'A' })
          .instance('Server', { subnet: 'A', sgs: ['Locked'] }),
      )
      .build();
    // SG-10: a new group starts with allow-all egress; revoking it leaves the group with no outbound rules.
    t.securityGroups.find((g) => g.logicalId === 'Locked')!.egress = [];
    expectReachable(trace(t, { from: 'Client', to: 'Server', port: 443 }));
    expectBlocked(trace(t, { from: 'Server', to: 'Client', port: 443 }), 'SG_HAS_NO_RULES', 'Locked');
  });

  it('SG-4: a security-group peer never matches the public IPv4 a packet arrives from', () => {
    const t = topology({ region: 'us-east-1' })
      .vpc('Vpc', '10.0.0.0/16', (v) =>
        v
          .subnet('Public', '10.0.1.0/24', { public: true })
          .internetGateway('Igw')
          .routeTable('Rt', { subnets: ['Public'] }, (rt) => rt.route('0.0.0.0/0', { igw: 'Igw' }))
          .securityGroup('ClientSg')
          .securityGroup('ServerSg', (g) => g.ingress({ protocol: 'tcp', ports: 443, sg: 'ClientSg' }))
          .instance('Client', { subnet: 'Public', sgs: ['ClientSg'] })
          .instance('Server', { subnet: 'Public', sgs: ['ServerSg'] }),
      )
      .build();
    expectReachable(trace(t, { from: 'Client', to: 'Server', port: 443 }));
    const server = t.networkInterfaces.find((e) => e.ownerId === t.instances.find((i) => i.logicalId === 'Server')!.id)!;
    const viaPublic = trace(t, { from: 'Client', to: server.privateIps[0]!.publicIp!.text, port: 443 });
    expectBlocked(viaPublic, 'ENI_SG_RULES_MISMATCH', 'ServerSg');
  });

  it('CHOICE --protocol all: only rules that allow every protocol let "all traffic" through', () => {
    expectBlocked(trace(webWith(openAcl), { from: '203.0.113.7', to: 'Web', protocol: 'all' }), 'ENI_SG_RULES_MISMATCH', 'WebSg');
    const open = webWith(openAcl, (v) => v.securityGroup('AllSg', (g) => g.ingress({ protocol: 'all', cidr: '0.0.0.0/0' })));
    open.networkInterfaces.find((e) => e.kind === 'instance')!.securityGroupIds.push(open.securityGroups.find((g) => g.logicalId === 'AllSg')!.id);
    expectReachable(trace(open, { from: '203.0.113.7', to: 'Web', protocol: 'all' }));
  });
});
