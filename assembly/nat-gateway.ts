// NAT gateway (GW-7..15), a port of src/reference/nat-gateway.ts: the packet reached the NAT gateway's
// ENI (walk-eni.ts arriveAtEni). A reply to the NAT gateway's address is translated back if the gateway
// let its request out (GW-9, within 350 s idle, GW-14); anything else is translated to the gateway's
// private IPv4 (GW-8) and routed by the NAT gateway subnet's route table (walk-route.ts routeFrom).
// Entry point, called by walk-eni.ts: natGateway.
import { HopComponent, HopNote, HopKind } from '../abi/hops';
import { EniDetailField, EniField, Section } from '../abi/image';
import { NatGatewayField } from '../abi/image-gateways';
import { Code } from '../abi/codes';
import { NONE } from '../abi/version';
import { CT_NAT_GATEWAY, NAT_GATEWAY_IDLE, ctValue, ctValue2 } from './conntrack';
import { downActive, natGatewayDown } from './down-set';
import { eni, eniDetail, field, record } from './image';
import { ICMP, TCP, UDP, packet } from './packet';
import { routeFrom } from './walk-route';
import { INGRESS_ON_PREMISES, INGRESS_PEERING, block, fail, ingress, pass } from './walk-state';
import { replyEntryWithin, trackWithValues } from './walk-tracking';

/** The packet reached NAT gateway ENI `e`. */
export function natGateway(e: i32): i32 {
  const n = eniDetail(e, EniDetailField.Owner);
  const s = eni(e, EniField.Subnet);
  if (n < 0) {
    // A NAT gateway ENI whose NAT gateway is not in the model: it drops, named by the ENI.
    const ip = <u32>eni(e, EniField.PrimaryIp4);
    const code = ip != 0 && packet.family == 4 && packet.dst0 == ip ? Code.VPCSIM_NGW_UNSOLICITED_INBOUND : Code.BAD_STATE;
    return fail(HopKind.NAT_GATEWAY, HopComponent.NetworkInterface, e, code, NONE);
  }
  const nat = record(Section.NatGateway, NatGatewayField.Stride, n);
  const natIp = <u32>field(nat, NatGatewayField.Private);
  if (natIp != 0 && packet.family == 4 && packet.dst0 == natIp) {
    // GW-9: only replies to connections initiated from behind the NAT gateway get through.
    // GW-14: the translation is gone after 350 s idle.
    const entry = replyEntryWithin(CT_NAT_GATEWAY | n, NAT_GATEWAY_IDLE);
    if (entry == 0) return fail(HopKind.NAT_GATEWAY, HopComponent.NatGateway, n, Code.VPCSIM_NGW_UNSOLICITED_INBOUND, NONE);
    const restoredDst = ctValue(entry);
    const restoredPort = ctValue2(entry);
    packet.setDestination4(restoredDst);
    packet.setDestinationPort(<i32>restoredPort);
    const c = pass(HopKind.NAT_GATEWAY, HopComponent.NatGateway, n, NONE, HopNote.Reply);
    if (c) return c;
    return routeFrom(s, e);
  }
  // MC-4: a NAT gateway that is down keeps its routes; traffic through it drops.
  const down = downActive && natGatewayDown(n);
  if (!field(nat, NatGatewayField.Available) || down) return fail(HopKind.NAT_GATEWAY, HopComponent.NatGateway, n, Code.BAD_STATE, NONE, down ? HopNote.Down : HopNote.None);
  // GW-11: no service for traffic arriving over peering, VPN or Direct Connect.
  if (ingress == INGRESS_PEERING || ingress == INGRESS_ON_PREMISES) {
    const b = block(HopKind.NAT_GATEWAY, HopComponent.NatGateway, n, Code.NGW_REQUIRES_SOURCE_IN_VPC, NONE, HopNote.None, ingress);
    if (b) return b;
  }
  // C-2: no NAT64.
  if (packet.family == 6) return fail(HopKind.NAT_GATEWAY, HopComponent.NatGateway, n, Code.CANNOT_ROUTE, NONE);
  // GW-10: TCP, UDP and ICMP only.
  if (packet.protocol != TCP && packet.protocol != UDP && packet.protocol != ICMP) {
    const b = block(HopKind.NAT_GATEWAY, HopComponent.NatGateway, n, Code.PROTOCOL_RESTRICTION, NONE);
    if (b) return b;
  }
  if (natIp == 0) return fail(HopKind.NAT_GATEWAY, HopComponent.NatGateway, n, Code.BAD_STATE, NONE, HopNote.Other);
  // GW-8: SNAT to the NAT gateway's private IP; the source port is kept when it is already 1024-65535.
  const originalSrc = packet.src0;
  const originalPort = packet.srcPort;
  packet.setSource4(natIp);
  if ((packet.protocol == TCP || packet.protocol == UDP) && packet.srcPort < 1024) packet.setSourcePort(packet.srcPort + 1024);
  trackWithValues(CT_NAT_GATEWAY | n, originalSrc, <u32>originalPort);
  const c = pass(HopKind.NAT_GATEWAY, HopComponent.NatGateway, n, NONE, HopNote.None, <i32>originalSrc, originalPort);
  if (c) return c;
  return routeFrom(s, e);
}
