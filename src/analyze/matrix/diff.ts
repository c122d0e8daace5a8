// `vpcsim diff` / diffDesigns() (issue 15 §2): the cells whose verdict changes between two designs.
// Both matrices are computed alike (matrix.ts); groups are matched across the designs by logical id,
// then Name tag, then address (DIFF-1); changed cells are explained on each blocked side by their first
// member pair, walked again as one traced batch per design (../batch-walk.ts), and grouped into rows:
// source group, destination group, the ports with the same change and the same blockers.
import type { Engine } from '../../../bindings/engine.js';
import { Code } from '../../../abi/codes.js';
import { PROTOCOL_TCP, PROTOCOL_UDP } from '../../model/protocols.js';
import type { Topology } from '../../model/types.js';
import { BatchWalker, blockerOf, type FlowBlocker } from '../batch-walk.js';
import { codeName, type CodeName } from '../codes.js';
import { cellWitness, computeMatrix, matrixGrouping, NO_PAIR, type MatrixOptions, type ReachabilityMatrix } from './matrix.js';
import type { MatrixGroup } from './members.js';
import type { MatrixPort } from './ports.js';

export type DiffOptions = Pick<MatrixOptions, 'by' | 'ports' | 'words'>;

/** One side of a change. */
export interface DiffSide {
  /** `reachable`, `partial` (some member pairs only), `blocked`, or `no pair` (no two distinct members). */
  state: 'reachable' | 'partial' | 'blocked' | 'no pair';
  code?: CodeName;
  /** The blocking component (logical id) of the cell's first member pair, as trace names it. */
  blockedBy?: FlowBlocker;
  /** The first member pair, whose blocker is shown. */
  witness?: { from: string; to: string };
}

export interface DiffRow {
  from: string;
  to: string;
  /** The ports with this change, protocol by protocol with ranges: `tcp/22,443 icmp`. */
  ports: string;
  before: DiffSide;
  after: DiffSide;
}

export interface DesignDiff {
  by: MatrixOptions['by'];
  ports: string[];
  /** Groups found in both designs. */
  matched: number;
  rows: DiffRow[];
  /** Groups only in the after design / only in the before design. */
  added: MatrixGroup[];
  removed: MatrixGroup[];
}

/** DIFF-1: after-index of each before group, by logical id, then Name tag, then address; -1 when unmatched. */
export function matchGroups(before: ReachabilityMatrix, after: ReachabilityMatrix): Int32Array {
  const b = matrixGrouping(before);
  const a = matrixGrouping(after);
  const match = new Int32Array(b.groups.length).fill(-1);
  const taken = new Uint8Array(a.groups.length);
  const keys: Array<(g: typeof b, i: number) => string | undefined> = [(g, i) => g.resources[i]!.logicalId, (g, i) => g.resources[i]!.name, (g, i) => g.groups[i]!.address];
  for (const key of keys) {
    const free = new Map<string, number[]>();
    a.groups.forEach((_, j) => {
      const k = taken[j] ? undefined : key(a, j);
      if (k !== undefined) free.set(k, [...(free.get(k) ?? []), j]);
    });
    b.groups.forEach((_, i) => {
      if (match[i]! >= 0) return;
      const k = key(b, i);
      const list = k === undefined ? undefined : free.get(k);
      const j = list?.find((x) => !taken[x]);
      if (j === undefined) return;
      match[i] = j;
      taken[j] = 1;
    });
  }
  return match;
}

function sideState(m: ReachabilityMatrix, from: number, to: number, p: number): DiffSide['state'] {
  const at = (from * m.groups.length + to) * m.ports.length + p;
  const code = m.codes[at]!;
  if (code === NO_PAIR) return 'no pair';
  if (code !== Code.REACHABLE) return 'blocked';
  return m.partial[at] ? 'partial' : 'reachable';
}

interface Changed {
  from: number;
  to: number;
  toAfter: number;
  fromAfter: number;
  port: number;
  before: DiffSide;
  after: DiffSide;
}

/** Blockers of the blocked sides, one traced batch per design. */
function explainSide(engine: Engine, t: Topology, m: ReachabilityMatrix, cells: Array<{ from: number; to: number; port: number; side: DiffSide }>): void {
  const wanted = cells.filter((c) => c.side.state === 'blocked');
  if (wanted.length === 0) return;
  const witnesses = wanted.map((c) => cellWitness(m, c.from, c.to, c.port)!);
  const walker = new BatchWalker(engine, t);
  const explained = walker.explain(witnesses.map((w) => w.flow), witnesses.map((_, i) => i));
  wanted.forEach((c, i) => {
    const blocker = blockerOf(explained[i]!);
    if (blocker) c.side.blockedBy = blocker;
    c.side.witness = { from: witnesses[i]!.from, to: witnesses[i]!.to };
  });
}

/** `tcp/22,443 tcp/8000-8002 icmp`: ports in list order, TCP/UDP ports merged into ranges. */
export function portRanges(ports: readonly MatrixPort[]): string {
  const out: string[] = [];
  for (const [protocol, name] of [[PROTOCOL_TCP, 'tcp'], [PROTOCOL_UDP, 'udp']] as const) {
    const numbers = [...new Set(ports.filter((p) => p.protocol === protocol).map((p) => p.port))].sort((x, y) => x - y);
    if (numbers.length === 0) continue;
    const ranges: string[] = [];
    for (let i = 0; i < numbers.length; ) {
      let j = i;
      while (j + 1 < numbers.length && numbers[j + 1] === numbers[j]! + 1) j++;
      ranges.push(i === j ? String(numbers[i]) : `${numbers[i]}-${numbers[j]}`);
      i = j + 1;
    }
    out.push(`${name}/${ranges.join(',')}`);
  }
  for (const p of ports) if (p.protocol !== PROTOCOL_TCP && p.protocol !== PROTOCOL_UDP) out.push(p.label);
  return out.join(' ');
}

const sideKey = (s: DiffSide) => JSON.stringify([s.state, s.code, s.blockedBy?.component, s.blockedBy?.direction, s.blockedBy?.rule]);

/** The diff on a given engine. */
export function computeDiff(engine: Engine, before: Topology, after: Topology, options: DiffOptions = {}): DesignDiff {
  const mb = computeMatrix(engine, before, options);
  const ma = computeMatrix(engine, after, options);
  return diffMatrices(engine, mb, ma);
}

/**
 * The verdict changes between two matrices of the same grouping and ports (before, after), each blocked side
 * with its blocker; computeDiff() makes the matrices and calls it.
 */
export function diffMatrices(engine: Engine, mb: ReachabilityMatrix, ma: ReachabilityMatrix): DesignDiff {
  const match = matchGroups(mb, ma);
  const gb = matrixGrouping(mb);
  const P = mb.ports.length;
  const changed: Changed[] = [];
  const pairs = [...match.keys()].filter((i) => match[i]! >= 0);
  for (const from of pairs) {
    for (const to of pairs) {
      for (let p = 0; p < P; p++) {
        const before = sideState(mb, from, to, p);
        const after = sideState(ma, match[from]!, match[to]!, p);
        if (before === after) continue;
        const side = (m: ReachabilityMatrix, f: number, t: number, state: DiffSide['state']): DiffSide => {
          const s: DiffSide = { state };
          if (state === 'blocked') s.code = codeName(m.codes[(f * m.groups.length + t) * P + p]!);
          return s;
        };
        changed.push({ from, to, fromAfter: match[from]!, toAfter: match[to]!, port: p, before: side(mb, from, to, before), after: side(ma, match[from]!, match[to]!, after) });
      }
    }
  }
  explainSide(engine, gb.t, mb, changed.map((c) => ({ from: c.from, to: c.to, port: c.port, side: c.before })));
  explainSide(engine, matrixGrouping(ma).t, ma, changed.map((c) => ({ from: c.fromAfter, to: c.toAfter, port: c.port, side: c.after })));

  // Rows: per group pair, the ports whose change and blockers are the same.
  const rows: DiffRow[] = [];
  const label = (i: number, j: number) => (mb.groups[i]!.id === ma.groups[j]!.id ? mb.groups[i]!.id : `${mb.groups[i]!.id} (after: ${ma.groups[j]!.id})`);
  const byRow = new Map<string, { cells: Changed[] }>();
  for (const c of changed) {
    const key = `${c.from}|${c.to}|${sideKey(c.before)}|${sideKey(c.after)}`;
    const row = byRow.get(key);
    if (row) row.cells.push(c);
    else byRow.set(key, { cells: [c] });
  }
  for (const { cells } of byRow.values()) {
    const c = cells[0]!;
    rows.push({ from: label(c.from, c.fromAfter), to: label(c.to, c.toAfter), ports: portRanges(cells.map((x) => gb.ports[x.port]!)), before: c.before, after: c.after });
  }
  const matchedAfter = new Set(match);
  return {
    by: mb.by,
    ports: mb.ports,
    matched: pairs.length,
    rows,
    added: ma.groups.filter((_, j) => !matchedAfter.has(j)),
    removed: mb.groups.filter((_, i) => match[i]! < 0),
  };
}
