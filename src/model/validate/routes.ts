// Route table rules (SEMANTICS §2): associations (RT-1, RT-15), targets that exist and belong to
// the table's VPC (RT-9, RT-10), routes more specific than or equal to the local route (RT-6, RT-7),
// duplicate destinations and target/family combinations.
import { prefixCovers, type Prefix } from '../ip.js';
import type { Route, RouteTable, RouteTargetKind, Vpc } from '../types.js';
import { fail, KINDS, shortType, subjectOf, type ResourceKind, type Subject, type ValidationContext } from './context.js';

type VpcOf = (ctx: ValidationContext, target: any, tableVpc: string) => string | undefined;

interface TargetInfo {
  /** CloudFormation property of AWS::EC2::Route that names this target. */
  field: string;
  kind?: ResourceKind;
  /** The VPC the target lives in; undefined when not VPC-bound (TGW) or detached (RT-10). */
  vpcOf?: VpcOf;
}

const attachedVpc: VpcOf = (_ctx, target: { vpcId?: string }) => target.vpcId;
const subnetVpc: VpcOf = (ctx, target: { subnetId: string }) => ctx.find('subnets', target.subnetId)?.vpcId;
const peeringVpc: VpcOf = (_ctx, pcx: { requesterVpcId: string; accepterVpcId: string }, tableVpc) =>
  pcx.requesterVpcId === tableVpc || pcx.accepterVpcId === tableVpc ? tableVpc : pcx.requesterVpcId;

const TARGETS: Record<RouteTargetKind, TargetInfo> = {
  local: { field: 'GatewayId' },
  blackhole: { field: 'GatewayId' },
  'internet-gateway': { field: 'GatewayId', kind: 'internetGateways', vpcOf: attachedVpc },
  'egress-only-internet-gateway': { field: 'EgressOnlyInternetGatewayId', kind: 'egressOnlyInternetGateways', vpcOf: attachedVpc },
  'nat-gateway': { field: 'NatGatewayId', kind: 'natGateways', vpcOf: subnetVpc },
  'vpc-peering-connection': { field: 'VpcPeeringConnectionId', kind: 'vpcPeeringConnections', vpcOf: peeringVpc },
  'transit-gateway': { field: 'TransitGatewayId', kind: 'transitGateways' },
  'vpn-gateway': { field: 'GatewayId', kind: 'vpnGateways', vpcOf: attachedVpc },
  'vpc-endpoint': { field: 'VpcEndpointId', kind: 'vpcEndpoints' },
  'network-interface': { field: 'NetworkInterfaceId', kind: 'networkInterfaces', vpcOf: subnetVpc },
  instance: { field: 'InstanceId', kind: 'instances', vpcOf: subnetVpc },
};

export function checkRouteTable(ctx: ValidationContext): (rt: RouteTable) => void {
  const subnetTable = new Map<string, RouteTable>();
  const gatewayTable = new Map<string, RouteTable>();
  const mainTable = new Map<string, RouteTable>();

  return (rt) => {
    const s = subjectOf('routeTables', rt);
    const vpc = ctx.require(s, 'VpcId', 'vpcs', rt.vpcId);
    // RT-1: one main route table per VPC.
    if (rt.main) {
      const other = mainTable.get(vpc.id);
      if (other) fail(s, 'Main', `${ctx.label(vpc.id)} already has main route table ${ctx.label(other.id)} (RT-1)`, 'Resource.AlreadyAssociated');
      mainTable.set(vpc.id, rt);
    }
    for (const subnetId of rt.subnetIds) {
      const subnet = ctx.require(s, 'SubnetId', 'subnets', subnetId);
      if (subnet.vpcId !== rt.vpcId) {
        fail(s, 'SubnetId', `SubnetId: ${ctx.label(subnet.id)} is in ${ctx.label(subnet.vpcId)}, not in ${ctx.label(rt.vpcId)}`, 'InvalidParameterValue');
      }
      const other = subnetTable.get(subnetId);
      if (other) fail(s, 'SubnetId', `SubnetId: ${ctx.label(subnetId)} is already associated with ${ctx.label(other.id)} (RT-1)`, 'Resource.AlreadyAssociated');
      subnetTable.set(subnetId, rt);
    }
    for (const gatewayId of rt.gatewayIds) {
      // RT-15: edge associations are with the VPC's own internet gateway or virtual private gateway.
      const kind = ctx.kindOf(gatewayId);
      if (kind !== 'internetGateways' && kind !== 'vpnGateways') {
        fail(s, 'GatewayId', `GatewayId ${ctx.label(gatewayId)} is not an internet gateway or virtual private gateway (RT-15)`, 'InvalidGatewayID.NotFound');
      }
      const gw = ctx.find(kind, gatewayId)!;
      if (gw.vpcId !== rt.vpcId) {
        fail(s, 'GatewayId', `GatewayId: ${ctx.label(gatewayId)} is not attached to ${ctx.label(rt.vpcId)} (RT-15)`, 'Gateway.NotAttached');
      }
      const other = gatewayTable.get(gatewayId);
      if (other) fail(s, 'GatewayId', `GatewayId: ${ctx.label(gatewayId)} is already associated with ${ctx.label(other.id)}`, 'Resource.AlreadyAssociated');
      gatewayTable.set(gatewayId, rt);
    }
    for (const vgwId of rt.propagatingVgwIds) {
      const vgw = ctx.require(s, 'VpnGatewayId', 'vpnGateways', vgwId);
      if (vgw.vpcId !== rt.vpcId) fail(s, 'VpnGatewayId', `VpnGatewayId: ${ctx.label(vgwId)} is not attached to ${ctx.label(rt.vpcId)} (RT-12)`, 'Gateway.NotAttached');
    }
    const seen = new Map<string, Route>();
    for (const route of rt.routes) checkRoute(ctx, s, rt, vpc, route, seen);
  };
}

function routeSubject(rt: Subject, route: Route): Subject {
  return route.logicalId ? { type: 'AWS::EC2::Route', logicalId: route.logicalId } : rt;
}

function checkRoute(ctx: ValidationContext, tableSubject: Subject, rt: RouteTable, vpc: Vpc, route: Route, seen: Map<string, Route>): void {
  const s = routeSubject(tableSubject, route);
  const dest = route.destination;
  const destField = dest?.family === 6 ? 'DestinationIpv6CidrBlock' : route.destinationPrefixListId ? 'DestinationPrefixListId' : 'DestinationCidrBlock';
  const destText = dest?.text ?? route.destinationPrefixListId;
  if ((dest === undefined) === (route.destinationPrefixListId === undefined)) {
    fail(s, 'DestinationCidrBlock', 'a route needs exactly one of DestinationCidrBlock, DestinationIpv6CidrBlock, DestinationPrefixListId', 'InvalidParameterCombination');
  }
  const what = `route ${destText}`;
  const info = TARGETS[route.target.kind];
  if (!info) fail(s, 'Target', `${what}: unknown target kind ${String(route.target.kind)}`);

  // A prefix-list destination must be a known list (VPCE-2 adds the service lists).
  let listFamily: 4 | 6 | undefined;
  if (route.destinationPrefixListId !== undefined) {
    const list = ctx.require(s, destField, 'prefixLists', route.destinationPrefixListId);
    listFamily = list.addressFamily === 'IPv6' ? 6 : 4;
  }
  const family = dest?.family ?? listFamily;

  // Duplicate destinations in one table are refused by CreateRoute; propagated routes may repeat
  // a static one (RT-4 decides between them).
  if (route.origin !== 'EnableVgwRoutePropagation') {
    const key = destText!;
    const other = seen.get(key);
    if (other) fail(s, destField, `${what}: the route table already has a route to ${key}`, 'RouteAlreadyExists');
    seen.set(key, route);
  }

  if (route.target.kind === 'local') {
    if (!dest || !vpc.cidrBlocks.concat(vpc.ipv6CidrBlocks).some((b) => b.text === dest.text)) {
      fail(s, 'GatewayId', `${what}: target local is only valid for a CIDR block of ${ctx.label(vpc.id)} (RT-2)`, 'InvalidParameterValue');
    }
    return;
  }
  if (route.target.kind !== 'blackhole') checkTarget(ctx, s, rt, what, info, route, family);
  if (dest) checkLocalConflict(ctx, s, vpc, what, destField, dest, route);
  if (rt.gatewayIds.length > 0) checkGatewayRoute(ctx, s, rt, what, destField, dest, route);
}

// RT-9, RT-10: the target exists (unless imported as a blackhole whose target was deleted) and
// belongs to this VPC; eigw carries IPv6 only; gateway endpoints take their prefix list only.
function checkTarget(ctx: ValidationContext, s: Subject, rt: RouteTable, what: string, info: TargetInfo, route: Route, family: 4 | 6 | undefined): void {
  const id = route.target.id;
  const field = info.field;
  if (!id) fail(s, field, `${what}: ${field} is missing`, 'MissingParameter');
  let targetVpc: string | undefined;
  const t = route.target.kind;
  if (t === 'vpc-endpoint') {
    const endpoint = ctx.find('vpcEndpoints', id);
    const firewall = endpoint ? undefined : ctx.t.networkFirewalls.find((f) => f.endpoints.some((e) => e.endpointId === id));
    if (!endpoint && !firewall) {
      if (route.state === 'blackhole') return;
      fail(s, field, `${what}: ${field} ${id} does not exist (no VPC endpoint or firewall endpoint with that id)`, 'InvalidVpcEndpointId.NotFound');
    }
    if (endpoint?.type === 'Interface') {
      fail(s, field, `${what}: ${ctx.label(id)} is an interface endpoint; routes target gateway, Gateway Load Balancer or firewall endpoints (RT-9)`, 'InvalidParameterValue');
    }
    if (endpoint?.type === 'Gateway' && !route.destinationPrefixListId) {
      fail(s, field, `${what}: a route to gateway endpoint ${ctx.label(id)} must have the service's prefix list as destination (RT-9, VPCE-2)`, 'InvalidParameterValue');
    }
    if ((endpoint?.type !== 'Gateway') && !route.destination) {
      fail(s, field, `${what}: a route to ${endpoint ? ctx.label(id) : `firewall endpoint ${id}`} needs a CIDR destination (RT-9)`, 'InvalidParameterValue');
    }
    targetVpc = endpoint ? endpoint.vpcId : firewall!.vpcId;
  } else {
    const kind = info.kind!;
    const target = ctx.find(kind, id);
    if (!target) {
      if (route.state === 'blackhole') return;
      const other = ctx.kindOf(id);
      const is = other ? `is ${ctx.label(id)}, not a ${shortType(KINDS[kind].type)}` : `does not exist (no ${shortType(KINDS[kind].type)} with that id)`;
      fail(s, field, `${what}: ${field} ${id} ${is}`, KINDS[kind].notFound);
    }
    targetVpc = info.vpcOf?.(ctx, target, rt.vpcId);
  }
  if (targetVpc !== undefined && targetVpc !== rt.vpcId) {
    fail(s, field, `${what}: ${ctx.label(id)} belongs to ${ctx.label(targetVpc)}, not to ${ctx.label(rt.vpcId)} of ${ctx.label(rt.id)}`, 'InvalidParameterValue');
  }
  if (t === 'egress-only-internet-gateway' && family !== 6) {
    fail(s, field, `${what}: an egress-only internet gateway carries IPv6 only (RT-9, GW-16)`, 'InvalidParameterValue');
  }
}

// RT-6: more specific than local only towards a middlebox; RT-7: never equal to a VPC CIDR.
// CHOICE (docs/semantics.md): an instance target counts as its primary network interface.
function checkLocalConflict(ctx: ValidationContext, s: Subject, vpc: Vpc, what: string, field: string, dest: Prefix, route: Route): void {
  for (const block of [...vpc.cidrBlocks, ...vpc.ipv6CidrBlocks]) {
    if (block.family !== dest.family || !prefixCovers(block, dest)) continue;
    if (dest.len === block.len) {
      fail(s, field, `${what}: ${dest.text} is a CIDR block of ${ctx.label(vpc.id)}, already routed by the local route (RT-7)`, 'RouteAlreadyExists');
    }
    if (!isMiddlebox(ctx, route)) {
      fail(
        s,
        field,
        `${what}: ${dest.text} is more specific than the local route ${block.text}; only a NAT gateway, network interface, Gateway Load Balancer endpoint or firewall endpoint may be its target (RT-6)`,
        'InvalidRoute.LocalConflict',
      );
    }
  }
}

function isMiddlebox(ctx: ValidationContext, route: Route): boolean {
  switch (route.target.kind) {
    case 'nat-gateway':
    case 'network-interface':
    case 'instance':
      return true;
    case 'vpc-endpoint':
      return ctx.find('vpcEndpoints', route.target.id)?.type !== 'Gateway';
    default:
      return false;
  }
}

// RT-15: a gateway route table routes an entire subnet CIDR to a network interface, Gateway Load
// Balancer endpoint or firewall endpoint.
function checkGatewayRoute(ctx: ValidationContext, s: Subject, rt: RouteTable, what: string, field: string, dest: Prefix | undefined, route: Route): void {
  const subnetCidr = dest && ctx.t.subnets.some((n) => n.vpcId === rt.vpcId && (n.cidrBlock?.text === dest.text || n.ipv6CidrBlock?.text === dest.text));
  if (!subnetCidr) {
    fail(s, field, `${what}: a gateway route table may only route an entire subnet CIDR of ${ctx.label(rt.vpcId)} (RT-15)`, 'InvalidParameterValue');
  }
  if (!isMiddlebox(ctx, route) || route.target.kind === 'nat-gateway') {
    fail(s, field, `${what}: a gateway route table routes only to a network interface, Gateway Load Balancer endpoint or firewall endpoint (RT-15)`, 'InvalidParameterValue');
  }
}
