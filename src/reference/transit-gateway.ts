// Forwarding through a transit gateway (TGW-2..14): the route table associated with the ingress
// attachment decides; then out into a VPC, to on premises, or across a TGW peering. Tables: tgw.ts.
import { Code } from '../../abi/codes.js';
import { HopKind } from '../../abi/hops.js';
import { inPrefix } from '../model/ip.js';
import { connectionIsUp, onPremisesPathsOfTgwAttachment, vpnIsUp } from '../model/on-premises-paths.js';
import type { Flow } from '../walk/flow.js';
import type { Arrival } from '../walk/result.js';
import type { WalkContext } from './context.js';
import { attachmentSubnetFor, tgwLongestPrefixMatch, tgwRoutesOf } from './tgw.js';

/** The packet enters transit gateway `tgwId` on attachment `attachmentId` and is routed by its associated table (TGW-2). */
export function tgwRoute(w: WalkContext, attachmentId: string, packet: Flow): Arrival {
  const ix = w.ix;
  const inAtt = ix.tgwAttachments.get(attachmentId)!;
  const tgw = ix.transitGateways.get(inAtt.transitGatewayId);
  const rt = ix.associatedTgwRouteTable(inAtt.id);
  if (!rt) return w.fail(HopKind.TRANSIT_GATEWAY_ATTACHMENT, inAtt, 'AWS::EC2::TransitGatewayAttachment', Code.TGW_ATTACH_MISSING_TGW_RTB_ASSOCIATION, `attachment ${inAtt.logicalId} is not associated with a transit gateway route table`);
  // TGW-14, HYB-6: routes learned over a VPN or DX connection that is down are withdrawn.
  const match = tgwLongestPrefixMatch(tgwRoutesOf(ix, rt).filter((r) => !r.connectionId || connectionIsUp(ix, r.connectionId, w.down)), packet.family, packet.dst);
  const rtType = 'AWS::EC2::TransitGatewayRouteTable';
  if (!match) return w.fail(HopKind.TRANSIT_GATEWAY_ROUTE_TABLE, rt, rtType, Code.TGW_RTB_CANNOT_ROUTE, `transit gateway route table ${rt.logicalId} (${rt.id}) has no route to ${w.text(packet.dst)}`);
  if (match.route.blackhole) return w.fail(HopKind.TRANSIT_GATEWAY_ROUTE_TABLE, rt, rtType, Code.TGW_RTB_BAD_STATE_ROUTE, `transit gateway route table ${rt.logicalId} (${rt.id}): route ${match.route.label} is a blackhole`, match.route.label);
  const out = match.route.attachmentId ? ix.tgwAttachments.get(match.route.attachmentId) : undefined;
  if (!out) return w.fail(HopKind.TRANSIT_GATEWAY_ROUTE_TABLE, rt, rtType, Code.TGW_RTB_NO_ROUTE_TO_TGW_ATTACHMENT, `route ${match.route.label} names a missing attachment`, match.route.label);
  w.pass(HopKind.TRANSIT_GATEWAY_ROUTE_TABLE, rt, rtType, `route ${match.route.label} in ${rt.logicalId}${tgw ? ` of ${tgw.logicalId}` : ''}`, { rule: match.route.label, info: match.info });
  const attType = 'AWS::EC2::TransitGatewayAttachment';
  // TGW-14: routes to a down attachment stay; traffic to it drops.
  if (out.state !== 'available' || w.isDown(out.id)) return w.fail(HopKind.TRANSIT_GATEWAY_ATTACHMENT, out, attType, Code.BAD_STATE_ATTACHMENT, `attachment ${out.logicalId} is ${w.isDown(out.id) ? 'down' : out.state}`);
  switch (out.resourceType) {
    case 'vpc': {
      const vpc = ix.lookup.vpcs.get(out.resourceId);
      const place = attachmentSubnetFor(ix, out, w.tgwAz, packet, (subnetId, eniId) => w.subnetDown(subnetId) || w.isDown(eniId));
      const subnet = place ? ix.lookup.subnets.get(place.subnetId) : undefined;
      // TGW-14 / MC-7: an attachment whose every subnet is down is down.
      if (!place && out.subnetIds.length > 0) return w.fail(HopKind.TRANSIT_GATEWAY_ATTACHMENT, out, attType, Code.BAD_STATE_ATTACHMENT, `every subnet of attachment ${out.logicalId} is down`);
      if (!vpc || !subnet) return w.fail(HopKind.TRANSIT_GATEWAY_ATTACHMENT, out, attType, Code.TGW_RTB_NO_ROUTE_TO_TGW_ATTACHMENT, `attachment ${out.logicalId} has no subnet`);
      // TGW-12: appliance mode keeps both directions of a flow in the AZ its hash picks.
      const how = place!.byFlowHash ? ' (appliance mode: chosen by flow hash)' : '';
      w.pass(HopKind.TRANSIT_GATEWAY_ATTACHMENT, out, attType, `leaves the transit gateway into ${vpc.logicalId} through subnet ${subnet.logicalId} (${subnet.availabilityZone})${how}`);
      w.ingress = 'transit-gateway';
      w.tgwPath = { tgwId: out.transitGatewayId, inAttachmentId: inAtt.id, outAttachmentId: out.id };
      const eni = place?.eniId ? ix.lookup.networkInterfaces.get(place.eniId) ?? null : null;
      // TGW-11: routed by the attachment subnet's route table.
      return w.routeFrom(subnet, packet, eni);
    }
    case 'vpn':
    case 'direct-connect-gateway': {
      const vpn = out.resourceType === 'vpn' ? ix.vpnConnections.get(out.resourceId) : undefined;
      if (vpn && !vpnIsUp(vpn, w.down)) return w.fail(HopKind.VPN_CONNECTION, vpn, 'AWS::EC2::VPNConnection', Code.TGW_BAD_STATE_VPN, `VPN connection ${vpn.logicalId} has no tunnel up`);
      const path = onPremisesPathsOfTgwAttachment(ix, out.id, w.down).find((p) => p.prefix.family === packet.family && inPrefix(p.prefix, packet.family, packet.dst));
      if (!path) return w.fail(HopKind.TRANSIT_GATEWAY_ATTACHMENT, out, attType, Code.UNKNOWN_DESTINATION, `no on-premises network behind ${out.logicalId} holds ${w.text(packet.dst)}`);
      return w.toOnPremises(packet, path.connectionId, out.resourceType === 'vpn' ? 'vpn' : 'dx');
    }
    case 'peering': {
      const back = ix.topology.transitGatewayAttachments.find((a) => a.transitGatewayId === out.resourceId && a.resourceType === 'peering' && a.resourceId === out.transitGatewayId);
      if (!back) return w.fail(HopKind.TRANSIT_GATEWAY_ATTACHMENT, out, attType, Code.TGW_RTB_NO_ROUTE_TO_TGW_ATTACHMENT, `peer transit gateway ${out.resourceId} has no peering attachment back`);
      w.pass(HopKind.TRANSIT_GATEWAY_ATTACHMENT, out, attType, `crosses transit gateway peering to ${out.resourceId}`);
      return w.tgwRoute(back.id, packet);
    }
    default:
      return w.fail(HopKind.TRANSIT_GATEWAY_ATTACHMENT, out, attType, Code.NO_PATH, `${out.resourceType} attachments are not modelled`);
  }
}
