// Outputs that list the contents of one TGW route table and name it beside the list:
//   search-transit-gateway-routes                  {"Routes": [...], "TransitGatewayRouteTableId": "tgw-rtb-..."}
//   get-transit-gateway-route-table-associations   {"Associations": [...], "TransitGatewayRouteTableId": ...}
//   get-transit-gateway-route-table-propagations   {"TransitGatewayRouteTablePropagations": [...], ...}
// The AWS CLI does not print the table id, so the user adds it, or puts it in the file name
// (`routes-tgw-rtb-0123abcd.json`). Static and blackhole routes are kept (TGW-4); a `propagated` route shows that
// its attachment propagates into the table (TGW-3), and the route itself is derived from that.
import type { TransitGatewayRoute } from '../../model/types.js';
import type { SnapshotContext, SnapshotKeyReader } from './context.js';
import type { Fields } from './fields.js';

const TABLE_ID = 'TransitGatewayRouteTableId';

export function readTgwRoute(r: Fields, ctx: SnapshotContext, tableId: string): void {
  const facts = ctx.tgwRouteTable(tableId);
  const state = r.oneOf('State', ['active', 'blackhole', 'deleting', 'deleted', 'pending'], 'active');
  if (state === 'deleting' || state === 'deleted') return;
  const attachmentId = r.list('TransitGatewayAttachments')[0]?.optStr('TransitGatewayAttachmentId');
  const destination = r.optPrefix('DestinationCidrBlock');
  if (r.oneOf('Type', ['static', 'propagated'], 'static') === 'propagated') {
    if (attachmentId) facts.propagations.add(attachmentId);
    if (attachmentId && destination) facts.propagatedRoutes.push({ destination, attachmentId });
    return;
  }
  if (!destination) {
    if (r.has('PrefixListId')) ctx.warn(`${r.where.file}: TransitGatewayRouteTable '${tableId}': ${r.path}: prefix-list references are not modelled; route ignored`);
    else throw r.error('DestinationCidrBlock', 'is missing');
    return;
  }
  const route: TransitGatewayRoute = { destination, blackhole: state === 'blackhole' };
  if (!route.blackhole) {
    if (!attachmentId) throw r.error('TransitGatewayAttachments', 'is missing (an active static route names its attachment)');
    route.attachmentId = attachmentId;
  }
  facts.routes.push(route);
}

const LIVE_ASSOCIATION = new Set(['associated', 'associating']);

export function readTgwAssociation(a: Fields, ctx: SnapshotContext, tableId: string): void {
  if (LIVE_ASSOCIATION.has(a.optStr('State') ?? 'associated')) ctx.tgwRouteTable(tableId).associations.add(a.str('TransitGatewayAttachmentId'));
}

export function readTgwPropagation(p: Fields, ctx: SnapshotContext, tableId: string): void {
  if ((p.optStr('State') ?? 'enabled') === 'enabled') ctx.tgwRouteTable(tableId).propagations.add(p.str('TransitGatewayAttachmentId'));
}

function tableReader(key: string, resourceType: string, read: typeof readTgwRoute): SnapshotKeyReader {
  return {
    key,
    resourceType,
    parentKey: TABLE_ID,
    parentIdPattern: /tgw-rtb-[0-9a-f]+/,
    read(f, ctx, tableId) {
      read(f.forResource('TransitGatewayRouteTable', tableId!), ctx, tableId!);
    },
  };
}

export const transitGatewayRoutes = tableReader('Routes', 'TransitGatewayRoute', readTgwRoute);
export const transitGatewayRouteTableAssociations = tableReader('Associations', 'TransitGatewayRouteTableAssociation', readTgwAssociation);
export const transitGatewayRouteTablePropagations = tableReader('TransitGatewayRouteTablePropagations', 'TransitGatewayRouteTablePropagation', readTgwPropagation);
