// TRACE-7 (hop order), TRACE-8 (first blocker, or every blocker with allBlocking), TRACE-9 (what an
// explanation carries). Expected blockers follow from the rules: NACLs are checked both ways (NACL-8),
// a security group lets the reply of a tracked flow through (SG-7).
import { describe, expect, it } from 'vitest';
import { topology } from '../../src/builder/index.js';
import type { Topology } from '../../src/model/types.js';
import { runCli } from '../helpers/cli.js';
import { expectBlocked, trace } from './helpers.js';

/**
 * Client (10.0.1.0/24) -> Server (10.0.2.0/24) on TCP 443: the client's group has no outbound rule,
 * both subnets have NACLs without entries (NACL-3: deny all) and the server's group allows port 22 only.
 */
function everythingShut(): Topology {
  const t = topology({ region: 'us-east-1' })
    .vpc('Vpc', '10.0.0.0/16', (v) =>
      v
        .subnet('ClientSubnet', '10.0.1.0/24')
        .subnet('ServerSubnet', '10.0.2.0/24')
        .networkAcl('ClientAcl', { subnets: ['ClientSubnet'] })
        .networkAcl('ServerAcl', { subnets: ['ServerSubnet'] })
        .securityGroup('ClientSg')
        .securityGroup('ServerSg', (g) => g.ingress({ protocol: 'tcp', ports: 22, cidr: '10.0.0.0/16' }))
        .instance('Client', { subnet: 'ClientSubnet', ip: '10.0.1.10', sgs: ['ClientSg'] })
        .instance('Server', { subnet: 'ServerSubnet', ip: '10.0.2.10', sgs: ['ServerSg'] }),
    )
    .build();
  t.securityGroups.find((g) => g.logicalId === 'ClientSg')!.egress = [];
  return t;
}

const query = { from: 'Client', to: 'Server', port: 443, sourcePort: 40000 };

describe('first blocker and all blockers (TRACE-7, TRACE-8, TRACE-9)', () => {
  it('TRACE-8: without allBlocking the walk stops at the first blocker: explanations[0] only', () => {
    const a = trace(everythingShut(), query);
    expectBlocked(a, 'SG_HAS_NO_RULES', 'ClientSg');
    expect(a.explanations).toHaveLength(1);
    expect(a.forwardPath).toHaveLength(1);
    expect(a.returnPath).toEqual([]);
  });

  it('TRACE-8 / TRACE-7: with allBlocking every blocker is listed in path order, both directions', () => {
    const a = trace(everythingShut(), { ...query, allBlocking: true });
    expect(a.reachable).toBe(false);
    expect(a.explanations.map((e) => [e.direction, e.code, e.component])).toEqual([
      // TRACE-7: source SG out -> (route table) -> source NACL out -> destination NACL in -> destination SG in.
      ['forward', 'SG_HAS_NO_RULES', 'ClientSg'],
      ['forward', 'SUBNET_ACL_RESTRICTION', 'ClientAcl'],
      ['forward', 'SUBNET_ACL_RESTRICTION', 'ServerAcl'],
      ['forward', 'ENI_SG_RULES_MISMATCH', 'ServerSg'],
      // NACL-8: the reply is judged again by both NACLs; SG-7: both groups pass it as tracked.
      ['response', 'SUBNET_ACL_RESTRICTION', 'ServerAcl'],
      ['response', 'SUBNET_ACL_RESTRICTION', 'ClientAcl'],
    ]);
    expect(a.forwardPath.map((h) => h.kind)).toEqual(['SECURITY_GROUP_EGRESS', 'ROUTE_TABLE', 'NETWORK_ACL_OUTBOUND', 'NETWORK_ACL_INBOUND', 'SECURITY_GROUP_INGRESS', 'NETWORK_INTERFACE']);
  });

  it('TRACE-9: each explanation carries code, component, AWS type, direction, hop index and the rule', () => {
    const a = trace(everythingShut(), { ...query, allBlocking: true });
    for (const e of a.explanations) {
      const hop = (e.direction === 'forward' ? a.forwardPath : a.returnPath)[e.hopIndex]!;
      expect({ code: hop.code, component: hop.component, type: hop.type, id: hop.id }).toEqual({ code: e.code, component: e.component, type: e.type, id: e.id });
    }
    const acl = a.explanations[1]!;
    expect(acl).toMatchObject({ type: 'AWS::EC2::NetworkAcl', direction: 'forward', hopIndex: 2, rule: '*' });
    expect(acl.id).toMatch(/^acl-/);
    expect(a.explanations[0]).toMatchObject({ type: 'AWS::EC2::SecurityGroup', hopIndex: 0 });
  });

  it('TRACE-8: a blocker with no next hop (no route) still ends an allBlocking walk', () => {
    const a = trace(everythingShut(), { from: 'Client', to: '192.168.1.1', port: 443, sourcePort: 40000, allBlocking: true });
    expect(a.explanations.map((e) => e.code)).toEqual(['SG_HAS_NO_RULES', 'NO_ROUTE_TO_DESTINATION']);
    expect(a.returnPath).toEqual([]);
  });

  it('TRACE-8: allBlocking changes nothing for a reachable flow', () => {
    const open = everythingShut();
    open.networkAcls.filter((n) => !n.isDefault).forEach((n) => (n.subnetIds = []));
    const server = open.securityGroups.find((g) => g.logicalId === 'ServerSg')!;
    server.ingress.push({ protocol: 6, fromPort: 443, toPort: 443, peer: { kind: 'cidr', prefix: open.vpcs[0]!.cidrBlocks[0]! } });
    open.securityGroups.find((g) => g.logicalId === 'ClientSg')!.egress = server.ingress.slice(-1);
    const plain = trace(open, query);
    expect(plain.reachable).toBe(true);
    expect(trace(open, { ...query, allBlocking: true })).toEqual(plain);
  });
});

describe('vpcsim trace --all-blocking', () => {
  const FILE = 'examples/two-tier.yaml';
  // The template: PublicAcl lets TCP 22 in only from AdminCidr (203.0.113.0/24, rule 120), BastionSg
  // allows TCP 22 only from AdminCidr; 198.51.100.7 is outside it, so both block.
  it('lists the NACL and then the security group; without the flag only the NACL', async () => {
    const args = ['trace', FILE, '--from', '198.51.100.7', '--to', 'Bastion', '--port', '22', '--source-port', '40000', '--json'];
    const first = await runCli(...args);
    expect(first.code).toBe(1);
    expect(JSON.parse(first.stdout).explanations.map((e: { code: string }) => e.code)).toEqual(['SUBNET_ACL_RESTRICTION']);
    const all = await runCli(...args, '--all-blocking');
    expect(all.code).toBe(1);
    expect(JSON.parse(all.stdout).explanations.map((e: { code: string; component: string }) => [e.code, e.component])).toEqual([
      ['SUBNET_ACL_RESTRICTION', 'PublicAcl'],
      ['ENI_SG_RULES_MISMATCH', 'BastionSg'],
    ]);
  });

  it('the text answer names every blocker', async () => {
    const r = await runCli('trace', FILE, '--from', '198.51.100.7', '--to', 'Bastion', '--port', '22', '--source-port', '40000', '--all-blocking');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/NOT REACHABLE: SUBNET_ACL_RESTRICTION/);
    expect(r.stdout).toMatch(/all 2 blocking components:\n {2}1\. SUBNET_ACL_RESTRICTION at forward hop \d+: .*\n {2}2\. ENI_SG_RULES_MISMATCH at forward hop \d+: blocked by security group BastionSg/);
  });
});
