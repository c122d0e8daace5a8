// Security group evaluation (SG-1..4): the ENI's rules of one direction (compile grouped them per
// ENI, in the ENI's group order); any matching rule allows. Peers: a CIDR, a prefix list (any entry),
// or a group — the private addresses of ENIs carrying it, a sorted list per group (SG-4).
import { Code } from '../abi/codes';
import { NONE } from '../abi/version';
import { EniField, EniFlag, Section } from '../abi/image';
import { PeeringField } from '../abi/image-gateways';
import {
  EniRuleField,
  GroupMember6Field,
  IntraIngress4Field,
  PrefixListEntryField,
  PrefixListField,
  SecurityGroupField,
  SgPeerKind,
  SgRuleField,
} from '../abi/image-security-groups';
import { groupMemberEni4 } from './address-index';
import { eniRuleStart, field, prefixHoldsPacket, prefixHoldsPacket4, record, recordCount } from './image';
import { protocolAndPortsMatch } from './rules';
import { SG_TABLE_MIN_RULES, sgTableCandidates, sgTableList } from './sg-table';
import { packet } from './packet';

/**
 * The walked flow's origin (an ENI index, or negative: the internet, on premises), set by walk-state.ts's
 * forwardBegin before any check; NONE for interface-check.ts's checks. An ENI holding its primary IPv4
 * address decides what the address index or a CIDR scan would (originMember here, walk-route.ts
 * sourceInVpc). Here, not in walk-state.ts: walk-state.ts imports this module.
 */
export let flowOrigin: i32 = NONE;

// @ts-ignore: decorator
@inline export function setFlowOrigin(origin: i32): void {
  flowOrigin = origin;
}

/** The allowing SgRule of the last sgAllows call, or -1. */
export let sgAllowingRule: i32 = -1;
/** A group rule would have matched but may not reference a group across this path (SG_REFERENCING_SUPPORT). */
export let sgReferencingBlocked: bool = false;

// How the packet entered the current VPC (SG-5, SG-6) and whether an appliance forwarded it (SG-4), as
// bits: set by the walk when one of them changes (walk-state.ts), not before each evaluation, and read
// only by group references.
const VIA_PEERING: i32 = 1;
const VIA_TRANSIT_GATEWAY: i32 = 2;
/** SG-6: referencing support is on for the transit gateway path the packet took. */
const TRANSIT_GATEWAY_REFERENCING: i32 = 4;
/** SG-4: a middlebox appliance (RT-14) forwarded the packet: inbound group references do not match it. */
const VIA_APPLIANCE: i32 = 8;
let referencing: i32 = 0;

// @ts-ignore: decorator
@inline export function setReferencing(peering: bool, transitGateway: bool, transitGatewayAllows: bool, appliance: bool): void {
  referencing = (peering ? VIA_PEERING : 0) | (transitGateway ? VIA_TRANSIT_GATEWAY : 0)
    | (transitGatewayAllows ? TRANSIT_GATEWAY_REFERENCING : 0) | (appliance ? VIA_APPLIANCE : 0);
}


// @ts-ignore: decorator
@inline export function sgAllows(eni: i32, egress: bool, four: bool = false): bool {
  // Inline, so sgAllowsLarge below stays a call (inlined, it made the common path's code worse).
  const e = record(Section.Eni, EniField.Stride, eni);
  const start = eniRuleStart(e, egress);
  const count = field(e, egress ? EniField.EgressCount : EniField.IngressCount);
  sgReferencingBlocked = false;
  // SG-1: a first egress rule allowing all traffic to /0 (the default egress rule) allows every packet of its family.
  // (`four`: the caller knows the packet is IPv4.)
  if (egress && (field(e, EniField.Flags) & (four || packet.family == 4 ? EniFlag.EgressOpen4 : EniFlag.EgressOpen6))) {
    sgAllowingRule = field(record(Section.EniRule, EniRuleField.Stride, start), EniRuleField.Rule);
    return true;
  }
  const ownVpc = field(e, EniField.Vpc);
  // Larger ranges go through sg-table.ts's port classes. On the few rules of most ranges (the bench's
  // groups have 1-4) the scan costs fewer instructions than the lookup. Nothing here is used after the
  // call, so V8 need not keep the range in stack slots for it.
  if (count >= SG_TABLE_MIN_RULES) return sgAllowsLarge(start, count, ownVpc, egress);
  return sgScan(start, count, ownVpc, egress, four);
}

/**
 * sgAllows(eni, egress, true) for an IPv4 packet whose peer address (SG-2: the destination of egress, the
 * source of ingress) ENI `holder` holds in VPC `v` (ADDR-10: no other ENI there holds it; its flags
 * `holderFlags`), as walk-local.ts knows it: a group rule naming a group of `v` with a bit is decided by
 * the holder's bit (every member of the group is in `v`: validation), as originMember decides it for
 * the origin; other rules as sgAllows evaluates them (the same rules in the same order, so the same
 * answer and flags). The caller's ENI `eni` is in `v`. Returns 0 when allowed, else sgRefusal's code
 * (the rule count is at hand here: no second read). sgAllowingRule is not written: walk-local.ts's
 * batches are untraced, and only a traced pass hop names the rule.
 */
// @ts-ignore: decorator
@inline export function sgRefusalHeld(eni: i32, egress: bool, holder: i32, holderFlags: i32, v: i32): i32 {
  const e = record(Section.Eni, EniField.Stride, eni);
  if (egress) {
    if (field(e, EniField.Flags) & EniFlag.EgressOpen4) return 0;
  }
  return refusalScan(e, egress, v, holderFlags, v, false);
}

/**
 * sgRefusalHeld's and sgRefusalPeered's scan of ENI record `e`'s rules of one direction for an IPv4 packet: 0
 * or sgRefusal's code. CIDR peers inline; group and prefix list peers by heldPeerMatches, or (`peered`)
 * peeredPeerMatches; `own`: the ENI's VPC (sgAllowsLarge's, referencedPeerMatches').
 */
// @ts-ignore: decorator
@inline function refusalScan(e: usize, egress: bool, own: i32, holderFlags: i32, v: i32, peered: bool): i32 {
  const start = eniRuleStart(e, egress);
  const count = field(e, egress ? EniField.EgressCount : EniField.IngressCount);
  sgReferencingBlocked = false;
  if (count >= SG_TABLE_MIN_RULES) return sgAllowsLarge(start, count, own, egress) ? 0 : refusalAfterScan();
  for (let i = start; i < start + count; i++) {
    const ruleIndex = field(record(Section.EniRule, EniRuleField.Stride, i), EniRuleField.Rule);
    const r = record(Section.SgRule, SgRuleField.Stride, ruleIndex);
    if (!protocolAndPortsMatch(field(r, SgRuleField.Protocol), field(r, SgRuleField.From), field(r, SgRuleField.To))) continue;
    const kind = field(r, SgRuleField.PeerKind);
    let match: bool;
    if (kind == SgPeerKind.Cidr) match = prefixHoldsPacket4(r + (<usize>SgRuleField.Prefix << 2), egress);
    else if (peered) match = peeredPeerMatches(r, kind, own, holderFlags, v);
    else match = heldPeerMatches(r, kind, v, egress, holderFlags);
    if (match) return 0;
  }
  return count == 0 ? Code.SG_HAS_NO_RULES : refusalAfterScan();
}

/**
 * The ingress check of ENI `eni` (in VPC `own`) for an IPv4 packet from the primary address of the flow's
 * origin (flags `originFlags`, in VPC `v`), delivered over an active peering connection between `v` and
 * `own` (walk-peering.ts; the caller set the referencing bits: VIA_PEERING alone): 0 when allowed, else
 * sgRefusal's code, as sgAllows decides. A group rule naming a group of `own` never holds the source:
 * its members' addresses lie in `own`'s CIDRs, the source in `v`'s, and peered VPCs' IPv4 CIDRs do not
 * overlap (PCX-1, validation). One of `v` with a bit: the origin's bit (originMember), referenced across
 * the active peering (SG-5). Other rules as sgAllows evaluates them. sgAllowingRule is not written (untraced).
 */
// @ts-ignore: decorator
@inline export function sgRefusalPeered(eni: i32, own: i32, originFlags: i32, v: i32): i32 {
  return refusalScan(record(Section.Eni, EniField.Stride, eni), false, own, originFlags, v, true);
}

/** sgRefusalPeered's test of a group or prefix list peer. */
// @ts-ignore: decorator
@inline function peeredPeerMatches(r: usize, kind: i32, own: i32, originFlags: i32, v: i32): bool {
  if (kind == SgPeerKind.SecurityGroup) {
    const peerVpc = field(r, SgRuleField.PeerVpc);
    if (peerVpc == own) return false;
    const bit = field(r, SgRuleField.PeerBit);
    if (bit != 0) {
      if (peerVpc == v) return (originFlags & bit) != 0;
    }
  }
  return referencedPeerMatches(r, kind, own, false);
}

/**
 * sgRefusalHeld(eni, false, holder, holderFlags, v) for a packet whose source is the primary IPv4 address of
 * ENI `holder` of VPC `v` (walk-local.ts, the ENI `eni` in `v`): for TCP and UDP, by the entries compile
 * wrote for the ENI's ingress range (Section.IntraIngress4, src/compile/intra-ingress.ts): a key in an
 * entry's range and a bit of the holder's flags in its Need (`keyed`: the caller saw TCP or UDP to a port
 * of 0-65535, the packets the entries' keys stand for). Any rule allowing allows (SG-1), so the entries
 * need no order and the rules no such packet matches none; the same answer and code as the scan, which
 * serves other protocols and the ranges compile left to it.
 */
// @ts-ignore: decorator
@inline export function sgIntraIngressRefusal(eni: i32, holder: i32, holderFlags: i32, v: i32, keyed: bool): i32 {
  const e = record(Section.Eni, EniField.Stride, eni);
  const count = field(e, EniField.IngressCount);
  if (count == 0) return Code.SG_HAS_NO_RULES;
  const h = record(Section.IntraIngress4, IntraIngress4Field.Stride, field(e, EniField.IngressStart));
  const n = keyed ? field(h, IntraIngress4Field.Count) : -1;
  if (n < 0) return sgIngressHeldScan(eni, holder, holderFlags, v);
  const key = (<u32>packet.protocol << 16) | <u32>packet.dstPort;
  // The first entry out of the loop (most ranges have one or two). A range of no entries has its first
  // record zero but for Count (compile adds the records zeroed): Need 0 allows nothing.
  if (key - <u32>field(h, IntraIngress4Field.Lo) <= <u32>field(h, IntraIngress4Field.Span)) {
    if (holderFlags & field(h, IntraIngress4Field.Need)) return 0;
  }
  const end = h + (<usize>(n * IntraIngress4Field.Stride) << 2);
  for (let x = h + (IntraIngress4Field.Stride << 2); x < end; x += IntraIngress4Field.Stride << 2) {
    if (key - <u32>field(x, IntraIngress4Field.Lo) <= <u32>field(x, IntraIngress4Field.Span)) {
      if (holderFlags & field(x, IntraIngress4Field.Need)) return 0;
    }
  }
  return Code.ENI_SG_RULES_MISMATCH;
}

/** sgIntraIngressRefusal's scan, out of line: few ranges need it. */
function sgIngressHeldScan(eni: i32, holder: i32, holderFlags: i32, v: i32): i32 {
  return sgRefusalHeld(eni, false, holder, holderFlags, v);
}

/** sgRefusal's code after a scan of one rule or more refused (sgReferencingBlocked as the scan left it). */
// @ts-ignore: decorator
@inline function refusalAfterScan(): i32 {
  return sgReferencingBlocked ? Code.SG_REFERENCING_SUPPORT : Code.ENI_SG_RULES_MISMATCH;
}

/** sgRefusalHeld's test of a group or prefix list peer: a group of `v` with a bit by the holder's flags, else referencedPeerMatches. */
// @ts-ignore: decorator
@inline function heldPeerMatches(r: usize, kind: i32, v: i32, egress: bool, holderFlags: i32): bool {
  if (kind == SgPeerKind.SecurityGroup) {
    const bit = field(r, SgRuleField.PeerBit);
    if (bit != 0) {
      if (field(r, SgRuleField.PeerVpc) == v) return (holderFlags & bit) != 0;
    }
  }
  return referencedPeerMatches(r, kind, v, egress);
}

/**
 * Why sgAllows(eni, egress) just refused the packet: the ENI has no rules in that direction (SG_HAS_NO_RULES,
 * read here: the call does not store it for the packets that pass), a group rule matched but may not
 * reference across this path, or no rule matched.
 */
export function sgRefusal(eni: i32, egress: bool): i32 {
  const count = field(record(Section.Eni, EniField.Stride, eni), egress ? EniField.EgressCount : EniField.IngressCount);
  return count == 0 ? Code.SG_HAS_NO_RULES : refusalAfterScan();
}

/** Any rule of EniRule range (start, count) allows the packet: the rules in order (SG-1..4). */
// @ts-ignore: decorator
@inline function sgScan(start: i32, count: i32, ownVpc: i32, egress: bool, four: bool = false): bool {
  for (let i = start; i < start + count; i++) {
    const ruleIndex = field(record(Section.EniRule, EniRuleField.Stride, i), EniRuleField.Rule);
    const r = record(Section.SgRule, SgRuleField.Stride, ruleIndex);
    if (!protocolAndPortsMatch(field(r, SgRuleField.Protocol), field(r, SgRuleField.From), field(r, SgRuleField.To))) continue;
    if (peerMatches(r, ownVpc, egress, four)) {
      sgAllowingRule = ruleIndex;
      return true;
    }
  }
  sgAllowingRule = -1;
  return false;
}

/**
 * sgScan for a range of SG_TABLE_MIN_RULES rules or more: for TCP and UDP, over the candidates
 * sg-table.ts lists for the packet's port class, the rules the scan would not skip, in the same order,
 * so the same answer, allowing rule and flags; the plain scan when the table does not serve the packet
 * or the range.
 */
function sgAllowsLarge(start: i32, count: i32, ownVpc: i32, egress: bool): bool {
  const n = sgTableCandidates(start, count, packet.protocol, packet.dstPort);
  if (n < 0) return sgScan(start, count, ownVpc, egress);
  const list = sgTableList;
  for (let k = 0; k < n; k++) {
    const ruleIndex = load<i32>(list + (<usize>k << 2));
    if (peerMatches(record(Section.SgRule, SgRuleField.Stride, ruleIndex), ownVpc, egress)) {
      sgAllowingRule = ruleIndex;
      return true;
    }
  }
  sgAllowingRule = -1;
  return false;
}

/**
 * Rule `r`'s peer holds the packet's peer address (SG-2: the destination of egress, the source of
 * ingress). The address is read here, for a rule whose protocol and ports matched, not before the
 * scan: read up front, its words were kept in stack slots across the loop. CIDR peers inline; prefix
 * lists and group references (SG-3, SG-4) out of line.
 */
// @ts-ignore: decorator
@inline function peerMatches(r: usize, ownVpc: i32, egress: bool, four: bool = false): bool {
  const kind = field(r, SgRuleField.PeerKind);
  if (kind == SgPeerKind.Cidr) {
    const p = r + (<usize>SgRuleField.Prefix << 2);
    return four ? prefixHoldsPacket4(p, egress) : prefixHoldsPacket(p, egress);
  }
  return referencedPeerMatches(r, kind, ownVpc, egress);
}

/** peerMatches for a prefix list or a group reference (the packet's address read here, as peerMatches reads it). */
function referencedPeerMatches(r: usize, kind: i32, ownVpc: i32, egress: bool): bool {
  const ref = field(r, SgRuleField.PeerRef);
  if (ref < 0) return false;
  if (kind == SgPeerKind.PrefixList) {
    const list = record(Section.PrefixList, PrefixListField.Stride, ref);
    const start = field(list, PrefixListField.Start);
    const end = start + field(list, PrefixListField.Count);
    for (let i = start; i < end; i++) {
      const p = record(Section.PrefixListEntry, PrefixListEntryField.Stride, i);
      if (prefixHoldsPacket(p + (<usize>PrefixListEntryField.Prefix << 2), egress)) return true;
    }
    return false;
  }
  // A group reference (tested after the prefix list's case: as one `&&` with the kind, V8 made sete / cmove).
  if (!egress) {
    if (referencing & VIA_APPLIANCE) return false;
  }
  const holder = packet.family == 4 ? groupPeerHolder4(r, ref, egress ? packet.dst0 : packet.src0) : groupMemberHolder6(ref, egress);
  if (holder < 0) return false;
  const holderVpc = field(record(Section.Eni, EniField.Stride, holder), EniField.Vpc);
  if (holderVpc == ownVpc || mayReferenceAcross(ownVpc, holderVpc, egress)) return true;
  sgReferencingBlocked = true;
  return false;
}

/**
 * SG-4, IPv4: the member of group `ref` (rule `r`'s peer) holding `a`, or NONE. The flow's origin first
 * (originMember), the address index when it cannot tell.
 */
// @ts-ignore: decorator
@inline function groupPeerHolder4(r: usize, ref: i32, a: u32): i32 {
  const member = originMember(r, a);
  return member != UNDECIDED ? member : groupMemberEni4(ref, a);
}

/** originMember's answer when the origin does not decide. */
const UNDECIDED: i32 = -2;

/**
 * When the flow's origin holds `a` as its primary address and is in the VPC of rule `r`'s peer group,
 * no other ENI there holds `a` (ADDR-10) and every member of the group is in that VPC (an ENI's groups
 * are its VPC's: validation), so the member holding `a` is the origin if it carries the group (the
 * group's bit in its flags), else none. UNDECIDED otherwise, or for a group without a bit
 * (SgRuleField.PeerBit 0). (An ENI without a primary IPv4 has no group bits: its PrimaryIp4 word, 0,
 * is no ENI's address.) Each test a return: as one condition, V8 made setcc / cmov chains.
 */
// @ts-ignore: decorator
@inline function originMember(r: usize, a: u32): i32 {
  const bit = field(r, SgRuleField.PeerBit);
  if (bit == 0) return UNDECIDED;
  const o = flowOrigin;
  if (o < 0) return UNDECIDED;
  const e = record(Section.Eni, EniField.Stride, o);
  if (field(e, EniField.Vpc) != field(r, SgRuleField.PeerVpc)) return UNDECIDED;
  if (<u32>field(e, EniField.PrimaryIp4) != a) return UNDECIDED;
  return field(e, EniField.Flags) & bit ? o : NONE;
}

/**
 * SG-5: a peer VPC's group may be referenced across an active peering (inbound: when the packet came
 * over the peering); SG-6: across a transit gateway only inbound, with referencing support enabled.
 */
function mayReferenceAcross(ownVpc: i32, otherVpc: i32, egress: bool): bool {
  if (egress || !(referencing & VIA_TRANSIT_GATEWAY)) return (egress || (referencing & VIA_PEERING) != 0) && activelyPeered(ownVpc, otherVpc);
  return (referencing & TRANSIT_GATEWAY_REFERENCING) != 0;
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
 * SG-4: the ENI with the smallest id holding the packet's destination (`dst`) or source with the group,
 * or NONE, for IPv6: by binary search in the group's sorted member addresses (IPv4: through the address
 * index, groupMemberEni4).
 */
function groupMemberHolder6(group: i32, dst: bool): i32 {
  const a0 = dst ? packet.dst0 : packet.src0;
  const a1 = dst ? packet.dst1 : packet.src1;
  const a2 = dst ? packet.dst2 : packet.src2;
  const a3 = dst ? packet.dst3 : packet.src3;
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
