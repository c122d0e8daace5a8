// Tags other than Name (POLICY-2): the importers keep them on instances, subnets, VPCs and security groups
// (templates and describe-* snapshots alike), and `{ tag: { Key: Value } }` selects the instances that carry
// the tag or sit in a subnet, VPC or security group that does.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../bindings/engine.js';
import { loadEngine } from '../../bindings/node.js';
import { checkPolicyText } from '../../src/analyze/matrix/policy-check.js';
import { loadTopologyFromText } from '../../src/import/load-text.js';

const TEMPLATE = `
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: { CidrBlock: 10.0.0.0/16, Tags: [{ Key: Env, Value: prod }] }
  Public:
    Type: AWS::EC2::Subnet
    Properties: { VpcId: !Ref Vpc, CidrBlock: 10.0.1.0/24, AvailabilityZone: us-east-1a, MapPublicIpOnLaunch: true }
  Data:
    Type: AWS::EC2::Subnet
    Properties: { VpcId: !Ref Vpc, CidrBlock: 10.0.2.0/24, AvailabilityZone: us-east-1a, Tags: [{ Key: Tier, Value: db }] }
  Igw:
    Type: AWS::EC2::InternetGateway
  IgwAttach:
    Type: AWS::EC2::VPCGatewayAttachment
    Properties: { VpcId: !Ref Vpc, InternetGatewayId: !Ref Igw }
  PublicRt:
    Type: AWS::EC2::RouteTable
    Properties: { VpcId: !Ref Vpc }
  Default:
    Type: AWS::EC2::Route
    DependsOn: IgwAttach
    Properties: { RouteTableId: !Ref PublicRt, DestinationCidrBlock: 0.0.0.0/0, GatewayId: !Ref Igw }
  PublicAssoc:
    Type: AWS::EC2::SubnetRouteTableAssociation
    Properties: { SubnetId: !Ref Public, RouteTableId: !Ref PublicRt }
  Open:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: HTTPS from anywhere
      VpcId: !Ref Vpc
      SecurityGroupIngress: [{ IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0 }]
      Tags: [{ Key: Exposure, Value: internet }]
  Closed:
    Type: AWS::EC2::SecurityGroup
    Properties: { GroupDescription: nothing in, VpcId: !Ref Vpc }
  Web:
    Type: AWS::EC2::Instance
    Properties: { SubnetId: !Ref Public, SecurityGroupIds: [!Ref Open], Tags: [{ Key: Name, Value: web }, { Key: Tier, Value: web }] }
  Db:
    Type: AWS::EC2::Instance
    Properties: { SubnetId: !Ref Data, SecurityGroupIds: [!Ref Closed] }
  Cache:
    Type: AWS::EC2::Instance
    Properties: { SubnetId: !Ref Public, SecurityGroupIds: [!Ref Closed], Tags: [{ Key: Tier, Value: db }] }
`;

describe('tag selectors', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await loadEngine({ build: 'debug' });
  });

  it('keeps tags other than Name on instances, subnets, VPCs and security groups of a template', () => {
    const t = loadTopologyFromText(TEMPLATE, 'tags.yaml');
    const web = t.instances.find((i) => i.logicalId === 'Web')!;
    expect({ name: web.name, tags: web.tags }).toEqual({ name: 'web', tags: { Tier: 'web' } });
    expect(t.instances.find((i) => i.logicalId === 'Db')!.tags).toBeUndefined();
    expect(t.subnets.find((s) => s.logicalId === 'Data')!.tags).toEqual({ Tier: 'db' });
    expect(t.vpcs[0]!.tags).toEqual({ Env: 'prod' });
    expect(t.securityGroups.find((g) => g.logicalId === 'Open')!.tags).toEqual({ Exposure: 'internet' });
  });

  it('keeps them from a describe-* snapshot', () => {
    const doc = JSON.parse(readFileSync('test/fixtures/snapshot/account-merged.json', 'utf8')) as {
      Reservations: Array<{ Instances: Array<{ InstanceId: string; Tags?: unknown[] }> }>;
      Subnets: Array<{ SubnetId: string; Tags?: unknown[] }>;
    };
    const instance = doc.Reservations[0]!.Instances[0]!;
    instance.Tags = [...(instance.Tags ?? []), { Key: 'Tier', Value: 'db' }];
    const subnet = doc.Subnets[0]!;
    subnet.Tags = [...(subnet.Tags ?? []), { Key: 'CostCenter', Value: '42' }];
    const t = loadTopologyFromText(JSON.stringify(doc), 'snapshot.json');
    expect(t.instances.find((i) => i.id === instance.InstanceId)!.tags).toEqual({ Tier: 'db' });
    expect(t.subnets.find((s) => s.id === subnet.SubnetId)!.tags).toEqual({ CostCenter: '42' });
  });

  it('selects by tag on the instance, its subnet, its VPC or its security groups', () => {
    const t = loadTopologyFromText(TEMPLATE, 'tags.yaml');
    // Db (subnet tagged Tier=db) and Cache (instance tagged Tier=db) are selected; Web (Tier=web) is not. The
    // Closed group allows nothing in ("Security group rules": no inbound rule, no inbound traffic), so the
    // database tier is isolated from the internet; Web is open on 443 and reachable through the internet gateway.
    const r = checkPolicyText(engine, t, `
assertions:
  - { name: db-isolated, from: internet, to: { tag: { Tier: db } }, protocol: all, expect: unreachable }
  - { name: exposed-reachable, from: internet, to: { tag: { Exposure: internet } }, protocol: tcp, port: 443, expect: reachable }
  - { name: prod-from-web, from: { tag: { Name: web } }, to: { tag: { Env: prod } }, protocol: tcp, port: 22, expect: reachable }
`, 'tags-policy.yaml');
    expect(r.assertions.map((a) => [a.name, a.holds])).toEqual([['db-isolated', true], ['exposed-reachable', true], ['prod-from-web', false]]);
    // Env=prod is the VPC's tag: every instance is selected; nothing accepts SSH, so Web reaches neither other one.
    expect(r.assertions[2]!.witnesses.map((w) => w.to).sort()).toEqual(['Cache', 'Db']);
    expect(() => checkPolicyText(engine, t, 'assertions: [{ name: none, from: internet, to: { tag: { Tier: cache } }, expect: unreachable }]', 'p.yaml')).toThrow(/assertion "none": to: the selector matches no instance/);
  });
});
