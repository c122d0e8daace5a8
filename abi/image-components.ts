// Failable components of the network image (abi/image.ts; MC-1): the component numbering, each
// kind's block of ids, and each ENI's instance component.
// Import-free plain enums, compiled by both tsc and asc, like abi/image.ts.

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
