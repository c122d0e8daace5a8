// Hop texts at transit gateways (TGW-2..14): attachments in and out, the route table of the ingress
// attachment, and TGW-13's asymmetric replies.
import { HopNote } from '../../../abi/hops.js';
import type { TransitGatewayRouteTable } from '../../model/types.js';
import type { RouteChoice, WalkHop } from '../../walk/hop.js';
import { Code, HopKind } from '../codes.js';
import { dstText, eniOf, idText, firewallEndpointLabel, type HopExplainer } from './context.js';

/** `10.1.0.0/16 -> tgw-attach-... (propagated)`, `0.0.0.0/0 -> blackhole`. */
function tgwRouteLabel(r: RouteChoice<TransitGatewayRouteTable>): string {
  const model = r.modelIndex >= 0 ? r.table.routes[r.modelIndex] : undefined;
  if (model) return `${model.destination.text} -> ${model.blackhole ? 'blackhole' : model.attachmentId}`;
  return `${r.destination.text} -> ${r.propagatedFrom} (propagated)`;
}

/** TGW_RTB_MORE_SPECIFIC_ROUTE / TGW_RTB_HIGHER_PRIORITY_ROUTE, in this order. */
function tgwRouteInfo(r: RouteChoice<TransitGatewayRouteTable>): number[] {
  return [...(r.moreSpecific ? [Code.TGW_RTB_MORE_SPECIFIC_ROUTE] : []), ...(r.higherPriority ? [Code.TGW_RTB_HIGHER_PRIORITY_ROUTE] : [])];
}

function routeOf(h: WalkHop): RouteChoice<TransitGatewayRouteTable> {
  if (h.rule?.kind !== 'transit-gateway-route') throw new Error(`vpcsim internal error: a transit gateway route table hop without its route (code ${h.code})`);
  return h.rule.route;
}

const NO_FLOW_IN_ONE_AZ = 'which never saw the request: the attachment has appliance mode disabled, so the transit gateway does not keep a flow in one AZ';

const attachment: HopExplainer = (h, c) => {
  const att = c.t.transitGatewayAttachments[h.id]!;
  const subnet = () => c.t.subnets[h.ref]!;
  switch (h.code) {
    case Code.BAD_STATE_ATTACHMENT:
      // MC-7: down in the scenario, or every subnet of it is down; else its state (TGW-14).
      if (h.note === HopNote.AllSubnetsDown) return { action: `every subnet of attachment ${att.logicalId} is down` };
      return { action: `attachment ${att.logicalId} is ${h.note === HopNote.Down ? 'down' : att.state}` };
    // TGW-9: Ref = the subnet the packet leaves (NONE when a gateway route table sent it).
    case Code.TGW_ROUTE_AZ_RESTRICTION: return { action: `attachment ${att.logicalId} has no subnet in ${h.ref >= 0 ? subnet().availabilityZone : 'any AZ'}, so traffic from there is not forwarded to the transit gateway` };
    case Code.TGW_ATTACH_MISSING_TGW_RTB_ASSOCIATION: return { action: `attachment ${att.logicalId} is not associated with a transit gateway route table` };
    case Code.TGW_RTB_NO_ROUTE_TO_TGW_ATTACHMENT:
      return { action: att.resourceType === 'peering' ? `peer transit gateway ${att.resourceId} has no peering attachment back` : `attachment ${att.logicalId} has no subnet` };
    case Code.UNKNOWN_DESTINATION: return { action: `no on-premises network behind ${att.logicalId} holds ${dstText(h)}` };
    case Code.NO_PATH: return { action: `${att.resourceType} attachments are not modelled` };
    case Code.TGW_ATTACH_VPC_AZ_RESTRICTION: {
      // TGW-13: Ref = the appliance or firewall endpoint ENI the reply reached.
      const eni = eniOf(c, h.ref);
      if (eni.kind === 'firewall-endpoint') {
        const firewall = (eni.ownerId ? c.ix.firewalls.get(eni.ownerId) : undefined) ?? eni;
        return { action: `the reply entered through ${att.logicalId} and reached firewall ${firewall.logicalId} endpoint ${firewallEndpointLabel(c, eni)}, ${NO_FLOW_IN_ONE_AZ}` };
      }
      const az = c.ix.lookup.subnets.get(eni.subnetId)?.availabilityZone ?? '';
      return { action: `the reply entered through ${att.logicalId} and reached appliance ${eni.logicalId} in ${az}, ${NO_FLOW_IN_ONE_AZ}` };
    }
  }
  if (h.note === HopNote.Inbound) {
    // TGW-10/11/12: out into the attachment's VPC through subnet Ref.
    const vpc = c.ix.lookup.vpcs.get(att.resourceId)!;
    const how = att.applianceModeSupport ? ' (appliance mode: chosen by flow hash)' : '';
    return { action: `leaves the transit gateway into ${vpc.logicalId} through subnet ${subnet().logicalId} (${subnet().availabilityZone})${how}` };
  }
  if (att.resourceType === 'peering') return { action: `crosses transit gateway peering to ${att.resourceId}` };
  return { action: `enters transit gateway ${att.transitGatewayId} through subnet ${subnet().logicalId} (${subnet().availabilityZone})` };
};

const routeTable: HopExplainer = (h, c) => {
  const rt = c.t.transitGatewayRouteTables[h.id]!;
  if (h.code === Code.TGW_RTB_CANNOT_ROUTE) return { action: `transit gateway route table ${idText(rt)} has no route to ${dstText(h)}` };
  const route = routeOf(h);
  const label = tgwRouteLabel(route);
  if (h.code === Code.TGW_RTB_BAD_STATE_ROUTE) return { action: `transit gateway route table ${idText(rt)}: route ${label} is a blackhole`, rule: label };
  if (h.code === Code.TGW_RTB_NO_ROUTE_TO_TGW_ATTACHMENT) return { action: `route ${label} names a missing attachment`, rule: label };
  // The hop already names the table (and the attachment hop before it the transit gateway).
  return { action: `route ${label}`, rule: label, info: tgwRouteInfo(route) };
};

export const TRANSIT_GATEWAY_HOPS: Record<number, HopExplainer> = {
  [HopKind.TRANSIT_GATEWAY_ATTACHMENT]: attachment,
  [HopKind.TRANSIT_GATEWAY_ROUTE_TABLE]: routeTable,
};
