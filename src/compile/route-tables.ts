// VPC route tables as LPM inputs: the implied local routes (RT-2), the model's routes, and gateway
// endpoint prefix lists expanded entry by entry (VPCE-3). Equal prefixes are resolved here by RT-4
// (local > static > prefix list > propagated; then RT-8 AS_PATH; then C-4 smallest target id), so
// the LPM holds one route per prefix and its value is the route record index. Whether a target is
// usable (RT-10: NAT state, peering status, stopped instance ...) is checked by the walk, because
// failure scenarios change it without recompiling.
import { inPrefix, networkKey, prefixCovers, prefixesOverlap, type Prefix } from '../model/ip.js';
import { networkIndex } from '../model/network-index.js';
import { onPremisesPathsOfVgw } from '../model/on-premises-paths.js';
import type { Route, RouteTable } from '../model/types.js';
import { mask4, setPrefix } from './address.js';
import { denseOr, type CompileContext } from './context.js';
import type { RecordTable } from './records.js';
import { Section } from '../../abi/image.js';
import { RouteField, RouteInfo, RouteOrigin, RouteTableField, RouteTarget } from '../../abi/image-routes.js';
import { NONE } from '../../abi/version.js';

interface Candidate {
  prefix: Prefix;
  origin: RouteOrigin;
  asPathLength: number;
  target: RouteTarget;
  targetRef: number;
  /** C-4 tie-break key: the target id (`local` / `blackhole` for those kinds). */
  targetLabel: string;
  blackhole: boolean;
  modelIndex: number;
  detail: number;
  info: number;
  /** RT-12: the OnPremConnection a propagated route is learned over, else NONE. */
  connection: number;
  /** Winners: the other candidates with the same prefix, best first (filled by resolvePriority). */
  losers: Candidate[];
}

export function compileRouteTables(ctx: CompileContext): void {
  const tables = ctx.sections[Section.RouteTable]!;
  const routes = ctx.sections[Section.Route]!;
  const others = otherTargets(ctx);
  const list = ctx.t.routeTables;
  for (let rt = 0; rt < list.length; rt++) {
    const table = list[rt]!;
    const r = tables.add();
    tables.set(r, RouteTableField.Vpc, denseOr(ctx.ids.vpc, table.vpcId));
    tables.set(r, RouteTableField.Lpm4, NONE);
    tables.set(r, RouteTableField.Lpm6, NONE);
    const vpc = ctx.lookup.vpcs.get(table.vpcId);
    const all = candidates(ctx, table, others);
    const winners = resolvePriority(all);
    const fast = localFastPath(winners);
    tables.set(r, RouteTableField.LocalRoute4, NONE);
    tables.set(r, RouteTableField.Withdrawable, all.some((c) => c.connection >= 0) ? 1 : 0);
    tables.set(r, RouteTableField.LocalInside, vpc !== undefined && localInside(winners) ? 1 : 0);
    // Each winner's record, by its position in winners.
    const records: number[] = [];
    for (const family of [4, 6] as const) {
      const start = routes.count;
      for (let k = 0; k < winners.length; k++) {
        const c = winners[k]!;
        if (c.prefix.family !== family) continue;
        const x = writeRoute(routes, rt, c);
        records[k] = x;
        if (c === fast) {
          tables.set(r, RouteTableField.LocalRoute4, x);
          tables.set(r, RouteTableField.LocalAddr4, Number(c.prefix.addr));
          tables.set(r, RouteTableField.LocalMask4, mask4(c.prefix.len));
        }
      }
      tables.set(r, family === 4 ? RouteTableField.Route4Start : RouteTableField.Route6Start, start);
      tables.set(r, family === 4 ? RouteTableField.Route4Count : RouteTableField.Route6Count, routes.count - start);
    }
    // HYB-6: the losers of each prefix, in RT-4 order after their winner, outside the LPM ranges.
    for (let k = 0; k < winners.length; k++) {
      let previous = records[k]!;
      for (const loser of winners[k]!.losers) {
        const x = writeRoute(routes, rt, loser);
        routes.set(previous, RouteField.Next, x);
        previous = x;
      }
    }
  }
}

function writeRoute(routes: RecordTable, rt: number, c: Candidate): number {
  const x = routes.add();
  routes.set(x, RouteField.Table, rt);
  setPrefix(routes, x, RouteField.Prefix, c.prefix);
  routes.set(x, RouteField.Target, c.target);
  routes.set(x, RouteField.TargetRef, c.targetRef);
  routes.set(x, RouteField.Blackhole, c.blackhole ? 1 : 0);
  routes.set(x, RouteField.Origin, c.origin);
  routes.set(x, RouteField.ModelIndex, c.modelIndex);
  routes.set(x, RouteField.Detail, c.detail);
  routes.set(x, RouteField.Info, c.info);
  routes.set(x, RouteField.Next, NONE);
  routes.set(x, RouteField.Connection, c.connection);
  return x;
}

/** A candidate with every field, always in this order (one object shape for all of them). */
function candidate(
  prefix: Prefix,
  origin: RouteOrigin,
  target: RouteTarget,
  targetRef: number,
  targetLabel: string,
  blackhole: boolean,
  modelIndex: number,
  detail: number,
  asPathLength = 0,
  connection: number = NONE,
): Candidate {
  return { prefix, origin, asPathLength, target, targetRef, targetLabel, blackhole, modelIndex, detail, info: 0, connection, losers: NO_LOSERS };
}

/** The losers of a prefix without any (shared, never written: resolvePriority assigns a new array). */
const NO_LOSERS: Candidate[] = [];

function candidates(ctx: CompileContext, table: RouteTable, others: OtherTargets): Candidate[] {
  const out: Candidate[] = [];
  const vpc = ctx.lookup.vpcs.get(table.vpcId);
  let detail = 0;
  if (vpc) {
    for (const prefix of vpc.cidrBlocks) out.push(candidate(prefix, RouteOrigin.Local, RouteTarget.Local, NONE, 'local', false, NONE, detail++));
    for (const prefix of vpc.ipv6CidrBlocks) out.push(candidate(prefix, RouteOrigin.Local, RouteTarget.Local, NONE, 'local', false, NONE, detail++));
  }
  const routes = table.routes;
  for (let i = 0; i < routes.length; i++) {
    const route = routes[i]!;
    const [target, targetRef] = resolveTarget(ctx, others, route, table.vpcId);
    const targetLabel = route.target.kind === 'local' || route.target.kind === 'blackhole' ? route.target.kind : (route.target.id ?? route.target.kind);
    const blackhole = route.state === 'blackhole' || route.target.kind === 'blackhole';
    if (route.destinationPrefixListId) {
      const list = denseOr(ctx.ids.prefixList, route.destinationPrefixListId);
      if (list < 0) continue;
      for (const prefix of ctx.t.prefixLists[list]!.entries) {
        out.push(candidate(prefix, RouteOrigin.PrefixList, target, targetRef, targetLabel, blackhole, i, list));
      }
    } else if (route.destination) {
      const origin = route.origin === 'EnableVgwRoutePropagation' ? RouteOrigin.PropagatedVpnStatic : RouteOrigin.Static;
      // Detail 1 marks an instance target: the walk checks the instance is running (RT-10).
      const detail = route.target.kind === 'instance' ? 1 : NONE;
      out.push(candidate(route.destination, origin, target, targetRef, targetLabel, blackhole, i, detail));
    }
  }
  // RT-12: routes of the VGW's VPN connections and DX associations that are up in the model; the walk
  // withdraws those of connections down in the scenario (HYB-6).
  if (table.propagatingVgwIds.length === 0) return out;
  const local = vpc ? [...vpc.cidrBlocks, ...vpc.ipv6CidrBlocks] : [];
  for (const vgwId of table.propagatingVgwIds) {
    const vgw = denseOr(ctx.ids.vpnGateway, vgwId);
    if (vgw < 0 || ctx.t.vpnGateways[vgw]!.vpcId !== table.vpcId) continue;
    for (const path of onPremisesPathsOfVgw(networkIndex(ctx.t), vgwId)) {
      // RT-5: propagated routes overlapping a local route never win.
      if (local.some((l) => prefixesOverlap(l, path.prefix))) continue;
      const origin = path.via === 'dx' ? RouteOrigin.PropagatedDirectConnect : path.bgp ? RouteOrigin.PropagatedVpnBgp : RouteOrigin.PropagatedVpnStatic;
      out.push(candidate(path.prefix, origin, RouteTarget.VpnGateway, vgw, vgwId, false, NONE, NONE, path.asPathLength, denseOr(ctx.ids.onPremConnection, path.connectionId)));
    }
  }
  return out;
}

/** The first local IPv4 route with no winner strictly inside it (RouteTableField.LocalRoute4). */
function localFastPath(winners: Candidate[]): Candidate | undefined {
  for (const local of winners) {
    if (local.origin !== RouteOrigin.Local || local.prefix.family !== 4) continue;
    const inside = winners.some((w) => w !== local && w.prefix.len > local.prefix.len && prefixCovers(local.prefix, w.prefix));
    if (!inside) return local;
  }
  return undefined;
}

/**
 * Whether no winner but the local routes lies inside a local route (RouteTableField.LocalInside): then
 * every address inside the VPC's CIDRs looks up to a local route (RT-3; RT-4: a local route wins its
 * own prefix).
 */
function localInside(winners: Candidate[]): boolean {
  const locals = winners.filter((w) => w.origin === RouteOrigin.Local);
  return !winners.some((w) => w.origin !== RouteOrigin.Local && locals.some((l) => prefixCovers(l.prefix, w.prefix)));
}

/** Up to this many candidates, prefixes are grouped and compared pairwise (no maps or key strings). */
const SMALL_TABLE = 16;

/** RT-4, RT-8, C-4: one winner per (family, prefix), with its informational codes and its losers in order. */
function resolvePriority(all: Candidate[]): Candidate[] {
  const winners: Candidate[] = [];
  for (const list of samePrefixGroups(all)) {
    const winner = list.length === 1 ? list[0]! : rankLosers(list);
    winners.push(winner);
  }
  // MORE_SPECIFIC_ROUTE: a shorter winner covers this prefix.
  if (winners.length <= SMALL_TABLE) {
    for (const w of winners) {
      if (winners.some((u) => u.prefix.len < w.prefix.len && inPrefix(u.prefix, w.prefix.family, w.prefix.addr))) w.info |= RouteInfo.MoreSpecific;
    }
    return winners;
  }
  // Probe only the lengths in use.
  const present = new Set(winners.map((w) => networkKey(w.prefix, w.prefix.len)));
  const lengths = { 4: new Set<number>(), 6: new Set<number>() };
  for (const w of winners) lengths[w.prefix.family].add(w.prefix.len);
  for (const w of winners) {
    for (const len of lengths[w.prefix.family]) {
      if (len < w.prefix.len && present.has(networkKey(w.prefix, len))) {
        w.info |= RouteInfo.MoreSpecific;
        break;
      }
    }
  }
  return winners;
}

/** The candidates grouped by prefix text, groups in order of first appearance, each in input order. */
function samePrefixGroups(all: Candidate[]): Iterable<Candidate[]> {
  if (all.length <= SMALL_TABLE) {
    const groups: Candidate[][] = [];
    for (const c of all) {
      const list = groups.find((g) => g[0]!.prefix.text === c.prefix.text);
      if (list) list.push(c);
      else groups.push([c]);
    }
    return groups;
  }
  const byPrefix = new Map<string, Candidate[]>();
  for (const c of all) {
    const list = byPrefix.get(c.prefix.text);
    if (list) list.push(c);
    else byPrefix.set(c.prefix.text, [c]);
  }
  return byPrefix.values();
}

/** The best of candidates for one prefix, with the others as its losers, best first. */
function rankLosers(list: Candidate[]): Candidate {
  // Stable sort: equal candidates keep input order, and the first of them wins as before.
  const ranked = [...list].sort((a, b) => (better(a, b) ? -1 : better(b, a) ? 1 : 0));
  const winner = ranked[0]!;
  winner.losers = ranked.slice(1);
  winner.info |= RouteInfo.HigherPriority;
  return winner;
}

function better(a: Candidate, b: Candidate): boolean {
  if (a.origin !== b.origin) return a.origin < b.origin;
  if (a.asPathLength !== b.asPathLength) return a.asPathLength < b.asPathLength;
  return a.targetLabel < b.targetLabel;
}

/** Lookups for targets that are not a plain dense id: a VPC's TGW attachment, firewall endpoints. */
interface OtherTargets {
  /** `${tgwId}|${vpcId}` -> the first VPC attachment in model order (NetworkIndex.vpcAttachment). */
  vpcAttachment: Map<string, number>;
  /** Firewall endpoint id (vpce-) -> its ENI's dense id, NONE when the ENI is missing (NetworkIndex.firewallByEndpoint). */
  firewallEndpoints: Map<string, number>;
}

function otherTargets(ctx: CompileContext): OtherTargets {
  const vpcAttachment = new Map<string, number>();
  ctx.t.transitGatewayAttachments.forEach((a, i) => {
    const key = `${a.transitGatewayId}|${a.resourceId}`;
    if (a.resourceType === 'vpc' && !vpcAttachment.has(key)) vpcAttachment.set(key, i);
  });
  return {
    vpcAttachment,
    firewallEndpoints: firewallEndpointEnis(ctx),
  };
}

/** The last firewall listing an endpoint id owns it; its first endpoint with that id names the ENI. */
function firewallEndpointEnis(ctx: CompileContext): Map<string, number> {
  const owner = new Map<string, (typeof ctx.t.networkFirewalls)[number]>();
  for (const fw of ctx.t.networkFirewalls) for (const ep of fw.endpoints) owner.set(ep.endpointId, fw);
  const enis = new Map<string, number>();
  for (const [id, fw] of owner) enis.set(id, denseOr(ctx.ids.eni, fw.endpoints.find((e) => e.endpointId === id)!.networkInterfaceId));
  return enis;
}

function resolveTarget(ctx: CompileContext, others: OtherTargets, route: Route, vpcId: string): [RouteTarget, number] {
  const { ids } = ctx;
  const id = route.target.id;
  switch (route.target.kind) {
    case 'local':
      return [RouteTarget.Local, NONE];
    case 'internet-gateway':
      return [RouteTarget.InternetGateway, denseOr(ids.internetGateway, id)];
    case 'egress-only-internet-gateway':
      return [RouteTarget.EgressOnlyInternetGateway, denseOr(ids.egressOnlyInternetGateway, id)];
    case 'nat-gateway':
      return [RouteTarget.NatGateway, denseOr(ids.natGateway, id)];
    case 'vpc-peering-connection':
      return [RouteTarget.Peering, denseOr(ids.peering, id)];
    case 'transit-gateway':
      // RT-10: no such transit gateway, or this VPC is not attached to it: NONE (a bad target).
      return [RouteTarget.TransitGateway, ids.transitGateway.has(id ?? '') ? (others.vpcAttachment.get(`${id}|${vpcId}`) ?? NONE) : NONE];
    case 'vpn-gateway':
      return [RouteTarget.VpnGateway, denseOr(ids.vpnGateway, id)];
    case 'vpc-endpoint':
      if (others.firewallEndpoints.has(id ?? '')) return [RouteTarget.FirewallEndpoint, others.firewallEndpoints.get(id ?? '')!];
      return [RouteTarget.VpcEndpoint, denseOr(ids.vpcEndpoint, id)];
    case 'network-interface':
      return [RouteTarget.NetworkInterface, denseOr(ids.eni, id)];
    case 'instance':
      // RT-9: an instance target is its primary ENI.
      return [RouteTarget.NetworkInterface, denseOr(ids.eni, id === undefined ? undefined : ctx.lookup.primaryInterfaceOfInstance(id)?.id)];
    case 'blackhole':
      return [RouteTarget.Blackhole, NONE];
  }
}
