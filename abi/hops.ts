// Hop records of traced batches: what assembly/walk.ts writes per hop and src/analyze/engine-explain.ts
// (with hop-text/) reads back into the answer's hops. Import-free plain enums and consts, compiled by
// both tsc and asc (docs/engine-abi.md, "abi/hops.ts"). A hop's Code is an explanation code (abi/codes.ts).

/** Direction of travel of a packet in a trace (TRACE-5); HopField.Direction. */
export enum Direction {
  FORWARD = 0,
  RESPONSE = 1,
}

/**
 * What a hop is (HopField.Kind). The trace answer names the component of each hop; the kind says
 * which check it was. Append only.
 */
export enum HopKind {
  SECURITY_GROUP_EGRESS = 1,
  SECURITY_GROUP_INGRESS = 2,
  NETWORK_ACL_OUTBOUND = 3,
  NETWORK_ACL_INBOUND = 4,
  ROUTE_TABLE = 5,
  INTERNET_GATEWAY = 6,
  NAT_GATEWAY = 7,
  EGRESS_ONLY_INTERNET_GATEWAY = 8,
  VPC_PEERING_CONNECTION = 9,
  TRANSIT_GATEWAY_ATTACHMENT = 10,
  TRANSIT_GATEWAY_ROUTE_TABLE = 11,
  VPN_GATEWAY = 12,
  VPN_CONNECTION = 13,
  DIRECT_CONNECT = 14,
  GATEWAY_ENDPOINT = 15,
  INTERFACE_ENDPOINT = 16,
  NETWORK_FIREWALL = 17,
  NETWORK_INTERFACE = 18,
  /** The packet left the model: an internet host, an on-premises host or an AWS service. */
  INTERNET = 19,
  ON_PREMISES = 20,
  AWS_SERVICE = 21,
  GATEWAY_ROUTE_TABLE = 22,
}

/** What a hop's component id names (the TypeScript side maps it back to a logical id). */
export enum HopComponent {
  None,
  NetworkInterface,
  /** The ENI's instance when it has one, else the ENI. */
  InstanceOrInterface,
  SecurityGroup,
  /** The ENI's only security group, else its instance, else the ENI (the reference walk's naming for SG decisions). */
  SecurityGroupOfInterface,
  NetworkAcl,
  RouteTable,
  InternetGateway,
  EgressOnlyInternetGateway,
  NatGateway,
  Peering,
  Vpc,
  VpcEndpoint,
  /** The AWS service behind a gateway endpoint (named by the endpoint's service name). */
  ServiceOfEndpoint,
  /** NACL-12: an Amazon-provided service (AmazonService value). */
  AmazonService,
  TransitGatewayAttachment,
  TransitGatewayRouteTable,
  VpnGateway,
  /** An OnPremConnection: its VPN connection or virtual interface. */
  OnPremConnection,
  Firewall,
  Subnet,
  /** MC-14: an Availability Zone, by its rank among the topology's AZ names in order (a Monte Carlo cause only). */
  AvailabilityZone,
}

/** NACL-12: the Amazon-provided services an instance reaches on its host. */
export enum AmazonService {
  Dns,
  InstanceMetadata,
  TimeSync,
}

/**
 * One hop of a traced batch: enough integers for TypeScript to write the hop's text from the image's
 * tables and the Topology (src/analyze/engine-explain.ts): what decided (Detail), which of the
 * component's messages applies (Note), what else the message names (Ref, Ref2), and the packet as it
 * is at the hop, after any translation there.
 */
export enum HopField {
  Direction,
  Kind,
  Component,
  ComponentId,
  Code,
  /**
   * The record that decided, else NONE: Route (ROUTE_TABLE, GATEWAY_ROUTE_TABLE), SgRule (security group
   * passes), NaclEntry (NONE = the `*` rule), TgwRoute, OnPremPath (VPN gateway forwards), FwStatelessRule
   * (NETWORK_FIREWALL; NONE = the stateless default action).
   */
  Detail,
  /** HopNote: which of the component's messages; HOP_LIMIT_NOTE set on the hop past TRACE-11's limit. */
  Note,
  /**
   * What else the message names, by hop kind: the subnet (network ACLs, local delivery, TGW attachment
   * subnets), the ENI (firewall and TGW-13 hops, GW-4 private owner), the VPC (peering), the address or
   * port before translation (internet and NAT gateways), the ingress (IngressKind, GW-11), the attachment
   * the packet entered (TGW route table), the arrival (ArrivalKind, a response delivered elsewhere), the
   * on-premises connection (a missing VGW).
   */
  Ref,
  /** A second such value: NAT source port before translation, stateful firewall rule, arrival id. */
  Ref2,
  /** The packet at the hop: addresses (4 words each, IPv4 in the first) and ports. */
  Src,
  Dst = Src + 4,
  SrcPort = Dst + 4,
  DstPort,
  Stride,
}

/** Where a walk ended: a NO_PATH hop "the response is delivered to ..." names it in HopField.Ref. */
export enum ArrivalKind {
  NetworkInterface,
  Internet,
  /** An AWS service through a gateway endpoint (Ref2 = the endpoint). */
  AwsService,
  /** NACL-12: an Amazon-provided service (Ref2 = the AmazonService). */
  AmazonService,
  /** On premises (Ref2 = the OnPremConnection). */
  OnPremises,
}

/**
 * What took a down ENI down (MC-2), widest first: NETWORK_INTERFACE BAD_STATE (HopNote.Down) and
 * NAT_GATEWAY BAD_STATE (HopNote.ZoneDown) hops give it in HopField.Ref, with Ref2 the subnet position
 * (Subnet) or the AZ's rank among the topology's AZ names in order (Zone); NONE for Itself.
 */
export enum DownRoot {
  /** The ENI or its instance. */
  Itself,
  Subnet,
  Zone,
}

/** How the packet entered the VPC it is in (PCX-3/4, GW-11); a NAT gateway's GW-11 hop names it in HopField.Ref. */
export enum IngressKind {
  Vpc,
  Internet,
  Peering,
  TransitGateway,
  OnPremises,
}

/** Set in HopField.Note on the hop that went past TRACE-11's hop limit (its message is 'hop-limit'). */
export const HOP_LIMIT_NOTE = 0x100;

/** Which message a hop's component gives when one hop kind and code have several (HopField.Note). */
export enum HopNote {
  None,
  /** Into a VPC, back from a service, or the inbound side of a gateway (IGW/EIGW/VGW/gateway endpoint/TGW attachment leaving the TGW). */
  Inbound,
  /** NETWORK_INTERFACE: RT-14, an appliance forwards the packet. */
  Forwards,
  /** A reply: NAT gateway translating back, Amazon-provided service, firewall state (NFW-4). */
  Reply,
  /** BAD_STATE_ROUTE after the route hop (RT-10): the target does not exist or is not in this VPC. */
  TargetMissing,
  /** RT-10: the target is in a state that carries nothing (peering not active, instance not running). */
  TargetState,
  /** RT-10: the NAT gateway or firewall endpoint has no network interface. */
  TargetWithoutInterface,
  /** RT-10: the peer VPC of the peering connection is not in the model. */
  PeerVpcMissing,
  /** NAT gateway without a private address; peering: the destination is outside the peer VPC; internet: nobody has the public address. */
  Other,
  /** VPN gateway: VPN CloudHub forwards between sites (HYB-7). */
  CloudHub,
  /** VPN connection / virtual interface: the packet arrives from on premises. */
  Arrives,
  /** NETWORK_FIREWALL: no policy; the stateless engine decided; the stateful engine decided; no state for a reply. */
  NoPolicy,
  Stateless,
  Stateful,
  NoState,
  /** BAD_STATE / BAD_STATE_ATTACHMENT: the component is down in the scenario (TRACE-12, MC-1..7). */
  Down,
  /** NAT_GATEWAY BAD_STATE: its ENI, subnet or AZ is down (MC-2, GW-13). */
  ZoneDown,
  /** TRANSIT_GATEWAY_ATTACHMENT BAD_STATE_ATTACHMENT: every subnet of the attachment is down (MC-7). */
  AllSubnetsDown,
  /**
   * NETWORK_INTERFACE NO_PATH (TRACE-13): the forward packet was delivered somewhere other than the
   * query's destination ENI (an ENI with the same address in an overlapping CIDR); Ref = ArrivalKind,
   * Ref2 = what it reached, as for a response delivered elsewhere.
   */
  NotDestination,
  /** NETWORK_INTERFACE (TRACE-15): the destination is the sending ENI's own address; the packet stays in the host. */
  InsideHost,
}

/** Set in HopField.Ref2 of a route-table hop when its informational codes were computed under the down set (RouteInfo bits below it). */
export const ROUTE_INFO_DYNAMIC = 0x10000;
