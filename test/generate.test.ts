// The synthetic topology generator: deterministic by seed, the sizes asked for, AWS-valid shapes.
import { describe, expect, it } from 'vitest';
import { checkGenerateOptions, generateTopology, type GenerateOptions } from '../src/generate/generate.js';
import { Random } from '../src/generate/random.js';
import { InputError } from '../src/model/errors.js';
import { collectWarnings, validateTopology } from '../src/model/validate.js';
import { prefixCovers, prefixesOverlap } from '../src/model/ip.js';
import type { Topology } from '../src/model/types.js';
import { DocumentedPublicIpPool } from './helpers/public-ip-pool.js';

const small: GenerateOptions = { seed: 7, vpcs: 6, subnetsPerVpc: 4, instancesPerSubnet: 3, hub: 'tgw' };

function routeTableOf(t: Topology, subnetId: string) {
  return t.routeTables.find((r) => r.subnetIds.includes(subnetId)) ?? t.routeTables.find((r) => r.main && r.vpcId === t.subnets.find((s) => s.id === subnetId)!.vpcId)!;
}

describe('Random (splitmix32)', () => {
  it('is deterministic by seed and differs between seeds', () => {
    const seq = (seed: number) => Array.from({ length: 8 }, ((r) => () => r.nextUint32())(new Random(seed)));
    expect(seq(1)).toEqual(seq(1));
    expect(seq(1)).not.toEqual(seq(2));
  });

  it('int() stays in range and reaches both ends', () => {
    const r = new Random(3);
    const seen = new Set<number>();
    for (let i = 0; i < 1000; i++) seen.add(r.int(2, 5));
    expect([...seen].sort()).toEqual([2, 3, 4, 5]);
  });
});

describe('generateTopology', () => {
  it('same seed gives an identical topology; another seed a different one', () => {
    expect(generateTopology(small)).toEqual(generateTopology(small));
    expect(generateTopology(small)).not.toEqual(generateTopology({ ...small, seed: 8 }));
  });

  for (const hub of ['tgw', 'peering', 'none'] as const) {
    it(`gives the sizes asked for (hub ${hub})`, () => {
      const t = generateTopology({ ...small, hub });
      expect(t.vpcs).toHaveLength(6);
      expect(t.subnets).toHaveLength(24);
      expect(t.instances).toHaveLength(72);
      for (const v of t.vpcs) expect(t.subnets.filter((s) => s.vpcId === v.id)).toHaveLength(4);
      for (const s of t.subnets) expect(t.instances.filter((i) => i.subnetId === s.id)).toHaveLength(3);
    });
  }

  for (const hub of ['tgw', 'peering', 'none'] as const) {
    it(`passes validateTopology (hub ${hub}, with extra routes, beyond 8 VPCs)`, () => {
      expect(() => validateTopology(generateTopology({ seed: 21, vpcs: 12, subnetsPerVpc: 5, instancesPerSubnet: 4, hub, routesPerTable: 20 }))).not.toThrow();
    });
  }

  it('VPC blocks never overlap and every subnet lies in its VPC (ADDR-5, ADDR-6), also beyond 256 VPCs', () => {
    const t = generateTopology({ seed: 1, vpcs: 300, subnetsPerVpc: 3, instancesPerSubnet: 2, hub: 'none' });
    const blocks = t.vpcs.map((v) => v.cidrBlocks[0]!).sort((a, b) => (a.addr < b.addr ? -1 : 1));
    for (let i = 1; i < blocks.length; i++) expect(prefixesOverlap(blocks[i - 1]!, blocks[i]!)).toBe(false);
    for (const b of blocks) expect(b.len).toBeGreaterThanOrEqual(16); // ADDR-1
    const vpcs = new Map(t.vpcs.map((v) => [v.id, v]));
    for (const s of t.subnets) expect(prefixCovers(vpcs.get(s.vpcId)!.cidrBlocks[0]!, s.cidrBlock!)).toBe(true);
    // Every instance address is unique and inside its subnet (ADDR-10).
    const seen = new Set<bigint>();
    for (const e of t.networkInterfaces) for (const ip of e.privateIps) {
      expect(seen.has(ip.address!.value)).toBe(false);
      seen.add(ip.address!.value);
    }
  });

  it('spreads subnets across AZs', () => {
    const t = generateTopology({ ...small, azs: 3 });
    const vpc = t.vpcs[0]!;
    expect(new Set(t.subnets.filter((s) => s.vpcId === vpc.id).map((s) => s.availabilityZone))).toEqual(new Set(['us-east-1a', 'us-east-1b', 'us-east-1c']));
  });

  it('tgw hub: one VPC attachment per VPC with one subnet per AZ (TGW-9); prod and dev tables do not learn each other (TGW-3)', () => {
    const t = generateTopology(small);
    expect(t.transitGateways).toHaveLength(1);
    expect(t.transitGatewayAttachments).toHaveLength(6);
    for (const att of t.transitGatewayAttachments) {
      const azs = att.subnetIds.map((id) => t.subnets.find((s) => s.id === id)!.availabilityZone);
      expect(new Set(azs).size).toBe(azs.length);
      expect(azs).toHaveLength(3);
    }
    const rt = (name: string) => t.transitGatewayRouteTables.find((r) => r.logicalId === name)!;
    const vpcOf = (attId: string) => t.vpcs.find((v) => v.id === t.transitGatewayAttachments.find((a) => a.id === attId)!.resourceId)!.logicalId;
    expect(rt('TgwProdRt').propagationAttachmentIds.map(vpcOf).sort()).toEqual(['Vpc0', 'Vpc1', 'Vpc3', 'Vpc5']);
    expect(rt('TgwDevRt').propagationAttachmentIds.map(vpcOf).sort()).toEqual(['Vpc0', 'Vpc2', 'Vpc4']);
    // TGW-2: each attachment is associated with exactly one table.
    const associated = t.transitGatewayRouteTables.flatMap((r) => r.associationAttachmentIds);
    expect(associated.sort()).toEqual(t.transitGatewayAttachments.map((a) => a.id).sort());
    // Every subnet's route table sends the other VPCs' space to the TGW.
    for (const s of t.subnets) expect(routeTableOf(t, s.id).routes.some((r) => r.target.kind === 'transit-gateway' && r.destination?.text === '10.0.0.0/8')).toBe(true);
  });

  it('peering hub: full mesh up to 8 VPCs, routes on both sides (PCX-5)', () => {
    const t = generateTopology({ ...small, hub: 'peering' });
    expect(t.vpcPeeringConnections).toHaveLength((6 * 5) / 2);
    for (const pcx of t.vpcPeeringConnections) {
      for (const [from, to] of [[pcx.requesterVpcId, pcx.accepterVpcId], [pcx.accepterVpcId, pcx.requesterVpcId]] as const) {
        const peerCidr = t.vpcs.find((v) => v.id === to)!.cidrBlocks[0]!.text;
        for (const s of t.subnets.filter((x) => x.vpcId === from)) {
          expect(routeTableOf(t, s.id).routes).toContainEqual(expect.objectContaining({ destination: expect.objectContaining({ text: peerCidr }), target: { kind: 'vpc-peering-connection', id: pcx.id } }));
        }
      }
    }
  });

  it('peering hub: above 8 VPCs each VPC peers with 6 ring neighbours, no pair twice', () => {
    const t = generateTopology({ seed: 2, vpcs: 20, subnetsPerVpc: 1, instancesPerSubnet: 0, hub: 'peering' });
    expect(t.vpcPeeringConnections).toHaveLength(60);
    const pairs = new Set(t.vpcPeeringConnections.map((p) => [p.requesterVpcId, p.accepterVpcId].sort().join()));
    expect(pairs.size).toBe(60);
    for (const v of t.vpcs) expect(t.vpcPeeringConnections.filter((p) => p.requesterVpcId === v.id || p.accepterVpcId === v.id)).toHaveLength(6);
  });

  it('routesPerTable adds that many distinct extra routes, none inside a VPC block (RT-6, RT-7)', () => {
    const t = generateTopology({ ...small, hub: 'none', routesPerTable: 200 });
    const vpcBlocks = t.vpcs.map((v) => v.cidrBlocks[0]!);
    for (const rt of t.routeTables.filter((r) => !r.main)) {
      const extra = rt.routes.filter((r) => r.destination && r.destination.text !== '0.0.0.0/0');
      expect(extra).toHaveLength(200);
      expect(new Set(extra.map((r) => r.destination!.text)).size).toBe(200);
      for (const r of extra) for (const b of vpcBlocks) expect(prefixesOverlap(r.destination!, b)).toBe(false);
    }
  });

  it('the router appliance of the extra routes sits in a subnet of its own, whose table routes nothing to it (RT-14: no routing loop)', () => {
    for (const hub of ['tgw', 'peering', 'none'] as const) {
      const t = generateTopology({ ...small, hub, routesPerTable: 30 });
      const appliances = t.networkInterfaces.filter((e) => e.logicalId.endsWith('Appliance'));
      expect(appliances).toHaveLength(t.vpcs.length);
      for (const eni of appliances) {
        expect(eni.sourceDestCheck).toBe(false);
        expect(t.networkInterfaces.filter((e) => e.subnetId === eni.subnetId)).toEqual([eni]);
        const own = routeTableOf(t, eni.subnetId);
        expect(own.routes.filter((r) => r.target.id === eni.id)).toEqual([]);
        const routedToIt = t.routeTables.filter((rt) => rt.routes.some((r) => r.target.id === eni.id));
        expect(routedToIt.length).toBeGreaterThan(0);
        expect(routedToIt).not.toContain(own);
      }
      expect(collectWarnings(t).filter((w) => w.includes('routing loop'))).toEqual([]);
    }
  });

  it('without extra routes there is no appliance and no subnet beyond the asked ones', () => {
    const t = generateTopology({ ...small, hub: 'tgw' });
    expect(t.networkInterfaces.some((e) => e.logicalId.endsWith('Appliance'))).toBe(false);
    expect(t.subnets).toHaveLength(small.vpcs * small.subnetsPerVpc);
  });

  it('has the security mix: web 80/443 from anywhere, app from the web SG, db from the app SG, SSH from the admin CIDR', () => {
    const t = generateTopology(small);
    const sg = (name: string) => t.securityGroups.find((g) => g.logicalId === name)!;
    expect(sg('Vpc0WebSg').ingress.map((r) => r.fromPort)).toEqual(expect.arrayContaining([80, 443]));
    expect(sg('Vpc0AppSg').ingress[0]!.peer).toEqual({ kind: 'security-group', groupId: sg('Vpc0WebSg').id });
    expect(sg('Vpc0DbSg').ingress[0]!.peer).toEqual({ kind: 'security-group', groupId: sg('Vpc0AppSg').id });
    expect(sg('Vpc0AdminSg').ingress[0]).toMatchObject({ fromPort: 22, peer: { kind: 'cidr', prefix: { text: '198.51.100.0/24' } } });
  });

  it('across seeds it produces internet gateways, NAT gateways, custom NACLs with a deny rule and S3 endpoints', () => {
    const t = generateTopology({ seed: 11, vpcs: 40, subnetsPerVpc: 3, instancesPerSubnet: 1, hub: 'tgw' });
    expect(t.internetGateways.length).toBeGreaterThan(0);
    expect(t.internetGateways.length).toBeLessThan(40);
    expect(t.natGateways.length).toBeGreaterThan(0);
    expect(t.vpcEndpoints.length).toBeGreaterThan(0);
    const custom = t.networkAcls.filter((n) => !n.isDefault);
    expect(custom.length).toBeGreaterThan(0);
    for (const acl of custom) expect(acl.entries.some((e) => e.ruleAction === 'deny' && e.ruleNumber < 100)).toBe(true);
    // ADDR-12: instances in public subnets have a public IPv4: the pool's address for the ENI's id, in model
    // order, past the addresses Elastic IPs already hold (docs/semantics.md, "Public IPv4 pool").
    const publicSubnets = new Set(t.subnets.filter((s) => s.mapPublicIpOnLaunch).map((s) => s.id));
    const publicEnis = t.networkInterfaces.filter((e) => e.kind === 'instance' && publicSubnets.has(e.subnetId));
    expect(publicEnis.length).toBeGreaterThan(0);
    const elasticIps = [...t.natGateways.map((n) => n.publicIp), ...t.networkInterfaces.flatMap((e) => e.privateIps.filter((ip) => ip.allocationId).map((ip) => ip.publicIp))];
    const pool = new DocumentedPublicIpPool(elasticIps.flatMap((a) => (a ? [a.text] : [])));
    const autoAssigned = publicEnis.filter((e) => !e.privateIps[0]!.allocationId);
    expect(autoAssigned.length).toBeGreaterThan(0);
    for (const e of autoAssigned) expect(e.privateIps[0]!.publicIp?.text, e.logicalId).toBe(pool.next(e.id));
  });

  it('scales to 1,000 VPCs x 10 subnets x 10 instances', () => {
    const t = generateTopology({ seed: 1, vpcs: 1000, subnetsPerVpc: 10, instancesPerSubnet: 10, hub: 'tgw' });
    expect(t.vpcs).toHaveLength(1000);
    expect(t.subnets).toHaveLength(10_000);
    expect(t.instances).toHaveLength(100_000);
  });

  it('rejects bad sizes with one InputError naming the option', () => {
    expect(() => generateTopology({ ...small, vpcs: 0 })).toThrow(InputError);
    expect(() => generateTopology({ ...small, vpcs: 0 })).toThrow(/^vpcs must be an integer from 1 to \d+, got 0/);
    expect(() => generateTopology({ ...small, hub: 'mesh' as never })).toThrow(/hub must be tgw, peering or none/);
    expect(() => generateTopology({ ...small, subnetsPerVpc: 256, instancesPerSubnet: 300 })).toThrow(/do not fit in one \/16 VPC/);
  });

  // One wording for either bound of vpcs: past 256 VPCs the blocks are as small as the subnets allow,
  // and the pools (10/8, 100.64/10, 172.16/12) hold fewer than 100,000 of them when subnets are many or large.
  it('bounds vpcs by what the address pools hold for the subnets, in the words of the 1-100000 range', () => {
    const sized = { seed: 1, hub: 'tgw', subnetsPerVpc: 10, instancesPerSubnet: 10 } as const;
    expect(() => checkGenerateOptions({ ...sized, vpcs: 5376 })).not.toThrow();
    expect(() => checkGenerateOptions({ ...sized, vpcs: 5377 })).toThrow(/^vpcs must be an integer from 1 to 5376, got 5377 \(VPCs of \/20 for 10 subnets of 10 instances: 5376 fit in 10\/8, 100\.64\/10 and 172\.16\/12\)$/);
    expect(() => generateTopology({ ...sized, vpcs: 100_000 })).toThrow(/^vpcs must be an integer from 1 to 5376, got 100000 /);
    // The smallest VPCs (one /24 subnet): 86,016 fit, fewer than the 100,000 of the range.
    const tiny = { seed: 1, hub: 'none', subnetsPerVpc: 1, instancesPerSubnet: 0 } as const;
    expect(() => checkGenerateOptions({ ...tiny, vpcs: 86_016 })).not.toThrow();
    expect(() => checkGenerateOptions({ ...tiny, vpcs: 100_001 })).toThrow(/^vpcs must be an integer from 1 to 86016, got 100001 \(VPCs of \/24 for 1 subnet of 0 instances: /);
    // The router appliance's subnet (routes > 0) takes a slot: 16 subnets of 10 need a /19 with it.
    expect(() => checkGenerateOptions({ ...sized, subnetsPerVpc: 16, vpcs: 3000 })).not.toThrow();
    expect(() => checkGenerateOptions({ ...sized, subnetsPerVpc: 16, routesPerTable: 1, vpcs: 3000 })).toThrow(/from 1 to 2688, got 3000 \(VPCs of \/19 /);
  });
});
