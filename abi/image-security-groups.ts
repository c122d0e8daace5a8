// Security group records of the network image (abi/image.ts): each ENI's groups and rule lists,
// the groups, their rules and member addresses (SG-1..SG-4), and prefix lists.
// Import-free plain enums, compiled by both tsc and asc, like abi/image.ts.

export enum EniGroupField {
  Group,
  Stride,
}

export enum EniRuleField {
  Rule,
  Stride,
}

/**
 * Section.IntraIngress4, one record per EniRule record: an ENI's ingress rules (EniField.IngressStart,
 * IngressCount) as they decide a TCP or UDP IPv4 packet whose source is the primary address of an ENI of
 * the same VPC, for assembly/walk-local.ts (src/compile/intra-ingress.ts). The record at IngressStart
 * holds in Count how many entries the range has, from that record on (0 .. IngressCount), or -1 when
 * some rule's answer depends on more than the packet's key and the source ENI's flags (the rules are
 * then scanned). An entry allows the packet when its key ((protocol << 16) | destination port) is in
 * [Lo, Lo + Span] (unsigned) and the source ENI's flags share a bit with Need (a group's bit, SG-4; or
 * every bit: a CIDR holding each of the VPC's IPv4 blocks). Rules no such packet matches have no entry
 * (other protocols, a CIDR outside the VPC's blocks, IPv6); any entry allowing allows (SG-1: no order).
 */
export enum IntraIngress4Field {
  Lo,
  Span,
  Need,
  Count,
  Stride,
}

export enum SecurityGroupField {
  Vpc,
  IngressStart,
  IngressCount,
  EgressStart,
  EgressCount,
  /** Ranges in GroupMember4 (compile-time only: the image has the group's AddressIndex4 table) / GroupMember6. */
  Member4Start,
  Member4Count,
  Member6Start,
  Member6Count,
  Stride,
}

export enum GroupMember4Field {
  Address,
  Stride,
}

export enum GroupMember6Field {
  W0,
  W1,
  W2,
  W3,
  /** The ENI with the smallest id holding the address with the group (SG-5/6 decide by its VPC). */
  Eni,
  Stride,
}

export enum SgPeerKind {
  Cidr,
  SecurityGroup,
  PrefixList,
}

export enum SgRuleField {
  Group,
  Egress,
  /** -1 = all protocols. */
  Protocol,
  /** TCP/UDP ports, ICMP type (From) and code (To); -1 = any. */
  From,
  To,
  PeerKind,
  /** Dense id of the peer group or prefix list; NONE when the group is not in the model. */
  PeerRef,
  /** Peer CIDR when PeerKind is Cidr. */
  Prefix,
  /**
   * A group peer (PeerKind SecurityGroup) has no prefix: the first two of its words hold the peer group's
   * VPC and its bit in the ENI flags of the group's VPC (abi/image.ts ENI_GROUP_BIT_SHIFT; 0 when the
   * group has none): SG-4's test of the flow's origin (assembly/sg.ts groupPeerHolder4).
   */
  PeerVpc = Prefix,
  PeerBit = Prefix + 1,
  /** Index of the rule in its group's ingress/egress list in the model. */
  ModelIndex = Prefix + 6,
  Stride,
}

export enum PrefixListField {
  Start,
  Count,
  Stride,
}

export enum PrefixListEntryField {
  Prefix,
  Stride = Prefix + 6,
}
