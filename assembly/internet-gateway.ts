// Internet gateway and egress-only internet gateway (GW-2..6, GW-16), a port of
// src/reference/internet.ts: out through the gateway (1:1 NAT of the public IPv4, GW-2; the RFC 1918 /
// RFC 6598 drops, GW-6) to the internet, or back into the model when the destination is a public
// address it holds; in from the internet through the VPC's gateway (GW-3..5; an egress-only gateway
// lets in only replies, GW-16) and its gateway route table (RT-15, walk-route.ts intoVpcThroughEdge).
// Entry points, called by the walk (walk.ts, walk-route.ts): toInternetGateway, toEgressOnlyInternetGateway (route targets),
// fromInternet (an internet origin, the response to a packet that reached the internet).
import { HopComponent, HopNote, HopKind } from '../abi/hops';
import { EniField, Section, VpcField } from '../abi/image';
import { EgressOnlyInternetGatewayField, InternetGatewayField } from '../abi/image-gateways';
import { EniIp4Field, Public4Field } from '../abi/image-addresses';
import { Code } from '../abi/codes';
import { NONE } from '../abi/version';
import { isPublic4, isPublic6, isRfc1918, isRfc6598 } from './address-classes';
import { eniIp4Record, ownerAnywhere, ownerInVpc, ownerOfPublic, publicRecord4 } from './address-ownership';
import { eni, field, record, vpc } from './image';
import { CT_EGRESS_ONLY_IGW } from './conntrack';
import { packet } from './packet';
import { badTarget, crossSubnets, deliverInVpc, deliverToOwner4, intoVpcThroughEdge } from './walk-route';
import { ARRIVE_INTERNET, INGRESS_INTERNET, arrive, block, fail, pass, setIngress } from './walk-state';
import { isReply, track } from './walk-tracking';

/** GW-2, GW-5, GW-6: out through the internet gateway, with 1:1 NAT of the public IPv4. */
export function toInternetGateway(igw: i32, from: i32, v: i32, rt: i32, route: i32): i32 {
  if (igw < 0 || field(record(Section.InternetGateway, InternetGatewayField.Stride, igw), InternetGatewayField.Vpc) != v) return badTarget(rt, route);
  let c = crossSubnets(from, NONE);
  if (c) return c;
  if (packet.family == 6) {
    c = pass(HopKind.INTERNET_GATEWAY, HopComponent.InternetGateway, igw, NONE);
    if (c) return c;
    return toInternet();
  }
  if (isRfc1918(packet.dst0)) {
    c = block(HopKind.INTERNET_GATEWAY, HopComponent.InternetGateway, igw, Code.IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS, NONE);
    if (c) return c;
  }
  if (isRfc6598(packet.dst0)) {
    c = block(HopKind.INTERNET_GATEWAY, HopComponent.InternetGateway, igw, Code.IGW_DESTINATION_ADDRESS_NOT_IN_RFC6598_EGRESS, NONE);
    if (c) return c;
  }
  // GW-2: the source's private address must have a public IPv4 / Elastic IP to be translated to.
  const owner = ownerInVpc(v, 4, packet.src0, 0, 0, 0);
  const ipRecord = owner >= 0 ? eniIp4Record(owner, packet.src0) : -1;
  const ip = ipRecord >= 0 ? record(Section.EniIp4, EniIp4Field.Stride, ipRecord) : 0;
  if (ipRecord < 0 || field(ip, EniIp4Field.HasPublic) == 0) return fail(HopKind.INTERNET_GATEWAY, HopComponent.InternetGateway, igw, Code.IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS, NONE);
  const privateSrc = packet.src0;
  packet.setSource4(<u32>field(ip, EniIp4Field.Public));
  c = pass(HopKind.INTERNET_GATEWAY, HopComponent.InternetGateway, igw, NONE, HopNote.None, <i32>privateSrc);
  if (c) return c;
  return toInternet();
}

/** GW-16: IPv6 only, outbound-initiated; the gateway remembers the flow for its replies. */
export function toEgressOnlyInternetGateway(eigw: i32, from: i32, v: i32, rt: i32, route: i32): i32 {
  if (eigw < 0 || field(record(Section.EgressOnlyInternetGateway, EgressOnlyInternetGatewayField.Stride, eigw), EgressOnlyInternetGatewayField.Vpc) != v) {
    return badTarget(rt, route);
  }
  if (packet.family == 4) return fail(HopKind.EGRESS_ONLY_INTERNET_GATEWAY, HopComponent.EgressOnlyInternetGateway, eigw, Code.CANNOT_ROUTE, NONE);
  let c = crossSubnets(from, NONE);
  if (c) return c;
  track(CT_EGRESS_ONLY_IGW | eigw);
  c = pass(HopKind.EGRESS_ONLY_INTERNET_GATEWAY, HopComponent.EgressOnlyInternetGateway, eigw, NONE);
  if (c) return c;
  return toInternet();
}

/** The packet leaves through an IGW or EIGW towards the internet. */
function toInternet(): i32 {
  // A public address owned by the model: the packet comes back in through that VPC's gateway.
  if (ownerOfPublic() >= 0) return fromInternet();
  if (!(packet.family == 6 ? isPublic6(packet.dst0) : isPublic4(packet.dst0))) return fail(HopKind.INTERNET, HopComponent.None, NONE, Code.UNKNOWN_DESTINATION, NONE);
  const c = pass(HopKind.INTERNET, HopComponent.None, NONE, NONE);
  if (c) return c;
  arrive(ARRIVE_INTERNET, NONE);
  return 0;
}

/**
 * The Public4 slot the last fromInternet looked up (its ReplySubnet for walk-reply.ts internetReply), or -1.
 * Every walk from an internet origin begins with fromInternet, so a response of one reads its own flow's.
 */
export let internetPublic4: i32 = -1;

/** A packet from the internet to a public address the model holds (GW-3..6); its VPC's gateway lets it in. */
export function fromInternet(): i32 {
  setIngress(INGRESS_INTERNET);
  // IPv4: the destination's Public4 record, read once (its ENI here, the private address for GW-3 below).
  const r = packet.family == 4 ? publicRecord4(packet.dst0) : -1;
  internetPublic4 = r;
  const owner = packet.family != 4 ? ownerOfPublic() : r < 0 ? NONE : field(record(Section.Public4, Public4Field.Stride, r), Public4Field.Eni);
  if (owner < 0) {
    const privateOwner = ownerAnywhere();
    if (privateOwner >= 0) {
      // GW-3, GW-4: a private-only address cannot be reached from the internet.
      const igw = vpc(eni(privateOwner, EniField.Vpc), VpcField.InternetGateway);
      return igw >= 0
        ? fail(HopKind.INTERNET_GATEWAY, HopComponent.InternetGateway, igw, Code.IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS, NONE, HopNote.None, privateOwner)
        : fail(HopKind.INTERNET_GATEWAY, HopComponent.NetworkInterface, privateOwner, Code.IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS, NONE, HopNote.None, privateOwner);
    }
    return fail(HopKind.INTERNET, HopComponent.None, NONE, Code.UNKNOWN_DESTINATION, NONE, HopNote.Other);
  }
  const v = eni(owner, EniField.Vpc);
  const igw = vpc(v, VpcField.InternetGateway);
  if (packet.family == 6) return ipv6FromInternet(v);
  if (igw < 0) return fail(HopKind.NETWORK_INTERFACE, HopComponent.Vpc, v, Code.NO_PATH, NONE);
  // GW-6: the IGW drops ingress from RFC 1918 / RFC 6598 sources.
  if (isRfc1918(packet.src0)) {
    const b = block(HopKind.INTERNET_GATEWAY, HopComponent.InternetGateway, igw, Code.IGW_SOURCE_ADDRESS_NOT_IN_RFC1918_INGRESS, NONE);
    if (b) return b;
  }
  if (isRfc6598(packet.src0)) {
    const b = block(HopKind.INTERNET_GATEWAY, HopComponent.InternetGateway, igw, Code.IGW_SOURCE_ADDRESS_NOT_IN_RFC6598_INGRESS, NONE);
    if (b) return b;
  }
  // GW-3: the IGW rewrites the public IPv4 / Elastic IP to the private IP it maps to.
  const publicDst = packet.dst0;
  packet.setDestination4(<u32>field(record(Section.Public4, Public4Field.Stride, r), Public4Field.Private));
  const c = pass(HopKind.INTERNET_GATEWAY, HopComponent.InternetGateway, igw, NONE, HopNote.Inbound, <i32>publicDst);
  if (c) return c;
  // The ENI the record names holds that private address (it is compiled from the ENI's EniIp4
  // record), so it is the owner the local route would look up in v (ADDR-10); without a gateway route
  // table (RT-15), delivered by the IPv4 copies (no family tests).
  const grt = field(record(Section.InternetGateway, InternetGatewayField.Stride, igw), InternetGatewayField.EdgeRouteTable);
  return grt >= 0 ? intoVpcThroughEdge(grt, v, owner) : deliverToOwner4(owner);
}

/** IPv6 from the internet into VPC `v`: through its egress-only IGW (replies only) or its IGW (GW-5, GW-16). */
function ipv6FromInternet(v: i32): i32 {
  // GW-16: an egress-only IGW lets in only responses to flows that went out through it.
  const eigw = vpc(v, VpcField.EgressOnlyInternetGateway);
  if (eigw >= 0 && isReply(CT_EGRESS_ONLY_IGW | eigw)) {
    const c = pass(HopKind.EGRESS_ONLY_INTERNET_GATEWAY, HopComponent.EgressOnlyInternetGateway, eigw, NONE, HopNote.Inbound);
    if (c) return c;
    return deliverInVpc(v, NONE);
  }
  const igw = vpc(v, VpcField.InternetGateway);
  if (igw >= 0) {
    // GW-5: IPv6 through an IGW is not translated and allowed both ways.
    const c = pass(HopKind.INTERNET_GATEWAY, HopComponent.InternetGateway, igw, NONE, HopNote.Inbound);
    if (c) return c;
    return intoVpcFromGateway(igw, v);
  }
  if (eigw >= 0) return fail(HopKind.EGRESS_ONLY_INTERNET_GATEWAY, HopComponent.EgressOnlyInternetGateway, eigw, Code.VPCSIM_EIGW_UNSOLICITED_INBOUND, NONE);
  return fail(HopKind.NETWORK_INTERFACE, HopComponent.Vpc, v, Code.NO_PATH, NONE);
}

/** RT-15: through internet gateway `igw`'s gateway route table into VPC `v`. */
function intoVpcFromGateway(igw: i32, v: i32): i32 {
  return intoVpcThroughEdge(field(record(Section.InternetGateway, InternetGatewayField.Stride, igw), InternetGatewayField.EdgeRouteTable), v);
}
