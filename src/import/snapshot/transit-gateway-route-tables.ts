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
      rt.routes = facts.routes;
      rt.associationAttachmentIds = [...facts.associations].sort();
      rt.propagationAttachmentIds = [...facts.propagations].sort();
    }
    for (const id of ctx.tgwRouteTables.keys()) {
      if (!ctx.get('transitGatewayRouteTables', id)) ctx.warn(`TransitGatewayRouteTable '${id}' has routes or associations in the snapshot but is not in describe-transit-gateway-route-tables; they are ignored`);
    }
  },
};
