// The compiled match of a network ACL entry or security group rule (abi/image.ts RuleMatch): the
// walk tests one protocol and one key interval instead of NACL-7 / SG-2's cases per rule.
import { RuleMatch } from '../../abi/image.js';
import type { RecordTable } from './records.js';

const TCP = 6;
const UDP = 17;
const ICMP = 1;
const ICMPV6 = 58;
const MIN = -0x80000000;
const MAX = 0x7fffffff;

/**
 * [MatchProtocol, KeyLo, KeyHi] of a rule of `protocol` (-1 = all) with From/To `from`, `to` as
 * assembly/rules.ts protocolAndPortsMatch reads them.
 */
export function ruleMatch(protocol: number, from: number, to: number): [number, number, number] {
  if (protocol === -1) return [RuleMatch.Any, MIN, MAX];
  if (protocol === TCP || protocol === UDP) {
    if ((from <= 0 && to >= 65535) || (from === -1 && to === -1)) return [protocol, MIN, MAX];
    return [protocol, from, to];
  }
  if (protocol === ICMP || protocol === ICMPV6) {
    if (from === -1 && to === -1) return [protocol, MIN, MAX];
    // Any type with one code, or a type or code the key cannot hold: the walk checks as the model says.
    if (from < 0 || from > 0x7fff || to < -1 || to > 0xfffe) return [RuleMatch.Recheck, MIN, MAX];
    // Type `from`, code `to` (-1: any code: the packet's code in the low 16 bits, whatever it is).
    const base = from << 16;
    return to === -1 ? [protocol, base, base | 0xffff] : [protocol, base | (to & 0xffff), base | (to & 0xffff)];
  }
  return [protocol, MIN, MAX];
}

/** Writes ruleMatch(...) at `field` (MatchProtocol, KeyLo, KeyHi) of record `r`. */
export function setRuleMatch(table: RecordTable, r: number, field: number, protocol: number, from: number, to: number): void {
  ruleMatch(protocol, from, to).forEach((v, i) => table.set(r, field + i, v));
}

/** The netmask of an IPv4 prefix of length `len` (0 for /0), as an i32 word. */
export function mask4(len: number): number {
  return len === 0 ? 0 : (0xffffffff << (32 - len)) | 0;
}
