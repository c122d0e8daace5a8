// Explanation codes: the one numbering shared by the WebAssembly walk (assembly/, verdicts and hop
// codes), the TypeScript reference walk (src/reference/) and the answers (src/analyze/codes.ts holds
// the name lookup and the blocking/informational kind, derived from this enum). Import-free, compiled
// by both tsc and asc (docs/engine-abi.md, "abi/codes.ts").
// Verdict = 0 when reachable, else the code of the first blocking component (TRACE-8).
// Names are the AWS Reachability Analyzer explanation codes [RA-CODES]; VPCSIM_* only where AWS has none.
// Append new codes at the end: the numbers are part of the engine ABI.

export enum Code {
  REACHABLE = 0,
  // Blocking codes (SEMANTICS.md §12 table).
  ENI_SG_RULES_MISMATCH = 1,
  SG_HAS_NO_RULES = 2,
  SUBNET_ACL_RESTRICTION = 3,
  NO_ROUTE_TO_DESTINATION = 4,
  BAD_STATE_ROUTE = 5,
  BAD_STATE = 6,
  BAD_STATE_ATTACHMENT = 7,
  BAD_STATE_VPN = 8,
  TGW_BAD_STATE_VPN = 9,
  ENI_SOURCE_DEST_CHECK_RESTRICTION = 10,
  IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS = 11,
  IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS = 12,
  IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS = 13,
  IGW_SOURCE_ADDRESS_NOT_IN_RFC1918_INGRESS = 14,
  IGW_DESTINATION_ADDRESS_NOT_IN_RFC6598_EGRESS = 15,
  IGW_SOURCE_ADDRESS_NOT_IN_RFC6598_INGRESS = 16,
  INGRESS_RTB_TRAFFIC_REDIRECTION = 17,
  NGW_REQUIRES_SOURCE_IN_VPC = 18,
  PROTOCOL_RESTRICTION = 19,
  PCX_REQUIRES_ADDRESS_IN_VPC_CIDR = 20,
  TGW_ATTACH_MISSING_TGW_RTB_ASSOCIATION = 21,
  TGW_RTB_BAD_STATE_ROUTE = 22,
  TGW_RTB_CANNOT_ROUTE = 23,
  TGW_RTB_NO_ROUTE_TO_TGW_ATTACHMENT = 24,
  CANNOT_ROUTE = 25,
  TGW_ROUTE_AZ_RESTRICTION = 26,
  TGW_ATTACH_VPC_AZ_RESTRICTION = 27,
  SG_REFERENCING_SUPPORT = 28,
  VGW_PRIVATE_IP_ASSOCIATION_FOR_EGRESS = 29,
  VGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS = 30,
  VPCE_GATEWAY_PROTOCOL_RESTRICTION = 31,
  VPCE_INTRA_VPC_TRAFFIC = 32,
  FIREWALL_RULES_RESTRICTION = 33,
  NO_PATH = 34,
  UNKNOWN_DESTINATION = 35,
  NO_SOURCE_OR_DESTINATION = 36,
  VPCSIM_NGW_UNSOLICITED_INBOUND = 37,
  VPCSIM_EIGW_UNSOLICITED_INBOUND = 38,
  VPCSIM_ENDPOINT_POLICY_DENY = 39,
  /** TRACE-15: a loopback destination (127.0.0.0/8, ::1) never leaves the host. */
  VPCSIM_LOOPBACK_DESTINATION = 40,
  // Informational codes (attached to hops, never a verdict): FIRST_INFO_CODE and up.
  NGW_SOURCE_ADDRESS_REASSIGN = 64,
  REMAP_EPHEMERAL_PORT = 65,
  HIGHER_PRIORITY_ROUTE = 66,
  MORE_SPECIFIC_ROUTE = 67,
  TGW_RTB_HIGHER_PRIORITY_ROUTE = 68,
  TGW_RTB_MORE_SPECIFIC_ROUTE = 69,
}

/** First informational code: codes >= this never block. */
export const FIRST_INFO_CODE = 64;
