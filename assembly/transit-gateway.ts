// Transit gateway forwarding (TGW-2..14), a port of src/reference/transit-gateway.ts and of the
// transit-gateway route target: into the TGW through the VPC attachment's subnet in the source AZ
// (TGW-9), the route table associated with the ingress attachment (TGW-2, LPM built at load time),
// then out into a VPC through the attachment subnet of the entry AZ (TGW-10) or the flow hash
// (TGW-12, appliance mode), across a TGW peering, or on premises (on-premises.ts).
import { HopComponent, HopNote, HopKind } from '../abi/hops';
import { Section, SubnetField } from '../abi/image';
import {
  TgwAttachmentField,
  TgwAttachmentKind,
  TgwAttachmentSubnetField,
  TgwRouteField,
  TgwRouteTableField,
} from '../abi/image-hybrid';
import { Code } from '../abi/codes';
import { LPM_MISS, NONE } from '../abi/version';
import { field, record, subnet } from './image';
import { lpmLookup4, lpmLookup6 } from './lpm';
import { scanWithdrawn, withdrawnInfo } from './route-lookup';
import { toOnPremisesFromAttachment } from './on-premises';
import { markSourcePortRead, packet } from './packet';
import { badTarget, crossSubnets, routeFrom } from './walk-route';
import { INGRESS_TRANSIT_GATEWAY, fail, pass, setIngress, setTgwPath } from './walk-state';
import { setTgwZone, tgwZone } from './walk-tgw-path';
import { attachmentDown, downActive, eniDown, subnetDown } from './down-set';

// @ts-ignore: decorator
@inline function attachment(a: i32, f: i32): i32 {
  return field(record(Section.TgwAttachment, TgwAttachmentField.Stride, a), f);
}

// @ts-ignore: decorator
@inline function place(p: i32, f: i32): i32 {
  return field(record(Section.TgwAttachmentSubnet, TgwAttachmentSubnetField.Stride, p), f);
}

/**
 * The transit-gateway route target (TGW-9): `att` is the route's VPC's attachment (NONE: RT-10),
 * `from` the subnet the packet leaves (NONE when a gateway route table sent it).
 */
export function toTransitGateway(att: i32, from: i32, rt: i32, route: i32): i32 {
  if (att < 0) return badTarget(rt, route);
  // MC-7, TGW-14: an attachment that is down carries nothing, in any AZ.
  const down = downActive && attachmentDown(att);
  if (!attachment(att, TgwAttachmentField.Available) || down) return fail(HopKind.TRANSIT_GATEWAY_ATTACHMENT, HopComponent.TransitGatewayAttachment, att, Code.BAD_STATE_ATTACHMENT, NONE, down ? HopNote.Down : HopNote.None);
  const start = attachment(att, TgwAttachmentField.SubnetStart);
  const end = start + attachment(att, TgwAttachmentField.SubnetCount);
  let chosen = NONE;
  if (from < 0) {
    // No source AZ: the first subnet in AZ order.
    for (let p = start; p < end && chosen < 0; p++) if (place(p, TgwAttachmentSubnetField.Subnet) >= 0) chosen = p;
  } else {
    const zone = subnet(from, SubnetField.Zone);
    for (let p = start; p < end && chosen < 0; p++) {
      if (place(p, TgwAttachmentSubnetField.Subnet) >= 0 && place(p, TgwAttachmentSubnetField.Zone) == zone) chosen = p;
    }
  }
  if (chosen < 0) return fail(HopKind.TRANSIT_GATEWAY_ATTACHMENT, HopComponent.TransitGatewayAttachment, att, Code.TGW_ROUTE_AZ_RESTRICTION, NONE, HopNote.None, from);
  // NACL-11: the attachment ENI is an ENI of its subnet.
  let c = crossSubnets(from, place(chosen, TgwAttachmentSubnetField.Subnet));
  if (c) return c;
  c = pass(HopKind.TRANSIT_GATEWAY_ATTACHMENT, HopComponent.TransitGatewayAttachment, att, NONE, HopNote.None, place(chosen, TgwAttachmentSubnetField.Subnet));
  if (c) return c;
  setTgwZone(place(chosen, TgwAttachmentSubnetField.Zone));
  return tgwRoute(att);
}

/** As route-lookup.ts routeInfo, for the last TGW route lookup (the TGW route table hop's Ref2). */
let tgwRouteInfo: i32 = NONE;

/** TGW-3..5: the winning TgwRoute record for the destination in TGW route table `rt`, or -1. */
function lookupTgwRoute(rt: i32): i32 {
  const r = record(Section.TgwRouteTable, TgwRouteTableField.Stride, rt);
  tgwRouteInfo = NONE;
  if (downActive && field(r, TgwRouteTableField.Withdrawable)) return lookupTgwRouteWithdrawn(r);
  let value: u32 = LPM_MISS;
  if (packet.family == 4) {
    const table = field(r, TgwRouteTableField.Lpm4);
    if (table >= 0) value = lpmLookup4(<u32>table, packet.dst0);
  } else {
    const table = field(r, TgwRouteTableField.Lpm6);
    if (table >= 0) value = lpmLookup6(<u32>table, (<u64>packet.dst0 << 32) | <u64>packet.dst1, (<u64>packet.dst2 << 32) | <u64>packet.dst3);
  }
  return value == LPM_MISS ? -1 : <i32>value;
}

/** TGW-14, HYB-6 for a transit gateway route table (see scanWithdrawn). */
function lookupTgwRouteWithdrawn(r: usize): i32 {
  const four = packet.family == 4;
  const start = field(r, four ? TgwRouteTableField.Route4Start : TgwRouteTableField.Route6Start);
  const end = start + field(r, four ? TgwRouteTableField.Route4Count : TgwRouteTableField.Route6Count);
  const best = scanWithdrawn(Section.TgwRoute, TgwRouteField.Stride, TgwRouteField.Prefix, TgwRouteField.Next, TgwRouteField.Connection, start, end);
  tgwRouteInfo = withdrawnInfo;
  return best;
}

/** The packet enters the transit gateway on attachment `inAtt` and is routed by its associated table (TGW-2). */
export function tgwRoute(inAtt: i32): i32 {
  const rt = attachment(inAtt, TgwAttachmentField.RouteTable);
  if (rt < 0) return fail(HopKind.TRANSIT_GATEWAY_ATTACHMENT, HopComponent.TransitGatewayAttachment, inAtt, Code.TGW_ATTACH_MISSING_TGW_RTB_ASSOCIATION, NONE);
  const route = lookupTgwRoute(rt);
  if (route < 0) return fail(HopKind.TRANSIT_GATEWAY_ROUTE_TABLE, HopComponent.TransitGatewayRouteTable, rt, Code.TGW_RTB_CANNOT_ROUTE, NONE);
  const r = record(Section.TgwRoute, TgwRouteField.Stride, route);
  // TGW-4: a blackhole route drops.
  if (field(r, TgwRouteField.Blackhole)) return fail(HopKind.TRANSIT_GATEWAY_ROUTE_TABLE, HopComponent.TransitGatewayRouteTable, rt, Code.TGW_RTB_BAD_STATE_ROUTE, route);
  const out = field(r, TgwRouteField.Attachment);
  if (out < 0) return fail(HopKind.TRANSIT_GATEWAY_ROUTE_TABLE, HopComponent.TransitGatewayRouteTable, rt, Code.TGW_RTB_NO_ROUTE_TO_TGW_ATTACHMENT, route);
  let c = pass(HopKind.TRANSIT_GATEWAY_ROUTE_TABLE, HopComponent.TransitGatewayRouteTable, rt, route, HopNote.None, inAtt, tgwRouteInfo);
  if (c) return c;
  // TGW-14, MC-7: routes to an attachment that is not available or down stay; traffic to it drops.
  const down = downActive && attachmentDown(out);
  if (!attachment(out, TgwAttachmentField.Available) || down) return fail(HopKind.TRANSIT_GATEWAY_ATTACHMENT, HopComponent.TransitGatewayAttachment, out, Code.BAD_STATE_ATTACHMENT, NONE, down ? HopNote.Down : HopNote.None);
  const kind = attachment(out, TgwAttachmentField.Kind);
  if (kind == TgwAttachmentKind.Vpc) return intoVpc(inAtt, out);
  if (kind == TgwAttachmentKind.Vpn || kind == TgwAttachmentKind.DirectConnectGateway) return toOnPremisesFromAttachment(out);
  if (kind == TgwAttachmentKind.Peering) {
    const back = attachment(out, TgwAttachmentField.PeerBack);
    if (back < 0) return fail(HopKind.TRANSIT_GATEWAY_ATTACHMENT, HopComponent.TransitGatewayAttachment, out, Code.TGW_RTB_NO_ROUTE_TO_TGW_ATTACHMENT, NONE);
    c = pass(HopKind.TRANSIT_GATEWAY_ATTACHMENT, HopComponent.TransitGatewayAttachment, out, NONE);
    if (c) return c;
    return tgwRoute(back);
  }
  return fail(HopKind.TRANSIT_GATEWAY_ATTACHMENT, HopComponent.TransitGatewayAttachment, out, Code.NO_PATH, NONE);
}

/** Out of the transit gateway into the attachment's VPC; TGW-11: routed by the attachment subnet's table. */
function intoVpc(inAtt: i32, out: i32): i32 {
  const start = attachment(out, TgwAttachmentField.SubnetStart);
  const count = attachment(out, TgwAttachmentField.SubnetCount);
  let chosen = NONE;
  if (count > 0 && downActive) {
    chosen = placeUp(out, start, count);
    // TGW-14 / MC-7: an attachment whose every subnet is down is down.
    if (chosen < 0) return fail(HopKind.TRANSIT_GATEWAY_ATTACHMENT, HopComponent.TransitGatewayAttachment, out, Code.BAD_STATE_ATTACHMENT, NONE, HopNote.AllSubnetsDown);
  } else if (count > 0) {
    if (attachment(out, TgwAttachmentField.ApplianceMode)) {
      // TGW-12: appliance mode keeps both directions of a flow in the AZ its hash picks.
      chosen = start + <i32>(applianceFlowHash() % <u32>count);
    } else {
      // TGW-10: the subnet in the entry AZ, else the first in AZ order.
      chosen = start;
      for (let p = start; p < start + count; p++) {
        if (tgwZone >= 0 && place(p, TgwAttachmentSubnetField.Zone) == tgwZone) {
          chosen = p;
          break;
        }
      }
    }
  }
  const s = chosen < 0 ? NONE : place(chosen, TgwAttachmentSubnetField.Subnet);
  if (attachment(out, TgwAttachmentField.Resource) < 0 || s < 0) {
    return fail(HopKind.TRANSIT_GATEWAY_ATTACHMENT, HopComponent.TransitGatewayAttachment, out, Code.TGW_RTB_NO_ROUTE_TO_TGW_ATTACHMENT, NONE);
  }
  const c = pass(HopKind.TRANSIT_GATEWAY_ATTACHMENT, HopComponent.TransitGatewayAttachment, out, NONE, HopNote.Inbound, s);
  if (c) return c;
  setIngress(INGRESS_TRANSIT_GATEWAY);
  setTgwPath(attachment(out, TgwAttachmentField.TransitGateway), inAtt, out);
  return routeFrom(s, place(chosen, TgwAttachmentSubnetField.Eni));
}

/**
 * TGW-10, TGW-12 under the down set (MC-7): the places whose subnet, AZ and ENI are up; appliance mode
 * hashes over those, else the entry AZ's place, else the first up in AZ order. NONE when none is up.
 */
function placeUp(out: i32, start: i32, count: i32): i32 {
  let up = 0;
  let first = NONE;
  let inZone = NONE;
  for (let p = start; p < start + count; p++) {
    if (placeDown(p)) continue;
    if (first < 0) first = p;
    if (inZone < 0 && tgwZone >= 0 && place(p, TgwAttachmentSubnetField.Zone) == tgwZone) inZone = p;
    up++;
  }
  if (up == 0) return NONE;
  if (!attachment(out, TgwAttachmentField.ApplianceMode)) return inZone >= 0 ? inZone : first;
  let k = <i32>(applianceFlowHash() % <u32>up);
  for (let p = start; p < start + count; p++) {
    if (placeDown(p)) continue;
    if (k == 0) return p;
    k--;
  }
  return NONE;
}

function placeDown(p: i32): bool {
  if (subnetDown(place(p, TgwAttachmentSubnetField.Subnet))) return true;
  const e = place(p, TgwAttachmentSubnetField.Eni);
  return e >= 0 && eniDown(e);
}

// @ts-ignore: decorator
@inline function fnv(h: u32, byte: u32): u32 {
  return (h ^ (byte & 0xff)) * 0x01000193;
}

function fnvWord(h: u32, w: u32): u32 {
  h = fnv(h, w >>> 24);
  h = fnv(h, w >>> 16);
  h = fnv(h, w >>> 8);
  return fnv(h, w);
}

/** Is (a, aPort) <= (b, bPort) as addresses (family words, most significant first) then ports? */
function endpointNotAfter(a0: u32, a1: u32, a2: u32, a3: u32, aPort: i32, b0: u32, b1: u32, b2: u32, b3: u32, bPort: i32): bool {
  if (a0 != b0) return a0 < b0;
  if (a1 != b1) return a1 < b1;
  if (a2 != b2) return a2 < b2;
  if (a3 != b3) return a3 < b3;
  return aPort <= bPort;
}

function hashEndpoint(h: u32, w0: u32, w1: u32, w2: u32, w3: u32, port: i32): u32 {
  h = fnvWord(h, w0);
  if (packet.family == 6) {
    h = fnvWord(h, w1);
    h = fnvWord(h, w2);
    h = fnvWord(h, w3);
  }
  h = fnv(h, <u32>port >>> 8);
  return fnv(h, <u32>port);
}

/**
 * TGW-12 CHOICE (the reference's applianceFlowHash): FNV-1a over family, protocol, then the smaller
 * (address, port) endpoint and the other, so both directions of a flow hash alike.
 */
function applianceFlowHash(): u32 {
  markSourcePortRead();
  let h: u32 = 0x811c9dc5;
  h = fnv(h, <u32>packet.family);
  h = fnv(h, <u32>packet.protocol);
  if (endpointNotAfter(packet.src0, packet.src1, packet.src2, packet.src3, packet.srcPort, packet.dst0, packet.dst1, packet.dst2, packet.dst3, packet.dstPort)) {
    h = hashEndpoint(h, packet.src0, packet.src1, packet.src2, packet.src3, packet.srcPort);
    return hashEndpoint(h, packet.dst0, packet.dst1, packet.dst2, packet.dst3, packet.dstPort);
  }
  h = hashEndpoint(h, packet.dst0, packet.dst1, packet.dst2, packet.dst3, packet.dstPort);
  return hashEndpoint(h, packet.src0, packet.src1, packet.src2, packet.src3, packet.srcPort);
}
