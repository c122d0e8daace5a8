// Merged trial counts -> the answer (`vpcsim montecarlo --json`, the library's monteCarlo()): per query
// the availability with its 95% Wilson interval (MC-9), expected downtime per year (MC-15) and the
// causes of failed trials with their shares (MC-14), named by logical id, AWS type and code. Nothing
// here depends on timing or on how the trials were split, so the same counts give the same bytes.
import { codeName, type CodeName } from '../codes.js';
import { causeNamed, type HopContext } from '../hop-text/index.js';
import { downtimeMinutesPerYear, wilsonInterval } from './statistics.js';
import type { ExactResult, TrialCounts } from './types.js';

export interface MonteCarloCause {
  /** Logical id of the component of the first blocking hop (MC-14). */
  component: string;
  /** Its AWS type, e.g. AWS::EC2::NatGateway. */
  type: string;
  code: CodeName;
  /** Failed trials with this cause. */
  trials: number;
  /** trials / failed trials of the query. */
  share: number;
}


export interface MonteCarloQueryResult {
  name: string;
  availability: number;
  ci95: [number, number];
  successes: number;
  trials: number;
  downtimeMinutesPerYear: number;
  causes: MonteCarloCause[];
  exact?: ExactResult;
}

export interface MonteCarloResult {
  seed: number;
  trials: number;
  workers: number;
  queries: MonteCarloQueryResult[];
}

export interface ReportInput {
  seed: number;
  workers: number;
  queryNames: string[];
  counts: TrialCounts;
  /** Names hop components (the compiled image and topology the trials ran on). */
  hops: HopContext;
  /** Per query, when exact mode ran (MC-15). */
  exact?: ExactResult[];
}

export function monteCarloReport(input: ReportInput): MonteCarloResult {
  const { counts } = input;
  return {
    seed: input.seed,
    trials: counts.trials,
    workers: input.workers,
    queries: input.queryNames.map((name, q) => queryResult(input, name, q)),
  };
}

function queryResult(input: ReportInput, name: string, q: number): MonteCarloQueryResult {
  const trials = input.counts.trials;
  const successes = input.counts.successes[q] ?? 0;
  const exact = input.exact?.[q];
  // MC-15: an enumeration that finished (nothing left unexplored) is the answer; otherwise the sampled one stands.
  const complete = exact?.complete === true;
  const availability = complete ? exact.availability : successes / trials;
  const result: MonteCarloQueryResult = {
    name,
    availability,
    ci95: complete ? [exact.availability, Math.min(1, exact.availability + exact.bound)] : wilsonInterval(successes, trials),
    successes,
    trials,
    downtimeMinutesPerYear: downtimeMinutesPerYear(availability),
    causes: causesOf(input, q, trials - successes),
  };
  if (exact) result.exact = exact;
  return result;
}

/** MC-14: the query's failed trials by first blocking component and code, largest first. */
function causesOf(input: ReportInput, q: number, failed: number): MonteCarloCause[] {
  const merged = new Map<string, MonteCarloCause>();
  for (const c of input.counts.causes) {
    if (c.query !== q || c.trials === 0) continue;
    const { component, type } = causeNamed(input.hops, c.hopComponent, c.component, c.code);
    const code = codeName(c.code);
    // Several hop records may name one component (e.g. an instance and its ENI): one line each.
    const key = `${component}\u0000${type}\u0000${code}`;
    const known = merged.get(key);
    if (known) known.trials += c.trials;
    else merged.set(key, { component, type, code, trials: c.trials, share: 0 });
  }
  const list = [...merged.values()];
  for (const cause of list) cause.share = failed > 0 ? cause.trials / failed : 0;
  return list.sort((a, b) => b.trials - a.trials || compare(a.component, b.component) || compare(a.type, b.type) || compare(a.code, b.code));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
