// Network ACLs: entries of each direction and address family pre-sorted by ascending rule number
// (NACL-5) so the walk scans the one range its packet can match and stops at the first match; no
// match is the `*` deny. Port / ICMP fields are normalised per NACL-7.
import type { Prefix } from '../model/ip.js';
import type { NetworkAclEntry } from '../model/types.js';
import { mask4, setPrefix } from './address.js';
import { denseOr, type CompileContext } from './context.js';
import { NACL_INTRA_VPC4, NACL_OPEN_EGRESS4, NACL_OPEN_EGRESS6, NACL_OPEN_INGRESS4, NACL_OPEN_INGRESS6, NaclEntryField, NaclField, Section } from '../../abi/image.js';
import type { RecordTable } from './records.js';

const TCP = 6;
const UDP = 17;
const ICMP = 1;
const ICMPV6 = 58;

export function compileNacls(ctx: CompileContext): void {
  const nacls = ctx.sections[Section.Nacl]!;
  const entries = ctx.sections[Section.NaclEntry]!;
  const acls = ctx.t.networkAcls;
  // Plain loops, no closure per ACL or entry: the entries have several shapes (with or without a logical
  // id, a port range), each new one met after the loop was optimized throws the code away, and a
  // smaller loop costs less to optimize again.
  for (let n = 0; n < acls.length; n++) {
    const acl = acls[n]!;
    const r = nacls.add();
    nacls.set(r, NaclField.Vpc, denseOr(ctx.ids.vpc, acl.vpcId));
    const order = byRuleNumber(acl.entries);
    const vpcCidrs4 = ctx.lookup.vpcs.get(acl.vpcId)?.cidrBlocks.filter((c) => c.family === 4) ?? [];
    let open = 0;
    let intra = true;
    for (let k = 0; k < RANGES.length; k++) {
      const [family, egress, startField, openBit] = RANGES[k]!;
      const start = entries.count;
      nacls.set(r, startField, start);
      const range: NetworkAclEntry[] = [];
      for (let o = 0; o < order.length; o++) {
        const entry = acl.entries[order[o]!]!;
        if (entry.egress !== egress || entry.cidr.family !== family) continue;
        range.push(entry);
        writeEntry(entries, n, entry, order[o]!);
      }
      nacls.set(r, startField + 1, entries.count - start);
      if (range.length > 0 && allowsEverything(range[0]!)) open |= openBit;
      if (family === 4) {
        setShortcut4(nacls, r, egress ? NaclField.Out4Net : NaclField.In4Net, start, range);
        intra &&= vpcCidrs4.length > 0 && vpcCidrs4.every((c) => allowsAllOf4(range, c));
      }
    }
    nacls.set(r, NaclField.Open, intra ? open | NACL_INTRA_VPC4 : open);
  }
}

/** Positions of `entries` by ascending rule number, equal numbers in list order (a stable sort). */
function byRuleNumber(entries: readonly NetworkAclEntry[]): number[] {
  const order: number[] = [];
  for (let i = 0; i < entries.length; i++) order.push(i);
  return order.sort((a, b) => entries[a]!.ruleNumber - entries[b]!.ruleNumber || a - b);
}

/** The NaclField ranges: (family, egress, Start field (its Count field follows), NaclField.Open bit). */
const RANGES = [
  [4, false, NaclField.Ingress4Start, NACL_OPEN_INGRESS4],
  [4, true, NaclField.Egress4Start, NACL_OPEN_EGRESS4],
  [6, false, NaclField.Ingress6Start, NACL_OPEN_INGRESS6],
  [6, true, NaclField.Egress6Start, NACL_OPEN_EGRESS6],
] as const;

/** An entry every packet of its family matches (all protocols, /0) and that allows: it decides every walk. */
function allowsEverything(entry: NetworkAclEntry): boolean {
  return entry.ruleAction === 'allow' && entry.protocol === -1 && entry.cidr.len === 0;
}

/**
 * NaclField.In4Net / Out4Net...: the entry deciding every packet of its CIDR, when there is one: of all
 * protocols, its CIDR overlapping no earlier entry's (so no earlier entry matches such a packet, whatever
 * its protocol and ports); the widest such entry, the first of equals. An empty range: every packet, the
 * `*` deny. Otherwise the high words set to 1: no address matches.
 */
function setShortcut4(nacls: RecordTable, r: number, at: number, start: number, range: NetworkAclEntry[]): void {
  let best = -1;
  for (let k = 0; k < range.length; k++) {
    const entry = range[k]!;
    if (entry.protocol !== -1 || (best >= 0 && entry.cidr.len >= range[best]!.cidr.len)) continue;
    let alone = true;
    for (let j = 0; j < k && alone; j++) alone = !overlaps4(range[j]!.cidr, entry.cidr);
    if (alone) best = k;
  }
  const decided = best >= 0 ? range[best]! : undefined;
  const none = range.length > 0 && !decided ? 1 : 0;
  nacls.set(r, at, decided ? Number(decided.cidr.addr) | 0 : 0);
  nacls.set(r, at + 1, none);
  nacls.set(r, at + 2, decided ? mask4(decided.cidr.len) : 0);
  nacls.set(r, at + 3, none);
  nacls.set(r, at + 4, decided ? start + best : -1);
  nacls.set(r, at + 5, decided?.ruleAction === 'allow' ? 1 : 0);
}

/**
 * NACL_INTRA_VPC4, one range: every packet whose address (the source inbound, the destination outbound)
 * lies in `cidr` is allowed, whatever its protocol and ports (NACL-5..7): in rule order, an entry of
 * all protocols whose CIDR holds `cidr` allows before any deny overlapping `cidr`. Allows of some
 * protocols, ports or part of `cidr` on the way only allow some of those packets earlier; a deny
 * overlapping it, or none such entry (the `*` deny), and some are denied.
 */
function allowsAllOf4(range: NetworkAclEntry[], cidr: Prefix): boolean {
  for (const entry of range) {
    if (!overlaps4(entry.cidr, cidr)) continue;
    if (entry.ruleAction !== 'allow') return false;
    if (entry.protocol === -1 && entry.cidr.len <= cidr.len) return true;
  }
  return false;
}

/** Two IPv4 CIDRs share an address: the shorter one contains the other's network. */
function overlaps4(a: Prefix, b: Prefix): boolean {
  const mask = mask4(Math.min(a.len, b.len));
  return ((Number(a.addr) ^ Number(b.addr)) & mask) === 0;
}

function writeEntry(entries: RecordTable, nacl: number, entry: NetworkAclEntry, index: number): void {
  const e = entries.add();
  entries.set(e, NaclEntryField.Nacl, nacl);
  entries.set(e, NaclEntryField.RuleNumber, entry.ruleNumber);
  entries.set(e, NaclEntryField.Egress, entry.egress ? 1 : 0);
  entries.set(e, NaclEntryField.Allow, entry.ruleAction === 'allow' ? 1 : 0);
  entries.set(e, NaclEntryField.Protocol, entry.protocol);
  const [from, to] = matchRange(entry);
  entries.set(e, NaclEntryField.From, from);
  entries.set(e, NaclEntryField.To, to);
  setPrefix(entries, e, NaclEntryField.Prefix, entry.cidr);
  if (entry.cidr.family === 4) entries.set(e, NaclEntryField.Mask4, mask4(entry.cidr.len));
  entries.set(e, NaclEntryField.ModelIndex, index);
}

/** NACL-7: ports for TCP/UDP (absent = all ports), type/code for ICMP (-1 = any), else unused. */
function matchRange(entry: NetworkAclEntry): [number, number] {
  if (entry.protocol === TCP || entry.protocol === UDP) {
    return entry.portRange ? [entry.portRange.from, entry.portRange.to] : [0, 65535];
  }
  if (entry.protocol === ICMP || entry.protocol === ICMPV6) {
    return entry.icmp ? [entry.icmp.type, entry.icmp.code] : [-1, -1];
  }
  return [-1, -1];
}
