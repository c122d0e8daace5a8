// describe-transit-gateway-attachments (`TransitGatewayAttachments[]`: ResourceType, ResourceId, the route
// table association) and describe-transit-gateway-vpc-attachments (`TransitGatewayVpcAttachments[]`:
// SubnetIds, appliance mode, SG referencing) describe the same attachments; both are read and merged.
import { newTransitGatewayAttachment } from '../../model/transit-gateway-defaults.js';
import type { TransitGatewayAttachment, TransitGatewayAttachmentKind } from '../../model/types.js';
import type { SnapshotContext, SnapshotKeyReader } from './context.js';
import type { Fields } from './fields.js';
import { claimNetworkInterface } from './network-interface.js';

// `tgw-peering` is how newer API versions name a TGW peering attachment.
const KINDS = new Map<string, TransitGatewayAttachmentKind>([
  ['vpc', 'vpc'],
  ['vpn', 'vpn'],
  ['direct-connect-gateway', 'direct-connect-gateway'],
  ['peering', 'peering'],
  ['tgw-peering', 'peering'],
  ['connect', 'connect'],
]);

const LIVE_ASSOCIATION = new Set(['associated', 'associating']);
/** C-7: attachment states that carry nothing and are left out, with every reference to them. */
const GONE = new Set(['deleted', 'deleting', 'failed', 'failing', 'rejected', 'rejecting']);

/** True (and noted) when the attachment is in a state that leaves it out (C-7). */
function isGone(ctx: SnapshotContext, f: Fields, id: string): boolean {
  if (!GONE.has(f.optStr('State') ?? 'available')) return false;
  ctx.leftOut.add(id);
  return true;
}

function attachment(ctx: SnapshotContext, f: Fields, id: string, resourceType: TransitGatewayAttachmentKind, resourceId: string): TransitGatewayAttachment {
  const old = ctx.get('transitGatewayAttachments', id);
  if (old) return old;
  const created: TransitGatewayAttachment = {
    ...newTransitGatewayAttachment({ id, logicalId: id, name: f.nameTag() }, f.str('TransitGatewayId'), resourceType, resourceId),
    state: f.optStr('State') ?? 'available',
  };
  ctx.add('transitGatewayAttachments', created, f);
  return created;
}

export const transitGatewayAttachments: SnapshotKeyReader = {
  key: 'TransitGatewayAttachments',
  resourceType: 'TransitGatewayAttachment',
  idField: 'TransitGatewayAttachmentId',
  read(f, ctx) {
    const id = f.str('TransitGatewayAttachmentId');
    if (isGone(ctx, f, id)) return;
    const type = f.str('ResourceType');
    const kind = KINDS.get(type);
    if (!kind) {
      ctx.warn(`${f.where.file}: TransitGatewayAttachment '${id}': ResourceType '${type}' is not modelled; left out`);
      return;
    }
    const att = attachment(ctx, f, id, kind, f.str('ResourceId'));
    // TGW-2: the association listed on the attachment.
    const association = f.optChild('Association');
    if (association && LIVE_ASSOCIATION.has(association.optStr('State') ?? 'associated')) {
      ctx.tgwRouteTable(association.str('TransitGatewayRouteTableId')).associations.add(att.id);
    }
  },
};

export const transitGatewayVpcAttachments: SnapshotKeyReader = {
  key: 'TransitGatewayVpcAttachments',
  resourceType: 'TransitGatewayAttachment',
  idField: 'TransitGatewayAttachmentId',
  read(f, ctx) {
    const id = f.str('TransitGatewayAttachmentId');
    if (isGone(ctx, f, id)) return;
    const att = attachment(ctx, f, id, 'vpc', f.str('VpcId'));
    const options = f.optChild('Options');
    att.subnetIds = f.strings('SubnetIds');
    att.applianceModeSupport = options?.enabled('ApplianceModeSupport', 'disable') ?? false;
    att.securityGroupReferencingSupport = options?.enabled('SecurityGroupReferencingSupport', 'disable') ?? false;
  },
  finish(ctx) {
    // C-7: a live attachment whose VPN connection was left out (deleted) cannot carry anything: warn, leave it out.
    for (const att of ctx.all('transitGatewayAttachments')) {
      if (att.resourceType === 'vpn' && ctx.leftOut.has(att.resourceId)) {
        ctx.warn(`TransitGatewayAttachment '${att.id}' (state ${att.state}) is attached to VPN connection '${att.resourceId}', which is deleted; left out`);
        ctx.remove('transitGatewayAttachments', att.id);
      }
    }
    // TGW-9: the TGW's ENI in each attachment subnet. describe-network-interfaces names the attachment in
    // the ENI's Description; they are lined up with subnetIds. Missing ones are created by finalizeTopology.
    const bySubnet = new Map<string, string>();
    for (const [eniId, description] of ctx.eniDescriptions) {
      const m = /\b(tgw-attach-[0-9a-f]+)\b/.exec(description);
      const eni = ctx.get('networkInterfaces', eniId);
      if (!m || !eni) continue;
      bySubnet.set(`${m[1]}\u0000${eni.subnetId}`, eniId);
      claimNetworkInterface(eni, 'transit-gateway-attachment', m[1]!);
    }
    for (const att of ctx.all('transitGatewayAttachments')) {
      if (att.resourceType !== 'vpc') continue;
      att.networkInterfaceIds = att.subnetIds.map((s) => bySubnet.get(`${att.id}\u0000${s}`) ?? '');
      while (att.networkInterfaceIds.length > 0 && att.networkInterfaceIds.at(-1) === '') att.networkInterfaceIds.pop();
    }
  },
};
