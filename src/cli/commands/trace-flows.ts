// `vpcsim trace <file> --flows flows.csv|flows.jsonl [--json]`: every flow of the file answered with one
// load of the design (the compiled-image cache applies as for one trace). The file is read as a
// stream, a chunk of flows at a time: each chunk's packets cross into the engine in batches
// (src/analyze/trace-many.ts on the shared batch walker) and its answers are printed before the next
// chunk is read, one CSV row or (--json) one JSON line per flow. Exit 1 when any flow is not reachable.
//
// Input columns (CSV header) or keys (one JSON object per line): from, to, protocol (default tcp),
// port, sourcePort, icmpType, icmpCode, as `vpcsim trace` takes them. A bad row is bad input naming
// the file and line.
import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import type { BatchWalker } from '../../analyze/batch-walk.js';
import { checkQueryShape, toTraceProtocol, type QueryWords } from '../../analyze/query-checks.js';
import type { TraceQuery } from '../../analyze/trace.js';
import { traceMany, type FlowAnswer } from '../../analyze/trace-many.js';
import { InputError } from '../../model/errors.js';
import { csvCell, printable, quote } from '../../model/printable.js';
import type { CliIO } from '../io.js';
import { textLines } from '../text-lines.js';

/** 'sniff': standard input (`--flows -`), JSONL when its first non-empty line starts with `{`, else CSV. */
export type FlowsFormat = 'csv' | 'jsonl' | 'sniff';

/** How rows from standard input are named in errors. */
const STDIN_NAME = '<stdin>';

const COLUMNS = ['from', 'to', 'protocol', 'port', 'sourcePort', 'icmpType', 'icmpCode'] as const;
type Column = (typeof COLUMNS)[number];
const NUMBER_COLUMNS: readonly Column[] = ['port', 'sourcePort', 'icmpType', 'icmpCode'];

/** Errors name the column, as the file does. */
const COLUMN_WORDS: QueryWords = { from: 'from', to: 'to', protocol: 'protocol', port: 'port', sourcePort: 'sourcePort', responseAfter: 'responseAfter', icmpType: 'icmpType', icmpCode: 'icmpCode' };

/** Flows per chunk: the answers of one chunk are printed before the next is read. */
const CHUNK_FLOWS = 1024;

export function flowsFormatOf(path: string): FlowsFormat {
  if (path === '-') return 'sniff';
  if (/\.csv$/i.test(path)) return 'csv';
  if (/\.(jsonl|ndjson)$/i.test(path)) return 'jsonl';
  throw new InputError(`--flows ${quote(path)}: expected a .csv or .jsonl file, or - for standard input`);
}

/** Checked before the design is loaded: a missing flows file is reported at once. */
export async function checkFlowsFile(path: string, io: CliIO): Promise<FlowsFormat> {
  const format = flowsFormatOf(path);
  if (format === 'sniff') {
    if (!io.stdin) throw new InputError('standard input is not available here', { file: STDIN_NAME });
    return format;
  }
  await access(path).catch((err: unknown) => {
    throw new InputError(`cannot read file (${(err as { code?: string }).code ?? 'EIO'})`, { file: path });
  });
  return format;
}

interface FlowRow {
  line: number;
  query: TraceQuery;
}

/** One CSV line's fields: commas separate, double quotes enclose (a doubled quote is a quote). */
function csvFields(text: string, where: string): string[] {
  // Without a quote, the fields are the text between commas.
  if (!text.includes('"')) {
    const fields = text.split(',');
    for (let i = 0; i < fields.length; i++) fields[i] = fields[i]!.trim();
    return fields;
  }
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= text.length) throw new InputError('unterminated quoted field', { file: where });
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += text[i++];
      }
      if (i < text.length && text[i] !== ',') throw new InputError('text after a quoted field', { file: where });
    } else {
      const end = text.indexOf(',', i);
      field = text.slice(i, end < 0 ? text.length : end);
      i = end < 0 ? text.length : end;
    }
    fields.push(field.trim());
    if (i >= text.length) return fields;
    i++; // the comma
  }
}

function checkColumns(names: readonly string[], where: string, what: string): Column[] {
  for (const name of names) {
    if (!(COLUMNS as readonly string[]).includes(name)) throw new InputError(`unknown ${what} ${quote(name)} (expected ${COLUMNS.join(', ')})`, { file: where });
  }
  return names as Column[];
}

/** A row's values (CSV text or JSON values) as a TraceQuery, checked as `vpcsim trace` checks its flags. */
function queryOf(values: Partial<Record<Column, unknown>>, where: string): TraceQuery {
  for (const key of ['from', 'to'] as const) {
    const v = values[key];
    if (typeof v !== 'string' || v.trim() === '') throw new InputError(`${key} is missing`, { file: where });
  }
  const number = (key: Column): number | undefined => {
    const v = values[key];
    if (v === undefined || v === '') return undefined;
    if (typeof v === 'number') return v;
    if (typeof v === 'string' && /^\d{1,5}$/.test(v)) return Number(v);
    throw new InputError(`${key} ${quote(v)}: expected a number`, { file: where });
  };
  const q: TraceQuery = { from: values.from as string, to: values.to as string, protocol: toTraceProtocol(values.protocol === '' ? undefined : values.protocol, COLUMN_WORDS, { file: where }), file: where };
  for (const key of NUMBER_COLUMNS) {
    const n = number(key);
    if (n !== undefined) q[key as 'port'] = n;
  }
  checkQueryShape(q, COLUMN_WORDS, { file: where });
  return q;
}

/** Reads the flows file line by line: a header first for CSV, then a FlowRow per flow. */
function rowReader(name: string, initial: FlowsFormat): (raw: string, n: number) => FlowRow | undefined {
  let format = initial;
  let header: Column[] | undefined;
  return (raw, n) => {
    const text = n === 1 && raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
    if (text.trim() === '') return undefined;
    if (format === 'sniff') format = text.trimStart().startsWith('{') ? 'jsonl' : 'csv';
    const where = `${name}:${n}`;
    if (format === 'jsonl') {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        throw new InputError('not a JSON object', { file: where });
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InputError('not a JSON object', { file: where });
      checkColumns(Object.keys(value), where, 'key');
      return { line: n, query: queryOf(value as Record<Column, unknown>, where) };
    }
    if (!header) {
      header = checkColumns(csvFields(text, where), where, 'column');
      for (const key of ['from', 'to'] as const) if (!header.includes(key)) throw new InputError(`the header has no ${key} column`, { file: where });
      return undefined;
    }
    const fields = csvFields(text, where);
    if (fields.length !== header.length) throw new InputError(`${fields.length} fields, the header has ${header.length}`, { file: where });
    const values: Partial<Record<Column, unknown>> = {};
    for (let i = 0; i < header.length; i++) values[header[i]!] = fields[i];
    return { line: n, query: queryOf(values, where) };
  };
}

/** The rows of the flows file, a chunk of the input at a time (a promise per row was a tenth of the run). */
async function* flowRows(path: string, format: FlowsFormat, io: CliIO): AsyncGenerator<FlowRow[]> {
  const fromStdin = path === '-';
  const input = fromStdin ? io.stdin!() : createReadStream(path, { encoding: 'utf8' });
  const rowOf = rowReader(fromStdin ? STDIN_NAME : path, format);
  let n = 0;
  for await (const lines of textLines(input)) {
    const rows: FlowRow[] = [];
    for (const raw of lines) {
      let row: FlowRow | undefined;
      try {
        row = rowOf(raw, ++n);
      } catch (err) {
        // The rows before a bad one are answered first, as when rows came one at a time.
        yield rows;
        throw err;
      }
      if (row) rows.push(row);
    }
    yield rows;
  }
}

export const FLOWS_CSV_HEADER = 'line,from,to,protocol,port,source,destination,reachable,sourcePorts,code,component,detail';

const csvField = (value: unknown): string => csvCell(String(value ?? ''));

function csvRow(line: number, a: FlowAnswer): string {
  const q = a.query;
  const ports = a.sourcePorts?.map((p) => (p.from === p.to ? `${p.from}` : `${p.from}-${p.to}`)).join(' ');
  const e = a.explanation;
  // One template, no array of the cells (FLOWS_CSV_HEADER's order).
  return `${csvField(line)},${csvField(q.from)},${csvField(q.to)},${csvField(q.protocol)},${csvField(q.port)},${csvField(q.source)},${csvField(q.destination)},${csvField(a.reachable)},${csvField(ports)},${csvField(e?.code)},${csvField(e?.component)},${csvField(e?.detail)}`;
}

/**
 * Answers every flow of `flowsPath` on the walker's topology, printing as it goes; returns whether
 * every flow was reachable.
 */
export async function traceFlows(walker: BatchWalker, flowsPath: string, format: FlowsFormat, json: boolean, io: CliIO): Promise<boolean> {
  let allReachable = true;
  if (!json) io.stdout(FLOWS_CSV_HEADER + '\n');
  let chunk: FlowRow[] = [];
  const flush = () => {
    if (chunk.length === 0) return;
    const answers = traceMany(walker, chunk.map((r) => r.query), COLUMN_WORDS);
    let out = '';
    answers.forEach((a, i) => {
      if (!a.reachable) allReachable = false;
      out += json ? `${JSON.stringify({ line: chunk[i]!.line, ...a })}\n` : `${csvRow(chunk[i]!.line, a)}\n`;
    });
    io.stdout(out);
    chunk = [];
  };
  for await (const rows of flowRows(flowsPath, format, io)) {
    for (const row of rows) {
      chunk.push(row);
      if (chunk.length >= CHUNK_FLOWS) flush();
    }
  }
  flush();
  return allReachable;
}
