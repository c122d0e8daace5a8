// Security group evaluation (SG-1..4): the ENI's rules of one direction (compile grouped them per
// ENI, in the ENI's group order); any matching rule allows. Peers: a CIDR, a prefix list (any entry),
// or a group — the private addresses of ENIs carrying it, a sorted list per group (SG-4).
import {
  EniField,
  EniRuleField,
  GroupMember6Field,
  PrefixListEntryField,
  PrefixListField,
  Section,
  SecurityGroupField,
  SgPeerKind,
  SgRuleField,
} from '../src/compile/layout';
import { groupHasMember4 } from './address-index';
import { field, prefixContains, record } from './image';
import { protocolAndPortsMatch } from './rules';
import * as packet from './packet';

/** The allowing SgRule of the last sgAllows call, or -1. */
export let sgAllowingRule: i32 = -1;
/** The ENI had no rules at all in that direction (SG_HAS_NO_RULES). */
export let sgNoRules: bool = false;

export function sgAllows(eni: i32, egress: bool): bool {
  const e = record(Section.Eni, EniField.Stride, eni);
  const start = field(e, egress ? EniField.EgressStart : EniField.IngressStart);
  const count = field(e, egress ? EniField.EgressCount : EniField.IngressCount);
  sgNoRules = count == 0;
  const f = packet.family;
  const a0 = egress ? packet.dst0 : packet.src0;
  const a1 = egress ? packet.dst1 : packet.src1;
  const a2 = egress ? packet.dst2 : packet.src2;
  const a3 = egress ? packet.dst3 : packet.src3;
  for (let i = start; i < start + count; i++) {
    const ruleIndex = field(record(Section.EniRule, EniRuleField.Stride, i), EniRuleField.Rule);
    const r = record(Section.SgRule, SgRuleField.Stride, ruleIndex);
    if (!protocolAndPortsMatch(field(r, SgRuleField.Protocol), field(r, SgRuleField.From), field(r, SgRuleField.To))) continue;
    if (peerMatches(r, f, a0, a1, a2, a3)) {
      sgAllowingRule = ruleIndex;
      return true;
    }
  }
  sgAllowingRule = -1;
  return false;
}

function peerMatches(r: usize, f: i32, a0: u32, a1: u32, a2: u32, a3: u32): bool {
  const kind = field(r, SgRuleField.PeerKind);
  if (kind == SgPeerKind.Cidr) return prefixContains(r + (<usize>SgRuleField.Prefix << 2), f, a0, a1, a2, a3);
  const ref = field(r, SgRuleField.PeerRef);
  if (ref < 0) return false;
  if (kind == SgPeerKind.PrefixList) {
    const list = record(Section.PrefixList, PrefixListField.Stride, ref);
    const start = field(list, PrefixListField.Start);
    const end = start + field(list, PrefixListField.Count);
    for (let i = start; i < end; i++) {
      const p = record(Section.PrefixListEntry, PrefixListEntryField.Stride, i);
      if (prefixContains(p + (<usize>PrefixListEntryField.Prefix << 2), f, a0, a1, a2, a3)) return true;
    }
    return false;
  }
  return groupHasMember(ref, f, a0, a1, a2, a3);
}

/** SG-4: IPv4 through the address index; IPv6 by binary search in the group's sorted member addresses. */
export function groupHasMember(group: i32, f: i32, a0: u32, a1: u32, a2: u32, a3: u32): bool {
  if (f == 4) return groupHasMember4(group, a0);
  const g = record(Section.SecurityGroup, SecurityGroupField.Stride, group);
  let lo = field(g, SecurityGroupField.Member6Start);
  let hi = lo + field(g, SecurityGroupField.Member6Count);
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const c = compare6(record(Section.GroupMember6, GroupMember6Field.Stride, mid), a0, a1, a2, a3);
    if (c == 0) return true;
    if (c < 0) lo = mid + 1;
    else hi = mid;
  }
  return false;
}

/** Compares four words at `p` with (a0..a3), unsigned, most significant first: -1, 0 or 1. */
export function compare6(p: usize, a0: u32, a1: u32, a2: u32, a3: u32): i32 {
  let x = <u32>load<i32>(p);
  if (x != a0) return x < a0 ? -1 : 1;
  x = <u32>load<i32>(p + 4);
  if (x != a1) return x < a1 ? -1 : 1;
  x = <u32>load<i32>(p + 8);
  if (x != a2) return x < a2 ? -1 : 1;
  x = <u32>load<i32>(p + 12);
  if (x != a3) return x < a3 ? -1 : 1;
  return 0;
}
