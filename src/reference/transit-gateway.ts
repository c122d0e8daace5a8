// Forwarding through a transit gateway (TGW-2..14): the route table associated with the ingress
// attachment decides; then out into a VPC, to on premises, or across a TGW peering. Tables: tgw.ts.
import { Code } from '../../abi/codes.js';
import { HopComponent, HopKind, HopNote } from '../../abi/hops.js';
import { inPrefix } from '../model/ip.js';
import { connectionIsUp, onPremisesPathsOfTgwAttachment, vpnIsUp } from '../model/on-premises-paths.js';
import type { Flow } from '../walk/flow.js';
import type { Arrival } from '../walk/result.js';
import type { HopFacts, WalkContext } from './context.js';
import { attachmentSubnetFor, tgwLongestPrefixMatch, tgwRouteChoice, tgwRoutesOf } from './tgw.js';

/** The packet enters transit gateway `tgwId` on attachment `attachmentId` and is routed by its associated table (TGW-2). */
export function tgwRoute(w: WalkContext, attachmentId: string, packet: Flow): Arrival {
  const ix = w.ix;
  const inAtt = ix.tgwAttachments.get(attachmentId)!;
  const rt = ix.associatedTgwRouteTable(inAtt.id);
  if (!rt) return w.fail(HopKind.TRANSIT_GATEWAY_ATTACHMENT, Code.TGW_ATTACH_MISSING_TGW_RTB_ASSOCIATION, { component: HopComponent.TransitGatewayAttachment, of: inAtt });
  // TGW-14, HYB-6: routes learned over a VPN or DX connection that is down are withdrawn.
  const match = tgwLongestPrefixMatch(tgwRoutesOf(ix, rt).filter((r) => !r.connectionId || connectionIsUp(ix, r.connectionId, w.down)), packet.family, packet.dst);
  const table = { component: HopComponent.TransitGatewayRouteTable, of: rt };
  if (!match) return w.fail(HopKind.TRANSIT_GATEWAY_ROUTE_TABLE, Code.TGW_RTB_CANNOT_ROUTE, table);
  const failed: HopFacts = { ...table, rule: { kind: 'transit-gateway-route', route: tgwRouteChoice(rt, match, false) } };
  if (match.route.blackhole) return w.fail(HopKind.TRANSIT_GATEWAY_ROUTE_TABLE, Code.TGW_RTB_BAD_STATE_ROUTE, failed);
  const out = match.route.attachmentId ? ix.tgwAttachments.get(match.route.attachmentId) : undefined;
  if (!out) return w.fail(HopKind.TRANSIT_GATEWAY_ROUTE_TABLE, Code.TGW_RTB_NO_ROUTE_TO_TGW_ATTACHMENT, failed);
  // Ref: the attachment the packet entered by (its transit gateway is named).
  w.pass(HopKind.TRANSIT_GATEWAY_ROUTE_TABLE, { ...table, rule: { kind: 'transit-gateway-route', route: tgwRouteChoice(rt, match, true) }, ref: w.at(inAtt) });
  const hop = { component: HopComponent.TransitGatewayAttachment, of: out };
  // TGW-14: routes to a down attachment stay; traffic to it drops.
  if (out.state !== 'available' || w.isDown(out.id)) return w.fail(HopKind.TRANSIT_GATEWAY_ATTACHMENT, Code.BAD_STATE_ATTACHMENT, { ...hop, note: w.isDown(out.id) ? HopNote.Down : HopNote.None });
  switch (out.resourceType) {
    case 'vpc': {
      const vpc = ix.lookup.vpcs.get(out.resourceId);
      const place = attachmentSubnetFor(ix, out, w.tgwAz, packet, (subnetId, eniId) => w.subnetDown(subnetId) || w.isDown(eniId));
      const subnet = place ? ix.lookup.subnets.get(place.subnetId) : undefined;
      // TGW-14 / MC-7: an attachment whose every subnet is down is down.
      if (!place && out.subnetIds.length > 0) return w.fail(HopKind.TRANSIT_GATEWAY_ATTACHMENT, Code.BAD_STATE_ATTACHMENT, { ...hop, note: HopNote.AllSubnetsDown });
      if (!vpc || !subnet) return w.fail(HopKind.TRANSIT_GATEWAY_ATTACHMENT, Code.TGW_RTB_NO_ROUTE_TO_TGW_ATTACHMENT, hop);
      // TGW-12: appliance mode keeps both directions of a flow in the AZ its hash picks. Ref: the subnet.
      w.pass(HopKind.TRANSIT_GATEWAY_ATTACHMENT, { ...hop, note: HopNote.Inbound, ref: w.at(subnet) });
      w.ingress = 'transit-gateway';
      w.tgwPath = { tgwId: out.transitGatewayId, inAttachmentId: inAtt.id, outAttachmentId: out.id };
      const eni = place?.eniId ? ix.lookup.networkInterfaces.get(place.eniId) ?? null : null;
      // TGW-11: routed by the attachment subnet's route table.
      return w.routeFrom(subnet, packet, eni);
    }
    case 'vpn':
    case 'direct-connect-gateway': {
      const vpn = out.resourceType === 'vpn' ? ix.vpnConnections.get(out.resourceId) : undefined;
      if (vpn && !vpnIsUp(vpn, w.down)) return w.fail(HopKind.VPN_CONNECTION, Code.TGW_BAD_STATE_VPN, { component: HopComponent.OnPremConnection, of: vpn });
      const path = onPremisesPathsOfTgwAttachment(ix, out.id, w.down).find((p) => inPrefix(p.prefix, packet.family, packet.dst));
      if (!path) return w.fail(HopKind.TRANSIT_GATEWAY_ATTACHMENT, Code.UNKNOWN_DESTINATION, hop);
      return w.toOnPremises(path.connectionId, out.resourceType === 'vpn' ? 'vpn' : 'dx');
    }
    case 'peering': {
      const back = ix.topology.transitGatewayAttachments.find((a) => a.transitGatewayId === out.resourceId && a.resourceType === 'peering' && a.resourceId === out.transitGatewayId);
      if (!back) return w.fail(HopKind.TRANSIT_GATEWAY_ATTACHMENT, Code.TGW_RTB_NO_ROUTE_TO_TGW_ATTACHMENT, hop);
      w.pass(HopKind.TRANSIT_GATEWAY_ATTACHMENT, hop);
      return w.tgwRoute(back.id, packet);
    }
    default:
      return w.fail(HopKind.TRANSIT_GATEWAY_ATTACHMENT, Code.NO_PATH, hop);
  }
}
