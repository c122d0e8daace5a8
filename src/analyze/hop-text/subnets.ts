// Hop texts in subnets: network ACLs (NACL-5..10), VPC route tables (RT-3..16) and gateway route
// tables (RT-15). Route labels as src/model/vpc-routes.ts writes them: `10.0.0.0/16 -> local`,
// `pl-... (52.216.0.0/15) -> vpce-...`, `172.16.0.0/16 -> vgw-... (propagated)`.
import { HopComponent, HopNote, ROUTE_INFO_DYNAMIC } from '../../../abi/hops.js';
import { NaclEntryField, RouteField, RouteInfo, RouteOrigin, RouteTarget, Section } from '../../../abi/image.js';
import type { RouteTarget as ModelRouteTarget } from '../../model/types.js';
import { describeNaclDecision } from './rules.js';
import { Code, HopKind } from '../codes.js';
import { dstText, prefixText, recordField, type HopContext, type HopExplainer } from './context.js';

const route = (c: HopContext, r: number, f: RouteField) => recordField(c, Section.Route, RouteField.Stride, r, f);

function targetLabel(target: ModelRouteTarget): string {
  return target.kind === 'local' || target.kind === 'blackhole' ? target.kind : (target.id ?? target.kind);
}

/** How the answer writes Route record `r`. */
function routeLabel(c: HopContext, r: number): string {
  const table = c.image.names.routeTables[route(c, r, RouteField.Table)]!;
  const destination = prefixText(c, Section.Route, RouteField.Stride, r, RouteField.Prefix);
  const modelIndex = route(c, r, RouteField.ModelIndex);
  if (modelIndex >= 0) {
    const model = table.routes[modelIndex]!;
    // VPCE-3: a prefix-list route, one record per list entry.
    if (model.destinationPrefixListId) return `${model.destinationPrefixListId} (${destination}) -> ${targetLabel(model.target)}`;
    return `${model.destination!.text} -> ${targetLabel(model.target)}`;
  }
  if (route(c, r, RouteField.Origin) === RouteOrigin.Local) return `${destination} -> local`;
  // RT-12: propagated from the virtual private gateway.
  return `${destination} -> ${c.image.names.vpnGateways[route(c, r, RouteField.TargetRef)]!.id} (propagated)`;
}

/** MORE_SPECIFIC_ROUTE / HIGHER_PRIORITY_ROUTE, in the reference's order. */
function routeInfo(c: HopContext, r: number, dynamic: number): number[] {
  // Computed by the walk under the down set (Ref2), else the compiled table's.
  const bits = dynamic >= 0 && dynamic & ROUTE_INFO_DYNAMIC ? dynamic : route(c, r, RouteField.Info);
  const info: number[] = [];
  if (bits & RouteInfo.MoreSpecific) info.push(Code.MORE_SPECIFIC_ROUTE);
  if (bits & RouteInfo.HigherPriority) info.push(Code.HIGHER_PRIORITY_ROUTE);
  return info;
}

/** RT-10: why a route's target carries nothing, by target kind (HopNote.TargetMissing unless listed). */
const MISSING_TARGET: Partial<Record<RouteTarget, string>> = {
  [RouteTarget.InternetGateway]: 'the internet gateway is not attached to this VPC',
  [RouteTarget.EgressOnlyInternetGateway]: 'the egress-only internet gateway is not in this VPC',
  [RouteTarget.NatGateway]: 'the NAT gateway does not exist',
  [RouteTarget.Peering]: 'the peering connection does not involve this VPC',
  [RouteTarget.TransitGateway]: 'the VPC is not attached to this transit gateway',
  [RouteTarget.VpnGateway]: 'the virtual private gateway is not attached to this VPC',
  [RouteTarget.VpcEndpoint]: 'the VPC endpoint is not in this VPC',
  [RouteTarget.NetworkInterface]: 'the network interface does not exist',
  [RouteTarget.Blackhole]: 'blackhole',
};

function badTargetReason(c: HopContext, r: number, note: number): string {
  const target = route(c, r, RouteField.Target) as RouteTarget;
  const model = c.image.names.routeTables[route(c, r, RouteField.Table)]!.routes[route(c, r, RouteField.ModelIndex)];
  if (model?.target.kind === 'instance') {
    // RT-9, RT-10: an instance target must exist and run, and have its primary ENI.
    const instance = c.ix.lookup.instances.get(model.target.id ?? '');
    if (!instance || instance.state !== 'running') return `instance ${model.target.id} is ${instance ? instance.state : 'missing'}`;
  }
  if (note === HopNote.TargetState) return `the peering connection is ${c.image.names.vpcPeeringConnections[route(c, r, RouteField.TargetRef)]!.status}`;
  if (note === HopNote.PeerVpcMissing) return 'the peer VPC is not in the model';
  if (note === HopNote.TargetWithoutInterface) return target === RouteTarget.NatGateway ? 'the NAT gateway has no network interface' : 'the firewall endpoint has no network interface';
  const why = MISSING_TARGET[target];
  if (why === undefined) throw new Error(`vpcsim internal error: no text for an unusable route target ${target}`);
  return why;
}

const networkAcl: HopExplainer = (h, c) => {
  const egress = h.kind === HopKind.NETWORK_ACL_OUTBOUND;
  const dir = egress ? 'outbound' : 'inbound';
  const acl = c.image.names.networkAcls[h.id]!;
  const subnet = c.image.names.subnets[h.ref]!;
  const entry = h.detail < 0 ? undefined : acl.entries[recordField(c, Section.NaclEntry, NaclEntryField.Stride, h.detail, NaclEntryField.ModelIndex)];
  const allowed = h.code === Code.REACHABLE;
  const decision = describeNaclDecision(entry ? { entry } : {}, egress);
  const rule = entry ? String(entry.ruleNumber) : '*';
  if (!allowed) return { action: `blocked by network ACL ${acl.logicalId} (${acl.id}) ${dir} of subnet ${subnet.logicalId}: ${decision}`, rule };
  return { action: `${dir} of subnet ${subnet.logicalId}: ${decision}`, rule };
};

const routeTable: HopExplainer = (h, c) => {
  if (h.component === HopComponent.Subnet) return { action: `subnet ${c.image.names.subnets[h.id]!.logicalId} has no route table` };
  const type = 'AWS::EC2::RouteTable';
  // RT-16: two ENIs of one subnet (the subnet may have no route table: the hop then names none).
  if (h.code === Code.REACHABLE && h.detail < 0) return { action: `local delivery inside subnet ${c.image.names.subnets[h.ref]!.logicalId}`, rule: 'local', type, ...(h.component === HopComponent.None ? { res: null } : {}) };
  const rt = c.image.names.routeTables[h.id]!;
  if (h.code === Code.NO_ROUTE_TO_DESTINATION) return { action: `route table ${rt.logicalId} (${rt.id}) has no route to ${dstText(h)}` };
  const label = routeLabel(c, h.detail);
  if (h.code === Code.BAD_STATE_ROUTE) {
    // RT-10, RT-11: a blackhole route as imported, or (after the route hop) a target that carries nothing.
    if (h.note === HopNote.None) return { action: `route table ${rt.logicalId} (${rt.id}): route ${label} is a blackhole`, rule: label };
    return { action: `route ${label}: ${badTargetReason(c, h.detail, h.note)}`, rule: label };
  }
  return { action: `route ${label} in ${rt.logicalId}`, rule: label, info: routeInfo(c, h.detail, h.ref2) };
};

/** RT-15: the gateway route table sends the packet somewhere other than the local route. */
const gatewayRouteTable: HopExplainer = (h, c) => {
  const label = routeLabel(c, h.detail);
  return { action: `gateway route table redirects ${label}`, rule: label, info: [Code.INGRESS_RTB_TRAFFIC_REDIRECTION] };
};

export const SUBNET_HOPS: Record<number, HopExplainer> = {
  [HopKind.NETWORK_ACL_OUTBOUND]: networkAcl,
  [HopKind.NETWORK_ACL_INBOUND]: networkAcl,
  [HopKind.ROUTE_TABLE]: routeTable,
  [HopKind.GATEWAY_ROUTE_TABLE]: gatewayRouteTable,
};
