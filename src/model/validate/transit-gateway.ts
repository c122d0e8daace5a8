// Transit Gateway (SEMANTICS §7): attachments and route tables reference their own TGW, one subnet
// per AZ (TGW-9), one association per attachment (TGW-2), no propagation over peering (TGW-7).
import type { TransitGateway, TransitGatewayAttachment, TransitGatewayRouteTable } from '../types.js';
import { fail, subjectOf, type Subject, type ValidationContext } from './context.js';
import { checkOnePerZone } from './zones.js';

export function checkTransitGateway(ctx: ValidationContext): (tgw: TransitGateway) => void {
  return (tgw) => {
    const s = subjectOf('transitGateways', tgw);
    const defaults = [
      ['AssociationDefaultRouteTableId', tgw.associationDefaultRouteTableId],
      ['PropagationDefaultRouteTableId', tgw.propagationDefaultRouteTableId],
    ] as const;
    for (const [field, id] of defaults) {
      if (!id) continue;
      const table = ctx.require(s, field, 'transitGatewayRouteTables', id);
      if (table.transitGatewayId !== tgw.id) fail(s, field, `${field}: ${ctx.label(id)} belongs to ${ctx.label(table.transitGatewayId)}`, 'InvalidParameterValue');
    }
  };
}

export function checkTransitGatewayAttachment(ctx: ValidationContext): (att: TransitGatewayAttachment) => void {
  const vpcAttachments = new Map<string, TransitGatewayAttachment>();
  return (att) => {
    const s = subjectOf('transitGatewayAttachments', att);
    ctx.require(s, 'TransitGatewayId', 'transitGateways', att.transitGatewayId);
    if (att.resourceType === 'vpc') {
      const vpc = ctx.require(s, 'VpcId', 'vpcs', att.resourceId);
      const key = `${att.transitGatewayId}|${vpc.id}`;
      const other = vpcAttachments.get(key);
      if (other) fail(s, 'VpcId', `VpcId: ${ctx.label(vpc.id)} is already attached to ${ctx.label(att.transitGatewayId)} by ${ctx.label(other.id)}`, 'DuplicateTransitGatewayAttachment');
      vpcAttachments.set(key, att);
      if (att.subnetIds.length === 0) fail(s, 'SubnetIds', 'SubnetIds is empty: a VPC attachment needs one subnet per enabled Availability Zone (TGW-9)', 'MissingParameter');
      const subnets = att.subnetIds.map((id) => {
        const subnet = ctx.require(s, 'SubnetIds', 'subnets', id);
        if (subnet.vpcId !== vpc.id) fail(s, 'SubnetIds', `SubnetIds: ${ctx.label(id)} is in ${ctx.label(subnet.vpcId)}, not in ${ctx.label(vpc.id)}`, 'InvalidParameterValue');
        return subnet;
      });
      checkOnePerZone(ctx, s, 'SubnetIds', subnets, 'TGW-9');
    } else if (att.resourceType === 'vpn') {
      const vpn = ctx.require(s, 'ResourceId', 'vpnConnections', att.resourceId);
      if (vpn.transitGatewayId !== att.transitGatewayId) fail(s, 'ResourceId', `ResourceId: ${ctx.label(vpn.id)} does not terminate on ${ctx.label(att.transitGatewayId)}`, 'InvalidParameterValue');
    } else if (att.resourceType === 'direct-connect-gateway') {
      ctx.require(s, 'ResourceId', 'directConnectGateways', att.resourceId);
    }
    for (const eniId of att.networkInterfaceIds) ctx.require(s, 'NetworkInterfaceIds', 'networkInterfaces', eniId);
  };
}

export function checkTransitGatewayRouteTable(ctx: ValidationContext): (table: TransitGatewayRouteTable) => void {
  const associated = new Map<string, TransitGatewayRouteTable>();
  return (table) => {
    const s = subjectOf('transitGatewayRouteTables', table);
    ctx.require(s, 'TransitGatewayId', 'transitGateways', table.transitGatewayId);
    const ownAttachment = (field: string, id: string): TransitGatewayAttachment => {
      const att = ctx.require(s, field, 'transitGatewayAttachments', id);
      if (att.transitGatewayId !== table.transitGatewayId) {
        fail(s, field, `${field}: ${ctx.label(id)} is an attachment of ${ctx.label(att.transitGatewayId)}, not of ${ctx.label(table.transitGatewayId)}`, 'InvalidParameterValue');
      }
      return att;
    };
    const destinations = new Set<string>();
    for (const route of table.routes) {
      const rs: Subject = route.logicalId ? { type: 'AWS::EC2::TransitGatewayRoute', logicalId: route.logicalId } : s;
      const what = `route ${route.destination.text}`;
      // TGW-4: a static route targets an attachment or is a blackhole, not both.
      if (route.blackhole === (route.attachmentId !== undefined)) {
        fail(rs, 'TransitGatewayAttachmentId', `${what}: needs exactly one of TransitGatewayAttachmentId, Blackhole (TGW-4)`, 'InvalidParameterCombination');
      }
      if (route.attachmentId) ownAttachment('TransitGatewayAttachmentId', route.attachmentId);
      if (destinations.has(route.destination.text)) fail(rs, 'DestinationCidrBlock', `${what}: the route table already has a route to ${route.destination.text}`, 'RouteAlreadyExists');
      destinations.add(route.destination.text);
    }
    for (const id of table.associationAttachmentIds) {
      ownAttachment('TransitGatewayAttachmentId', id);
      const other = associated.get(id);
      if (other) fail(s, 'TransitGatewayAttachmentId', `association: ${ctx.label(id)} is already associated with ${ctx.label(other.id)} (TGW-2)`, 'Resource.AlreadyAssociated');
      associated.set(id, table);
    }
    for (const id of table.propagationAttachmentIds) {
      const att = ownAttachment('TransitGatewayAttachmentId', id);
      if (att.resourceType === 'peering') fail(s, 'TransitGatewayAttachmentId', `propagation: ${ctx.label(id)} is a peering attachment; peering attachments do not propagate routes (TGW-7)`, 'InvalidParameterValue');
    }
  };
}
