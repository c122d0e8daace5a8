// The one row shape every bench reports (`npm run bench -- <name> --json`), so figures can be
// tracked over time and compared across benches:
//   { bench, case, implementation, unit, better, clock?, median, min, max, runs, ratio?, includes, machine }
// `--json` prints one JSON document per bench run: an array of rows on one line (so running several
// benches gives JSON Lines). Without it, a table: each implementation's figure beside the peers'
// and the ratio, with what each figure includes, under a header naming the machine and its load.
// Progress goes to stderr, results to stdout.
import { spawnSync } from 'node:child_process';
import { arch, availableParallelism, cpus, loadavg, platform } from 'node:os';
import { spread, type Timing } from './measure.js';

export interface Machine {
  node: string;
  platform: string;
  arch: string;
  /** Logical CPUs available to this process. */
  cpus: number;
  cpuModel: string;
  /** os.loadavg() (1, 5, 15 minutes) when the bench started and when it ended. */
  loadavg: { start: number[]; end: number[] };
  /** git HEAD of the checkout, '+dirty' when it has uncommitted changes; null outside git. */
  commit: string | null;
  /** When the bench started (ISO 8601). */
  date: string;
}

export type Better = 'higher' | 'lower';
export type Clock = 'wall' | 'cpu';

export interface BenchRow {
  bench: string;
  /** What was measured, the same for the implementations compared (e.g. "batch verdicts, 1,000 VPCs"). */
  case: string;
  implementation: string;
  /** e.g. "flows/s", "µs", "ms", "bytes/route". */
  unit: string;
  better: Better;
  /**
   * Timed figures: 'wall' (elapsed time) or 'cpu' (CPU time of the process, which counts no time the
   * core spent on other processes: the steadier figure on a loaded machine). Absent for other figures.
   */
  clock?: Clock;
  /** On 'cpu' rows: whose CPU time, the calling thread's alone (Linux) or the process's (all its threads). */
  cpuOf?: 'thread' | 'process';
  median: number;
  min: number;
  max: number;
  runs: number;
  /**
   * On peer rows only: how many times better the case's own (non-peer) implementation is than this
   * one, from the medians (>1: ours is faster / smaller).
   */
  ratio?: number;
  /** What the timed region includes and what was built before it. */
  includes: string;
  machine: Machine;
}

export interface RowSpec {
  case: string;
  implementation: string;
  includes: string;
  /** A peer is compared with the case's own row (the one that is not a peer) and gets a ratio. */
  peer?: boolean;
  /** Also report the figure in CPU time (a second row, clock 'cpu'). */
  cpu?: boolean;
}

function gitCommit(): string | null {
  const head = spawnSync('git', ['rev-parse', '--short=12', 'HEAD'], { encoding: 'utf8' });
  if (head.status !== 0) return null;
  const dirty = spawnSync('git', ['status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8' });
  return head.stdout.trim() + (dirty.stdout.trim() ? '+dirty' : '');
}

const round2 = (xs: number[]) => xs.map((x) => Math.round(x * 100) / 100);

/** Scales a value for reading: 1234567 (a rate) -> "1.23 M"; 12.345 -> "12.3". */
function formatNumber(value: number, unit: string): string {
  if (unit.endsWith('/s')) {
    if (value >= 1e6) return `${(value / 1e6).toFixed(2)} M`;
    if (value >= 1e3) return `${(value / 1e3).toFixed(1)} k`;
    return value.toFixed(0);
  }
  return value.toFixed(value >= 100 ? 0 : value >= 10 ? 1 : 2);
}

/** "1.23 M flows/s", "12.3 µs". */
export function formatValue(value: number, unit: string): string {
  return `${formatNumber(value, unit)} ${unit}`;
}

function formatRatio(r: number): string {
  return `${r.toFixed(r >= 100 ? 0 : r >= 10 ? 1 : 2)}x`;
}

interface Pending {
  case: string;
  implementation: string;
  includes: string;
  peer: boolean;
  unit: string;
  better: Better;
  clock?: Clock;
  cpuOf?: 'thread' | 'process';
  values: number[];
}

export class BenchReport {
  readonly json: boolean;
  private readonly pending: Pending[] = [];
  private readonly machineAtStart: Omit<Machine, 'loadavg'> & { load: number[] };

  constructor(readonly bench: string, args: readonly string[]) {
    this.json = args.includes('--json');
    this.machineAtStart = {
      node: process.version,
      platform: platform(),
      arch: arch(),
      cpus: availableParallelism(),
      cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
      commit: gitCommit(),
      date: new Date().toISOString(),
      load: round2(loadavg()),
    };
    if (!this.json) {
      const m = this.machineAtStart;
      console.log(`${bench} bench: node ${m.node}, ${m.platform} ${m.arch}, ${m.cpus} CPUs (${m.cpuModel}), commit ${m.commit ?? 'n/a'}, ${m.date}`);
      console.log(`  load average at start (1/5/15 min): ${m.load.join(' ')}`);
    }
  }

  /** A line of context in the text output (topology size, verdict mix); not in the JSON. */
  note(line: string): void {
    if (!this.json) console.log(line);
  }

  /** Progress while the bench runs (stderr, so stdout stays one JSON document with --json). */
  progress(line: string): void {
    process.stderr.write(`  ${line}\n`);
  }

  /** A rate: `ops` operations per call of the timed function. */
  rate(spec: RowSpec, unit: string, ops: number, timing: Timing): void {
    this.timed(spec, unit, 'higher', timing, (ms) => ops / (ms / 1000));
  }

  /** A duration per call, converted from milliseconds to `unit` (µs, ms or s). */
  time(spec: RowSpec, unit: 'µs' | 'ms' | 's', timing: Timing): void {
    const scale = unit === 'µs' ? 1000 : unit === 'ms' ? 1 : 1 / 1000;
    this.timed(spec, unit, 'lower', timing, (ms) => ms * scale);
  }

  /** Any other figure (e.g. bytes/route), one value per run. */
  value(spec: RowSpec, unit: string, better: Better, values: readonly number[]): void {
    this.pending.push({ case: spec.case, implementation: spec.implementation, includes: spec.includes, peer: spec.peer ?? false, unit, better, values: [...values] });
  }

  private timed(spec: RowSpec, unit: string, better: Better, timing: Timing, convert: (ms: number) => number): void {
    const row = { case: spec.case, implementation: spec.implementation, includes: spec.includes, peer: spec.peer ?? false, unit, better };
    this.pending.push({ ...row, clock: 'wall', values: timing.wallMs.map(convert) });
    if (spec.cpu) this.pending.push({ ...row, clock: 'cpu', cpuOf: timing.cpuOf ?? 'process', values: timing.cpuMs.map(convert) });
  }

  /** Rows with their ratios and the machine's load now. */
  rows(): BenchRow[] {
    const { load, ...rest } = this.machineAtStart;
    const machine: Machine = { ...rest, loadavg: { start: load, end: round2(loadavg()) } };
    return this.pending.map((p) => {
      const own = p.peer ? this.pending.find((q) => q.case === p.case && !q.peer && q.unit === p.unit && q.clock === p.clock) : undefined;
      const figure = spread(p.values);
      let ratio: number | undefined;
      if (own) {
        const ours = spread(own.values).median;
        ratio = p.better === 'higher' ? ours / figure.median : figure.median / ours;
      }
      return {
        bench: this.bench, case: p.case, implementation: p.implementation, unit: p.unit, better: p.better,
        ...(p.clock === undefined ? {} : { clock: p.clock }), ...(p.cpuOf === undefined ? {} : { cpuOf: p.cpuOf }), ...figure, ...(ratio === undefined ? {} : { ratio }), includes: p.includes, machine,
      };
    });
  }

  /** Prints the rows: one JSON document with --json, else a table per case. */
  finish(): BenchRow[] {
    const rows = this.rows();
    if (this.json) {
      console.log(JSON.stringify(rows));
      return rows;
    }
    const cases = [...new Set(rows.map((r) => r.case))];
    const label = (r: BenchRow) => (r.clock !== 'cpu' ? r.implementation : r.cpuOf === 'thread' ? `${r.implementation}, thread CPU time` : `${r.implementation}, CPU time`);
    const width = Math.max(...rows.map((r) => label(r).length)) + 2;
    for (const c of cases) {
      console.log(`\n${c}`);
      console.log(`  ${'implementation'.padEnd(width)}${'median'.padStart(20)}  ${'[min .. max]'.padEnd(22)}${'runs'.padStart(4)}  ratio`);
      const inCase = rows.filter((r) => r.case === c);
      for (const r of inCase) {
        const range = r.runs > 1 ? `[${formatNumber(r.min, r.unit)} .. ${formatNumber(r.max, r.unit)}]` : '';
        const ratio = r.ratio === undefined ? '' : formatRatio(r.ratio);
        console.log(`  ${label(r).padEnd(width)}${formatValue(r.median, r.unit).padStart(20)}  ${range.padEnd(22)}${String(r.runs).padStart(4)}  ${ratio}`);
      }
      for (const r of inCase) if (r.clock !== 'cpu') console.log(`    ${r.implementation}: ${r.includes}`);
    }
    const m = rows[0]?.machine;
    if (m) {
      console.log('\nmedian [min .. max] over the runs; ratio: how many times better (faster, smaller) the first implementation of the case is, from the medians');
      if (rows.some((r) => r.clock === 'cpu' && r.cpuOf !== 'thread')) console.log('CPU time: the process\'s CPU time (all its threads), which leaves out time the core ran other processes: steadier than the wall clock on a loaded machine');
      if (rows.some((r) => r.clock === 'cpu' && r.cpuOf === 'thread')) console.log('thread CPU time: the CPU time of the thread that made the calls (Linux /proc/thread-self/schedstat), which leaves out other processes and V8\'s own threads (compiler, collector) working beside it');
      console.log(`load average at end (1/5/15 min): ${m.loadavg.end.join(' ')}`);
    }
    return rows;
  }
}
