// Interface-check batches (flow-log replay, FL-3/FL-5): each row is one packet seen at one ENI in one
// direction, judged by that ENI's security groups (with connection tracking that lasts across batches)
// and its subnet's network ACL. Written by src/analyze/flowlogs/ through bindings/interface-check.ts,
// read by assembly/interface-check.ts. Import-free plain enums and consts, compiled by both tsc and asc
// (docs/engine-abi.md, "abi/interface-check.ts").

/** Scalar input columns, n i32 each, then Src and Dst (4n words each, 4 per row, IPv4 in word 0). */
export enum InterfaceColumn {
  /** Dense id of the ENI the record was logged at. */
  Eni,
  /** 1 = the packet leaves the ENI (egress), 0 = it arrives (ingress). */
  Egress,
  Family,
  Protocol,
  SrcPort,
  DstPort,
  /** Simulated seconds (C-3), unsigned: when the packets began (a record's start). Rows come in this order. */
  Time,
  /** When they were last seen (a record's end, >= Time): connection state is refreshed to it. */
  End,
  Src,
  Dst = Src + 4,
  /** Words per row. */
  Stride = Dst + 4,
}

/** Output columns (n i32 each): the verdict and what decided it. */
export enum InterfaceResultColumn {
  /** 0 = accepted, else the blocking explanation code (abi/codes.ts). */
  Verdict,
  /** The allowing SgRule record, or an InterfaceSg value. */
  SgRule,
  /** The deciding NaclEntry record, or an InterfaceNacl value. */
  NaclEntry,
  /** The ICMP / ICMPv6 type the packet was judged as (echo request or reply), else -1. */
  IcmpType,
  Stride,
}

/** SgRule column values that are not a rule. */
export enum InterfaceSg {
  /** Not evaluated (the network ACL rejected the packet first) or rejected (the verdict says why). */
  None = -1,
  /** SG-7: allowed as the response of a tracked connection. */
  Tracked = -2,
  /** SG-16: the ENI has no security groups (NAT gateway, transit gateway attachment, firewall endpoint). */
  NoGroups = -3,
}

/** NaclEntry column values that are not an entry. */
export enum InterfaceNacl {
  /** The `*` rule denied the packet (no entry matched). */
  Default = -1,
  /** NACL-10: not evaluated: the other address is in the ENI's own subnet, or the security groups rejected first. */
  NotEvaluated = -2,
  /** The subnet has no network ACL in the image. */
  None = -3,
}
