// Routing that deploys but cannot work, warned about (C-1 warnings): a routing loop between route tables
// (a NAT gateway or appliance whose own subnet's table sends the traffic back to it, "Example routing
// options": a middlebox's subnet must route onwards, not to itself), and a public NAT gateway whose
// subnet has no route to an internet gateway ("NAT gateways": a public NAT gateway is created in a public
// subnet, and its subnet's route table sends internet traffic to the internet gateway).
import { networkIndex, type NetworkIndex } from '../network-index.js';
import type { NetworkInterface, RouteTable, RouteTarget, Topology } from '../types.js';
import { longestPrefixMatch, routesOf } from '../vpc-routes.js';
import { byLogicalId } from './context.js';

/**
 * The subnet from which a route target sends the packet on: a NAT gateway's, or an appliance ENI's (RT-14:
 * source/destination check disabled; with it enabled the packet is dropped there, RT-13, not looped).
 */
function subnetOfTarget(ix: NetworkIndex, target: RouteTarget): string | undefined {
  const id = target.id ?? '';
  const forwarder = (eni: NetworkInterface | undefined) => (eni && !eni.sourceDestCheck ? eni.subnetId : undefined);
  switch (target.kind) {
    case 'nat-gateway': return ix.natGateways.get(id)?.subnetId;
    case 'network-interface': return forwarder(ix.lookup.networkInterfaces.get(id));
    case 'instance': return forwarder(ix.lookup.primaryInterfaceOfInstance(id));
    default: return undefined;
  }
}

/** At most this many tables are followed from one route (a loop longer than this is not looked for). */
const MAX_CHAIN = 16;

/**
 * The route tables a packet for `route`'s destination visits from `start` until it leaves the VPC's
 * forwarding (a gateway, local delivery, no route) or comes back to `start`: the loop, or undefined.
 */
function loopFrom(ix: NetworkIndex, start: RouteTable, firstHop: string, family: 4 | 6, dst: bigint): RouteTable[] | undefined {
  const chain: RouteTable[] = [start];
  let subnetId: string | undefined = firstHop;
  while (subnetId !== undefined && chain.length <= MAX_CHAIN) {
    const table = ix.lookup.routeTableForSubnet(subnetId);
    if (!table) return undefined;
    if (table === start) return chain;
    if (chain.includes(table)) return undefined; // a loop that does not pass `start`: reported from its own table
    chain.push(table);
    const match = longestPrefixMatch(routesOf(ix, table), family, dst);
    if (!match) return undefined;
    subnetId = subnetOfTarget(ix, match.route.target);
  }
  return undefined;
}

const routingLoops = (t: Topology): string[] => {
  const ix = networkIndex(t);
  const out: string[] = [];
  const reported = new Set<string>();
  for (const rt of [...t.routeTables].sort(byLogicalId)) {
    for (const route of rt.routes) {
      if (!route.destination) continue;
      const firstHop = subnetOfTarget(ix, route.target);
      if (firstHop === undefined) continue;
      const d = route.destination;
      // The first address of the destination stands for it; LPM in this table must pick this route for it.
      const chosen = longestPrefixMatch(routesOf(ix, rt), d.family, d.addr);
      if (chosen?.route.modelIndex !== rt.routes.indexOf(route)) continue;
      const loop = loopFrom(ix, rt, firstHop, d.family, d.addr);
      if (!loop) continue;
      const key = `${[...loop].map((x) => x.id).sort().join(',')}|${d.text}`;
      if (reported.has(key)) continue;
      reported.add(key);
      const names = [...loop, rt].map((x) => `'${x.logicalId}'`).join(' -> ');
      out.push(`RouteTable '${rt.logicalId}': route ${d.text} -> ${route.target.id} is a routing loop: the target's subnet routes ${d.text} back (${names}); packets for it go round until their hop limit`);
    }
  }
  return out;
};

const natWithoutInternetRoute = (t: Topology): string[] => {
  const ix = networkIndex(t);
  const out: string[] = [];
  for (const nat of [...t.natGateways].sort(byLogicalId)) {
    if (nat.connectivityType !== 'public' || nat.state !== 'available') continue;
    const subnet = ix.lookup.subnets.get(nat.subnetId);
    const table = ix.lookup.routeTableForSubnet(nat.subnetId);
    if (!subnet || (table && table.routes.some((r) => r.target.kind === 'internet-gateway'))) continue;
    const where = table ? `its route table '${table.logicalId}'` : 'it has no route table';
    out.push(`NatGateway '${nat.logicalId}': subnet '${subnet.logicalId}' has no route to an internet gateway (${where}): the traffic it translates cannot reach the internet (a public NAT gateway belongs in a public subnet)`);
  }
  return out;
};

export const ROUTING_WARNINGS = [routingLoops, natWithoutInternetRoute];
