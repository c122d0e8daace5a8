// Interface checks across the engine boundary (flow-log replay): whole batches of rows, each a packet
// at one ENI in one direction, judged with connection state that lasts from batch to batch until
// resetInterfaceState(). One boundary crossing per batch. Layout: abi/interface-check.ts.
import { InterfaceColumn, InterfaceResultColumn } from '../abi/interface-check.js';
import { columnPlan, writeColumns } from './columns.js';

const INPUT_COLUMNS = columnPlan(InterfaceColumn);

/** A batch of n rows; addresses take 4 u32 words each (IPv4 in word 0), most significant first. */
export interface InterfaceBatch {
  /** Dense ENI id (the image's). */
  eni: Int32Array;
  /** 1 = the packet leaves the ENI, 0 = it arrives. */
  egress: Int32Array;
  family: Int32Array;
  protocol: Int32Array;
  srcPort: Int32Array;
  dstPort: Int32Array;
  /** Simulated seconds (unsigned 32-bit), non-decreasing across rows and batches. */
  time: Uint32Array;
  /** When the packets were last seen (>= time; a record's end). */
  end: Uint32Array;
  src: Uint32Array;
  dst: Uint32Array;
}

export interface InterfaceBatchResult {
  /** 0 = accepted, else the blocking explanation code. */
  verdicts: Int32Array;
  /** The allowing SgRule record or an InterfaceSg value. */
  sgRules: Int32Array;
  /** The deciding NaclEntry record or an InterfaceNacl value. */
  naclEntries: Int32Array;
  /** The ICMP type each row was judged as (-1 for other protocols). */
  icmpTypes: Int32Array;
}

export interface InterfaceEngine {
  /** Forgets every tracked connection (a new replay). */
  resetInterfaceState(): void;
  /** Judges the first `n` rows of `rows` (default all) on the loaded network; state carries over to the next batch. */
  checkInterfaces(rows: InterfaceBatch, n?: number): InterfaceBatchResult;
}

export interface InterfaceExports {
  memory: WebAssembly.Memory;
  stagingReserve(bytes: number): number;
  checkInterfaceBatch(rows: number, n: number, results: number): number;
  interfaceStateReset(): void;
}

export function createInterfaceEngine(raw: InterfaceExports, loaded: () => boolean): InterfaceEngine {
  return {
    resetInterfaceState() {
      raw.interfaceStateReset();
    },

    checkInterfaces(rows, n = rows.eni.length) {
      if (!loaded()) throw new Error('checkInterfaces: no network loaded (call loadNetwork first)');
      const inWords = n * InterfaceColumn.Stride;
      const base = raw.stagingReserve((inWords + n * InterfaceResultColumn.Stride) * 4);
      writeColumns(raw.memory.buffer, base, n, INPUT_COLUMNS, rows);
      const results = base + inWords * 4;
      if (raw.checkInterfaceBatch(base, n, results) < 0) throw new RangeError('checkInterfaces: a row names a network interface the loaded image does not have');
      const out = new Int32Array(raw.memory.buffer, results, n * InterfaceResultColumn.Stride);
      const column = (c: InterfaceResultColumn) => out.slice(c * n, (c + 1) * n);
      return {
        verdicts: column(InterfaceResultColumn.Verdict),
        sgRules: column(InterfaceResultColumn.SgRule),
        naclEntries: column(InterfaceResultColumn.NaclEntry),
        icmpTypes: column(InterfaceResultColumn.IcmpType),
      };
    },
  };
}

/** An empty batch of n rows to fill in. */
export function allocateInterfaceBatch(n: number): InterfaceBatch {
  return {
    eni: new Int32Array(n),
    egress: new Int32Array(n),
    family: new Int32Array(n),
    protocol: new Int32Array(n),
    srcPort: new Int32Array(n),
    dstPort: new Int32Array(n),
    time: new Uint32Array(n),
    end: new Uint32Array(n),
    src: new Uint32Array(4 * n),
    dst: new Uint32Array(4 * n),
  };
}
