// C-7: a snapshot directory holds whatever `aws ec2 describe-*` printed. describe-addresses ("Elastic IP
// addresses", Amazon EC2 User Guide: an associated Elastic IP maps to one private IP, ADDR-14) and
// describe-availability-zones ("DescribeAvailabilityZones", Amazon EC2 API Reference) are read; other outputs
// are skipped with one warning each; deleted, deleting and failed resources are left out with the references
// between them, and a live resource pointing at a left-out one is a warning. Fixtures are in the AWS CLI's
// output shape (wrapper keys, NextToken).
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { importSnapshot, type SnapshotDocument } from '../../src/import/snapshot/index.js';
import { FIXTURES, loadDir } from './snapshot-load.js';

const base = (): SnapshotDocument[] => loadDir('account');
const withDoc = (docs: SnapshotDocument[], file: string, json: unknown): SnapshotDocument[] => [...docs, { file: `account/${file}`, json }];
const replaceDoc = (docs: SnapshotDocument[], file: string, edit: (json: any) => void): SnapshotDocument[] =>
  docs.map((d) => {
    if (!d.file.endsWith(file)) return d;
    const json = structuredClone(d.json);
    edit(json);
    return { ...d, json };
  });
const load = (docs: SnapshotDocument[]) => {
  const warnings: string[] = [];
  const t = importSnapshot(docs, { warn: (m) => warnings.push(m) });
  return { t, warnings };
};

describe('C-7: other describe-* outputs in a snapshot directory', () => {
  it('C-7: describe-vpc-endpoint-services output is skipped with one warning; the rest imports as before', () => {
    const services = { ServiceNames: ['com.amazonaws.us-east-1.s3'], ServiceDetails: [{ ServiceName: 'com.amazonaws.us-east-1.s3', ServiceType: [{ ServiceType: 'Gateway' }] }] };
    const before = load(base());
    const after = load(withDoc(base(), 'describe-vpc-endpoint-services.json', services));
    expect(after.warnings.filter((w) => w.includes('describe-vpc-endpoint-services.json'))).toEqual([
      "account/describe-vpc-endpoint-services.json: 'ServiceNames', 'ServiceDetails': not a describe-* output vpcsim reads; skipped",
    ]);
    expect({ ...after.t, warnings: [] }).toEqual({ ...before.t, warnings: [] });
  });

  it('C-7: `vpcsim validate <dir>` with describe-addresses, -availability-zones and -vpc-endpoint-services files exits 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpcsim-c7-'));
    cpSync(join(FIXTURES, 'account'), dir, { recursive: true });
    writeFileSync(join(dir, 'describe-addresses.json'), JSON.stringify({ Addresses: [{ PublicIp: '203.0.113.26', AllocationId: 'eipalloc-0d0d0d0d0d0d0d0d0', Domain: 'vpc', PublicIpv4Pool: 'amazon', NetworkBorderGroup: 'us-east-1' }] }));
    writeFileSync(join(dir, 'describe-availability-zones.json'), JSON.stringify({ AvailabilityZones: [{ State: 'available', RegionName: 'us-east-1', ZoneName: 'us-east-1a', ZoneId: 'use1-az6', ZoneType: 'availability-zone' }] }));
    writeFileSync(join(dir, 'describe-vpc-endpoint-services.json'), JSON.stringify({ ServiceNames: ['com.amazonaws.us-east-1.s3'], ServiceDetails: [] }));
    const run = await runCli('validate', dir);
    expect(run.stderr.split('\n').filter((l) => l.includes('describe-vpc-endpoint-services'))).toHaveLength(1);
    expect(run.code).toBe(0);
  });

  it('C-7: a single file that is not a describe-* output is still bad input', () => {
    expect(() => importSnapshot([{ file: 'x.json', json: { ServiceNames: [] } }])).toThrow(/is neither a CloudFormation template nor a describe-\* snapshot/);
  });

  it('C-7: describe-availability-zones gives the Region (C-5)', () => {
    const zones = { AvailabilityZones: [
      { State: 'available', OptInStatus: 'opt-in-not-required', Messages: [], RegionName: 'us-east-1', ZoneName: 'us-east-1a', ZoneId: 'use1-az6', GroupName: 'us-east-1', NetworkBorderGroup: 'us-east-1', ZoneType: 'availability-zone' },
      { State: 'available', OptInStatus: 'opt-in-not-required', Messages: [], RegionName: 'us-east-1', ZoneName: 'us-east-1b', ZoneId: 'use1-az1', GroupName: 'us-east-1', NetworkBorderGroup: 'us-east-1', ZoneType: 'availability-zone' },
    ] };
    expect(load([{ file: 'zones.json', json: zones }, { file: 'vpcs.json', json: { Vpcs: [{ VpcId: 'vpc-1', CidrBlock: '10.0.0.0/16', State: 'available' }] } }]).t.region).toBe('us-east-1');
    const west = { AvailabilityZones: [{ ...zones.AvailabilityZones[0], RegionName: 'eu-west-1', ZoneName: 'eu-west-1a' }] };
    expect(load([{ file: 'zones.json', json: west }, { file: 'vpcs.json', json: { Vpcs: [{ VpcId: 'vpc-1', CidrBlock: '10.0.0.0/16', State: 'available' }] } }]).t.region).toBe('eu-west-1');
  });

  it('C-7, ADDR-14: describe-addresses associates an Elastic IP with the private IP it names', () => {
    const { t } = load(base());
    const eni = t.networkInterfaces.find((e) => e.kind === 'instance' && !e.privateIps[0]!.publicIp)!;
    expect(eni).toBeDefined();
    const addresses = { Addresses: [
      { PublicIp: '203.0.113.25', AllocationId: 'eipalloc-0c7c7c7c7c7c7c7c7', AssociationId: 'eipassoc-01', Domain: 'vpc', NetworkInterfaceId: eni.id, NetworkInterfaceOwnerId: '111122223333', PrivateIpAddress: eni.privateIps[0]!.address!.text, PublicIpv4Pool: 'amazon', NetworkBorderGroup: 'us-east-1' },
      { PublicIp: '203.0.113.26', AllocationId: 'eipalloc-0d0d0d0d0d0d0d0d0', Domain: 'vpc', PublicIpv4Pool: 'amazon', NetworkBorderGroup: 'us-east-1' },
    ] };
    const after = load(withDoc(base(), 'describe-addresses.json', addresses)).t;
    const ip = after.networkInterfaces.find((e) => e.id === eni.id)!.privateIps[0]!;
    expect([ip.publicIp?.text, ip.allocationId]).toEqual(['203.0.113.25', 'eipalloc-0c7c7c7c7c7c7c7c7']);
  });

  it('C-7: NextToken pages of one output in several files are read together, without the one-page warning', () => {
    const docs = base();
    const vpcs = docs.find((d) => d.file.endsWith('describe-vpcs.json'))!.json as { Vpcs: unknown[] };
    expect(vpcs.Vpcs.length).toBeGreaterThan(1);
    const paged = [
      ...docs.filter((d) => d !== docs.find((x) => x.file.endsWith('describe-vpcs.json'))),
      { file: 'account/describe-vpcs.1.json', json: { Vpcs: vpcs.Vpcs.slice(0, 1), NextToken: 'eyJ2IjoxfQ==' } },
      { file: 'account/describe-vpcs.2.json', json: { Vpcs: vpcs.Vpcs.slice(1) } },
    ];
    const { t, warnings } = load(paged);
    expect(warnings.filter((w) => w.includes('NextToken'))).toEqual([]);
    expect(t.vpcs.length).toBe(vpcs.Vpcs.length);
    const lone = load([...paged.slice(0, -1)]);
    expect(lone.warnings.filter((w) => w.includes('NextToken'))).toHaveLength(1);
  });
});

describe('C-7: deleted, deleting and failed resources are left out, with the references between them', () => {
  const vpnId = 'vpn-0a1b2c3d4e5f60060';
  const attId = 'tgw-attach-0d4e5f6a7b8c90010';
  const deleteVpn = (docs: SnapshotDocument[]) => replaceDoc(docs, 'describe-vpn-connections.json', (j) => { for (const v of j.VpnConnections) if (v.VpnConnectionId === vpnId) v.State = 'deleted'; });
  const deleteAttachment = (docs: SnapshotDocument[]) => replaceDoc(docs, 'describe-transit-gateway-attachments.json', (j) => { for (const a of j.TransitGatewayAttachments) if (a.TransitGatewayAttachmentId === attId) a.State = 'deleted'; });

  it('C-7: a deleted TGW attachment whose VPN is deleted too imports (both left out, no warning about them)', () => {
    const { t, warnings } = load(deleteAttachment(deleteVpn(base())));
    expect(t.vpnConnections.map((v) => v.id)).not.toContain(vpnId);
    expect(t.transitGatewayAttachments.map((a) => a.id)).not.toContain(attId);
    for (const rt of t.transitGatewayRouteTables) expect([...rt.associationAttachmentIds, ...rt.propagationAttachmentIds, ...rt.routes.map((r) => r.attachmentId)]).not.toContain(attId);
    expect(warnings.filter((w) => w.includes(attId) && w.includes('VPN connection'))).toEqual([]);
  });

  it('C-7: a live attachment pointing at a deleted VPN is a warning and is left out', () => {
    const { t, warnings } = load(deleteVpn(base()));
    expect(t.transitGatewayAttachments.map((a) => a.id)).not.toContain(attId);
    expect(warnings).toContain(`TransitGatewayAttachment '${attId}' (state available) is attached to VPN connection '${vpnId}', which is deleted; left out`);
  });

  it('C-7: a route table still naming a failed attachment gets a warning, and the reference is dropped', () => {
    const failed = replaceDoc(base(), 'describe-transit-gateway-attachments.json', (j) => { for (const a of j.TransitGatewayAttachments) if (a.TransitGatewayAttachmentId === attId) a.State = 'failed'; });
    const { t, warnings } = load(failed);
    expect(t.transitGatewayAttachments.map((a) => a.id)).not.toContain(attId);
    for (const rt of t.transitGatewayRouteTables) expect([...rt.associationAttachmentIds, ...rt.propagationAttachmentIds]).not.toContain(attId);
    expect(warnings.some((w) => w.includes(`names attachment '${attId}', which is deleted or failed; left out`))).toBe(true);
  });
});
