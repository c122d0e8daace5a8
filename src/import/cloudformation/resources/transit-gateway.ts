// AWS::EC2::TransitGateway, TransitGatewayAttachment / TransitGatewayVpcAttachment,
// TransitGatewayRouteTable, TransitGatewayRoute, TransitGatewayRouteTableAssociation and
// TransitGatewayRouteTablePropagation (TGW-1..6, TGW-9, TGW-12).
import { defaultTransitGatewayRouteTable, newTransitGatewayAttachment } from '../../../model/transit-gateway-defaults.js';
import type { TransitGateway, Topology } from '../../../model/types.js';
import type { ResourceKind } from '../kind.js';

/** TGW-6: new attachments join the default association / propagation route tables when enabled. */
export function applyTransitGatewayDefaults(t: Topology, tgw: TransitGateway, attachmentId: string): void {
  for (const rt of t.transitGatewayRouteTables) {
    if (tgw.defaultRouteTableAssociation && rt.id === tgw.associationDefaultRouteTableId) rt.associationAttachmentIds.push(attachmentId);
    if (tgw.defaultRouteTablePropagation && rt.id === tgw.propagationDefaultRouteTableId) rt.propagationAttachmentIds.push(attachmentId);
  }
}

export const transitGateway: ResourceKind = {
  type: 'AWS::EC2::TransitGateway',
  idPrefix: 'tgw',
  phase: 10,
  attributes: { Id: (r) => r.physicalId },
  map(ctx) {
    const association = ctx.props.enabled('DefaultRouteTableAssociation', 'enable');
    const propagation = ctx.props.enabled('DefaultRouteTablePropagation', 'enable');
    const tgw = ctx.objects.add('transitGateways', {
      id: ctx.id,
      logicalId: ctx.logicalId,
      name: ctx.name,
      amazonSideAsn: ctx.props.int('AmazonSideAsn', 64512),
      defaultRouteTableAssociation: association,
      defaultRouteTablePropagation: propagation,
      securityGroupReferencingSupport: ctx.props.enabled('SecurityGroupReferencingSupport', 'disable'),
    });
    const defaultRouteTable = defaultTransitGatewayRouteTable(tgw, ctx.template.stackName);
    if (defaultRouteTable) ctx.objects.add('transitGatewayRouteTables', defaultRouteTable);
  },
};

function vpcAttachment(type: string): ResourceKind {
  return {
    type,
    idPrefix: 'tgw-attach',
    phase: 30,
    attributes: { Id: (r) => r.physicalId },
    map(ctx) {
      const tgw = ctx.ref('transitGateways', 'TransitGatewayId');
      const v = ctx.ref('vpcs', 'VpcId');
      const subnetIds = ctx.props.stringList('SubnetIds').map((id, i) => ctx.find('subnets', id, `SubnetIds[${i}]`).id);
      if (subnetIds.length === 0) throw ctx.error('SubnetIds', 'at least one subnet is required (TGW-9)');
      const options = ctx.props.optObject('Options');
      const att = {
        ...newTransitGatewayAttachment({ id: ctx.id, logicalId: ctx.logicalId, name: ctx.name }, tgw.id, 'vpc', v.id),
        subnetIds,
        applianceModeSupport: options?.enabled('ApplianceModeSupport', 'disable') ?? false,
        securityGroupReferencingSupport: options?.enabled('SecurityGroupReferencingSupport', 'disable') ?? false,
      };
      ctx.objects.add('transitGatewayAttachments', att);
      applyTransitGatewayDefaults(ctx.topology, tgw, att.id);
    },
  };
}

export const transitGatewayAttachment = vpcAttachment('AWS::EC2::TransitGatewayAttachment');
export const transitGatewayVpcAttachment = vpcAttachment('AWS::EC2::TransitGatewayVpcAttachment');

export const transitGatewayRouteTable: ResourceKind = {
  type: 'AWS::EC2::TransitGatewayRouteTable',
  idPrefix: 'tgw-rtb',
  phase: 30,
  attributes: { TransitGatewayRouteTableId: (r) => r.physicalId },
  map(ctx) {
    const tgw = ctx.ref('transitGateways', 'TransitGatewayId');
    ctx.objects.add('transitGatewayRouteTables', {
      id: ctx.id,
      logicalId: ctx.logicalId,
      name: ctx.name,
      transitGatewayId: tgw.id,
      routes: [],
      associationAttachmentIds: [],
      propagationAttachmentIds: [],
    });
  },
};

export const transitGatewayRoute: ResourceKind = {
  type: 'AWS::EC2::TransitGatewayRoute',
  idPrefix: 'tgw-route',
  phase: 40,
  map(ctx) {
    const rt = ctx.ref('transitGatewayRouteTables', 'TransitGatewayRouteTableId');
    const blackhole = ctx.props.bool('Blackhole', false);
    const attachmentId = ctx.props.optString('TransitGatewayAttachmentId');
    // TGW-4: a static route targets an attachment or is a blackhole.
    if (blackhole === !!attachmentId) throw ctx.error('TransitGatewayAttachmentId', 'give TransitGatewayAttachmentId or Blackhole: true (exactly one)');
    if (attachmentId) ctx.find('transitGatewayAttachments', attachmentId, 'TransitGatewayAttachmentId');
    rt.routes.push({ destination: ctx.props.prefix('DestinationCidrBlock'), ...(attachmentId ? { attachmentId } : {}), blackhole, logicalId: ctx.logicalId });
  },
};

export const transitGatewayRouteTableAssociation: ResourceKind = {
  type: 'AWS::EC2::TransitGatewayRouteTableAssociation',
  idPrefix: 'tgw-rtb-assoc',
  phase: 40,
  map(ctx) {
    const rt = ctx.ref('transitGatewayRouteTables', 'TransitGatewayRouteTableId');
    const att = ctx.ref('transitGatewayAttachments', 'TransitGatewayAttachmentId');
    // TGW-2: one association per attachment; an explicit one replaces the default (TGW-6).
    for (const other of ctx.topology.transitGatewayRouteTables) {
      other.associationAttachmentIds = other.associationAttachmentIds.filter((id) => id !== att.id);
    }
    rt.associationAttachmentIds.push(att.id);
  },
};

export const transitGatewayRouteTablePropagation: ResourceKind = {
  type: 'AWS::EC2::TransitGatewayRouteTablePropagation',
  idPrefix: 'tgw-rtb-prop',
  phase: 40,
  map(ctx) {
    const rt = ctx.ref('transitGatewayRouteTables', 'TransitGatewayRouteTableId');
    const att = ctx.ref('transitGatewayAttachments', 'TransitGatewayAttachmentId');
    if (!rt.propagationAttachmentIds.includes(att.id)) rt.propagationAttachmentIds.push(att.id);
  },
};
