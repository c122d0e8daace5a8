// "Did you mean": the known name closest to a mistyped one (an endpoint of a trace, a CloudFormation
// property), when it is close enough to be a likely typo.

/**
 * The name with the smallest edit distance (case-insensitive; on a tie the first in sort order), when
 * it is close enough to be a likely typo. Only distances within the limit matter, so each comparison
 * stops as soon as it cannot beat the best so far: on 100,000 instances most stop after a few rows.
 */
export function closestName(value: string, names: (visit: (name: string) => void) => void): string | undefined {
  const limit = Math.max(2, Math.floor(value.length / 3));
  const wanted = value.toLowerCase();
  const distance = new BoundedEditDistance(wanted);
  let best: string | undefined;
  let bestDistance = limit + 1;
  names((name) => {
    // A tie is only taken by a name that sorts first, so ties need the same bound as a win.
    const d = distance.to(name.toLowerCase(), bestDistance);
    if (d < bestDistance || (d === bestDistance && best !== undefined && name < best)) {
      best = name;
      bestDistance = d;
    }
  });
  return best;
}

/** Levenshtein distance from one fixed string, computed only up to a bound (one row reused between calls). */
class BoundedEditDistance {
  private row: Int32Array;

  constructor(private readonly a: string) {
    this.row = new Int32Array(a.length + 1);
  }

  /** The distance from `a` to `b` when it is at most `bound`, else some number above `bound`. */
  to(b: string, bound: number): number {
    const a = this.a;
    if (Math.abs(a.length - b.length) > bound) return bound + 1;
    const row = this.row;
    for (let i = 0; i <= a.length; i++) row[i] = i;
    for (let j = 1; j <= b.length; j++) {
      let diagonal = row[0]!;
      row[0] = j;
      let rowMin = j;
      const c = b.charCodeAt(j - 1);
      for (let i = 1; i <= a.length; i++) {
        const above = row[i]!;
        const d = Math.min(above + 1, row[i - 1]! + 1, diagonal + (a.charCodeAt(i - 1) === c ? 0 : 1));
        row[i] = d;
        if (d < rowMin) rowMin = d;
        diagonal = above;
      }
      // Every later cell is at least this row's minimum.
      if (rowMin > bound) return bound + 1;
    }
    return row[a.length]!;
  }
}
