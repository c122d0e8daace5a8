// One flow log record line [FL-REC] read into numbers without building a string per field: the fields
// the replay needs (interface, addresses, ports, protocol, action, start; packet-level addresses and
// flow direction when the format has them) are parsed in place; the others are only counted. A line
// is a record, a NODATA / SKIPDATA record (FL-4, skipped), or malformed (with the reason).
import { FlowRole } from '../../../abi/interface-check.js';
import { addressWords } from '../../compile/address.js';
import { parseAddress } from '../../model/ip.js';
import type { FlowLogFormat } from './format.js';

export enum LineKind {
  Record,
  /** NODATA or SKIPDATA (FL-4), or a record without traffic fields. */
  Skipped,
  Malformed,
}

/** Field name -> what the replay reads from it (abi: the engine's parser takes the same table). */
const ROLES: Readonly<Record<string, FlowRole>> = {
  'interface-id': FlowRole.InterfaceId,
  srcaddr: FlowRole.SrcAddr,
  dstaddr: FlowRole.DstAddr,
  srcport: FlowRole.SrcPort,
  dstport: FlowRole.DstPort,
  protocol: FlowRole.Protocol,
  action: FlowRole.Action,
  start: FlowRole.Start,
  end: FlowRole.End,
  'log-status': FlowRole.LogStatus,
  'pkt-srcaddr': FlowRole.PktSrcAddr,
  'pkt-dstaddr': FlowRole.PktDstAddr,
  'flow-direction': FlowRole.FlowDirection,
};

/** The role of each field of `format`, in order (fields the replay does not read are Ignored). */
export function rolesOf(format: FlowLogFormat): FlowRole[] {
  return format.map((f) => ROLES[f] ?? FlowRole.Ignored);
}

const SPACE = 0x20;
const MAX_INTERNED_IDS = 1 << 20;
const DASH = 0x2d;

/** Flow direction of a record: the flow-direction field (version 5) when present. */
export enum LoggedDirection {
  Unknown = -1,
  Ingress = 0,
  Egress = 1,
}

/** The last line parsed (fields reused from line to line: no object per record). */
export class FlowLogRecord {
  interfaceId = '';
  family: 4 | 6 = 4;
  /** Interface-level addresses (srcaddr, dstaddr), four words each. */
  readonly src = new Uint32Array(4);
  readonly dst = new Uint32Array(4);
  /** Packet-level addresses: pkt-srcaddr / pkt-dstaddr when present, else srcaddr / dstaddr. */
  readonly pktSrc = new Uint32Array(4);
  readonly pktDst = new Uint32Array(4);
  srcPort = 0;
  dstPort = 0;
  protocol = 0;
  start = 0;
  /** The record's end (its start when the format has no end field). */
  end = 0;
  /** true = REJECT. */
  rejected = false;
  direction: LoggedDirection = LoggedDirection.Unknown;
  /** Why the line is malformed. */
  problem = '';
}

export class RecordParser {
  private readonly roles: FlowRole[];
  private readonly hasLogStatus: boolean;
  private readonly hasPktSrc: boolean;
  private readonly hasPktDst: boolean;
  private readonly hasEnd: boolean;
  readonly record = new FlowLogRecord();
  private family: 0 | 4 | 6 = 0;
  private pktSrcSet = false;
  private pktDstSet = false;
  private skipped = false;
  /** The first traffic field that was '-'. */
  private dashField = '';

  constructor(readonly format: FlowLogFormat) {
    this.roles = rolesOf(format);
    this.hasLogStatus = format.includes('log-status');
    this.hasPktSrc = format.includes('pkt-srcaddr');
    this.hasPktDst = format.includes('pkt-dstaddr');
    this.hasEnd = format.includes('end');
  }

  /** Interface ids seen, by a hash of their text: a record reuses the string instead of slicing a new one. */
  private readonly ids = new Map<number, string[]>();
  private idCount = 0;

  /** `line[from, to)` as the one string of that text (the same object for every record that names it). */
  private interned(line: string, from: number, to: number): string {
    const last = this.record.interfaceId;
    if (last.length === to - from && line.startsWith(last, from)) return last;
    let h = 0x811c9dc5;
    for (let i = from; i < to; i++) h = Math.imul(h ^ line.charCodeAt(i), 0x01000193);
    const bucket = this.ids.get(h);
    if (bucket) for (const id of bucket) if (id.length === to - from && line.startsWith(id, from)) return id;
    const id = line.slice(from, to);
    // A bounded table: ids past the bound are sliced each time.
    if (this.idCount < MAX_INTERNED_IDS) {
      this.idCount++;
      if (bucket) bucket.push(id);
      else this.ids.set(h, [id]);
    }
    return id;
  }

  /** Parses `line` (no line terminator) into `record`. */
  parse(line: string): LineKind {
    const r = this.record;
    const n = this.roles.length;
    this.family = 0;
    this.pktSrcSet = false;
    this.pktDstSet = false;
    this.skipped = false;
    this.dashField = '';
    r.direction = LoggedDirection.Unknown;
    let pos = 0;
    const end = line.length;
    for (let f = 0; f < n; f++) {
      if (pos >= end) return this.malformed(`expected ${n} fields, found ${f}`);
      let stop = line.indexOf(' ', pos);
      if (stop < 0) stop = end;
      if (stop === pos) return this.malformed(`field ${f + 1} is empty`);
      if (!this.field(this.roles[f]!, line, pos, stop)) return LineKind.Malformed;
      pos = stop + 1;
      // AWS separates fields by one space; tolerate more.
      while (pos < end && line.charCodeAt(pos) === SPACE) pos++;
    }
    if (pos < end) return this.malformed(`more than ${n} fields`);
    // FL-4: NODATA / SKIPDATA; without a log-status field, traffic fields of '-' are the sign.
    if (this.skipped || (this.dashField !== '' && !this.hasLogStatus)) return LineKind.Skipped;
    if (this.dashField !== '') return this.malformed(`${this.dashField} is '-' in a record with traffic (log-status OK)`);
    if (!this.hasEnd || r.end < r.start) r.end = r.start;
    if (!this.pktSrcSet) r.pktSrc.set(r.src);
    if (!this.pktDstSet) r.pktDst.set(r.dst);
    return LineKind.Record;
  }

  private malformed(problem: string): LineKind {
    this.record.problem = problem;
    return LineKind.Malformed;
  }

  private fail(problem: string): false {
    this.record.problem = problem;
    return false;
  }

  /** One field, `line[from, to)`; false when malformed (the problem set). */
  private field(role: FlowRole, line: string, from: number, to: number): boolean {
    const r = this.record;
    const dash = to - from === 1 && line.charCodeAt(from) === DASH;
    switch (role) {
      case FlowRole.Ignored:
        return true;
      case FlowRole.InterfaceId:
        r.interfaceId = this.interned(line, from, to);
        return true;
      case FlowRole.LogStatus: {
        const status = line.slice(from, to);
        if (status === 'NODATA' || status === 'SKIPDATA') this.skipped = true;
        else if (status !== 'OK') return this.fail(`log-status ${status}: expected OK, NODATA or SKIPDATA`);
        return true;
      }
      case FlowRole.FlowDirection:
        if (dash) return true;
        if (line.startsWith('ingress', from) && to - from === 7) r.direction = LoggedDirection.Ingress;
        else if (line.startsWith('egress', from) && to - from === 6) r.direction = LoggedDirection.Egress;
        else return this.fail(`flow-direction ${line.slice(from, to)}: expected ingress or egress`);
        return true;
    }
    if (dash) {
      // Packet-level addresses may be '-'; other traffic fields only in records without traffic (FL-4).
      if (role !== FlowRole.PktSrcAddr && role !== FlowRole.PktDstAddr && this.dashField === '') this.dashField = ROLE_NAMES[role] ?? 'a field';
      return true;
    }
    switch (role) {
      case FlowRole.SrcAddr:
        return this.address(line, from, to, r.src, 'srcaddr');
      case FlowRole.DstAddr:
        return this.address(line, from, to, r.dst, 'dstaddr');
      case FlowRole.PktSrcAddr:
        this.pktSrcSet = this.hasPktSrc;
        return this.address(line, from, to, r.pktSrc, 'pkt-srcaddr');
      case FlowRole.PktDstAddr:
        this.pktDstSet = this.hasPktDst;
        return this.address(line, from, to, r.pktDst, 'pkt-dstaddr');
      case FlowRole.SrcPort:
        r.srcPort = integer(line, from, to, 65535);
        return r.srcPort >= 0 || this.fail(`srcport ${line.slice(from, to)}: expected 0-65535`);
      case FlowRole.DstPort:
        r.dstPort = integer(line, from, to, 65535);
        return r.dstPort >= 0 || this.fail(`dstport ${line.slice(from, to)}: expected 0-65535`);
      case FlowRole.Protocol:
        r.protocol = integer(line, from, to, 255);
        return r.protocol >= 0 || this.fail(`protocol ${line.slice(from, to)}: expected 0-255`);
      case FlowRole.Start:
        r.start = integer(line, from, to, 0xffffffff);
        return r.start >= 0 || this.fail(`start ${line.slice(from, to)}: expected Unix seconds`);
      case FlowRole.End:
        r.end = integer(line, from, to, 0xffffffff);
        return r.end >= 0 || this.fail(`end ${line.slice(from, to)}: expected Unix seconds`);
      case FlowRole.Action:
        if (to - from === 6 && line.startsWith('ACCEPT', from)) r.rejected = false;
        else if (to - from === 6 && line.startsWith('REJECT', from)) r.rejected = true;
        else return this.fail(`action ${line.slice(from, to)}: expected ACCEPT or REJECT`);
        return true;
    }
    return true;
  }

  /** An address into `words`; every address of a record has one family. */
  private address(line: string, from: number, to: number, words: Uint32Array, name: string): boolean {
    const v4 = ipv4(line, from, to);
    let family: 4 | 6 = 4;
    if (v4 >= 0) {
      words[0] = v4;
      words[1] = 0;
      words[2] = 0;
      words[3] = 0;
    } else {
      const text = line.slice(from, to);
      if (!text.includes(':')) return this.fail(`${name} ${text}: not an IP address`);
      try {
        const a = parseAddress(text);
        words.set(addressWords(a.family, a.value));
        family = a.family;
      } catch {
        return this.fail(`${name} ${text}: not an IP address`);
      }
    }
    if (this.family !== 0 && this.family !== family) return this.fail(`${name} is IPv${family}, another address of the record is not`);
    this.family = family;
    this.record.family = family;
    return true;
  }
}

const ROLE_NAMES: Readonly<Record<number, string>> = {
  [FlowRole.SrcAddr]: 'srcaddr',
  [FlowRole.DstAddr]: 'dstaddr',
  [FlowRole.SrcPort]: 'srcport',
  [FlowRole.DstPort]: 'dstport',
  [FlowRole.Protocol]: 'protocol',
  [FlowRole.Action]: 'action',
  [FlowRole.Start]: 'start',
  [FlowRole.End]: 'end',
  [FlowRole.InterfaceId]: 'interface-id',
};

/** A decimal integer 0..max in `line[from, to)`, or -1. */
function integer(line: string, from: number, to: number, max: number): number {
  if (to - from > 10) return -1;
  let v = 0;
  for (let i = from; i < to; i++) {
    const d = line.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v <= max ? v : -1;
}

/** A dotted-quad IPv4 address in `line[from, to)` as an unsigned number, or -1. */
function ipv4(line: string, from: number, to: number): number {
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = from; i < to; i++) {
    const c = line.charCodeAt(i);
    if (c === 0x2e) {
      if (digits === 0 || dots === 3) return -1;
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
      dots++;
      continue;
    }
    const d = c - 48;
    if (d < 0 || d > 9 || digits === 3) return -1;
    octet = octet * 10 + d;
    digits++;
    if (octet > 255) return -1;
  }
  if (dots !== 3 || digits === 0) return -1;
  return value * 256 + octet;
}
