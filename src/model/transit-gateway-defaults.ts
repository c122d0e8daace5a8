// What AWS creates or assumes for a transit gateway and its attachments when nothing else is said.
// Attachments from the CloudFormation importer, the snapshot importer and the builder all start from
// newTransitGatewayAttachment; the CloudFormation importer and the builder create the same default
// route table (same ids), so a template and its builder twin give the same model.
import { physicalId } from './ids.js';
import type { Resource, Topology, TransitGateway, TransitGatewayAttachment, TransitGatewayAttachmentKind, TransitGatewayRouteTable } from './types.js';

/**
 * An attachment with the API defaults: appliance mode and SG referencing off, `available`, and no
 * subnets or ENIs (a VPC attachment sets its own, TGW-9). `identity` is spread first, so an
 * explicit `name` stays where the importers put it.
 */
export function newTransitGatewayAttachment(
  identity: Resource,
  transitGatewayId: string,
  resourceType: TransitGatewayAttachmentKind,
  resourceId: string,
): TransitGatewayAttachment {
  return {
    ...identity,
    transitGatewayId,
    resourceType,
    resourceId,
    subnetIds: [],
    networkInterfaceIds: [],
    applianceModeSupport: false,
    securityGroupReferencingSupport: false,
    state: 'available',
  };
}

/**
 * TGW-6: AWS creates a default route table with the gateway when DefaultRouteTableAssociation or
 * DefaultRouteTablePropagation is enabled. Records its id on the gateway and returns it for the
 * caller to add (`<logicalId>.DefaultRouteTable`, id scoped like every other physical id);
 * undefined when both defaults are off.
 */
export function defaultTransitGatewayRouteTable(tgw: TransitGateway, scope: string): TransitGatewayRouteTable | undefined {
  if (!tgw.defaultRouteTableAssociation && !tgw.defaultRouteTablePropagation) return undefined;
  const logicalId = `${tgw.logicalId}.DefaultRouteTable`;
  const id = physicalId('tgw-rtb', logicalId, scope);
  if (tgw.defaultRouteTableAssociation) tgw.associationDefaultRouteTableId = id;
  if (tgw.defaultRouteTablePropagation) tgw.propagationDefaultRouteTableId = id;
  return { id, logicalId, transitGatewayId: tgw.id, routes: [], associationAttachmentIds: [], propagationAttachmentIds: [] };
}

/** TGW-6: new attachments join the default association / propagation route tables when enabled. */
export function applyTransitGatewayDefaults(t: Topology, tgw: TransitGateway, attachmentId: string): void {
  for (const rt of t.transitGatewayRouteTables) {
    if (tgw.defaultRouteTableAssociation && rt.id === tgw.associationDefaultRouteTableId) rt.associationAttachmentIds.push(attachmentId);
    if (tgw.defaultRouteTablePropagation && rt.id === tgw.propagationDefaultRouteTableId) rt.propagationAttachmentIds.push(attachmentId);
  }
}
