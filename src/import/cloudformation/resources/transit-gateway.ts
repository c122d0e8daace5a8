// AWS::EC2::TransitGateway, TransitGatewayAttachment / TransitGatewayVpcAttachment,
// TransitGatewayRouteTable, TransitGatewayRoute, TransitGatewayRouteTableAssociation and
// TransitGatewayRouteTablePropagation (TGW-1..6, TGW-9, TGW-12).
import { applyTransitGatewayDefaults, defaultTransitGatewayRouteTable, newTransitGatewayAttachment } from '../../../model/transit-gateway-defaults.js';
import { mapDirectConnectMetadata } from './direct-connect.js';
import { quote } from '../../../model/printable.js';
import type { TransitGatewayAttachment } from '../../../model/types.js';
import type { ResourceKind } from '../kind.js';
import type { MapContext } from '../map-context.js';
import { describeValue, hasOwn, isTemplateMap } from '../values.js';

/**
 * The attachment a route table association, propagation or static route names. CloudFormation gives no
 * id for the attachment a VPN connection gets on a transit gateway (AWS::EC2::VPNConnection returns only
 * its own id), so CHOICE (docs/semantics.md, "Implicit transit gateway attachments"): the resource's
 * `Metadata: { vpcsim: { attachmentOf: <logical id> } }` names the VPN connection whose attachment it is.
 * `TransitGatewayAttachmentId` may then be left out, or hold what a deployable template passes (a
 * parameter with the real attachment id); naming another attachment of the template is an error.
 */
function namedAttachment(ctx: MapContext, required: true): TransitGatewayAttachment;
function namedAttachment(ctx: MapContext, required: false): TransitGatewayAttachment | undefined;
function namedAttachment(ctx: MapContext, required: boolean): TransitGatewayAttachment | undefined {
  const meta = ctx.vpcsimMetadata(['attachmentOf']);
  const owner = meta?.raw('attachmentOf');
  if (meta === undefined || owner === undefined || owner === null) {
    if (!required && !ctx.props.has('TransitGatewayAttachmentId')) return undefined;
    return ctx.ref('transitGatewayAttachments', 'TransitGatewayAttachmentId');
  }
  const ref = isTemplateMap(owner) && hasOwn(owner, 'Ref') ? owner.Ref : undefined;
  const logicalId = typeof owner === 'string' ? owner : typeof ref === 'string' ? ref : undefined;
  if (logicalId === undefined) throw meta.error('attachmentOf', `expected the logical id of an AWS::EC2::VPNConnection, got ${describeValue(owner)}`);
  const att = implicitAttachment(ctx, logicalId, (detail) => meta.error('attachmentOf', detail));
  const given = ctx.props.optString('TransitGatewayAttachmentId');
  const other = given === undefined ? undefined : ctx.objects.get('transitGatewayAttachments', given);
  if (other && other.id !== att.id) throw ctx.error('TransitGatewayAttachmentId', `names ${quote(other.logicalId)}, but Metadata.vpcsim.attachmentOf names the attachment of ${quote(logicalId)}`);
  return att;
}

/** The TGW attachment of the VPN connection, or of the Direct Connect connection's DX gateway, named `logicalId`. */
function implicitAttachment(ctx: MapContext, logicalId: string, fail: (detail: string) => Error): TransitGatewayAttachment {
  const t = ctx.topology;
  const vpn = t.vpnConnections.find((v) => v.logicalId === logicalId);
  if (vpn) {
    const att = t.transitGatewayAttachments.find((a) => a.resourceType === 'vpn' && a.resourceId === vpn.id);
    if (!att) throw fail(`VPN connection ${quote(logicalId)} is on a virtual private gateway: it has no transit gateway attachment`);
    return att;
  }
  const dx = t.directConnectConnections.find((c) => c.logicalId === logicalId);
  if (dx) {
    const dxgwId = t.virtualInterfaces.find((v) => v.connectionId === dx.id && v.directConnectGatewayId !== undefined)?.directConnectGatewayId;
    const att = dxgwId === undefined ? undefined : t.transitGatewayAttachments.find((a) => a.resourceType === 'direct-connect-gateway' && a.resourceId === dxgwId);
    if (!att) throw fail(`Direct Connect connection ${quote(logicalId)} ends on a virtual private gateway: it has no transit gateway attachment`);
    return att;
  }
  const type = ctx.template.resource(logicalId)?.type;
  throw fail(`${quote(logicalId)} is not an AWS::EC2::VPNConnection or a Direct Connect connection (Metadata.vpcsim.directConnect) of this template${type ? ` (it is a ${type})` : ''}`);
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
    // HYB-8..12: Direct Connect has no CloudFormation resources (CHOICE: Metadata.vpcsim.directConnect).
    mapDirectConnectMetadata(ctx, ctx.vpcsimMetadata(['directConnect']), { tgw });
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
    const attachmentId = namedAttachment(ctx, false)?.id;
    // TGW-4: a static route targets an attachment or is a blackhole.
    if (blackhole === !!attachmentId) throw ctx.error('TransitGatewayAttachmentId', 'give TransitGatewayAttachmentId or Blackhole: true (exactly one)');
    rt.routes.push({ destination: ctx.props.prefix('DestinationCidrBlock'), ...(attachmentId ? { attachmentId } : {}), blackhole, logicalId: ctx.logicalId });
  },
};

export const transitGatewayRouteTableAssociation: ResourceKind = {
  type: 'AWS::EC2::TransitGatewayRouteTableAssociation',
  idPrefix: 'tgw-rtb-assoc',
  phase: 40,
  map(ctx) {
    const rt = ctx.ref('transitGatewayRouteTables', 'TransitGatewayRouteTableId');
    const att = namedAttachment(ctx, true);
    // TGW-2: one association per attachment; an explicit one replaces the default (TGW-6).
    for (const other of ctx.topology.transitGatewayRouteTables) {
      const list = other.associationAttachmentIds;
      if (!idSet(list).delete(att.id)) continue;
      for (let i = list.indexOf(att.id); i >= 0; i = list.indexOf(att.id, i)) list.splice(i, 1);
    }
    addId(rt.associationAttachmentIds, att.id);
  },
};

export const transitGatewayRouteTablePropagation: ResourceKind = {
  type: 'AWS::EC2::TransitGatewayRouteTablePropagation',
  idPrefix: 'tgw-rtb-prop',
  phase: 40,
  map(ctx) {
    const rt = ctx.ref('transitGatewayRouteTables', 'TransitGatewayRouteTableId');
    const att = namedAttachment(ctx, true);
    addId(rt.propagationAttachmentIds, att.id);
  },
};

/**
 * The ids of an association or propagation list as a set, so that 1,000s of associations cost no
 * scan of the list each (a 1,000-VPC hub spent ~0.3 s there). Built on first use; rebuilt when the list
 * changed without it (applyTransitGatewayDefaults pushes to the lists directly), which the size tells:
 * the lists hold each id once.
 */
const idSets = new WeakMap<string[], Set<string>>();
function idSet(list: string[]): Set<string> {
  let set = idSets.get(list);
  if (set === undefined || set.size !== list.length) {
    set = new Set(list);
    idSets.set(list, set);
  }
  return set;
}

/** Adds `id` to the list unless it holds it already. */
function addId(list: string[], id: string): void {
  const set = idSet(list);
  if (set.has(id)) return;
  set.add(id);
  list.push(id);
}
