// The shipped examples import, pass validation, and say what their descriptions claim.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCloudFormation } from '../../src/import/cloudformation/index.js';
import { resolveTemplate } from '../../src/import/cloudformation/template.js';
import { loadTopologyFromText } from '../../src/import/load-text.js';
import type { Topology } from '../../src/model/types.js';
import { DocumentedPublicIpPool } from '../helpers/public-ip-pool.js';

const DIR = join(import.meta.dirname, '../../examples');
const examples = readdirSync(DIR).filter((f) => f.endsWith('.yaml')).sort();
const read = (name: string) => readFileSync(join(DIR, name), 'utf8');
const json = (t: Topology) => JSON.stringify(t, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));

describe('examples/*.yaml', () => {
  it('there are examples, including the demo input two-tier.yaml', () => {
    expect(examples).toContain('two-tier.yaml');
    expect(examples.length).toBeGreaterThanOrEqual(5);
  });

  for (const name of examples) {
    it(`${name}: imports with no warnings, validates, and imports identically twice`, () => {
      const warnings: string[] = [];
      const t = loadTopologyFromText(read(name), name, { warn: (m) => warnings.push(m) });
      expect(warnings).toEqual([]);
      expect(t.vpcs.length).toBeGreaterThan(0);
      expect(json(importCloudFormation(read(name), name))).toBe(json(importCloudFormation(read(name), name)));
    });
  }

  it('two-tier.yaml: the lab as described (NAT egress, EIP web server, bastion, custom NACLs with ephemeral ports)', () => {
    const t = importCloudFormation(read('two-tier.yaml'), 'two-tier.yaml');
    const byLid = <T extends { logicalId: string }>(xs: T[], lid: string) => xs.find((x) => x.logicalId === lid)!;
    const eni = (lid: string) => t.networkInterfaces.find((e) => e.logicalId === lid)!.privateIps[0]!;
    // The template's Elastic IPs get the pool's addresses for their allocation ids, in logical-id order
    // (docs/semantics.md, "Public IPv4 pool"); then ADDR-12 auto-assigns the rest past them.
    const allocationId = resolveTemplate(read('two-tier.yaml'), 'two-tier.yaml').physicalIds;
    const pool = new DocumentedPublicIpPool();
    const natEip = pool.next(allocationId.get('NatEip')!);
    const webEip = pool.next(allocationId.get('WebEip')!);
    // ADDR-14: the Elastic IP replaces the auto-assigned address of the MapPublicIpOnLaunch subnet.
    expect(eni('WebServer.eth0')).toMatchObject({ allocationId: allocationId.get('WebEip'), publicIp: { text: webEip } });
    expect(eni('Bastion.eth0').publicIp?.text).toBe(pool.next(t.networkInterfaces.find((e) => e.logicalId === 'Bastion.eth0')!.id));
    expect(eni('AppServer.eth0').publicIp).toBeUndefined();
    expect(byLid(t.routeTables, 'PrivateRouteTable').routes.map((r) => r.target.kind)).toEqual(['nat-gateway']);
    // GW-7: the public NAT gateway carries its Elastic IP.
    expect(t.natGateways[0]!.publicIp?.text).toBe(natEip);
    const publicAcl = byLid(t.networkAcls, 'PublicAcl');
    expect(publicAcl.entries.some((e) => !e.egress && e.portRange?.from === 1024 && e.portRange.to === 65535)).toBe(true);
    expect(t.subnets.map((s) => s.cidrBlock?.text).sort()).toEqual(['10.0.0.0/24', '10.0.1.0/24']);
  });

  it('two-tier.yaml: AllowedValues and AllowedPattern guard the parameters', () => {
    expect(() => importCloudFormation(read('two-tier.yaml'), 'two-tier.yaml', { params: { Environment: 'staging' } })).toThrow(/AllowedValues/);
    expect(() => importCloudFormation(read('two-tier.yaml'), 'two-tier.yaml', { params: { AdminCidr: 'anywhere' } })).toThrow(/AllowedPattern/);
    const t = importCloudFormation(read('two-tier.yaml'), 'two-tier.yaml', { params: { AdminCidr: '192.0.2.0/24' } });
    const bastionSg = t.securityGroups.find((g) => g.logicalId === 'BastionSg')!;
    expect(bastionSg.ingress[0]!.peer).toMatchObject({ kind: 'cidr', prefix: { text: '192.0.2.0/24' } });
  });
});
