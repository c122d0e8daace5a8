// Protocol / port / ICMP matching shared by NACL entries and SG rules (NACL-7, SG-2): ports apply to
// TCP and UDP (destination port), ICMP and ICMPv6 match type and code (-1 = any), other protocols
// ignore ports. The "all traffic" packet (protocol -1) matches only all-protocol rules.
import { packet } from './packet';

const ALL: i32 = -1;
const TCP: i32 = 6;
const UDP: i32 = 17;
const ICMP: i32 = 1;
const ICMPV6: i32 = 58;

export function protocolAndPortsMatch(ruleProtocol: i32, from: i32, to: i32): bool {
  if (ruleProtocol == ALL) return true;
  if (ruleProtocol != packet.protocol) return false;
  // TCP (most rules) on its own compare: as `TCP || UDP`, V8 computed both compares with setcc.
  if (ruleProtocol == TCP) return portsMatch(from, to);
  if (ruleProtocol == UDP) return portsMatch(from, to);
  if (ruleProtocol == ICMP || ruleProtocol == ICMPV6) {
    if (from != -1 && from != packet.icmpType) return false;
    return to == -1 || to == packet.icmpCode;
  }
  return true;
}

/** A TCP or UDP rule's ports: the port inside the range first (a rule of one port or a range, most rules, decides there). */
// @ts-ignore: decorator
@inline function portsMatch(from: i32, to: i32): bool {
  const port = packet.dstPort;
  // The second compare on a second load of the port: a load stays a branch (on the local, V8 made setcc chains).
  if (port >= from) {
    if (packet.dstPort <= to) return true;
  }
  if (from <= 0) return to >= 65535 || (from == -1 && to == -1);
  return false;
}
