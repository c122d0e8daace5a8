// Validation of a Topology (C-1): throws the first error as an InputError naming resource type,
// logical id, field and EC2 error code; resources are visited by kind (in Topology order) then by
// logical id (C-4), so the same model always reports the same error whatever the input order.
// The rules live in ./validate/, one module per area, registered in the table below.
import { assertTopology } from './guards.js';
import type { Resource, Topology } from './types.js';
import { KIND_ORDER, ValidationContext, type ResourceKind } from './validate/context.js';
import { checkNetworkInterface, checkSubnet, checkVpc } from './validate/addressing.js';
import { checkRouteTable } from './validate/routes.js';
import { checkNetworkAcl } from './validate/nacl.js';
import { checkSecurityGroup } from './validate/security-groups.js';
import { checkInstance } from './validate/instances.js';
import {
  checkDirectConnectGateway,
  checkEgressOnlyInternetGateway,
  checkInternetGateway,
  checkNatGateway,
  checkVirtualInterface,
  checkVpnConnection,
  checkVpnGateway,
} from './validate/gateways.js';
import { checkVpcPeeringConnection } from './validate/peering.js';
import { checkTransitGateway, checkTransitGatewayAttachment, checkTransitGatewayRouteTable } from './validate/transit-gateway.js';
import { checkFirewallPolicy, checkNetworkFirewall, checkPrefixList, checkVpcEndpoint } from './validate/endpoints.js';

export { collectWarnings } from './validate/warnings.js';
import { checkImplausibleSizes } from './validate/quotas.js';

/** A check is created once per validation run (it may keep state, e.g. addresses seen so far). */
type CheckFactory<K extends ResourceKind> = (ctx: ValidationContext) => (r: Topology[K][number]) => void;

const CHECKS: { [K in ResourceKind]?: CheckFactory<K> } = {
  vpcs: checkVpc,
  subnets: checkSubnet,
  routeTables: checkRouteTable,
  networkAcls: checkNetworkAcl,
  securityGroups: checkSecurityGroup,
  networkInterfaces: checkNetworkInterface,
  instances: checkInstance,
  internetGateways: checkInternetGateway,
  egressOnlyInternetGateways: checkEgressOnlyInternetGateway,
  natGateways: checkNatGateway,
  vpcPeeringConnections: checkVpcPeeringConnection,
  transitGateways: checkTransitGateway,
  transitGatewayAttachments: checkTransitGatewayAttachment,
  transitGatewayRouteTables: checkTransitGatewayRouteTable,
  vpnGateways: checkVpnGateway,
  vpnConnections: checkVpnConnection,
  directConnectGateways: checkDirectConnectGateway,
  virtualInterfaces: checkVirtualInterface,
  vpcEndpoints: checkVpcEndpoint,
  prefixLists: checkPrefixList,
  networkFirewalls: checkNetworkFirewall,
  firewallPolicies: checkFirewallPolicy,
};

export function validateTopology(t: Topology): void {
  assertTopology(t, 'validateTopology');
  // Tables past any quota are refused first: the checks below would take minutes on them.
  checkImplausibleSizes(t);
  const ctx = new ValidationContext(t);
  for (const kind of KIND_ORDER) {
    const factory = CHECKS[kind] as CheckFactory<ResourceKind> | undefined;
    if (!factory) continue;
    const check = factory(ctx) as (r: Resource) => void;
    for (const r of ctx.inOrder(kind)) check(r);
  }
}
