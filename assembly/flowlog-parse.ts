// Flow log records read from bytes [FL-REC] (issue 14's speed aim): JS copies a chunk of a log into the
// input buffer once and flowParse() reads its whole lines into the window's columns: fields split on
// spaces, numbers, IPv4 and IPv6 addresses, the action, NODATA / SKIPDATA (FL-4), interface ids
// interned to dense ids by their bytes (flowlog-ids.ts). No strings: a line is taken only when it is certainly a record
// or a skipped record as src/analyze/flowlogs/parse.ts reads it; any other line (the first line of a
// file, which may be a header; anything malformed or odd) is handed back to JS, which reads it with
// that parser, so both give the same records and the same reasons. flowlog-judge.ts then judges rows
// of the window in the time order JS wrote, one call per batch.
import { FLOW_MAX_FIELDS, FlowParseStatus, FlowRole, FlowState, FlowWindowColumn, InterfaceColumn } from '../abi/interface-check';
import { arenaAlloc } from './memory';
import { judgeBegin } from './flowlog-judge';
import { integer, ipv4, ipv6, scanned } from './flowlog-tokens';
import { idCount, idsBegin, idsForget, intern, placedEni } from './flowlog-ids';
import { ownBegin, ownForget, owns } from './flowlog-own';

const SPACE: i32 = 0x20;
const NEWLINE: i32 = 0x0a;
const RETURN: i32 = 0x0d;
const DASH: i32 = 0x2d;

let statePtr: usize = 0;
let rolesPtr: usize = 0;
let fieldCount: i32 = 0;
let hasLogStatus = false;
let hasEnd = false;

let windowPtr: usize = 0;
let capacity: i32 = 0;
let inputPtr: usize = 0;
let inputSize: usize = 0;

/** Rows of this call whose interface is left for JS to find (FlowState.Unresolved). */
let unresolved: i32 = 0;

// The line being read (globals: no object per record). Words compared as little-endian loads:
// 'OK' = 0x4b4f, 'ACCEPT' = 0x45434341 0x5450, and so on.
let lineSkipped = false;
let lineDash = false;
let pktSrcSet = false;
let pktDstSet = false;
/** The record's addresses, 4 words each (IPv4 in word 0): srcaddr, dstaddr, pkt-srcaddr, pkt-dstaddr. */
const SRC: usize = 0;
const DST: usize = 16;
const PKT_SRC: usize = 32;
const PKT_DST: usize = 48;
let addresses: usize = 0;
/** The family of the record's addresses so far (0: none yet); every address of a record has one. */
let family: i32 = 0;
let srcPort: i32 = 0;
let dstPort: i32 = 0;
let protocol: i32 = 0;
let start: u32 = 0;
let end: u32 = 0;
let rejected: i32 = 0;
let direction: i32 = -1;
let iface: i32 = -1;

/** Forgets every buffer (engine reset()). */
export function flowForget(): void {
  statePtr = 0;
  rolesPtr = 0;
  addresses = 0;
  windowPtr = 0;
  capacity = 0;
  inputPtr = 0;
  inputSize = 0;
  idsForget();
  ownForget();
}

/** Starts a replay: a window of `cap` rows (returned), no interned ids, counters at 0. */
export function flowBegin(cap: i32): usize {
  if (statePtr == 0) {
    statePtr = arenaAlloc(<usize>FlowState.Stride << 2);
    rolesPtr = arenaAlloc(<usize>FLOW_MAX_FIELDS);
    addresses = arenaAlloc(64);
  }
  if (cap > capacity) {
    windowPtr = arenaAlloc(<usize>cap * FlowWindowColumn.Stride * 4);
    capacity = cap;
  }
  memory.fill(statePtr, 0, <usize>FlowState.Stride << 2);
  judgeBegin(windowPtr, capacity, statePtr);
  idsBegin();
  ownBegin();
  return windowPtr;
}

/** The FlowState words. */
export function flowState(): usize {
  return statePtr;
}

/** Where JS writes the format's roles (one FlowRole byte per field) before flowSetFormat(). */
export function flowRoles(): usize {
  return rolesPtr;
}

/** The format: `n` fields whose roles are at flowRoles(). */
export function flowSetFormat(n: i32): void {
  fieldCount = n;
  hasLogStatus = false;
  hasEnd = false;
  for (let f = 0; f < n; f++) {
    const role = <i32>load<u8>(rolesPtr + f);
    if (role == FlowRole.LogStatus) hasLogStatus = true;
    if (role == FlowRole.End) hasEnd = true;
  }
}

/** The input buffer, at least `bytes` long (its contents are not kept when it moves). */
export function flowInputReserve(bytes: usize): usize {
  if (bytes > inputSize) {
    inputSize = max<usize>(bytes, inputSize << 1);
    // Padded: a sentinel '\n' after the input and word reads past it.
    inputPtr = arenaAlloc(inputSize + 16);
  }
  return inputPtr;
}

/**
 * Reads the whole lines of input[Pos, len) into window rows from Rows on, counting physical lines in
 * Line. Stops when the window is full, at a line for JS (the first non-blank line when `first` is
 * set), or when no whole line is left. Returns a FlowParseStatus.
 */
export function flowParse(len: i32, first: i32): i32 {
  const st = statePtr;
  const base = inputPtr;
  const stop = base + <usize>len;
  // A sentinel line end: scans stop at it without checking the length (flowInputReserve pads).
  store<u8>(stop, NEWLINE);
  let pos = base + <usize>load<i32>(st, FlowState.Pos << 2);
  let rows = load<i32>(st, FlowState.Rows << 2);
  let line = load<u32>(st, FlowState.Line << 2);
  let records = load<i32>(st, FlowState.Records << 2);
  let skipped = load<i32>(st, FlowState.Skipped << 2);
  unresolved = load<i32>(st, FlowState.Unresolved << 2);
  let status = FlowParseStatus.More;
  while (pos < stop) {
    if (rows >= capacity) {
      status = FlowParseStatus.Full;
      break;
    }
    let kind = -1;
    if (first == 0 && <i32>load<u8>(pos) > SPACE) kind = readLine(pos);
    if (kind < 0) {
      lineEnd = pos;
      while (<i32>load<u8>(lineEnd) != NEWLINE) lineEnd++;
    }
    // A line the chunk does not finish waits for the next one.
    if (lineEnd >= stop) break;
    line++;
    if (kind < 0) {
      const blank = lineEnd == pos || (lineEnd == pos + 1 && <i32>load<u8>(pos) == RETURN);
      if (!blank) {
        store<i32>(st, <i32>(pos - base), FlowState.LineStart << 2);
        store<i32>(st, <i32>(lineEnd - base), FlowState.LineEnd << 2);
        pos = lineEnd + 1;
        status = FlowParseStatus.Line;
        break;
      }
    } else {
      records++;
      if (kind == 1) skipped++;
      else {
        writeRow(rows, line, <i32>(pos - base));
        rows++;
      }
    }
    pos = lineEnd + 1;
  }
  store<i32>(st, <i32>(pos - base), FlowState.Pos << 2);
  store<i32>(st, rows, FlowState.Rows << 2);
  store<u32>(st, line, FlowState.Line << 2);
  store<i32>(st, records, FlowState.Records << 2);
  store<i32>(st, skipped, FlowState.Skipped << 2);
  store<i32>(st, idCount, FlowState.Ids << 2);
  store<i32>(st, unresolved, FlowState.Unresolved << 2);
  return status;
}

/** Where the line readLine() read ends: its '\n'. */
let lineEnd: usize = 0;

/**
 * The line at `from` (its first byte not blank): 0 = a record, 1 = a skipped record (FL-4), -1 = for
 * JS. Fields are read in one pass; a field ends at a byte <= ' ' (the sentinel stops every scan).
 */
function readLine(from: usize): i32 {
  lineSkipped = false;
  lineDash = false;
  pktSrcSet = false;
  pktDstSet = false;
  direction = -1;
  family = 0;
  let p = from;
  const n = fieldCount;
  for (let f = 0; f < n; f++) {
    // A line end, a control byte (fewer fields, or a field JS splits otherwise): JS says why.
    if (<i32>load<u8>(p) <= SPACE) return -1;
    const q = readField(<i32>load<u8>(rolesPtr + f), p);
    if (q == 0) return -1;
    p = q;
    // AWS separates fields by one space; more are tolerated.
    while (<i32>load<u8>(p) == SPACE) p++;
  }
  // The line ends here ("\n" or "\r\n"); anything else is a field too many or a stray byte.
  const c = <i32>load<u8>(p);
  if (c == NEWLINE) lineEnd = p;
  else if (c == RETURN && <i32>load<u8>(p + 1) == NEWLINE) lineEnd = p + 1;
  else return -1;
  if (lineSkipped || (lineDash && !hasLogStatus)) return 1;
  if (lineDash) return -1;
  return 0;
}

/** The first byte <= ' ' from p on (eight bytes at a time). */
function tokenEnd(p: usize): usize {
  while (true) {
    const w = load<u64>(p);
    // High bit of each byte below 0x21 (the lowest flagged byte is exact; borrows only flag bytes above it).
    const m = (w - 0x2121212121212121) & ~w & 0x8080808080808080;
    if (m != 0) return p + <usize>(ctz<u64>(m) >> 3);
    p += 8;
  }
}

/** One field at p (not blank): where it ends (a byte <= ' '), or 0 when JS must read the line. */
// @ts-ignore: decorator
@inline
function readField(role: i32, p: usize): usize {
  // One switch (a jump table); '-' is looked for only in the fields that may be one.
  switch (role) {
    case FlowRole.Ignored:
      return tokenEnd(p);
    case FlowRole.InterfaceId: {
      const q = tokenEnd(p);
      iface = intern(p, q - p);
      return iface >= 0 ? q : 0;
    }
    case FlowRole.LogStatus: {
      const q = tokenEnd(p);
      const length = q - p;
      if (length == 2 && load<u16>(p) == 0x4b4f) return q; // "OK"
      if ((length == 6 && load<u32>(p) == 0x41444f4e && load<u16>(p, 4) == 0x4154) || (length == 8 && load<u64>(p) == 0x4154414450494b53)) {
        lineSkipped = true;
        return q;
      }
      return 0;
    }
    case FlowRole.FlowDirection: {
      if (isDash(p)) return p + 1;
      const q = tokenEnd(p);
      const length = q - p;
      if (length == 7 && load<u32>(p) == 0x72676e69 && load<u16>(p, 4) == 0x7365 && load<u8>(p, 6) == 0x73) direction = 0;
      else if (length == 6 && load<u32>(p) == 0x65726765 && load<u16>(p, 4) == 0x7373) direction = 1;
      else return 0;
      return q;
    }
    // Packet-level addresses may be '-'; other traffic fields only in records without traffic (FL-4).
    case FlowRole.PktSrcAddr:
      if (isDash(p)) return p + 1;
      pktSrcSet = true;
      return address(p, PKT_SRC);
    case FlowRole.PktDstAddr:
      if (isDash(p)) return p + 1;
      pktDstSet = true;
      return address(p, PKT_DST);
    case FlowRole.SrcAddr:
      return isDash(p) ? dashed(p) : address(p, SRC);
    case FlowRole.DstAddr:
      return isDash(p) ? dashed(p) : address(p, DST);
    case FlowRole.SrcPort:
      if (isDash(p)) return dashed(p);
      srcPort = <i32>integer(p, 65535);
      return scanned;
    case FlowRole.DstPort:
      if (isDash(p)) return dashed(p);
      dstPort = <i32>integer(p, 65535);
      return scanned;
    case FlowRole.Protocol:
      if (isDash(p)) return dashed(p);
      protocol = <i32>integer(p, 255);
      return scanned;
    case FlowRole.Start:
      if (isDash(p)) return dashed(p);
      start = <u32>integer(p, 4294967295);
      return scanned;
    case FlowRole.End:
      if (isDash(p)) return dashed(p);
      end = <u32>integer(p, 4294967295);
      return scanned;
    case FlowRole.Action: {
      if (isDash(p)) return dashed(p);
      if (<i32>load<u8>(p + 6) > SPACE) return 0;
      if (load<u32>(p) == 0x45434341 && load<u16>(p, 4) == 0x5450) rejected = 0;
      else if (load<u32>(p) == 0x454a4552 && load<u16>(p, 4) == 0x5443) rejected = 1;
      else return 0;
      return p + 6;
    }
  }
  return isDash(p) ? dashed(p) : scanned;
}

/** Is the field at p a lone '-'? */
// @ts-ignore: decorator
@inline
function isDash(p: usize): bool {
  return <i32>load<u8>(p) == DASH && <i32>load<u8>(p + 1) <= SPACE;
}

/** A traffic field that is '-': the record has no traffic (FL-4) or JS reads it. */
// @ts-ignore: decorator
@inline
function dashed(p: usize): usize {
  lineDash = true;
  return p + 1;
}

/** An address at p into the record's address `slot` (IPv4 or IPv6, one family per record): where it ends, or 0. */
function address(p: usize, slot: usize): usize {
  const at = addresses + slot;
  const v4 = ipv4(p);
  let f = 4;
  if (scanned != 0) {
    store<u32>(at, v4);
    store<u64>(at, 0, 4);
    store<u32>(at, 0, 12);
  } else {
    ipv6(p, at);
    if (scanned == 0) return 0;
    f = 6;
  }
  if (family != 0 && family != f) return 0;
  family = f;
  return scanned;
}

/** Writes the line just read as row `r` of the window. */
function writeRow(r: i32, line: u32, offset: i32): void {
  const col = <usize>capacity << 2;
  const at = <usize>r << 2;
  const w = windowPtr;
  store<i32>(w + col * InterfaceColumn.Family + at, family);
  store<i32>(w + col * InterfaceColumn.Protocol + at, protocol);
  store<i32>(w + col * InterfaceColumn.SrcPort + at, srcPort);
  store<i32>(w + col * InterfaceColumn.DstPort + at, dstPort);
  store<u32>(w + col * InterfaceColumn.Time + at, start);
  store<u32>(w + col * InterfaceColumn.End + at, hasEnd && end >= start ? end : start);
  const words = at << 2;
  copyAddress(w + col * InterfaceColumn.Src + words, pktSrcSet ? PKT_SRC : SRC);
  copyAddress(w + col * InterfaceColumn.Dst + words, pktDstSet ? PKT_DST : DST);
  copyAddress(w + col * FlowWindowColumn.IfSrc + words, SRC);
  copyAddress(w + col * FlowWindowColumn.IfDst + words, DST);
  // The interface JS placed for this id, and the direction: flow-direction, else which address is its own (FL-6).
  let e = placedEni(iface);
  let egress = 0;
  if (e >= 0) {
    if (direction >= 0) egress = direction;
    // IPv6 own addresses are JS's to check.
    else if (family != 4) e = -1;
    else if (owns(e, load<u32>(addresses + SRC))) egress = 1;
    else if (!owns(e, load<u32>(addresses + DST))) e = -1;
  }
  if (e < 0) unresolved++;
  store<i32>(w + col * InterfaceColumn.Eni + at, e);
  store<i32>(w + col * InterfaceColumn.Egress + at, egress);
  store<i32>(w + col * FlowWindowColumn.Iface + at, iface);
  store<i32>(w + col * FlowWindowColumn.Rejected + at, rejected);
  store<i32>(w + col * FlowWindowColumn.Direction + at, direction);
  store<u32>(w + col * FlowWindowColumn.Line + at, line);
  store<i32>(w + col * FlowWindowColumn.Offset + at, offset);
}

// @ts-ignore: decorator
@inline
function copyAddress(to: usize, slot: usize): void {
  store<u64>(to, load<u64>(addresses + slot));
  store<u64>(to, load<u64>(addresses + slot, 8), 8);
}
