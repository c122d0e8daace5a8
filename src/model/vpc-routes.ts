// VPC route tables as AWS evaluates them: the implied local routes (RT-2), static, prefix-list and
// propagated routes (RT-12), longest prefix match (RT-3) and the equal-prefix priority of RT-4 /
// RT-8 / C-4. Shared by trace resolution (TRACE-2) and the reference walk; compile ranks the same
// routes on its own for the engine (src/compile/route-tables.ts), so the differential tests check it.
import { inPrefix, prefixesOverlap, type Family, type Prefix } from './ip.js';
import type { NetworkIndex } from './network-index.js';
import { onPremisesPathsOfVgw } from './on-premises-paths.js';
import type { RouteTable, RouteTarget, Vpc } from './types.js';

/** RT-4 priority classes, lower wins on equal prefixes. */
export const RoutePriority = {
  LOCAL: 0,
  STATIC: 1,
  PREFIX_LIST: 2,
  PROPAGATED_DX: 3,
  PROPAGATED_VPN_STATIC: 4,
  PROPAGATED_VPN_BGP: 5,
} as const;

export interface CandidateRoute {
  destination: Prefix;
  target: RouteTarget;
  priority: number;
  /** RT-8: AS_PATH length of BGP routes (0 otherwise). */
  asPathLength: number;
  /** Prefix list the route came from (VPCE-2). */
  prefixListId?: string;
  blackhole: boolean;
  /** Index in the table's routes; -1 for the implied local routes (RT-2) and propagated ones (RT-12). */
  modelIndex: number;
  logicalId?: string;
  /** RT-12 propagated routes: the VPN connection or VIF they are learned over (HYB-6: withdrawn while it is down). */
  connectionId?: string;
}

/** The route longest prefix match picked, and what else matched (MORE_SPECIFIC_ROUTE / HIGHER_PRIORITY_ROUTE). */
export interface PrefixMatch<R> {
  route: R;
  /** A route with a shorter prefix also matched. */
  moreSpecific: boolean;
  /** Another route with the same prefix also matched and lost on priority. */
  higherPriority: boolean;
}

export type RouteMatch = PrefixMatch<CandidateRoute>;

function targetLabel(target: RouteTarget): string {
  return target.kind === 'local' || target.kind === 'blackhole' ? target.kind : (target.id ?? target.kind);
}

const cache = new WeakMap<RouteTable, CandidateRoute[]>();

/** Every route of a VPC route table, local and propagated ones included. */
export function routesOf(ix: NetworkIndex, rt: RouteTable): CandidateRoute[] {
  const cached = cache.get(rt);
  if (cached) return cached;
  const vpc = ix.lookup.vpcs.get(rt.vpcId);
  const routes: CandidateRoute[] = [];
  const local = vpc ? [...vpc.cidrBlocks, ...vpc.ipv6CidrBlocks] : [];
  for (const cidr of local) {
    routes.push({ destination: cidr, target: { kind: 'local' }, priority: RoutePriority.LOCAL, asPathLength: 0, blackhole: false, modelIndex: -1 });
  }
  rt.routes.forEach((r, modelIndex) => {
    const blackhole = r.state === 'blackhole' || r.target.kind === 'blackhole';
    if (r.destinationPrefixListId) {
      // VPCE-3: a prefix-list route takes part in LPM entry by entry.
      const pl = ix.prefixLists.get(r.destinationPrefixListId);
      for (const entry of pl?.entries ?? []) {
        routes.push({ destination: entry, target: r.target, priority: RoutePriority.PREFIX_LIST, asPathLength: 0, prefixListId: r.destinationPrefixListId, blackhole, modelIndex, logicalId: r.logicalId });
      }
      return;
    }
    if (!r.destination) return;
    const priority = r.origin === 'EnableVgwRoutePropagation' ? RoutePriority.PROPAGATED_VPN_STATIC : RoutePriority.STATIC;
    routes.push({ destination: r.destination, target: r.target, priority, asPathLength: 0, blackhole, modelIndex, logicalId: r.logicalId });
  });
  // RT-12: routes of the VGW's VPN connections and DX associations, while they are up (HYB-6).
  for (const vgwId of rt.propagatingVgwIds) {
    const vgw = ix.vpnGateways.get(vgwId);
    if (!vgw || vgw.vpcId !== rt.vpcId) continue;
    for (const path of onPremisesPathsOfVgw(ix, vgwId)) {
      const priority = path.via === 'dx' ? RoutePriority.PROPAGATED_DX : path.bgp ? RoutePriority.PROPAGATED_VPN_BGP : RoutePriority.PROPAGATED_VPN_STATIC;
      // RT-5: propagated routes overlapping a local route never win.
      if (local.some((l) => prefixesOverlap(l, path.prefix))) continue;
      routes.push({ destination: path.prefix, target: { kind: 'vpn-gateway', id: vgwId }, priority, asPathLength: path.asPathLength, blackhole: false, modelIndex: -1, connectionId: path.connectionId });
    }
  }
  cache.set(rt, routes);
  return routes;
}

function better(a: CandidateRoute, b: CandidateRoute): boolean {
  if (a.destination.len !== b.destination.len) return a.destination.len > b.destination.len;
  if (a.priority !== b.priority) return a.priority < b.priority;
  if (a.asPathLength !== b.asPathLength) return a.asPathLength < b.asPathLength;
  // C-4: remaining ties by the smallest target id.
  return targetLabel(a.target) < targetLabel(b.target);
}

/** A route of a VPC or transit gateway route table, as longest prefix match sees it. */
interface PrefixRoute {
  destination: Prefix;
}

/**
 * RT-3 / TGW-5: longest prefix match over any route table; `better` breaks equal prefixes by the
 * table's own priority order. A blackhole route still wins (RT-11; no fall-back).
 */
export function bestPrefixMatch<R extends PrefixRoute>(routes: readonly R[], family: Family, dst: bigint, better: (a: R, b: R) => boolean): PrefixMatch<R> | undefined {
  let best: R | undefined;
  const matching: R[] = [];
  for (const r of routes) {
    if (!inPrefix(r.destination, family, dst)) continue;
    matching.push(r);
    if (!best || better(r, best)) best = r;
  }
  if (!best) return undefined;
  const winner = best;
  return {
    route: winner,
    moreSpecific: matching.some((r) => r.destination.len < winner.destination.len),
    higherPriority: matching.some((r) => r !== winner && r.destination.len === winner.destination.len),
  };
}

/** RT-3 / RT-4 / RT-11: the best matching route of a VPC route table. */
export function longestPrefixMatch(routes: readonly CandidateRoute[], family: Family, dst: bigint): RouteMatch | undefined {
  return bestPrefixMatch(routes, family, dst, better);
}

export function vpcCidrs(vpc: Vpc, family: Family): Prefix[] {
  return family === 4 ? vpc.cidrBlocks : vpc.ipv6CidrBlocks;
}

export function inVpcCidr(vpc: Vpc, family: Family, value: bigint): boolean {
  return vpcCidrs(vpc, family).some((p) => inPrefix(p, family, value));
}
