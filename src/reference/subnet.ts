// A packet in a subnet: the network ACLs of the subnets it crosses (NACL-*), the subnet's route table
// (RT-*), a gateway route table for traffic entering through an IGW or VGW (RT-15), and the local route
// that delivers to the ENI holding the destination.
import { Code } from '../../abi/codes.js';
import { HopComponent, HopKind } from '../../abi/hops.js';
import { connectionIsUp } from '../model/on-premises-paths.js';
import type { NetworkInterface, Subnet, Vpc } from '../model/types.js';
import { longestPrefixMatch, routesOf } from '../model/vpc-routes.js';
import type { Flow } from '../walk/flow.js';
import type { Arrival } from '../walk/result.js';
import type { HopFacts, WalkContext } from './context.js';
import { evaluateNetworkAcl } from './nacl.js';
import { routeChoice } from './route-choice.js';
import { routeTargets } from './route-targets.js';

/** NACL-10: outbound rules of the subnet left, inbound rules of the subnet entered; none within one subnet. */
export function crossSubnets(w: WalkContext, from: Subnet | null, to: Subnet | null): void {
  if (from && to && from.id === to.id) return;
  if (from) checkNacl(w, from, true);
  if (to) checkNacl(w, to, false);
}

function checkNacl(w: WalkContext, subnet: Subnet, egress: boolean): void {
  const acl = w.ix.lookup.networkAclForSubnet(subnet.id);
  const kind = egress ? HopKind.NETWORK_ACL_OUTBOUND : HopKind.NETWORK_ACL_INBOUND;
  if (!acl) return; // finalizeTopology always provides one (NACL-1)
  const d = evaluateNetworkAcl(acl, egress, w.packet);
  const hop: HopFacts = { component: HopComponent.NetworkAcl, of: acl, ref: w.at(subnet) };
  if (d.entry) hop.rule = { kind: 'network-acl-entry', entry: d.entry };
  if (!d.allowed) w.block(kind, Code.SUBNET_ACL_RESTRICTION, hop);
  else w.pass(kind, hop);
}

/** Route lookup in `subnet`'s route table (RT-16: the table of the subnet the packet is in). */
export function routeFrom(w: WalkContext, subnet: Subnet, packet: Flow, fromEni: NetworkInterface | null): Arrival {
  const vpc = w.ix.lookup.vpcs.get(subnet.vpcId)!;
  const rt = w.ix.lookup.routeTableForSubnet(subnet.id);
  // RT-16: two ENIs of one subnet talk directly through the local route, never redirected.
  const owner = w.ix.ownerInVpc(vpc.id, packet.family, packet.dst);
  if (owner && owner.eni.subnetId === subnet.id && owner.eni !== fromEni) {
    w.pass(HopKind.ROUTE_TABLE, { ...(rt ? { component: HopComponent.RouteTable, of: rt } : { component: HopComponent.None }), ref: w.at(subnet) });
    return w.arriveAtEni(owner.eni, packet);
  }
  if (!rt) return w.fail(HopKind.ROUTE_TABLE, Code.NO_ROUTE_TO_DESTINATION, { component: HopComponent.Subnet, of: subnet });
  const table = { component: HopComponent.RouteTable, of: rt };
  const match = longestPrefixMatch(routesUp(w, routesOf(w.ix, rt)), packet.family, packet.dst);
  if (!match) return w.fail(HopKind.ROUTE_TABLE, Code.NO_ROUTE_TO_DESTINATION, table);
  const route = match.route;
  // RT-10, RT-11: a blackhole route wins LPM and drops.
  if (route.blackhole) return w.fail(HopKind.ROUTE_TABLE, Code.BAD_STATE_ROUTE, { ...table, rule: { kind: 'route', route: routeChoice(rt, match, false) } });
  w.pass(HopKind.ROUTE_TABLE, { ...table, rule: { kind: 'route', route: routeChoice(rt, match, true) } });
  return routeTargets[route.target.kind](w, { from: subnet, vpc, match, routeTable: rt }, packet);
}

/** RT-15: traffic entering through an IGW or VGW follows its gateway route table, if any, else the local route. */
export function intoVpcFromGateway(w: WalkContext, gatewayId: string, vpc: Vpc, packet: Flow): Arrival {
  const grt = w.ix.gatewayRouteTableOf(gatewayId);
  if (grt) {
    const match = longestPrefixMatch(routesUp(w, routesOf(w.ix, grt)), packet.family, packet.dst);
    if (match && match.route.target.kind !== 'local' && !match.route.blackhole) {
      w.pass(HopKind.GATEWAY_ROUTE_TABLE, { component: HopComponent.RouteTable, of: grt, rule: { kind: 'route', route: routeChoice(grt, match, false) } });
      return routeTargets[match.route.target.kind](w, { from: null, vpc, match, routeTable: grt }, packet);
    }
  }
  return deliverInVpc(w, vpc, packet, null);
}

/** The local route: deliver to the ENI holding the destination address in `vpc`. */
export function deliverInVpc(w: WalkContext, vpc: Vpc, packet: Flow, from: Subnet | null): Arrival {
  const owner = w.ix.ownerInVpc(vpc.id, packet.family, packet.dst);
  if (!owner) return w.fail(HopKind.NETWORK_INTERFACE, Code.UNKNOWN_DESTINATION, { component: HopComponent.Vpc, of: vpc });
  crossSubnets(w, from, w.ix.lookup.subnets.get(owner.eni.subnetId)!);
  return w.arriveAtEni(owner.eni, packet);
}

/** HYB-6, MC-5, MC-6: a route learned over a VPN connection or VIF that is down is withdrawn. */
function routesUp<R extends { connectionId?: string }>(w: WalkContext, routes: R[]): R[] {
  const down = w.down;
  if (!down || down.size === 0) return routes;
  return routes.filter((r) => !r.connectionId || connectionIsUp(w.ix, r.connectionId, down));
}
