// The reachability matrix (issue 15 §1): cells on examples/two-tier.yaml written from the AWS rules, and
// the equivalence grouping (MATRIX-2) against the ungrouped brute force on random topologies: identical cells.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../bindings/engine.js';
import { loadEngine } from '../../bindings/node.js';
import { computeMatrix, matrixCells, type MatrixCell } from '../../src/analyze/matrix/matrix.js';
import { GROUP_BY } from '../../src/analyze/matrix/members.js';
import { topology } from '../../src/builder/index.js';
import { generateTopology } from '../../src/generate/generate.js';
import { loadTopology } from '../../src/import/load.js';
import type { Topology } from '../../src/model/types.js';
import { featureTopology } from '../helpers/walk-differential.js';

const cell = (cells: MatrixCell[], from: string, to: string, port: string) => cells.find((c) => c.from === from && c.to === to && c.port === port);

/** Rules that tell addresses of one subnet apart: a /28 NACL entry and a /32 security group rule inside it. */
function addressSpecific(): Topology {
  return topology({ region: 'us-east-1' })
    .vpc('Vpc', '10.9.0.0/16', (v) => {
      v.subnet('A', '10.9.1.0/24', { az: 'us-east-1a' }).subnet('B', '10.9.2.0/24', { az: 'us-east-1a' });
      v.networkAcl('AclB', { subnets: ['B'] }, (acl) =>
        acl.ingress(50, { action: 'deny', protocol: 'all', cidr: '10.9.1.16/28' }).ingress(100, { action: 'allow', protocol: 'all', cidr: '0.0.0.0/0' }).egress(100, { action: 'allow', protocol: 'all', cidr: '0.0.0.0/0' }),
      );
      v.securityGroup('Open', (sg) => sg.ingress({ protocol: 'tcp', ports: 22, cidr: '10.9.1.5/32' }).ingress({ protocol: 'icmp', cidr: '10.9.0.0/16' }));
      // Ops only names an operators' network outside every VPC: it tells no two members apart. Silent has no
      // inbound rule at all (SG_HAS_NO_RULES), which Ops-only members do not share (ENI_SG_RULES_MISMATCH).
      v.securityGroup('Ops', (sg) => sg.ingress({ protocol: 'tcp', ports: 22, cidr: '198.51.100.0/24' }));
      v.securityGroup('Silent');
      for (const [name, ip] of [['A1', '10.9.1.5'], ['A2', '10.9.1.6'], ['A3', '10.9.1.20'], ['A4', '10.9.1.21']] as const) v.instance(name, { subnet: 'A', ip, sgs: ['Open'] });
      v.instance('A5', { subnet: 'A', ip: '10.9.1.7', sgs: ['Open', 'Ops'] });
      for (const [name, ip] of [['B1', '10.9.2.5'], ['B2', '10.9.2.6']] as const) v.instance(name, { subnet: 'B', ip, sgs: ['Open'] });
      v.instance('B3', { subnet: 'B', ip: '10.9.2.7', sgs: ['Silent'] });
      v.instance('B4', { subnet: 'B', ip: '10.9.2.8', sgs: ['Ops'] });
    })
    .build();
}

describe('reachability matrix', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await loadEngine({ build: 'debug' });
  });

  it('answers two-tier.yaml by subnet from the AWS rules', async () => {
    const t = await loadTopology('examples/two-tier.yaml');
    const m = computeMatrix(engine, t, { by: 'subnet' });
    expect(m.groups.map((g) => g.id).sort()).toEqual(['PrivateSubnet', 'PublicSubnet']);
    expect(m.ports).toEqual(['tcp/22', 'tcp/443', 'udp/53', 'icmp']);
    const cells = matrixCells(m);
    // "Security group rules": AppSg allows 22 from BastionSg members only, so Bastion -> AppServer gets
    // through and WebServer -> AppServer does not: some, not all, pairs.
    expect(cell(cells, 'PublicSubnet', 'PrivateSubnet', 'tcp/22')).toEqual({ from: 'PublicSubnet', to: 'PrivateSubnet', port: 'tcp/22', reachable: true, partial: true });
    // AppSg has no 443 rule: the first pair (Bastion -> AppServer) is refused by the security group.
    expect(cell(cells, 'PublicSubnet', 'PrivateSubnet', 'tcp/443')).toMatchObject({ reachable: false, code: 'ENI_SG_RULES_MISMATCH' });
    // AppServer -> WebServer 443: WebSg allows 443 from 0.0.0.0/0, PublicAcl rule 110 allows 443 in, the reply
    // to 49152 enters PrivateAcl by rule 100 (the VPC CIDR); security groups are stateful. AppServer -> Bastion
    // 443 is refused by BastionSg (SSH from the admin CIDR only): some pairs, not all.
    expect(cell(cells, 'PrivateSubnet', 'PublicSubnet', 'tcp/443')).toEqual({ from: 'PrivateSubnet', to: 'PublicSubnet', port: 'tcp/443', reachable: true, partial: true });
    // PublicAcl allows SSH in only from the admin CIDR ("Custom network ACL rules"): a subnet ACL restriction.
    expect(cell(cells, 'PrivateSubnet', 'PublicSubnet', 'tcp/22')).toMatchObject({ reachable: false, code: 'SUBNET_ACL_RESTRICTION' });
    // Within the public subnet no network ACL applies; WebSg allows 22 from BastionSg, BastionSg only from the admin CIDR.
    expect(cell(cells, 'PublicSubnet', 'PublicSubnet', 'tcp/22')).toMatchObject({ reachable: true, partial: true });
    // The private subnet holds one instance: no pair of distinct instances, no cell.
    expect(cell(cells, 'PrivateSubnet', 'PrivateSubnet', 'tcp/22')).toBeUndefined();
    // No security group allows UDP 53 in.
    expect(cells.filter((c) => c.port === 'udp/53').every((c) => !c.reachable)).toBe(true);
    // Bastion -> AppServer ping: AppSg allows ICMP from BastionSg, but the echo reply is refused by PublicAcl
    // (its inbound rules are TCP only): blocked on the return.
    expect(cell(cells, 'PublicSubnet', 'PrivateSubnet', 'icmp')).toMatchObject({ reachable: false, code: 'SUBNET_ACL_RESTRICTION' });
  });

  const randomTopologies: Array<[string, () => Topology]> = [
    ['generated tgw seed 3', () => generateTopology({ seed: 3, vpcs: 3, subnetsPerVpc: 3, instancesPerSubnet: 3, hub: 'tgw' })],
    ['generated peering seed 8', () => generateTopology({ seed: 8, vpcs: 4, subnetsPerVpc: 2, instancesPerSubnet: 3, hub: 'peering' })],
    ['generated none seed 21, extra routes', () => generateTopology({ seed: 21, vpcs: 2, subnetsPerVpc: 3, instancesPerSubnet: 4, hub: 'none', routesPerTable: 20 })],
    ['feature topology (SG references across peering and TGW, appliances, endpoints)', () => featureTopology(true)],
    ['address-specific rules inside a subnet', addressSpecific],
  ];
  for (const [name, make] of randomTopologies) {
    it(`grouped cells equal the ungrouped brute force: ${name}`, () => {
      const t = make();
      for (const by of GROUP_BY) {
        const grouped = computeMatrix(engine, t, { by, ports: 'tcp/22,tcp/443,tcp/8080,udp/53,icmp,all' });
        const brute = computeMatrix(engine, t, { by, ports: 'tcp/22,tcp/443,tcp/8080,udp/53,icmp,all', grouped: false });
        expect(matrixCells(grouped), `${name} --by ${by}`).toEqual(matrixCells(brute));
        expect(grouped.pairs).toBe(brute.pairs);
        if (by === 'subnet') expect(grouped.walks, 'grouping walks fewer flows').toBeLessThanOrEqual(brute.walks);
      }
    });
  }

  it('walks members whose groups differ only by rules no member matches once', () => {
    const t = addressSpecific();
    const m = computeMatrix(engine, t, { by: 'instance', ports: 'tcp/22' });
    const brute = computeMatrix(engine, t, { by: 'instance', ports: 'tcp/22', grouped: false });
    // Classes: A1 | A2 A5 | A3 A4 | B1 B2 | B3 | B4 (the /32 and /28 rules split A; Ops is inert; Silent has no rules).
    expect(Math.sqrt(m.walks)).toBe(6);
    expect(Math.sqrt(brute.walks)).toBe(9);
    const cells = matrixCells(m);
    expect(cell(cells, 'A1', 'B3', 'tcp/22')).toMatchObject({ reachable: false, code: 'SG_HAS_NO_RULES' });
    expect(cell(cells, 'A1', 'B4', 'tcp/22')).toMatchObject({ reachable: false, code: 'ENI_SG_RULES_MISMATCH' });
  });

  it('splits a class where a rule tells addresses apart', () => {
    const t = addressSpecific();
    const cells = matrixCells(computeMatrix(engine, t, { by: 'instance', ports: 'tcp/22,icmp' }));
    // Security group rule for 10.9.1.5/32 only: A1 reaches B1 on 22, A2 does not.
    expect(cell(cells, 'A1', 'B1', 'tcp/22')?.reachable).toBe(true);
    expect(cell(cells, 'A2', 'B1', 'tcp/22')).toMatchObject({ reachable: false, code: 'ENI_SG_RULES_MISMATCH' });
    // AclB denies 10.9.1.16/28 first (rule 50): A3 (10.9.1.20) cannot ping B1, A2 can.
    expect(cell(cells, 'A3', 'B1', 'icmp')).toMatchObject({ reachable: false, code: 'SUBNET_ACL_RESTRICTION' });
    expect(cell(cells, 'A2', 'B1', 'icmp')?.reachable).toBe(true);
  });

  it('gives a port past the 31st the cells it gets alone (cells are aggregated per port)', () => {
    // addressSpecific() by subnet: partial cells (A -> B on 22: only A1 passes the /32 rule) and blocked ones.
    const t = addressSpecific();
    // Ports 0-31 are others; icmp is port 32 and tcp/22 port 33.
    const many = [...Array.from({ length: 32 }, (_, i) => `tcp/${1000 + i}`), 'icmp', 'tcp/22'];
    const wide = computeMatrix(engine, t, { by: 'subnet', ports: many });
    expect(wide.ports.slice(32)).toEqual(['icmp', 'tcp/22']);
    const wideCells = matrixCells(wide);
    const alone = matrixCells(computeMatrix(engine, t, { by: 'subnet', ports: 'tcp/22,icmp' }));
    expect(alone.some((c) => c.partial)).toBe(true);
    expect(alone.some((c) => !c.reachable)).toBe(true);
    for (const c of alone) expect(cell(wideCells, c.from, c.to, c.port), `${c.from} -> ${c.to} ${c.port}`).toEqual(c);
  });

  it('rejects an unknown grouping and bad ports in one line naming the value', () => {
    const t = addressSpecific();
    expect(() => computeMatrix(engine, t, { by: 'az' as never })).toThrow(/^by "az": expected subnet, instance, security-group, vpc$/);
    expect(() => computeMatrix(engine, t, { ports: 'tcp/70000' })).toThrow(/^ports "tcp\/70000": expected tcp\/<port>/);
  });
});
