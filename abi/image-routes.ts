// Route tables and routes of the network image (abi/image.ts): each table's ranges of winning routes
// and LPM roots, the route records and the enums stored in them (RouteTarget, RouteOrigin, RouteInfo).
// Import-free plain enums, compiled by both tsc and asc, like abi/image.ts.

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
   * Fast path for traffic inside the VPC: a local IPv4 route (its Route record, network, netmask)
   * that no other route of the table is more specific than, so LPM of an address inside it is that
   * route (RT-3, RT-4). LocalRoute4 is NONE when there is none.
   */
  LocalRoute4,
  LocalAddr4,
  LocalMask4,
  /** 1 when a route of the table (winner or loser) can be withdrawn (RouteField.Connection): the walk then looks up with the down set. */
  Withdrawable,
  /**
   * 1 when every address inside the VPC's CIDRs (both families) looks up to a local route: no route
   * but the local ones (RT-2) lies inside a VPC CIDR. A response inside the VPC then takes the local
   * route without the lookup (assembly/walk-reply.ts).
   */
  LocalInside,
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
