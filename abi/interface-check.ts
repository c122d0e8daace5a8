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

// Flow log records parsed inside the engine (bindings/flowlog-parse.ts, assembly/flowlog-parse.ts): JS
// copies a chunk of a log's bytes into the engine's input buffer once; flowParse() reads whole lines
// of it into a window of rows (columns of `capacity` words each, the first InterfaceColumn.Stride of
// them as InterfaceColumn lays out a batch), interning interface ids to dense numbers by their bytes.
// A line it does not take whole (a header, a malformed or unusual line) is handed back to JS.

/** The role of a field of the format (the field order is passed as one role byte per field). */
export enum FlowRole {
  Ignored,
  InterfaceId,
  SrcAddr,
  DstAddr,
  SrcPort,
  DstPort,
  Protocol,
  Action,
  Start,
  End,
  LogStatus,
  PktSrcAddr,
  PktDstAddr,
  FlowDirection,
}

/** Fields a format may have (AWS documents fewer). */
export const FLOW_MAX_FIELDS = 64;

/**
 * Window columns after InterfaceColumn's: `capacity` words each. The engine fills them all; Eni is -1
 * when it did not find the record's interface (an id JS has not placed yet, or no own address to tell
 * the direction): JS finds it, from the same columns.
 */
export enum FlowWindowColumn {
  /** The dense id of the record's interface-id (-1: the row was written by JS, already resolved). */
  Iface = 16,
  /** 1 = the record says REJECT. */
  Rejected,
  /** flow-direction: -1 absent or '-', 0 ingress, 1 egress. */
  Direction,
  /** 1-based physical line of the record in its file. */
  Line,
  /** Byte offset of the line in the input buffer it was parsed from. */
  Offset,
  /** The time order of the window: row numbers, written by JS, read by flowCheckRows(). */
  Order,
  /** Interface-level srcaddr and dstaddr (4 words each per row); Src and Dst hold the packet-level ones. */
  IfSrc,
  IfDst = IfSrc + 4,
  Stride = IfDst + 4,
}

/** flowState() words: the parser's counters, read and written by JS between calls. */
export enum FlowState {
  /** Rows in the window (JS lowers it when it drops rows of unknown interfaces). */
  Rows,
  /** Physical lines of the current file read so far (the last line handed to JS included). */
  Line,
  /** Record lines taken (blank lines, headers and lines handed to JS not counted). */
  Records,
  /** NODATA / SKIPDATA records among them (FL-4). */
  Skipped,
  /** Where the next flowParse() starts: a line start in the input buffer. */
  Pos,
  /** The line handed to JS (FlowParseStatus.Line): [LineStart, LineEnd) without its '\n'. */
  LineStart,
  LineEnd,
  /** Interface ids interned so far (dense ids 0 .. Ids-1). */
  Ids,
  /** Rows written since JS last zeroed it whose interface the engine did not find (Eni -1: JS finds it). */
  Unresolved,
  /** Rows flowCheckRows() judged where the log agrees / disagrees (FL-5), since JS last zeroed them. */
  Agree,
  Mismatch,
  /** Rows the last flowCheckRows() listed (FlowListColumn). */
  Listed,
  /** REJECT groups opened so far in this replay (flowGroupCounts() has their record counts). */
  Groups,
  Stride,
}

/** Which rows flowCheckRows() lists besides disagreements and the first REJECT of each group (--explain). */
export enum FlowExplain {
  None,
  All,
  /** Rows the log or the configuration rejects. */
  Reject,
  /** Disagreements only (listed anyway). */
  Mismatch,
}

/** The rows flowCheckRows() lists for JS, after the batch's InterfaceResultColumn columns: FlowState Listed rows of Stride words. */
export enum FlowListColumn {
  /** The row's place in the batch (0 .. m-1). */
  Row,
  /** The REJECT group the row opens (JS words the group from it), else -1. */
  Group,
  Stride,
}

/** What flowParse() stopped at. */
export enum FlowParseStatus {
  /** No complete line left: the bytes from Pos on are the start of a line yet to come. */
  More,
  /** The window has `capacity` rows. */
  Full,
  /** A line JS must read (LineStart, LineEnd): the first line of a file, a blank-looking, malformed or unusual one. */
  Line,
}
