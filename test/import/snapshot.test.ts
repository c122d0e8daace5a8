// describe-* snapshot importer: each top-level key mapped to the model, checked against the AWS rule
// it implements (SEMANTICS.md ids) on realistic AWS CLI output (test/fixtures/snapshot/account).
import { beforeAll, describe, expect, it } from 'vitest';
import { importSnapshot, SNAPSHOT_KEYS } from '../../src/import/snapshot/index.js';
import type { Topology } from '../../src/model/types.js';
import { loadDir, loadFile } from './snapshot-load.js';

const APP = 'vpc-0a1b2c3d4e5f67890';
const SHARED = 'vpc-0b2c3d4e5f6a78901';
const DATA = 'vpc-0c3d4e5f6a7b89012';

let t: Topology;
let warnings: string[];

beforeAll(() => {
  warnings = [];
  t = importSnapshot(loadDir('account'), { warn: (m) => warnings.push(m) });
});

function byId<T extends { id: string }>(list: T[], id: string): T {
  const found = list.find((x) => x.id === id);
  if (!found) throw new Error(`no ${id}`);
  return found;
}

describe('snapshot: region, account, ids', () => {
  it('C-5: the Region comes from the Availability Zones; the account from OwnerId', () => {
    expect(t.region).toBe('us-east-1');
    expect(t.accountId).toBe('111122223333');
  });

  it('C-5: --region wins over the zones', () => {
    expect(importSnapshot(loadDir('account'), { region: 'eu-west-1' }).region).toBe('eu-west-1');
  });

  it('physical id = AWS id, logicalId = physical id, name = Name tag', () => {
    const vpc = byId(t.vpcs, APP);
    expect(vpc.logicalId).toBe(APP);
    expect(vpc.name).toBe('app');
    expect(byId(t.networkInterfaces, 'eni-0aa00000000000011').name).toBe('web-1-eth0'); // TagSet
  });

  it('SNAPSHOT_KEYS lists the describe-* keys read', () => {
    for (const key of ['Vpcs', 'Subnets', 'RouteTables', 'NetworkAcls', 'SecurityGroups', 'NetworkInterfaces', 'Reservations',
      'InternetGateways', 'EgressOnlyInternetGateways', 'NatGateways', 'VpcPeeringConnections', 'TransitGateways',
      'TransitGatewayAttachments', 'TransitGatewayVpcAttachments', 'TransitGatewayRouteTables', 'Routes', 'VpnGateways',
      'CustomerGateways', 'VpnConnections', 'VpcEndpoints', 'PrefixLists', 'Entries', 'Associations',
      'TransitGatewayRouteTablePropagations', 'directConnectGateways', 'virtualInterfaces', 'connections']) {
      expect(SNAPSHOT_KEYS.has(key), key).toBe(true);
    }
    expect(SNAPSHOT_KEYS.has('Resources')).toBe(false);
  });
});

describe('snapshot: Vpcs and Subnets', () => {
  it('ADDR-1/ADDR-2: primary block first; disassociated blocks are left out', () => {
    expect(byId(t.vpcs, APP).cidrBlocks.map((p) => p.text)).toEqual(['10.0.0.0/16']);
  });

  it('secondary and IPv6 blocks', () => {
    const s = importSnapshot([{ file: 'v.json', json: { Vpcs: [{
      VpcId: 'vpc-0123456789abcdef0', CidrBlock: '10.0.0.0/16', OwnerId: '222233334444',
      CidrBlockAssociationSet: [
        { CidrBlock: '10.0.0.0/16', CidrBlockState: { State: 'associated' } },
        { CidrBlock: '10.5.0.0/16', CidrBlockState: { State: 'associated' } },
      ],
      Ipv6CidrBlockAssociationSet: [{ Ipv6CidrBlock: '2600:1f18:1234:5600::/56', Ipv6CidrBlockState: { State: 'associated' } }],
    }] } }]);
    expect(s.vpcs[0]!.cidrBlocks.map((p) => p.text)).toEqual(['10.0.0.0/16', '10.5.0.0/16']);
    expect(s.vpcs[0]!.ipv6CidrBlocks.map((p) => p.text)).toEqual(['2600:1f18:1234:5600::/56']);
    expect(s.accountId).toBe('222233334444');
  });

  it('subnet fields', () => {
    const pub = byId(t.subnets, 'subnet-0a11111111111111a');
    expect(pub).toMatchObject({ vpcId: APP, availabilityZone: 'us-east-1a', mapPublicIpOnLaunch: true, name: 'app-public-a' });
    expect(pub.cidrBlock?.text).toBe('10.0.0.0/24');
    expect(byId(t.subnets, 'subnet-0a22222222222222b').mapPublicIpOnLaunch).toBe(false);
  });
});

describe('snapshot: RouteTables', () => {
  it('RT-2: local routes are implied, not imported', () => {
    for (const rt of t.routeTables) for (const r of rt.routes) expect(r.target.kind).not.toBe('local');
    expect(byId(t.routeTables, 'rtb-0a000000000000001').routes).toEqual([]);
  });

  it('RT-1: the main association makes the main route table of the VPC', () => {
    expect(byId(t.routeTables, 'rtb-0a000000000000001').main).toBe(true);
    expect(byId(t.routeTables, 'rtb-0a000000000000002').main).toBe(false);
    expect(byId(t.vpcs, APP).mainRouteTableId).toBe('rtb-0a000000000000001');
    expect(byId(t.vpcs, DATA).mainRouteTableId).toBe('rtb-0c000000000000001');
    expect(byId(t.routeTables, 'rtb-0a000000000000003').subnetIds).toEqual(['subnet-0a22222222222222b']);
  });

  it('RT-9: targets by field and by GatewayId prefix', () => {
    const routes = byId(t.routeTables, 'rtb-0a000000000000003').routes;
    const to = (cidr: string) => routes.find((r) => r.destination?.text === cidr)?.target;
    expect(to('0.0.0.0/0')).toEqual({ kind: 'nat-gateway', id: 'nat-0a1b2c3d4e5f60002' });
    expect(to('10.1.0.0/16')).toEqual({ kind: 'vpc-peering-connection', id: 'pcx-0a1b2c3d4e5f60030' });
    expect(to('10.2.0.0/16')).toEqual({ kind: 'transit-gateway', id: 'tgw-0a1b2c3d4e5f60040' });
    expect(byId(t.routeTables, 'rtb-0a000000000000002').routes[0]!.target).toEqual({ kind: 'internet-gateway', id: 'igw-0a1b2c3d4e5f60001' });
  });

  it('VPCE-2: the gateway endpoint route has the prefix list as destination', () => {
    const r = byId(t.routeTables, 'rtb-0a000000000000003').routes.find((x) => x.destinationPrefixListId);
    expect(r).toMatchObject({ destinationPrefixListId: 'pl-63a5400a', target: { kind: 'vpc-endpoint', id: 'vpce-0a1b2c3d4e5f60020' } });
    expect(r?.destination).toBeUndefined();
  });

  it('RT-10: State blackhole is kept on the route', () => {
    const r = byId(t.routeTables, 'rtb-0a000000000000003').routes.find((x) => x.destination?.text === '10.50.0.0/16');
    expect(r?.state).toBe('blackhole');
    expect(byId(t.routeTables, 'rtb-0a000000000000003').routes.filter((x) => x.state === 'blackhole')).toHaveLength(1);
  });

  it('RT-12: propagated routes keep their origin; PropagatingVgws enable propagation', () => {
    const rt = byId(t.routeTables, 'rtb-0b000000000000001');
    expect(rt.propagatingVgwIds).toEqual(['vgw-0b1c2d3e4f5a60050']);
    const r = rt.routes.find((x) => x.destination?.text === '172.20.0.0/16');
    expect(r).toMatchObject({ origin: 'EnableVgwRoutePropagation', target: { kind: 'vpn-gateway', id: 'vgw-0b1c2d3e4f5a60050' } });
  });

  it('RT-9: instance routes go to the ENI AWS lists; edge associations; unsupported targets warn', () => {
    const w: string[] = [];
    const s = importSnapshot([{ file: 'rt.json', json: { RouteTables: [{
      RouteTableId: 'rtb-0123456789abcdef0', VpcId: 'vpc-0123456789abcdef0',
      Associations: [{ Main: false, GatewayId: 'igw-0123456789abcdef0', AssociationState: { State: 'associated' } },
        { Main: false, SubnetId: 'subnet-0123456789abcdef0', AssociationState: { State: 'disassociated' } }],
      Routes: [
        { DestinationCidrBlock: '10.9.0.0/16', InstanceId: 'i-0123456789abcdef0', InstanceOwnerId: '111122223333', NetworkInterfaceId: 'eni-0123456789abcdef0', Origin: 'CreateRoute', State: 'active' },
        { DestinationIpv6CidrBlock: '::/0', EgressOnlyInternetGatewayId: 'eigw-0123456789abcdef0', Origin: 'CreateRoute', State: 'active' },
        { DestinationCidrBlock: '10.8.0.0/16', CarrierGatewayId: 'cagw-0123456789abcdef0', Origin: 'CreateRoute', State: 'active' },
        { DestinationCidrBlock: '10.7.0.0/16', Origin: 'CreateRoute', State: 'blackhole' },
      ],
    }] } }], { warn: (m) => w.push(m) });
    const rt = s.routeTables.find((r) => r.id === 'rtb-0123456789abcdef0')!;
    expect(rt.gatewayIds).toEqual(['igw-0123456789abcdef0']);
    expect(rt.subnetIds).toEqual([]);
    expect(rt.routes.map((r) => [r.destination?.text, r.target.kind, r.target.id])).toEqual([
      ['10.9.0.0/16', 'network-interface', 'eni-0123456789abcdef0'],
      ['::/0', 'egress-only-internet-gateway', 'eigw-0123456789abcdef0'],
      ['10.7.0.0/16', 'blackhole', undefined],
    ]);
    expect(w.some((m) => m.includes('CarrierGatewayId') && m.includes('10.8.0.0/16'))).toBe(true);
  });
});

describe('snapshot: NetworkAcls', () => {
  it('NACL-5: the * rule (32767) is implied and not imported; rule numbers and actions kept', () => {
    const acl = byId(t.networkAcls, 'acl-0c0000000000000c1');
    expect(acl.entries.map((e) => e.ruleNumber).sort((a, b) => a - b)).toEqual([100, 100, 110, 120, 150, 200]);
    expect(acl.entries.find((e) => e.ruleNumber === 150)).toMatchObject({ egress: true, ruleAction: 'deny', protocol: -1 });
  });

  it('NACL-7: protocol numbers, TCP port ranges, ICMP type/code', () => {
    const acl = byId(t.networkAcls, 'acl-0c0000000000000c1');
    const in100 = acl.entries.find((e) => e.ruleNumber === 100 && !e.egress)!;
    expect(in100).toMatchObject({ protocol: 6, portRange: { from: 5432, to: 5432 } });
    expect(in100.cidr.text).toBe('10.0.0.0/16');
    expect(acl.entries.find((e) => e.ruleNumber === 110)).toMatchObject({ protocol: 1, icmp: { type: 8, code: -1 } });
  });

  it('NACL-1: default ACL of each VPC and explicit subnet associations', () => {
    expect(byId(t.vpcs, DATA).defaultNetworkAclId).toBe('acl-0c0000000000000d1');
    expect(byId(t.networkAcls, 'acl-0c0000000000000c1')).toMatchObject({ isDefault: false, subnetIds: ['subnet-0c11111111111111a'] });
    expect(byId(t.networkAcls, 'acl-0a0000000000000d1').subnetIds).toEqual(['subnet-0a11111111111111a', 'subnet-0a22222222222222b']);
  });
});

describe('snapshot: SecurityGroups', () => {
  it('SG-8: the group named default is the VPC default group', () => {
    expect(byId(t.vpcs, APP).defaultSecurityGroupId).toBe('sg-0a00000000000000d');
    expect(byId(t.securityGroups, 'sg-0a00000000000000d').isDefault).toBe(true);
    expect(byId(t.securityGroups, 'sg-0a0000000000000e1').isDefault).toBe(false);
  });

  it('SG-3: one rule per peer (IPv4, IPv6, prefix list, group) with protocol numbers', () => {
    const web = byId(t.securityGroups, 'sg-0a0000000000000e1');
    expect(web.ingress.map((r) => [r.protocol, r.fromPort, r.toPort, r.peer.kind === 'cidr' ? r.peer.prefix.text : ''])).toEqual([
      [6, 443, 443, '0.0.0.0/0'],
      [6, 443, 443, '::/0'],
      [6, 22, 22, '203.0.113.0/24'],
    ]);
    expect(web.ingress[0]!.description).toBe('HTTPS from anywhere');
    const app = byId(t.securityGroups, 'sg-0a0000000000000e2');
    expect(app.ingress[0]!.peer).toEqual({ kind: 'security-group', groupId: 'sg-0a0000000000000e1' });
    expect(app.ingress[1]).toMatchObject({ protocol: 1, fromPort: -1, toPort: -1 });
    expect(app.egress[0]!.peer).toEqual({ kind: 'prefix-list', prefixListId: 'pl-63a5400a' });
    expect(app.egress[2]).toMatchObject({ protocol: 50, fromPort: -1, toPort: -1 });
  });
});

describe('snapshot: instances and network interfaces', () => {
  it('instance state: running / stopped; terminated ones are left out with a warning', () => {
    expect(byId(t.instances, 'i-0aaaaaaaaaaaaaaa1').state).toBe('running');
    expect(byId(t.instances, 'i-0bbbbbbbbbbbbbbb1').state).toBe('stopped');
    expect(t.instances.find((i) => i.id === 'i-0aaaaaaaaaaaaaaa3')).toBeUndefined();
    expect(warnings.some((w) => w.includes('i-0aaaaaaaaaaaaaaa3') && w.includes('terminated'))).toBe(true);
  });

  it('primary ENI (device index 0) first, whatever the listing order', () => {
    expect(byId(t.instances, 'i-0aaaaaaaaaaaaaaa2').networkInterfaceIds).toEqual(['eni-0aa00000000000012', 'eni-0aa00000000000013']);
    expect(byId(t.networkInterfaces, 'eni-0aa00000000000013')).toMatchObject({ kind: 'instance', ownerId: 'i-0aaaaaaaaaaaaaaa2', deviceIndex: 1 });
  });

  it('private IPs with primary flag; secondary private IPs kept', () => {
    const eni = byId(t.networkInterfaces, 'eni-0aa00000000000012');
    expect(eni.privateIps.map((p) => [p.address?.text, p.primary])).toEqual([['10.0.10.20', true], ['10.0.10.22', false]]);
  });

  it('ADDR-14: an ENI in both outputs is merged once, with the Elastic IP allocation', () => {
    expect(t.networkInterfaces.filter((e) => e.id === 'eni-0aa00000000000011')).toHaveLength(1);
    const eni = byId(t.networkInterfaces, 'eni-0aa00000000000011');
    expect(eni.privateIps[0]!.publicIp?.text).toBe('3.85.20.30');
    expect(eni.privateIps[0]!.allocationId).toBe('eipalloc-0a1b2c3d4e5f60005');
    expect(eni).toMatchObject({ kind: 'instance', ownerId: 'i-0aaaaaaaaaaaaaaa1', deviceIndex: 0, securityGroupIds: ['sg-0a0000000000000e1'] });
  });

  it('ADDR-12: no public IP in the snapshot means none, even in a MapPublicIpOnLaunch subnet', () => {
    const s = importSnapshot([loadFile('account/describe-subnets.json'), { file: 'i.json', json: { Reservations: [{ ReservationId: 'r-1', Instances: [{
      InstanceId: 'i-0123456789abcdef0', SubnetId: 'subnet-0a11111111111111a', State: { Name: 'running' },
      NetworkInterfaces: [{ NetworkInterfaceId: 'eni-0123456789abcdef0', SubnetId: 'subnet-0a11111111111111a', PrivateIpAddress: '10.0.0.99',
        Attachment: { DeviceIndex: 0, Status: 'attached' }, Groups: [] }] }] }] } }]);
    const eni = s.networkInterfaces.find((e) => e.id === 'eni-0123456789abcdef0')!;
    expect(eni.privateIps[0]!.address?.text).toBe('10.0.0.99');
    expect(eni.privateIps[0]!.publicIp).toBeUndefined();
  });

  it('RT-13: SourceDestCheck as listed', () => {
    expect(byId(t.networkInterfaces, 'eni-0cc00000000000011').sourceDestCheck).toBe(false);
    expect(byId(t.networkInterfaces, 'eni-0aa00000000000012').sourceDestCheck).toBe(true);
  });

  it('InterfaceType maps to the kind; service ENIs are owned by their resource', () => {
    expect(byId(t.networkInterfaces, 'eni-0aa00000000000001')).toMatchObject({ kind: 'nat-gateway', ownerId: 'nat-0a1b2c3d4e5f60002', sourceDestCheck: false });
    expect(byId(t.networkInterfaces, 'eni-0aa000000000000a1')).toMatchObject({ kind: 'transit-gateway-attachment', ownerId: 'tgw-attach-0a1b2c3d4e5f60010' });
  });
});

describe('snapshot: gateways', () => {
  it('GW-1: internet gateway attachment', () => {
    expect(t.internetGateways).toEqual([expect.objectContaining({ id: 'igw-0a1b2c3d4e5f60001', vpcId: APP, name: 'app-igw' })]);
  });

  it('GW-7: NAT gateway subnet, ENI, private IP and Elastic IP', () => {
    const nat = byId(t.natGateways, 'nat-0a1b2c3d4e5f60002');
    expect(nat).toMatchObject({ subnetId: 'subnet-0a11111111111111a', connectivityType: 'public', networkInterfaceId: 'eni-0aa00000000000001', state: 'available', allocationId: 'eipalloc-0a1b2c3d4e5f60003' });
    expect(nat.publicIp?.text).toBe('54.210.10.20');
    expect(byId(t.networkInterfaces, 'eni-0aa00000000000001').privateIps[0]!.address?.text).toBe('10.0.0.100');
  });

  it('GW-7: without describe-network-interfaces the NAT ENI is built from NatGatewayAddresses', () => {
    const s = importSnapshot([loadFile('account/describe-vpcs.json'), loadFile('account/describe-subnets.json'), loadFile('account/describe-nat-gateways.json')]);
    const eni = s.networkInterfaces.find((e) => e.id === 'eni-0aa00000000000001')!;
    expect(eni).toMatchObject({ kind: 'nat-gateway', ownerId: 'nat-0a1b2c3d4e5f60002', subnetId: 'subnet-0a11111111111111a' });
    expect(eni.privateIps[0]!.address?.text).toBe('10.0.0.100');
    expect(eni.privateIps[0]!.publicIp?.text).toBe('54.210.10.20');
  });

  it('GW-16: egress-only internet gateways; unattached ones are left out', () => {
    const w: string[] = [];
    const s = importSnapshot([{ file: 'e.json', json: { EgressOnlyInternetGateways: [
      { EgressOnlyInternetGatewayId: 'eigw-0123456789abcdef0', Attachments: [{ State: 'attached', VpcId: 'vpc-0123456789abcdef0' }] },
      { EgressOnlyInternetGatewayId: 'eigw-0123456789abcdef1', Attachments: [] },
    ] } }], { warn: (m) => w.push(m) });
    expect(s.egressOnlyInternetGateways).toEqual([{ id: 'eigw-0123456789abcdef0', logicalId: 'eigw-0123456789abcdef0', name: undefined, vpcId: 'vpc-0123456789abcdef0' }]);
    expect(w.some((m) => m.includes('eigw-0123456789abcdef1'))).toBe(true);
  });
});

describe('snapshot: VPC peering', () => {
  it('PCX-2: status code, requester and accepter VPCs and Regions', () => {
    expect(byId(t.vpcPeeringConnections, 'pcx-0a1b2c3d4e5f60030')).toMatchObject({
      requesterVpcId: APP, accepterVpcId: SHARED, status: 'active', requesterRegion: 'us-east-1', accepterRegion: 'us-east-1',
    });
  });
});

describe('snapshot: Transit Gateway', () => {
  it('TGW-6: options', () => {
    expect(byId(t.transitGateways, 'tgw-0a1b2c3d4e5f60040')).toMatchObject({
      amazonSideAsn: 64512, defaultRouteTableAssociation: true, defaultRouteTablePropagation: true,
      associationDefaultRouteTableId: 'tgw-rtb-0a1b2c3d4e5f60041', propagationDefaultRouteTableId: 'tgw-rtb-0a1b2c3d4e5f60041',
      securityGroupReferencingSupport: true,
    });
  });

  it('TGW-9/TGW-12: attachments merged from both describe commands; ENIs lined up with subnets', () => {
    expect(byId(t.transitGatewayAttachments, 'tgw-attach-0c3d4e5f6a7b80010')).toMatchObject({
      resourceType: 'vpc', resourceId: DATA, subnetIds: ['subnet-0c11111111111111a'], networkInterfaceIds: ['eni-0cc000000000000a1'],
      applianceModeSupport: true, securityGroupReferencingSupport: true, transitGatewayId: 'tgw-0a1b2c3d4e5f60040',
    });
    expect(byId(t.transitGatewayAttachments, 'tgw-attach-0d4e5f6a7b8c90010')).toMatchObject({ resourceType: 'vpn', resourceId: 'vpn-0a1b2c3d4e5f60060' });
    expect(t.transitGatewayAttachments).toHaveLength(3);
  });

  it('TGW-4: static and blackhole routes kept; propagated routes become propagations (TGW-3)', () => {
    const rt = byId(t.transitGatewayRouteTables, 'tgw-rtb-0a1b2c3d4e5f60041');
    expect(rt.routes.map((r) => [r.destination.text, r.attachmentId, r.blackhole])).toEqual([
      ['0.0.0.0/0', 'tgw-attach-0a1b2c3d4e5f60010', false],
      ['10.99.0.0/16', undefined, true],
    ]);
    expect(rt.propagationAttachmentIds).toEqual(['tgw-attach-0a1b2c3d4e5f60010', 'tgw-attach-0c3d4e5f6a7b80010', 'tgw-attach-0d4e5f6a7b8c90010']);
  });

  it('TGW-2: associations (the route-table id may come from the file name)', () => {
    const rt = byId(t.transitGatewayRouteTables, 'tgw-rtb-0a1b2c3d4e5f60041');
    expect(rt.associationAttachmentIds).toEqual(['tgw-attach-0a1b2c3d4e5f60010', 'tgw-attach-0c3d4e5f6a7b80010', 'tgw-attach-0d4e5f6a7b8c90010']);
  });

  it('TGW-2: an association from describe-transit-gateway-attachments alone is enough', () => {
    const s = importSnapshot([loadFile('account/describe-transit-gateway-route-tables.json'), loadFile('account/describe-transit-gateway-attachments.json')]);
    expect(s.transitGatewayRouteTables[0]!.associationAttachmentIds).toHaveLength(3);
    expect(s.transitGatewayRouteTables[0]!.propagationAttachmentIds).toEqual([]);
  });
});

describe('snapshot: VPN', () => {
  it('HYB-2: VGW attachment and ASN; customer gateway ASN given as a string', () => {
    expect(byId(t.vpnGateways, 'vgw-0b1c2d3e4f5a60050')).toMatchObject({ vpcId: SHARED, amazonSideAsn: 64513 });
    expect(byId(t.customerGateways, 'cgw-0a1b2c3d4e5f60070').bgpAsn).toBe(65010);
    expect(byId(t.customerGateways, 'cgw-0a1b2c3d4e5f60070').ipAddress.text).toBe('198.51.100.20');
  });

  it('HYB-1/HYB-5: tunnels from VgwTelemetry (status, outside IP)', () => {
    const vpn = byId(t.vpnConnections, 'vpn-0a1b2c3d4e5f60060');
    expect(vpn.tunnels.map((x) => [x.status, x.outsideIp?.text])).toEqual([['UP', '34.200.1.1'], ['DOWN', '52.0.2.2']]);
    expect(vpn).toMatchObject({ transitGatewayId: 'tgw-0a1b2c3d4e5f60040', customerGatewayId: 'cgw-0a1b2c3d4e5f60070', staticRoutesOnly: false });
    expect(vpn.vpnGatewayId).toBeUndefined();
  });

  it('HYB-3: static routes of a static VPN', () => {
    const vpn = byId(t.vpnConnections, 'vpn-0b1c2d3e4f5a60061');
    expect(vpn).toMatchObject({ vpnGatewayId: 'vgw-0b1c2d3e4f5a60050', staticRoutesOnly: true, bgpPrefixes: [] });
    expect(vpn.staticRoutes.map((p) => p.text)).toEqual(['172.20.0.0/16']);
  });

  it('HYB-3 CHOICE: BGP prefixes of a TGW VPN come from the routes it propagated', () => {
    expect(byId(t.vpnConnections, 'vpn-0a1b2c3d4e5f60060').bgpPrefixes.map((p) => p.text)).toEqual(['192.168.0.0/16', '192.168.100.0/24']);
  });

  it('HYB-3 CHOICE: BGP prefixes of the only dynamic VPN on a VGW come from propagated VPC routes', () => {
    const s = importSnapshot([{ file: 's.json', json: {
      VpnConnections: [{ VpnConnectionId: 'vpn-0123456789abcdef0', CustomerGatewayId: 'cgw-0123456789abcdef0', VpnGatewayId: 'vgw-0123456789abcdef0',
        Options: { StaticRoutesOnly: false }, VgwTelemetry: [{ Status: 'UP', OutsideIpAddress: '3.3.3.3' }] }],
      RouteTables: [{ RouteTableId: 'rtb-0123456789abcdef0', VpcId: 'vpc-0123456789abcdef0', Routes: [
        { DestinationCidrBlock: '172.31.0.0/16', GatewayId: 'vgw-0123456789abcdef0', Origin: 'EnableVgwRoutePropagation', State: 'active' },
        { DestinationCidrBlock: '172.30.0.0/16', GatewayId: 'vgw-0123456789abcdef0', Origin: 'CreateRoute', State: 'active' }] }],
    } }]);
    expect(s.vpnConnections[0]!.bgpPrefixes.map((p) => p.text)).toEqual(['172.31.0.0/16']);
  });
});

describe('snapshot: VPC endpoints and prefix lists', () => {
  it('VPCE-2: S3 gateway endpoint with its route tables', () => {
    expect(byId(t.vpcEndpoints, 'vpce-0a1b2c3d4e5f60020')).toMatchObject({
      vpcId: APP, serviceName: 'com.amazonaws.us-east-1.s3', type: 'Gateway', routeTableIds: ['rtb-0a000000000000003'], policy: 'allow',
    });
  });

  it('VPCE-3: the AWS-managed prefix list and its CIDRs', () => {
    const pl = byId(t.prefixLists, 'pl-63a5400a');
    expect(pl).toMatchObject({ prefixListName: 'com.amazonaws.us-east-1.s3', awsManaged: true, addressFamily: 'IPv4' });
    expect(pl.entries.map((p) => p.text)).toEqual(['3.5.0.0/19', '16.182.0.0/16', '52.216.0.0/15', '54.231.0.0/16']);
  });

  it('managed prefix list entries from get-managed-prefix-list-entries (id beside Entries)', () => {
    const s = importSnapshot([
      { file: 'pl.json', json: { PrefixLists: [{ PrefixListId: 'pl-0123456789abcdef0', PrefixListName: 'corp', AddressFamily: 'IPv4', OwnerId: '111122223333', State: 'create-complete' }] } },
      { file: 'entries.json', json: { Entries: [{ Cidr: '192.0.2.0/24', Description: 'hq' }, { Cidr: '198.51.100.0/24' }], PrefixListId: 'pl-0123456789abcdef0' } },
    ]);
    expect(s.prefixLists[0]!.awsManaged).toBe(false);
    expect(s.prefixLists[0]!.entries.map((p) => p.text)).toEqual(['192.0.2.0/24', '198.51.100.0/24']);
  });

  it('VPCE-8: interface endpoint ENIs are lined up with its subnets and owned by it', () => {
    const s = importSnapshot([{ file: 'ep.json', json: {
      Subnets: [
        { SubnetId: 'subnet-0000000000000000a', VpcId: 'vpc-0123456789abcdef0', AvailabilityZone: 'us-west-2a', CidrBlock: '10.0.0.0/24' },
        { SubnetId: 'subnet-0000000000000000b', VpcId: 'vpc-0123456789abcdef0', AvailabilityZone: 'us-west-2b', CidrBlock: '10.0.1.0/24' }],
      VpcEndpoints: [{ VpcEndpointId: 'vpce-0123456789abcdef0', VpcEndpointType: 'Interface', VpcId: 'vpc-0123456789abcdef0', ServiceName: 'com.amazonaws.us-west-2.ssm',
        SubnetIds: ['subnet-0000000000000000a', 'subnet-0000000000000000b'], NetworkInterfaceIds: ['eni-0000000000000000b', 'eni-0000000000000000a'],
        Groups: [{ GroupId: 'sg-0123456789abcdef0', GroupName: 'ssm' }], PrivateDnsEnabled: true }],
      NetworkInterfaces: [
        { NetworkInterfaceId: 'eni-0000000000000000a', SubnetId: 'subnet-0000000000000000a', InterfaceType: 'vpc_endpoint', PrivateIpAddress: '10.0.0.20', SourceDestCheck: true, Groups: [{ GroupId: 'sg-0123456789abcdef0' }] },
        { NetworkInterfaceId: 'eni-0000000000000000b', SubnetId: 'subnet-0000000000000000b', InterfaceType: 'vpc_endpoint', PrivateIpAddress: '10.0.1.20', SourceDestCheck: true, Groups: [{ GroupId: 'sg-0123456789abcdef0' }] }],
    } }]);
    expect(s.region).toBe('us-west-2');
    const ep = s.vpcEndpoints[0]!;
    expect(ep).toMatchObject({ type: 'Interface', privateDnsEnabled: true, securityGroupIds: ['sg-0123456789abcdef0'] });
    expect(ep.networkInterfaceIds).toEqual(['eni-0000000000000000a', 'eni-0000000000000000b']);
    expect(s.networkInterfaces.find((e) => e.id === 'eni-0000000000000000b')).toMatchObject({ kind: 'vpc-endpoint', ownerId: 'vpce-0123456789abcdef0' });
  });

  it('VPCE-7 CHOICE: a policy that denies everything is deny; a narrower Deny keeps allow', () => {
    const ep = (policy: unknown) => importSnapshot([{ file: 'ep.json', json: { VpcEndpoints: [{
      VpcEndpointId: 'vpce-0123456789abcdef0', VpcEndpointType: 'Gateway', VpcId: 'vpc-0123456789abcdef0', ServiceName: 'com.amazonaws.us-east-1.s3',
      PolicyDocument: JSON.stringify(policy) }] } }]).vpcEndpoints[0]!.policy;
    expect(ep({ Statement: [{ Effect: 'Deny', Principal: '*', Action: '*', Resource: '*' }] })).toBe('deny');
    expect(ep({ Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }, { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*' }] })).toBe('deny');
    expect(ep({ Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }, { Effect: 'Deny', Principal: '*', Action: 's3:DeleteObject', Resource: '*' }] })).toBe('allow');
    expect(ep({ Statement: [] })).toBe('deny');
  });
});

describe('snapshot: Direct Connect', () => {
  it('HYB-8/HYB-9: gateways, associations with allowed prefixes, VIFs and connections (lowerCamelCase keys)', () => {
    const s = importSnapshot([{ file: 'dx.json', json: {
      directConnectGateways: [{ directConnectGatewayId: '5f294f92-bafb-4011-916d-9b0bexample', directConnectGatewayName: 'dxgw', amazonSideAsn: 64520, ownerAccount: '111122223333', directConnectGatewayState: 'available' }],
      directConnectGatewayAssociations: [{ directConnectGatewayId: '5f294f92-bafb-4011-916d-9b0bexample', associationId: 'a-1', associationState: 'associated',
        associatedGateway: { id: 'tgw-0a1b2c3d4e5f60040', type: 'transitGateway', ownerAccount: '111122223333', region: 'us-east-1' },
        allowedPrefixesToDirectConnectGateway: [{ cidr: '10.0.0.0/14' }] }],
      virtualInterfaces: [{ virtualInterfaceId: 'dxvif-ffabc123', connectionId: 'dxcon-fgabc123', virtualInterfaceType: 'transit', virtualInterfaceState: 'available', directConnectGatewayId: '5f294f92-bafb-4011-916d-9b0bexample', virtualInterfaceName: 'transit-1', asn: 65100, vlan: 101 }],
      connections: [{ connectionId: 'dxcon-fgabc123', connectionName: 'primary', connectionState: 'down', location: 'EqDC2', bandwidth: '10Gbps' }],
    } }]);
    expect(s.directConnectGateways[0]).toMatchObject({ amazonSideAsn: 64520, name: 'dxgw' });
    expect(s.directConnectGateways[0]!.associations.map((a) => [a.gatewayId, a.allowedPrefixes.map((p) => p.text)])).toEqual([['tgw-0a1b2c3d4e5f60040', ['10.0.0.0/14']]]);
    expect(s.virtualInterfaces[0]).toMatchObject({ kind: 'transit', connectionId: 'dxcon-fgabc123', state: 'available', directConnectGatewayId: '5f294f92-bafb-4011-916d-9b0bexample' });
    expect(s.directConnectConnections[0]).toMatchObject({ state: 'down', location: 'EqDC2', name: 'primary' });
  });
});

describe('snapshot: directory of files vs one merged object', () => {
  it('give the same Topology', () => {
    const merged = importSnapshot([loadFile('account-merged.json')]);
    expect({ ...merged, warnings: [] }).toEqual({ ...t, warnings: [] });
    expect(merged.warnings).toHaveLength(warnings.length);
  });

  it('file order does not change the result (C-4)', () => {
    const reversed = importSnapshot(loadDir('account').reverse());
    expect(reversed).toEqual(t);
  });
});
