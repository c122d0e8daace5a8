// NAT gateway forwarding (GW-7..15): source NAT for connections initiated from behind it, and the
// reverse translation of their replies.
import { Code } from '../../abi/codes.js';
import { HopComponent, HopKind, HopNote, IngressKind } from '../../abi/hops.js';
import { PROTOCOL_ICMP, PROTOCOL_TCP, PROTOCOL_UDP, hasPorts } from '../model/protocols.js';
import type { NetworkInterface } from '../model/types.js';
import type { Flow } from '../walk/flow.js';
import type { Arrival } from '../walk/result.js';
import type { HopFacts, WalkContext } from './context.js';

export function natGateway(w: WalkContext, eni: NetworkInterface, packet: Flow): Arrival {
  const nat = w.ix.natGatewayOfInterface(eni);
  // A NAT gateway ENI whose NAT gateway is not in the model names the ENI.
  const hop: HopFacts = nat ? { component: HopComponent.NatGateway, of: nat } : { component: HopComponent.NetworkInterface, of: eni };
  const subnet = w.ix.lookup.subnets.get(eni.subnetId)!;
  const natIp = eni.privateIps.find((ip) => ip.primary)?.address ?? eni.privateIps[0]?.address;
  if (natIp && packet.family === 4 && packet.dst === natIp.value) {
    // GW-9: only replies to connections initiated from behind the NAT gateway get through.
    const original = w.state.natReply((nat ?? eni).id, packet);
    if (!original) return w.fail(HopKind.NAT_GATEWAY, Code.VPCSIM_NGW_UNSOLICITED_INBOUND, hop);
    packet.dst = original.src;
    packet.dstPort = original.srcPort;
    w.pass(HopKind.NAT_GATEWAY, { ...hop, note: HopNote.Reply });
    return w.routeFrom(subnet, packet, eni);
  }
  if (!nat || nat.state !== 'available' || w.isDown(nat.id)) return w.fail(HopKind.NAT_GATEWAY, Code.BAD_STATE, { ...hop, note: nat && w.isDown(nat.id) ? HopNote.Down : HopNote.None });
  // GW-11: no service for traffic arriving over peering, VPN or Direct Connect (Ref: how it arrived).
  if (w.ingress === 'peering' || w.ingress === 'on-premises') {
    w.block(HopKind.NAT_GATEWAY, Code.NGW_REQUIRES_SOURCE_IN_VPC, { ...hop, ref: w.ingress === 'peering' ? IngressKind.Peering : IngressKind.OnPremises });
  }
  // C-2: no NAT64.
  if (packet.family === 6) return w.fail(HopKind.NAT_GATEWAY, Code.CANNOT_ROUTE, hop);
  // GW-10: TCP, UDP and ICMP only.
  if (packet.protocol !== PROTOCOL_TCP && packet.protocol !== PROTOCOL_UDP && packet.protocol !== PROTOCOL_ICMP) w.block(HopKind.NAT_GATEWAY, Code.PROTOCOL_RESTRICTION, hop);
  if (!natIp) return w.fail(HopKind.NAT_GATEWAY, Code.BAD_STATE, { ...hop, note: HopNote.Other });
  // GW-8: SNAT to the NAT gateway's private IP; CHOICE: the source port is kept when it is already
  // 1024-65535, else moved up by 1024. Ref / Ref2: the source address and port before.
  const original = { src: packet.src, srcPort: packet.srcPort };
  packet.src = natIp.value;
  if (hasPorts(packet.protocol) && packet.srcPort < 1024) packet.srcPort += 1024;
  w.state.recordNat(nat.id, packet, original);
  w.pass(HopKind.NAT_GATEWAY, { ...hop, ref: Number(original.src) | 0, ref2: original.srcPort });
  return w.routeFrom(subnet, packet, eni);
}
