// A hop as a walk records it, before any wording: what checked the packet, what it decided, and on
// what. The engine writes hop records (abi/hops.ts, HopField) that src/analyze/engine-hops.ts reads
// into this shape; the reference walk (src/reference/) records this shape directly. The differential
// tests compare the two hop for hop, and src/analyze/hop-text/ words them: the only place a hop
// becomes English.
//
// Ids are positions in the Topology's lists (the engine's dense ids are the same positions): the
// component's list is the one HopComponent names, and each hop kind's Ref/Ref2 are documented in
// abi/hops.ts (subnet, ENI, VPC, attachment, connection positions; addresses and ports; IngressKind).
import { HopComponent } from '../../abi/hops.js';
import type { Prefix } from '../model/ip.js';
import type { FirewallRuleGroup, NetworkAclEntry, RouteTable, SecurityGroup, SecurityGroupRule, StatefulRule, StatelessRule, Topology, TransitGatewayRouteTable, VirtualInterface, VpnConnection } from '../model/types.js';
import type { Flow } from './flow.js';
import type { TraceDirection } from './result.js';

/** No component, rule or reference (abi/version.ts NONE). */
export const NO_REF = -1;

export interface WalkHop {
  direction: TraceDirection;
  /** HopKind (abi/hops.ts): which check this was. */
  kind: number;
  /** 0 = the component passed the packet; else the explanation code it stopped it with. */
  code: number;
  /** HopNote: which of the component's messages applies. */
  note: number;
  /** TRACE-11: the hop past the hop limit; its code is NO_PATH and the walk ends there. */
  overLimit: boolean;
  /** HopComponent: the Topology list `id` is a position in. */
  component: number;
  /** The component's position in that list (AmazonService: the service); NO_REF when none. */
  id: number;
  /** What decided, when a rule, route or path did. */
  rule?: HopRule;
  /** What else the message names (HopField.Ref, Ref2 in abi/hops.ts); NO_REF when nothing. */
  ref: number;
  ref2: number;
  /** The packet at the hop, after any translation there. */
  packet: Flow;
}

/** A VPC route (RT-3, RT-4) or transit gateway route (TGW-5) as the table holds it. */
export interface RouteChoice<Table> {
  table: Table;
  /** The route's prefix (for a prefix-list route, the list entry that matched, VPCE-3). */
  destination: Prefix;
  /** Index in table.routes, or NO_REF for an implied local route (RT-2) or a propagated one. */
  modelIndex: number;
  /** A propagated route (RT-12, TGW-3): the VPN gateway id (VPC) or attachment id (TGW) it came from. */
  propagatedFrom?: string;
  /** On a route hop that passed: a less specific route also matched (MORE_SPECIFIC_ROUTE). */
  moreSpecific: boolean;
  /** On a route hop that passed: another route of the same prefix lost on priority (HIGHER_PRIORITY_ROUTE). */
  higherPriority: boolean;
}

export type HopRule =
  /** NACL-5: the entry that decided; the `*` rule has no HopRule. */
  | { kind: 'network-acl-entry'; entry: NetworkAclEntry }
  /** SG-1: the rule that allowed the packet, and its group. */
  | { kind: 'security-group-rule'; group: SecurityGroup; rule: SecurityGroupRule }
  | { kind: 'route'; route: RouteChoice<RouteTable> }
  | { kind: 'transit-gateway-route'; route: RouteChoice<TransitGatewayRouteTable> }
  /** HYB-4, HYB-7: the on-premises network a VPN gateway forwards to, and the connection it uses. */
  | { kind: 'on-premises-path'; prefix: Prefix; connectionId: string }
  /**
   * NFW-2, NFW-3: the stateless rule that matched (absent: the default action decided) and the
   * stateful engine's deciding group and action (absent: no stateful rule decided).
   */
  | { kind: 'firewall'; stateless?: { group: FirewallRuleGroup; rule: StatelessRule }; stateful?: { group: FirewallRuleGroup; action: StatefulRule['action'] } };

/** What a walk recorded for one flow: the verdict and the hops of both directions. */
export interface WalkTrace {
  /** 0 = reachable (TRACE-5), else the code of the first blocker (TRACE-8). */
  verdict: number;
  forward: WalkHop[];
  response: WalkHop[];
}

/** A VPN connection or virtual interface: the engine's OnPremConnection, VPN connections first. */
export type OnPremConnection = VpnConnection | VirtualInterface;

/** The object at position `id` of the Topology list HopComponent `component` names (undefined: none there). */
export function componentAt(t: Topology, component: number, id: number): object | undefined {
  if (id < 0) return undefined;
  switch (component as HopComponent) {
    case HopComponent.NetworkInterface:
    case HopComponent.InstanceOrInterface:
    case HopComponent.SecurityGroupOfInterface:
      return t.networkInterfaces[id];
    case HopComponent.SecurityGroup: return t.securityGroups[id];
    case HopComponent.NetworkAcl: return t.networkAcls[id];
    case HopComponent.RouteTable: return t.routeTables[id];
    case HopComponent.InternetGateway: return t.internetGateways[id];
    case HopComponent.EgressOnlyInternetGateway: return t.egressOnlyInternetGateways[id];
    case HopComponent.NatGateway: return t.natGateways[id];
    case HopComponent.Peering: return t.vpcPeeringConnections[id];
    case HopComponent.Vpc: return t.vpcs[id];
    case HopComponent.VpcEndpoint:
    case HopComponent.ServiceOfEndpoint:
      return t.vpcEndpoints[id];
    case HopComponent.TransitGatewayAttachment: return t.transitGatewayAttachments[id];
    case HopComponent.TransitGatewayRouteTable: return t.transitGatewayRouteTables[id];
    case HopComponent.VpnGateway: return t.vpnGateways[id];
    case HopComponent.OnPremConnection: return onPremConnectionAt(t, id);
    case HopComponent.Firewall: return t.networkFirewalls[id];
    case HopComponent.Subnet: return t.subnets[id];
    case HopComponent.None:
    case HopComponent.AmazonService:
      return undefined;
  }
}

/** OnPremConnection position `id`: the VPN connections, then the virtual interfaces. */
export function onPremConnectionAt(t: Topology, id: number): OnPremConnection | undefined {
  return id < t.vpnConnections.length ? t.vpnConnections[id] : t.virtualInterfaces[id - t.vpnConnections.length];
}

const positions = new WeakMap<Topology, Map<object, number>>();

/**
 * The position of a model object in its Topology list (a virtual interface: after the VPN
 * connections, as OnPremConnection counts them). Throws for an object the topology does not hold.
 */
export function positionOf(t: Topology, item: object): number {
  let map = positions.get(t);
  if (!map) {
    map = new Map();
    for (const list of Object.values(t)) if (Array.isArray(list)) list.forEach((x: unknown, i) => typeof x === 'object' && x !== null && map!.set(x, i));
    t.virtualInterfaces.forEach((vif, i) => map!.set(vif, t.vpnConnections.length + i));
    positions.set(t, map);
  }
  const at = map.get(item);
  if (at === undefined) throw new Error('vpcsim internal error: a hop names an object that is not in the topology');
  return at;
}
