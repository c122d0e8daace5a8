// Transit gateway and on-premises records of the network image (abi/image.ts): transit gateways,
// attachments and their route tables (TGW-*), virtual private gateways, VPN and Direct Connect
// connections and the on-premises path lists (HYB-*).
// Import-free plain enums, compiled by both tsc and asc, like abi/image.ts.

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
