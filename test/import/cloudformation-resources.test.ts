// Each mapped CloudFormation resource type lands in the model as AWS defines it.
import { describe, expect, it } from 'vitest';
import { importCloudFormation } from '../../src/import/cloudformation/index.js';
import { InputError } from '../../src/model/errors.js';
import { physicalId } from '../../src/model/ids.js';
import type { Topology } from '../../src/model/types.js';
import { DocumentedPublicIpPool } from '../helpers/public-ip-pool.js';

const id = (prefix: string, lid: string) => physicalId(prefix, lid, 'vpcsim');

const BASE = `
  Vpc:
    Type: AWS::EC2::VPC
    Properties: { CidrBlock: 10.0.0.0/16, Tags: [{ Key: Name, Value: main }] }
  SubnetA:
    Type: AWS::EC2::Subnet
    Properties: { VpcId: !Ref Vpc, CidrBlock: 10.0.1.0/24, AvailabilityZone: us-east-1a, MapPublicIpOnLaunch: true }
  SubnetB:
    Type: AWS::EC2::Subnet
    Properties: { VpcId: !Ref Vpc, CidrBlock: 10.0.2.0/24, AvailabilityZone: us-east-1b }
`;

function load(resources: string, opts = {}): Topology {
  return importCloudFormation(`Resources:\n${BASE}${resources}`, 't.yaml', opts);
}

function fails(resources: string): string {
  try {
    load(resources);
  } catch (err) {
    if (err instanceof InputError) return err.message;
    throw err;
  }
  throw new Error('expected an InputError');
}

describe('VPC, CIDR blocks, subnets', () => {
  it('VPC with its defaults (RT-1, NACL-2, SG-8) and logical ids kept', () => {
    const t = load('');
    expect(t.vpcs).toHaveLength(1);
    const v = t.vpcs[0]!;
    expect([v.id, v.logicalId, v.name, v.cidrBlocks.map((p) => p.text)]).toEqual([id('vpc', 'Vpc'), 'Vpc', 'main', ['10.0.0.0/16']]);
    expect(t.routeTables.find((r) => r.id === v.mainRouteTableId)?.main).toBe(true);
    expect(t.networkAcls.find((a) => a.id === v.defaultNetworkAclId)?.isDefault).toBe(true);
    expect(t.securityGroups.find((g) => g.id === v.defaultSecurityGroupId)?.groupName).toBe('default');
    expect(t.subnets.map((s) => [s.logicalId, s.availabilityZone, s.cidrBlock?.text, s.mapPublicIpOnLaunch])).toEqual([
      ['SubnetA', 'us-east-1a', '10.0.1.0/24', true],
      ['SubnetB', 'us-east-1b', '10.0.2.0/24', false],
    ]);
  });

  it('VPCCidrBlock: secondary IPv4 and Amazon-provided IPv6 /56; subnets carve /64s with Fn::Cidr (AWS example)', () => {
    const t = load(`
  Secondary:
    Type: AWS::EC2::VPCCidrBlock
    Properties: { VpcId: !Ref Vpc, CidrBlock: 100.64.0.0/16 }
  V6:
    Type: AWS::EC2::VPCCidrBlock
    Properties: { VpcId: !Ref Vpc, AmazonProvidedIpv6CidrBlock: true }
  V6Subnet:
    Type: AWS::EC2::Subnet
    DependsOn: V6
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: !Select [3, !Cidr [!GetAtt Vpc.CidrBlock, 4, 8]]
      Ipv6CidrBlock: !Select [0, !Cidr [!Select [0, !GetAtt Vpc.Ipv6CidrBlocks], 1, 64]]
  V6Assoc:
    Type: AWS::EC2::SubnetCidrBlock
    Properties: { SubnetId: !Ref SubnetA, Ipv6CidrBlock: !Select [1, !Cidr [!Select [0, !GetAtt Vpc.Ipv6CidrBlocks], 2, 64]] }
`);
    const v = t.vpcs[0]!;
    expect(v.cidrBlocks.map((p) => p.text)).toEqual(['10.0.0.0/16', '100.64.0.0/16']);
    expect(v.ipv6CidrBlocks).toHaveLength(1);
    const block = v.ipv6CidrBlocks[0]!;
    expect(block.len).toBe(56);
    expect(block.text.startsWith('2600:1f18:')).toBe(true);
    const s = t.subnets.find((x) => x.logicalId === 'V6Subnet')!;
    expect(s.cidrBlock?.text).toBe('10.0.3.0/24');
    expect(s.ipv6CidrBlock).toEqual({ ...block, len: 64, text: block.text.replace('/56', '/64') });
    expect(t.subnets[0]!.ipv6CidrBlock!.addr).toBe(block.addr + (1n << 64n));
    // NACL-2: the default NACL of an IPv6 VPC has rule 101.
    expect(t.networkAcls.find((a) => a.isDefault)!.entries.some((e) => e.ruleNumber === 101)).toBe(true);
  });

  it('a bad CIDR names the resource, property and value', () => {
    expect(fails(`
  Bad:
    Type: AWS::EC2::Subnet
    Properties: { VpcId: !Ref Vpc, CidrBlock: 10.0.3.1/24 }
`)).toBe("t.yaml: Subnet 'Bad': CidrBlock: host bits set in 10.0.3.1/24 (network address is 10.0.3.0/24)");
  });

  it('a reference to a resource of the wrong type names both', () => {
    expect(fails(`
  Rt:
    Type: AWS::EC2::RouteTable
    Properties: { VpcId: !Ref SubnetA }
`)).toMatch(/RouteTable 'Rt': VpcId: "subnet-0[0-9a-f]+" is not a AWS::EC2::VPC \('SubnetA' is a AWS::EC2::Subnet\)/);
  });
});

describe('route tables and routes', () => {
  const gateways = `
  Igw: { Type: AWS::EC2::InternetGateway }
  Attach: { Type: AWS::EC2::VPCGatewayAttachment, Properties: { VpcId: !Ref Vpc, InternetGatewayId: !Ref Igw } }
  Eigw: { Type: AWS::EC2::EgressOnlyInternetGateway, Properties: { VpcId: !Ref Vpc } }
  Vgw: { Type: AWS::EC2::VPNGateway, Properties: { Type: ipsec.1 } }
  VgwAttach: { Type: AWS::EC2::VPCGatewayAttachment, Properties: { VpcId: !Ref Vpc, VpnGatewayId: !Ref Vgw } }
  Eip: { Type: AWS::EC2::EIP }
  Nat: { Type: AWS::EC2::NatGateway, Properties: { SubnetId: !Ref SubnetA, AllocationId: !GetAtt Eip.AllocationId } }
  Rt: { Type: AWS::EC2::RouteTable, Properties: { VpcId: !Ref Vpc } }
  Assoc: { Type: AWS::EC2::SubnetRouteTableAssociation, Properties: { SubnetId: !Ref SubnetB, RouteTableId: !Ref Rt } }
`;
  it('RT-9: every target property maps to its target kind; GatewayId local adds nothing (RT-2)', () => {
    const t = load(`${gateways}
  ToIgw: { Type: AWS::EC2::Route, Properties: { RouteTableId: !Ref Rt, DestinationCidrBlock: 0.0.0.0/0, GatewayId: !Ref Igw } }
  ToEigw: { Type: AWS::EC2::Route, Properties: { RouteTableId: !Ref Rt, DestinationIpv6CidrBlock: ::/0, EgressOnlyInternetGatewayId: !Ref Eigw } }
  ToNat: { Type: AWS::EC2::Route, Properties: { RouteTableId: !Ref Rt, DestinationCidrBlock: 192.168.0.0/16, NatGatewayId: !Ref Nat } }
  ToVgw: { Type: AWS::EC2::Route, Properties: { RouteTableId: !Ref Rt, DestinationCidrBlock: 172.16.0.0/12, GatewayId: !Ref Vgw } }
  ToPl: { Type: AWS::EC2::Route, Properties: { RouteTableId: !Ref Rt, DestinationPrefixListId: pl-12345678, GatewayId: !Ref Igw } }
  Local: { Type: AWS::EC2::Route, Properties: { RouteTableId: !Ref Rt, DestinationCidrBlock: 10.0.0.0/16, GatewayId: local } }
`);
    const rt = t.routeTables.find((r) => r.logicalId === 'Rt')!;
    // C-6: routes are mapped in logical-id order, whatever the declaration order.
    expect(rt.routes.map((r) => [r.logicalId, r.destination?.text ?? r.destinationPrefixListId, r.target.kind, r.target.id])).toEqual([
      ['ToEigw', '::/0', 'egress-only-internet-gateway', id('eigw', 'Eigw')],
      ['ToIgw', '0.0.0.0/0', 'internet-gateway', id('igw', 'Igw')],
      ['ToNat', '192.168.0.0/16', 'nat-gateway', id('nat', 'Nat')],
      ['ToPl', 'pl-12345678', 'internet-gateway', id('igw', 'Igw')],
      ['ToVgw', '172.16.0.0/12', 'vpn-gateway', id('vgw', 'Vgw')],
    ]);
    expect(rt.subnetIds).toEqual([id('subnet', 'SubnetB')]);
    expect(t.internetGateways[0]!.vpcId).toBe(id('vpc', 'Vpc'));
    expect(t.vpnGateways[0]!.vpcId).toBe(id('vpc', 'Vpc'));
    expect(t.egressOnlyInternetGateways[0]!.vpcId).toBe(id('vpc', 'Vpc'));
  });

  it('instance, ENI, peering, TGW and endpoint targets; gateway route table association (RT-15)', () => {
    const t = load(`${gateways}
  Peer: { Type: AWS::EC2::VPC, Properties: { CidrBlock: 10.9.0.0/16 } }
  Pcx: { Type: AWS::EC2::VPCPeeringConnection, Properties: { VpcId: !Ref Vpc, PeerVpcId: !Ref Peer } }
  Tgw: { Type: AWS::EC2::TransitGateway }
  Appliance: { Type: AWS::EC2::Instance, Properties: { SubnetId: !Ref SubnetA, SourceDestCheck: false } }
  Eni: { Type: AWS::EC2::NetworkInterface, Properties: { SubnetId: !Ref SubnetA } }
  Gwlbe: { Type: AWS::EC2::VPCEndpoint, Properties: { VpcId: !Ref Vpc, VpcEndpointType: GatewayLoadBalancer, ServiceName: com.amazonaws.vpce.us-east-1.vpce-svc-1, SubnetIds: [!Ref SubnetA] } }
  R1: { Type: AWS::EC2::Route, Properties: { RouteTableId: !Ref Rt, DestinationCidrBlock: 10.9.0.0/16, VpcPeeringConnectionId: !Ref Pcx } }
  R2: { Type: AWS::EC2::Route, Properties: { RouteTableId: !Ref Rt, DestinationCidrBlock: 10.8.0.0/16, TransitGatewayId: !Ref Tgw } }
  R3: { Type: AWS::EC2::Route, Properties: { RouteTableId: !Ref Rt, DestinationCidrBlock: 10.7.0.0/16, InstanceId: !Ref Appliance } }
  R4: { Type: AWS::EC2::Route, Properties: { RouteTableId: !Ref Rt, DestinationCidrBlock: 10.6.0.0/16, NetworkInterfaceId: !Ref Eni } }
  R5: { Type: AWS::EC2::Route, Properties: { RouteTableId: !Ref Rt, DestinationCidrBlock: 10.5.0.0/16, VpcEndpointId: !Ref Gwlbe } }
  EdgeRt: { Type: AWS::EC2::RouteTable, Properties: { VpcId: !Ref Vpc } }
  Edge: { Type: AWS::EC2::GatewayRouteTableAssociation, Properties: { RouteTableId: !Ref EdgeRt, GatewayId: !Ref Igw } }
`);
    const rt = t.routeTables.find((r) => r.logicalId === 'Rt')!;
    expect(rt.routes.map((r) => r.target.kind)).toEqual(['vpc-peering-connection', 'transit-gateway', 'instance', 'network-interface', 'vpc-endpoint']);
    expect(t.routeTables.find((r) => r.logicalId === 'EdgeRt')!.gatewayIds).toEqual([id('igw', 'Igw')]);
    expect(t.vpcPeeringConnections[0]).toMatchObject({ requesterVpcId: id('vpc', 'Vpc'), accepterVpcId: id('vpc', 'Peer'), status: 'active' });
    expect(t.instances[0]!.logicalId).toBe('Appliance');
    expect(t.networkInterfaces.find((e) => e.ownerId === t.instances[0]!.id)!.sourceDestCheck).toBe(false);
  });

  it('a route with two targets or no destination is an error', () => {
    expect(fails(`${gateways}
  R: { Type: AWS::EC2::Route, Properties: { RouteTableId: !Ref Rt, DestinationCidrBlock: 0.0.0.0/0, GatewayId: !Ref Igw, NatGatewayId: !Ref Nat } }
`)).toMatch(/Route 'R': .*only one target allowed, got NatGatewayId, GatewayId/);
    expect(fails(`${gateways}
  R: { Type: AWS::EC2::Route, Properties: { RouteTableId: !Ref Rt, GatewayId: !Ref Igw } }
`)).toMatch(/Route 'R': DestinationCidrBlock: a route needs a destination/);
  });

  it('VPNGatewayRoutePropagation enables propagation on the listed tables (RT-12)', () => {
    const t = load(`${gateways}
  Prop: { Type: AWS::EC2::VPNGatewayRoutePropagation, Properties: { VpnGatewayId: !Ref Vgw, RouteTableIds: [!Ref Rt] } }
`);
    expect(t.routeTables.find((r) => r.logicalId === 'Rt')!.propagatingVgwIds).toEqual([id('vgw', 'Vgw')]);
  });
});

describe('network ACLs', () => {
  it('entries keep protocol, action, direction, CIDR, port range and ICMP; association replaces the default (NACL-1)', () => {
    const t = load(`
  Acl: { Type: AWS::EC2::NetworkAcl, Properties: { VpcId: !Ref Vpc } }
  InHttp: { Type: AWS::EC2::NetworkAclEntry, Properties: { NetworkAclId: !Ref Acl, RuleNumber: 100, Protocol: 6, RuleAction: allow, CidrBlock: 0.0.0.0/0, PortRange: { From: 80, To: 80 } } }
  InPing: { Type: AWS::EC2::NetworkAclEntry, Properties: { NetworkAclId: !Ref Acl, RuleNumber: 110, Protocol: 1, RuleAction: deny, CidrBlock: 0.0.0.0/0, Icmp: { Type: 8, Code: -1 } } }
  OutV6: { Type: AWS::EC2::NetworkAclEntry, Properties: { NetworkAclId: !Ref Acl, RuleNumber: 120, Protocol: -1, RuleAction: allow, Egress: true, Ipv6CidrBlock: ::/0 } }
  Assoc: { Type: AWS::EC2::SubnetNetworkAclAssociation, Properties: { SubnetId: !Ref SubnetA, NetworkAclId: !Ref Acl } }
  DefaultExtra: { Type: AWS::EC2::NetworkAclEntry, Properties: { NetworkAclId: !GetAtt Vpc.DefaultNetworkAcl, RuleNumber: 90, Protocol: -1, RuleAction: deny, CidrBlock: 198.51.100.0/24 } }
`);
    const acl = t.networkAcls.find((a) => a.logicalId === 'Acl')!;
    expect(acl.isDefault).toBe(false);
    expect(acl.entries.map((e) => [e.ruleNumber, e.egress, e.protocol, e.ruleAction, e.cidr.text, e.portRange, e.icmp])).toEqual([
      [100, false, 6, 'allow', '0.0.0.0/0', { from: 80, to: 80 }, undefined],
      [110, false, 1, 'deny', '0.0.0.0/0', undefined, { type: 8, code: -1 }],
      [120, true, -1, 'allow', '::/0', undefined, undefined],
    ]);
    expect(acl.subnetIds).toEqual([id('subnet', 'SubnetA')]);
    const def = t.networkAcls.find((a) => a.isDefault)!;
    expect(def.entries.map((e) => e.ruleNumber).sort()).toEqual([100, 100, 90]);
  });

  it('NACL-1: a later association of the same subnet moves it; each subnet has exactly one network ACL', () => {
    const t = load(`
  AclOne: { Type: AWS::EC2::NetworkAcl, Properties: { VpcId: !Ref Vpc } }
  AclTwo: { Type: AWS::EC2::NetworkAcl, Properties: { VpcId: !Ref Vpc } }
  A1: { Type: AWS::EC2::SubnetNetworkAclAssociation, Properties: { SubnetId: !Ref SubnetA, NetworkAclId: !Ref AclOne } }
  B1: { Type: AWS::EC2::SubnetNetworkAclAssociation, Properties: { SubnetId: !Ref SubnetB, NetworkAclId: !Ref AclOne } }
  A2: { Type: AWS::EC2::SubnetNetworkAclAssociation, Properties: { SubnetId: !Ref SubnetA, NetworkAclId: !Ref AclTwo } }
  A3: { Type: AWS::EC2::SubnetNetworkAclAssociation, Properties: { SubnetId: !Ref SubnetA, NetworkAclId: !Ref AclOne } }
  B2: { Type: AWS::EC2::SubnetNetworkAclAssociation, Properties: { SubnetId: !Ref SubnetB, NetworkAclId: !Ref AclTwo } }
`);
    const subnetsOf = (lid: string) => t.networkAcls.find((a) => a.logicalId === lid)!.subnetIds;
    expect(subnetsOf('AclOne')).toEqual([id('subnet', 'SubnetA')]);
    expect(subnetsOf('AclTwo')).toEqual([id('subnet', 'SubnetB')]);
  });

  it('a TCP entry without PortRange and a bad RuleAction are errors', () => {
    expect(fails(`
  Acl: { Type: AWS::EC2::NetworkAcl, Properties: { VpcId: !Ref Vpc } }
  E: { Type: AWS::EC2::NetworkAclEntry, Properties: { NetworkAclId: !Ref Acl, RuleNumber: 100, Protocol: 6, RuleAction: allow, CidrBlock: 0.0.0.0/0 } }
`)).toBe("t.yaml: NetworkAclEntry 'E': PortRange: is required for protocol 6");
    expect(fails(`
  Acl: { Type: AWS::EC2::NetworkAcl, Properties: { VpcId: !Ref Vpc } }
  E: { Type: AWS::EC2::NetworkAclEntry, Properties: { NetworkAclId: !Ref Acl, RuleNumber: 100, Protocol: -1, RuleAction: permit, CidrBlock: 0.0.0.0/0 } }
`)).toBe(`t.yaml: NetworkAclEntry 'E': RuleAction: "permit" is not one of allow, deny`);
  });
});

describe('security groups', () => {
  it('SG-10: no SecurityGroupEgress -> allow-all IPv4 and IPv6 egress; with it, only the listed rules', () => {
    const t = load(`
  Open: { Type: AWS::EC2::SecurityGroup, Properties: { GroupDescription: d, VpcId: !Ref Vpc } }
  Tight:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: d
      VpcId: !Ref Vpc
      SecurityGroupEgress: [{ IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0 }]
`);
    const egress = (lid: string) => t.securityGroups.find((g) => g.logicalId === lid)!.egress.map((r) => `${r.protocol} ${r.fromPort}-${r.toPort} ${r.peer.kind === 'cidr' ? r.peer.prefix.text : ''}`);
    expect(egress('Open')).toEqual(['-1 -1--1 0.0.0.0/0', '-1 -1--1 ::/0']);
    expect(egress('Tight')).toEqual(['6 443-443 0.0.0.0/0']);
  });

  it('inline and standalone rules: CIDR v4/v6, security group and prefix-list peers; SG-11 removes the default allow-all egress', () => {
    const t = load(`
  Pl: { Type: AWS::EC2::PrefixList, Properties: { PrefixListName: office, AddressFamily: IPv4, MaxEntries: 2, Entries: [{ Cidr: 198.51.100.0/24 }] } }
  Web:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: d
      VpcId: !Ref Vpc
      SecurityGroupIngress:
        - { IpProtocol: tcp, FromPort: 80, ToPort: 80, CidrIp: 0.0.0.0/0, Description: http }
        - { IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIpv6: ::/0 }
        - { IpProtocol: icmp, FromPort: 8, ToPort: -1, SourcePrefixListId: !GetAtt Pl.PrefixListId }
  App: { Type: AWS::EC2::SecurityGroup, Properties: { GroupDescription: d, VpcId: !Ref Vpc } }
  AppFromWeb: { Type: AWS::EC2::SecurityGroupIngress, Properties: { GroupId: !Ref App, IpProtocol: "6", FromPort: 8080, ToPort: 8080, SourceSecurityGroupId: !GetAtt Web.GroupId } }
  WebToApp: { Type: AWS::EC2::SecurityGroupEgress, Properties: { GroupId: !Ref Web, IpProtocol: tcp, FromPort: 8080, ToPort: 8080, DestinationSecurityGroupId: !Ref App } }
`);
    const web = t.securityGroups.find((g) => g.logicalId === 'Web')!;
    expect(web.ingress.map((r) => [r.protocol, r.fromPort, r.toPort, r.peer])).toEqual([
      [6, 80, 80, { kind: 'cidr', prefix: expect.objectContaining({ text: '0.0.0.0/0' }) }],
      [6, 443, 443, { kind: 'cidr', prefix: expect.objectContaining({ text: '::/0' }) }],
      [1, 8, -1, { kind: 'prefix-list', prefixListId: id('pl', 'Pl') }],
    ]);
    expect(web.ingress[0]!.description).toBe('http');
    // SG-11: the standalone egress rule replaces the allow-all rules created with the group.
    expect(web.egress.map((r) => r.peer.kind)).toEqual(['security-group']);
    expect(web.egress[0]).toMatchObject({ logicalId: 'WebToApp', peer: { kind: 'security-group', groupId: id('sg', 'App') } });
    const app = t.securityGroups.find((g) => g.logicalId === 'App')!;
    expect(app.ingress).toEqual([{ protocol: 6, fromPort: 8080, toPort: 8080, peer: { kind: 'security-group', groupId: id('sg', 'Web') }, logicalId: 'AppFromWeb' }]);
    expect(t.prefixLists.find((p) => p.logicalId === 'Pl')).toMatchObject({ prefixListName: 'office', addressFamily: 'IPv4', awsManaged: false });
  });

  it('a rule with two peers or a security group without VpcId is an error', () => {
    expect(fails(`
  Sg:
    Type: AWS::EC2::SecurityGroup
    Properties: { GroupDescription: d, VpcId: !Ref Vpc, SecurityGroupIngress: [{ IpProtocol: tcp, FromPort: 1, ToPort: 2, CidrIp: 0.0.0.0/0, CidrIpv6: ::/0 }] }
`)).toMatch(/SecurityGroup 'Sg': SecurityGroupIngress\[0\]\.CidrIpv6: exactly one of CidrIp, CidrIpv6, SourceSecurityGroupId, SourcePrefixListId is required/);
    expect(fails(`
  Sg: { Type: AWS::EC2::SecurityGroup, Properties: { GroupDescription: d } }
`)).toBe("t.yaml: SecurityGroup 'Sg': VpcId: is required (vpcsim has no default VPC)");
  });
});

describe('instances, ENIs and Elastic IPs', () => {
  it('SG-9 default group, ADDR-11 allocation, ADDR-12 public IP in a MapPublicIpOnLaunch subnet', () => {
    const t = load(`
  Web: { Type: AWS::EC2::Instance, Properties: { SubnetId: !Ref SubnetA } }
  Db: { Type: AWS::EC2::Instance, Properties: { SubnetId: !Ref SubnetB, PrivateIpAddress: 10.0.2.50 } }
`);
    const eni = (lid: string) => t.networkInterfaces.find((e) => e.logicalId === `${lid}.eth0`)!;
    expect(eni('Web').securityGroupIds).toEqual([t.vpcs[0]!.defaultSecurityGroupId]);
    expect(eni('Web').privateIps[0]!.address!.text).toBe('10.0.1.4');
    // The pool's address for the ENI's id (docs/semantics.md, "Public IPv4 pool"); no Elastic IP here.
    expect(eni('Web').privateIps[0]!.publicIp?.text).toBe(new DocumentedPublicIpPool().next(eni('Web').id));
    expect(eni('Db').privateIps[0]).toEqual({ primary: true, address: expect.objectContaining({ text: '10.0.2.50' }) });
    expect(t.instances.map((i) => [i.logicalId, i.subnetId, i.networkInterfaceIds.length, i.state])).toEqual([
      ['Db', id('subnet', 'SubnetB'), 1, 'running'],
      ['Web', id('subnet', 'SubnetA'), 1, 'running'],
    ]);
  });

  it('NetworkInterfaces: AssociatePublicIpAddress overrides the subnet (ADDR-12); several interfaces get none (ADDR-13)', () => {
    const t = load(`
  Sg: { Type: AWS::EC2::SecurityGroup, Properties: { GroupDescription: d, VpcId: !Ref Vpc } }
  Solo:
    Type: AWS::EC2::Instance
    Properties:
      NetworkInterfaces: [{ DeviceIndex: 0, SubnetId: !Ref SubnetB, AssociatePublicIpAddress: true, GroupSet: [!Ref Sg], SecondaryPrivateIpAddressCount: 1 }]
  Multi:
    Type: AWS::EC2::Instance
    Properties:
      NetworkInterfaces:
        - { DeviceIndex: 0, SubnetId: !Ref SubnetA }
        - { DeviceIndex: 1, SubnetId: !Ref SubnetB }
`);
    const solo = t.networkInterfaces.find((e) => e.logicalId === 'Solo.eth0')!;
    expect(solo.privateIps.map((p) => [p.primary, !!p.address, !!p.publicIp])).toEqual([[true, true, true], [false, true, false]]);
    expect(solo.securityGroupIds).toEqual([id('sg', 'Sg')]);
    const multi = t.networkInterfaces.filter((e) => e.logicalId.startsWith('Multi.'));
    expect(multi.map((e) => [e.deviceIndex, e.privateIps[0]!.publicIp])).toEqual([[0, undefined], [1, undefined]]);
  });

  it('NetworkInterface + NetworkInterfaceAttachment; EIP with InstanceId and EIPAssociation (ADDR-14)', () => {
    const t = load(`
  Web: { Type: AWS::EC2::Instance, Properties: { SubnetId: !Ref SubnetA } }
  Extra: { Type: AWS::EC2::NetworkInterface, Properties: { SubnetId: !Ref SubnetB, PrivateIpAddress: 10.0.2.9, SourceDestCheck: false } }
  Attach: { Type: AWS::EC2::NetworkInterfaceAttachment, Properties: { InstanceId: !Ref Web, NetworkInterfaceId: !Ref Extra, DeviceIndex: 1 } }
  WebEip: { Type: AWS::EC2::EIP, Properties: { InstanceId: !Ref Web } }
  ExtraEip: { Type: AWS::EC2::EIP }
  ExtraAssoc: { Type: AWS::EC2::EIPAssociation, Properties: { AllocationId: !GetAtt ExtraEip.AllocationId, NetworkInterfaceId: !Ref Extra } }
  Probe: { Type: Custom::X, Properties: { Ip: !GetAtt Extra.PrimaryPrivateIpAddress, Eip: !Ref ExtraEip } }
`);
    const web = t.instances[0]!;
    expect(web.networkInterfaceIds).toEqual([id('eni', 'Web.eth0'), id('eni', 'Extra')]);
    const extra = t.networkInterfaces.find((e) => e.logicalId === 'Extra')!;
    expect([extra.kind, extra.ownerId, extra.deviceIndex, extra.sourceDestCheck]).toEqual(['instance', web.id, 1, false]);
    expect(extra.privateIps[0]!.allocationId).toBe(id('eipalloc', 'ExtraEip'));
    const primary = t.networkInterfaces.find((e) => e.logicalId === 'Web.eth0')!.privateIps[0]!;
    expect(primary.allocationId).toBe(id('eipalloc', 'WebEip'));
    expect(primary.publicIp!.text).not.toBe(extra.privateIps[0]!.publicIp!.text);
  });

  it('EIPAssociation by address (Ref on an EIP is its address) and rules added to the default SG via GetAtt', () => {
    const t = load(`
  Web: { Type: AWS::EC2::Instance, Properties: { SubnetId: !Ref SubnetB, PrivateIpAddress: 10.0.2.10 } }
  Eip: { Type: AWS::EC2::EIP }
  Assoc: { Type: AWS::EC2::EIPAssociation, Properties: { EIP: !Ref Eip, InstanceId: !Ref Web } }
  Ssh: { Type: AWS::EC2::SecurityGroupIngress, Properties: { GroupId: !GetAtt Vpc.DefaultSecurityGroup, IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 203.0.113.0/24 } }
`);
    const ip = t.networkInterfaces.find((e) => e.logicalId === 'Web.eth0')!.privateIps[0]!;
    expect([ip.address!.text, ip.allocationId]).toEqual(['10.0.2.10', id('eipalloc', 'Eip')]);
    expect(ip.publicIp!.text).toMatch(/^3\./);
    const def = t.securityGroups.find((g) => g.isDefault)!;
    // SG-8 self rule first, then the added rule; the Web instance without groups got this group (SG-9).
    expect(def.ingress.map((r) => r.peer.kind)).toEqual(['security-group', 'cidr']);
    expect(t.networkInterfaces.find((e) => e.logicalId === 'Web.eth0')!.securityGroupIds).toEqual([def.id]);
  });

  it('GetAtt Instance.PrivateIp without a declared address is a clear error', () => {
    expect(fails(`
  Web: { Type: AWS::EC2::Instance, Properties: { SubnetId: !Ref SubnetA } }
  Probe: { Type: AWS::EC2::NetworkInterface, Properties: { SubnetId: !Ref SubnetA, Description: !GetAtt Web.PrivateIp } }
`)).toMatch(/Instance 'Web': Fn::GetAtt Web\.PrivateIp: the value is assigned by AWS at launch; declare PrivateIpAddress/);
  });

  it('NAT gateway: public with its EIP (GW-7), private without; one ENI each with no SG (SG-16)', () => {
    const t = load(`
  Eip: { Type: AWS::EC2::EIP }
  Pub: { Type: AWS::EC2::NatGateway, Properties: { SubnetId: !Ref SubnetA, AllocationId: !GetAtt Eip.AllocationId } }
  Priv: { Type: AWS::EC2::NatGateway, Properties: { SubnetId: !Ref SubnetB, ConnectivityType: private, PrivateIpAddress: 10.0.2.77 } }
  Probe: { Type: Custom::X, Properties: { Ip: !GetAtt Eip.PublicIp, Ref: !Ref Eip, Nat: !GetAtt Pub.NatGatewayId } }
`);
    const pub = t.natGateways.find((n) => n.logicalId === 'Pub')!;
    expect(pub.connectivityType).toBe('public');
    expect(pub.allocationId).toBe(id('eipalloc', 'Eip'));
    const pubEni = t.networkInterfaces.find((e) => e.id === pub.networkInterfaceId)!;
    expect([pubEni.kind, pubEni.securityGroupIds, pubEni.privateIps[0]!.publicIp!.text]).toEqual(['nat-gateway', [], pub.publicIp!.text]);
    const priv = t.natGateways.find((n) => n.logicalId === 'Priv')!;
    expect([priv.connectivityType, priv.publicIp]).toEqual(['private', undefined]);
    expect(t.networkInterfaces.find((e) => e.id === priv.networkInterfaceId)!.privateIps[0]!.address!.text).toBe('10.0.2.77');
    expect(fails(`
  N: { Type: AWS::EC2::NatGateway, Properties: { SubnetId: !Ref SubnetA } }
`)).toBe("t.yaml: NatGateway 'N': AllocationId: a public NAT gateway needs an Elastic IP (GW-7)");
  });
});

describe('transit gateway', () => {
  it('attachments, default route table (TGW-6), explicit tables, routes, associations and propagations', () => {
    const t = load(`
  Tgw: { Type: AWS::EC2::TransitGateway, Properties: { AmazonSideAsn: 64600 } }
  Att:
    Type: AWS::EC2::TransitGatewayVpcAttachment
    Properties: { TransitGatewayId: !Ref Tgw, VpcId: !Ref Vpc, SubnetIds: [!Ref SubnetA, !Ref SubnetB], Options: { ApplianceModeSupport: enable } }
  Rtb: { Type: AWS::EC2::TransitGatewayRouteTable, Properties: { TransitGatewayId: !Ref Tgw } }
  Assoc: { Type: AWS::EC2::TransitGatewayRouteTableAssociation, Properties: { TransitGatewayAttachmentId: !Ref Att, TransitGatewayRouteTableId: !Ref Rtb } }
  Prop: { Type: AWS::EC2::TransitGatewayRouteTablePropagation, Properties: { TransitGatewayAttachmentId: !Ref Att, TransitGatewayRouteTableId: !Ref Rtb } }
  Static: { Type: AWS::EC2::TransitGatewayRoute, Properties: { TransitGatewayRouteTableId: !Ref Rtb, DestinationCidrBlock: 10.50.0.0/16, TransitGatewayAttachmentId: !Ref Att } }
  Hole: { Type: AWS::EC2::TransitGatewayRoute, Properties: { TransitGatewayRouteTableId: !Ref Rtb, DestinationCidrBlock: 10.66.0.0/16, Blackhole: true } }
`);
    const tgw = t.transitGateways[0]!;
    expect([tgw.amazonSideAsn, tgw.defaultRouteTableAssociation, tgw.defaultRouteTablePropagation]).toEqual([64600, true, true]);
    const att = t.transitGatewayAttachments[0]!;
    expect([att.resourceType, att.resourceId, att.applianceModeSupport, att.subnetIds.length, att.networkInterfaceIds.length]).toEqual(['vpc', id('vpc', 'Vpc'), true, 2, 2]);
    expect(t.networkInterfaces.filter((e) => e.kind === 'transit-gateway-attachment').map((e) => e.subnetId)).toEqual(att.subnetIds);
    const def = t.transitGatewayRouteTables.find((r) => r.id === tgw.associationDefaultRouteTableId)!;
    const rtb = t.transitGatewayRouteTables.find((r) => r.logicalId === 'Rtb')!;
    // TGW-2: the explicit association moved the attachment off the default table; propagation adds.
    expect(def.associationAttachmentIds).toEqual([]);
    expect(def.propagationAttachmentIds).toEqual([att.id]);
    expect(rtb.associationAttachmentIds).toEqual([att.id]);
    expect(rtb.propagationAttachmentIds).toEqual([att.id]);
    expect(rtb.routes.map((r) => [r.logicalId, r.destination.text, r.attachmentId, r.blackhole])).toEqual([
      ['Hole', '10.66.0.0/16', undefined, true],
      ['Static', '10.50.0.0/16', att.id, false],
    ]);
  });

  it('many attachments: an explicit association moves only its attachment off the default table, in order; a repeated propagation adds once (TGW-2, TGW-6)', () => {
    const attachments = ['A1', 'A2', 'A3', 'A4'].map((n) => `  ${n}: { Type: AWS::EC2::TransitGatewayVpcAttachment, Properties: { TransitGatewayId: !Ref Tgw, VpcId: !Ref Vpc, SubnetIds: [!Ref SubnetA] } }`).join('\n');
    const t = load(`
  Tgw: { Type: AWS::EC2::TransitGateway }
${attachments}
  Rtb: { Type: AWS::EC2::TransitGatewayRouteTable, Properties: { TransitGatewayId: !Ref Tgw } }
  Assoc3: { Type: AWS::EC2::TransitGatewayRouteTableAssociation, Properties: { TransitGatewayAttachmentId: !Ref A3, TransitGatewayRouteTableId: !Ref Rtb } }
  Assoc1: { Type: AWS::EC2::TransitGatewayRouteTableAssociation, Properties: { TransitGatewayAttachmentId: !Ref A1, TransitGatewayRouteTableId: !Ref Rtb } }
  PropA: { Type: AWS::EC2::TransitGatewayRouteTablePropagation, Properties: { TransitGatewayAttachmentId: !Ref A2, TransitGatewayRouteTableId: !Ref Rtb } }
  PropB: { Type: AWS::EC2::TransitGatewayRouteTablePropagation, Properties: { TransitGatewayAttachmentId: !Ref A2, TransitGatewayRouteTableId: !Ref Rtb } }
`);
    const att = (n: string) => t.transitGatewayAttachments.find((a) => a.logicalId === n)!.id;
    const tgw = t.transitGateways[0]!;
    const def = t.transitGatewayRouteTables.find((r) => r.id === tgw.associationDefaultRouteTableId)!;
    const rtb = t.transitGatewayRouteTables.find((r) => r.logicalId === 'Rtb')!;
    expect(def.associationAttachmentIds).toEqual([att('A2'), att('A4')]);
    expect(rtb.associationAttachmentIds.slice().sort()).toEqual([att('A1'), att('A3')].sort());
    expect(def.propagationAttachmentIds).toEqual(['A1', 'A2', 'A3', 'A4'].map(att));
    expect(rtb.propagationAttachmentIds).toEqual([att('A2')]);
  });

  it('with defaults disabled there is no default route table', () => {
    const t = load(`
  Tgw: { Type: AWS::EC2::TransitGateway, Properties: { DefaultRouteTableAssociation: disable, DefaultRouteTablePropagation: disable } }
`);
    expect(t.transitGatewayRouteTables).toEqual([]);
  });
});

describe('VPN', () => {
  it('customer gateway, VPN on a VGW with static routes, VPN on a TGW with its attachment', () => {
    const t = load(`
  Cgw: { Type: AWS::EC2::CustomerGateway, Properties: { BgpAsn: 65010, IpAddress: 198.51.100.7, Type: ipsec.1 } }
  Vgw: { Type: AWS::EC2::VPNGateway, Properties: { Type: ipsec.1 } }
  Vpn: { Type: AWS::EC2::VPNConnection, Properties: { CustomerGatewayId: !Ref Cgw, VpnGatewayId: !Ref Vgw, StaticRoutesOnly: true, Type: ipsec.1 } }
  Route: { Type: AWS::EC2::VPNConnectionRoute, Properties: { VpnConnectionId: !Ref Vpn, DestinationCidrBlock: 192.168.0.0/16 } }
  Tgw: { Type: AWS::EC2::TransitGateway }
  TgwVpn: { Type: AWS::EC2::VPNConnection, Properties: { CustomerGatewayId: !Ref Cgw, TransitGatewayId: !Ref Tgw, Type: ipsec.1 } }
`);
    expect(t.customerGateways[0]).toMatchObject({ bgpAsn: 65010, ipAddress: expect.objectContaining({ text: '198.51.100.7' }) });
    const vpn = t.vpnConnections.find((v) => v.logicalId === 'Vpn')!;
    expect([vpn.vpnGatewayId, vpn.staticRoutesOnly, vpn.staticRoutes.map((p) => p.text), vpn.tunnels.length]).toEqual([id('vgw', 'Vgw'), true, ['192.168.0.0/16'], 2]);
    const tgwVpn = t.vpnConnections.find((v) => v.logicalId === 'TgwVpn')!;
    expect(tgwVpn.transitGatewayId).toBe(id('tgw', 'Tgw'));
    const att = t.transitGatewayAttachments.find((a) => a.resourceId === tgwVpn.id)!;
    expect(att.resourceType).toBe('vpn');
    expect(t.transitGatewayRouteTables[0]!.associationAttachmentIds).toEqual([att.id]);
  });
});

describe('VPC endpoints', () => {
  it('gateway endpoint: route from the AWS-managed prefix list (VPCE-2); interface endpoint: ENIs per subnet (VPCE-8)', () => {
    const t = load(`
  Rt: { Type: AWS::EC2::RouteTable, Properties: { VpcId: !Ref Vpc } }
  S3: { Type: AWS::EC2::VPCEndpoint, Properties: { VpcId: !Ref Vpc, ServiceName: !Sub "com.amazonaws.\${AWS::Region}.s3", RouteTableIds: [!Ref Rt] } }
  Sg: { Type: AWS::EC2::SecurityGroup, Properties: { GroupDescription: d, VpcId: !Ref Vpc } }
  Ssm:
    Type: AWS::EC2::VPCEndpoint
    Properties: { VpcId: !Ref Vpc, VpcEndpointType: Interface, ServiceName: com.amazonaws.us-east-1.ssm, SubnetIds: [!Ref SubnetA, !Ref SubnetB], SecurityGroupIds: [!Ref Sg], PrivateDnsEnabled: true }
  Probe: { Type: Custom::X, Properties: { Enis: !GetAtt Ssm.NetworkInterfaceIds } }
`);
    const rt = t.routeTables.find((r) => r.logicalId === 'Rt')!;
    expect(rt.routes).toEqual([{ destinationPrefixListId: 'pl-63a5400a', target: { kind: 'vpc-endpoint', id: id('vpce', 'S3') }, origin: 'CreateRoute', logicalId: 'S3.Route' }]);
    expect(t.prefixLists.find((p) => p.id === 'pl-63a5400a')).toMatchObject({ awsManaged: true, prefixListName: 'com.amazonaws.us-east-1.s3' });
    const ssm = t.vpcEndpoints.find((e) => e.logicalId === 'Ssm')!;
    expect([ssm.type, ssm.privateDnsEnabled, ssm.policy, ssm.securityGroupIds]).toEqual(['Interface', true, 'allow', [id('sg', 'Sg')]]);
    const enis = t.networkInterfaces.filter((e) => e.ownerId === ssm.id);
    expect(enis.map((e) => [e.id, e.subnetId, e.securityGroupIds])).toEqual(ssm.subnetIds.map((s, i) => [ssm.networkInterfaceIds[i], s, [id('sg', 'Sg')]]));
  });

  it('VPCE-7: a policy without Allow or with an unconditional Deny on * is deny', () => {
    const policy = (doc: string) =>
      load(`
  Rt: { Type: AWS::EC2::RouteTable, Properties: { VpcId: !Ref Vpc } }
  S3: { Type: AWS::EC2::VPCEndpoint, Properties: { VpcId: !Ref Vpc, ServiceName: com.amazonaws.us-east-1.s3, RouteTableIds: [!Ref Rt], PolicyDocument: ${doc} } }
`).vpcEndpoints[0]!.policy;
    expect(policy('{ Statement: [{ Effect: Allow, Principal: "*", Action: "*", Resource: "*" }] }')).toBe('allow');
    expect(policy('{ Statement: [{ Effect: Deny, Principal: "*", Action: "*", Resource: "*" }] }')).toBe('deny');
    expect(policy('{ Statement: [] }')).toBe('deny');
    expect(policy(`'{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}'`)).toBe('allow');
  });
});

describe('Network Firewall', () => {
  it('firewall endpoints per subnet (GetAtt EndpointIds as az:vpce-…), policy and 5-tuple rule groups; Suricata strings warn', () => {
    const warnings: string[] = [];
    const t = load(`
  Stateless:
    Type: AWS::NetworkFirewall::RuleGroup
    Properties:
      RuleGroupName: sl
      Type: STATELESS
      Capacity: 10
      RuleGroup:
        RulesSource:
          StatelessRulesAndCustomActions:
            StatelessRules:
              - Priority: 1
                RuleDefinition:
                  Actions: [aws:forward_to_sfe, MyMetric]
                  MatchAttributes: { Sources: [{ AddressDefinition: 0.0.0.0/0 }], DestinationPorts: [{ FromPort: 443, ToPort: 443 }], Protocols: [6] }
  Stateful:
    Type: AWS::NetworkFirewall::RuleGroup
    Properties:
      RuleGroupName: sf
      Type: STATEFUL
      Capacity: 10
      RuleGroup:
        RuleVariables: { IPSets: { HOME_NET: { Definition: [10.0.0.0/16] } } }
        RulesSource:
          StatefulRules:
            - { Action: DROP, Header: { Protocol: TCP, Source: $HOME_NET, SourcePort: ANY, Destination: ANY, DestinationPort: "22", Direction: FORWARD }, RuleOptions: [{ Keyword: "sid:1" }] }
            - { Action: PASS, Header: { Protocol: TLS, Source: ANY, SourcePort: ANY, Destination: ANY, DestinationPort: ANY, Direction: ANY } }
  Suricata:
    Type: AWS::NetworkFirewall::RuleGroup
    Properties: { RuleGroupName: su, Type: STATEFUL, Capacity: 10, RuleGroup: { RulesSource: { RulesString: "drop tls any any -> any any (sid:2;)" } } }
  Policy:
    Type: AWS::NetworkFirewall::FirewallPolicy
    Properties:
      FirewallPolicyName: p
      FirewallPolicy:
        StatelessDefaultActions: [aws:forward_to_sfe]
        StatelessFragmentDefaultActions: [aws:drop]
        StatelessRuleGroupReferences: [{ ResourceArn: !Ref Stateless, Priority: 10 }]
        StatefulRuleGroupReferences: [{ ResourceArn: !GetAtt Stateful.RuleGroupArn }]
  Fw:
    Type: AWS::NetworkFirewall::Firewall
    Properties: { FirewallName: fw, FirewallPolicyArn: !Ref Policy, VpcId: !Ref Vpc, SubnetMappings: [{ SubnetId: !Ref SubnetA }, { SubnetId: !Ref SubnetB }] }
  Rt: { Type: AWS::EC2::RouteTable, Properties: { VpcId: !Ref Vpc } }
  ViaFw:
    Type: AWS::EC2::Route
    Properties:
      RouteTableId: !Ref Rt
      DestinationCidrBlock: 0.0.0.0/0
      VpcEndpointId: !Select [1, !Split [":", !Select [1, !GetAtt Fw.EndpointIds]]]
`, { warn: (m: string) => warnings.push(m) });
    const fw = t.networkFirewalls[0]!;
    expect(fw.id).toBe('arn:aws:network-firewall:us-east-1:123456789012:firewall/fw');
    expect(fw.firewallPolicyId).toBe('arn:aws:network-firewall:us-east-1:123456789012:firewall-policy/p');
    expect(fw.endpoints.map((e) => [e.availabilityZone, e.subnetId])).toEqual([['us-east-1a', id('subnet', 'SubnetA')], ['us-east-1b', id('subnet', 'SubnetB')]]);
    expect(t.routeTables.find((r) => r.logicalId === 'Rt')!.routes[0]!.target).toEqual({ kind: 'vpc-endpoint', id: fw.endpoints[1]!.endpointId });
    expect(t.networkInterfaces.filter((e) => e.kind === 'firewall-endpoint').map((e) => e.id)).toEqual(fw.endpoints.map((e) => e.networkInterfaceId));
    const policy = t.firewallPolicies[0]!;
    expect(policy.statelessRuleGroups).toEqual([{ ruleGroupId: 'arn:aws:network-firewall:us-east-1:123456789012:stateless-rulegroup/sl', priority: 10 }]);
    expect(policy.statefulRuleGroups).toEqual([{ ruleGroupId: 'arn:aws:network-firewall:us-east-1:123456789012:stateful-rulegroup/sf' }]);
    const sl = t.firewallRuleGroups.find((g) => g.logicalId === 'Stateless')!;
    expect(sl.statelessRules[0]).toMatchObject({ priority: 1, actions: ['aws:forward_to_sfe'], protocols: [6], destinationPorts: [{ from: 443, to: 443 }] });
    const sf = t.firewallRuleGroups.find((g) => g.logicalId === 'Stateful')!;
    expect(sf.statefulRules).toEqual([{ action: 'DROP', protocol: 6, source: expect.objectContaining({ text: '10.0.0.0/16' }), destinationPort: { from: 22, to: 22 }, direction: 'FORWARD' }]);
    expect(warnings).toEqual([
      "t.yaml: AWS::NetworkFirewall::RuleGroup 'Stateful': StatefulRules[1] is not a plain 5-tuple rule and is ignored (NFW-6)",
      "t.yaml: AWS::NetworkFirewall::RuleGroup 'Suricata': RulesString and domain lists are not evaluated (NFW-6)",
    ]);
  });
});

describe('importer behaviour', () => {
  it('unmodelled types are skipped with one warning line each; API Gateway types silently', () => {
    const warnings: string[] = [];
    const t = importCloudFormation(
      `Resources:\n${BASE}  Logs: { Type: AWS::S3::Bucket, Properties: { BucketName: !ImportValue Shared } }\n  Fn: { Type: AWS::Lambda::Function }\n  Api: { Type: AWS::ApiGateway::RestApi }\n`,
      'lab.yaml',
      { warn: (m) => warnings.push(m) },
    );
    expect(warnings).toEqual([
      "lab.yaml: skipping AWS::S3::Bucket 'Logs' (not modelled)",
      "lab.yaml: skipping AWS::Lambda::Function 'Fn' (not modelled)",
    ]);
    expect(t.warnings).toEqual(warnings);
  });

  it('ImportValue in a modelled resource names the resource and the property', () => {
    expect(fails(`
  Sg: { Type: AWS::EC2::SecurityGroup, Properties: { GroupDescription: d, VpcId: !ImportValue SharedVpc } }
`)).toBe(`t.yaml: SecurityGroup 'Sg': Properties.VpcId: Fn::ImportValue "SharedVpc" cannot be resolved: exports of other stacks are not known offline; replace it with a parameter`);
  });

  it('deterministic: importing twice gives identical output; another stack name gives other ids', () => {
    const text = `Resources:\n${BASE}  Web: { Type: AWS::EC2::Instance, Properties: { SubnetId: !Ref SubnetA } }\n`;
    const json = (t: Topology) => JSON.stringify(t, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
    expect(json(importCloudFormation(text, 't.yaml'))).toBe(json(importCloudFormation(text, 't.yaml')));
    expect(importCloudFormation(text, 't.yaml', { stackName: 'other' }).vpcs[0]!.id).not.toBe(id('vpc', 'Vpc'));
  });

  it('the Region comes from literal zones (C-5) and lands in the topology', () => {
    const t = importCloudFormation('Resources:\n  Vpc: { Type: AWS::EC2::VPC, Properties: { CidrBlock: 10.0.0.0/16 } }\n  S: { Type: AWS::EC2::Subnet, Properties: { VpcId: !Ref Vpc, CidrBlock: 10.0.0.0/24, AvailabilityZone: eu-west-1b } }\n', 't.yaml');
    expect(t.region).toBe('eu-west-1');
  });
});
