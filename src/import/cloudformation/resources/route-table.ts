// AWS::EC2::RouteTable, Route, SubnetRouteTableAssociation, GatewayRouteTableAssociation
// (RT-1, RT-9, RT-15). Local routes are implied by the model (RT-2), so `GatewayId: local` adds nothing.
import type { Route, RouteTarget } from '../../../model/types.js';
import type { ResourceKind } from '../kind.js';
import type { MapContext } from '../map-context.js';
import { quote } from '../../../model/printable.js';

export const routeTable: ResourceKind = {
  type: 'AWS::EC2::RouteTable',
  idPrefix: 'rtb',
  phase: 30,
  attributes: { RouteTableId: (r) => r.physicalId },
  map(ctx) {
    const v = ctx.ref('vpcs', 'VpcId');
    ctx.objects.add('routeTables', {
      id: ctx.id,
      logicalId: ctx.logicalId,
      name: ctx.name,
      vpcId: v.id,
      main: false,
      routes: [],
      subnetIds: [],
      gatewayIds: [],
      propagatingVgwIds: [],
    });
  },
};

/** GatewayId is shared by internet gateways, virtual private gateways and gateway endpoints: the id prefix tells. */
const GATEWAY_KINDS: ReadonlyArray<[string, RouteTarget['kind']]> = [
  ['igw-', 'internet-gateway'],
  ['vgw-', 'vpn-gateway'],
  ['vpce-', 'vpc-endpoint'],
];

const TARGET_PROPERTIES: ReadonlyArray<[string, RouteTarget['kind']]> = [
  ['NatGatewayId', 'nat-gateway'],
  ['EgressOnlyInternetGatewayId', 'egress-only-internet-gateway'],
  ['VpcPeeringConnectionId', 'vpc-peering-connection'],
  ['TransitGatewayId', 'transit-gateway'],
  ['NetworkInterfaceId', 'network-interface'],
  ['InstanceId', 'instance'],
  ['VpcEndpointId', 'vpc-endpoint'],
];

const UNSUPPORTED_TARGETS = ['CarrierGatewayId', 'LocalGatewayId', 'CoreNetworkArn'];

function routeTarget(ctx: MapContext): RouteTarget | 'local' {
  const given = [...TARGET_PROPERTIES.map(([p]) => p), 'GatewayId', ...UNSUPPORTED_TARGETS].filter((p) => ctx.props.has(p));
  if (given.length !== 1) throw ctx.error(given[1] ?? 'GatewayId', given.length ? `only one target allowed, got ${given.join(', ')}` : 'a route needs a target (GatewayId, NatGatewayId, ...)');
  const prop = given[0]!;
  if (UNSUPPORTED_TARGETS.includes(prop)) throw ctx.error(prop, 'this route target is not modelled');
  const id = ctx.props.string(prop);
  if (prop === 'GatewayId') {
    if (id === 'local') return 'local';
    const kind = GATEWAY_KINDS.find(([prefix]) => id.startsWith(prefix))?.[1];
    if (!kind) throw ctx.error('GatewayId', `${quote(id)} is not an internet gateway, virtual private gateway or gateway endpoint id`);
    return { kind, id };
  }
  return { kind: TARGET_PROPERTIES.find(([p]) => p === prop)![1], id };
}

export const route: ResourceKind = {
  type: 'AWS::EC2::Route',
  idPrefix: 'r',
  phase: 40,
  map(ctx) {
    const table = ctx.ref('routeTables', 'RouteTableId');
    const dests = ['DestinationCidrBlock', 'DestinationIpv6CidrBlock', 'DestinationPrefixListId'].filter((p) => ctx.props.has(p));
    if (dests.length !== 1) throw ctx.error('DestinationCidrBlock', dests.length ? `only one destination allowed, got ${dests.join(', ')}` : 'a route needs a destination');
    const target = routeTarget(ctx);
    if (target === 'local') return;
    const r: Route = { target, origin: 'CreateRoute', logicalId: ctx.logicalId };
    if (dests[0] === 'DestinationPrefixListId') r.destinationPrefixListId = ctx.props.string('DestinationPrefixListId');
    else {
      const p = ctx.props.prefix(dests[0]!);
      if ((dests[0] === 'DestinationCidrBlock') !== (p.family === 4)) throw ctx.error(dests[0]!, `${p.text} is the wrong address family`);
      r.destination = p;
    }
    table.routes.push(r);
  },
};

export const subnetRouteTableAssociation: ResourceKind = {
  type: 'AWS::EC2::SubnetRouteTableAssociation',
  idPrefix: 'rtbassoc',
  phase: 40,
  map(ctx) {
    const table = ctx.ref('routeTables', 'RouteTableId');
    const s = ctx.ref('subnets', 'SubnetId');
    table.subnetIds.push(s.id);
  },
};

export const gatewayRouteTableAssociation: ResourceKind = {
  type: 'AWS::EC2::GatewayRouteTableAssociation',
  idPrefix: 'rtbassoc',
  phase: 40,
  map(ctx) {
    const table = ctx.ref('routeTables', 'RouteTableId');
    const gw = ctx.props.string('GatewayId');
    if (!gw.startsWith('igw-') && !gw.startsWith('vgw-')) throw ctx.error('GatewayId', `${quote(gw)} is not an internet gateway or virtual private gateway (RT-15)`);
    table.gatewayIds.push(gw);
  },
};
