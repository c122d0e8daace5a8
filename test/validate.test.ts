// validateTopology: one test per rule, each breaking a valid model in one place (rule ids from SEMANTICS.md).
import { describe, expect, it } from 'vitest';
import { validateTopology, collectWarnings } from '../src/model/validate.js';
import { topology } from '../src/builder/index.js';
import { addEni, addRouteTable, addSubnet, addTransitGateway, addVpc, addVpnAttachment, addVpnConnection, cidr, id, ip, lab } from './helpers/validate-lab.js';
import { validationError as errorOf } from './helpers/input-error.js';

describe('validateTopology: a valid model', () => {
  it('accepts the lab model', () => {
    expect(() => validateTopology(lab().t)).not.toThrow();
  });

  it('names type, logical id, field and EC2 code in the error', () => {
    const { t, vpc } = lab();
    addSubnet(t, 'AppSubnet', vpc, '10.9.1.0/24');
    const err = errorOf(t);
    expect(err.message).toBe("Subnet 'AppSubnet': CidrBlock 10.9.1.0/24 is outside VPC 'Vpc' (10.0.0.0/16) (InvalidSubnet.Range)");
    expect(err.context).toMatchObject({ resourceType: 'AWS::EC2::Subnet', logicalId: 'AppSubnet', field: 'CidrBlock', code: 'InvalidSubnet.Range' });
    expect(err.inFile('big.yaml').message).toBe(`big.yaml: ${err.message}`);
  });
});

describe('C-4: the first error is the same whatever the input order', () => {
  it('reports by resource kind, then logical id', () => {
    const build = (reverse: boolean) => {
      const { t, vpc } = lab();
      addSubnet(t, 'ZSubnet', vpc, '10.7.0.0/24');
      addSubnet(t, 'ASubnet', vpc, '10.8.0.0/24');
      t.vpcs[0]!.cidrBlocks.push(cidr('10.0.0.0/8')); // ADDR-1 on a VPC: VPCs come before subnets
      if (reverse) t.subnets.reverse();
      return t;
    };
    expect(errorOf(build(false)).message).toMatch(/^VPC 'Vpc': CidrBlock \(secondary\) 10\.0\.0\.0\/8 is not \/16 to \/28/);
    const a = build(false);
    a.vpcs[0]!.cidrBlocks.pop();
    const b = build(true);
    b.vpcs[0]!.cidrBlocks.pop();
    expect(errorOf(a).message).toMatch(/^Subnet 'ASubnet'/);
    expect(errorOf(b).message).toBe(errorOf(a).message);
  });
});

describe('addressing (ADDR)', () => {
  it('ADDR-1: a VPC block larger than /16 is InvalidVpc.Range', () => {
    const { t } = lab();
    t.vpcs[0]!.cidrBlocks = [cidr('10.0.0.0/15')];
    expect(errorOf(t).message).toBe("VPC 'Vpc': CidrBlock 10.0.0.0/15 is not /16 to /28 (ADDR-1) (InvalidVpc.Range)");
  });

  it('ADDR-1: a VPC block smaller than /28 is InvalidVpc.Range', () => {
    const t = lab().t;
    addVpc(t, 'Tiny', ['10.1.0.0/29']);
    expect(errorOf(t).context.code).toBe('InvalidVpc.Range');
    expect(errorOf(t).message).toContain("VPC 'Tiny'");
  });

  it('ADDR-1: /16 and /28 are both accepted', () => {
    const t = lab().t;
    addVpc(t, 'Tiny', ['10.1.0.0/28']);
    expect(() => validateTopology(t)).not.toThrow();
  });

  it('ADDR-1: a VPC without an IPv4 block is refused', () => {
    const { t, vpc } = lab();
    vpc.cidrBlocks = [];
    expect(errorOf(t).message).toMatch(/VPC 'Vpc': CidrBlock is missing/);
  });

  it('ADDR-2: a secondary block overlapping the primary is VpcCidrConflict', () => {
    const { t, vpc } = lab();
    vpc.cidrBlocks.push(cidr('10.0.128.0/20'));
    expect(errorOf(t).message).toBe("VPC 'Vpc': CidrBlock (secondary) 10.0.128.0/20 overlaps 10.0.0.0/16, already in the VPC (ADDR-2) (VpcCidrConflict)");
  });

  it('ADDR-2: a disjoint secondary block is accepted', () => {
    const { t, vpc } = lab();
    vpc.cidrBlocks.push(cidr('10.1.0.0/16'));
    expect(() => validateTopology(t)).not.toThrow();
  });

  it('ADDR-3: a secondary block from another RFC 1918 range is a warning, not an error', () => {
    const { t, vpc } = lab();
    vpc.cidrBlocks.push(cidr('192.168.0.0/24'));
    expect(() => validateTopology(t)).not.toThrow();
    expect(collectWarnings(t)).toEqual([
      "VPC 'Vpc': secondary CidrBlock 192.168.0.0/24 is in 192.168.0.0/16, which AWS does not associate with a VPC whose primary CIDR block is 10.0.0.0/16 (ADDR-3)",
    ]);
  });

  it('ADDR-3: 100.64.0.0/10 is a permitted secondary range for a 10/8 primary', () => {
    const { t, vpc } = lab();
    vpc.cidrBlocks.push(cidr('100.64.0.0/16'));
    expect(collectWarnings(t)).toEqual([]);
  });

  it('ADDR-4: VPC IPv6 blocks are /44 to /60', () => {
    const { t, vpc } = lab();
    vpc.ipv6CidrBlocks = [cidr('2600:1f18:1::/64')];
    expect(errorOf(t).message).toBe("VPC 'Vpc': Ipv6CidrBlock 2600:1f18:1::/64 is not /44 to /60 (ADDR-4) (InvalidVpc.Range)");
    vpc.ipv6CidrBlocks = [cidr('2600:1f18:1::/56')];
    expect(() => validateTopology(t)).not.toThrow();
  });

  it('ADDR-4: subnet IPv6 blocks are /44 to /64 and inside a VPC IPv6 block', () => {
    const { t, vpc } = lab();
    vpc.ipv6CidrBlocks = [cidr('2600:1f18:1::/56')];
    const s = addSubnet(t, 'V6Subnet', vpc, '10.0.2.0/24', 'us-east-1a', '2600:1f18:1:1::/80');
    expect(errorOf(t).message).toBe("Subnet 'V6Subnet': Ipv6CidrBlock 2600:1f18:1:1::/80 is not /44 to /64 (ADDR-4) (InvalidSubnet.Range)");
    s.ipv6CidrBlock = cidr('2600:1f18:2::/64');
    expect(errorOf(t).message).toBe("Subnet 'V6Subnet': Ipv6CidrBlock 2600:1f18:2::/64 is outside VPC 'Vpc' (2600:1f18:1::/56) (InvalidSubnet.Range)");
    s.ipv6CidrBlock = cidr('2600:1f18:1:1::/64');
    expect(() => validateTopology(t)).not.toThrow();
  });

  it('ADDR-5: subnet blocks are /16 to /28', () => {
    const { t, vpc } = lab();
    addSubnet(t, 'Huge', vpc, '10.0.0.0/16');
    t.subnets = t.subnets.filter((s) => s.logicalId === 'Huge');
    t.routeTables.find((r) => r.logicalId === 'PublicRouteTable')!.subnetIds = [];
    t.networkInterfaces = [];
    expect(() => validateTopology(t)).not.toThrow();
    t.subnets[0]!.cidrBlock = cidr('10.0.0.0/29');
    expect(errorOf(t).message).toBe("Subnet 'Huge': CidrBlock 10.0.0.0/29 is not /16 to /28 (ADDR-5) (InvalidSubnet.Range)");
  });

  it('ADDR-5: a subnet may lie in a secondary VPC block', () => {
    const { t, vpc } = lab();
    vpc.cidrBlocks.push(cidr('10.1.0.0/16'));
    addSubnet(t, 'Second', vpc, '10.1.5.0/24');
    expect(() => validateTopology(t)).not.toThrow();
  });

  it('ADDR-5: a subnet of a missing VPC names the VPC id', () => {
    const { t, vpc } = lab();
    const s = addSubnet(t, 'Orphan', vpc, '10.0.9.0/24');
    s.vpcId = 'vpc-0123456789abcdef0';
    expect(errorOf(t).message).toBe("Subnet 'Orphan': VpcId vpc-0123456789abcdef0 does not exist (no VPC with that id) (InvalidVpcID.NotFound)");
  });

  it('ADDR-6: overlapping subnets of one VPC are InvalidSubnet.Conflict', () => {
    const { t, vpc } = lab();
    addSubnet(t, 'AppSubnet', vpc, '10.0.1.128/25');
    expect(errorOf(t).message).toBe("Subnet 'AppSubnet': CidrBlock 10.0.1.128/25 overlaps Subnet 'PrivateSubnet' (10.0.1.0/24) (ADDR-6) (InvalidSubnet.Conflict)");
  });

  it('ADDR-6: the same CIDR in two VPCs is fine', () => {
    const { t } = lab();
    const other = addVpc(t, 'Other', ['10.0.0.0/16']);
    addSubnet(t, 'OtherSubnet', other, '10.0.1.0/24');
    expect(() => validateTopology(t)).not.toThrow();
  });

  it('ADDR-6: finds an overlap hidden behind a sibling in address order', () => {
    const t = lab().t;
    const v = addVpc(t, 'Big', ['172.16.0.0/16']);
    addSubnet(t, 'Wide', v, '172.16.0.0/20');
    addSubnet(t, 'Inner', v, '172.16.1.0/24');
    addSubnet(t, 'Later', v, '172.16.2.0/24');
    // 'Inner' < 'Later' < 'Wide': Inner is reported first, naming Wide.
    expect(errorOf(t).message).toBe("Subnet 'Inner': CidrBlock 172.16.1.0/24 overlaps Subnet 'Wide' (172.16.0.0/20) (ADDR-6) (InvalidSubnet.Conflict)");
  });

  it('C-5: a literal zone of another Region is refused', () => {
    const { t, pub } = lab();
    pub.availabilityZone = 'us-west-2a';
    expect(errorOf(t).message).toBe("Subnet 'PublicSubnet': AvailabilityZone us-west-2a is not in the model's Region us-east-1 (C-5) (InvalidParameterValue)");
  });

  it('ADDR-7: each of the five reserved IPv4 addresses is AddressReserved', () => {
    for (const [address, reason] of [
      ['10.0.0.0', 'the network address'],
      ['10.0.0.1', 'the VPC router'],
      ['10.0.0.2', 'the Amazon DNS server'],
      ['10.0.0.3', 'reserved for future use'],
      ['10.0.0.255', 'the broadcast address'],
    ]) {
      const { t, web } = lab();
      web.privateIps[0]!.address = ip(address!);
      expect(errorOf(t).message).toBe(`NetworkInterface 'WebEni': PrivateIpAddress ${address} is reserved in Subnet 'PublicSubnet' (10.0.0.0/24): ${reason} (ADDR-7) (AddressReserved)`);
    }
    const { t, web } = lab();
    web.privateIps[0]!.address = ip('10.0.0.4');
    expect(() => validateTopology(t)).not.toThrow();
    web.privateIps[0]!.address = ip('10.0.0.254');
    expect(() => validateTopology(t)).not.toThrow();
  });

  it('ADDR-8: the first four and the last IPv6 address of a subnet are reserved', () => {
    const { t, vpc, pub, web } = lab();
    vpc.ipv6CidrBlocks = [cidr('2600:1f18:1::/56')];
    pub.ipv6CidrBlock = cidr('2600:1f18:1:1::/64');
    web.ipv6Addresses = [ip('2600:1f18:1:1::3')];
    expect(errorOf(t).context.code).toBe('AddressReserved');
    web.ipv6Addresses = [ip('2600:1f18:1:1:ffff:ffff:ffff:ffff')];
    expect(errorOf(t).message).toContain('the last address (ADDR-8)');
    web.ipv6Addresses = [ip('2600:1f18:1:1::4')];
    expect(() => validateTopology(t)).not.toThrow();
  });

  it('ADDR-10: a private IP outside its subnet is refused', () => {
    const { t, web } = lab();
    web.privateIps[0]!.address = ip('10.0.1.10');
    expect(errorOf(t).message).toBe("NetworkInterface 'WebEni': PrivateIpAddress 10.0.1.10 is outside Subnet 'PublicSubnet' (10.0.0.0/24) (ADDR-10) (InvalidParameterValue)");
  });

  it('ADDR-10: a duplicate private IP in the VPC is InvalidIPAddress.InUse', () => {
    const { t, pub } = lab();
    addEni(t, 'AppEni', pub, '10.0.0.10');
    expect(errorOf(t).message).toBe("NetworkInterface 'WebEni': PrivateIpAddress 10.0.0.10 is already used by NetworkInterface 'AppEni' in VPC 'Vpc' (ADDR-10) (InvalidIPAddress.InUse)");
  });

  it('ADDR-10: the same private IP in two VPCs is fine', () => {
    const { t } = lab();
    const other = addVpc(t, 'Other', ['10.0.0.0/16']);
    addEni(t, 'OtherEni', addSubnet(t, 'OtherSubnet', other, '10.0.0.0/24'), '10.0.0.10');
    expect(() => validateTopology(t)).not.toThrow();
  });

  it('ADDR-14: one public IP mapped to two interfaces is refused', () => {
    const { t, pub, web } = lab();
    web.privateIps[0]!.publicIp = ip('3.0.0.1');
    const other = addEni(t, 'OtherEni', pub, '10.0.0.11');
    other.privateIps[0]!.publicIp = ip('3.0.0.1');
    expect(errorOf(t).message).toBe("NetworkInterface 'WebEni': PublicIp 3.0.0.1 is already mapped to NetworkInterface 'OtherEni' (ADDR-14) (InvalidIPAddress.InUse)");
  });

  it('a security group of another VPC on an interface is refused', () => {
    const { t, web } = lab();
    const other = addVpc(t, 'Other', ['10.1.0.0/16']);
    web.securityGroupIds = [other.defaultSecurityGroupId];
    expect(errorOf(t).message).toMatch(/^NetworkInterface 'WebEni': GroupSet: SecurityGroup 'OtherSg' belongs to VPC 'Other', not to VPC 'Vpc'/);
  });

  it('a missing security group is named', () => {
    const { t, web } = lab();
    web.securityGroupIds = ['sg-0deadbeef0000000'];
    expect(errorOf(t).message).toBe("NetworkInterface 'WebEni': GroupSet sg-0deadbeef0000000 does not exist (no SecurityGroup with that id) (InvalidGroup.NotFound)");
  });

  it('duplicate physical ids are refused', () => {
    const { t, vpc } = lab();
    const s = addSubnet(t, 'Dup', vpc, '10.0.5.0/24');
    (s as { id: string }).id = t.subnets[0]!.id;
    const message = errorOf(t).message;
    expect(message).toMatch(/^Subnet 'PublicSubnet': id subnet-\w+ is also the id of Subnet 'Dup'/);
    t.subnets.reverse();
    expect(errorOf(t).message).toBe(message);
  });
});

describe('route tables (RT)', () => {
  it('RT-9: a missing target is named (InvalidGatewayID)', () => {
    const { t, publicRt } = lab();
    publicRt.routes[0]!.target.id = 'igw-0000000000000000';
    expect(errorOf(t).message).toBe("Route 'DefaultRoute': route 0.0.0.0/0: GatewayId igw-0000000000000000 does not exist (no InternetGateway with that id) (InvalidInternetGatewayID.NotFound)");
  });

  it('RT-10: an imported blackhole route may name a deleted target', () => {
    const { t, publicRt } = lab();
    publicRt.routes[0]!.target = { kind: 'nat-gateway', id: 'nat-0000000000000000' };
    publicRt.routes[0]!.state = 'blackhole';
    expect(() => validateTopology(t)).not.toThrow();
  });

  it('RT-9: a target of the wrong kind is named with its kind', () => {
    const { t, publicRt, web } = lab();
    publicRt.routes[0]!.target = { kind: 'nat-gateway', id: web.id };
    expect(errorOf(t).message).toBe("Route 'DefaultRoute': route 0.0.0.0/0: NatGatewayId " + web.id + " is NetworkInterface 'WebEni', not a NatGateway (NatGatewayNotFound)");
  });

  it("RT-9: a target in another VPC is refused", () => {
    const { t, publicRt } = lab();
    const other = addVpc(t, 'Other', ['10.1.0.0/16']);
    t.internetGateways.push({ id: id('igw', 'OtherIgw'), logicalId: 'OtherIgw', vpcId: other.id });
    publicRt.routes[0]!.target.id = id('igw', 'OtherIgw');
    expect(errorOf(t).message).toMatch(/route 0\.0\.0\.0\/0: InternetGateway 'OtherIgw' belongs to VPC 'Other', not to VPC 'Vpc'/);
  });

  it('RT-10: a route to a detached internet gateway is accepted (it is a blackhole at run time)', () => {
    const { t } = lab();
    t.internetGateways[0]!.vpcId = undefined;
    expect(() => validateTopology(t)).not.toThrow();
  });

  it('RT-6: a route more specific than local to an internet gateway is InvalidRoute.LocalConflict', () => {
    const { t, publicRt, igwId } = lab();
    publicRt.routes.push({ destination: cidr('10.0.1.0/24'), target: { kind: 'internet-gateway', id: igwId }, origin: 'CreateRoute' });
    expect(errorOf(t).message).toMatch(/^RouteTable 'PublicRouteTable': route 10\.0\.1\.0\/24: 10\.0\.1\.0\/24 is more specific than the local route 10\.0\.0\.0\/16; .* \(RT-6\) \(InvalidRoute\.LocalConflict\)$/);
  });

  it('RT-6: a route more specific than local to a network interface (middlebox) is accepted', () => {
    const { t, publicRt, web } = lab();
    publicRt.routes.push({ destination: cidr('10.0.1.0/24'), target: { kind: 'network-interface', id: web.id }, origin: 'CreateRoute' });
    expect(() => validateTopology(t)).not.toThrow();
  });

  it('RT-7: a route equal to the VPC CIDR is RouteAlreadyExists', () => {
    const { t, publicRt, web } = lab();
    publicRt.routes.push({ destination: cidr('10.0.0.0/16'), target: { kind: 'network-interface', id: web.id }, origin: 'CreateRoute' });
    expect(errorOf(t).message).toBe("RouteTable 'PublicRouteTable': route 10.0.0.0/16: 10.0.0.0/16 is a CIDR block of VPC 'Vpc', already routed by the local route (RT-7) (RouteAlreadyExists)");
  });

  it('a less specific route covering the VPC CIDR is accepted', () => {
    const { t, publicRt, igwId } = lab();
    publicRt.routes.push({ destination: cidr('10.0.0.0/8'), target: { kind: 'internet-gateway', id: igwId }, origin: 'CreateRoute' });
    expect(() => validateTopology(t)).not.toThrow();
  });

  it('two routes to one destination are RouteAlreadyExists', () => {
    const { t, publicRt, igwId } = lab();
    publicRt.routes.push({ destination: cidr('0.0.0.0/0'), target: { kind: 'internet-gateway', id: igwId }, origin: 'CreateRoute', logicalId: 'Again' });
    expect(errorOf(t).message).toBe("Route 'Again': route 0.0.0.0/0: the route table already has a route to 0.0.0.0/0 (RouteAlreadyExists)");
  });

  it('RT-9: egress-only internet gateway routes are IPv6 only', () => {
    const { t, vpc, publicRt } = lab();
    t.egressOnlyInternetGateways.push({ id: id('eigw', 'Eigw'), logicalId: 'Eigw', vpcId: vpc.id });
    publicRt.routes.push({ destination: cidr('::/0'), target: { kind: 'egress-only-internet-gateway', id: id('eigw', 'Eigw') }, origin: 'CreateRoute' });
    expect(() => validateTopology(t)).not.toThrow();
    publicRt.routes.push({ destination: cidr('192.0.2.0/24'), target: { kind: 'egress-only-internet-gateway', id: id('eigw', 'Eigw') }, origin: 'CreateRoute' });
    expect(errorOf(t).message).toBe("RouteTable 'PublicRouteTable': route 192.0.2.0/24: an egress-only internet gateway carries IPv6 only (RT-9, GW-16) (InvalidParameterValue)");
  });

  it('RT-1: a subnet associated with two route tables is refused', () => {
    const { t, vpc, pub } = lab();
    addRouteTable(t, 'ZOther', vpc, [pub]);
    expect(errorOf(t).message).toBe("RouteTable 'ZOther': SubnetId: Subnet 'PublicSubnet' is already associated with RouteTable 'PublicRouteTable' (RT-1) (Resource.AlreadyAssociated)");
  });

  it('RT-1: an association to a missing subnet is named', () => {
    const { t, publicRt } = lab();
    publicRt.subnetIds.push('subnet-0000000000000000');
    expect(errorOf(t).message).toBe("RouteTable 'PublicRouteTable': SubnetId subnet-0000000000000000 does not exist (no Subnet with that id) (InvalidSubnetID.NotFound)");
  });

  it('RT-1: two main route tables in one VPC are refused', () => {
    const { t, publicRt } = lab();
    publicRt.main = true;
    expect(errorOf(t).context.code).toBe('Resource.AlreadyAssociated');
  });

  it('RT-15: a gateway route table routes whole subnet CIDRs to a middlebox only', () => {
    const { t, vpc, web, igwId } = lab();
    const edge = addRouteTable(t, 'EdgeRouteTable', vpc);
    edge.gatewayIds = [igwId];
    edge.routes.push({ destination: cidr('10.0.1.0/24'), target: { kind: 'network-interface', id: web.id }, origin: 'CreateRoute' });
    expect(() => validateTopology(t)).not.toThrow();
    edge.routes[0]!.destination = cidr('10.0.1.0/25');
    expect(errorOf(t).message).toMatch(/route 10\.0\.1\.0\/25: a gateway route table may only route an entire subnet CIDR .* \(RT-15\)/);
  });

  it('VPCE-2: a prefix-list route needs a known prefix list', () => {
    const { t, vpc, publicRt } = lab();
    t.vpcEndpoints.push({ id: id('vpce', 'S3'), logicalId: 'S3Endpoint', vpcId: vpc.id, serviceName: 'com.amazonaws.us-east-1.s3', type: 'Gateway', routeTableIds: [publicRt.id], subnetIds: [], securityGroupIds: [], networkInterfaceIds: [], privateDnsEnabled: false, policy: 'allow' });
    publicRt.routes.push({ destinationPrefixListId: 'pl-63a5400a', target: { kind: 'vpc-endpoint', id: id('vpce', 'S3') }, origin: 'CreateRoute' });
    expect(errorOf(t).message).toBe("RouteTable 'PublicRouteTable': DestinationPrefixListId pl-63a5400a does not exist (no PrefixList with that id) (InvalidPrefixListID.NotFound)");
    t.prefixLists.push({ id: 'pl-63a5400a', logicalId: 'pl-63a5400a', prefixListName: 'com.amazonaws.us-east-1.s3', addressFamily: 'IPv4', entries: [cidr('52.216.0.0/15')], awsManaged: true });
    expect(() => validateTopology(t)).not.toThrow();
  });

  it('RT-9: a gateway endpoint route needs its prefix list as destination', () => {
    const { t, vpc, publicRt } = lab();
    t.vpcEndpoints.push({ id: id('vpce', 'S3'), logicalId: 'S3Endpoint', vpcId: vpc.id, serviceName: 'com.amazonaws.us-east-1.s3', type: 'Gateway', routeTableIds: [], subnetIds: [], securityGroupIds: [], networkInterfaceIds: [], privateDnsEnabled: false, policy: 'allow' });
    publicRt.routes.push({ destination: cidr('52.216.0.0/15'), target: { kind: 'vpc-endpoint', id: id('vpce', 'S3') }, origin: 'CreateRoute' });
    expect(errorOf(t).message).toMatch(/must have the service's prefix list as destination \(RT-9, VPCE-2\)/);
  });

  it('RT-6 CHOICE: an instance target counts as its primary network interface', () => {
    const { t, pub, publicRt, web } = lab();
    t.instances.push({ id: id('i', 'Appliance'), logicalId: 'Appliance', subnetId: pub.id, networkInterfaceIds: [web.id], state: 'running' });
    publicRt.routes.push({ destination: cidr('10.0.1.0/24'), target: { kind: 'instance', id: id('i', 'Appliance') }, origin: 'CreateRoute' });
    expect(() => validateTopology(t)).not.toThrow();
  });

  it('HYB-4: an IPv6 route to a virtual private gateway is a warning', () => {
    const { t, vpc, publicRt } = lab();
    t.vpnGateways.push({ id: id('vgw', 'Vgw'), logicalId: 'Vgw', vpcId: vpc.id, amazonSideAsn: 64512 });
    publicRt.routes.push({ destination: cidr('2001:db8::/32'), target: { kind: 'vpn-gateway', id: id('vgw', 'Vgw') }, origin: 'CreateRoute' });
    expect(() => validateTopology(t)).not.toThrow();
    expect(collectWarnings(t)).toEqual(["RouteTable 'PublicRouteTable': route 2001:db8::/32 targets a virtual private gateway, which carries IPv4 only (HYB-4)"]);
  });
});

describe('network ACLs (NACL)', () => {
  const entry = (ruleNumber: number, extra: object = {}) => ({ ruleNumber, egress: false, protocol: 6, ruleAction: 'allow' as const, cidr: cidr('0.0.0.0/0'), portRange: { from: 22, to: 22 }, ...extra });

  it('NACL-4: rule numbers are 1-32766', () => {
    for (const n of [0, 32767, 40000, 1.5]) {
      const { t } = lab();
      t.networkAcls[0]!.entries.push(entry(n));
      expect(errorOf(t).message).toBe(`NetworkAcl 'VpcAcl': ingress rule ${n}: RuleNumber ${n} is not 1-32766 (NACL-4) (InvalidParameterValue)`);
    }
    const { t } = lab();
    t.networkAcls[0]!.entries.push(entry(1), entry(32766));
    expect(() => validateTopology(t)).not.toThrow();
  });

  it('NACL-4: the exported `*` rule (32767 deny all) is accepted', () => {
    const { t } = lab();
    t.networkAcls[0]!.entries.push({ ruleNumber: 32767, egress: false, protocol: -1, ruleAction: 'deny', cidr: cidr('0.0.0.0/0') });
    expect(() => validateTopology(t)).not.toThrow();
  });

  it('NACL-4: a duplicate number in one direction is NetworkAclEntryAlreadyExists', () => {
    const { t } = lab();
    t.networkAcls[0]!.entries.push(entry(110, { logicalId: 'AllowSsh' }), entry(110, { logicalId: 'AllowHttp', portRange: { from: 80, to: 80 } }));
    expect(errorOf(t).message).toBe("NetworkAclEntry 'AllowHttp': ingress RuleNumber 110 is already used by NetworkAclEntry 'AllowSsh' (NACL-4) (NetworkAclEntryAlreadyExists)");
  });

  it('NACL-4: the same number in both directions is fine', () => {
    const { t } = lab();
    t.networkAcls[0]!.entries.push(entry(110), entry(110, { egress: true }));
    expect(() => validateTopology(t)).not.toThrow();
  });

  it('NACL-7: protocol numbers are 0-255 or -1', () => {
    const { t } = lab();
    t.networkAcls[0]!.entries.push(entry(120, { protocol: 256, logicalId: 'Bad' }));
    expect(errorOf(t).message).toBe("NetworkAclEntry 'Bad': Protocol 256 is not a protocol number 0-255 or -1 (all) (NACL-7) (InvalidParameterValue)");
  });

  it('NACL-7: ports are 0-65535 with From <= To', () => {
    const { t } = lab();
    t.networkAcls[0]!.entries.push(entry(120, { portRange: { from: 1024, to: 70000 }, logicalId: 'Eph' }));
    expect(errorOf(t).message).toBe("NetworkAclEntry 'Eph': PortRange.To 70000 is not a port 0-65535 (InvalidParameterValue)");
    t.networkAcls[0]!.entries[2]!.portRange = { from: 2000, to: 1000 };
    expect(errorOf(t).message).toBe("NetworkAclEntry 'Eph': PortRange.From 2000 is greater than PortRange.To 1000 (InvalidParameterValue)");
  });

  it('NACL-7: TCP and UDP entries need a port range', () => {
    const { t } = lab();
    t.networkAcls[0]!.entries.push(entry(120, { portRange: undefined, protocol: 17, logicalId: 'Dns' }));
    expect(errorOf(t).message).toBe("NetworkAclEntry 'Dns': PortRange is required for protocol 17 (udp) (MissingParameter)");
  });

  it('NACL-7: ICMP type and code are -1..255', () => {
    const { t } = lab();
    t.networkAcls[0]!.entries.push(entry(130, { protocol: 1, portRange: undefined, icmp: { type: 8, code: 300 }, logicalId: 'Ping' }));
    expect(errorOf(t).message).toBe("NetworkAclEntry 'Ping': ICMP Icmp.Code 300 is not -1 (any) or 0-255 (InvalidParameterValue)");
  });

  it('NACL-7 CHOICE: an ICMP entry without Icmp matches any type and code', () => {
    const { t } = lab();
    t.networkAcls[0]!.entries.push(entry(130, { protocol: 1, portRange: undefined }));
    expect(() => validateTopology(t)).not.toThrow();
  });

  it('NACL-1: a subnet associated with two network ACLs is refused', () => {
    const { t, vpc, pub } = lab();
    t.networkAcls[0]!.subnetIds.push(pub.id);
    t.networkAcls.push({ id: id('acl', 'Custom'), logicalId: 'Custom', vpcId: vpc.id, isDefault: false, entries: [], subnetIds: [pub.id] });
    expect(errorOf(t).message).toBe("NetworkAcl 'VpcAcl': SubnetId: Subnet 'PublicSubnet' is already associated with NetworkAcl 'Custom' (NACL-1) (Resource.AlreadyAssociated)");
  });
});

describe('security groups (SG)', () => {
  it('SG-2: TCP ports are 0-65535 and From <= To', () => {
    const { t } = lab();
    t.securityGroups[0]!.ingress.push({ protocol: 6, fromPort: 443, toPort: 80, peer: { kind: 'cidr', prefix: cidr('0.0.0.0/0') } });
    expect(errorOf(t).message).toBe("SecurityGroup 'VpcSg': SecurityGroupIngress[1]: FromPort 443 is greater than ToPort 80 (InvalidParameterValue)");
  });

  it('SG-3: a missing prefix list is named', () => {
    const { t } = lab();
    t.securityGroups[0]!.egress.push({ protocol: 6, fromPort: 443, toPort: 443, peer: { kind: 'prefix-list', prefixListId: 'pl-0000' }, logicalId: 'ToS3' });
    expect(errorOf(t).message).toBe("SecurityGroupEgress 'ToS3': DestinationPrefixListId pl-0000 does not exist (no PrefixList with that id) (InvalidPrefixListID.NotFound)");
  });

  function twoVpcs() {
    const l = lab();
    const other = addVpc(l.t, 'Peer', ['10.1.0.0/16']);
    l.t.securityGroups[0]!.ingress.push({ protocol: 6, fromPort: 22, toPort: 22, peer: { kind: 'security-group', groupId: other.defaultSecurityGroupId } });
    return { ...l, other };
  }

  it('SG-5: a group of an unpeered VPC cannot be referenced', () => {
    const { t } = twoVpcs();
    expect(errorOf(t).message).toMatch(/^SecurityGroup 'VpcSg': SecurityGroupIngress\[1\]: SourceSecurityGroupId SecurityGroup 'PeerSg' is in VPC 'Peer', which is neither peered/);
  });

  it('SG-5: a group across a same-Region peering can be referenced', () => {
    const { t, vpc, other } = twoVpcs();
    t.vpcPeeringConnections.push({ id: id('pcx', 'Pcx'), logicalId: 'Pcx', requesterVpcId: vpc.id, accepterVpcId: other.id, status: 'active' });
    expect(() => validateTopology(t)).not.toThrow();
  });

  it('SG-5: a group across a cross-Region peering cannot be referenced', () => {
    const { t, vpc, other } = twoVpcs();
    t.vpcPeeringConnections.push({ id: id('pcx', 'Pcx'), logicalId: 'Pcx', requesterVpcId: vpc.id, accepterVpcId: other.id, status: 'active', requesterRegion: 'us-east-1', accepterRegion: 'eu-west-1' });
    expect(errorOf(t).message).toMatch(/across Regions only; .* \(SG-5\) \(InvalidGroup\.NotFound\)$/);
  });
});

describe('gateways, peering, endpoints', () => {
  it('GW-1: two internet gateways on one VPC are refused', () => {
    const { t, vpc } = lab();
    t.internetGateways.push({ id: id('igw', 'SecondIgw'), logicalId: 'SecondIgw', vpcId: vpc.id });
    expect(errorOf(t).message).toBe("InternetGateway 'SecondIgw': VpcId: VPC 'Vpc' already has InternetGateway 'Igw' attached; a VPC has one internet gateway (GW-1) (Resource.AlreadyAssociated)");
  });

  it('GW-7: a public NAT gateway needs an Elastic IP', () => {
    const { t, pub } = lab();
    const eni = addEni(t, 'NatEni', pub, '10.0.0.20');
    t.natGateways.push({ id: id('nat', 'Nat'), logicalId: 'Nat', subnetId: pub.id, connectivityType: 'public', networkInterfaceId: eni.id, state: 'available' });
    expect(errorOf(t).message).toBe("NatGateway 'Nat': AllocationId is required for a public NAT gateway (GW-7) (MissingParameter)");
    t.natGateways[0]!.allocationId = 'eipalloc-1';
    expect(() => validateTopology(t)).not.toThrow();
  });

  it('GW-15: a private NAT gateway has no Elastic IP', () => {
    const { t, priv } = lab();
    const eni = addEni(t, 'NatEni', priv, '10.0.1.20');
    t.natGateways.push({ id: id('nat', 'Nat'), logicalId: 'Nat', subnetId: priv.id, connectivityType: 'private', networkInterfaceId: eni.id, state: 'available', allocationId: 'eipalloc-1' });
    expect(errorOf(t).message).toBe("NatGateway 'Nat': a private NAT gateway has no Elastic IP (GW-15) (InvalidParameterCombination)");
  });

  it('two active peerings between the same VPCs are refused', () => {
    const { t, vpc } = lab();
    const other = addVpc(t, 'Other', ['10.1.0.0/16']);
    const pcx = (logicalId: string, status: string) => ({ id: id('pcx', logicalId), logicalId, requesterVpcId: vpc.id, accepterVpcId: other.id, status });
    t.vpcPeeringConnections.push(pcx('PcxA', 'active'), pcx('PcxOld', 'deleted'));
    expect(() => validateTopology(t)).not.toThrow();
    t.vpcPeeringConnections.push({ ...pcx('PcxB', 'active'), requesterVpcId: other.id, accepterVpcId: vpc.id });
    expect(errorOf(t).message).toBe("VPCPeeringConnection 'PcxB': VPC 'Other' and VPC 'Vpc' are already peered by VPCPeeringConnection 'PcxA' (VpcPeeringConnectionAlreadyExists)");
  });

  it('VPCE-4: a gateway endpoint for another Region\'s service is refused', () => {
    const { t, vpc } = lab();
    t.vpcEndpoints.push({ id: id('vpce', 'S3'), logicalId: 'S3Endpoint', vpcId: vpc.id, serviceName: 'com.amazonaws.eu-west-1.s3', type: 'Gateway', routeTableIds: [], subnetIds: [], securityGroupIds: [], networkInterfaceIds: [], privateDnsEnabled: false, policy: 'allow' });
    expect(errorOf(t).message).toMatch(/^VPCEndpoint 'S3Endpoint': ServiceName com\.amazonaws\.eu-west-1\.s3 is not in the model's Region us-east-1; .*\(VPCE-4\) \(InvalidServiceName\)$/);
  });

  it('PCX-1: peering VPCs with overlapping CIDRs is PeeringCidrOverlap', () => {
    const { t, vpc } = lab();
    const other = addVpc(t, 'Other', ['10.0.128.0/17']);
    t.vpcPeeringConnections.push({ id: id('pcx', 'Pcx'), logicalId: 'Pcx', requesterVpcId: vpc.id, accepterVpcId: other.id, status: 'active' });
    expect(errorOf(t).message).toBe("VPCPeeringConnection 'Pcx': VPC 'Vpc' (10.0.0.0/16) and VPC 'Other' (10.0.128.0/17) have overlapping CIDR blocks (PCX-1) (PeeringCidrOverlap)");
  });

  it('PCX-1: a secondary block also counts', () => {
    const { t, vpc } = lab();
    const other = addVpc(t, 'Other', ['10.1.0.0/16', '10.0.5.0/24']);
    t.vpcPeeringConnections.push({ id: id('pcx', 'Pcx'), logicalId: 'Pcx', requesterVpcId: vpc.id, accepterVpcId: other.id, status: 'active' });
    expect(errorOf(t).context.code).toBe('PeeringCidrOverlap');
  });

  it('a peering to a VPC outside the model is accepted with a warning', () => {
    const { t, vpc } = lab();
    t.vpcPeeringConnections.push({ id: 'pcx-0abc', logicalId: 'pcx-0abc', requesterVpcId: vpc.id, accepterVpcId: 'vpc-0ffeeffee00000000', status: 'active' });
    expect(() => validateTopology(t)).not.toThrow();
    expect(collectWarnings(t)).toEqual(["VPCPeeringConnection 'pcx-0abc': VPC vpc-0ffeeffee00000000 is not in the model; traffic to it is not simulated"]);
  });

  it('VPCE-1: gateway endpoints exist only for S3 and DynamoDB', () => {
    const { t, vpc } = lab();
    t.vpcEndpoints.push({ id: id('vpce', 'Sqs'), logicalId: 'SqsEndpoint', vpcId: vpc.id, serviceName: 'com.amazonaws.us-east-1.sqs', type: 'Gateway', routeTableIds: [], subnetIds: [], securityGroupIds: [], networkInterfaceIds: [], privateDnsEnabled: false, policy: 'allow' });
    expect(errorOf(t).message).toBe("VPCEndpoint 'SqsEndpoint': ServiceName com.amazonaws.us-east-1.sqs: gateway endpoints exist only for Amazon S3 and DynamoDB (VPCE-1) (InvalidServiceName)");
    t.vpcEndpoints[0]!.serviceName = 'com.amazonaws.us-east-1.dynamodb';
    expect(() => validateTopology(t)).not.toThrow();
  });

  it('VPCE-8: an interface endpoint takes one subnet per Availability Zone', () => {
    const { t, vpc, pub } = lab();
    const second = addSubnet(t, 'SecondA', vpc, '10.0.2.0/24', 'us-east-1a');
    t.vpcEndpoints.push({ id: id('vpce', 'Sqs'), logicalId: 'SqsEndpoint', vpcId: vpc.id, serviceName: 'com.amazonaws.us-east-1.sqs', type: 'Interface', routeTableIds: [], subnetIds: [pub.id, second.id], securityGroupIds: [], networkInterfaceIds: [], privateDnsEnabled: true, policy: 'allow' });
    expect(errorOf(t).message).toMatch(/^VPCEndpoint 'SqsEndpoint': SubnetIds: Subnet 'PublicSubnet' and Subnet 'SecondA' are both in us-east-1a; .*\(VPCE-8\) \(DuplicateSubnetsInSameZone\)$/);
  });

  it('TGW-2: an attachment associated with two TGW route tables is refused', () => {
    const { t, vpc, pub } = lab();
    const tgw = id('tgw', 'Tgw');
    const att = id('tgw-attach', 'Att');
    t.transitGateways.push({ id: tgw, logicalId: 'Tgw', amazonSideAsn: 64512, defaultRouteTableAssociation: false, defaultRouteTablePropagation: false, securityGroupReferencingSupport: false });
    t.transitGatewayAttachments.push({ id: att, logicalId: 'Att', transitGatewayId: tgw, resourceType: 'vpc', resourceId: vpc.id, subnetIds: [pub.id], networkInterfaceIds: [], applianceModeSupport: false, securityGroupReferencingSupport: false, state: 'available' });
    const table = (logicalId: string) => ({ id: id('tgw-rtb', logicalId), logicalId, transitGatewayId: tgw, routes: [], associationAttachmentIds: [att], propagationAttachmentIds: [] });
    t.transitGatewayRouteTables.push(table('RtA'));
    expect(() => validateTopology(t)).not.toThrow();
    t.transitGatewayRouteTables.push(table('RtB'));
    expect(errorOf(t).message).toBe("TransitGatewayRouteTable 'RtB': association: TransitGatewayAttachment 'Att' is already associated with TransitGatewayRouteTable 'RtA' (TGW-2) (Resource.AlreadyAssociated)");
  });
});

// Issue 4 §5: gaps between what AWS can hold and what validation let through, whichever importer made the model.
describe('ADDR-15: Elastic IPs and public IPv4 addresses are public addresses', () => {
  const refused: Array<[string, string]> = [
    ['10.20.30.40', '10.0.0.0/8 (private, RFC 1918)'],
    ['172.31.255.254', '172.16.0.0/12 (private, RFC 1918)'],
    ['192.168.1.5', '192.168.0.0/16 (private, RFC 1918)'],
    ['100.64.0.1', '100.64.0.0/10 (shared address space, RFC 6598)'],
    ['100.127.255.254', '100.64.0.0/10 (shared address space, RFC 6598)'],
    ['127.0.0.1', '127.0.0.0/8 (loopback)'],
    ['169.254.169.254', '169.254.0.0/16 (link-local)'],
    ['0.1.2.3', '0.0.0.0/8 (this network)'],
    ['224.0.0.5', '224.0.0.0/4 (multicast)'],
    ['250.1.2.3', '240.0.0.0/4 (reserved)'],
  ];
  for (const [address, range] of refused) {
    it(`an Elastic IP ${address} is refused: it is in ${range}`, () => {
      const { t, web } = lab();
      web.privateIps[0] = { ...web.privateIps[0]!, publicIp: ip(address), allocationId: 'eipalloc-0123456789abcdef0' };
      expect(errorOf(t).message).toBe(`NetworkInterface 'WebEni': PublicIp ${address} is in ${range}; Elastic IPs and public IPs are public addresses (ADDR-15) (InvalidParameterValue)`);
      expect(errorOf(t).context).toMatchObject({ resourceType: 'AWS::EC2::NetworkInterface', logicalId: 'WebEni', field: 'PublicIp' });
    });
  }

  // Just outside each non-public range, and BYOIP-style space that is not Amazon's: all public (ADDR-15).
  for (const address of ['11.0.0.1', '100.63.255.254', '100.128.0.1', '172.15.255.254', '172.32.0.1', '192.169.0.1', '126.255.255.254', '223.255.255.254', '45.8.0.10']) {
    it(`a public IPv4 ${address} is accepted`, () => {
      const { t, web } = lab();
      web.privateIps[0]!.publicIp = ip(address);
      expect(() => validateTopology(t)).not.toThrow();
    });
  }

  it('an auto-assigned public IPv4 (no allocation id) in private space is refused too', () => {
    const { t, web } = lab();
    web.privateIps[0]!.publicIp = ip('172.16.0.9');
    expect(errorOf(t).context).toMatchObject({ logicalId: 'WebEni', field: 'PublicIp', code: 'InvalidParameterValue' });
  });

  it('a public IP that is IPv6 is refused', () => {
    const { t, web } = lab();
    web.privateIps[0]!.publicIp = ip('2600:1f18::1');
    expect(errorOf(t).message).toBe("NetworkInterface 'WebEni': PublicIp 2600:1f18::1 is not an IPv4 address; Elastic IPs and public IPs are IPv4 (InvalidParameterValue)");
  });

  it("GW-7: a NAT gateway's Elastic IP in RFC 1918 space is refused", () => {
    const { t, pub } = lab();
    const eni = addEni(t, 'NatEni', pub, '10.0.0.20');
    t.natGateways.push({ id: id('nat', 'Nat'), logicalId: 'Nat', subnetId: pub.id, connectivityType: 'public', networkInterfaceId: eni.id, state: 'available', allocationId: 'eipalloc-1', publicIp: ip('192.168.0.1') });
    expect(errorOf(t).message).toBe("NatGateway 'Nat': PublicIp 192.168.0.1 is in 192.168.0.0/16 (private, RFC 1918); Elastic IPs and public IPs are public addresses (ADDR-15) (InvalidParameterValue)");
    t.natGateways[0]!.publicIp = ip('52.0.0.1');
    expect(() => validateTopology(t)).not.toThrow();
  });

  it('the builder: an Elastic IP given a private address is refused; a public one is accepted', () => {
    const build = (address: string) =>
      topology({ region: 'us-east-1' })
        .elasticIp('WebEip', address)
        .vpc('A', '10.0.0.0/16', (v) => v.subnet('Web', '10.0.1.0/24').instance('WebHost', { subnet: 'Web', eip: 'WebEip' }))
        .build();
    expect(() => validateTopology(build('52.1.2.3'))).not.toThrow();
    expect(errorOf(build('10.9.9.9')).message).toBe("NetworkInterface 'WebHost.eth0': PublicIp 10.9.9.9 is in 10.0.0.0/8 (private, RFC 1918); Elastic IPs and public IPs are public addresses (ADDR-15) (InvalidParameterValue)");
  });
});

describe('GW-8: a NAT gateway has a network interface with a private IPv4 address', () => {
  function natLab(eniAddress?: string) {
    const l = lab();
    const eni = addEni(l.t, 'NatEni', l.pub, eniAddress);
    l.t.natGateways.push({ id: id('nat', 'Nat'), logicalId: 'Nat', subnetId: l.pub.id, connectivityType: 'private', networkInterfaceId: eni.id, state: 'available' });
    return { ...l, eni };
  }

  it('an interface with a private IPv4 is accepted', () => {
    expect(() => validateTopology(natLab('10.0.0.20').t)).not.toThrow();
  });

  it('an interface without a private IPv4 is refused', () => {
    expect(errorOf(natLab().t).message).toBe(
      "NatGateway 'Nat': NetworkInterfaceId: NetworkInterface 'NatEni' has no primary private IPv4 address; a NAT gateway needs one (GW-8) (InvalidParameterValue)",
    );
  });

  it('an interface whose only IPv4 is secondary is refused', () => {
    const { t, eni } = natLab();
    eni.privateIps = [{ primary: true }, { address: ip('10.0.0.21'), primary: false }];
    // The ENI itself passes (a primary address may be left to allocation, ADDR-11); the NAT gateway translates to the primary one.
    expect(errorOf(t).context).toMatchObject({ logicalId: 'Nat', field: 'NetworkInterfaceId', code: 'InvalidParameterValue' });
  });

  it('a NAT gateway with no network interface at all is refused', () => {
    const { t } = natLab('10.0.0.20');
    t.natGateways[0]!.networkInterfaceId = '';
    expect(errorOf(t).message).toBe("NatGateway 'Nat': NetworkInterfaceId is missing (MissingParameter)");
  });

  it('the builder: a NAT gateway in an IPv6-only subnet gets an interface without IPv4 and is refused', () => {
    const build = (v4: string | undefined) =>
      topology({ region: 'us-east-1' })
        .vpc('A', '10.0.0.0/16', (v) => v.ipv6Cidr('2600:1f18:1234:5600::/56').subnet('NatSubnet', v4, { ipv6: '2600:1f18:1234:5601::/64' }).natGateway('Nat', { subnet: 'NatSubnet', connectivity: 'private' }))
        .build();
    expect(() => validateTopology(build('10.0.1.0/24'))).not.toThrow();
    expect(errorOf(build(undefined)).message).toBe(
      "NatGateway 'Nat': NetworkInterfaceId: NetworkInterface 'Nat.NetworkInterface' has no private IPv4 address: Subnet 'NatSubnet' has no IPv4 CIDR block; a NAT gateway needs one (GW-8) (InvalidParameterValue)",
    );
  });
});

describe('NFW-1: each firewall endpoint has its network interface in its subnet', () => {
  function firewall() {
    return topology({ region: 'us-east-1' })
      .firewallPolicy('Policy')
      .vpc('A', '10.0.0.0/16', (v) =>
        v.subnet('FwA', '10.0.0.0/28', { az: 'us-east-1a' }).subnet('FwB', '10.0.0.16/28', { az: 'us-east-1b' }).networkFirewall('Fw', { policy: 'Policy', subnets: ['FwA', 'FwB'] }),
      )
      .build();
  }

  it('the endpoints the builder (via finalizeTopology) gives a firewall are accepted', () => {
    expect(() => validateTopology(firewall())).not.toThrow();
  });

  it('an endpoint whose network interface is not in the model is refused', () => {
    const t = firewall();
    const gone = t.networkFirewalls[0]!.endpoints[1]!.networkInterfaceId;
    t.networkInterfaces = t.networkInterfaces.filter((e) => e.id !== gone);
    expect(errorOf(t).message).toBe(`Firewall 'Fw': SubnetMappings: the firewall endpoint in Subnet 'FwB' names network interface ${gone}, which does not exist (NFW-1) (InvalidNetworkInterfaceID.NotFound)`);
  });

  it('an endpoint with no network interface is refused', () => {
    const t = firewall();
    t.networkFirewalls[0]!.endpoints[0]!.networkInterfaceId = '';
    expect(errorOf(t).message).toBe("Firewall 'Fw': SubnetMappings: the firewall endpoint in Subnet 'FwA' has no network interface (NFW-1) (MissingParameter)");
  });

  it('an endpoint naming another kind of resource is refused with that resource named', () => {
    const t = firewall();
    t.networkFirewalls[0]!.endpoints[0]!.networkInterfaceId = t.subnets[0]!.id;
    expect(errorOf(t).message).toMatch(/^Firewall 'Fw': SubnetMappings: the firewall endpoint in Subnet 'FwA' names network interface subnet-\w+, which is Subnet 'FwA' \(NFW-1\)/);
  });

  it("an endpoint whose network interface is in another subnet is refused", () => {
    const t = firewall();
    const [a, b] = t.networkFirewalls[0]!.endpoints;
    [a!.networkInterfaceId, b!.networkInterfaceId] = [b!.networkInterfaceId, a!.networkInterfaceId];
    expect(errorOf(t).message).toBe("Firewall 'Fw': SubnetMappings: the firewall endpoint in Subnet 'FwA' has network interface NetworkInterface 'Fw.FwB', which is in Subnet 'FwB' (NFW-1) (InvalidRequestException)");
  });
});

describe('HYB-2: a VPN connection on a transit gateway has exactly one VPN attachment to it', () => {
  it('with its attachment it is accepted; without one it is refused', () => {
    const { t } = lab();
    const tgw = addTransitGateway(t, 'Tgw');
    const vpn = addVpnConnection(t, 'OfficeVpn', { transitGatewayId: tgw }, ['192.168.0.0/16']);
    expect(errorOf(t).message).toBe(
      "VPNConnection 'OfficeVpn': TransitGatewayId: TransitGateway 'Tgw' has no VPN attachment for this connection (HYB-2) (InvalidTransitGatewayAttachmentID.NotFound)",
    );
    addVpnAttachment(t, 'OfficeVpnAtt', vpn);
    expect(() => validateTopology(t)).not.toThrow();
  });

  it('an attachment of the connection to another transit gateway does not count', () => {
    const { t } = lab();
    const tgw = addTransitGateway(t, 'Tgw');
    const vpn = addVpnConnection(t, 'OfficeVpn', { transitGatewayId: tgw }, []);
    addVpnAttachment(t, 'OfficeVpnAtt', vpn).transitGatewayId = addTransitGateway(t, 'OtherTgw');
    // The attachment is checked first (attachments come before VPN connections, C-4).
    expect(errorOf(t).message).toBe("TransitGatewayAttachment 'OfficeVpnAtt': ResourceId: VPNConnection 'OfficeVpn' does not terminate on TransitGateway 'OtherTgw' (InvalidParameterValue)");
  });

  it('two VPN attachments of one connection are refused', () => {
    const { t } = lab();
    const vpn = addVpnConnection(t, 'OfficeVpn', { transitGatewayId: addTransitGateway(t, 'Tgw') }, []);
    addVpnAttachment(t, 'AttA', vpn);
    addVpnAttachment(t, 'AttB', vpn);
    expect(errorOf(t).message).toBe(
      "VPNConnection 'OfficeVpn': TransitGatewayId: TransitGatewayAttachment 'AttA' and TransitGatewayAttachment 'AttB' both attach this connection to TransitGateway 'Tgw'; it has one VPN attachment (HYB-2) (DuplicateTransitGatewayAttachment)",
    );
  });

  it('the builder always creates the attachment; removing it is caught', () => {
    const t = topology({ region: 'us-east-1' })
      .vpc('A', '10.0.0.0/16', (v) => v.subnet('S', '10.0.1.0/24'))
      .transitGateway('Tgw')
      .customerGateway('Office', { ip: '198.51.100.20' })
      .vpnConnection('OfficeVpn', { customerGateway: 'Office', transitGateway: 'Tgw', staticRoutes: ['192.168.0.0/16'] })
      .build();
    expect(() => validateTopology(t)).not.toThrow();
    const att = t.transitGatewayAttachments.find((a) => a.resourceType === 'vpn')!.id;
    t.transitGatewayAttachments = t.transitGatewayAttachments.filter((a) => a.id !== att);
    for (const rt of t.transitGatewayRouteTables) {
      rt.associationAttachmentIds = rt.associationAttachmentIds.filter((a) => a !== att);
      rt.propagationAttachmentIds = rt.propagationAttachmentIds.filter((a) => a !== att);
    }
    expect(errorOf(t).context).toMatchObject({ logicalId: 'OfficeVpn', field: 'TransitGatewayId', code: 'InvalidTransitGatewayAttachmentID.NotFound' });
  });
});

describe('HYB-4: a VPN connection on a virtual private gateway carries IPv4 only', () => {
  function vgwLab(routes: string[]) {
    const l = lab();
    const vgw = id('vgw', 'Vgw');
    l.t.vpnGateways.push({ id: vgw, logicalId: 'Vgw', vpcId: l.vpc.id, amazonSideAsn: 64512 });
    return { ...l, vpn: addVpnConnection(l.t, 'OfficeVpn', { vpnGatewayId: vgw }, routes) };
  }

  it('IPv4 static routes are accepted', () => {
    expect(() => validateTopology(vgwLab(['192.168.0.0/16', '172.20.0.0/16']).t)).not.toThrow();
  });

  it('an IPv6 static route is refused', () => {
    expect(errorOf(vgwLab(['192.168.0.0/16', '2001:db8:1234::/48']).t).message).toBe(
      "VPNConnection 'OfficeVpn': static route 2001:db8:1234::/48 is IPv6; a VPN connection on a virtual private gateway carries IPv4 only (HYB-4) (InvalidParameterValue)",
    );
  });

  it('an IPv6 BGP prefix is refused', () => {
    const { t, vpn } = vgwLab([]);
    vpn.staticRoutesOnly = false;
    vpn.bgpPrefixes = [cidr('192.168.0.0/16'), cidr('2001:db8::/32')];
    expect(errorOf(t).context).toMatchObject({ logicalId: 'OfficeVpn', field: 'BgpPrefixes', code: 'InvalidParameterValue' });
  });

  it('the same IPv6 static route on a transit gateway VPN is accepted (a TGW carries IPv6)', () => {
    const { t } = lab();
    const vpn = addVpnConnection(t, 'OfficeVpn', { transitGatewayId: addTransitGateway(t, 'Tgw') }, ['2001:db8:1234::/48']);
    addVpnAttachment(t, 'OfficeVpnAtt', vpn);
    expect(() => validateTopology(t)).not.toThrow();
  });
});
