// C-6: CloudFormation resolves references in dependency order, never in declaration order ("DependsOn
// attribute" and "Ref" / "Fn::GetAtt", AWS CloudFormation User Guide: a resource that refers to another
// is created after it, wherever the two are declared). A true circular dependency is refused
// ("Circular dependency between resources").
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Random } from '../../src/generate/random.js';
import { importCloudFormation } from '../../src/import/cloudformation/index.js';
import { InputError } from '../../src/model/errors.js';
import type { Topology } from '../../src/model/types.js';
import { runCli } from '../helpers/cli.js';
import { expectReachable, trace } from '../trace/helpers.js';

const ROOT = join(import.meta.dirname, '../..');

/** Every CloudFormation template under examples/ (YAML or JSON with a Resources section). */
function exampleTemplates(dir = join(ROOT, 'examples')): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return exampleTemplates(path);
      if (!/\.(ya?ml|json)$/.test(name)) return [];
      const text = readFileSync(path, 'utf8');
      const isTemplate = name.endsWith('.json') ? Object.hasOwn(JSON.parse(text) as object, 'Resources') : /^Resources:/m.test(text);
      return isTemplate ? [path] : [];
    });
}

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const rng = new Random(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * The template with its resources in another order. YAML: the blocks under `Resources:` (each starts
 * with a two-space-indented logical id) are moved as text, so tags and comments stay as written.
 */
function reorderResources(text: string, json: boolean, order: (ids: string[]) => string[]): string {
  if (json) {
    const doc = JSON.parse(text) as { Resources: Record<string, unknown> };
    const resources = doc.Resources;
    doc.Resources = Object.fromEntries(order(Object.keys(resources)).map((k) => [k, resources[k]]));
    return JSON.stringify(doc);
  }
  const lines = text.split('\n');
  const start = lines.findIndex((l) => /^Resources:\s*$/.test(l));
  let end = lines.findIndex((l, i) => i > start && /^[^\s#]/.test(l));
  if (end < 0) end = lines.length;
  const blocks = new Map<string, string[]>();
  let head: string[] = [];
  let current: string[] | undefined;
  for (const line of lines.slice(start + 1, end)) {
    const m = /^ {2}([A-Za-z0-9]+):/.exec(line);
    if (m) blocks.set(m[1]!, (current = [line]));
    else if (current) current.push(line);
    else head = [...head, line];
  }
  const body = order([...blocks.keys()]).flatMap((id) => blocks.get(id)!);
  return [...lines.slice(0, start + 1), ...head, ...body, ...lines.slice(end)].join('\n');
}

const load = (text: string, file = 't.yaml'): Topology => importCloudFormation(text, file);

describe('C-6: every example template gives the same model whatever the order of its resources', () => {
  const templates = exampleTemplates();

  it('finds the example templates (YAML and JSON, in subfolders too)', () => {
    expect(templates.map((p) => relative(ROOT, p))).toEqual(expect.arrayContaining(['examples/two-tier.yaml', 'examples/availability/nat-per-az.yaml']));
    expect(templates.length).toBeGreaterThanOrEqual(8);
  });

  for (const path of templates) {
    const name = relative(ROOT, path);
    it(`C-6: ${name}: reversed and five seeded shuffles import deep-equal to the original`, () => {
      const text = readFileSync(path, 'utf8');
      const json = path.endsWith('.json');
      const original = load(text, name);
      const orders = [(ids: string[]) => [...ids].reverse(), ...[1, 2, 3, 4, 5].map((seed) => (ids: string[]) => shuffled(ids, seed))];
      for (const order of orders) {
        const moved = reorderResources(text, json, order);
        expect(moved).not.toBe(text);
        expect(load(moved, name)).toStrictEqual(original);
      }
    });
  }
});

describe('C-6: references in lists to resources declared further down', () => {
  const endpointFirst = `Resources:
  S3Endpoint:
    Type: AWS::EC2::VPCEndpoint
    Properties: { VpcId: !Ref Vpc, ServiceName: com.amazonaws.us-east-1.s3, RouteTableIds: [!Ref Rt] }
  Batch: { Type: AWS::EC2::Instance, Properties: { SubnetId: !Ref Private, SecurityGroupIds: [!Ref Sg] } }
  Sg: { Type: AWS::EC2::SecurityGroup, Properties: { GroupDescription: d, VpcId: !Ref Vpc } }
  Assoc: { Type: AWS::EC2::SubnetRouteTableAssociation, Properties: { SubnetId: !Ref Private, RouteTableId: !Ref Rt } }
  Rt: { Type: AWS::EC2::RouteTable, Properties: { VpcId: !Ref Vpc } }
  Private: { Type: AWS::EC2::Subnet, Properties: { VpcId: !Ref Vpc, CidrBlock: 10.0.1.0/24, AvailabilityZone: us-east-1a } }
  Vpc: { Type: AWS::EC2::VPC, Properties: { CidrBlock: 10.0.0.0/16 } }
`;

  it('C-6: VPCEndpoint.RouteTableIds naming a route table declared after it; the endpoint route works (VPCE-2)', () => {
    const t = load(endpointFirst);
    const rt = t.routeTables.find((r) => r.logicalId === 'Rt')!;
    expect(t.vpcEndpoints[0]!.routeTableIds).toEqual([rt.id]);
    expect(rt.routes.map((r) => r.target.kind)).toEqual(['vpc-endpoint']);
    expectReachable(trace(t, { from: 'Batch', to: 'com.amazonaws.us-east-1.s3', protocol: 'tcp', port: 443 }));
  });

  it('C-6: TransitGatewayVpcAttachment.SubnetIds, SecurityGroupIds and interface endpoint SubnetIds declared after their users', () => {
    const t = load(`Resources:
  Att: { Type: AWS::EC2::TransitGatewayVpcAttachment, Properties: { TransitGatewayId: !Ref Tgw, VpcId: !Ref Vpc, SubnetIds: [!Ref A, !Ref B] } }
  Ssm: { Type: AWS::EC2::VPCEndpoint, Properties: { VpcId: !Ref Vpc, VpcEndpointType: Interface, ServiceName: com.amazonaws.us-east-1.ssm, SubnetIds: [!Ref A], SecurityGroupIds: [!Ref Sg] } }
  App: { Type: AWS::EC2::Instance, Properties: { SubnetId: !Ref B, SecurityGroupIds: [!GetAtt Sg.GroupId] } }
  Tgw: { Type: AWS::EC2::TransitGateway }
  Sg: { Type: AWS::EC2::SecurityGroup, Properties: { GroupDescription: d, VpcId: !Ref Vpc, SecurityGroupIngress: [{ IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 10.0.0.0/16 }] } }
  A: { Type: AWS::EC2::Subnet, Properties: { VpcId: !Ref Vpc, CidrBlock: 10.0.1.0/24, AvailabilityZone: us-east-1a } }
  B: { Type: AWS::EC2::Subnet, Properties: { VpcId: !Ref Vpc, CidrBlock: 10.0.2.0/24, AvailabilityZone: us-east-1b } }
  Vpc: { Type: AWS::EC2::VPC, Properties: { CidrBlock: 10.0.0.0/16 } }
`);
    const subnet = (lid: string) => t.subnets.find((s) => s.logicalId === lid)!.id;
    expect(t.transitGatewayAttachments.find((a) => a.resourceType === 'vpc')!.subnetIds).toEqual([subnet('A'), subnet('B')]);
    expect(t.vpcEndpoints[0]!.subnetIds).toEqual([subnet('A')]);
    expect(t.instances[0]!.networkInterfaceIds).toHaveLength(1);
    // VPCE-10: the interface endpoint answers the instance's HTTPS (its group allows the VPC).
    expectReachable(trace(t, { from: 'App', to: 'Ssm', protocol: 'tcp', port: 443 }));
  });

  it('C-6: a DependsOn on resources declared later changes nothing in the model', () => {
    const t = load(endpointFirst.replace('Type: AWS::EC2::VPCEndpoint', 'Type: AWS::EC2::VPCEndpoint\n    DependsOn: [Assoc, Sg]'));
    expect(t).toStrictEqual(load(endpointFirst));
  });
});

describe('C-6: a true circular dependency is a validation error naming its members', () => {
  const base = `Resources:
  Vpc: { Type: AWS::EC2::VPC, Properties: { CidrBlock: 10.0.0.0/16 } }
`;
  const cycleOf = (resources: string): string => {
    try {
      load(base + resources);
    } catch (err) {
      if (err instanceof InputError) return err.message;
      throw err;
    }
    throw new Error('expected a circular dependency error');
  };

  it('C-6: two groups whose inline rules reference each other (write one rule as AWS::EC2::SecurityGroupIngress instead)', () => {
    expect(cycleOf(`  Web: { Type: AWS::EC2::SecurityGroup, Properties: { GroupDescription: d, VpcId: !Ref Vpc, SecurityGroupIngress: [{ IpProtocol: tcp, FromPort: 1, ToPort: 1, SourceSecurityGroupId: !Ref App }] } }
  App: { Type: AWS::EC2::SecurityGroup, Properties: { GroupDescription: d, VpcId: !Ref Vpc, SecurityGroupIngress: [{ IpProtocol: tcp, FromPort: 1, ToPort: 1, SourceSecurityGroupId: !GetAtt Web.GroupId }] } }
`)).toBe('t.yaml: circular dependency between resources: App, Web (CloudFormation refuses the template; a resource cannot need itself)');
    // The same two groups with one reference moved to a standalone rule: no cycle.
    const t = load(base + `  Web: { Type: AWS::EC2::SecurityGroup, Properties: { GroupDescription: d, VpcId: !Ref Vpc, SecurityGroupIngress: [{ IpProtocol: tcp, FromPort: 1, ToPort: 1, SourceSecurityGroupId: !Ref App }] } }
  App: { Type: AWS::EC2::SecurityGroup, Properties: { GroupDescription: d, VpcId: !Ref Vpc } }
  AppFromWeb: { Type: AWS::EC2::SecurityGroupIngress, Properties: { GroupId: !Ref App, IpProtocol: tcp, FromPort: 1, ToPort: 1, SourceSecurityGroupId: !Ref Web } }
`);
    expect(t.securityGroups.filter((g) => !g.isDefault)).toHaveLength(2);
  });

  it('C-6: a cycle through DependsOn and Fn::Sub, and through an unmodelled resource; the members only, sorted', () => {
    expect(cycleOf(`  A: { Type: AWS::EC2::RouteTable, DependsOn: B, Properties: { VpcId: !Ref Vpc } }
  B: { Type: AWS::EC2::RouteTable, Properties: { VpcId: !Ref Vpc, Tags: [{ Key: Name, Value: !Sub "after-\${C}" }] } }
  C: { Type: AWS::SNS::Topic, Properties: { TopicName: !GetAtt A.RouteTableId } }
  D: { Type: AWS::EC2::RouteTable, DependsOn: A, Properties: { VpcId: !Ref Vpc } }
`)).toMatch(/: circular dependency between resources: A, B, C \(/);
  });

  it('C-6: a resource that refers to itself', () => {
    expect(cycleOf(`  Rt: { Type: AWS::EC2::RouteTable, Properties: { VpcId: !Ref Vpc, Tags: [{ Key: Name, Value: !Ref Rt }] } }
`)).toMatch(/: circular dependency between resources: Rt \(/);
  });

  it('C-6: Fn::If counts only the branch its condition takes; ${!Literal} and Fn::Sub variables are not references', () => {
    const t = load(`Conditions:
  Never: !Equals [a, b]
${base}  A: { Type: AWS::EC2::RouteTable, Properties: { VpcId: !Ref Vpc, Tags: [{ Key: Name, Value: !If [Never, !Ref B, x] }, { Key: Sub, Value: !Sub ["\${!A}-\${B}", { B: b }] }] } }
  B: { Type: AWS::EC2::RouteTable, Properties: { VpcId: !Ref Vpc, Tags: [{ Key: Name, Value: !Ref A }] } }
`);
    expect(t.routeTables.filter((r) => !r.main).map((r) => r.logicalId)).toEqual(['A', 'B']);
  });

  it('C-6: `vpcsim validate` on a template with a cycle exits 2 with one line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpcsim-c6-'));
    const file = join(dir, 'cycle.yaml');
    writeFileSync(file, base + `  A: { Type: AWS::EC2::RouteTable, DependsOn: B, Properties: { VpcId: !Ref Vpc } }
  B: { Type: AWS::EC2::RouteTable, Properties: { VpcId: !Ref Vpc, Tags: [{ Key: Name, Value: !GetAtt A.RouteTableId }] } }
`);
    const run = await runCli('validate', file);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`error: ${file}: circular dependency between resources: A, B (CloudFormation refuses the template; a resource cannot need itself)\n`);
  });
});
