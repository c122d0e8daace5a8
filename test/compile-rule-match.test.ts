// The compiled match of NACL entries and SG rules (src/compile/rule-match.ts, abi/image.ts RuleMatch):
// one protocol and one key interval must say what NACL-7 and SG-2 say for every packet, or ask for a
// recheck. Checked against the rule as the AWS pages state it ("Network ACL rules": protocol, port
// range for TCP/UDP, ICMP type and code, -1 = all; "Security group rules": the same fields).
import { describe, expect, it } from 'vitest';
import { RuleMatch } from '../abi/image.js';
import { ruleMatch } from '../src/compile/rule-match.js';

const TCP = 6;
const UDP = 17;
const ICMP = 1;
const ICMPV6 = 58;

interface Packet { protocol: number; dstPort: number; type: number; code: number }

/** The rule as the AWS pages state it: -1 protocol = all traffic; ports for TCP/UDP; ICMP type/code with -1 = any. */
function awsMatches(protocol: number, from: number, to: number, p: Packet): boolean {
  if (protocol === -1) return true;
  if (protocol !== p.protocol) return false;
  if (protocol === TCP || protocol === UDP) return (from <= 0 && to >= 65535) || (from === -1 && to === -1) || (p.dstPort >= from && p.dstPort <= to);
  if (protocol === ICMP || protocol === ICMPV6) return (from === -1 || from === p.type) && (to === -1 || to === p.code);
  return true;
}

/** What the walk does with the compiled match (assembly/rules.ts ruleMatches), for a packet whose key is exact. */
function walkMatches(protocol: number, from: number, to: number, p: Packet): boolean | 'recheck' {
  const [mp, lo, hi] = ruleMatch(protocol, from, to);
  if (mp === RuleMatch.Recheck) return 'recheck';
  const icmp = p.protocol === ICMP || p.protocol === ICMPV6;
  if (icmp && (p.type < -1 || p.type > 0x7fff || p.code < -1 || p.code > 0xfffe)) return 'recheck';
  const key = p.protocol === TCP || p.protocol === UDP ? p.dstPort : icmp ? (p.type << 16) | (p.code & 0xffff) : 0;
  return (mp === RuleMatch.Any || mp === p.protocol) && key >= lo && key <= hi;
}

describe('compiled rule match', () => {
  const protocols = [-1, TCP, UDP, ICMP, ICMPV6, 50];
  const ranges: [number, number][] = [[-1, -1], [0, 65535], [22, 22], [1024, 65535], [0, 0], [8, -1], [8, 0], [3, 4], [-1, 3], [0, 65536], [70000, -1], [3, 70000]];
  const packets: Packet[] = [];
  for (const protocol of protocols) {
    for (const dstPort of [0, 22, 80, 1024, 65535, -1]) packets.push({ protocol, dstPort, type: -1, code: -1 });
    for (const [type, code] of [[8, 0], [0, 0], [3, 4], [3, -1], [-1, -1], [-1, 3], [8, 255], [70000, 0], [3, 0xffff]]) packets.push({ protocol, dstPort: 0, type: type!, code: code! });
  }

  it('NACL-7 / SG-2: every (rule, packet) pair answers as the rule states, or is rechecked from the model fields', () => {
    let rechecked = 0;
    let compared = 0;
    for (const protocol of protocols) {
      for (const [from, to] of ranges) {
        for (const p of packets) {
          const walk = walkMatches(protocol, from, to, p);
          if (walk === 'recheck') rechecked++;
          else {
            compared++;
            expect(walk, `rule ${protocol} ${from}..${to}, packet ${JSON.stringify(p)}`).toBe(awsMatches(protocol, from, to, p));
          }
        }
      }
    }
    // Most pairs are answered by the interval (the test compares something); odd ICMP rules and packets are rechecked.
    expect(compared).toBeGreaterThan(rechecked);
  });

  it('rechecks the ICMP rules no interval states: any type with one code, a type or code out of range', () => {
    expect(ruleMatch(ICMP, -1, 3)[0]).toBe(RuleMatch.Recheck);
    expect(ruleMatch(ICMP, 70000, -1)[0]).toBe(RuleMatch.Recheck);
    expect(ruleMatch(ICMP, 3, 70000)[0]).toBe(RuleMatch.Recheck);
    expect(ruleMatch(ICMP, 8, -1)).toEqual([ICMP, 8 << 16, (8 << 16) | 0xffff]);
    expect(ruleMatch(TCP, 22, 22)).toEqual([TCP, 22, 22]);
  });
});
