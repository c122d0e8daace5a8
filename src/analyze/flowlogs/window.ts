// The replay's window (issue 14 §2): up to WINDOW records, held in the engine's columns
// (bindings/flowlog-parse.ts), put in time order (start, then input order) and judged BATCH rows per
// boundary crossing, with security-group connection state that lasts across batches (FL-5, SG-7).
// Rows come from the engine's byte parser (interface found here, by dense interface id) or from JS
// (a line the engine handed back, or a source of lines). A row keeps where its text is: a JS string,
// or a line of a byte segment still held here; text is made only for the records reported.
// CHOICE: records are put in time order within each window of WINDOW records; a record older than one
// of an earlier window is judged in arrival order.
import type { Engine } from '../../../bindings/engine.js';
import { writePacket } from '../../../bindings/columns.js';
import type { FlowLogParser, FlowWindow } from '../../../bindings/flowlog-parse.js';
import { FlowExplain, FlowListColumn, FlowState } from '../../../abi/interface-check.js';
import type { Family } from '../../model/ip.js';
import type { Topology } from '../../model/types.js';
import type { NetworkImage } from '../../compile/image.js';
import { Code, codeName } from '../codes.js';
import { DecisionWords, decisionOf, flowOf } from './explain-record.js';
import { InterfaceMap, Unmatched } from './interfaces.js';
import type { FlowLogRecord, LoggedDirection } from './parse.js';
import { RejectCounts, type FlowLogReport, type ReplayedRecord } from './report.js';

/** Rows judged per boundary crossing. */
export const BATCH = 4096;
/** Rows put in time order together. */
export const WINDOW = 16 * BATCH;

export type ExplainWhich = 'all' | 'reject' | 'mismatch';

export interface WindowOptions {
  explain?: { which: ExplainWhich; each: (r: ReplayedRecord) => void } | undefined;
  /** Mismatches the report keeps. */
  kept: number;
  /** File names, by input index. */
  names: readonly string[];
}

const NEWLINE = 0x0a;
const RETURN = 0x0d;

export class ReplayWindow {
  readonly parser: FlowLogParser;
  private readonly rejects = new RejectCounts();
  private readonly words: DecisionWords;
  private readonly capacity = WINDOW;
  private readonly text: (string | undefined)[] = new Array<string | undefined>(WINDOW);
  private readonly file = new Int32Array(WINDOW);
  private readonly segment = new Int32Array(WINDOW);
  private readonly keys = new Float64Array(WINDOW);
  /** Byte segments the rows' text is in (a row's `segment` indexes it). */
  private segments: Uint8Array[] = [];
  private identityOrder = false;
  private readonly decoder = new TextDecoder('utf-8');

  constructor(
    engine: Engine,
    t: Topology,
    image: NetworkImage,
    readonly interfaces: InterfaceMap,
    private readonly report: FlowLogReport,
    private readonly options: WindowOptions,
  ) {
    this.words = new DecisionWords(t, image);
    this.parser = engine.flowLogParser(WINDOW);
    this.parser.setOwnAddresses(interfaces.own4);
    interfaces.placed = (id, eni) => this.parser.placeInterface(id, eni);
  }

  /** Rows in the window. */
  get rows(): number {
    return this.parser.state()[FlowState.Rows]!;
  }

  /** The index rows of `bytes` refer to (the segment is held until the rows are judged). */
  segmentIndex(bytes: Uint8Array): number {
    const last = this.segments.length - 1;
    if (last >= 0 && this.segments[last] === bytes) return last;
    this.segments.push(bytes);
    return last + 1;
  }

  /**
   * Rows [from, to) the engine parsed from segment `segment` of input `file`: finds the interface of
   * each row the engine did not place (records of none are counted unknown and dropped), judges the
   * window when it is full.
   */
  resolveParsed(from: number, to: number, file: number, segment: number): void {
    this.syncIds();
    this.file.fill(file, from, to);
    this.segment.fill(segment, from, to);
    const state = this.parser.state();
    if (state[FlowState.Unresolved] !== 0) {
      state[FlowState.Unresolved] = 0;
      to = this.resolveRows(from, to);
      this.parser.state()[FlowState.Rows] = to;
    }
    if (to === this.capacity) this.judge();
  }

  /** Finds the rows' interfaces the engine did not (in input order: an id found by address is learned); returns the rows kept. */
  private resolveRows(from: number, to: number): number {
    const w = this.parser.window();
    const interfaces = this.interfaces;
    let out = from;
    for (let i = from; i < to; i++) {
      let e = w.eni[i]!;
      let egress = w.egress[i]!;
      if (e < 0) {
        e = interfaces.resolveDense(w.iface[i]!, w.family[i] as Family, w.direction[i] as LoggedDirection, w.ifSrc, w.ifDst, 4 * i);
        if (e < 0) {
          this.unknown(e);
          continue;
        }
        egress = interfaces.egress ? 1 : 0;
      }
      if (out !== i) {
        moveRow(w, i, out);
        this.file[out] = this.file[i]!;
        this.segment[out] = this.segment[i]!;
      }
      w.eni[out] = e;
      w.egress[out] = egress;
      out++;
    }
    return out;
  }

  /** A record JS parsed (its text `raw`, line `line` of input `file`): found, then added to the window. */
  addRecord(r: FlowLogRecord, file: number, line: number, raw: string): void {
    const e = this.interfaces.resolve(r);
    if (e < 0) {
      this.unknown(e);
      return;
    }
    const state = this.parser.state();
    const i = state[FlowState.Rows]!;
    const w = this.parser.window();
    w.eni[i] = e;
    w.egress[i] = this.interfaces.egress ? 1 : 0;
    writePacket(w, i, r.family, r.protocol, r.srcPort, r.dstPort, r.pktSrc, r.pktDst);
    w.time[i] = r.start;
    w.end[i] = r.end;
    w.iface[i] = -1;
    w.rejected[i] = r.rejected ? 1 : 0;
    w.line[i] = line;
    this.file[i] = file;
    this.text[i] = raw;
    state[FlowState.Rows] = i + 1;
    if (i + 1 === this.capacity) this.judge();
  }

  /** Interface ids the engine interned since the last call, registered by name. */
  private syncIds(): void {
    const ids = this.parser.state()[FlowState.Ids]!;
    for (let d = this.interfaces.denseCount; d < ids; d++) this.interfaces.addDense(this.decoder.decode(this.parser.idBytes(d)));
  }

  private unknown(e: number): void {
    const report = this.report;
    report.unknown++;
    if (e === Unmatched.Ambiguous) report.unknownByReason.ambiguous++;
    else if (e === Unmatched.NoDirection) report.unknownByReason.noDirection++;
    else report.unknownByReason.notInTopology++;
  }

  /** The text of row `i`. */
  private lineText(i: number): string {
    const raw = this.text[i];
    if (raw !== undefined) return raw;
    const bytes = this.segments[this.segment[i]!]!;
    const start = this.parser.window().offset[i]!;
    let end = bytes.indexOf(NEWLINE, start);
    if (end < 0) end = bytes.length;
    if (end > start && bytes[end - 1] === RETURN) end--;
    return this.decoder.decode(bytes.subarray(start, end));
  }

  /** Puts the window in time order and judges it, batch by batch; the window is then empty. */
  judge(): void {
    const n = this.rows;
    if (n === 0) return;
    this.order(n);
    const report = this.report;
    const explain = this.options.explain;
    const kept = this.options.kept;
    const which = explain === undefined ? FlowExplain.None : explain.which === 'all' ? FlowExplain.All : explain.which === 'reject' ? FlowExplain.Reject : FlowExplain.Mismatch;
    for (let first = 0; first < n; first += BATCH) {
      const m = Math.min(BATCH, n - first);
      // The engine counts agreements and REJECT groups; JS sees the rows it lists only.
      const result = this.parser.check(first, m, which);
      const w = this.parser.window();
      const verdicts = result.verdicts;
      const listed = result.listed;
      for (let j = 0; j < listed.length; j += FlowListColumn.Stride) {
        const k = listed[j + FlowListColumn.Row]!;
        const group = listed[j + FlowListColumn.Group]!;
        const i = w.order[first + k]!;
        const verdict = verdicts[k]!;
        const simulatedReject = verdict !== Code.REACHABLE;
        const loggedReject = w.rejected[i] === 1;
        const agrees = simulatedReject === loggedReject;
        const wanted = explain && (explain.which === 'all' || (explain.which === 'reject' ? simulatedReject || loggedReject : !agrees));
        const eni = w.eni[i]!;
        const egress = w.egress[i] === 1;
        // The decision in words only for the records reported and the first REJECT of each group.
        const firstOfGroup = group >= 0;
        const reported = wanted || (!agrees && report.mismatches.length < kept);
        if (!firstOfGroup && !reported) continue;
        const decision = decisionOf(result, k, eni, egress, flowOf(w.family[i] as Family, w.src, w.dst, 4 * i, w.protocol[i]!, w.srcPort[i]!, w.dstPort[i]!));
        if (firstOfGroup) this.rejects.describe(group, egress, this.words.blocking(decision));
        if (!reported) continue;
        const record: ReplayedRecord = {
          file: this.options.names[this.file[i]!]!,
          line: w.line[i]!,
          record: this.lineText(i),
          logged: loggedReject ? 'REJECT' : 'ACCEPT',
          simulated: simulatedReject ? 'REJECT' : 'ACCEPT',
          explanation: this.words.text(decision),
        };
        if (simulatedReject) record.code = codeName(verdict);
        if (!agrees && report.mismatches.length < kept) report.mismatches.push(record);
        if (wanted) explain.each(record);
      }
    }
    const state = this.parser.state();
    report.agree += state[FlowState.Agree]!;
    report.mismatch += state[FlowState.Mismatch]!;
    state[FlowState.Agree] = 0;
    state[FlowState.Mismatch] = 0;
    this.text.fill(undefined, 0, n);
    // The segment being parsed stays (rows of the next window come from it).
    this.segments = this.segments.slice(-1);
    // (Engine memory may have grown: a fresh view.)
    this.parser.state()[FlowState.Rows] = 0;
  }

  /** The groups of simulated REJECTs (at the end of the replay). */
  rejectGroups(): FlowLogReport['rejectsByComponent'] {
    return this.rejects.list(this.parser.groupCounts());
  }

  /** Writes the time order of the n rows (start, then input order) in the Order column. */
  private order(n: number): void {
    const w = this.parser.window();
    const time = w.time;
    let sorted = true;
    for (let i = 1; i < n; i++) {
      if (time[i]! < time[i - 1]!) {
        sorted = false;
        break;
      }
    }
    const order = w.order;
    if (sorted) {
      if (!this.identityOrder) for (let i = 0; i < this.capacity; i++) order[i] = i;
      this.identityOrder = true;
      return;
    }
    // The key packs both (starts in a window are close).
    let min = Infinity;
    for (let i = 0; i < n; i++) min = Math.min(min, time[i]!);
    const keys = this.keys.subarray(0, n);
    for (let i = 0; i < n; i++) keys[i] = (time[i]! - min) * WINDOW + i;
    keys.sort();
    for (let k = 0; k < n; k++) order[k] = keys[k]! % WINDOW;
    this.identityOrder = false;
  }
}

/** Row `from` of the window moved to row `to` (rows of unknown interfaces dropped). */
function moveRow(w: FlowWindow, from: number, to: number): void {
  for (const c of [w.family, w.protocol, w.srcPort, w.dstPort, w.iface, w.rejected, w.direction, w.offset]) c[to] = c[from]!;
  for (const c of [w.time, w.end, w.line]) c[to] = c[from]!;
  for (const c of [w.src, w.dst, w.ifSrc, w.ifDst]) c.copyWithin(4 * to, 4 * from, 4 * from + 4);
}
