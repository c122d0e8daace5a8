// Validation warnings for what deploys but does not work or will not deploy (issue 11 §2):
// - "Amazon VPC quotas": 20 rules per network ACL per direction, 60 inbound / 60 outbound rules per security
//   group, 5 security groups per network interface, 50 routes per route table (defaults); tables far past any
//   quota (1,000 ACL entries, 1,000 group rules per direction, 10,000 routes) are refused before simulating.
// - routing loops ("Example routing options", middlebox routing: the appliance's subnet must route onwards);
// - "NAT gateways": a public NAT gateway is created in a public subnet, one that routes to an internet gateway.
import { describe, expect, it } from 'vitest';
import { topology } from '../../src/builder/index.js';
import type { NetworkAclBuilder } from '../../src/builder/network-acl.js';
import type { SecurityGroupBuilder } from '../../src/builder/security-group.js';
import type { RouteTableBuilder } from '../../src/builder/route-table.js';
import { InputError } from '../../src/model/errors.js';
import type { Topology } from '../../src/model/types.js';
import { collectWarnings, validateTopology } from '../../src/model/validate.js';
import { runCli } from '../helpers/cli.js';
import { natLabVpc } from '../helpers/vpc-layouts.js';

function oneVpc(opts: { acl?: (a: NetworkAclBuilder) => void; sg?: (g: SecurityGroupBuilder) => void; rt?: (r: RouteTableBuilder) => void; sgCount?: number } = {}): Topology {
  return topology({ region: 'us-east-1' })
    .vpc('Vpc', '10.0.0.0/16', (v) => {
      v.subnet('A', '10.0.0.0/24').internetGateway('Igw');
      v.networkAcl('Acl', { subnets: ['A'] }, (a) => opts.acl?.(a));
      v.securityGroup('Sg', (g) => opts.sg?.(g));
      const groups = Array.from({ length: opts.sgCount ?? 1 }, (_, i) => `G${i}`);
      for (const g of groups) v.securityGroup(g);
      v.routeTable('Rt', { subnets: ['A'] }, (r) => {
        r.route('0.0.0.0/0', { igw: 'Igw' });
        opts.rt?.(r);
      });
      v.instance('Host', { subnet: 'A', ip: '10.0.0.10', sgs: groups });
    })
    .build();
}

const cidr = (i: number) => `10.${100 + Math.floor(i / 256)}.${i % 256}.0/24`;

describe('service quotas ("Amazon VPC quotas")', () => {
  it('at the default quota nothing is said; one over names the resource, the count and the quota', () => {
    const at = oneVpc({ acl: (a) => Array.from({ length: 20 }, (_, i) => a.ingress(i + 1, { action: 'allow', protocol: 'all', cidr: cidr(i) })) });
    expect(collectWarnings(at)).toEqual([]);
    const over = oneVpc({ acl: (a) => Array.from({ length: 21 }, (_, i) => a.ingress(i + 1, { action: 'allow', protocol: 'all', cidr: cidr(i) })) });
    expect(collectWarnings(over)).toEqual([`NetworkAcl 'Acl': 21 inbound IPv4 rules, over the default quota of 20 rules per network ACL per direction ("Amazon VPC quotas"; adjustable to 40)`]);
  });

  it('network ACL rules count per direction: 15 inbound and 15 outbound are within the quota', () => {
    const t = oneVpc({
      acl: (a) => {
        for (let i = 0; i < 15; i++) a.ingress(i + 1, { action: 'allow', protocol: 'all', cidr: cidr(i) }).egress(i + 1, { action: 'allow', protocol: 'all', cidr: cidr(i) });
      },
    });
    expect(collectWarnings(t)).toEqual([]);
  });

  it('security group rules: 61 inbound', () => {
    const t = oneVpc({ sg: (g) => Array.from({ length: 61 }, (_, i) => g.ingress({ protocol: 'tcp', ports: 443, cidr: cidr(i) })) });
    expect(collectWarnings(t)).toEqual([`SecurityGroup 'Sg': 61 inbound IPv4 rules, over the default quota of 60 inbound rules per security group ("Amazon VPC quotas")`]);
  });

  it('security groups per network interface: 6', () => {
    expect(collectWarnings(oneVpc({ sgCount: 5 }))).toEqual([]);
    expect(collectWarnings(oneVpc({ sgCount: 6 }))).toEqual([`NetworkInterface 'Host.eth0': 6 security groups, over the default quota of 5 per network interface ("Amazon VPC quotas"; adjustable to 16)`]);
  });

  it('routes per route table: 51 (the local route is not counted)', () => {
    const t = oneVpc({ rt: (r) => Array.from({ length: 50 }, (_, i) => r.route(`172.16.${i}.0/24`, { igw: 'Igw' })) });
    expect(collectWarnings(t)).toEqual([`RouteTable 'Rt': 51 IPv4 routes, over the default quota of 50 routes per route table ("Amazon VPC quotas")`]);
  });

  it('a table past any quota is an error naming it, its size and the quota', () => {
    const t = oneVpc({ acl: (a) => Array.from({ length: 1001 }, (_, i) => a.ingress(i + 1, { action: 'allow', protocol: 'all', cidr: cidr(i) })) });
    expect(() => validateTopology(t)).toThrow(InputError);
    expect(() => validateTopology(t)).toThrow(/^NetworkAcl 'Acl': 1001 entries: far beyond the quota of 20 rules per direction/);
    t.networkAcls.find((a) => a.logicalId === 'Acl')!.entries.pop();
    expect(() => validateTopology(t)).not.toThrow();
  });
});

describe('routing that cannot work', () => {
  /** A NAT gateway in the public subnet; the private subnet routes to it; `publicDefault` is where the public subnet sends 0.0.0.0/0. */
  function natLab(publicDefault: 'igw' | 'nat' | 'none'): Topology {
    return topology({ region: 'us-east-1' })
      .vpc('Vpc', '10.0.0.0/16', (v) => natLabVpc(v, publicDefault))
      .build();
  }

  it('a NAT gateway in a public subnet: nothing to say', () => {
    expect(collectWarnings(natLab('igw'))).toEqual([]);
  });

  it("a NAT gateway whose own subnet routes 0.0.0.0/0 to it: a loop, and no route to an internet gateway", () => {
    const t = natLab('nat');
    const nat = t.natGateways[0]!.id;
    expect(collectWarnings(t)).toEqual([
      `RouteTable 'PublicRt': route 0.0.0.0/0 -> ${nat} is a routing loop: the target's subnet routes 0.0.0.0/0 back ('PublicRt' -> 'PublicRt'); packets for it go round until their hop limit`,
      `NatGateway 'Nat': subnet 'Public' has no route to an internet gateway (its route table 'PublicRt'): the traffic it translates cannot reach the internet (a public NAT gateway belongs in a public subnet)`,
    ]);
  });

  it('a NAT gateway in a subnet with no internet route: no loop, one warning', () => {
    expect(collectWarnings(natLab('none'))).toEqual([
      `NatGateway 'Nat': subnet 'Public' has no route to an internet gateway (its route table 'PublicRt'): the traffic it translates cannot reach the internet (a public NAT gateway belongs in a public subnet)`,
    ]);
  });

  it('two appliances whose subnets route to each other: one loop naming both tables', () => {
    const t = topology({ region: 'us-east-1' })
      .vpc('Vpc', '10.0.0.0/16', (v) =>
        v
          .subnet('A', '10.0.1.0/24')
          .subnet('B', '10.0.2.0/24')
          .instance('ApplianceA', { subnet: 'A', ip: '10.0.1.5', sourceDestCheck: false })
          .instance('ApplianceB', { subnet: 'B', ip: '10.0.2.5', sourceDestCheck: false })
          .routeTable('RtA', { subnets: ['A'] }, (r) => r.route('192.168.0.0/16', { instance: 'ApplianceB' }))
          .routeTable('RtB', { subnets: ['B'] }, (r) => r.route('192.168.0.0/16', { instance: 'ApplianceA' })),
      )
      .build();
    const b = t.instances.find((i) => i.logicalId === 'ApplianceB')!.id;
    expect(collectWarnings(t)).toEqual([
      `RouteTable 'RtA': route 192.168.0.0/16 -> ${b} is a routing loop: the target's subnet routes 192.168.0.0/16 back ('RtA' -> 'RtB' -> 'RtA'); packets for it go round until their hop limit`,
    ]);
  });

  it('vpcsim validate prints the warnings and still exits 0', async () => {
    const { writeFileSync, mkdtempSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const { toCloudFormation } = await import('../../src/generate/cloudformation/index.js');
    const file = join(mkdtempSync(join(tmpdir(), 'vpcsim-loop-')), 'loop.yaml');
    writeFileSync(file, toCloudFormation(natLab('nat')));
    const r = await runCli('validate', file);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^warning: .*RouteTable 'PublicRt': route 0\.0\.0\.0\/0 -> .* is a routing loop/m);
    expect(r.stdout).toMatch(/\(2 warnings\)\n$/);
  });
});
