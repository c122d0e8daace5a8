// Transit gateway route tables (TGW-2..8): static and blackhole routes plus routes propagated by
// attachments, longest prefix match, equal prefixes by the TGW-5 order, then C-4.
import type { Family, Prefix } from '../model/ip.js';
import type { TransitGatewayAttachment, TransitGatewayRouteTable } from '../model/types.js';
import { Code } from '../analyze/codes.js';
import { inPrefix } from './addresses.js';
import { onPremisesPathsOfTgwAttachment } from './hybrid.js';
import type { NetworkIndex } from './network-index.js';

/** TGW-5: static > prefix-list > VPC > DX gateway > Connect > VPN > peering propagated. */
const TgwRoutePriority = { STATIC: 0, VPC: 2, DX: 3, VPN: 5 } as const;

export interface TgwCandidateRoute {
  destination: Prefix;
  /** Absent for blackhole routes. */
  attachmentId?: string;
  blackhole: boolean;
  priority: number;
  label: string;
}

export interface TgwRouteMatch {
  route: TgwCandidateRoute;
  info: number[];
}

const cache = new WeakMap<TransitGatewayRouteTable, TgwCandidateRoute[]>();

function overlaps(a: Prefix, b: Prefix): boolean {
  return a.family === b.family && (inPrefix(a, a.family, b.addr) || inPrefix(b, b.family, a.addr));
}

export function tgwRoutesOf(ix: NetworkIndex, rt: TransitGatewayRouteTable): TgwCandidateRoute[] {
  const cached = cache.get(rt);
  if (cached) return cached;
  const routes: TgwCandidateRoute[] = rt.routes.map((r) => ({
    destination: r.destination,
    attachmentId: r.attachmentId,
    blackhole: r.blackhole,
    priority: TgwRoutePriority.STATIC,
    label: `${r.destination.text} -> ${r.blackhole ? 'blackhole' : r.attachmentId}`,
  }));
  const propagatedVpcCidrs: Prefix[] = [];
  for (const attId of rt.propagationAttachmentIds) {
    const att = ix.tgwAttachments.get(attId);
    if (!att) continue;
    if (att.resourceType === 'vpc') {
      const vpc = ix.lookup.vpcs.get(att.resourceId);
      const cidrs = vpc ? [...vpc.cidrBlocks, ...vpc.ipv6CidrBlocks] : [];
      // TGW-8: a VPC overlapping an already-propagated VPC CIDR does not propagate.
      if (cidrs.some((c) => propagatedVpcCidrs.some((p) => overlaps(c, p)))) continue;
      propagatedVpcCidrs.push(...cidrs);
      for (const c of cidrs) routes.push({ destination: c, attachmentId: att.id, blackhole: false, priority: TgwRoutePriority.VPC, label: `${c.text} -> ${att.id} (propagated)` });
    } else if (att.resourceType === 'vpn' || att.resourceType === 'direct-connect-gateway') {
      for (const path of onPremisesPathsOfTgwAttachment(ix, att.id)) {
        const priority = path.via === 'dx' ? TgwRoutePriority.DX : TgwRoutePriority.VPN;
        routes.push({ destination: path.prefix, attachmentId: att.id, blackhole: false, priority, label: `${path.prefix.text} -> ${att.id} (propagated)` });
      }
    }
    // TGW-7: nothing propagates across peering attachments.
  }
  cache.set(rt, routes);
  return routes;
}

function better(a: TgwCandidateRoute, b: TgwCandidateRoute): boolean {
  if (a.destination.len !== b.destination.len) return a.destination.len > b.destination.len;
  if (a.priority !== b.priority) return a.priority < b.priority;
  // C-4: then the smallest attachment id (blackhole first: no id).
  return (a.attachmentId ?? '') < (b.attachmentId ?? '');
}

export function tgwLongestPrefixMatch(routes: readonly TgwCandidateRoute[], family: Family, dst: bigint): TgwRouteMatch | undefined {
  let best: TgwCandidateRoute | undefined;
  const matching: TgwCandidateRoute[] = [];
  for (const r of routes) {
    if (!inPrefix(r.destination, family, dst)) continue;
    matching.push(r);
    if (!best || better(r, best)) best = r;
  }
  if (!best) return undefined;
  const info: number[] = [];
  if (matching.some((r) => r.destination.len < best!.destination.len)) info.push(Code.TGW_RTB_MORE_SPECIFIC_ROUTE);
  if (matching.some((r) => r !== best && r.destination.len === best!.destination.len)) info.push(Code.TGW_RTB_HIGHER_PRIORITY_ROUTE);
  return { route: best, info };
}

/**
 * TGW-10: the attachment subnet the TGW uses in the destination VPC: the one in `az` when there is
 * one, else the first enabled AZ in AZ-name order (CHOICE).
 */
export function attachmentSubnetFor(ix: NetworkIndex, att: TransitGatewayAttachment, az: string | undefined): { subnetId: string; eniId?: string } | undefined {
  const options = att.subnetIds
    .map((subnetId, i) => ({ subnetId, eniId: att.networkInterfaceIds[i], az: ix.lookup.subnets.get(subnetId)?.availabilityZone ?? '' }))
    .sort((a, b) => (a.az < b.az ? -1 : a.az > b.az ? 1 : 0));
  return options.find((o) => o.az === az) ?? options[0];
}
