// Explanation codes and hop kinds shared by the TypeScript reference walk (src/reference/) and the
// WebAssembly walk (assembly/): both must give the same small integers for the same packet.
// Verdict = 0 when reachable, else the code of the first blocking component (TRACE-8).
// Names are the AWS Reachability Analyzer explanation codes [RA-CODES]; VPCSIM_* only where AWS has none.
// Append new codes at the end: the numbers are part of the engine ABI.

export const Code = {
  REACHABLE: 0,
  // Blocking codes (SEMANTICS.md §12 table).
  ENI_SG_RULES_MISMATCH: 1,
  SG_HAS_NO_RULES: 2,
  SUBNET_ACL_RESTRICTION: 3,
  NO_ROUTE_TO_DESTINATION: 4,
  BAD_STATE_ROUTE: 5,
  BAD_STATE: 6,
  BAD_STATE_ATTACHMENT: 7,
  BAD_STATE_VPN: 8,
  TGW_BAD_STATE_VPN: 9,
  ENI_SOURCE_DEST_CHECK_RESTRICTION: 10,
  IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS: 11,
  IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS: 12,
  IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS: 13,
  IGW_SOURCE_ADDRESS_NOT_IN_RFC1918_INGRESS: 14,
  IGW_DESTINATION_ADDRESS_NOT_IN_RFC6598_EGRESS: 15,
  IGW_SOURCE_ADDRESS_NOT_IN_RFC6598_INGRESS: 16,
  INGRESS_RTB_TRAFFIC_REDIRECTION: 17,
  NGW_REQUIRES_SOURCE_IN_VPC: 18,
  PROTOCOL_RESTRICTION: 19,
  PCX_REQUIRES_ADDRESS_IN_VPC_CIDR: 20,
  TGW_ATTACH_MISSING_TGW_RTB_ASSOCIATION: 21,
  TGW_RTB_BAD_STATE_ROUTE: 22,
  TGW_RTB_CANNOT_ROUTE: 23,
  TGW_RTB_NO_ROUTE_TO_TGW_ATTACHMENT: 24,
  CANNOT_ROUTE: 25,
  TGW_ROUTE_AZ_RESTRICTION: 26,
  TGW_ATTACH_VPC_AZ_RESTRICTION: 27,
  SG_REFERENCING_SUPPORT: 28,
  VGW_PRIVATE_IP_ASSOCIATION_FOR_EGRESS: 29,
  VGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS: 30,
  VPCE_GATEWAY_PROTOCOL_RESTRICTION: 31,
  VPCE_INTRA_VPC_TRAFFIC: 32,
  FIREWALL_RULES_RESTRICTION: 33,
  NO_PATH: 34,
  UNKNOWN_DESTINATION: 35,
  NO_SOURCE_OR_DESTINATION: 36,
  VPCSIM_NGW_UNSOLICITED_INBOUND: 37,
  VPCSIM_EIGW_UNSOLICITED_INBOUND: 38,
  VPCSIM_ENDPOINT_POLICY_DENY: 39,
  // Informational codes (attached to hops, never a verdict).
  NGW_SOURCE_ADDRESS_REASSIGN: 64,
  REMAP_EPHEMERAL_PORT: 65,
  HIGHER_PRIORITY_ROUTE: 66,
  MORE_SPECIFIC_ROUTE: 67,
  TGW_RTB_HIGHER_PRIORITY_ROUTE: 68,
  TGW_RTB_MORE_SPECIFIC_ROUTE: 69,
} as const;

export type CodeName = keyof typeof Code;
export type CodeValue = (typeof Code)[CodeName];

/** First informational code: codes >= this never block. */
export const FIRST_INFO_CODE = 64;

/** Number -> name for a `{ NAME: number }` table, throwing on numbers the table does not hold. */
function nameLookup<N extends string>(table: Record<N, number>, what: string): (value: number) => N {
  const names = new Map<number, N>(Object.entries(table).map(([name, value]) => [value as number, name as N]));
  return (value) => {
    const name = names.get(value);
    if (name === undefined) throw new RangeError(`unknown ${what} ${value}`);
    return name;
  };
}

/** `codeName(3)` -> `SUBNET_ACL_RESTRICTION`. */
export const codeName: (code: number) => CodeName = nameLookup(Code, 'explanation code');

/**
 * What a hop is. The trace answer names the component of each hop; the kind says which check it was.
 * Append only (engine ABI).
 */
export const HopKind = {
  SECURITY_GROUP_EGRESS: 1,
  SECURITY_GROUP_INGRESS: 2,
  NETWORK_ACL_OUTBOUND: 3,
  NETWORK_ACL_INBOUND: 4,
  ROUTE_TABLE: 5,
  INTERNET_GATEWAY: 6,
  NAT_GATEWAY: 7,
  EGRESS_ONLY_INTERNET_GATEWAY: 8,
  VPC_PEERING_CONNECTION: 9,
  TRANSIT_GATEWAY_ATTACHMENT: 10,
  TRANSIT_GATEWAY_ROUTE_TABLE: 11,
  VPN_GATEWAY: 12,
  VPN_CONNECTION: 13,
  DIRECT_CONNECT: 14,
  GATEWAY_ENDPOINT: 15,
  INTERFACE_ENDPOINT: 16,
  NETWORK_FIREWALL: 17,
  NETWORK_INTERFACE: 18,
  /** The packet left the model: an internet host, an on-premises host or an AWS service. */
  INTERNET: 19,
  ON_PREMISES: 20,
  AWS_SERVICE: 21,
  GATEWAY_ROUTE_TABLE: 22,
} as const;

export type HopKindName = keyof typeof HopKind;
export type HopKindValue = (typeof HopKind)[HopKindName];

export const hopKindName: (kind: number) => HopKindName = nameLookup(HopKind, 'hop kind');

/** Direction of travel of a packet in a trace (TRACE-5). */
export const Direction = { FORWARD: 0, RESPONSE: 1 } as const;
export type DirectionValue = (typeof Direction)[keyof typeof Direction];
