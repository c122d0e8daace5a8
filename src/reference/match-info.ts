// The informational codes of a route match (MORE_SPECIFIC_ROUTE / HIGHER_PRIORITY_ROUTE and their TGW twins).
import type { PrefixMatch } from '../model/vpc-routes.js';

/** `moreSpecific` when a less specific route also matched, `higherPriority` when an equal prefix lost on priority. */
export function matchInfo(match: PrefixMatch<unknown>, moreSpecific: number, higherPriority: number): number[] {
  return [...(match.moreSpecific ? [moreSpecific] : []), ...(match.higherPriority ? [higherPriority] : [])];
}
