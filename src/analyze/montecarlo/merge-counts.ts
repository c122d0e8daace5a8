// MC-11: trial counts of disjoint trial ranges merge by adding; the interval is computed once, after
// merging. Causes are kept sorted by (query, hopComponent, component, code), so the same trials give
// the same bytes whatever the chunking or the number of workers (MC-10).
import type { TrialCause, TrialCounts } from './types.js';

export function compareCauses(a: TrialCause, b: TrialCause): number {
  return a.query - b.query || a.hopComponent - b.hopComponent || a.component - b.component || a.code - b.code;
}

/** The causes with equal keys added up, sorted. */
export function sumCauses(causes: Iterable<TrialCause>): TrialCause[] {
  const byKey = new Map<string, TrialCause>();
  for (const c of causes) {
    if (c.trials === 0) continue;
    const key = `${c.query},${c.hopComponent},${c.component},${c.code}`;
    const known = byKey.get(key);
    if (known) known.trials += c.trials;
    else byKey.set(key, { ...c });
  }
  return [...byKey.values()].sort(compareCauses);
}

export function mergeCounts(a: TrialCounts, b: TrialCounts): TrialCounts {
  if (a.successes.length !== b.successes.length) throw new RangeError(`mergeCounts: ${a.successes.length} queries and ${b.successes.length} queries`);
  return {
    trials: a.trials + b.trials,
    successes: a.successes.map((s, q) => s + b.successes[q]!),
    causes: sumCauses([...a.causes, ...b.causes]),
  };
}
