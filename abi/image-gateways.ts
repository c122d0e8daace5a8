// The gateway records of the NetworkImage (abi/image.ts: Section.InternetGateway, EgressOnlyInternetGateway,
// NatGateway, Peering, VpcEndpoint): what src/compile/gateways.ts and endpoints.ts write and the walk's
// gateway steps read. Import-free plain enums, compiled by both tsc and asc, like abi/image.ts.

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
  /**
   * PEERING_REPLY_REQUESTER | PEERING_REPLY_ACCEPTER (image version 22): that side's subnets all send every
   * IPv4 address of the other side's CIDRs over this connection (src/compile/peering-replies.ts).
   */
  ReplyRoutes4,
  Stride,
}

/** PeeringField.ReplyRoutes4: the requester VPC's route tables send the accepter's IPv4 CIDRs back over the connection. */
export const PEERING_REPLY_REQUESTER = 1;
/** PeeringField.ReplyRoutes4: the accepter VPC's route tables send the requester's IPv4 CIDRs back over the connection. */
export const PEERING_REPLY_ACCEPTER = 2;

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
