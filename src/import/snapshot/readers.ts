// The table of top-level keys vpcsim reads, in the order they are read (and their finish steps run):
// containers before contents, so later readers can link to what earlier ones created. Add a line per key.
import type { SnapshotKeyReader } from './context.js';
import { connections } from './connections.js';
import { customerGateways } from './customer-gateways.js';
import { directConnectGatewayAssociations, directConnectGateways } from './direct-connect-gateways.js';
import { egressOnlyInternetGateways } from './egress-only-internet-gateways.js';
import { internetGateways } from './internet-gateways.js';
import { natGateways } from './nat-gateways.js';
import { networkAcls } from './network-acls.js';
import { networkInterfaces } from './network-interfaces.js';
import { prefixListEntries } from './prefix-list-entries.js';
import { prefixLists } from './prefix-lists.js';
import { reservations } from './reservations.js';
import { routeTables } from './route-tables.js';
import { securityGroups } from './security-groups.js';
import { subnets } from './subnets.js';
import { transitGatewayAttachments, transitGatewayVpcAttachments } from './transit-gateway-attachments.js';
import { transitGatewayRouteTables } from './transit-gateway-route-tables.js';
import { transitGatewayRouteTableAssociations, transitGatewayRouteTablePropagations, transitGatewayRoutes } from './transit-gateway-routes.js';
import { transitGateways } from './transit-gateways.js';
import { virtualInterfaces } from './virtual-interfaces.js';
import { vpcEndpoints } from './vpc-endpoints.js';
import { vpcPeeringConnections } from './vpc-peering-connections.js';
import { addresses } from './addresses.js';
import { availabilityZones } from './availability-zones.js';
import { vpcs } from './vpcs.js';
import { vpnConnections } from './vpn-connections.js';
import { vpnGateways } from './vpn-gateways.js';

/** The same reader under another top-level key. */
function alias(reader: SnapshotKeyReader, key: string): SnapshotKeyReader {
  return { ...reader, key };
}

export const READERS: readonly SnapshotKeyReader[] = [
  vpcs,
  subnets,
  routeTables,
  networkAcls,
  securityGroups,
  reservations,
  networkInterfaces,
  internetGateways,
  egressOnlyInternetGateways,
  natGateways,
  vpcPeeringConnections,
  transitGateways,
  transitGatewayAttachments,
  transitGatewayVpcAttachments,
  transitGatewayRouteTables,
  transitGatewayRoutes,
  transitGatewayRouteTableAssociations,
  alias(transitGatewayRouteTableAssociations, 'TransitGatewayRouteTableAssociations'),
  transitGatewayRouteTablePropagations,
  vpnGateways,
  customerGateways,
  vpnConnections,
  vpcEndpoints,
  prefixLists,
  prefixListEntries,
  directConnectGateways,
  directConnectGatewayAssociations,
  virtualInterfaces,
  connections,
  availabilityZones,
  addresses,
];
