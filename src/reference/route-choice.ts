// How a hop names the route a VPC route table picked (RT-3, RT-4): the table, the prefix, which of
// the table's routes it is (or the implied local route, or one propagated from a VGW, RT-12).
import type { RouteTable } from '../model/types.js';
import type { RouteMatch } from '../model/vpc-routes.js';
import type { RouteChoice } from '../walk/hop.js';

/** The route a VPC route table picked, as a hop names it; `passed`: with its informational flags. */
export function routeChoice(table: RouteTable, match: RouteMatch, passed: boolean): RouteChoice<RouteTable> {
  const r = match.route;
  const choice: RouteChoice<RouteTable> = {
    table,
    destination: r.destination,
    modelIndex: r.modelIndex,
    moreSpecific: passed && match.moreSpecific,
    higherPriority: passed && match.higherPriority,
  };
  // RT-12: propagated from the virtual private gateway.
  if (r.modelIndex < 0 && r.target.kind === 'vpn-gateway') choice.propagatedFrom = r.target.id;
  return choice;
}
