import { describe, expect, it } from 'vitest';
import { finalizeTopology } from '../../src/model/finalize.js';
import { parseAddress, parsePrefix } from '../../src/model/ip.js';
import { emptyTopology, type NetworkInterface, type Topology } from '../../src/model/types.js';
import { InputError } from '../../src/model/errors.js';
import { DocumentedPublicIpPool } from '../helpers/public-ip-pool.js';

function base(opts: { v6?: boolean; mapPublic?: boolean } = {}): Topology {
  const t = emptyTopology();
  t.vpcs.push({
    id: 'vpc-1',
    logicalId: 'Vpc',
    cidrBlocks: [parsePrefix('10.0.0.0/16')],
    ipv6CidrBlocks: opts.v6 ? [parsePrefix('2600:1f18:1::/56')] : [],
    mainRouteTableId: 'rtb-main',
    defaultNetworkAclId: 'acl-default',
    defaultSecurityGroupId: 'sg-default',
  });
  t.subnets.push({
    id: 'subnet-a',
    logicalId: 'SubnetA',
    vpcId: 'vpc-1',
    availabilityZone: 'us-east-1a',
    cidrBlock: parsePrefix('10.0.1.0/24'),
    ipv6CidrBlock: opts.v6 ? parsePrefix('2600:1f18:1:1::/64') : undefined,
    mapPublicIpOnLaunch: opts.mapPublic ?? false,
  });
  return t;
}

function eni(id: string, logicalId: string, extra: Partial<NetworkInterface> = {}): NetworkInterface {
  return { id, logicalId, subnetId: 'subnet-a', kind: 'interface', privateIps: [], ipv6Addresses: [], securityGroupIds: [], sourceDestCheck: true, ...extra };
}

describe('finalizeTopology: VPC defaults', () => {
  it('RT-1: creates the main route table when its id is missing', () => {
    const t = finalizeTopology(base());
    const main = t.routeTables.filter((r) => r.main);
    expect(main.map((r) => [r.id, r.vpcId])).toEqual([['rtb-main', 'vpc-1']]);
    expect(main[0]!.routes).toEqual([]);
  });

  it('NACL-2: default NACL allows all IPv4 with rule 100 both ways, and no IPv6 rule without IPv6', () => {
    const t = finalizeTopology(base());
    const acl = t.networkAcls.find((a) => a.id === 'acl-default')!;
    expect(acl.isDefault).toBe(true);
    expect(acl.entries.map((e) => `${e.ruleNumber} ${e.egress ? 'out' : 'in'} ${e.protocol} ${e.ruleAction} ${e.cidr.text}`).sort()).toEqual([
      '100 in -1 allow 0.0.0.0/0',
      '100 out -1 allow 0.0.0.0/0',
    ]);
  });

  it('NACL-2: default NACL of an IPv6 VPC adds rule 101 for ::/0 both ways', () => {
    const t = finalizeTopology(base({ v6: true }));
    const acl = t.networkAcls.find((a) => a.id === 'acl-default')!;
    expect(acl.entries.filter((e) => e.ruleNumber === 101).map((e) => [e.egress, e.cidr.text])).toEqual([
      [false, '::/0'],
      [true, '::/0'],
    ]);
  });

  it('SG-8: default SG allows inbound from itself and all outbound (v6 too when the VPC has IPv6)', () => {
    const v4 = finalizeTopology(base()).securityGroups.find((g) => g.id === 'sg-default')!;
    expect(v4.ingress).toEqual([{ protocol: -1, fromPort: -1, toPort: -1, peer: { kind: 'security-group', groupId: 'sg-default' } }]);
    expect(v4.egress.map((r) => (r.peer.kind === 'cidr' ? r.peer.prefix.text : '?'))).toEqual(['0.0.0.0/0']);
    const v6 = finalizeTopology(base({ v6: true })).securityGroups.find((g) => g.id === 'sg-default')!;
    expect(v6.egress.map((r) => (r.peer.kind === 'cidr' ? r.peer.prefix.text : '?'))).toEqual(['0.0.0.0/0', '::/0']);
  });

  it('keeps existing defaults untouched (snapshot defaults win)', () => {
    const t = base();
    t.networkAcls.push({ id: 'acl-default', logicalId: 'acl-default', vpcId: 'vpc-1', isDefault: true, entries: [], subnetIds: [] });
    finalizeTopology(t);
    expect(t.networkAcls).toHaveLength(1);
    expect(t.networkAcls[0]!.entries).toEqual([]);
  });

  it('generates default ids when a VPC has none', () => {
    const t = base();
    t.vpcs[0]!.mainRouteTableId = '';
    finalizeTopology(t);
    expect(t.vpcs[0]!.mainRouteTableId).toMatch(/^rtb-0[0-9a-f]{16}$/);
    expect(t.routeTables.some((r) => r.id === t.vpcs[0]!.mainRouteTableId)).toBe(true);
  });

  it('is idempotent', () => {
    const t = base({ v6: true, mapPublic: true });
    t.networkInterfaces.push(eni('eni-1', 'B', { kind: 'instance', deviceIndex: 0 }), eni('eni-2', 'A'));
    t.natGateways.push({ id: 'nat-1', logicalId: 'Nat', subnetId: 'subnet-a', connectivityType: 'public', networkInterfaceId: '', state: 'available' });
    const once = JSON.stringify(finalizeTopology(t), (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
    const twice = JSON.stringify(finalizeTopology(t), (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
    expect(twice).toBe(once);
  });
});

describe('finalizeTopology: addresses', () => {
  it('ADDR-11: lowest free non-reserved address, in logical-id order, skipping declared ones', () => {
    const t = base();
    t.networkInterfaces.push(
      eni('eni-z', 'Zed'),
      eni('eni-a', 'Alpha'),
      eni('eni-d', 'Declared', { privateIps: [{ primary: true, address: parseAddress('10.0.1.5') }] }),
    );
    finalizeTopology(t);
    const ip = (id: string) => t.networkInterfaces.find((e) => e.id === id)!.privateIps[0]!.address!.text;
    // ADDR-7: .0-.3 reserved, so .4 is the first; .5 is declared.
    expect(ip('eni-a')).toBe('10.0.1.4');
    expect(ip('eni-z')).toBe('10.0.1.6');
    expect(ip('eni-d')).toBe('10.0.1.5');
  });

  it('ADDR-11: a full subnet is an InputError naming the subnet and ENI', () => {
    const t = base();
    t.subnets[0]!.cidrBlock = parsePrefix('10.0.1.0/28'); // 16 - 5 reserved = 11 usable
    for (let i = 0; i < 12; i++) t.networkInterfaces.push(eni(`eni-${i}`, `E${String(i).padStart(2, '0')}`));
    expect(() => finalizeTopology(t)).toThrow(InputError);
    expect(() => finalizeTopology(t)).toThrow(/SubnetA.*E11/);
  });

  it('allocates counted IPv6 addresses after the four reserved ones (ADDR-8)', () => {
    const t = base({ v6: true });
    t.networkInterfaces.push(eni('eni-1', 'A', { ipv6AddressCount: 2 }));
    finalizeTopology(t);
    expect(t.networkInterfaces[0]!.ipv6Addresses.map((a) => a.text)).toEqual(['2600:1f18:1:1::4', '2600:1f18:1:1::5']);
  });

  it('ADDR-12: primary instance ENI in a MapPublicIpOnLaunch subnet gets a public IPv4; ADDR-13: secondary does not', () => {
    const t = base({ mapPublic: true });
    t.networkInterfaces.push(eni('eni-0', 'P', { kind: 'instance', deviceIndex: 0 }), eni('eni-1', 'S', { kind: 'instance', deviceIndex: 1 }));
    finalizeTopology(t);
    // The pool's address for the ENI's id (docs/semantics.md, "Public IPv4 pool").
    expect(t.networkInterfaces[0]!.privateIps[0]!.publicIp).toMatchObject({ family: 4, text: new DocumentedPublicIpPool().next('eni-0') });
    expect(t.networkInterfaces[1]!.privateIps[0]!.publicIp).toBeUndefined();
  });

  it('ADDR-12: AssociatePublicIpAddress overrides the subnet attribute both ways', () => {
    const on = base({ mapPublic: false });
    on.networkInterfaces.push(eni('eni-0', 'P', { kind: 'instance', deviceIndex: 0, associatePublicIpAddress: true }));
    expect(finalizeTopology(on).networkInterfaces[0]!.privateIps[0]!.publicIp?.text).toBe(new DocumentedPublicIpPool().next('eni-0'));
    const off = base({ mapPublic: true });
    off.networkInterfaces.push(eni('eni-0', 'P', { kind: 'instance', deviceIndex: 0, associatePublicIpAddress: false }));
    expect(finalizeTopology(off).networkInterfaces[0]!.privateIps[0]!.publicIp).toBeUndefined();
  });

  it('ADDR-14: an Elastic IP already on the primary address is kept', () => {
    const t = base({ mapPublic: true });
    const eip = parseAddress('52.1.2.3');
    t.networkInterfaces.push(eni('eni-0', 'P', { kind: 'instance', deviceIndex: 0, privateIps: [{ primary: true, publicIp: eip, allocationId: 'eipalloc-1' }] }));
    finalizeTopology(t);
    expect(t.networkInterfaces[0]!.privateIps[0]!.publicIp!.text).toBe('52.1.2.3');
  });
});

describe('finalizeTopology: service ENIs and default groups', () => {
  it('SG-9: an ENI without groups gets the default SG; SG-16: NAT gateway ENIs get none', () => {
    const t = base();
    t.networkInterfaces.push(eni('eni-1', 'A'));
    t.natGateways.push({ id: 'nat-1', logicalId: 'Nat', subnetId: 'subnet-a', connectivityType: 'public', networkInterfaceId: '', state: 'available', publicIp: parseAddress('52.0.0.9') });
    finalizeTopology(t);
    expect(t.networkInterfaces.find((e) => e.id === 'eni-1')!.securityGroupIds).toEqual(['sg-default']);
    const natEni = t.networkInterfaces.find((e) => e.kind === 'nat-gateway')!;
    expect(natEni.id).toBe(t.natGateways[0]!.networkInterfaceId);
    expect(natEni.securityGroupIds).toEqual([]);
    expect(natEni.privateIps[0]!.publicIp!.text).toBe('52.0.0.9');
    // ADDR-11: the lowest free address after the four reserved ones, ENIs in logical-id order: 'A' gets .4, then the NAT gateway's ENI.
    expect(natEni.logicalId).toBe('Nat.NetworkInterface');
    expect(natEni.privateIps[0]!.address?.text).toBe('10.0.1.5');
  });

  it('TGW-9 / VPCE-8 / NFW-1: one ENI per attachment, endpoint and firewall subnet', () => {
    const t = base();
    t.transitGatewayAttachments.push({ id: 'tgw-attach-1', logicalId: 'Att', transitGatewayId: 'tgw-1', resourceType: 'vpc', resourceId: 'vpc-1', subnetIds: ['subnet-a'], networkInterfaceIds: [], applianceModeSupport: false, securityGroupReferencingSupport: false, state: 'available' });
    t.vpcEndpoints.push({ id: 'vpce-1', logicalId: 'Ep', vpcId: 'vpc-1', serviceName: 'com.amazonaws.us-east-1.ssm', type: 'Interface', routeTableIds: [], subnetIds: ['subnet-a'], securityGroupIds: [], networkInterfaceIds: [], privateDnsEnabled: true, policy: 'allow' });
    t.networkFirewalls.push({ id: 'fw-1', logicalId: 'Fw', vpcId: 'vpc-1', firewallPolicyId: 'fp', endpoints: [{ availabilityZone: 'us-east-1a', subnetId: 'subnet-a', endpointId: 'vpce-fw', networkInterfaceId: '' }] });
    finalizeTopology(t);
    const kinds = t.networkInterfaces.map((e) => [e.kind, e.ownerId, e.securityGroupIds]);
    expect(kinds).toEqual([
      ['transit-gateway-attachment', 'tgw-attach-1', []],
      ['vpc-endpoint', 'vpce-1', ['sg-default']],
      ['firewall-endpoint', 'fw-1', []],
    ]);
    expect(t.transitGatewayAttachments[0]!.networkInterfaceIds).toEqual([t.networkInterfaces[0]!.id]);
    expect(t.vpcEndpoints[0]!.securityGroupIds).toEqual(['sg-default']);
  });

  it('gives an instance without interfaces a primary ENI in its subnet', () => {
    const t = base();
    t.instances.push({ id: 'i-1', logicalId: 'Web', subnetId: 'subnet-a', networkInterfaceIds: [], state: 'running' });
    finalizeTopology(t);
    const e = t.networkInterfaces.find((x) => x.id === t.instances[0]!.networkInterfaceIds[0])!;
    expect([e.kind, e.deviceIndex, e.ownerId, e.privateIps[0]!.address!.text]).toEqual(['instance', 0, 'i-1', '10.0.1.4']);
  });
});
