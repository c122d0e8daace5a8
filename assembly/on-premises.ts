// Site-to-Site VPN and Direct Connect (HYB-*), a port of src/reference/on-premises.ts: from a VPC to
// on premises through its virtual private gateway, from on premises into a VGW's VPC (or a transit
// gateway), VPN CloudHub between sites. Path lists come pre-sorted from src/compile/hybrid.ts, so the
// first path that holds the address is the one the reference's sort would pick.
import { HopComponent, HopNote, HopKind } from '../abi/hops';
import { Section } from '../abi/image';
import {
  DxAssociationField,
  OnPremConnectionField,
  OnPremConnectionKind,
  OnPremPathField,
  TgwAttachmentField,
  TgwAttachmentKind,
  VpnGatewayField,
} from '../abi/image-hybrid';
import { Code } from '../abi/codes';
import { NONE } from '../abi/version';
import { field, prefixContains, record, recordCount } from './image';
import { packet } from './packet';
import { tgwRoute } from './transit-gateway';
import { inVpcCidr, ownerInVpc } from './address-ownership';
import { badTarget, crossSubnets, intoVpcThroughEdge } from './walk-route';
import { ARRIVE_ON_PREMISES, INGRESS_ON_PREMISES, INGRESS_PEERING, arrive, fail, ingress, pass, setIngress } from './walk-state';
import { connectionDown, downActive } from './down-set';

// @ts-ignore: decorator
@inline function gateway(g: i32, f: i32): i32 {
  return field(record(Section.VpnGateway, VpnGatewayField.Stride, g), f);
}

// @ts-ignore: decorator
@inline function connection(c: i32, f: i32): i32 {
  return field(record(Section.OnPremConnection, OnPremConnectionField.Stride, c), f);
}

/**
 * The first path of `section` in [start, start + count) holding the address (source or destination)
 * over a connection that is up (HYB-6, MC-5, MC-6: a down connection's paths are withdrawn): its index, or -1.
 */
function firstPathIndex(section: i32, start: i32, count: i32, source: bool, only: i32): i32 {
  for (let i = start; i < start + count; i++) {
    const p = record(section, OnPremPathField.Stride, i);
    const conn = field(p, OnPremPathField.Connection);
    if (only >= 0 && conn != only) continue;
    const holds = source
      ? prefixContains(p + (<usize>OnPremPathField.Prefix << 2), packet.family, packet.src0, packet.src1, packet.src2, packet.src3)
      : prefixContains(p + (<usize>OnPremPathField.Prefix << 2), packet.family, packet.dst0, packet.dst1, packet.dst2, packet.dst3);
    if (holds && !(downActive && conn >= 0 && connectionDown(conn))) return i;
  }
  return -1;
}

/** Is any path in [start, start + count) over a connection that is up? */
function anyPathUp(start: i32, count: i32): bool {
  if (!downActive) return count > 0;
  for (let i = start; i < start + count; i++) {
    const conn = pathConnection(i);
    if (conn < 0 || !connectionDown(conn)) return true;
  }
  return false;
}

/** The connection of the first such path, or -1. */
function firstPath(section: i32, start: i32, count: i32, source: bool, only: i32): i32 {
  const i = firstPathIndex(section, start, count, source, only);
  return i < 0 ? -1 : field(record(section, OnPremPathField.Stride, i), OnPremPathField.Connection);
}

// @ts-ignore: decorator
@inline function pathConnection(i: i32): i32 {
  return field(record(Section.OnPremPath, OnPremPathField.Stride, i), OnPremPathField.Connection);
}

/** A VPN gateway hop; a VGW the model does not have is named by nothing. */
function gatewayHop(vgw: i32, code: i32, note: i32 = HopNote.None, path: i32 = NONE, ref: i32 = NONE): i32 {
  const component = vgw >= 0 ? HopComponent.VpnGateway : HopComponent.None;
  return code == Code.REACHABLE ? pass(HopKind.VPN_GATEWAY, component, vgw, path, note) : fail(HopKind.VPN_GATEWAY, component, vgw, code, NONE, note, ref);
}

function connectionHopKind(c: i32): i32 {
  return connection(c, OnPremConnectionField.Kind) == OnPremConnectionKind.Vpn ? HopKind.VPN_CONNECTION : HopKind.DIRECT_CONNECT;
}

/** Delivered on premises over connection `c`. */
export function toOnPremises(c: i32): i32 {
  const p = pass(connectionHopKind(c), HopComponent.OnPremConnection, c, NONE);
  if (p) return p;
  arrive(ARRIVE_ON_PREMISES, c);
  return 0;
}

/** HYB-4, PCX-4: the route to the VPC's virtual private gateway. */
export function toVpnGatewayTarget(vgw: i32, from: i32, v: i32, rt: i32, route: i32): i32 {
  if (vgw < 0 || gateway(vgw, VpnGatewayField.Vpc) != v) return badTarget(rt, route);
  if (ingress == INGRESS_PEERING) return gatewayHop(vgw, Code.PCX_REQUIRES_ADDRESS_IN_VPC_CIDR);
  if (packet.family == 6) return gatewayHop(vgw, Code.CANNOT_ROUTE);
  if (ownerInVpc(v, 4, packet.src0, 0, 0, 0) < 0) return gatewayHop(vgw, Code.VGW_PRIVATE_IP_ASSOCIATION_FOR_EGRESS);
  const c = crossSubnets(from, NONE);
  if (c) return c;
  return toVpnGateway(vgw);
}

/** HYB-4: the VGW forwards to the on-premises network that holds the destination. */
function toVpnGateway(vgw: i32): i32 {
  const count = gateway(vgw, VpnGatewayField.PathCount);
  const path = firstPathIndex(Section.OnPremPath, gateway(vgw, VpnGatewayField.PathStart), count, false, NONE);
  // HYB-6: a route to a VGW with no usable VPN / DX path.
  if (path < 0) return gatewayHop(vgw, anyPathUp(gateway(vgw, VpnGatewayField.PathStart), count) ? Code.NO_ROUTE_TO_DESTINATION : Code.BAD_STATE_VPN);
  const p = gatewayHop(vgw, Code.REACHABLE, HopNote.None, path);
  if (p) return p;
  return toOnPremises(pathConnection(path));
}

/** TGW-3: out of a transit gateway through a VPN or Direct Connect gateway attachment. */
export function toOnPremisesFromAttachment(att: i32): i32 {
  const a = record(Section.TgwAttachment, TgwAttachmentField.Stride, att);
  const vpn = field(a, TgwAttachmentField.Resource);
  if (field(a, TgwAttachmentField.VpnDown) || (downActive && field(a, TgwAttachmentField.Kind) == TgwAttachmentKind.Vpn && vpn >= 0 && connectionDown(vpn))) {
    return fail(HopKind.VPN_CONNECTION, HopComponent.OnPremConnection, field(a, TgwAttachmentField.Resource), Code.TGW_BAD_STATE_VPN, NONE);
  }
  const conn = firstPath(Section.OnPremPath, field(a, TgwAttachmentField.PathStart), field(a, TgwAttachmentField.PathCount), false, NONE);
  if (conn < 0) return fail(HopKind.TRANSIT_GATEWAY_ATTACHMENT, HopComponent.TransitGatewayAttachment, att, Code.UNKNOWN_DESTINATION, NONE);
  return toOnPremises(conn);
}

/** A packet from an on-premises host (over `via`, or any connection when NONE) into AWS. */
export function fromOnPremises(via: i32): i32 {
  setIngress(INGRESS_ON_PREMISES);
  const c = firstPath(Section.OnPremSource, 0, recordCount(Section.OnPremSource), true, via);
  if (c < 0) return fail(HopKind.ON_PREMISES, HopComponent.None, NONE, Code.NO_PATH, NONE);
  const p = pass(connectionHopKind(c), HopComponent.OnPremConnection, c, NONE, HopNote.Arrives);
  if (p) return p;
  const vgw = connection(c, OnPremConnectionField.VpnGateway);
  const vpn = connection(c, OnPremConnectionField.Kind) == OnPremConnectionKind.Vpn;
  if (vgw != NONE) return fromVpnGateway(vgw, vpn ? c : NONE, c);
  const att = connection(c, OnPremConnectionField.TgwAttachment);
  if (vpn) {
    if (att < 0) return fail(HopKind.VPN_CONNECTION, HopComponent.OnPremConnection, c, Code.BAD_STATE_VPN, NONE);
    return tgwRoute(att);
  }
  // HYB-10: a transit VIF reaches the transit gateway through the DX gateway's attachment.
  if (connection(c, OnPremConnectionField.Transit) && att >= 0) return tgwRoute(att);
  // HYB-9: the DX gateway forwards to the associated VGW whose VPC holds the destination.
  const start = connection(c, OnPremConnectionField.AssociationStart);
  const end = start + connection(c, OnPremConnectionField.AssociationCount);
  for (let i = start; i < end; i++) {
    const g = field(record(Section.DxAssociation, DxAssociationField.Stride, i), DxAssociationField.VpnGateway);
    if (g < 0) continue;
    const v = gateway(g, VpnGatewayField.Vpc);
    if (v >= 0 && inVpcCidr(v, packet.dst0, packet.dst1, packet.dst2, packet.dst3)) return fromVpnGateway(g, NONE, c);
  }
  return fail(HopKind.DIRECT_CONNECT, HopComponent.OnPremConnection, c, Code.NO_ROUTE_TO_DESTINATION, NONE);
}

/**
 * Into the VGW from on premises over connection `conn`; `fromVpn` = the VPN connection the packet
 * arrived on (HYB-7), else NONE.
 */
function fromVpnGateway(vgw: i32, fromVpn: i32, conn: i32): i32 {
  // A VGW the model does not have (MISSING_GATEWAY: the answer names the id the connection gives) or one not attached to a VPC.
  if (vgw < 0 || gateway(vgw, VpnGatewayField.Vpc) < 0) return gatewayHop(vgw < 0 ? NONE : vgw, Code.BAD_STATE_VPN, HopNote.Inbound, NONE, conn);
  const v = gateway(vgw, VpnGatewayField.Vpc);
  // HYB-4: IPv4 only, and only to private IPs of ENIs in its VPC.
  if (packet.family == 6) return gatewayHop(vgw, Code.CANNOT_ROUTE);
  if (ownerInVpc(v, 4, packet.dst0, 0, 0, 0) < 0) {
    // HYB-7: VPN CloudHub forwards between the VGW's sites.
    const hub = fromVpn < 0 ? -1 : firstPathIndex(Section.OnPremPath, connection(fromVpn, OnPremConnectionField.CloudHubStart), connection(fromVpn, OnPremConnectionField.CloudHubCount), false, NONE);
    if (hub < 0) return gatewayHop(vgw, Code.VGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS);
    const p = gatewayHop(vgw, Code.REACHABLE, HopNote.CloudHub, hub);
    if (p) return p;
    return toOnPremises(pathConnection(hub));
  }
  const p = gatewayHop(vgw, Code.REACHABLE, HopNote.Inbound);
  if (p) return p;
  return intoVpcThroughEdge(gateway(vgw, VpnGatewayField.EdgeRouteTable), v);
}
