// describe-route-tables: `RouteTables[]`. Local routes are implied by the model (RT-2) and dropped here;
// the main association makes the table its VPC's main route table (RT-1); gateway associations are
// edge associations (RT-15); PropagatingVgws enable VGW route propagation (RT-12).
import type { Route, RouteTarget } from '../../model/types.js';
import type { SnapshotKeyReader } from './context.js';
import type { Fields } from './fields.js';
import { clip } from '../../model/printable.js';

const LIVE_ASSOCIATION = new Set(['associated', 'associating']);
const ORIGINS = ['CreateRouteTable', 'CreateRoute', 'EnableVgwRoutePropagation'] as const;

// Target fields in the order they are tried. CHOICE (docs/semantics.md "Snapshot route targets"): a route
// created against an instance is listed with both InstanceId and NetworkInterfaceId; the ENI is what AWS
// routes to, so NetworkInterfaceId is read before InstanceId.
const TARGET_FIELDS: [field: string, kind: RouteTarget['kind']][] = [
  ['NatGatewayId', 'nat-gateway'],
  ['TransitGatewayId', 'transit-gateway'],
  ['VpcPeeringConnectionId', 'vpc-peering-connection'],
  ['EgressOnlyInternetGatewayId', 'egress-only-internet-gateway'],
  ['NetworkInterfaceId', 'network-interface'],
  ['InstanceId', 'instance'],
];

// GatewayId holds several kinds of gateway; the id prefix tells which (RT-9).
const GATEWAY_PREFIXES: [prefix: string, kind: RouteTarget['kind']][] = [
  ['igw-', 'internet-gateway'],
  ['vgw-', 'vpn-gateway'],
  ['vpce-', 'vpc-endpoint'],
];

const UNSUPPORTED_TARGETS = ['CarrierGatewayId', 'LocalGatewayId', 'CoreNetworkArn', 'OdbNetworkArn'];
const DESTINATION_FIELDS = ['DestinationCidrBlock', 'DestinationIpv6CidrBlock', 'DestinationPrefixListId'];

/** The route, or undefined for routes the model leaves out (local, unsupported targets). */
function readRoute(r: Fields, warn: (m: string) => void): Route | undefined {
  const gatewayId = r.optStr('GatewayId');
  if (gatewayId === 'local') return undefined;
  // One destination and one target, as CreateRoute takes (templates are checked the same way); an
  // instance route lists InstanceId beside the NetworkInterfaceId it goes to, which is one target (RT-9).
  const destinations = DESTINATION_FIELDS.filter((field) => r.has(field));
  if (destinations.length > 1) throw r.error(destinations[0]!, `only one destination allowed, got ${destinations.join(', ')}`);
  const targets = [...TARGET_FIELDS.map(([field]) => field), 'GatewayId', ...UNSUPPORTED_TARGETS].filter((field) => r.has(field));
  const distinct = targets.includes('NetworkInterfaceId') ? targets.filter((field) => field !== 'InstanceId') : targets;
  if (distinct.length > 1) throw r.error(distinct[0]!, `only one target allowed, got ${distinct.join(', ')}`);
  const destination = r.optPrefixOf('DestinationCidrBlock', 4) ?? r.optPrefixOf('DestinationIpv6CidrBlock', 6);
  const destinationPrefixListId = destination ? undefined : r.optStr('DestinationPrefixListId');
  if (!destination && !destinationPrefixListId) throw r.error('DestinationCidrBlock', 'is missing (no DestinationCidrBlock, DestinationIpv6CidrBlock or DestinationPrefixListId)');
  const state = r.oneOf('State', ['active', 'blackhole'], 'active');
  const where = `${r.where.file}: RouteTable '${r.where.id}': ${r.path}`;

  let target: RouteTarget | undefined;
  for (const [field, kind] of TARGET_FIELDS) {
    const id = r.optStr(field);
    if (id) { target = { kind, id }; break; }
  }
  if (!target && gatewayId) {
    const match = GATEWAY_PREFIXES.find(([prefix]) => gatewayId.startsWith(prefix));
    if (!match) throw r.error('GatewayId', `'${clip(gatewayId)}' is not an internet gateway, virtual private gateway or VPC endpoint id`);
    target = { kind: match[1], id: gatewayId };
  }
  if (!target) {
    const other = UNSUPPORTED_TARGETS.find((field) => r.has(field));
    if (other) {
      warn(`${where}: ${other} targets are not modelled; route to ${destination?.text ?? destinationPrefixListId} ignored`);
      return undefined;
    }
    // RT-10: a route whose target was deleted is listed with State blackhole and no target.
    if (state !== 'blackhole') throw r.error('GatewayId', 'is missing (the route names no target)');
    target = { kind: 'blackhole' };
  }
  const route: Route = { target, origin: r.oneOf('Origin', ORIGINS, 'CreateRoute'), state };
  if (destination) route.destination = destination;
  else route.destinationPrefixListId = destinationPrefixListId;
  return route;
}

export const routeTables: SnapshotKeyReader = {
  key: 'RouteTables',
  resourceType: 'RouteTable',
  idField: 'RouteTableId',
  read(f, ctx) {
    const id = f.str('RouteTableId');
    ctx.noteOwner(f);
    const routes: Route[] = [];
    for (const r of f.list('Routes')) {
      const route = readRoute(r, (m) => ctx.warn(m));
      if (route) routes.push(route);
    }
    let main = false;
    const subnetIds: string[] = [];
    const gatewayIds: string[] = [];
    for (const a of f.list('Associations')) {
      const state = a.optChild('AssociationState')?.optStr('State') ?? 'associated';
      if (!LIVE_ASSOCIATION.has(state)) continue;
      if (a.bool('Main', false)) main = true;
      const subnetId = a.optStr('SubnetId');
      const gatewayId = a.optStr('GatewayId');
      if (subnetId) subnetIds.push(subnetId);
      if (gatewayId) gatewayIds.push(gatewayId);
    }
    ctx.add('routeTables', {
      id,
      logicalId: id,
      name: f.nameTag(),
      vpcId: f.str('VpcId'),
      main,
      routes,
      subnetIds,
      gatewayIds,
      propagatingVgwIds: f.list('PropagatingVgws').map((p) => p.str('GatewayId')),
    }, f);
  },
  finish(ctx) {
    // RT-1: the table with the main association is its VPC's main route table.
    for (const rt of ctx.all('routeTables')) {
      const vpc = ctx.get('vpcs', rt.vpcId);
      if (rt.main && vpc) vpc.mainRouteTableId = rt.id;
    }
  },
};
