// Security group evaluation (SG-1..4): the ENI's rules of one direction (compile grouped them per
// ENI, in the ENI's group order); any matching rule allows. Peers: a CIDR, a prefix list (any entry),
// or a group — the private addresses of ENIs carrying it, a sorted list per group (SG-4).
import { EniField, PeeringField, PrefixField, Section } from '../abi/image';
import {
  EniRuleField,
  GroupMember6Field,
  PrefixListEntryField,
  PrefixListField,
  SecurityGroupField,
  SgPeerKind,
  SgRuleField,
} from '../abi/image-security-groups';
// sgAllows reads a range of EniRule records as a list of SgRule indices.
// @ts-ignore: static assertion
if (EniRuleField.Stride != 1 || EniRuleField.Rule != 0) unreachable();
import { groupMemberEni4 } from './address-index';
import { field, prefixContains6, record, recordCount } from './image';
import { protocolAndPortsMatch } from './rules';
import { SG_TABLE_MIN_RULES, sgTableCandidates, sgTableList } from './sg-table';
import * as packet from './packet';

/** The allowing SgRule of the last sgAllows call, or -1. */
export let sgAllowingRule: i32 = -1;
/** The ENI had no rules at all in that direction (SG_HAS_NO_RULES). */
export let sgNoRules: bool = false;
/** A group rule would have matched but may not reference a group across this path (SG_REFERENCING_SUPPORT). */
export let sgReferencingBlocked: bool = false;

// How the packet entered the current VPC, set by the walk before each evaluation (SG-5, SG-6).
let viaPeering: bool = false;
let viaTransitGateway: bool = false;
let transitGatewayReferencing: bool = false;
/** SG-4: a middlebox appliance (RT-14) forwarded the packet: inbound group references do not match it. */
let viaAppliance: bool = false;

export function setReferencing(peering: bool, transitGateway: bool, transitGatewayAllows: bool, appliance: bool): void {
  viaPeering = peering;
  viaTransitGateway = transitGateway;
  transitGatewayReferencing = transitGatewayAllows;
  viaAppliance = appliance;
}

// @ts-ignore: decorator
@inline export function sgAllows(eni: i32, egress: bool): bool {
  // Inline (into checkSecurityGroups): as a call it cost about 150 instructions per flow more.
  const e = record(Section.Eni, EniField.Stride, eni);
  const start = field(e, egress ? EniField.EgressStart : EniField.IngressStart);
  const count = field(e, egress ? EniField.EgressCount : EniField.IngressCount);
  sgNoRules = count == 0;
  sgReferencingBlocked = false;
  const ownVpc = field(e, EniField.Vpc);
  const f = packet.family;
  // The peer's first address word; the other three are read only for IPv6 (loaded up front, the
  // eight packet words were spilled to the stack around the scan).
  const a0 = egress ? packet.dst0 : packet.src0;
  // The rules to try, as SgRule indices: for TCP and UDP on ranges of SG_TABLE_MIN_RULES rules or
  // more, only those whose protocol and ports match (sg-table.ts, in rule order); else the whole
  // range (EniRule records are one word: the rule), where a few rules scan faster than a lookup.
  const classes = count >= SG_TABLE_MIN_RULES ? sgTableCandidates(start, count, packet.protocol, packet.dstPort) : -1;
  const scan = classes < 0;
  const list = scan ? record(Section.EniRule, EniRuleField.Stride, start) : sgTableList;
  const n = scan ? count : classes;
  for (let k = 0; k < n; k++) {
    const ruleIndex = load<i32>(list + (<usize>k << 2));
    const r = record(Section.SgRule, SgRuleField.Stride, ruleIndex);
    if (scan && !protocolAndPortsMatch(field(r, SgRuleField.Protocol), field(r, SgRuleField.From), field(r, SgRuleField.To))) continue;
    if (peerMatches(r, f, a0, ownVpc, egress)) {
      sgAllowingRule = ruleIndex;
      return true;
    }
  }
  sgAllowingRule = -1;
  return false;
}

/** Word `i` (1..3) of the peer's IPv6 address: the destination for egress rules, the source for ingress. */
// @ts-ignore: decorator
@inline function peerWord(egress: bool, i: i32): u32 {
  if (i == 1) return egress ? packet.dst1 : packet.src1;
  if (i == 2) return egress ? packet.dst2 : packet.src2;
  return egress ? packet.dst3 : packet.src3;
}

/** prefixContains (image.ts) for the peer's address, of which only the first word is at hand. */
// @ts-ignore: decorator
@inline function peerIn(p: usize, f: i32, a0: u32, egress: bool): bool {
  if (field(p, PrefixField.Family) != f) return false;
  const len = field(p, PrefixField.Len);
  if (len == 0) return true;
  if (f == 4) return ((a0 ^ <u32>field(p, PrefixField.W0)) >>> (32 - len)) == 0;
  return prefixContains6(p, len, a0, peerWord(egress, 1), peerWord(egress, 2), peerWord(egress, 3));
}

function peerMatches(r: usize, f: i32, a0: u32, ownVpc: i32, egress: bool): bool {
  const kind = field(r, SgRuleField.PeerKind);
  if (kind == SgPeerKind.Cidr) return peerIn(r + (<usize>SgRuleField.Prefix << 2), f, a0, egress);
  const ref = field(r, SgRuleField.PeerRef);
  if (ref < 0) return false;
  if (kind != SgPeerKind.PrefixList && viaAppliance && !egress) return false;
  if (kind == SgPeerKind.PrefixList) {
    const list = record(Section.PrefixList, PrefixListField.Stride, ref);
    const start = field(list, PrefixListField.Start);
    const end = start + field(list, PrefixListField.Count);
    for (let i = start; i < end; i++) {
      const p = record(Section.PrefixListEntry, PrefixListEntryField.Stride, i);
      if (peerIn(p + (<usize>PrefixListEntryField.Prefix << 2), f, a0, egress)) return true;
    }
    return false;
  }
  const holder = f == 4 ? groupMemberEni4(ref, a0) : groupMemberHolder6(ref, a0, peerWord(egress, 1), peerWord(egress, 2), peerWord(egress, 3));
  if (holder < 0) return false;
  const holderVpc = field(record(Section.Eni, EniField.Stride, holder), EniField.Vpc);
  if (holderVpc == ownVpc || mayReferenceAcross(ownVpc, holderVpc, egress)) return true;
  sgReferencingBlocked = true;
  return false;
}

/**
 * SG-5: a peer VPC's group may be referenced across an active peering (inbound: when the packet came
 * over the peering); SG-6: across a transit gateway only inbound, with referencing support enabled.
 */
function mayReferenceAcross(ownVpc: i32, otherVpc: i32, egress: bool): bool {
  if (egress || !viaTransitGateway) return (egress || viaPeering) && activelyPeered(ownVpc, otherVpc);
  return transitGatewayReferencing;
}

function activelyPeered(a: i32, b: i32): bool {
  const n = recordCount(Section.Peering);
  for (let i = 0; i < n; i++) {
    const p = record(Section.Peering, PeeringField.Stride, i);
    if (!field(p, PeeringField.Active)) continue;
    const x = field(p, PeeringField.RequesterVpc);
    const y = field(p, PeeringField.AccepterVpc);
    if ((x == a && y == b) || (x == b && y == a)) return true;
  }
  return false;
}

/**
 * SG-4: the ENI with the smallest id holding the IPv6 address with the group, or NONE: binary search
 * in the group's sorted member addresses (IPv4 goes through the address index).
 */
function groupMemberHolder6(group: i32, a0: u32, a1: u32, a2: u32, a3: u32): i32 {
  const g = record(Section.SecurityGroup, SecurityGroupField.Stride, group);
  let lo = field(g, SecurityGroupField.Member6Start);
  let hi = lo + field(g, SecurityGroupField.Member6Count);
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const m = record(Section.GroupMember6, GroupMember6Field.Stride, mid);
    const c = compare6(m, a0, a1, a2, a3);
    if (c == 0) return field(m, GroupMember6Field.Eni);
    if (c < 0) lo = mid + 1;
    else hi = mid;
  }
  return -1;
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
