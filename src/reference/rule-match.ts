// Protocol, port and ICMP matching shared by network ACL entries and security group rules
// (NACL-7, SG-2): ports apply to TCP and UDP only; ICMP/ICMPv6 match type and code (-1 = any);
// other protocols ignore ports.
import { PROTOCOL_ALL, hasPorts, isIcmp } from '../model/protocols.js';
import type { Flow } from '../walk/flow.js';

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
