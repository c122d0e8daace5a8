// The references the template scan found in the resources' properties (template-scan.ts: the names
// of Ref and Fn::GetAtt, in text order) with the resource each names, kept for the mapping: a Ref is
// then looked up by where its name is written, without a string for the name and without hashing it
// (a 1,000-VPC template's properties hold 500,000 of them).

/** What `at` answers when the scan found no reference at that place (e.g. in a resource it did not vouch for). */
export const NOT_FOUND = -2;

export class WrittenReferences {
  /** The reference `at` found last: resources are read in text order, so the next one is usually the one after it. */
  private last = -1;

  constructor(
    /** Start and end of each reference's name in the text (quotes excluded), by pair, in text order. */
    private readonly spans: Int32Array,
    /** Per reference: the position (in text order) of the resource it names, or -1 when it names none. */
    private readonly targets: Int32Array,
  ) {}

  /** The target of the reference whose name is written at text[start, end), or NOT_FOUND. */
  at(start: number, end: number): number {
    const { spans, targets } = this;
    let k = this.last + 1;
    if (k >= targets.length || spans[2 * k] !== start) {
      let lo = 0;
      let hi = targets.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (spans[2 * mid]! < start) lo = mid + 1;
        else hi = mid;
      }
      k = lo;
      if (k >= targets.length || spans[2 * k] !== start) return NOT_FOUND;
    }
    if (spans[2 * k + 1] !== end) return NOT_FOUND;
    this.last = k;
    return targets[k]!;
  }
}
