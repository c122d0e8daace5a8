// `replayFlowLogs()`: flow log records replayed through the engine (issue 14 §2). Lines stream in
// (any async iterable: a file, a gzip stream, a file dropped in a browser); each is parsed in place,
// its interface found (./interfaces.ts), and kept in a window of WINDOW rows. A full window is put in
// time order (start, then input order) and judged by the engine BATCH rows per boundary crossing, with
// security-group connection state that lasts across batches (FL-5, SG-7). Memory is the window, the
// mismatches and the per-component counts: a 10 GB directory replays in the same space as a small file.
// CHOICE: records are put in time order within each window of WINDOW records; a record older than one
// of an earlier window is judged in arrival order.
import type { Engine } from '../../../bindings/engine.js';
import { allocateInterfaceBatch } from '../../../bindings/interface-check.js';
import { InputError } from '../../model/errors.js';
import type { Family } from '../../model/ip.js';
import type { Topology } from '../../model/types.js';
import { Code, codeName } from '../codes.js';
import { prepare } from '../engine-trace.js';
import { DecisionWords, decisionOf, flowOf } from './explain-record.js';
import { checkFormat, DEFAULT_FORMAT, parseFormat, type FlowLogFormat } from './format.js';
import { headerFormat } from './format.js';
import { InterfaceMap, Unmatched } from './interfaces.js';
import { LineKind, RecordParser } from './parse.js';
import { RejectCounts, type FlowLogReport, type MalformedLine, type ReplayedRecord } from './report.js';

/** Rows judged per boundary crossing. */
export const BATCH = 4096;
/** Rows put in time order together. */
export const WINDOW = 16 * BATCH;

/** One source of lines: a file (its name is how the report names it) or any async iterable. */
export interface FlowLogInput {
  name: string;
  /** Lines without terminators, one by one or in arrays (faster). */
  lines: AsyncIterable<string | readonly string[]> | Iterable<string | readonly string[]>;
}

export type ExplainWhich = 'all' | 'reject' | 'mismatch';

export interface ReplayOptions {
  /** The engine to judge on (default: the entry point's). */
  engine?: Engine;
  /** Fields of records without a header line: AWS's `${field} ...` text or a list; default version 2 (FL-2). */
  format?: string | FlowLogFormat;
  /** Interface ids pinned to an ENI or instance (logical or AWS id): `--map`. */
  map?: ReadonlyMap<string, string> | Readonly<Record<string, string>>;
  /** A malformed line is an input error (exit 2) instead of a counted line. */
  strict?: boolean;
  /** Mismatches the report keeps (all are counted); default all (`--json` lists every one). */
  mismatchesKept?: number;
  /** Called with each record the option selects, in judged order (`--explain`). */
  explain?: { which: ExplainWhich; each: (r: ReplayedRecord) => void };
}

export type ReplayFunction = (t: Topology, source: FlowLogInput | readonly FlowLogInput[] | FlowLogInput['lines'], options?: ReplayOptions) => Promise<FlowLogReport>;

/** The rows of one window: engine columns plus where each record came from. */
class Window {
  readonly rows = allocateInterfaceBatch(WINDOW);
  readonly rejected = new Uint8Array(WINDOW);
  readonly file = new Int32Array(WINDOW);
  readonly line = new Float64Array(WINDOW);
  readonly text: string[] = new Array<string>(WINDOW);
  readonly keys = new Float64Array(WINDOW);
  n = 0;
}

export function createReplay(loadEngine: () => Promise<Engine>): ReplayFunction {
  let engine: Promise<Engine> | undefined;
  const defaultEngine = (): Promise<Engine> => {
    engine ??= loadEngine().catch((err: unknown) => {
      engine = undefined;
      throw err;
    });
    return engine;
  };
  return async (t, source, options = {}) => replay(options.engine ?? (await defaultEngine()), t, inputsOf(source), options);
}

function inputsOf(source: FlowLogInput | readonly FlowLogInput[] | FlowLogInput['lines']): readonly FlowLogInput[] {
  // An array of inputs, or of lines (a string, or an array of lines).
  if (Array.isArray(source) && source.every((x: unknown) => typeof x === 'object' && x !== null && !Array.isArray(x) && 'lines' in x)) return source as readonly FlowLogInput[];
  if (typeof source === 'object' && source !== null && 'lines' in source && 'name' in source) return [source as FlowLogInput];
  return [{ name: '-', lines: source as FlowLogInput['lines'] }];
}

function pinsOf(map: ReplayOptions['map']): Map<string, string> {
  if (!map) return new Map();
  return map instanceof Map ? new Map(map) : new Map(Object.entries(map));
}

async function replay(engine: Engine, t: Topology, inputs: readonly FlowLogInput[], options: ReplayOptions): Promise<FlowLogReport> {
  const given = options.format === undefined ? DEFAULT_FORMAT : typeof options.format === 'string' ? parseFormat(options.format) : checkFormat(options.format, 'format');
  const interfaces = new InterfaceMap(t, pinsOf(options.map));
  const c = prepare(engine, t);
  engine.resetInterfaceState();
  const words = new DecisionWords(t, c.image);
  const rejects = new RejectCounts();
  const report: FlowLogReport = { records: 0, agree: 0, mismatch: 0, unknown: 0, skipped: 0, malformed: 0, rejectsByComponent: [], mismatches: [], malformedLines: [], unknownByReason: { notInTopology: 0, ambiguous: 0, noDirection: 0 } };
  const w = new Window();
  const batch = allocateInterfaceBatch(BATCH);
  const explain = options.explain;
  const names = inputs.map((i) => i.name);
  const kept = options.mismatchesKept ?? Infinity;

  const judge = (): void => {
    const n = w.n;
    if (n === 0) return;
    // Time order: start, then input order (the key packs both; starts in a window are close).
    let min = Infinity;
    for (let i = 0; i < n; i++) min = Math.min(min, w.rows.time[i]!);
    const keys = w.keys.subarray(0, n);
    for (let i = 0; i < n; i++) keys[i] = (w.rows.time[i]! - min) * WINDOW + i;
    keys.sort();
    for (let first = 0; first < n; first += BATCH) {
      const m = Math.min(BATCH, n - first);
      const order: number[] = new Array<number>(m);
      for (let k = 0; k < m; k++) {
        const i = keys[first + k]! % WINDOW;
        order[k] = i;
        copyRow(w.rows, i, batch, k);
      }
      const result = engine.checkInterfaces(batch, m);
      for (let k = 0; k < m; k++) {
        const i = order[k]!;
        const verdict = result.verdicts[k]!;
        const simulatedReject = verdict !== Code.REACHABLE;
        const loggedReject = w.rejected[i] === 1;
        const agrees = simulatedReject === loggedReject;
        if (agrees) report.agree++;
        else report.mismatch++;
        const wanted = explain && (explain.which === 'all' || (explain.which === 'reject' ? simulatedReject || loggedReject : !agrees));
        if (!simulatedReject && agrees && !wanted) continue;
        // The decision in words only for the records reported and the first REJECT of each group.
        const first = simulatedReject && rejects.add(batch.eni[k]!, batch.egress[k] === 1, verdict, result.naclEntries[k]!);
        const reported = wanted || (!agrees && report.mismatches.length < kept);
        if (!first && !reported) continue;
        const decision = decisionOf(result, k, batch.eni[k]!, batch.egress[k] === 1, flowOf(batch.family[k] as Family, batch.src, batch.dst, 4 * k, batch.protocol[k]!, batch.srcPort[k]!, batch.dstPort[k]!));
        if (first) rejects.describe(words.blocking(decision));
        if (!reported) continue;
        const record: ReplayedRecord = {
          file: names[w.file[i]!]!,
          line: w.line[i]!,
          record: w.text[i]!,
          logged: loggedReject ? 'REJECT' : 'ACCEPT',
          simulated: simulatedReject ? 'REJECT' : 'ACCEPT',
          explanation: words.text(decision),
        };
        if (simulatedReject) record.code = codeName(verdict);
        if (!agrees && report.mismatches.length < kept) report.mismatches.push(record);
        if (wanted) explain.each(record);
      }
    }
    w.text.fill('', 0, n);
    w.n = 0;
  };

  for (let f = 0; f < inputs.length; f++) {
    const input = inputs[f]!;
    let parser = new RecordParser(given);
    let lineNo = 0;
    let first = true;
    for await (const chunk of input.lines) {
      const lines = typeof chunk === 'string' ? [chunk] : chunk;
      for (let raw of lines) {
        lineNo++;
        if (raw.length > 0 && raw.charCodeAt(raw.length - 1) === 13) raw = raw.slice(0, -1);
        if (raw.length === 0 || (raw.charCodeAt(0) <= 32 && raw.trim() === '')) continue;
        if (first) {
          first = false;
          // S3 delivery starts each file with the field names (the header is line 1).
          const header = headerFormat(raw);
          if (header) {
            parser = new RecordParser(checkFormat(header, `${input.name} line ${lineNo} (header)`));
            continue;
          }
        }
        report.records++;
        const kind = parser.parse(raw);
        if (kind === LineKind.Skipped) {
          report.skipped++;
          continue;
        }
        if (kind === LineKind.Malformed) {
          report.malformed++;
          const problem = parser.record.problem;
          if (options.strict) throw new InputError(`${input.name} line ${lineNo}: malformed flow log record: ${problem}`);
          if (report.malformedLines.length < MALFORMED_KEPT) report.malformedLines.push({ file: input.name, line: lineNo, problem } satisfies MalformedLine);
          continue;
        }
        const r = parser.record;
        const e = interfaces.resolve(r);
        if (e < 0) {
          report.unknown++;
          if (e === Unmatched.Ambiguous) report.unknownByReason.ambiguous++;
          else if (e === Unmatched.NoDirection) report.unknownByReason.noDirection++;
          else report.unknownByReason.notInTopology++;
          continue;
        }
        const i = w.n++;
        const rows = w.rows;
        rows.eni[i] = e;
        rows.egress[i] = interfaces.egress ? 1 : 0;
        rows.family[i] = r.family;
        rows.protocol[i] = r.protocol;
        rows.srcPort[i] = r.srcPort;
        rows.dstPort[i] = r.dstPort;
        rows.time[i] = r.start;
        rows.end[i] = r.end;
        rows.src.set(r.pktSrc, 4 * i);
        rows.dst.set(r.pktDst, 4 * i);
        w.rejected[i] = r.rejected ? 1 : 0;
        w.file[i] = f;
        w.line[i] = lineNo;
        w.text[i] = raw;
        if (w.n === WINDOW) judge();
      }
    }
  }
  judge();
  report.rejectsByComponent = rejects.list();
  return report;
}

/** Malformed lines the report lists (all are counted). */
export const MALFORMED_KEPT = 100;

function copyRow(from: ReturnType<typeof allocateInterfaceBatch>, i: number, to: ReturnType<typeof allocateInterfaceBatch>, k: number): void {
  to.eni[k] = from.eni[i]!;
  to.egress[k] = from.egress[i]!;
  to.family[k] = from.family[i]!;
  to.protocol[k] = from.protocol[i]!;
  to.srcPort[k] = from.srcPort[i]!;
  to.dstPort[k] = from.dstPort[i]!;
  to.time[k] = from.time[i]!;
  to.end[k] = from.end[i]!;
  for (let j = 0; j < 4; j++) {
    to.src[4 * k + j] = from.src[4 * i + j]!;
    to.dst[4 * k + j] = from.dst[4 * i + j]!;
  }
}
