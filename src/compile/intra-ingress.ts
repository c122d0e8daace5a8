// Section.IntraIngress4 (abi/image-security-groups.ts IntraIngress4Field): each ENI's ingress rules as
// they decide a TCP or UDP IPv4 packet from the primary address of another ENI of its VPC, the walk's
// one pass over a flow inside a VPC (assembly/walk-local.ts). Such a packet's source is inside one of
// the VPC's IPv4 blocks (ADDR-5) and held by an ENI of the VPC whose flags carry its groups' bits (SG-4),
// so a rule matches it by the packet's (protocol, port) key and at most one bit of the source's flags,
// or the rule is left to the scan. Made after the ENIs' rule ranges and the groups' bits.
import { EniField, PrefixField, Section } from '../../abi/image.js';
import { EniRuleField, IntraIngress4Field, SgPeerKind, SgRuleField } from '../../abi/image-security-groups.js';
import type { Prefix } from '../model/ip.js';
import { mask4 } from './address.js';
import type { CompileContext } from './context.js';
import type { RecordTable } from './records.js';

const TCP = 6;
const UDP = 17;
const ALL = -1;
/** Need for a rule every ENI of the VPC matches: every bit (the source's flags hold EniFlag.IntraVpc4). */
const ANY_SOURCE = -1;
/** A range's rules cannot be written as entries: the walk scans them. */
const UNDECIDED = -1;

export function compileIntraIngress(ctx: CompileContext): void {
  const enis = ctx.sections[Section.Eni]!;
  const ruleCount = ctx.sections[Section.EniRule]!.count;
  const out = ctx.sections[Section.IntraIngress4]!;
  out.reserve(ruleCount);
  for (let i = 0; i < ruleCount; i++) out.add();
  // A range is shared by ENIs with the same groups (interfaces.ts), so of one VPC (an ENI's groups are its
  // VPC's); written once per range, and left to the scan should two VPCs share one.
  const vpcOfRange = new Map<number, number>();
  for (let e = 0; e < enis.count; e++) {
    const count = enis.get(e, EniField.IngressCount);
    if (count === 0) continue;
    const start = enis.get(e, EniField.IngressStart);
    const v = enis.get(e, EniField.Vpc);
    const seen = vpcOfRange.get(start);
    if (seen === undefined) {
      vpcOfRange.set(start, v);
      writeRange(ctx, out, start, count, v);
    } else if (seen !== v) out.set(start, IntraIngress4Field.Count, UNDECIDED);
  }
}

/** The entries of EniRule range (start, count) for sources in VPC `v`, or Count UNDECIDED. */
function writeRange(ctx: CompileContext, out: RecordTable, start: number, count: number, v: number): void {
  const blocks = v >= 0 ? ctx.t.vpcs[v]!.cidrBlocks.filter((c) => c.family === 4) : [];
  const eniRules = ctx.sections[Section.EniRule]!;
  const rules = ctx.sections[Section.SgRule]!;
  let n = 0;
  for (let i = 0; i < count; i++) {
    const r = eniRules.get(start + i, EniRuleField.Rule);
    const key = keyRange(rules.get(r, SgRuleField.Protocol), rules.get(r, SgRuleField.From), rules.get(r, SgRuleField.To));
    if (!key) continue;
    const need = sourceNeed(rules, r, v, blocks);
    if (need === 0) continue;
    if (need === undefined) {
      out.set(start, IntraIngress4Field.Count, UNDECIDED);
      return;
    }
    out.set(start + n, IntraIngress4Field.Lo, key[0]);
    out.set(start + n, IntraIngress4Field.Span, key[1] - key[0]);
    out.set(start + n, IntraIngress4Field.Need, need);
    n++;
  }
  out.set(start, IntraIngress4Field.Count, n);
}

/**
 * The keys ((protocol << 16) | port, unsigned) of the TCP and UDP packets a rule's protocol and ports match
 * (assembly/rules.ts protocolAndPortsMatch for ports 0..65535): [lo, hi], or undefined when none.
 */
function keyRange(protocol: number, from: number, to: number): [number, number] | undefined {
  if (protocol === ALL) return [0, 0xffffffff];
  if (protocol !== TCP && protocol !== UDP) return undefined;
  const all = from <= 0 && (to >= 65535 || (from === -1 && to === -1));
  const lo = all ? 0 : Math.max(from, 0);
  const hi = all ? 65535 : Math.min(to, 65535);
  if (lo > hi) return undefined;
  return [protocol * 0x10000 + lo, protocol * 0x10000 + hi];
}

/**
 * What rule `r`'s peer (SG-2: the source) asks of a source ENI of VPC `v` (IPv4 `blocks`): ANY_SOURCE, a
 * group's bit (SG-4: a group of `v`, which the source carries when its flags hold the bit), 0 when no such
 * source matches (IPv6, a CIDR outside the blocks, a group not in the model), undefined when it depends
 * on more (a CIDR holding part of the blocks, a prefix list, a group of another VPC or without a bit).
 */
function sourceNeed(rules: RecordTable, r: number, v: number, blocks: Prefix[]): number | undefined {
  const kind = rules.get(r, SgRuleField.PeerKind);
  if (kind === SgPeerKind.Cidr) {
    const p = SgRuleField.Prefix;
    if (rules.get(r, p + PrefixField.Family) !== 4) return 0;
    const len = rules.get(r, p + PrefixField.Len);
    const addr = rules.get(r, p + PrefixField.W0);
    if (blocks.length === 0) return undefined;
    if (blocks.every((b) => b.len >= len && ((Number(b.addr) ^ addr) & mask4(len)) === 0)) return ANY_SOURCE;
    if (blocks.every((b) => ((Number(b.addr) ^ addr) & mask4(Math.min(len, b.len))) !== 0)) return 0;
    return undefined;
  }
  if (kind === SgPeerKind.SecurityGroup) {
    if (rules.get(r, SgRuleField.PeerRef) < 0) return 0;
    const bit = rules.get(r, SgRuleField.PeerBit);
    if (bit === 0 || rules.get(r, SgRuleField.PeerVpc) !== v) return undefined;
    return bit;
  }
  return undefined;
}
