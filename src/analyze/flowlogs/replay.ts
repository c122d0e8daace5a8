// `replayFlowLogs()`: flow log records replayed through the engine (issue 14 §2). A log streams in as
// chunks of bytes (a file, a gzip stream, a file dropped in a browser: ./bytes.ts, parsed inside the
// engine) or as lines (any iterable of strings, parsed by ./parse.ts); each record's interface is found
// (./interfaces.ts) and the record kept in the window (./window.ts), judged in time order a batch per
// boundary crossing. Memory is the window, the mismatches and the per-component counts: a 10 GB
// directory replays in the same space as a small file.
import type { Engine } from '../../../bindings/engine.js';
import { lazyEngine } from '../../../bindings/lazy.js';
import { assertTopology, describeArgument } from '../../model/guards.js';
import type { Topology } from '../../model/types.js';
import { prepare } from '../engine-trace.js';
import { readBytes, type ByteChunks } from './bytes.js';
import { checkFormat, DEFAULT_FORMAT, parseFormat, type FlowLogFormat } from './format.js';
import { InterfaceMap } from './interfaces.js';
import { LineReader } from './lines.js';
import type { FlowLogReport, ReplayedRecord } from './report.js';
import { ReplayWindow, type ExplainWhich } from './window.js';

export { BATCH, WINDOW, type ExplainWhich } from './window.js';
export { MALFORMED_KEPT } from './lines.js';
export type { ByteChunks } from './bytes.js';

/**
 * One source of records: a file (its name is how the report names it) given as chunks of bytes
 * (parsed inside the engine: the fast way) or as lines.
 */
export type FlowLogInput = FlowLogLines | FlowLogBytes;

/** Lines without terminators, one by one or in arrays; or a log's whole text as one string (split at line ends). */
export type LineSource = AsyncIterable<string | readonly string[]> | Iterable<string | readonly string[]>;

export interface FlowLogLines {
  name: string;
  lines: LineSource;
}

export interface FlowLogBytes {
  name: string;
  /** The file's bytes (UTF-8), in chunks of any size: a Node stream, a File's stream() in a browser, Buffers. */
  bytes: ByteChunks;
}

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

export type ReplayFunction = (t: Topology, source: FlowLogInput | readonly FlowLogInput[] | LineSource, options?: ReplayOptions) => Promise<FlowLogReport>;

export function createReplay(loadEngine: () => Promise<Engine>): ReplayFunction {
  const defaultEngine = lazyEngine(loadEngine);
  return async (t, source, options = {}) => {
    assertTopology(t, 'replayFlowLogs');
    return replay(options.engine ?? (await defaultEngine()), t, inputsOf(source), options);
  };
}

function inputsOf(source: FlowLogInput | readonly FlowLogInput[] | LineSource): readonly FlowLogInput[] {
  const iterable = typeof source === 'object' && source !== null && (Symbol.iterator in source || Symbol.asyncIterator in source || 'name' in source);
  if (typeof source !== 'string' && !iterable) {
    throw new TypeError(`replayFlowLogs: the source must be lines (an iterable of strings or a log's text), { name, lines }, { name, bytes } or a list of them, got ${describeArgument(source)}`);
  }
  // An array of inputs, or of lines (a string, or an array of lines).
  const isInput = (x: unknown) => typeof x === 'object' && x !== null && !Array.isArray(x) && 'name' in x && ('lines' in x || 'bytes' in x);
  if (Array.isArray(source) && source.every(isInput)) return source as readonly FlowLogInput[];
  if (isInput(source)) return [source as FlowLogInput];
  return [{ name: '-', lines: source as LineSource }];
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
  const report: FlowLogReport = { records: 0, agree: 0, mismatch: 0, unknown: 0, skipped: 0, malformed: 0, rejectsByComponent: [], mismatches: [], malformedLines: [], unknownByReason: { notInTopology: 0, ambiguous: 0, noDirection: 0 } };
  const names = inputs.map((i) => i.name);
  const window = new ReplayWindow(engine, t, c.image, interfaces, report, { explain: options.explain, kept: options.mismatchesKept ?? Infinity, names });
  for (let f = 0; f < inputs.length; f++) {
    const input = inputs[f]!;
    const reader = new LineReader(given, input.name, f, window, report, options.strict ?? false);
    if ('bytes' in input) {
      await readBytes(input.bytes, reader, window);
      continue;
    }
    let lineNo = 0;
    // A string is a log's text, not an iterable of one-character lines.
    const lines = typeof input.lines === 'string' ? textLines(input.lines) : input.lines;
    for await (const chunk of lines) {
      const lines = typeof chunk === 'string' ? [chunk] : chunk;
      for (const raw of lines) reader.line(raw, ++lineNo);
    }
  }
  window.judge();
  report.rejectsByComponent = window.rejectGroups();
  return report;
}

/** A log's text as its lines (LF or CR LF; a last line without a newline counts, an empty tail does not). */
function textLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}
