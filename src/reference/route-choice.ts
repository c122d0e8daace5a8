// How a hop names the route a route table picked (RT-3, RT-4, TGW-5): the table, the prefix, which of
// the table's routes it is (or the implied local route, or a propagated one: RT-12 from a VGW, TGW-3
// from an attachment).
import type { Prefix } from '../model/ip.js';
import type { RouteTable } from '../model/types.js';
import type { PrefixMatch, RouteMatch } from '../model/vpc-routes.js';
import type { RouteChoice } from '../walk/hop.js';

/** The route a table picked, as a hop names it; `passed`: with its informational flags. */
export function choiceOf<Table>(table: Table, match: PrefixMatch<{ destination: Prefix; modelIndex: number }>, passed: boolean, propagatedFrom: string | undefined): RouteChoice<Table> {
  const choice: RouteChoice<Table> = {
    table,
    destination: match.route.destination,
    modelIndex: match.route.modelIndex,
    moreSpecific: passed && match.moreSpecific,
    higherPriority: passed && match.higherPriority,
  };
  if (match.route.modelIndex < 0 && propagatedFrom !== undefined) choice.propagatedFrom = propagatedFrom;
  return choice;
}

/** The route a VPC route table picked; RT-12: a propagated route names the virtual private gateway. */
export function routeChoice(table: RouteTable, match: RouteMatch, passed: boolean): RouteChoice<RouteTable> {
  const target = match.route.target;
  return choiceOf(table, match, passed, target.kind === 'vpn-gateway' ? target.id : undefined);
}
