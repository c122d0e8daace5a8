// Hop texts in subnets: network ACLs (NACL-5..10), VPC route tables (RT-3..16) and gateway route
// tables (RT-15). Route labels: `10.0.0.0/16 -> local`, `pl-... (52.216.0.0/15) -> vpce-...`,
// `172.16.0.0/16 -> vgw-... (propagated)`.
import { HopComponent, HopNote } from '../../../abi/hops.js';
import type { RouteTable, RouteTarget, RouteTargetKind } from '../../model/types.js';
import type { RouteChoice, WalkHop } from '../../walk/hop.js';
import { Code, HopKind } from '../codes.js';
import { dstText, idText, type HopContext, type HopExplainer } from './context.js';
import { describeNaclDecision } from './rules.js';

function targetLabel(target: RouteTarget): string {
  return target.kind === 'local' || target.kind === 'blackhole' ? target.kind : (target.id ?? target.kind);
}

/** How the answer writes a VPC route. */
export function routeLabel(r: RouteChoice<RouteTable>): string {
  const model = r.modelIndex >= 0 ? r.table.routes[r.modelIndex] : undefined;
  if (model) {
    // VPCE-3: a prefix-list route, named by the list and the entry that matched.
    if (model.destinationPrefixListId) return `${model.destinationPrefixListId} (${r.destination.text}) -> ${targetLabel(model.target)}`;
    return `${model.destination!.text} -> ${targetLabel(model.target)}`;
  }
  // RT-12: propagated from the virtual private gateway; else the implied local route (RT-2).
  if (r.propagatedFrom !== undefined) return `${r.destination.text} -> ${r.propagatedFrom} (propagated)`;
  return `${r.destination.text} -> local`;
}

/** MORE_SPECIFIC_ROUTE / HIGHER_PRIORITY_ROUTE, in this order. */
function routeInfo(r: RouteChoice<RouteTable>): number[] {
  return [...(r.moreSpecific ? [Code.MORE_SPECIFIC_ROUTE] : []), ...(r.higherPriority ? [Code.HIGHER_PRIORITY_ROUTE] : [])];
}

/** RT-10: why a route's target carries nothing, by target kind (HopNote.TargetMissing unless listed). */
const MISSING_TARGET: Partial<Record<RouteTargetKind, string>> = {
  'internet-gateway': 'the internet gateway is not attached to this VPC',
  'egress-only-internet-gateway': 'the egress-only internet gateway is not in this VPC',
  'nat-gateway': 'the NAT gateway does not exist',
  'vpc-peering-connection': 'the peering connection does not involve this VPC',
  'transit-gateway': 'the VPC is not attached to this transit gateway',
  'vpn-gateway': 'the virtual private gateway is not attached to this VPC',
  'vpc-endpoint': 'the VPC endpoint is not in this VPC',
  'network-interface': 'the network interface does not exist',
  instance: 'the network interface does not exist',
  blackhole: 'blackhole',
};

function badTargetReason(c: HopContext, r: RouteChoice<RouteTable>, note: number): string {
  const target: RouteTarget = r.modelIndex >= 0 ? r.table.routes[r.modelIndex]!.target : { kind: 'vpn-gateway', id: r.propagatedFrom };
  if (target.kind === 'instance') {
    // RT-9, RT-10: an instance target must exist and run, and have its primary ENI.
    const instance = c.ix.lookup.instances.get(target.id ?? '');
    if (!instance || instance.state !== 'running') return `instance ${target.id} is ${instance ? instance.state : 'missing'}`;
  }
  if (note === HopNote.TargetState) return `the peering connection is ${c.ix.peerings.get(target.id ?? '')!.status}`;
  if (note === HopNote.PeerVpcMissing) return 'the peer VPC is not in the model';
  if (note === HopNote.TargetWithoutInterface) return target.kind === 'nat-gateway' ? 'the NAT gateway has no network interface' : 'the firewall endpoint has no network interface';
  const why = MISSING_TARGET[target.kind];
  if (why === undefined) throw new Error(`vpcsim internal error: no text for an unusable route target ${target.kind}`);
  return why;
}

function routeOf(h: WalkHop): RouteChoice<RouteTable> {
  if (h.rule?.kind !== 'route') throw new Error(`vpcsim internal error: a route table hop without its route (code ${h.code})`);
  return h.rule.route;
}

const networkAcl: HopExplainer = (h, c) => {
  const egress = h.kind === HopKind.NETWORK_ACL_OUTBOUND;
  const dir = egress ? 'outbound' : 'inbound';
  const acl = c.t.networkAcls[h.id]!;
  const subnet = c.t.subnets[h.ref]!;
  const entry = h.rule?.kind === 'network-acl-entry' ? h.rule.entry : undefined;
  const decision = describeNaclDecision(entry ? { entry } : {}, egress);
  const rule = entry ? String(entry.ruleNumber) : '*';
  if (h.code !== Code.REACHABLE) return { action: `blocked by network ACL ${idText(acl)} ${dir} of subnet ${subnet.logicalId}: ${decision}`, rule };
  return { action: `${dir} of subnet ${subnet.logicalId}: ${decision}`, rule };
};

const routeTable: HopExplainer = (h, c) => {
  if (h.component === HopComponent.Subnet) return { action: `subnet ${c.t.subnets[h.id]!.logicalId} has no route table` };
  const type = 'AWS::EC2::RouteTable';
  // RT-16: two ENIs of one subnet (the subnet may have no route table: the hop then names none).
  if (h.code === Code.REACHABLE && !h.rule) return { action: `local delivery inside subnet ${c.t.subnets[h.ref]!.logicalId}`, rule: 'local', type, ...(h.component === HopComponent.None ? { res: null } : {}) };
  const rt = c.t.routeTables[h.id]!;
  if (h.code === Code.NO_ROUTE_TO_DESTINATION) return { action: `route table ${idText(rt)} has no route to ${dstText(h)}` };
  const route = routeOf(h);
  const label = routeLabel(route);
  if (h.code === Code.BAD_STATE_ROUTE) {
    // RT-10, RT-11: a blackhole route as imported, or (after the route hop) a target that carries nothing.
    if (h.note === HopNote.None) return { action: `route table ${idText(rt)}: route ${label} is a blackhole`, rule: label };
    return { action: `route ${label}: ${badTargetReason(c, route, h.note)}`, rule: label };
  }
  return { action: `route ${label}`, rule: label, info: routeInfo(route) };
};

/** RT-15: the gateway route table sends the packet somewhere other than the local route. */
const gatewayRouteTable: HopExplainer = (h) => {
  const label = routeLabel(routeOf(h));
  return { action: `gateway route table redirects ${label}`, rule: label, info: [Code.INGRESS_RTB_TRAFFIC_REDIRECTION] };
};

export const SUBNET_HOPS: Record<number, HopExplainer> = {
  [HopKind.NETWORK_ACL_OUTBOUND]: networkAcl,
  [HopKind.NETWORK_ACL_INBOUND]: networkAcl,
  [HopKind.ROUTE_TABLE]: routeTable,
  [HopKind.GATEWAY_ROUTE_TABLE]: gatewayRouteTable,
};
