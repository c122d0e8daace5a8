// Flow log records parsed inside the engine (flow-log replay's byte path): a chunk of a log's bytes is
// copied in once, parsed into a window of rows whose columns are views over engine memory, and rows
// of the window are judged in the order JS writes, one boundary crossing per batch. Layout:
// abi/interface-check.ts (FlowWindowColumn, FlowState, FlowParseStatus); engine side:
// assembly/flowlog-parse.ts.
import { FLOW_MAX_FIELDS, FlowListColumn, FlowState, FlowWindowColumn, InterfaceColumn, InterfaceResultColumn, type FlowExplain, type FlowParseStatus, type FlowRole } from '../abi/interface-check.js';
import type { InterfaceBatch, InterfaceBatchResult } from './interface-check.js';

/**
 * The window's columns, `capacity` rows each (addresses 4 words per row, IPv4 in word 0): a batch's
 * (src and dst are the packet-level addresses the engine judges), then the parser's.
 */
export interface FlowWindow extends InterfaceBatch {
  capacity: number;
  iface: Int32Array;
  rejected: Int32Array;
  direction: Int32Array;
  line: Uint32Array;
  offset: Int32Array;
  order: Int32Array;
  /** Interface-level addresses (srcaddr, dstaddr): what finds the record's interface. */
  ifSrc: Uint32Array;
  ifDst: Uint32Array;
}

/** A judged batch: the results of its m rows, and the rows JS must look at (FlowListColumn pairs: row in the batch, group opened or -1). */
export interface FlowCheckResult extends InterfaceBatchResult {
  listed: Int32Array;
}

/** One replay's parser over the engine; a new flowLogParser() call starts another and ends this one. */
export interface FlowLogParser {
  /** The window's columns: views replaced when engine memory grows, so take them again after each call. */
  window(): FlowWindow;
  /** FlowState words (read and written by the caller between calls). */
  state(): Int32Array;
  /** The format: one role per field, in record order. */
  setFormat(roles: readonly FlowRole[]): void;
  /** Copies `bytes` into the engine's input buffer; parsing starts at Pos (set it to 0 for new input). */
  input(bytes: Uint8Array): void;
  /** Parses input[Pos, length) (see assembly/flowlog-parse.ts flowParse). */
  parse(length: number, first: boolean): FlowParseStatus;
  /** The text bytes of interned interface id `id` (a copy). */
  idBytes(id: number): Uint8Array;
  /** The ENIs' own IPv4 addresses (ENI e's at [e]): the engine tells a record's direction by them. */
  setOwnAddresses(own: readonly (readonly number[])[]): void;
  /** Interned interface id `id` belongs to ENI `eni` (-1: unknown; rows of it then go to JS). */
  placeInterface(id: number, eni: number): void;
  /**
   * Judges rows order[from .. from + m) of the window (Eni and Egress set), counting agreements (FlowState Agree,
   * Mismatch) and REJECT groups; lists disagreements, the first REJECT of each group and the rows `explain` selects.
   * Result views valid until the next call.
   */
  check(from: number, m: number, explain: FlowExplain): FlowCheckResult;
  /** Records per REJECT group, by group id (FlowState Groups of them). */
  groupCounts(): Int32Array;
}

export interface FlowLogEngine {
  /** Starts a replay's parser with a window of `capacity` rows (no interface ids interned, counters at 0). */
  flowLogParser(capacity: number): FlowLogParser;
}

export interface FlowLogExports {
  memory: WebAssembly.Memory;
  flowBegin(capacity: number): number;
  flowState(): number;
  flowRoles(): number;
  flowSetFormat(n: number): void;
  flowInputReserve(bytes: number): number;
  flowIds(): number;
  flowParse(length: number, first: number): number;
  flowCheckRows(from: number, m: number, explain: number): number;
  flowGroupCounts(): number;
  flowOwnReserve(enis: number, addresses: number): number;
  flowIfaceEnis(count: number): number;
}

export function createFlowLogEngine(raw: FlowLogExports, loaded: () => boolean): FlowLogEngine {
  return {
    flowLogParser(capacity) {
      if (!loaded()) throw new Error('flowLogParser: no network loaded (call loadNetwork first)');
      const windowAt = raw.flowBegin(capacity);
      const stateAt = raw.flowState();
      let buffer: ArrayBuffer | undefined;
      let window: FlowWindow | undefined;
      let state = new Int32Array(0);
      const refresh = (): void => {
        if (raw.memory.buffer === buffer) return;
        buffer = raw.memory.buffer;
        const i32 = (c: number) => new Int32Array(buffer!, windowAt + c * capacity * 4, capacity);
        const u32 = (c: number, words = 1) => new Uint32Array(buffer!, windowAt + c * capacity * 4, capacity * words);
        window = {
          capacity,
          eni: i32(InterfaceColumn.Eni),
          egress: i32(InterfaceColumn.Egress),
          family: i32(InterfaceColumn.Family),
          protocol: i32(InterfaceColumn.Protocol),
          srcPort: i32(InterfaceColumn.SrcPort),
          dstPort: i32(InterfaceColumn.DstPort),
          time: u32(InterfaceColumn.Time),
          end: u32(InterfaceColumn.End),
          src: u32(InterfaceColumn.Src, 4),
          dst: u32(InterfaceColumn.Dst, 4),
          iface: i32(FlowWindowColumn.Iface),
          rejected: i32(FlowWindowColumn.Rejected),
          direction: i32(FlowWindowColumn.Direction),
          line: u32(FlowWindowColumn.Line),
          offset: i32(FlowWindowColumn.Offset),
          order: i32(FlowWindowColumn.Order),
          ifSrc: u32(FlowWindowColumn.IfSrc, 4),
          ifDst: u32(FlowWindowColumn.IfDst, 4),
        };
        state = new Int32Array(buffer, stateAt, FlowState.Stride);
      };
      refresh();
      return {
        window() {
          refresh();
          return window!;
        },
        state() {
          refresh();
          return state;
        },
        setFormat(roles) {
          if (roles.length > FLOW_MAX_FIELDS) throw new RangeError(`a flow log format has at most ${FLOW_MAX_FIELDS} fields, got ${roles.length}`);
          new Uint8Array(raw.memory.buffer, raw.flowRoles(), roles.length).set(roles);
          raw.flowSetFormat(roles.length);
        },
        input(bytes) {
          const at = raw.flowInputReserve(bytes.length);
          new Uint8Array(raw.memory.buffer, at, bytes.length).set(bytes);
        },
        parse(length, first) {
          return raw.flowParse(length, first ? 1 : 0) as FlowParseStatus;
        },
        setOwnAddresses(own) {
          const words = own.reduce((n, a) => n + a.length, 0);
          const at = raw.flowOwnReserve(own.length, words);
          const start = new Int32Array(raw.memory.buffer, at, own.length + 1);
          const addresses = new Uint32Array(raw.memory.buffer, at + (own.length + 1) * 4, words);
          let k = 0;
          own.forEach((list, e) => {
            start[e] = k;
            for (const a of list) addresses[k++] = a;
          });
          start[own.length] = k;
        },
        placeInterface(id, eni) {
          new Int32Array(raw.memory.buffer, raw.flowIfaceEnis(id + 1) + id * 4, 1)[0] = eni;
        },
        idBytes(id) {
          const table = new Uint32Array(raw.memory.buffer, raw.flowIds() + id * 8, 2);
          return new Uint8Array(raw.memory.buffer, table[0]!, table[1]!).slice();
        },
        check(from, m, explain) {
          const at = raw.flowCheckRows(from, m, explain);
          refresh();
          if (at === 0) throw new RangeError('checkInterfaces: a row names a network interface the loaded image does not have');
          const column = (c: InterfaceResultColumn) => new Int32Array(raw.memory.buffer, at + c * m * 4, m);
          return {
            verdicts: column(InterfaceResultColumn.Verdict),
            sgRules: column(InterfaceResultColumn.SgRule),
            naclEntries: column(InterfaceResultColumn.NaclEntry),
            icmpTypes: column(InterfaceResultColumn.IcmpType),
            listed: new Int32Array(raw.memory.buffer, at + InterfaceResultColumn.Stride * m * 4, state[FlowState.Listed]! * FlowListColumn.Stride),
          };
        },
        groupCounts() {
          refresh();
          return new Int32Array(raw.memory.buffer, raw.flowGroupCounts(), state[FlowState.Groups]!);
        },
      };
    },
  };
}
