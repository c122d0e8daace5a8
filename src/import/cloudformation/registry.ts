// The table of CloudFormation resource types vpcsim maps. Add a kind by exporting it from its file
// in ./resources/ and listing it here.
import type { ResourceKind } from './kind.js';
import { eip, eipAssociation } from './resources/eip.js';
import { egressOnlyInternetGateway, internetGateway, natGateway, vpcGatewayAttachment } from './resources/gateways.js';
import { instance, networkInterface, networkInterfaceAttachment } from './resources/instance.js';
import { networkAcl, networkAclEntry, subnetNetworkAclAssociation } from './resources/network-acl.js';
import { firewall, firewallPolicy, ruleGroup } from './resources/network-firewall.js';
import { vpcPeeringConnection } from './resources/peering.js';
import { prefixList } from './resources/prefix-list.js';
import { gatewayRouteTableAssociation, route, routeTable, subnetRouteTableAssociation } from './resources/route-table.js';
import { securityGroup, securityGroupEgress, securityGroupIngress } from './resources/security-group.js';
import { subnet, subnetCidrBlock } from './resources/subnet.js';
import {
  transitGateway,
  transitGatewayAttachment,
  transitGatewayRoute,
  transitGatewayRouteTable,
  transitGatewayRouteTableAssociation,
  transitGatewayRouteTablePropagation,
  transitGatewayVpcAttachment,
} from './resources/transit-gateway.js';
import { vpc, vpcCidrBlock } from './resources/vpc.js';
import { vpcEndpoint } from './resources/vpc-endpoint.js';
import { customerGateway, vpnConnection, vpnConnectionRoute, vpnGateway, vpnGatewayRoutePropagation } from './resources/vpn.js';

const KINDS: ResourceKind[] = [
  vpc, vpcCidrBlock, subnet, subnetCidrBlock,
  routeTable, route, subnetRouteTableAssociation, gatewayRouteTableAssociation,
  networkAcl, networkAclEntry, subnetNetworkAclAssociation,
  securityGroup, securityGroupIngress, securityGroupEgress,
  instance, networkInterface, networkInterfaceAttachment, eip, eipAssociation,
  internetGateway, vpcGatewayAttachment, egressOnlyInternetGateway, natGateway,
  vpcPeeringConnection,
  transitGateway, transitGatewayAttachment, transitGatewayVpcAttachment, transitGatewayRouteTable,
  transitGatewayRoute, transitGatewayRouteTableAssociation, transitGatewayRouteTablePropagation,
  vpnGateway, vpnGatewayRoutePropagation, customerGateway, vpnConnection, vpnConnectionRoute,
  vpcEndpoint, prefixList,
  firewall, firewallPolicy, ruleGroup,
];

export const resourceKinds: ReadonlyMap<string, ResourceKind> = new Map(KINDS.map((k) => [k.type, k]));
