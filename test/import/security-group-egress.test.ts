// SG-10 and SG-11: the egress rules a security group ends up with after CloudFormation creates it,
// from "AWS::EC2::SecurityGroup (AWS CloudFormation Template Reference)": "When you specify a VPC
// security group, Amazon EC2 creates a default egress rule that allows egress traffic on all ports
// and IP protocols to any location. The default rule is removed only when you specify one or more
// egress rules." A standalone AWS::EC2::SecurityGroupEgress removes that default (aws-cdk issue #987
// "ASG Instance Security Group AllowOutbound Bug" and PR #998). Every trace is also asked of the
// engine (helpers.ts).
import { describe, expect, it } from 'vitest';
import { topology } from '../../src/builder/index.js';
import { toCloudFormation } from '../../src/generate/cloudformation/index.js';
import { importCloudFormation } from '../../src/import/cloudformation/index.js';
import { importSnapshot } from '../../src/import/snapshot/index.js';
import type { SecurityGroupRule, Topology } from '../../src/model/types.js';
import { expectBlocked, expectReachable, trace } from '../trace/helpers.js';

/** A public instance whose only group is `Sg` (declared by the test), behind an internet gateway. */
function template(sg: string): string {
  return `Resources:
  Vpc: { Type: AWS::EC2::VPC, Properties: { CidrBlock: 10.0.0.0/16 } }
  Igw: { Type: AWS::EC2::InternetGateway }
  Attach: { Type: AWS::EC2::VPCGatewayAttachment, Properties: { VpcId: !Ref Vpc, InternetGatewayId: !Ref Igw } }
  Public: { Type: AWS::EC2::Subnet, Properties: { VpcId: !Ref Vpc, CidrBlock: 10.0.1.0/24, AvailabilityZone: us-east-1a, MapPublicIpOnLaunch: true } }
  Rt: { Type: AWS::EC2::RouteTable, Properties: { VpcId: !Ref Vpc } }
  Default: { Type: AWS::EC2::Route, DependsOn: Attach, Properties: { RouteTableId: !Ref Rt, DestinationCidrBlock: 0.0.0.0/0, GatewayId: !Ref Igw } }
  Assoc: { Type: AWS::EC2::SubnetRouteTableAssociation, Properties: { RouteTableId: !Ref Rt, SubnetId: !Ref Public } }
  Web: { Type: AWS::EC2::Instance, Properties: { SubnetId: !Ref Public, SecurityGroupIds: [!Ref Sg] } }
${sg}`;
}

const load = (sg: string): Topology => importCloudFormation(template(sg), 't.yaml');
const ruleText = (r: SecurityGroupRule): string =>
  `${r.protocol} ${r.fromPort}..${r.toPort} ${r.peer.kind === 'cidr' ? r.peer.prefix.text : r.peer.kind === 'security-group' ? r.peer.groupId : r.peer.prefixListId}`;
const egressOf = (t: Topology, lid = 'Sg'): string[] => t.securityGroups.find((g) => g.logicalId === lid)!.egress.map(ruleText).sort();
const https = (t: Topology) => trace(t, { from: 'Web', to: '8.8.8.8', protocol: 'tcp', port: 443 });
const dns = (t: Topology) => trace(t, { from: 'Web', to: '8.8.8.8', protocol: 'udp', port: 53 });
const ALLOW_ALL = ['-1 -1..-1 0.0.0.0/0', '-1 -1..-1 ::/0'];

describe('SG-10: a group that lists no egress rule keeps the default allow-all egress', () => {
  it('SG-10: SecurityGroupEgress absent -> allow-all IPv4 and IPv6, the instance reaches the internet', () => {
    const t = load(`  Sg: { Type: AWS::EC2::SecurityGroup, Properties: { GroupDescription: d, VpcId: !Ref Vpc } }`);
    expect(egressOf(t)).toEqual(ALLOW_ALL);
    expectReachable(https(t));
  });

  it('SG-10: SecurityGroupEgress: [] specifies no rule, so the default stays (it is not "no egress")', () => {
    const t = load(`  Sg: { Type: AWS::EC2::SecurityGroup, Properties: { GroupDescription: d, VpcId: !Ref Vpc, SecurityGroupEgress: [] } }`);
    expect(egressOf(t)).toEqual(ALLOW_ALL);
    expectReachable(https(t));
  });

  it('SG-10: one listed egress rule replaces the default: exactly that rule', () => {
    const t = load(`  Sg: { Type: AWS::EC2::SecurityGroup, Properties: { GroupDescription: d, VpcId: !Ref Vpc, SecurityGroupEgress: [{ IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0 }] } }`);
    expect(egressOf(t)).toEqual(['6 443..443 0.0.0.0/0']);
    expectReachable(https(t));
    expectBlocked(dns(t), 'ENI_SG_RULES_MISMATCH', 'Sg');
  });

  it('SG-10: the rule that matches nothing (what AWS CDK writes for allowAllOutbound: false) leaves the group no egress', () => {
    const t = load(`  Sg:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: d
      VpcId: !Ref Vpc
      SecurityGroupEgress: [{ CidrIp: 255.255.255.255/32, Description: Disallow all traffic, FromPort: 252, IpProtocol: icmp, ToPort: 86 }]`);
    expect(egressOf(t)).toEqual([]);
    expectBlocked(https(t), 'SG_HAS_NO_RULES', 'Sg');
  });
});

describe('SG-11: a standalone AWS::EC2::SecurityGroupEgress removes the default allow-all rule', () => {
  const standalone = (name: string, rule: string) => `  ${name}: { Type: AWS::EC2::SecurityGroupEgress, Properties: { GroupId: !GetAtt Sg.GroupId, ${rule} } }\n`;

  it('SG-11: a group created without egress rules plus one standalone rule allows exactly that rule', () => {
    const t = load(`  Sg: { Type: AWS::EC2::SecurityGroup, Properties: { GroupDescription: d, VpcId: !Ref Vpc } }
${standalone('Https', 'IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0')}`);
    expect(egressOf(t)).toEqual(['6 443..443 0.0.0.0/0']);
    expectReachable(https(t));
    expectBlocked(dns(t), 'ENI_SG_RULES_MISMATCH', 'Sg');
  });

  it('SG-11: with SecurityGroupEgress: [] too (the default is still there until the standalone rule comes)', () => {
    const t = load(`  Sg: { Type: AWS::EC2::SecurityGroup, Properties: { GroupDescription: d, VpcId: !Ref Vpc, SecurityGroupEgress: [] } }
${standalone('Dns', 'IpProtocol: udp, FromPort: 53, ToPort: 53, CidrIp: 8.8.8.8/32')}`);
    expect(egressOf(t)).toEqual(['17 53..53 8.8.8.8/32']);
    expectReachable(dns(t));
    expectBlocked(https(t), 'ENI_SG_RULES_MISMATCH', 'Sg');
  });

  it('SG-11: several standalone rules all stay, whatever their order in the template', () => {
    const rules = [standalone('Https', 'IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0'), standalone('AllV4', 'IpProtocol: "-1", CidrIp: 0.0.0.0/0')];
    const sg = `  Sg: { Type: AWS::EC2::SecurityGroup, Properties: { GroupDescription: d, VpcId: !Ref Vpc } }\n`;
    const forward = load(sg + rules.join(''));
    const backward = load(sg + [...rules].reverse().join(''));
    expect(egressOf(forward)).toEqual(['-1 -1..-1 0.0.0.0/0', '6 443..443 0.0.0.0/0']);
    expect(egressOf(backward)).toEqual(egressOf(forward));
    expectReachable(dns(forward));
  });

  it('SG-11: an allow-all rule written inline (AWS CDK allowAllOutbound: true) is removed like the default (aws-cdk #987)', () => {
    const t = load(`  Sg:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: d
      VpcId: !Ref Vpc
      SecurityGroupEgress: [{ CidrIp: 0.0.0.0/0, Description: Allow all outbound traffic by default, IpProtocol: "-1" }, { IpProtocol: udp, FromPort: 53, ToPort: 53, CidrIp: 8.8.8.8/32 }]
${standalone('Https', 'IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0')}`);
    expect(egressOf(t)).toEqual(['17 53..53 8.8.8.8/32', '6 443..443 0.0.0.0/0']);
    expectReachable(dns(t));
    expectReachable(https(t));
    expectBlocked(trace(t, { from: 'Web', to: '8.8.8.8', protocol: 'tcp', port: 80 }), 'ENI_SG_RULES_MISMATCH', 'Sg');
  });

  it('SG-11: a group without inline rules and a standalone rule that matches nothing (CDK disableInlineRules) has no egress', () => {
    const t = load(`  Sg: { Type: AWS::EC2::SecurityGroup, Properties: { GroupDescription: d, VpcId: !Ref Vpc } }
${standalone('Nothing', 'CidrIp: 255.255.255.255/32, Description: Disallow all traffic, FromPort: 252, IpProtocol: icmp, ToPort: 86')}`);
    expect(egressOf(t)).toEqual([]);
    expectBlocked(https(t), 'SG_HAS_NO_RULES', 'Sg');
  });

  it('SG-11 on the VPC default security group: its allow-all egress goes too (the rule is the same rule)', () => {
    const t = importCloudFormation(
      template('').replace('SecurityGroupIds: [!Ref Sg]', 'SecurityGroupIds: [!GetAtt Vpc.DefaultSecurityGroup]') +
        `  Https: { Type: AWS::EC2::SecurityGroupEgress, Properties: { GroupId: !GetAtt Vpc.DefaultSecurityGroup, IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0 } }\n`,
      't.yaml',
    );
    expect(t.securityGroups.find((g) => g.isDefault)!.egress.map(ruleText)).toEqual(['6 443..443 0.0.0.0/0']);
    expectReachable(https(t));
    expectBlocked(dns(t), 'ENI_SG_RULES_MISMATCH');
  });
});

describe('the CloudFormation writer says "no egress" as AWS users do, so the template keeps its meaning', () => {
  const build = (rules: (sg: import('../../src/builder/security-group.js').SecurityGroupBuilder) => void) =>
    topology({ region: 'us-east-1' })
      .vpc('Vpc', '10.0.0.0/16', (v) => v.subnet('A', '10.0.1.0/24', { az: 'us-east-1a' }).securityGroup('Other').securityGroup('Sg', rules).instance('Web', { subnet: 'A', sgs: ['Sg'] }))
      .build();
  const sgProps = (text: string, lid = 'Sg') => {
    const doc = JSON.parse(text) as { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };
    return { group: doc.Resources[lid]!.Properties, standalone: Object.values(doc.Resources).filter((r) => r.Type === 'AWS::EC2::SecurityGroupEgress') };
  };

  it('SG-10: a group with no egress is written with the rule that matches nothing, never with SecurityGroupEgress: []', () => {
    const t = build((sg) => sg.noEgress());
    expect(egressOf(t)).toEqual([]);
    const text = toCloudFormation(t, { format: 'json' });
    expect(sgProps(text).group.SecurityGroupEgress).toEqual([{ IpProtocol: 'icmp', FromPort: 252, ToPort: 86, CidrIp: '255.255.255.255/32', Description: 'Disallow all traffic' }]);
    expect(egressOf(importCloudFormation(text, 'gen.json'))).toEqual([]);
  });

  it('SG-10/SG-11: only group-referencing egress: the inline list is the rule that matches nothing, the references standalone', () => {
    const t = build((sg) => sg.egress({ protocol: 'tcp', ports: 5432, sg: 'Other' }));
    const text = toCloudFormation(t, { format: 'json' });
    const { group, standalone } = sgProps(text);
    expect(group.SecurityGroupEgress).toEqual([expect.objectContaining({ CidrIp: '255.255.255.255/32', FromPort: 252, ToPort: 86 })]);
    expect(standalone).toHaveLength(1);
    expect(egressOf(importCloudFormation(text, 'gen.json'))).toEqual(egressOf(t));
  });

  it('SG-11: allow-all next to a group reference is written standalone too, so the reference does not remove it', () => {
    const t = build((sg) => sg.egress({ protocol: 'all', cidr: '0.0.0.0/0' }).egress({ protocol: 'tcp', ports: 5432, sg: 'Other' }));
    const text = toCloudFormation(t, { format: 'json' });
    expect(sgProps(text).standalone).toHaveLength(2);
    const back = importCloudFormation(text, 'gen.json');
    expect(egressOf(back)).toEqual(egressOf(t));
    expect(egressOf(back)).toContain('-1 -1..-1 0.0.0.0/0');
  });

  it('a group with the default egress is written without SecurityGroupEgress', () => {
    const t = build(() => undefined);
    expect(sgProps(toCloudFormation(t, { format: 'json' })).group).not.toHaveProperty('SecurityGroupEgress');
  });
});

describe('snapshots: describe-security-groups with the rule that matches nothing', () => {
  it('the CDK rule in IpPermissionsEgress stands for "no egress", as in templates', () => {
    const t = importSnapshot([{ file: 'snap.json', json: {
      Vpcs: [{ VpcId: 'vpc-1', CidrBlock: '10.0.0.0/16', OwnerId: '111122223333', State: 'available' }],
      SecurityGroups: [{
        GroupId: 'sg-1', GroupName: 'db', VpcId: 'vpc-1', IpPermissions: [],
        IpPermissionsEgress: [{ IpProtocol: 'icmp', FromPort: 252, ToPort: 86, IpRanges: [{ CidrIp: '255.255.255.255/32', Description: 'Disallow all traffic' }], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] }],
      }],
    } }]);
    expect(t.securityGroups.find((g) => g.id === 'sg-1')!.egress).toEqual([]);
  });
});
