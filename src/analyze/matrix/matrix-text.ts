// A reachability matrix as text (the allowed pairs), CSV (every cell) and JSON (`{ by, groups, ports,
// walks, pairs, cells }`), each produced in chunks so a matrix of millions of cells is never one string.
// Text and CSV escape what came from input (printable); JSON stays exact.
import { clip, csvCell, printable } from '../../model/printable.js';
import { Code } from '../codes.js';
import { iterateCells, NO_PAIR, type ReachabilityMatrix } from './matrix.js';
import { groupCount } from './members.js';

const CHUNK_LINES = 10_000;

function* chunked(lines: Iterable<string>): Generator<string> {
  let buffer: string[] = [];
  for (const line of lines) {
    buffer.push(line);
    if (buffer.length >= CHUNK_LINES) {
      yield buffer.join('');
      buffer = [];
    }
  }
  if (buffer.length > 0) yield buffer.join('');
}

const count = (n: number) => n.toLocaleString('en-US');
const plural = (n: number, word: string) => `${count(n)} ${word}${n === 1 ? '' : 's'}`;

/** One-line summary: groups, ports, reachable cells, flows walked. */
export function matrixSummary(m: ReachabilityMatrix): string {
  let cells = 0;
  let reachable = 0;
  for (const code of m.codes) {
    if (code === NO_PAIR) continue;
    cells++;
    if (code === Code.REACHABLE) reachable++;
  }
  return `${groupCount(m.by, m.groups.length)} x ${plural(m.ports.length, 'port')} (${m.ports.join(' ')}): ${count(reachable)} of ${plural(cells, 'cell')} reachable; ${plural(m.walks, 'flow')} walked for ${plural(m.pairs, 'instance pair')} x ports\n`;
}

/** The text answer: the summary, then per group pair the ports that get through (`*`: some instance pairs only). */
export function* matrixText(m: ReachabilityMatrix): Generator<string> {
  yield matrixSummary(m);
  const G = m.groups.length;
  const P = m.ports.length;
  const rows: Array<[string, string, string]> = [];
  let partial = false;
  for (let from = 0; from < G; from++) {
    for (let to = 0; to < G; to++) {
      const open: string[] = [];
      for (let p = 0; p < P; p++) {
        const at = (from * G + to) * P + p;
        if (m.codes[at] !== Code.REACHABLE) continue;
        open.push(m.ports[p]! + (m.partial[at] ? '*' : ''));
        partial ||= m.partial[at] === 1;
      }
      // Group ids are Name tags or ids from input: escaped and clipped (a long one would pad every row).
      if (open.length > 0) rows.push([clip(printable(m.groups[from]!.id)), clip(printable(m.groups[to]!.id)), open.join(' ')]);
    }
  }
  if (rows.length === 0) {
    yield 'no group reaches another on these ports\n';
    return;
  }
  const header: [string, string, string] = ['FROM', 'TO', 'REACHABLE (forward and return)'];
  const w0 = Math.max(header[0].length, ...rows.slice(0, 100_000).map((r) => r[0].length));
  const w1 = Math.max(header[1].length, ...rows.slice(0, 100_000).map((r) => r[1].length));
  const line = (r: [string, string, string]) => `${r[0].padEnd(w0)}  ${r[1].padEnd(w1)}  ${r[2]}\n`;
  yield* chunked([header, ...rows].map(line));
  if (partial) yield '* some, not all, instance pairs of the two groups get through\n';
}


/**
 * A matrix as CSV, in chunks: `from,to,port,reachable,code,partial`, one row per cell; names from input
 * escaped and kept from starting a spreadsheet formula (`matrix --csv`).
 */
export function* matrixCsv(m: ReachabilityMatrix): Generator<string> {
  yield 'from,to,port,reachable,code,partial\n';
  yield* chunked(
    (function* () {
      for (const c of iterateCells(m)) yield `${csvCell(c.from)},${csvCell(c.to)},${c.port},${c.reachable},${c.code ?? ''},${c.partial ? 'true' : ''}\n`;
    })(),
  );
}

/** A matrix as JSON text, in chunks: `{ by, groups, ports, walks, pairs, cells }` (`matrix --json`). */
export function* matrixJson(m: ReachabilityMatrix): Generator<string> {
  yield `{"by":${JSON.stringify(m.by)},"groups":${JSON.stringify(m.groups)},"ports":${JSON.stringify(m.ports)},"walks":${m.walks},"pairs":${m.pairs},"cells":[`;
  let first = true;
  yield* chunked(
    (function* () {
      for (const c of iterateCells(m)) {
        yield (first ? '\n' : ',\n') + JSON.stringify(c);
        first = false;
      }
    })(),
  );
  yield '\n]}\n';
}
