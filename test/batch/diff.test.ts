// `vpcsim diff` / diffDesigns() (issue 15 §2): a design against itself is empty; the peering-to-transit-
// gateway migration in examples/migration/ shows its gains and its loss, with the blockers the AWS rules
// name; groups are matched by logical id, then Name tag, then address; exit codes 0 / 1 / 2.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../bindings/engine.js';
import { loadEngine } from '../../bindings/node.js';
import { computeDiff, portRanges } from '../../src/analyze/matrix/diff.js';
import { GROUP_BY } from '../../src/analyze/matrix/members.js';
import { parsePorts } from '../../src/analyze/matrix/ports.js';
import { generateTopology } from '../../src/generate/generate.js';
import { loadTopology } from '../../src/import/load.js';
import { loadTopologyFromText } from '../../src/import/load-text.js';
import { runCli } from '../helpers/cli.js';

const MESH = 'examples/migration/peering-mesh.yaml';
const HUB = 'examples/migration/tgw-hub.yaml';
const PORTS = 'tcp/22,tcp/443,tcp/5432,icmp';

/** One VPC; `subnets` maps logical id -> [Name tag or '', CIDR]; one instance per subnet. */
function design(subnets: Record<string, [string, string]>): string {
  let yaml = 'Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties: { CidrBlock: 10.0.0.0/16 }\n  Sg:\n    Type: AWS::EC2::SecurityGroup\n    Properties: { GroupDescription: all, VpcId: !Ref Vpc, SecurityGroupIngress: [{ IpProtocol: -1, CidrIp: 10.0.0.0/8 }] }\n';
  for (const [id, [name, cidr]] of Object.entries(subnets)) {
    const tags = name ? `, Tags: [{ Key: Name, Value: ${name} }]` : '';
    yaml += `  ${id}:\n    Type: AWS::EC2::Subnet\n    Properties: { VpcId: !Ref Vpc, CidrBlock: ${cidr}, AvailabilityZone: us-east-1a${tags} }\n`;
    yaml += `  ${id}Host:\n    Type: AWS::EC2::Instance\n    Properties: { SubnetId: !Ref ${id}, SecurityGroupIds: [!Ref Sg] }\n`;
  }
  return yaml;
}

describe('design diff', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await loadEngine({ build: 'debug' });
  });

  it('is empty for a design against itself, for every grouping', async () => {
    const designs = [await loadTopology(MESH), await loadTopology('examples/two-tier.yaml'), generateTopology({ seed: 5, vpcs: 3, subnetsPerVpc: 3, instancesPerSubnet: 2, hub: 'tgw' })];
    for (const t of designs) {
      for (const by of GROUP_BY) {
        const d = computeDiff(engine, t, t, { by, ports: 'tcp/22,tcp/443,udp/53,icmp,all' });
        expect({ rows: d.rows, added: d.added, removed: d.removed }).toEqual({ rows: [], added: [], removed: [] });
        expect(d.matched).toBeGreaterThan(0);
      }
    }
  });

  it('shows what moving the peering mesh behind a transit gateway gains and loses', async () => {
    const d = computeDiff(engine, await loadTopology(MESH), await loadTopology(HUB), { by: 'instance', ports: PORTS });
    expect(d.matched).toBe(3);
    const rows = d.rows.map((r) => ({ from: r.from, to: r.to, ports: r.ports, before: r.before.state, after: r.after.state, why: r.before.blockedBy ?? r.after.blockedBy }));
    // "VPC peering limitations": no transitive peering; the app and data VPCs are not peered with each other, so
    // their packets sent over the shared-services peering are not delivered (the destination is not in its CIDR).
    // A transit gateway routes between all attachments associated with and propagating to its default route table.
    expect(rows).toContainEqual(expect.objectContaining({ from: 'AppServer', to: 'Database', ports: 'tcp/443 icmp', before: 'blocked', after: 'reachable', why: expect.objectContaining({ code: 'PCX_REQUIRES_ADDRESS_IN_VPC_CIDR', component: 'AppSharedPeering' }) }));
    expect(rows).toContainEqual(expect.objectContaining({ from: 'Database', to: 'AppServer', ports: 'tcp/22', before: 'blocked', after: 'reachable', why: expect.objectContaining({ code: 'PCX_REQUIRES_ADDRESS_IN_VPC_CIDR', component: 'SharedDataPeering' }) }));
    // Security groups may reference peer VPC groups across a same-Region peering, but across a transit gateway only
    // with security group referencing support, which is off by default: PostgreSQL from SharedSg members is lost.
    expect(rows).toContainEqual(expect.objectContaining({ from: 'SharedServer', to: 'Database', ports: 'tcp/5432', before: 'reachable', after: 'blocked', why: expect.objectContaining({ code: 'SG_REFERENCING_SUPPORT', component: 'DataSg', direction: 'forward' }) }));
    expect(rows).toHaveLength(3);
  });

  it('matches groups by logical id, then Name tag, then address; the rest are added or removed', async () => {
    const before = loadTopologyFromText(design({ Web: ['', '10.0.1.0/24'], Old: ['app', '10.0.2.0/24'], Db: ['', '10.0.3.0/24'], Gone: ['', '10.0.4.0/24'] }), 'before.yaml');
    const after = loadTopologyFromText(design({ Web: ['', '10.0.1.0/24'], New: ['app', '10.0.12.0/24'], Data: ['', '10.0.3.0/24'], Fresh: ['', '10.0.9.0/24'] }), 'after.yaml');
    const d = computeDiff(engine, before, after, { by: 'subnet', ports: 'tcp/22' });
    expect(d.matched).toBe(3);
    expect(d.added.map((g) => g.id)).toEqual(['Fresh']);
    expect(d.removed.map((g) => g.id)).toEqual(['Gone']);
    // Every instance reaches every other (the group allows all from 10/8, default NACLs): matched pairs do not change.
    expect(d.rows).toEqual([]);
  });

  it('writes port lists as ranges per protocol', () => {
    expect(portRanges(parsePorts('tcp/22,tcp/80,tcp/81,tcp/82,udp/53,icmp,tcp/443'))).toBe('tcp/22,80-82,443 udp/53 icmp');
  });

  it('exits 0 with no change, 1 with changes, 2 for bad input', async () => {
    const same = await runCli('diff', MESH, MESH);
    expect(same.code).toBe(0);
    expect(same.stdout).toMatch(/no verdict changes/);
    const changed = await runCli('diff', MESH, HUB, '--by', 'instance', '--ports', PORTS, '--json');
    expect(changed.code).toBe(1);
    expect((JSON.parse(changed.stdout) as { rows: unknown[] }).rows).toHaveLength(3);
    const bad = await runCli('diff', MESH, '/nonexistent/after.yaml');
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    const badFlag = await runCli('diff', '/nonexistent/a.yaml', '/nonexistent/b.yaml', '--by', 'tier');
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toMatch(/--by "tier"/);
  });
});
