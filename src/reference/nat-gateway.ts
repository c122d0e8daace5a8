// NAT gateway forwarding (GW-7..15): source NAT for connections initiated from behind it, and the
// reverse translation of their replies.
import { Code } from '../../abi/codes.js';
import { HopKind } from '../../abi/hops.js';
import { formatAddress } from '../model/ip.js';
import { PROTOCOL_ICMP, PROTOCOL_TCP, PROTOCOL_UDP, hasPorts } from '../model/protocols.js';
import type { NetworkInterface, Resource } from '../model/types.js';
import type { Flow } from '../walk/flow.js';
import type { Arrival } from '../walk/result.js';
import type { WalkContext } from './context.js';

export function natGateway(w: WalkContext, eni: NetworkInterface, packet: Flow): Arrival {
  const nat = w.ix.natGatewayOfInterface(eni);
  const res: Resource = nat ?? eni;
  const subnet = w.ix.lookup.subnets.get(eni.subnetId)!;
  const natIp = eni.privateIps.find((ip) => ip.primary)?.address ?? eni.privateIps[0]?.address;
  if (natIp && packet.family === 4 && packet.dst === natIp.value) {
    // GW-9: only replies to connections initiated from behind the NAT gateway get through.
    const original = w.state.natReply(res.id, packet);
    if (!original) return w.fail(HopKind.NAT_GATEWAY, res, 'AWS::EC2::NatGateway', Code.VPCSIM_NGW_UNSOLICITED_INBOUND, `NAT gateway ${res.logicalId} drops unsolicited inbound traffic`);
    packet.dst = original.src;
    packet.dstPort = original.srcPort;
    w.pass(HopKind.NAT_GATEWAY, res, 'AWS::EC2::NatGateway', `translates the reply back to ${w.text(packet.dst)}`);
    return w.routeFrom(subnet, packet, eni);
  }
  if (!nat || nat.state !== 'available' || w.isDown(nat.id)) {
    return w.fail(HopKind.NAT_GATEWAY, res, 'AWS::EC2::NatGateway', Code.BAD_STATE, `NAT gateway ${res.logicalId} is ${w.isDown(res.id) ? 'down' : (nat?.state ?? 'missing')}`);
  }
  // GW-11: no service for traffic arriving over peering, VPN or Direct Connect.
  if (w.ingress === 'peering' || w.ingress === 'on-premises') {
    w.block(HopKind.NAT_GATEWAY, nat, 'AWS::EC2::NatGateway', Code.NGW_REQUIRES_SOURCE_IN_VPC, `NAT gateway ${nat.logicalId} does not serve traffic that arrived over ${w.ingress === 'peering' ? 'VPC peering' : 'VPN or Direct Connect'}`);
  }
  // C-2: no NAT64.
  if (packet.family === 6) return w.fail(HopKind.NAT_GATEWAY, nat, 'AWS::EC2::NatGateway', Code.CANNOT_ROUTE, 'a NAT gateway does not carry IPv6 (no NAT64 in vpcsim)');
  // GW-10: TCP, UDP and ICMP only.
  if (packet.protocol !== PROTOCOL_TCP && packet.protocol !== PROTOCOL_UDP && packet.protocol !== PROTOCOL_ICMP) {
    w.block(HopKind.NAT_GATEWAY, nat, 'AWS::EC2::NatGateway', Code.PROTOCOL_RESTRICTION, 'NAT gateways carry TCP, UDP and ICMP only');
  }
  if (!natIp) return w.fail(HopKind.NAT_GATEWAY, nat, 'AWS::EC2::NatGateway', Code.BAD_STATE, `NAT gateway ${nat.logicalId} has no private address`);
  // GW-8: SNAT to the NAT gateway's private IP; CHOICE: the source port is kept when it is already 1024-65535.
  const original = { src: packet.src, srcPort: packet.srcPort };
  const info: number[] = [Code.NGW_SOURCE_ADDRESS_REASSIGN];
  packet.src = natIp.value;
  if (hasPorts(packet.protocol) && packet.srcPort < 1024) {
    packet.srcPort += 1024;
    info.push(Code.REMAP_EPHEMERAL_PORT);
  }
  w.state.recordNat(nat.id, packet, original);
  w.pass(HopKind.NAT_GATEWAY, nat, 'AWS::EC2::NatGateway', `translates source ${formatAddress(4, original.src)} to ${natIp.text}`, { info });
  return w.routeFrom(subnet, packet, eni);
}
