// The NetworkImage memory layout: what src/compile/ writes and assembly/ reads, word for word.
// Import-free plain enums and consts, compiled by both tsc and asc (see docs/engine-abi.md, "abi/image.ts").
//
// The image is one Int32Array: a header, then one section per table below. A section is a table
// of fixed-width records of i32 words; `<Table>.Stride` is the record width. Dense ids are record
// indices. Absent references are NONE (-1, abi/version.ts). Addresses: IPv4 in word W0; IPv6 in
// W0..W3, most significant word first (the LPM engine's order). The header's magic and version are
// IMAGE_MAGIC and IMAGE_VERSION (abi/version.ts).

/** Sections start at multiples of 16 words (64 bytes, one cache line) from the image start. */
export const SECTION_ALIGN_WORDS = 16;

/** Header: magic, version, section count, then (offset, record count) per section, in words. */
export enum Header {
  Magic,
  Version,
  SectionCount,
  FirstSection,
}

export enum Section {
  Vpc,
  VpcCidr,
  Subnet,
  Eni,
  EniIp4,
  EniIp6,
  /**
   * Private addresses of each VPC sorted: address -> ENI (per VPC range). IPv4: compile-time only, the
   * source of AddressIndex4's VPC tables; the image carries Owner4 empty (VpcField.Owner4Count still
   * counts the VPC's addresses).
   */
  Owner4,
  Owner6,
  /**
   * Public IPv4 / EIP -> private address and ENI (GW-3): an open-addressing table of its own (the
   * Public scope of the address index, Public4Field records as slots: one probe reads the answer).
   */
  Public4,
  /** IPv6 address -> ENI over all VPCs (GW-5: IPv6 addresses are global), Owner6 records. */
  Public6,
  /** Private address -> ENI in the VPC with the smallest id (C-4), Owner4 / Owner6 records. */
  Anywhere4,
  Anywhere6,
  /** Security groups of each ENI (SG-4 membership), sorted by dense group id. */
  EniGroup,
  /** SG rules grouped per ENI and direction: indices into SgRule. */
  EniRule,
  SecurityGroup,
  SgRule,
  /**
   * Private addresses of the ENIs carrying each group, sorted per group (SG-4 group peers). IPv4:
   * compile-time only, the source of AddressIndex4's group tables; the image carries GroupMember4 empty.
   */
  GroupMember4,
  GroupMember6,
  PrefixList,
  PrefixListEntry,
  RouteTable,
  Route,
  Nacl,
  NaclEntry,
  InternetGateway,
  EgressOnlyInternetGateway,
  NatGateway,
  Peering,
  /**
   * IPv4 hash index (AddressIndexField records): the ENI owning a private address in a VPC, group
   * membership of an address (SG-4), the record of a public IPv4. One small open-addressing table per
   * scope (a power-of-two count, half empty at most), placed where AddressIndexScope says: one probe,
   * usually one cache line, where the sorted tables above need a binary search; and one VPC's
   * addresses share a few cache lines, which stay cached while the walk serves that VPC.
   */
  AddressIndex4,
  /** Where each scope's table is in AddressIndex4: VPCs by dense id, then groups (the Public scope's table is Public4). */
  AddressIndexScope,
  VpcEndpoint,
  TransitGateway,
  TgwAttachment,
  /** Subnets of VPC attachments (TGW-9), per attachment sorted by AZ name. */
  TgwAttachmentSubnet,
  TgwRouteTable,
  /** One winning route per prefix per TGW route table (TGW-5 resolved at compile time). */
  TgwRoute,
  VpnGateway,
  /** VPN connections (model order) then Direct Connect virtual interfaces: the on-premises connections. */
  OnPremConnection,
  /** Lists of on-premises paths (prefix -> connection), each pre-sorted for the first match to win. */
  OnPremPath,
  /** Every path that is up, in onPremisesSourceConnection order: where an on-premises source sends from. */
  OnPremSource,
  /** Virtual private gateways associated with a Direct Connect gateway, per VIF (HYB-9). */
  DxAssociation,
  /** Network Firewalls (NFW-*): the policy of each; firewall endpoint ENIs name theirs in EniField.Owner. */
  Firewall,
  FirewallPolicy,
  /** Stateless rules of each policy, flattened in evaluation order (group priority, then rule priority). */
  FwStatelessRule,
  /** Stateful rules of each policy, flattened in group order then rule order. */
  FwStatefulRule,
  /** Value lists of stateless rules: protocols (From only) and port ranges. */
  FwValue,
  /** Prefix lists of stateless rules (sources, destinations). */
  FwPrefix,
  /** Failable components (MC-1): one ComponentBlockField record per ComponentKind, in kind order. */
  ComponentBlock,
  /** Per ENI: the dense component id of its instance, NONE when it has none (MC-1 instance failures). */
  EniInstance,
  /** Per ENI: what the walk reads off its common path (EniDetailField), apart from the Eni records. */
  EniDetail,
  /**
   * Beside EniRule, record for record (IntraIngress4Field, abi/image-security-groups.ts): at an ENI's
   * IngressStart, its ingress rules compiled for a TCP or UDP IPv4 packet from an ENI of its own VPC.
   */
  IntraIngress4,
  Count,
}

/** A prefix inside a record: family (4|6), length, then four address words. */
export enum PrefixField {
  Family,
  Len,
  W0,
  W1,
  W2,
  W3,
  Stride,
}

export enum VpcField {
  MainRouteTable,
  /** The first attached gateway in model order (the reference walk's choice). */
  InternetGateway,
  EgressOnlyInternetGateway,
  /** Range in VpcCidr (IPv4 blocks first, then IPv6). */
  CidrStart,
  CidrCount,
  Owner4Start,
  Owner4Count,
  Owner6Start,
  Owner6Count,
  Stride,
}

/** A VPC CIDR block: the owning VPC then a prefix. */
export enum VpcCidrField {
  Vpc,
  Prefix,
  Stride = Prefix + 6,
}

export enum SubnetField {
  Vpc,
  /** Dense zone number: zones numbered in name order over the whole topology. */
  Zone,
  RouteTable,
  Nacl,
  /**
   * A PrefixField block, family 0 when the subnet has no IPv4 block. Its IPv4 prefix reads W0 only, so
   * W1..W3 hold the block for RT-16's one test (Net4, Mask4 below).
   */
  Cidr4,
  /**
   * Two words read as one u64 (Cidr4's W0, W1): the block's network, high word 1 when the subnet has no
   * IPv4 block. Mask4 (Cidr4's W2, W3): its netmask, high word 1. `((a ^ Net4) & Mask4) == 0` exactly
   * for the IPv4 addresses `a` inside the block (none without one), as NaclField.In4Net's pair.
   */
  Net4 = Cidr4 + 2,
  Mask4 = Cidr4 + 4,
  Cidr6 = Cidr4 + 6,
  Stride = Cidr6 + 6,
}

export enum EniKind {
  Instance,
  Interface,
  NatGateway,
  VpcEndpoint,
  TransitGatewayAttachment,
  FirewallEndpoint,
}

export enum EniFlag {
  SourceDestCheck = 1,
  /** The ENI's instance is stopped (RT-10) — a detached ENI is never "down" this way. */
  Stopped = 2,
  /** An instance's only network interface: its host holds no other ENI's addresses (TRACE-15). */
  SoleOfInstance = 4,
  /**
   * SG-1: the first egress rule of the ENI's groups allows all traffic to 0.0.0.0/0 (a group's default
   * egress rule), so it allows every IPv4 packet leaving the ENI and the walk skips the scan.
   */
  EgressOpen4 = 8,
  /** The same for IPv6: the first egress rule allows all traffic to ::/0. */
  EgressOpen6 = 16,
  /**
   * The ENI holds a private IPv4 address besides EniField.PrimaryIp4 (a secondary address, or a first
   * address not marked primary): only then does the walk read its EniIp4 range (EniDetailField.Ip4Start).
   */
  MoreIp4 = 32,
  /**
   * Facts of the one pass over a flow inside a VPC (assembly/walk-local.ts): an instance's sole ENI or an
   * interface ENI, not stopped, holding one private IPv4 address (its primary, not 0), in a subnet whose
   * network ACL holds NACL_INTRA_VPC4 and whose route table is LocalInside (image version 23).
   */
  IntraVpc4 = 64,
}

/**
 * EniField.Flags bits from this one up (ENI_GROUP_SLOTS of them): the groups the ENI carries among its
 * VPC's groups that some rule names as a peer (SG-4), one bit per group, the VPC's first
 * ENI_GROUP_SLOTS such groups by dense id (SgRuleField.PeerBit names a rule's). Groups past them have no bit.
 */
export const ENI_GROUP_BIT_SHIFT = 8;
export const ENI_GROUP_SLOTS = 24;

/**
 * What the walk reads of an ENI at nearly every hop: 8 words, two ENIs to a cache line (a VPC's
 * ENIs in half as many lines as with the whole record). The rest is in EniDetailField (Section.EniDetail).
 */
export enum EniField {
  Subnet,
  Vpc,
  Kind,
  Flags,
  /** The primary private IPv4 (0 when none): the common destination, checked without leaving the record. */
  PrimaryIp4,
  /**
   * The ENI's groups' rules in EniRule, in the ENI's group order (SG-1), shared by ENIs with the same
   * groups: IngressCount ingress rules from IngressStart, then EgressCount egress rules right after
   * them (the egress range starts at IngressStart + IngressCount).
   */
  IngressStart,
  IngressCount,
  EgressCount,
  Stride,
}

/** The rest of an ENI's record, read off the common path (Section.EniDetail, one record per ENI). */
export enum EniDetailField {
  /**
   * The dense id of what the ENI belongs to, by kind: the instance (position in the Topology's
   * instances; TRACE-15: its ENIs are one host), the NAT gateway (GW-7), the VPC endpoint (interface
   * endpoints), the TGW attachment, the Network Firewall; else NONE.
   */
  Owner,
  /** Range in EniGroup. */
  GroupStart,
  GroupCount,
  /** Ranges in EniIp4 / EniIp6; the primary address first. */
  Ip4Start,
  Ip4Count,
  Ip6Start,
  Ip6Count,
  /** Unused: records of 8 words do not straddle cache lines. */
  Spare,
  Stride,
}

export enum NaclField {
  Vpc,
  /**
   * Ranges in NaclEntry per direction and address family, each sorted by ascending rule number
   * (NACL-5): an entry only ever matches packets of its CIDR's family, so a walk scans one range.
   * Each Count follows its Start.
   */
  Ingress4Start,
  Ingress4Count,
  Egress4Start,
  Egress4Count,
  Ingress6Start,
  Ingress6Count,
  Egress6Start,
  Egress6Count,
  /**
   * NACL_OPEN_* bits, one per range: set when the range's first entry allows every packet of its family
   * (protocol all, prefix /0), so that entry decides without a scan (the default NACL, NACL-2; the usual outbound rule).
   * NACL_INTRA_VPC4: both IPv4 ranges allow every packet inside the VPC's IPv4 CIDRs.
   */
  Open,
  /**
   * The IPv4 shortcut of each direction (In4*: the Ingress4 range, Out4*: Egress4): every packet whose
   * address the range matches on (the source inbound, the destination outbound) lies in Net/Mask is
   * decided by entry Entry (absolute NaclEntry index, -1 = the `*` rule) with Allow, without the scan.
   * Such an entry is of all protocols and its CIDR overlaps no entry before it (the widest one; an
   * empty range: everything, the `*` rule). Net and Mask are two words each, read as one u64: the high
   * words are 0, or 1 for a range without a shortcut, so that nothing matches it.
   */
  In4Net,
  In4Mask = In4Net + 2,
  In4Entry = In4Mask + 2,
  In4Allow,
  Out4Net,
  Out4Mask = Out4Net + 2,
  Out4Entry = Out4Mask + 2,
  Out4Allow,
  Stride,
}

/** NaclField.Open's bit for each range. */
export const NACL_OPEN_INGRESS4 = 1;
export const NACL_OPEN_EGRESS4 = 2;
export const NACL_OPEN_INGRESS6 = 4;
export const NACL_OPEN_EGRESS6 = 8;
/**
 * NaclField.Open's bit for a fact of both IPv4 ranges (image version 20): every IPv4 packet whose address
 * matched on (the source inbound, the destination outbound) lies in one of the ACL's VPC's IPv4 CIDRs is
 * allowed, whatever its protocol and ports (an all-protocol allow holding the CIDR comes before any deny
 * overlapping it). Untraced, a crossing between two such subnets of a packet with both addresses inside
 * the VPC is decided without the two checks (assembly/walk-route.ts intraVpcOpen4).
 */
export const NACL_INTRA_VPC4 = 16;

/** What the walk reads first: the match (IPv4 as network and mask), then the rest; one cache line per entry. */
export enum NaclEntryField {
  Protocol,
  /** Port range for TCP/UDP; ICMP type (From) and code (To); -1 = any. */
  From,
  To,
  Allow,
  /** IPv4 entries: the prefix's netmask (0 for /0), so a match is ((address ^ Prefix.W0) & Mask4) == 0. */
  Mask4,
  Prefix,
  Nacl = Prefix + 6,
  RuleNumber,
  Egress,
  ModelIndex,
  Stride = ModelIndex + 2,
}
