// The Monte Carlo answer as text (`vpcsim montecarlo` without --json): a block per query with its
// availability, 95% interval (MC-9), nines and downtime per year (MC-15), exact value when asked, and a
// table of the top causes of its failed trials (MC-14). Names quote input: control characters are
// escaped (model/printable.ts) before columns are padded, so every line stays one line.
import { printable } from '../../model/printable.js';
import { nines, wilsonInterval } from './statistics.js';
import type { MonteCarloCause, MonteCarloQueryResult, MonteCarloResult } from './report.js';

/** How a query was asked, for its heading (the scenario's from/to/protocol/port). */
export interface QueryHeading {
  from: string;
  to: string;
  protocol?: string | number;
  port?: number;
}

export interface TextOptions {
  /** Headings by query name. */
  headings?: Map<string, QueryHeading>;
  /** Causes listed per query; the rest are summed on one line. */
  topCauses?: number;
}

const count = (n: number): string => n.toLocaleString('en-US');

/** Enough decimals to show the unavailability to about three significant digits. */
function decimalsFor(availability: number): number {
  const n = nines(availability);
  return Math.min(12, Math.max(4, Number.isFinite(n) ? Math.ceil(n) + 2 : 6));
}

function heading(q: MonteCarloQueryResult, h: QueryHeading | undefined): string {
  if (!h) return printable(q.name);
  const protocol = String(h.protocol ?? 'tcp');
  const port = h.port !== undefined ? `:${h.port}` : '';
  return printable(`${q.name}: ${h.from} -> ${h.to} ${protocol}${port}`);
}

function causeTable(q: MonteCarloQueryResult, top: number): string[] {
  const failed = q.trials - q.successes;
  if (failed === 0) return ['  no failed trials'];
  const shown = q.causes.slice(0, top);
  const rows: string[][] = [['share', 'trials', 'component', 'type', 'code'], ...shown.map(causeRow)];
  const rest = q.causes.slice(top);
  if (rest.length > 0) {
    const trials = rest.reduce((s, c) => s + c.trials, 0);
    rows.push([percent(trials / failed), count(trials), `(${rest.length} more)`, '', '']);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => `    ${r.map((cell, i) => (i < 2 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  ')}`.trimEnd();
  return [`  causes of the ${count(failed)} failed trials (first blocking component, MC-14):`, ...rows.map(line)];
}

function causeRow(c: MonteCarloCause): string[] {
  return [percent(c.share), count(c.trials), printable(c.component || '-'), printable(c.type || '-'), c.code];
}

/**
 * MC-15's nines; with no failure, infinite. Only a finished enumeration shows that no failure is possible:
 * sampling that saw none gives the nines of its 95% interval's lower end (MC-9), what the trials support.
 */
function ninesText(n: number, q: MonteCarloQueryResult, exact: boolean): string {
  if (Number.isFinite(n)) return n.toFixed(2);
  if (exact) return 'no failure possible';
  return `at least ${nines(q.ci95[0]).toFixed(2)} (no failed trial; 95% CI)`;
}

function percent(share: number): string {
  return `${(100 * share).toFixed(1)}%`;
}

function queryBlock(q: MonteCarloQueryResult, options: TextOptions): string[] {
  const digits = decimalsFor(q.availability);
  const fixed = (x: number) => x.toFixed(digits);
  const n = nines(q.availability);
  const e = q.exact?.complete ? q.exact : undefined;
  // MC-15: a finished enumeration is the answer; the sampled estimate stays beside it as a check.
  const sampled = wilsonInterval(q.successes, q.trials);
  const lines = [
    heading(q, options.headings?.get(q.name)),
    e
      ? `  availability  ${fixed(e.availability)}   exact (MC-15: ${count(e.states)} states enumerated, unexplored mass ${e.bound.toExponential(1)})`
      : `  availability  ${fixed(q.availability)}   95% CI [${fixed(q.ci95[0])}, ${fixed(q.ci95[1])}]`,
    `  nines         ${ninesText(n, q, e !== undefined)}`,
    `  downtime      ${q.downtimeMinutesPerYear.toFixed(1)} minutes per year`,
    `  reachable in  ${count(q.successes)} of ${count(q.trials)} trials${e ? `: ${fixed(q.successes / q.trials)}, 95% CI [${fixed(sampled[0])}, ${fixed(sampled[1])}]` : ''}`,
  ];
  if (q.exact && !q.exact.complete) {
    const x = q.exact;
    lines.push(`  exact         between ${fixed(x.availability)} and ${fixed(x.availability + x.bound)}: enumeration stopped after ${count(x.states)} states, the sampled value stands`);
  }
  return [...lines, ...causeTable(q, options.topCauses ?? 5)];
}

/**
 * A Monte Carlo result as the text `vpcsim montecarlo` prints (availability, interval, nines, downtime,
 * causes).
 */
export function formatMonteCarlo(result: MonteCarloResult, options: TextOptions = {}): string {
  const header = `${count(result.trials)} trial${result.trials === 1 ? '' : 's'}, seed ${result.seed}, ${result.workers} worker${result.workers === 1 ? '' : 's'}`;
  const blocks = result.queries.map((q) => queryBlock(q, options).join('\n'));
  return `${header}\n\n${blocks.join('\n\n')}\n`;
}
