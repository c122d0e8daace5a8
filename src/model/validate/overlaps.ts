// Which prefixes of a set overlap another one of the set, in O(n log n): CIDR blocks either nest
// or are disjoint, so after sorting by (address, length) a block overlaps an earlier one exactly
// when one of the blocks still "open" on a stack covers it.
import { prefixCovers, type Prefix } from '../ip.js';

export interface Placed<T> {
  prefix: Prefix;
  owner: T;
  /** Tie-break for equal prefixes (C-4). */
  key: string;
}

/** For every owner whose prefix overlaps another owner's prefix: one such other owner. */
export function overlapPartners<T>(items: Placed<T>[]): Map<T, Placed<T>> {
  const sorted = [...items].sort(
    (a, b) =>
      a.prefix.family - b.prefix.family ||
      (a.prefix.addr < b.prefix.addr ? -1 : a.prefix.addr > b.prefix.addr ? 1 : 0) ||
      a.prefix.len - b.prefix.len ||
      (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
  const partners = new Map<T, Placed<T>>();
  const open: Placed<T>[] = [];
  for (const cur of sorted) {
    while (open.length > 0 && !prefixCovers(open[open.length - 1]!.prefix, cur.prefix)) open.pop();
    const outer = open[open.length - 1];
    if (outer && outer.owner !== cur.owner) {
      if (!partners.has(cur.owner)) partners.set(cur.owner, outer);
      if (!partners.has(outer.owner)) partners.set(outer.owner, cur);
    }
    open.push(cur);
  }
  return partners;
}
