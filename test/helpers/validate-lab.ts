// Small hand-built topologies for validation tests: a valid two-subnet VPC that each test breaks
// in one place. Ids are generated from logical ids so messages can be matched by logical id.
import {
  emptyTopology,
  type NetworkInterface,
  type RouteTable,
  type Subnet,
  type Topology,
  type TransitGatewayAttachment,
  type Vpc,
  type VpnConnection,
} from '../../src/model/types.js';
import { parseAddress, parsePrefix } from '../../src/model/ip.js';
import { physicalId } from '../../src/model/ids.js';

export const id = (prefix: string, logicalId: string): string => physicalId(prefix, logicalId, 'test');
export const cidr = parsePrefix;
export const ip = parseAddress;

export function addVpc(t: Topology, logicalId: string, blocks: string[], ipv6: string[] = []): Vpc {
  const vpc: Vpc = {
    id: id('vpc', logicalId),
    logicalId,
    cidrBlocks: blocks.map(cidr),
    ipv6CidrBlocks: ipv6.map(cidr),
    mainRouteTableId: id('rtb', `${logicalId}Main`),
    defaultNetworkAclId: id('acl', `${logicalId}Acl`),
    defaultSecurityGroupId: id('sg', `${logicalId}Sg`),
  };
  t.vpcs.push(vpc);
  t.routeTables.push({ id: vpc.mainRouteTableId, logicalId: `${logicalId}Main`, vpcId: vpc.id, main: true, routes: [], subnetIds: [], gatewayIds: [], propagatingVgwIds: [] });
  t.networkAcls.push({
    id: vpc.defaultNetworkAclId,
    logicalId: `${logicalId}Acl`,
    vpcId: vpc.id,
    isDefault: true,
    subnetIds: [],
    entries: [
      { ruleNumber: 100, egress: false, protocol: -1, ruleAction: 'allow', cidr: cidr('0.0.0.0/0') },
      { ruleNumber: 100, egress: true, protocol: -1, ruleAction: 'allow', cidr: cidr('0.0.0.0/0') },
    ],
  });
  t.securityGroups.push({
    id: vpc.defaultSecurityGroupId,
    logicalId: `${logicalId}Sg`,
    vpcId: vpc.id,
    groupName: 'default',
    isDefault: true,
    ingress: [{ protocol: -1, fromPort: -1, toPort: -1, peer: { kind: 'security-group', groupId: vpc.defaultSecurityGroupId } }],
    egress: [{ protocol: -1, fromPort: -1, toPort: -1, peer: { kind: 'cidr', prefix: cidr('0.0.0.0/0') } }],
  });
  return vpc;
}

export function addSubnet(t: Topology, logicalId: string, vpc: Vpc, block: string | undefined, az = 'us-east-1a', ipv6?: string): Subnet {
  const subnet: Subnet = {
    id: id('subnet', logicalId),
    logicalId,
    vpcId: vpc.id,
    availabilityZone: az,
    cidrBlock: block ? cidr(block) : undefined,
    ipv6CidrBlock: ipv6 ? cidr(ipv6) : undefined,
    mapPublicIpOnLaunch: false,
  };
  t.subnets.push(subnet);
  return subnet;
}

export function addEni(t: Topology, logicalId: string, subnet: Subnet, address?: string, groups: string[] = []): NetworkInterface {
  const eni: NetworkInterface = {
    id: id('eni', logicalId),
    logicalId,
    subnetId: subnet.id,
    kind: 'interface',
    privateIps: address ? [{ address: ip(address), primary: true }] : [],
    ipv6Addresses: [],
    securityGroupIds: groups,
    sourceDestCheck: true,
  };
  t.networkInterfaces.push(eni);
  return eni;
}

export function addRouteTable(t: Topology, logicalId: string, vpc: Vpc, subnets: Subnet[] = []): RouteTable {
  const rt: RouteTable = { id: id('rtb', logicalId), logicalId, vpcId: vpc.id, main: false, routes: [], subnetIds: subnets.map((s) => s.id), gatewayIds: [], propagatingVgwIds: [] };
  t.routeTables.push(rt);
  return rt;
}

export interface Lab {
  t: Topology;
  vpc: Vpc;
  pub: Subnet;
  priv: Subnet;
  web: NetworkInterface;
  publicRt: RouteTable;
  igwId: string;
}

/** A valid model: VPC 10.0.0.0/16, public and private subnets, IGW, public route table, one ENI. */
export function lab(): Lab {
  const t = emptyTopology('us-east-1');
  const vpc = addVpc(t, 'Vpc', ['10.0.0.0/16']);
  const pub = addSubnet(t, 'PublicSubnet', vpc, '10.0.0.0/24', 'us-east-1a');
  const priv = addSubnet(t, 'PrivateSubnet', vpc, '10.0.1.0/24', 'us-east-1b');
  const igwId = id('igw', 'Igw');
  t.internetGateways.push({ id: igwId, logicalId: 'Igw', vpcId: vpc.id });
  const publicRt = addRouteTable(t, 'PublicRouteTable', vpc, [pub]);
  publicRt.routes.push({ destination: cidr('0.0.0.0/0'), target: { kind: 'internet-gateway', id: igwId }, origin: 'CreateRoute', logicalId: 'DefaultRoute' });
  const web = addEni(t, 'WebEni', pub, '10.0.0.10', [vpc.defaultSecurityGroupId]);
  return { t, vpc, pub, priv, web, publicRt, igwId };
}

/** A transit gateway without default route tables (TGW-6 off), so tests add only what they check. */
export function addTransitGateway(t: Topology, logicalId: string): string {
  const tgwId = id('tgw', logicalId);
  t.transitGateways.push({ id: tgwId, logicalId, amazonSideAsn: 64512, defaultRouteTableAssociation: false, defaultRouteTablePropagation: false, securityGroupReferencingSupport: false });
  return tgwId;
}

/** A customer gateway and a static VPN connection from it to `on` (a VGW or TGW id); no TGW attachment. */
export function addVpnConnection(t: Topology, logicalId: string, on: { vpnGatewayId: string } | { transitGatewayId: string }, staticRoutes: string[]): VpnConnection {
  const cgwId = id('cgw', `${logicalId}Cgw`);
  t.customerGateways.push({ id: cgwId, logicalId: `${logicalId}Cgw`, bgpAsn: 65000, ipAddress: ip('198.51.100.20') });
  const vpn: VpnConnection = {
    id: id('vpn', logicalId),
    logicalId,
    customerGatewayId: cgwId,
    ...on,
    staticRoutesOnly: true,
    staticRoutes: staticRoutes.map(cidr),
    bgpPrefixes: [],
    asPathLength: 1,
    tunnels: [{ status: 'UP' }, { status: 'UP' }],
  };
  t.vpnConnections.push(vpn);
  return vpn;
}

/** The VPN attachment CreateVpnConnection makes for a connection on a transit gateway (HYB-2). */
export function addVpnAttachment(t: Topology, logicalId: string, vpn: VpnConnection): TransitGatewayAttachment {
  const att: TransitGatewayAttachment = {
    id: id('tgw-attach', logicalId),
    logicalId,
    transitGatewayId: vpn.transitGatewayId!,
    resourceType: 'vpn',
    resourceId: vpn.id,
    subnetIds: [],
    networkInterfaceIds: [],
    applianceModeSupport: false,
    securityGroupReferencingSupport: false,
    state: 'available',
  };
  t.transitGatewayAttachments.push(att);
  return att;
}
