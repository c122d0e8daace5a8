// describe-transit-gateway-route-tables: `TransitGatewayRouteTables[]`. Routes, associations and
// propagations come from other commands that name the table beside their list (see
// transit-gateway-routes.ts); the merged-object form may also nest them in the table item as
// `Routes`, `Associations` and `Propagations` (vpcsim's own shape, the same item shapes).
import type { SnapshotKeyReader } from './context.js';
import { readTgwAssociation, readTgwPropagation, readTgwRoute } from './transit-gateway-routes.js';

export const transitGatewayRouteTables: SnapshotKeyReader = {
  key: 'TransitGatewayRouteTables',
  resourceType: 'TransitGatewayRouteTable',
  idField: 'TransitGatewayRouteTableId',
  read(f, ctx) {
    const id = f.str('TransitGatewayRouteTableId');
    const transitGatewayId = f.str('TransitGatewayId');
    ctx.add('transitGatewayRouteTables', {
      id,
      logicalId: id,
      name: f.nameTag(),
      transitGatewayId,
      routes: [],
      associationAttachmentIds: [],
      propagationAttachmentIds: [],
    }, f);
    for (const r of f.list('Routes')) readTgwRoute(r, ctx, id);
    for (const a of f.list('Associations')) readTgwAssociation(a, ctx, id);
    for (const p of f.list('Propagations')) readTgwPropagation(p, ctx, id);
  },
  finish(ctx) {
    for (const rt of ctx.all('transitGatewayRouteTables')) {
      const facts = ctx.tgwRouteTables.get(rt.id);
      if (!facts) continue;
      // C-7: references to attachments left out for their state are dropped; a live one is worth a warning.
      const live = (what: string) => (attachmentId: string | undefined): boolean => {
        if (attachmentId === undefined || !ctx.leftOut.has(attachmentId)) return true;
        ctx.warn(`TransitGatewayRouteTable '${rt.id}': ${what} names attachment '${attachmentId}', which is deleted or failed; left out`);
        return false;
      };
      rt.routes = facts.routes.filter((r) => live(`static route ${r.destination.text}`)(r.attachmentId));
      rt.associationAttachmentIds = [...facts.associations].filter(live('an association')).sort();
      rt.propagationAttachmentIds = [...facts.propagations].filter(live('a propagation')).sort();
    }
    for (const id of ctx.tgwRouteTables.keys()) {
      if (!ctx.get('transitGatewayRouteTables', id)) ctx.warn(`TransitGatewayRouteTable '${id}' has routes or associations in the snapshot but is not in describe-transit-gateway-route-tables; they are ignored`);
    }
  },
};
