// The TypeScript builder for programmatic use and tests.
export { topology, TopologyBuilder, type TopologyOptions } from './topology.js';
export type { VpcBuilder, SubnetOptions, InstanceOptions, NetworkInterfaceOptions, RouteTableOptions, NatGatewayOptions } from './vpc.js';
export type { RouteTableBuilder, RouteTargetSpec, RouteDestination } from './route-table.js';
export type { SecurityGroupBuilder } from './security-group.js';
export type { NetworkAclBuilder } from './network-acl.js';
export type { TransitGatewayBuilder, TransitGatewayRouteTableBuilder } from './transit-gateway.js';
export type { SecurityGroupRuleSpec, NetworkAclEntrySpec, ProtocolName, Ports } from './rules.js';
