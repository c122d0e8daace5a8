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
  /** Private addresses of each VPC sorted for binary search: address -> ENI (per VPC range). */
  Owner4,
  Owner6,
  /** Public IPv4 / EIP -> ENI, sorted by public address (GW-3). */
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
  /** Private addresses of the ENIs carrying each group, sorted per group (SG-4 group peers). */
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
  /** Where each scope's table is in AddressIndex4: VPCs by dense id, then groups, then Public. */
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
  /** Family 0 when the subnet has no IPv4 block. */
  Cidr4,
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
}

export enum EniField {
  Subnet,
  Vpc,
  Kind,
  Flags,
  /**
   * The dense id of what the ENI belongs to, by kind: the instance (position in the Topology's
   * instances; TRACE-15: its ENIs are one host), the NAT gateway (GW-7), the VPC endpoint (interface
   * endpoints), the TGW attachment, the Network Firewall; else NONE.
   */
  Owner,
  /** Range in EniGroup. */
  GroupStart,
  GroupCount,
  /** Ranges in EniRule: the ENI's groups' rules in the ENI's group order (SG-1), shared by ENIs with the same groups. */
  IngressStart,
  IngressCount,
  EgressStart,
  EgressCount,
  /** Ranges in EniIp4 / EniIp6; the primary address first. */
  Ip4Start,
  Ip4Count,
  Ip6Start,
  Ip6Count,
  /** The primary private IPv4 (0 when none): the common destination, checked without leaving the record. */
  PrimaryIp4,
  /** 16 words: one cache line per ENI. */
  Stride,
}

export enum EniIp4Field {
  Eni,
  Private,
  /** Public IPv4 or EIP (ADDR-12..14), valid when HasPublic is 1. */
  Public,
  HasPublic,
  Stride,
}

export enum EniIp6Field {
  Eni,
  W0,
  W1,
  W2,
  W3,
  Stride,
}

export enum Owner4Field {
  Address,
  Eni,
  Stride,
}

export enum Owner6Field {
  W0,
  W1,
  W2,
  W3,
  Eni,
  Stride,
}

export enum Public4Field {
  Public,
  Private,
  Eni,
  Stride,
}

/**
 * Scope of an AddressIndex4 record: a dense VPC id (Value = the ENI owning the private address),
 * a group id + Group (Value = the member ENI with the smallest id, SG-4), or Public (Value = the Public4
 * record of a public IPv4 / Elastic IP, GW-3).
 */
export enum AddressScope {
  Empty = -1,
  Public = 0x20000000,
  Group = 0x40000000,
}

export enum AddressIndexField {
  Scope,
  Address,
  Value,
  Stride,
}

/** A scope's table in AddressIndex4: first record and slot mask (slots = Mask + 1; -1 = no table). */
export enum AddressIndexScopeField {
  Start,
  Mask,
  Stride,
}

export enum EniGroupField {
  Group,
  Stride,
}

export enum EniRuleField {
  Rule,
  Stride,
}

export enum SecurityGroupField {
  Vpc,
  IngressStart,
  IngressCount,
  EgressStart,
  EgressCount,
  /** Ranges in GroupMember4 / GroupMember6. */
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

export enum RouteTableField {
  Vpc,
  /** Ranges in Route: one winning route per distinct prefix (RT-4 resolved at compile time). */
  Route4Start,
  Route4Count,
  Route6Start,
  Route6Count,
  /** LPM table handles, written when the image is loaded into an engine; NONE until then. */
  Lpm4,
  Lpm6,
  /**
   * Fast path for traffic inside the VPC: a local IPv4 route (its Route record, network, length)
   * that no other route of the table is more specific than, so LPM of an address inside it is that
   * route (RT-3, RT-4). LocalRoute4 is NONE when there is none.
   */
  LocalRoute4,
  LocalAddr4,
  LocalLen4,
  /** 1 when a route of the table (winner or loser) can be withdrawn (RouteField.Connection): the walk then looks up with the down set. */
  Withdrawable,
  Stride,
}

export enum RouteTarget {
  Local,
  InternetGateway,
  EgressOnlyInternetGateway,
  NatGateway,
  Peering,
  TransitGateway,
  VpnGateway,
  VpcEndpoint,
  /** Instance targets are resolved to the instance's primary ENI (RT-9). */
  NetworkInterface,
  Blackhole,
  /** A Network Firewall endpoint (a vpce- id of a firewall, NFW-1); TargetRef = its ENI. */
  FirewallEndpoint,
}

/** RT-4 priority classes, lower wins on equal prefixes (the reference walk's RoutePriority). */
export enum RouteOrigin {
  /** The implied local route (RT-2). */
  Local,
  Static,
  /** A gateway endpoint's prefix-list route, one record per list entry (VPCE-2, VPCE-3). */
  PrefixList,
  PropagatedDirectConnect,
  PropagatedVpnStatic,
  PropagatedVpnBgp,
}

/** Informational route codes, precomputed per winning route (they depend only on the table). */
export enum RouteInfo {
  /** A less specific route covers this one (MORE_SPECIFIC_ROUTE). */
  MoreSpecific = 1,
  /** Another route with the same prefix lost on RT-4 priority (HIGHER_PRIORITY_ROUTE). */
  HigherPriority = 2,
}

export enum RouteField {
  Table,
  Prefix,
  Target = Prefix + 6,
  /**
   * Dense id within the target's kind; NONE for local and blackhole. Transit gateway targets: the
   * route's VPC's attachment to that transit gateway (NONE when there is none: RT-10).
   */
  TargetRef,
  /** 1 = blackhole as imported (RT-10); unusable targets are checked by the walk at evaluation time. */
  Blackhole,
  Origin,
  /** Index in RouteTable.routes of the model; NONE for the local route. */
  ModelIndex,
  /** Local routes: index of the VPC CIDR; prefix-list routes: dense prefix list id; 1 for an instance target. */
  Detail,
  /** RouteInfo bits. */
  Info,
  /**
   * The next candidate with the same prefix in RT-4 order (a loser, stored after the table's winners),
   * NONE at the end of the chain: where the walk falls back when this route is withdrawn (HYB-6, MC-5/6).
   */
  Next,
  /** The OnPremConnection the route is learned over (RT-12: withdrawn while it is down), else NONE. */
  Connection,
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
  Stride,
}

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

export enum InternetGatewayField {
  /** Attached VPC, NONE when detached. */
  Vpc,
  /** Gateway route table edge-associated with the IGW (RT-15), NONE when none. */
  EdgeRouteTable,
  Stride,
}

export enum EgressOnlyInternetGatewayField {
  Vpc,
  Stride,
}

export enum NatGatewayField {
  Subnet,
  Eni,
  /** 1 = public (has an EIP), 0 = private (GW-15). */
  Public,
  /** 1 when state is `available`. */
  Available,
  /** 1 when state is `deleted` (a route to it is a blackhole, RT-10). */
  Deleted,
  /** Private IPv4 of the NAT gateway ENI (GW-8 source). */
  Private,
  /** Its EIP, valid when Public is 1. */
  ElasticIp,
  Stride,
}

export enum PeeringField {
  RequesterVpc,
  AccepterVpc,
  /** PCX-2: only active peerings carry traffic. */
  Active,
  Stride,
}

export enum VpcEndpointType {
  Gateway,
  Interface,
  GatewayLoadBalancer,
}

export enum VpcEndpointField {
  Vpc,
  Type,
  /** VPCE-7 CHOICE: 1 when the policy denies. */
  PolicyDeny,
  Stride,
}

export enum TransitGatewayField {
  /** SG-6: security group referencing support on the transit gateway. */
  SgReferencing,
  Stride,
}

export enum TgwAttachmentKind {
  Vpc,
  Vpn,
  DirectConnectGateway,
  Peering,
  Connect,
}

export enum TgwAttachmentField {
  TransitGateway,
  Kind,
  /** VPC attachments: the dense VPC id; peering: the dense id of the peer transit gateway; VPN: the OnPremConnection; else NONE. */
  Resource,
  /** 1 when the state is `available` (TGW-14). */
  Available,
  /** TGW-12: appliance mode. */
  ApplianceMode,
  /** SG-6 on this attachment. */
  SgReferencing,
  /** TGW-2: the one TGW route table the attachment is associated with, NONE when none. */
  RouteTable,
  /** Peering attachments: the peer TGW's peering attachment back to this TGW, NONE when none. */
  PeerBack,
  /** Range in TgwAttachmentSubnet. */
  SubnetStart,
  SubnetCount,
  /** VPN / DX gateway attachments: their on-premises paths (TGW-3), in the reference's order. */
  PathStart,
  PathCount,
  /** VPN attachments: 1 when the VPN connection is down (no tunnel up, HYB-5). */
  VpnDown,
  Stride,
}

export enum TgwAttachmentSubnetField {
  Subnet,
  /** The TGW's ENI in that subnet, NONE when the model has none. */
  Eni,
  /** Rank of the subnet's AZ name (SubnetField.Zone). */
  Zone,
  Stride,
}

export enum TgwRouteTableField {
  Route4Start,
  Route4Count,
  Route6Start,
  Route6Count,
  /** LPM handles, written when the image is loaded. */
  Lpm4,
  Lpm6,
  /** As RouteTableField.Withdrawable. */
  Withdrawable,
  Stride,
}

/** TGW-5 priority classes, lower wins on equal prefixes (the reference walk's TgwRoutePriority). */
export enum TgwRouteOrigin {
  Static = 0,
  Vpc = 2,
  DirectConnect = 3,
  Vpn = 5,
}

export enum TgwRouteField {
  Table,
  Prefix,
  /** The attachment the route leads to; NONE for a blackhole or a missing attachment. */
  Attachment = Prefix + 6,
  Blackhole,
  Origin,
  /** TGW route informational codes (RouteInfo bits: TGW_RTB_MORE_SPECIFIC_ROUTE, TGW_RTB_HIGHER_PRIORITY_ROUTE). */
  Info,
  /** Index in TransitGatewayRouteTable.routes of the model for a static route; NONE for a propagated one. */
  ModelIndex,
  /** As RouteField.Next: the next candidate with the same prefix in TGW-5 order, NONE at the end. */
  Next,
  /** The OnPremConnection a VPN / DX propagated route is learned over (withdrawn while down, TGW-14), else NONE. */
  Connection,
  Stride,
}

export enum VpnGatewayField {
  /** The attached VPC, NONE when detached. */
  Vpc,
  /** Gateway route table edge-associated with the VGW (RT-15), NONE when none. */
  EdgeRouteTable,
  /** Its paths (VPN connections and private VIFs that are up) sorted by HYB-4 preference. */
  PathStart,
  PathCount,
  Stride,
}

export enum OnPremConnectionKind {
  Vpn,
  VirtualInterface,
}

export enum OnPremConnectionField {
  Kind,
  /** Index in the model's vpnConnections or virtualInterfaces. */
  Model,
  /** The VGW it ends on (VPN) or its private VIF's VGW; NONE when none. */
  VpnGateway,
  /** The TGW attachment it ends on (VPN attachment, or DX gateway attachment of a transit VIF); NONE when none. */
  TgwAttachment,
  /** VIFs: 1 when it is a transit VIF on a DX gateway (HYB-10 path through the TGW). */
  Transit,
  /** VIFs on a DX gateway: range in DxAssociation (HYB-9). */
  AssociationStart,
  AssociationCount,
  /** VPN CloudHub (HYB-7): paths to the other BGP sites of the same VGW, pre-sorted. */
  CloudHubStart,
  CloudHubCount,
  /**
   * MC-5 / MC-6: the failable components it depends on. VPN: its tunnels are components TunnelStart ..
   * TunnelStart + TunnelCount - 1 and TunnelUp has bit i set when tunnel i is UP in the model; the
   * connection is up while one of those is not down (HYB-5). VIF: TunnelStart is its DX connection's
   * component (NONE when the model has none), TunnelCount 0.
   */
  TunnelStart,
  TunnelCount,
  TunnelUp,
  Stride,
}

export enum OnPremPathField {
  Prefix,
  Connection = Prefix + 6,
  Stride,
}

export enum DxAssociationField {
  VpnGateway,
  Stride,
}

export enum FirewallField {
  /** The dense FirewallPolicy id, NONE when the policy is not in the model. */
  Policy,
  Stride,
}

/** NFW-2: what the stateless engine does with a packet. */
export enum StatelessAction {
  Pass,
  Drop,
  Forward,
}

export enum StatefulAction {
  Pass,
  Drop,
  Reject,
  Alert,
}

export enum FirewallPolicyField {
  StatelessStart,
  StatelessCount,
  /** StatelessAction when no stateless rule matches. */
  StatelessDefault,
  /** 1 = STRICT_ORDER, 0 = default action order (pass, then drop, then reject). */
  StrictOrder,
  /** STRICT_ORDER: 1 when the stateful default actions drop (aws:drop_strict / aws:drop_established). */
  StrictDefaultDrop,
  StatefulStart,
  StatefulCount,
  Stride,
}

export enum FwStatelessRuleField {
  Action,
  /** Ranges in FwValue (protocols, ports) and FwPrefix; an empty range matches anything. */
  ProtocolStart,
  ProtocolCount,
  SourceStart,
  SourceCount,
  DestinationStart,
  DestinationCount,
  SourcePortStart,
  SourcePortCount,
  DestinationPortStart,
  DestinationPortCount,
  /** The rule group (index in the model's firewallRuleGroups) and the rule's index in its statelessRules (answers name them). */
  Group,
  ModelIndex,
  Stride,
}

export enum FwStatefulRuleField {
  Action,
  /** -1 = any. */
  Protocol,
  /** Family 0 = any. */
  Source,
  Destination = Source + 6,
  /** -1 = any. */
  SourcePortFrom = Destination + 6,
  SourcePortTo,
  DestinationPortFrom,
  DestinationPortTo,
  /** 1 for direction ANY (the rule also matches the reverse direction). */
  AnyDirection,
  /** The rule group: index in the model's firewallRuleGroups (answers name it). */
  Group,
  Stride,
}

export enum FwValueField {
  From,
  To,
  Stride,
}

export enum FwPrefixField {
  Prefix,
  Stride = Prefix + 6,
}

/**
 * Failable components (MC-1), numbered densely kind by kind in this order: component id = the kind's
 * block Base + the dense id within the kind. Availability Zones in name order (SubnetField.Zone),
 * subnets, ENIs, NAT gateways, TGW attachments in their section order, instances and DX connections in
 * model order, VPN tunnels per VPN connection (model order) one per declared tunnel. The compiled
 * image lists them (NetworkImage.components); the down set is a bitset over these ids.
 */
export enum ComponentKind {
  AvailabilityZone,
  Subnet,
  NetworkInterface,
  Instance,
  NatGateway,
  TransitGatewayAttachment,
  VpnTunnel,
  DirectConnectConnection,
  Count,
}

export enum ComponentBlockField {
  /** Component id of the kind's first component. */
  Base,
  Count,
  Stride,
}

export enum EniInstanceField {
  /** Component id of the ENI's instance, NONE when it has none. */
  Instance,
  Stride,
}

