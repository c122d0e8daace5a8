// Validation of a Topology (C-1): throws the first error as an InputError naming resource type,
// logical id, field and EC2 error code; resources are visited by kind (in Topology order) then by
// logical id (C-4), so the same model always reports the same error whatever the input order.
// The rules live in ./validate/, one module per area, registered in the table below.
import { assertTopology } from './guards.js';
import type { Resource, Topology } from './types.js';
import { KIND_ORDER, ValidationContext, type ResourceKind, type VisitOrder } from './validate/context.js';
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

/**
 * Throws an InputError for the first thing in `t` that AWS would refuse (overlapping CIDRs, bad rule numbers,
 * references to nothing ...); returns when `t` is valid.
 */
export function validateTopology(t: Topology): void {
  assertTopology(t, 'validateTopology');
  // Tables past any quota are refused first: the checks below would take minutes on them.
  checkImplausibleSizes(t);
  // Whether a model has an error does not depend on the order the checks visit each kind's
  // resources (each check passes or fails on its resource alone, or on two resources sharing a key,
  // whichever comes second); only which error is reported first does (C-4). So the lists are visited
  // as they are, and sorted by logical id only to report an error: sorting 100,000s of resources
  // cost a valid model time for nothing. The ordered run decides, as it always did.
  try {
    visitAll(t, 'list');
  } catch {
    visitAll(t, 'logical-id');
  }
}

/** Runs every check on every resource, kinds in KIND_ORDER, each kind's resources in `order` (exported for tests). */
export function visitAll(t: Topology, order: VisitOrder): void {
  const ctx = new ValidationContext(t, order);
  for (const kind of KIND_ORDER) {
    const factory = CHECKS[kind] as CheckFactory<ResourceKind> | undefined;
    if (!factory) continue;
    const check = factory(ctx) as (r: Resource) => void;
    for (const r of ctx.visitOrder(kind)) check(r);
  }
}
