// The topology model: plain typed objects with AWS names and ids. Importers (CloudFormation,
// describe-* snapshots, the builder) produce a Topology; validation checks it; analyses only read it.
// Every object has `id` (the AWS physical id, real or deterministically generated) and `logicalId`
// (the CloudFormation logical id, or the physical id when the input had none) so that answers name
// what the user wrote. No logic lives here: derived lookups are in ./lookup.ts.
import type { Address, Prefix } from './ip.js';
import type { ApiGatewayModel } from './apigateway.js';
import type { Resource } from './resource.js';
import type { CustomerGateway, DirectConnectConnection, DirectConnectGateway, VirtualInterface, VpnConnection, VpnGateway } from './types-hybrid.js';

export type { Resource };
export type * from './types-hybrid.js';

export interface Vpc extends Resource {
  /** Primary IPv4 block first, then secondary blocks (ADDR-1, ADDR-2). */
  cidrBlocks: Prefix[];
  ipv6CidrBlocks: Prefix[];
  /** RT-1, NACL-1, SG-8: the defaults every VPC has. */
  mainRouteTableId: string;
  defaultNetworkAclId: string;
  defaultSecurityGroupId: string;
}

export interface Subnet extends Resource {
  vpcId: string;
  availabilityZone: string;
  cidrBlock?: Prefix;
  ipv6CidrBlock?: Prefix;
  mapPublicIpOnLaunch: boolean;
}

export type RouteTargetKind =
  | 'local'
  | 'internet-gateway'
  | 'egress-only-internet-gateway'
  | 'nat-gateway'
  | 'vpc-peering-connection'
  | 'transit-gateway'
  | 'vpn-gateway'
  /** Gateway endpoint (destination is its prefix list), GWLB endpoint or Network Firewall endpoint. */
  | 'vpc-endpoint'
  | 'network-interface'
  | 'instance'
  /** An explicit blackhole (e.g. an imported route whose target was deleted). */
  | 'blackhole';

export interface RouteTarget {
  kind: RouteTargetKind;
  /** Id of the target resource; absent for `local` and `blackhole`. */
  id?: string;
}

export type RouteOrigin = 'CreateRouteTable' | 'CreateRoute' | 'EnableVgwRoutePropagation';

export interface Route {
  /** Destination CIDR; absent when the destination is a prefix list. */
  destination?: Prefix;
  destinationPrefixListId?: string;
  target: RouteTarget;
  origin: RouteOrigin;
  /** As imported; `blackhole` also arises from unusable targets (RT-10), decided at compile time. */
  state?: 'active' | 'blackhole';
  /** Logical id of the AWS::EC2::Route resource, when it had one. */
  logicalId?: string;
}

export interface RouteTable extends Resource {
  vpcId: string;
  main: boolean;
  /**
   * Non-local routes only. The `local` route for every VPC CIDR (RT-2) is implied and added by
   * compile and the reference walk; importers drop local routes they read.
   */
  routes: Route[];
  /** Subnets explicitly associated (RT-1). */
  subnetIds: string[];
  /** Edge associations: internet gateway or virtual private gateway ids (RT-15). */
  gatewayIds: string[];
  /** Virtual private gateways whose routes propagate here (RT-12). */
  propagatingVgwIds: string[];
}

export interface PortRange {
  from: number;
  to: number;
}

export interface IcmpTypeCode {
  /** -1 = any. */
  type: number;
  /** -1 = any. */
  code: number;
}

export interface NetworkAclEntry {
  ruleNumber: number;
  egress: boolean;
  /** IP protocol number, -1 = all (NACL-7). */
  protocol: number;
  ruleAction: 'allow' | 'deny';
  /** CidrBlock or Ipv6CidrBlock (NACL-6). */
  cidr: Prefix;
  portRange?: PortRange;
  icmp?: IcmpTypeCode;
  logicalId?: string;
}

export interface NetworkAcl extends Resource {
  vpcId: string;
  isDefault: boolean;
  entries: NetworkAclEntry[];
  subnetIds: string[];
}

export type SecurityGroupPeer =
  | { kind: 'cidr'; prefix: Prefix }
  | { kind: 'security-group'; groupId: string }
  | { kind: 'prefix-list'; prefixListId: string };

export interface SecurityGroupRule {
  /** IP protocol number, -1 = all. */
  protocol: number;
  /** TCP/UDP: port range; ICMP: fromPort = type, toPort = code; -1 = any. */
  fromPort: number;
  toPort: number;
  peer: SecurityGroupPeer;
  description?: string;
  logicalId?: string;
}

export interface SecurityGroup extends Resource {
  vpcId: string;
  groupName: string;
  isDefault: boolean;
  ingress: SecurityGroupRule[];
  egress: SecurityGroupRule[];
}

export type NetworkInterfaceKind =
  | 'instance'
  | 'interface'
  | 'nat-gateway'
  | 'vpc-endpoint'
  | 'transit-gateway-attachment'
  | 'firewall-endpoint';

export interface PrivateIp {
  /** Absent until allocated (ADDR-11). */
  address?: Address;
  primary: boolean;
  /** Auto-assigned public IPv4 or Elastic IP mapped 1:1 to this private IP (ADDR-12..14). */
  publicIp?: Address;
  /** The EIP allocation, when the public address is an Elastic IP. */
  allocationId?: string;
  /** The Elastic IP's logical id in a template or the builder (`--to WebEip` names its address). */
  elasticIpLogicalId?: string;
}

export interface NetworkInterface extends Resource {
  subnetId: string;
  kind: NetworkInterfaceKind;
  /** The resource this ENI belongs to (instance, NAT gateway, endpoint, TGW attachment, firewall). */
  ownerId?: string;
  /** 0 for an instance's primary ENI. */
  deviceIndex?: number;
  privateIps: PrivateIp[];
  ipv6Addresses: Address[];
  securityGroupIds: string[];
  sourceDestCheck: boolean;
  /**
   * ADDR-12/13: the launch-time AssociatePublicIpAddress decision for an instance's primary ENI;
   * undefined = follow the subnet's MapPublicIpOnLaunch. finalizeTopology applies it.
   */
  associatePublicIpAddress?: boolean;
  /** Ipv6AddressCount: finalizeTopology allocates addresses until ipv6Addresses has this many. */
  ipv6AddressCount?: number;
}

export interface Instance extends Resource {
  subnetId: string;
  /** Primary ENI first. */
  networkInterfaceIds: string[];
  state: 'running' | 'stopped';
}

export interface InternetGateway extends Resource {
  /** Attached VPC (GW-1), if any. */
  vpcId?: string;
}

export interface EgressOnlyInternetGateway extends Resource {
  vpcId: string;
}

export interface NatGateway extends Resource {
  subnetId: string;
  connectivityType: 'public' | 'private';
  networkInterfaceId: string;
  /** Elastic IP of a public NAT gateway (GW-7). */
  publicIp?: Address;
  allocationId?: string;
  elasticIpLogicalId?: string;
  state: 'available' | 'failed' | 'deleted' | 'pending';
}

export interface VpcPeeringConnection extends Resource {
  requesterVpcId: string;
  accepterVpcId: string;
  /** PCX-2: only `active` carries traffic. */
  status: string;
  requesterRegion?: string;
  accepterRegion?: string;
}

export interface TransitGateway extends Resource {
  amazonSideAsn: number;
  defaultRouteTableAssociation: boolean;
  defaultRouteTablePropagation: boolean;
  associationDefaultRouteTableId?: string;
  propagationDefaultRouteTableId?: string;
  securityGroupReferencingSupport: boolean;
}

export type TransitGatewayAttachmentKind = 'vpc' | 'vpn' | 'direct-connect-gateway' | 'peering' | 'connect';

export interface TransitGatewayAttachment extends Resource {
  transitGatewayId: string;
  resourceType: TransitGatewayAttachmentKind;
  /** VPC id, VPN connection id, DX gateway id or peer transit gateway id. */
  resourceId: string;
  /** VPC attachments: one subnet per enabled AZ (TGW-9). */
  subnetIds: string[];
  /** VPC attachments: the TGW's ENIs in those subnets, same order as subnetIds. */
  networkInterfaceIds: string[];
  applianceModeSupport: boolean;
  securityGroupReferencingSupport: boolean;
  state: string;
}

export interface TransitGatewayRoute {
  destination: Prefix;
  /** Absent for blackhole routes. */
  attachmentId?: string;
  blackhole: boolean;
  logicalId?: string;
}

export interface TransitGatewayRouteTable extends Resource {
  transitGatewayId: string;
  /** Static and blackhole routes (TGW-4). Propagated routes are derived from `propagations`. */
  routes: TransitGatewayRoute[];
  associationAttachmentIds: string[];
  propagationAttachmentIds: string[];
}

export interface VpcEndpoint extends Resource {
  vpcId: string;
  serviceName: string;
  type: 'Gateway' | 'Interface' | 'GatewayLoadBalancer';
  routeTableIds: string[];
  subnetIds: string[];
  securityGroupIds: string[];
  networkInterfaceIds: string[];
  privateDnsEnabled: boolean;
  /** VPCE-7 CHOICE: the policy reduced to allow/deny for the service. */
  policy: 'allow' | 'deny';
}

export interface ManagedPrefixList extends Resource {
  prefixListName: string;
  addressFamily: 'IPv4' | 'IPv6';
  entries: Prefix[];
  /** AWS-managed service prefix lists (S3, DynamoDB). */
  awsManaged: boolean;
}

export interface FirewallEndpoint {
  availabilityZone: string;
  subnetId: string;
  /** The vpce-... id that routes target. */
  endpointId: string;
  networkInterfaceId: string;
}

export interface NetworkFirewall extends Resource {
  vpcId: string;
  firewallPolicyId: string;
  endpoints: FirewallEndpoint[];
}

export interface FirewallRuleGroupRef {
  ruleGroupId: string;
  /** Stateless: required; stateful: used in STRICT_ORDER. */
  priority?: number;
}

export interface FirewallPolicy extends Resource {
  statelessDefaultActions: string[];
  statelessFragmentDefaultActions: string[];
  statelessRuleGroups: FirewallRuleGroupRef[];
  statefulRuleGroups: FirewallRuleGroupRef[];
  statefulRuleOrder: 'DEFAULT_ACTION_ORDER' | 'STRICT_ORDER';
  statefulDefaultActions: string[];
}

export interface StatelessRule {
  priority: number;
  /** `aws:pass`, `aws:drop` or `aws:forward_to_sfe` (custom actions ignored). */
  actions: string[];
  sources: Prefix[];
  destinations: Prefix[];
  sourcePorts: PortRange[];
  destinationPorts: PortRange[];
  /** Empty = any. */
  protocols: number[];
}

export interface StatefulRule {
  action: 'PASS' | 'DROP' | 'REJECT' | 'ALERT';
  /** IP protocol number, -1 = any (`IP`). */
  protocol: number;
  /** Absent = ANY. */
  source?: Prefix;
  sourcePort?: PortRange;
  destination?: Prefix;
  destinationPort?: PortRange;
  direction: 'FORWARD' | 'ANY';
}

export interface FirewallRuleGroup extends Resource {
  type: 'STATELESS' | 'STATEFUL';
  /** Rule-group priority inside STRICT_ORDER policies is on the reference; this is the group's own order. */
  statelessRules: StatelessRule[];
  statefulRules: StatefulRule[];
}

export interface Topology {
  /** C-5: the Region of the model. */
  region: string;
  accountId: string;
  vpcs: Vpc[];
  subnets: Subnet[];
  routeTables: RouteTable[];
  networkAcls: NetworkAcl[];
  securityGroups: SecurityGroup[];
  networkInterfaces: NetworkInterface[];
  instances: Instance[];
  internetGateways: InternetGateway[];
  egressOnlyInternetGateways: EgressOnlyInternetGateway[];
  natGateways: NatGateway[];
  vpcPeeringConnections: VpcPeeringConnection[];
  transitGateways: TransitGateway[];
  transitGatewayAttachments: TransitGatewayAttachment[];
  transitGatewayRouteTables: TransitGatewayRouteTable[];
  vpnGateways: VpnGateway[];
  customerGateways: CustomerGateway[];
  vpnConnections: VpnConnection[];
  directConnectGateways: DirectConnectGateway[];
  directConnectConnections: DirectConnectConnection[];
  virtualInterfaces: VirtualInterface[];
  vpcEndpoints: VpcEndpoint[];
  prefixLists: ManagedPrefixList[];
  networkFirewalls: NetworkFirewall[];
  firewallPolicies: FirewallPolicy[];
  firewallRuleGroups: FirewallRuleGroup[];
  apiGateway: ApiGatewayModel;
  /** Non-fatal notes from the importer (skipped resource types, ignored keys ...). */
  warnings: string[];
}

/**
 * A topology with no resources in `region` and account `accountId` (the importers and the builder start from
 * one).
 */
export function emptyTopology(region = 'us-east-1', accountId = '123456789012'): Topology {
  return {
    region,
    accountId,
    vpcs: [],
    subnets: [],
    routeTables: [],
    networkAcls: [],
    securityGroups: [],
    networkInterfaces: [],
    instances: [],
    internetGateways: [],
    egressOnlyInternetGateways: [],
    natGateways: [],
    vpcPeeringConnections: [],
    transitGateways: [],
    transitGatewayAttachments: [],
    transitGatewayRouteTables: [],
    vpnGateways: [],
    customerGateways: [],
    vpnConnections: [],
    directConnectGateways: [],
    directConnectConnections: [],
    virtualInterfaces: [],
    vpcEndpoints: [],
    prefixLists: [],
    networkFirewalls: [],
    firewallPolicies: [],
    firewallRuleGroups: [],
    apiGateway: { restApis: [], httpApis: [], usagePlans: [], apiKeys: [] },
    warnings: [],
  };
}
