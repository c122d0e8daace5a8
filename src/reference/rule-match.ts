// Protocol, port and ICMP matching shared by network ACL entries and security group rules
// (NACL-7, SG-2): ports apply to TCP and UDP only; ICMP/ICMPv6 match type and code (-1 = any);
// other protocols ignore ports.
import { PROTOCOL_ALL, PROTOCOL_ICMP, PROTOCOL_ICMPV6, PROTOCOL_TCP, PROTOCOL_UDP, type Flow } from './flow.js';

export function hasPorts(protocol: number): boolean {
  return protocol === PROTOCOL_TCP || protocol === PROTOCOL_UDP;
}

export function isIcmp(protocol: number): boolean {
  return protocol === PROTOCOL_ICMP || protocol === PROTOCOL_ICMPV6;
}

/**
 * Does a rule for `ruleProtocol` with `ports` (TCP/UDP) or `icmp` (ICMP) match the packet?
 * The "all traffic" packet (protocol -1) matches only rules that allow every protocol (CHOICE).
 */
export function protocolAndPortsMatch(
  ruleProtocol: number,
  ports: { from: number; to: number } | undefined,
  icmp: { type: number; code: number } | undefined,
  packet: Flow,
): boolean {
  if (ruleProtocol === PROTOCOL_ALL) return true;
  if (ruleProtocol !== packet.protocol) return false;
  if (hasPorts(ruleProtocol)) {
    if (!ports || (ports.from <= 0 && ports.to >= 65535) || (ports.from === -1 && ports.to === -1)) return true;
    return packet.dstPort >= ports.from && packet.dstPort <= ports.to;
  }
  if (isIcmp(ruleProtocol)) {
    if (!icmp) return true;
    if (icmp.type !== -1 && icmp.type !== packet.icmpType) return false;
    return icmp.code === -1 || icmp.code === packet.icmpCode;
  }
  return true;
}

export function protocolName(protocol: number): string {
  switch (protocol) {
    case PROTOCOL_ALL: return 'all traffic';
    case PROTOCOL_TCP: return 'TCP';
    case PROTOCOL_UDP: return 'UDP';
    case PROTOCOL_ICMP: return 'ICMP';
    case PROTOCOL_ICMPV6: return 'ICMPv6';
    default: return `protocol ${protocol}`;
  }
}

/** "TCP port 22", "ICMP type 8 code 0", "all traffic". */
export function describeRuleTraffic(protocol: number, ports?: { from: number; to: number }, icmp?: { type: number; code: number }): string {
  const name = protocolName(protocol);
  if (hasPorts(protocol)) {
    if (!ports || ports.from === -1 || (ports.from <= 0 && ports.to >= 65535)) return `${name} all ports`;
    return ports.from === ports.to ? `${name} port ${ports.from}` : `${name} ports ${ports.from}-${ports.to}`;
  }
  if (isIcmp(protocol)) {
    if (!icmp || icmp.type === -1) return `${name} all types`;
    return icmp.code === -1 ? `${name} type ${icmp.type}` : `${name} type ${icmp.type} code ${icmp.code}`;
  }
  return name;
}
