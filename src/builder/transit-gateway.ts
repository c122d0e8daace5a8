// A transit gateway, its attachments and route tables (TGW-1..TGW-6). With the AWS defaults
// (DefaultRouteTableAssociation and DefaultRouteTablePropagation enabled, TGW-6) the gateway gets a
// default route table `<name>.DefaultRouteTable`; attachments not associated elsewhere are associated
// with it, and every attachment except peering ones (TGW-7) propagates into it.
import type { Prefix } from '../model/ip.js';
import { newTransitGatewayAttachment } from '../model/transit-gateway-defaults.js';
import type { TransitGateway, TransitGatewayAttachment, TransitGatewayRouteTable } from '../model/types.js';
import { prefixAt, type BuildContext, type Site } from './context.js';

export interface TransitGatewayOptions {
  asn?: number;
  defaultRouteTableAssociation?: boolean;
  defaultRouteTablePropagation?: boolean;
  securityGroupReferencing?: boolean;
}

export interface VpcAttachmentOptions {
  vpc: string;
  /** One subnet per AZ (TGW-9). */
  subnets: string[];
  applianceMode?: boolean;
  securityGroupReferencing?: boolean;
}

export class TransitGatewayRouteTableBuilder {
  constructor(
    private readonly ctx: BuildContext,
    readonly routeTable: TransitGatewayRouteTable,
  ) {}

  /** A static route to an attachment (TGW-4). */
  route(destination: string | Prefix, attachment: string, opts: { logicalId?: string } = {}): this {
    const site = this.site();
    const route = { destination: prefixAt(destination, { ...site, field: 'DestinationCidrBlock' }), attachmentId: this.ctx.ref('transitGatewayAttachment', attachment, site), blackhole: false } as TransitGatewayRouteTable['routes'][number];
    if (opts.logicalId !== undefined) route.logicalId = opts.logicalId;
    this.routeTable.routes.push(route);
    return this;
  }

  /** A blackhole route: matching packets are dropped (TGW-4). */
  blackhole(destination: string | Prefix, opts: { logicalId?: string } = {}): this {
    const route = { destination: prefixAt(destination, { ...this.site(), field: 'DestinationCidrBlock' }), blackhole: true } as TransitGatewayRouteTable['routes'][number];
    if (opts.logicalId !== undefined) route.logicalId = opts.logicalId;
    this.routeTable.routes.push(route);
    return this;
  }

  private site(): Site {
    return { kind: 'transitGatewayRouteTable', logicalId: this.routeTable.logicalId, field: 'TransitGatewayAttachmentId' };
  }
}

export class TransitGatewayBuilder {
  constructor(
    private readonly ctx: BuildContext,
    readonly gateway: TransitGateway,
  ) {}

  vpcAttachment(name: string, opts: VpcAttachmentOptions): this {
    const site: Site = { kind: 'transitGatewayAttachment', logicalId: name, field: 'SubnetIds' };
    const attachment = this.attachment(name, 'vpc', this.ctx.ref('vpc', opts.vpc, { ...site, field: 'VpcId' }));
    attachment.subnetIds = opts.subnets.map((s) => this.ctx.ref('subnet', s, site));
    attachment.applianceModeSupport = opts.applianceMode ?? false;
    attachment.securityGroupReferencingSupport = opts.securityGroupReferencing ?? this.gateway.securityGroupReferencingSupport;
    return this;
  }

  /** A peering attachment to another transit gateway (static routes only, TGW-7). */
  peeringAttachment(name: string, opts: { peer: string }): this {
    const site: Site = { kind: 'transitGatewayAttachment', logicalId: name, field: 'PeerTransitGatewayId' };
    this.attachment(name, 'peering', this.ctx.ref('transitGateway', opts.peer, site));
    return this;
  }

  /** Used by VPN connections and Direct Connect gateway associations that end on this gateway. */
  attachment(name: string, resourceType: TransitGatewayAttachment['resourceType'], resourceId: string): TransitGatewayAttachment {
    return addTransitGatewayAttachment(this.ctx, name, this.gateway.id, resourceType, resourceId);
  }

  routeTable(name: string, opts: { associations?: string[]; propagations?: string[] } = {}, routes?: (rt: TransitGatewayRouteTableBuilder) => void): this {
    const site: Site = { kind: 'transitGatewayRouteTable', logicalId: name, field: 'TransitGatewayAttachmentId' };
    const rt: TransitGatewayRouteTable = {
      id: this.ctx.declare('transitGatewayRouteTable', name),
      logicalId: name,
      transitGatewayId: this.gateway.id,
      routes: [],
      associationAttachmentIds: (opts.associations ?? []).map((a) => this.ctx.ref('transitGatewayAttachment', a, site)),
      propagationAttachmentIds: (opts.propagations ?? []).map((a) => this.ctx.ref('transitGatewayAttachment', a, site)),
    };
    this.ctx.topology.transitGatewayRouteTables.push(rt);
    routes?.(new TransitGatewayRouteTableBuilder(this.ctx, rt));
    return this;
  }
}

/** Declares the attachment `name` (AWS defaults) and adds it to the topology. */
export function addTransitGatewayAttachment(
  ctx: BuildContext,
  name: string,
  transitGatewayId: string,
  resourceType: TransitGatewayAttachment['resourceType'],
  resourceId: string,
): TransitGatewayAttachment {
  const attachment = newTransitGatewayAttachment({ id: ctx.declare('transitGatewayAttachment', name), logicalId: name }, transitGatewayId, resourceType, resourceId);
  ctx.topology.transitGatewayAttachments.push(attachment);
  return attachment;
}

/** TGW-6: the default route table's associations and propagations, once every attachment is declared. */
export function applyDefaultRouteTables(ctx: BuildContext): void {
  const t = ctx.topology;
  const associated = new Set(t.transitGatewayRouteTables.flatMap((rt) => rt.associationAttachmentIds));
  for (const tgw of t.transitGateways) {
    const defaultId = tgw.associationDefaultRouteTableId ?? tgw.propagationDefaultRouteTableId;
    const rt = t.transitGatewayRouteTables.find((r) => r.id === defaultId);
    if (!rt) continue;
    for (const att of t.transitGatewayAttachments) {
      if (att.transitGatewayId !== tgw.id) continue;
      if (tgw.defaultRouteTableAssociation && !associated.has(att.id)) rt.associationAttachmentIds.push(att.id);
      const propagates = att.resourceType !== 'peering'; // TGW-7
      if (tgw.defaultRouteTablePropagation && propagates && !rt.propagationAttachmentIds.includes(att.id)) rt.propagationAttachmentIds.push(att.id);
    }
  }
}
