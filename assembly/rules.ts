// Protocol / port / ICMP matching shared by NACL entries and SG rules (NACL-7, SG-2): ports apply to
// TCP and UDP (destination port), ICMP and ICMPv6 match type and code (-1 = any), other protocols
// ignore ports. The "all traffic" packet (protocol -1) matches only all-protocol rules.
import { RuleMatch } from '../abi/image';
import * as packet from './packet';

const ALL: i32 = -1;
const TCP: i32 = 6;
const UDP: i32 = 17;
const ICMP: i32 = 1;
const ICMPV6: i32 = 58;

export function protocolAndPortsMatch(ruleProtocol: i32, from: i32, to: i32): bool {
  if (ruleProtocol == ALL) return true;
  if (ruleProtocol != packet.protocol) return false;
  if (ruleProtocol == TCP || ruleProtocol == UDP) {
    if ((from <= 0 && to >= 65535) || (from == -1 && to == -1)) return true;
    return packet.dstPort >= from && packet.dstPort <= to;
  }
  if (ruleProtocol == ICMP || ruleProtocol == ICMPV6) {
    if (from != -1 && from != packet.icmpType) return false;
    return to == -1 || to == packet.icmpCode;
  }
  return true;
}

// ---- the compiled match (abi/image.ts RuleMatch) ----------------------------------------------------

/**
 * The packet's port key: the destination port (TCP, UDP), (type << 16) | (code & 0xffff) (ICMP,
 * ICMPv6), else 0. ODD_KEY for an ICMP type or code outside what the compiled intervals state exactly
 * (type -1..0x7fff, code -1..0xfffe): such a packet is matched rule by rule with protocolAndPortsMatch.
 */
export const ODD_KEY: i64 = 1 << 40;

// @ts-ignore: decorator
@inline export function packetKey(): i64 {
  const p = packet.protocol;
  if (p == TCP || p == UDP) return packet.dstPort;
  if (p != ICMP && p != ICMPV6) return 0;
  const type = packet.icmpType;
  const code = packet.icmpCode;
  if (type < -1 || type > 0x7fff || code < -1 || code > 0xfffe) return ODD_KEY;
  return (type << 16) | (code & 0xffff);
}

/**
 * Does the rule at `r` (MatchProtocol, KeyLo, KeyHi at words 0..2; the model's Protocol, From, To at
 * word `modelAt`..+2) match the packet of port key `key` (packetKey())?
 */
// @ts-ignore: decorator
@inline export function ruleMatches(r: usize, key: i64, modelAt: i32): bool {
  const mp = load<i32>(r);
  if (mp == RuleMatch.Recheck || key == ODD_KEY) {
    const m = r + (<usize>modelAt << 2);
    return protocolAndPortsMatch(load<i32>(m), load<i32>(m, 4), load<i32>(m, 8));
  }
  const k = <i32>key;
  return (mp == RuleMatch.Any || mp == packet.protocol) && k >= load<i32>(r, 4) && k <= load<i32>(r, 8);
}
