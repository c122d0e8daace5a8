// Explanation codes and hop kinds as the engine writes them: the same numbers as
// src/analyze/codes.ts (test/walk-differential.test.ts checks every constant here against it).
export const REACHABLE: i32 = 0;
export const ENI_SG_RULES_MISMATCH: i32 = 1;
export const SG_HAS_NO_RULES: i32 = 2;
export const SUBNET_ACL_RESTRICTION: i32 = 3;
export const NO_ROUTE_TO_DESTINATION: i32 = 4;
export const BAD_STATE_ROUTE: i32 = 5;
export const BAD_STATE: i32 = 6;
export const ENI_SOURCE_DEST_CHECK_RESTRICTION: i32 = 10;
export const IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS: i32 = 11;
export const IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS: i32 = 12;
export const IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS: i32 = 13;
export const IGW_SOURCE_ADDRESS_NOT_IN_RFC1918_INGRESS: i32 = 14;
export const IGW_DESTINATION_ADDRESS_NOT_IN_RFC6598_EGRESS: i32 = 15;
export const IGW_SOURCE_ADDRESS_NOT_IN_RFC6598_INGRESS: i32 = 16;
export const NGW_REQUIRES_SOURCE_IN_VPC: i32 = 18;
export const PROTOCOL_RESTRICTION: i32 = 19;
export const PCX_REQUIRES_ADDRESS_IN_VPC_CIDR: i32 = 20;
export const CANNOT_ROUTE: i32 = 25;
export const VPCE_INTRA_VPC_TRAFFIC: i32 = 32;
export const NO_PATH: i32 = 34;
export const UNKNOWN_DESTINATION: i32 = 35;
export const VPCSIM_NGW_UNSOLICITED_INBOUND: i32 = 37;
export const VPCSIM_EIGW_UNSOLICITED_INBOUND: i32 = 38;
/** Engine-only verdict: the flow needs a component the engine does not walk yet (TGW, VPN ...). */
export const UNSUPPORTED: i32 = 255;

export const HOP_SECURITY_GROUP_EGRESS: i32 = 1;
export const HOP_SECURITY_GROUP_INGRESS: i32 = 2;
export const HOP_NETWORK_ACL_OUTBOUND: i32 = 3;
export const HOP_NETWORK_ACL_INBOUND: i32 = 4;
export const HOP_ROUTE_TABLE: i32 = 5;
export const HOP_INTERNET_GATEWAY: i32 = 6;
export const HOP_NAT_GATEWAY: i32 = 7;
export const HOP_EGRESS_ONLY_INTERNET_GATEWAY: i32 = 8;
export const HOP_VPC_PEERING_CONNECTION: i32 = 9;
export const HOP_NETWORK_INTERFACE: i32 = 18;
export const HOP_INTERNET: i32 = 19;
