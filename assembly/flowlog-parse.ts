// Flow log records read from bytes [FL-REC] (issue 14's speed aim): JS copies a chunk of a log into the
// input buffer once and flowParse() reads its whole lines into the window's columns: fields split on
// spaces, numbers, IPv4 addresses, the action, NODATA / SKIPDATA (FL-4), interface ids interned to
// dense ids by their bytes. No strings: a line is taken only when it is certainly a record or a
// skipped record as src/analyze/flowlogs/parse.ts reads it; any other line (the first line of a file,
// which may be a header; IPv6; anything malformed or odd) is handed back to JS, which reads it with
// that parser, so both give the same records and the same reasons. flowCheckRows() then judges rows
// of the window in the time order JS wrote, through interface-check.ts, one call per batch.
import { FLOW_MAX_FIELDS, FlowParseStatus, FlowRole, FlowState, FlowWindowColumn, InterfaceColumn, InterfaceResultColumn } from '../abi/interface-check';
import { checkInterfaceBatch } from './interface-check';
import { arenaAlloc, stagingReserve } from './memory';

/** Interface ids interned at most (a log naming more hands the lines of the others to JS). */
const MAX_IDS: i32 = 1 << 20;
/** Bytes of one block of interned id text. */
const ID_BLOCK: usize = 1 << 16;
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

/** Per id: text pointer, length (u32 each). */
let idTable: usize = 0;
let idTableCap: i32 = 0;
let idCount: i32 = 0;
/** Open addressing over ids: id + 1 per slot, 0 = empty. */
let slots: usize = 0;
let slotBits: i32 = 0;
let idBytes: usize = 0;
let idBytesLeft: usize = 0;

// The line being read (globals: no object per record). Words compared as little-endian loads:
// 'OK' = 0x4b4f, 'ACCEPT' = 0x45434341 0x5450, and so on.
let lineSkipped = false;
let lineDash = false;
let pktSrcSet = false;
let pktDstSet = false;
let src: u32 = 0;
let dst: u32 = 0;
let pktSrc: u32 = 0;
let pktDst: u32 = 0;
let srcPort: i32 = 0;
let dstPort: i32 = 0;
let protocol: i32 = 0;
let start: f64 = 0;
let end: f64 = 0;
let rejected: i32 = 0;
let direction: i32 = -1;
let iface: i32 = -1;

/** Forgets every buffer (engine reset()). */
export function flowForget(): void {
  statePtr = 0;
  rolesPtr = 0;
  windowPtr = 0;
  capacity = 0;
  inputPtr = 0;
  inputSize = 0;
  idTable = 0;
  idTableCap = 0;
  idCount = 0;
  slots = 0;
  slotBits = 0;
  idBytes = 0;
  idBytesLeft = 0;
}

/** Starts a replay: a window of `cap` rows (returned), no interned ids, counters at 0. */
export function flowBegin(cap: i32): usize {
  if (statePtr == 0) {
    statePtr = arenaAlloc(<usize>FlowState.Stride << 2);
    rolesPtr = arenaAlloc(<usize>FLOW_MAX_FIELDS);
  }
  if (cap > capacity) {
    windowPtr = arenaAlloc(<usize>cap * FlowWindowColumn.Stride * 4);
    capacity = cap;
  }
  memory.fill(statePtr, 0, <usize>FlowState.Stride << 2);
  if (slots == 0) {
    slotBits = 12;
    slots = arenaAlloc(<usize>4 << slotBits);
    idTableCap = 1 << 10;
    idTable = arenaAlloc(<usize>idTableCap << 3);
  } else memory.fill(slots, 0, <usize>4 << slotBits);
  idCount = 0;
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
    inputPtr = arenaAlloc(inputSize);
  }
  return inputPtr;
}

/** Interned ids: per dense id its text's pointer and length (u32 each); moves as ids are added. */
export function flowIds(): usize {
  return idTable;
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
  let pos = base + <usize>load<i32>(st, FlowState.Pos << 2);
  let rows = load<i32>(st, FlowState.Rows << 2);
  let line = load<u32>(st, FlowState.Line << 2);
  let records = load<i32>(st, FlowState.Records << 2);
  let skipped = load<i32>(st, FlowState.Skipped << 2);
  let status = FlowParseStatus.More;
  while (true) {
    if (rows >= capacity) {
      status = FlowParseStatus.Full;
      break;
    }
    let nl = pos;
    while (nl < stop && <i32>load<u8>(nl) != NEWLINE) nl++;
    if (nl >= stop) break;
    line++;
    let last = nl;
    if (last > pos && <i32>load<u8>(last - 1) == RETURN) last--;
    if (last == pos) {
      pos = nl + 1;
      continue;
    }
    const kind = first != 0 || <i32>load<u8>(pos) <= SPACE ? -1 : readLine(pos, last);
    if (kind < 0) {
      store<i32>(st, <i32>(pos - base), FlowState.LineStart << 2);
      store<i32>(st, <i32>(nl - base), FlowState.LineEnd << 2);
      pos = nl + 1;
      status = FlowParseStatus.Line;
      break;
    }
    records++;
    if (kind == 1) skipped++;
    else {
      writeRow(rows, line, <i32>(pos - base));
      rows++;
    }
    pos = nl + 1;
  }
  store<i32>(st, <i32>(pos - base), FlowState.Pos << 2);
  store<i32>(st, rows, FlowState.Rows << 2);
  store<u32>(st, line, FlowState.Line << 2);
  store<i32>(st, records, FlowState.Records << 2);
  store<i32>(st, skipped, FlowState.Skipped << 2);
  store<i32>(st, idCount, FlowState.Ids << 2);
  return status;
}

/** line[from, to): 0 = a record, 1 = a skipped record (FL-4), -1 = for JS. */
function readLine(from: usize, to: usize): i32 {
  lineSkipped = false;
  lineDash = false;
  pktSrcSet = false;
  pktDstSet = false;
  direction = -1;
  let p = from;
  const n = fieldCount;
  for (let f = 0; f < n; f++) {
    if (p >= to) return -1;
    let q = p;
    while (q < to && <i32>load<u8>(q) != SPACE) q++;
    if (!readField(<i32>load<u8>(rolesPtr + f), p, q)) return -1;
    // AWS separates fields by one space; more are tolerated.
    p = q + 1;
    while (p < to && <i32>load<u8>(p) == SPACE) p++;
  }
  if (p < to) return -1;
  if (lineSkipped || (lineDash && !hasLogStatus)) return 1;
  if (lineDash) return -1;
  return 0;
}

/** One field, [p, q) (not empty); false when JS must read the line. */
function readField(role: i32, p: usize, q: usize): bool {
  const length = q - p;
  const dash = length == 1 && <i32>load<u8>(p) == DASH;
  switch (role) {
    case FlowRole.Ignored:
      return true;
    case FlowRole.InterfaceId:
      iface = intern(p, length);
      return iface >= 0;
    case FlowRole.LogStatus:
      if (length == 2 && load<u16>(p) == 0x4b4f) return true; // "OK"
      if ((length == 6 && load<u32>(p) == 0x41444f4e && load<u16>(p, 4) == 0x4154) || (length == 8 && load<u64>(p) == 0x4154414450494b53)) {
        lineSkipped = true;
        return true;
      }
      return false;
    case FlowRole.FlowDirection:
      if (dash) return true;
      if (length == 7 && load<u32>(p) == 0x72676e69 && load<u16>(p, 4) == 0x7365 && load<u8>(p, 6) == 0x73) direction = 0;
      else if (length == 6 && load<u32>(p) == 0x65726765 && load<u16>(p, 4) == 0x7373) direction = 1;
      else return false;
      return true;
  }
  if (dash) {
    // Packet-level addresses may be '-'; other traffic fields only in records without traffic (FL-4).
    if (role != FlowRole.PktSrcAddr && role != FlowRole.PktDstAddr) lineDash = true;
    return true;
  }
  switch (role) {
    case FlowRole.SrcAddr:
      src = <u32>ipv4(p, q);
      return ipv4Ok;
    case FlowRole.DstAddr:
      dst = <u32>ipv4(p, q);
      return ipv4Ok;
    case FlowRole.PktSrcAddr:
      pktSrc = <u32>ipv4(p, q);
      pktSrcSet = true;
      return ipv4Ok;
    case FlowRole.PktDstAddr:
      pktDst = <u32>ipv4(p, q);
      pktDstSet = true;
      return ipv4Ok;
    case FlowRole.SrcPort:
      srcPort = <i32>integer(p, q, 65535);
      return srcPort >= 0;
    case FlowRole.DstPort:
      dstPort = <i32>integer(p, q, 65535);
      return dstPort >= 0;
    case FlowRole.Protocol:
      protocol = <i32>integer(p, q, 255);
      return protocol >= 0;
    case FlowRole.Start:
      start = integer(p, q, 4294967295);
      return start >= 0;
    case FlowRole.End:
      end = integer(p, q, 4294967295);
      return end >= 0;
    case FlowRole.Action:
      if (length != 6) return false;
      if (load<u32>(p) == 0x45434341 && load<u16>(p, 4) == 0x5450) rejected = 0;
      else if (load<u32>(p) == 0x454a4552 && load<u16>(p, 4) == 0x5443) rejected = 1;
      else return false;
      return true;
  }
  return true;
}

/** A decimal integer 0..max in [p, q) (at most 10 digits), or -1. */
function integer(p: usize, q: usize, max: f64): f64 {
  if (q - p > 10) return -1;
  let v: u64 = 0;
  for (let i = p; i < q; i++) {
    const d = <u32>load<u8>(i) - 48;
    if (d > 9) return -1;
    v = v * 10 + d;
  }
  const r = <f64>v;
  return r <= max ? r : -1;
}

let ipv4Ok = false;

/** A dotted-quad IPv4 address in [p, q) (ipv4Ok says whether it is one). */
function ipv4(p: usize, q: usize): u32 {
  let value: u32 = 0;
  let octet: u32 = 0;
  let digits = 0;
  let dots = 0;
  ipv4Ok = false;
  for (let i = p; i < q; i++) {
    const c = <u32>load<u8>(i);
    if (c == 0x2e) {
      if (digits == 0 || dots == 3) return 0;
      value = (value << 8) | octet;
      octet = 0;
      digits = 0;
      dots++;
      continue;
    }
    const d = c - 48;
    if (d > 9 || digits == 3) return 0;
    octet = octet * 10 + d;
    digits++;
    if (octet > 255) return 0;
  }
  if (dots != 3 || digits == 0) return 0;
  ipv4Ok = true;
  return (value << 8) | octet;
}

/** The dense id of the interface id [p, p + length), interned on first sight; -1 for JS (non-ASCII, table full). */
function intern(p: usize, length: usize): i32 {
  let h: u32 = 0x811c9dc5;
  let high: u32 = 0;
  for (let i: usize = 0; i < length; i++) {
    const c = <u32>load<u8>(p + i);
    high |= c;
    h = (h ^ c) * 0x01000193;
  }
  // Non-ASCII ids are JS's: two byte strings could decode to one name.
  if (high >= 0x80) return -1;
  const mask = (1 << slotBits) - 1;
  let s = <i32>(h ^ (h >> 15)) & mask;
  while (true) {
    const at = slots + (<usize>s << 2);
    const id = load<i32>(at) - 1;
    if (id < 0) break;
    const entry = idTable + (<usize>id << 3);
    if (<usize>load<u32>(entry, 4) == length && memory.compare(<usize>load<u32>(entry), p, length) == 0) return id;
    s = (s + 1) & mask;
  }
  if (idCount >= MAX_IDS) return -1;
  const id = idCount++;
  if (id >= idTableCap) {
    const table = arenaAlloc(<usize>idTableCap << 4);
    memory.copy(table, idTable, <usize>idTableCap << 3);
    idTable = table;
    idTableCap <<= 1;
  }
  if (length > idBytesLeft) {
    const block = max<usize>(ID_BLOCK, length);
    idBytes = arenaAlloc(block);
    idBytesLeft = block;
  }
  memory.copy(idBytes, p, length);
  store<u32>(idTable + (<usize>id << 3), <u32>idBytes);
  store<u32>(idTable + (<usize>id << 3), <u32>length, 4);
  idBytes += length;
  idBytesLeft -= length;
  store<i32>(slots + (<usize>s << 2), id + 1);
  if (idCount * 2 > 1 << slotBits) rehash();
  return id;
}

/** Doubles the slots and puts every id back. */
function rehash(): void {
  slotBits++;
  slots = arenaAlloc(<usize>4 << slotBits);
  const mask = (1 << slotBits) - 1;
  for (let id = 0; id < idCount; id++) {
    const entry = idTable + (<usize>id << 3);
    const p = <usize>load<u32>(entry);
    const length = <usize>load<u32>(entry, 4);
    let h: u32 = 0x811c9dc5;
    for (let i: usize = 0; i < length; i++) h = (h ^ <u32>load<u8>(p + i)) * 0x01000193;
    let s = <i32>(h ^ (h >> 15)) & mask;
    while (load<i32>(slots + (<usize>s << 2)) != 0) s = (s + 1) & mask;
    store<i32>(slots + (<usize>s << 2), id + 1);
  }
}

/** Writes the line just read as row `r` of the window. */
function writeRow(r: i32, line: u32, offset: i32): void {
  const col = <usize>capacity << 2;
  const at = <usize>r << 2;
  const w = windowPtr;
  store<i32>(w + col * InterfaceColumn.Family + at, 4);
  store<i32>(w + col * InterfaceColumn.Protocol + at, protocol);
  store<i32>(w + col * InterfaceColumn.SrcPort + at, srcPort);
  store<i32>(w + col * InterfaceColumn.DstPort + at, dstPort);
  store<u32>(w + col * InterfaceColumn.Time + at, <u32>start);
  store<u32>(w + col * InterfaceColumn.End + at, <u32>(hasEnd && end >= start ? end : start));
  const words = at << 2;
  storeV4(w + col * InterfaceColumn.Src + words, pktSrcSet ? pktSrc : src);
  storeV4(w + col * InterfaceColumn.Dst + words, pktDstSet ? pktDst : dst);
  storeV4(w + col * FlowWindowColumn.IfSrc + words, src);
  storeV4(w + col * FlowWindowColumn.IfDst + words, dst);
  store<i32>(w + col * FlowWindowColumn.Iface + at, iface);
  store<i32>(w + col * FlowWindowColumn.Rejected + at, rejected);
  store<i32>(w + col * FlowWindowColumn.Direction + at, direction);
  store<u32>(w + col * FlowWindowColumn.Line + at, line);
  store<i32>(w + col * FlowWindowColumn.Offset + at, offset);
}

// @ts-ignore: decorator
@inline
function storeV4(p: usize, v: u32): void {
  store<u32>(p, v);
  store<u64>(p, 0, 4);
  store<u32>(p, 0, 12);
}

/**
 * Judges window rows Order[from .. from + m) (rows JS resolved: Eni and Egress set) through
 * checkInterfaceBatch(), in that order. Returns where the InterfaceResultColumn results are (m rows),
 * or 0 when a row names an ENI the image lacks.
 */
export function flowCheckRows(from: i32, m: i32): usize {
  const inWords = <usize>m * InterfaceColumn.Stride;
  const batch = stagingReserve((inWords + <usize>m * InterfaceResultColumn.Stride) << 2);
  const col = <usize>capacity << 2;
  const out = <usize>m << 2;
  const order = windowPtr + col * FlowWindowColumn.Order + (<usize>from << 2);
  for (let k = 0; k < m; k++) {
    const r = <usize>load<i32>(order + (<usize>k << 2)) << 2;
    const to = batch + (<usize>k << 2);
    for (let c = 0; c < InterfaceColumn.Src; c++) store<i32>(to + out * c, load<i32>(windowPtr + col * c + r));
    const s = windowPtr + col * InterfaceColumn.Src + (r << 2);
    const d = windowPtr + col * InterfaceColumn.Dst + (r << 2);
    const ts = batch + out * InterfaceColumn.Src + (<usize>k << 4);
    const td = batch + out * InterfaceColumn.Dst + (<usize>k << 4);
    store<u64>(ts, load<u64>(s));
    store<u64>(ts, load<u64>(s, 8), 8);
    store<u64>(td, load<u64>(d));
    store<u64>(td, load<u64>(d, 8), 8);
  }
  const results = batch + (inWords << 2);
  return checkInterfaceBatch(batch, m, results) < 0 ? 0 : results;
}
