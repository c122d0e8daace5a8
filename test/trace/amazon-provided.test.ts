// NACL-12: network ACLs and security groups do not filter traffic between an instance and the Amazon
// DNS server (VPC base + 2, 169.254.169.253), instance metadata (169.254.169.254) and Amazon Time Sync
// (169.254.169.123). Expected addresses come from the rule: the VPC here is 10.0.0.0/16, so its DNS
// server is 10.0.0.2.
import { describe, expect, it } from 'vitest';
import { topology } from '../../src/builder/index.js';
import type { Topology } from '../../src/model/types.js';
import { expectBlocked, expectReachable, trace } from './helpers.js';

/** An instance locked down as far as rules go: a NACL with no entries (NACL-3) and a group with no rules. */
function lockedDown(): Topology {
  const t = topology({ region: 'us-east-1' })
    .vpc('Vpc', '10.0.0.0/16', (v) =>
      v
        .subnet('Private', '10.0.1.0/24')
        .networkAcl('DenyAll', { subnets: ['Private'] })
        .securityGroup('NoRules')
        .instance('App', { subnet: 'Private', ip: '10.0.1.10', sgs: ['NoRules'] })
        .instance('Peer', { subnet: 'Private', ip: '10.0.1.11', sgs: ['NoRules'] }),
    )
    .vpc('Other', '10.2.0.0/16', (v) => v.subnet('OtherSubnet', '10.2.1.0/24').instance('OtherHost', { subnet: 'OtherSubnet' }))
    .build();
  // SG-10: a new group starts with allow-all egress; revoke it so no rule allows anything.
  t.securityGroups.find((g) => g.logicalId === 'NoRules')!.egress = [];
  return t;
}

describe('Amazon-provided services (NACL-12)', () => {
  const services: Array<[string, string, 'udp' | 'tcp', number]> = [
    ['Amazon DNS server (VPC base + 2)', '10.0.0.2', 'udp', 53],
    ['Amazon DNS server (link-local)', '169.254.169.253', 'udp', 53],
    ['instance metadata', '169.254.169.254', 'tcp', 80],
    ['Amazon Time Sync', '169.254.169.123', 'udp', 123],
  ];
  for (const [name, address, protocol, port] of services) {
    it(`NACL-12: the ${name} at ${address} is reachable though every NACL and SG rule would deny`, () => {
      const a = trace(lockedDown(), { from: 'App', to: address, protocol, port });
      expectReachable(a);
      const kinds = [...a.forwardPath, ...a.returnPath].map((h) => h.kind);
      // Not filtered: no security group, network ACL or route table is consulted either way.
      expect(kinds.filter((k) => /SECURITY_GROUP|NETWORK_ACL|ROUTE_TABLE/.test(k))).toEqual([]);
      expect(a.forwardPath.map((h) => h.kind)).toEqual(['AWS_SERVICE']);
      expect(a.returnPath.map((h) => h.kind)).toEqual(['AWS_SERVICE', 'NETWORK_INTERFACE']);
      expect(a.returnPath.at(-1)!.component).toBe('App');
    });
  }

  it('NACL-12: the same rules do block an ordinary neighbour, so the services are the exception', () => {
    expectBlocked(trace(lockedDown(), { from: 'App', to: 'Peer', protocol: 'udp', port: 53 }), 'SG_HAS_NO_RULES', 'NoRules');
  });

  it('NACL-12: only the instance\'s own VPC base + 2 is its DNS server; another VPC\'s base + 2 is an ordinary address', () => {
    // 10.2.0.2 is Other's DNS address; from App it is routed like any address and no route leads there.
    expectBlocked(trace(lockedDown(), { from: 'App', to: '10.2.0.2', protocol: 'udp', port: 53 }), 'SG_HAS_NO_RULES', 'NoRules');
    const open = lockedDown();
    open.securityGroups.find((g) => g.logicalId === 'NoRules')!.egress = [{ protocol: -1, fromPort: -1, toPort: -1, peer: { kind: 'cidr', prefix: open.vpcs[1]!.cidrBlocks[0]! } }];
    expectBlocked(trace(open, { from: 'App', to: '10.2.0.2', protocol: 'udp', port: 53 }), 'NO_ROUTE_TO_DESTINATION');
  });
});
