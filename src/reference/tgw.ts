// Transit gateway route tables (TGW-2..8): static and blackhole routes plus routes propagated by
// attachments, longest prefix match, equal prefixes by the TGW-5 order, then C-4.
import { prefixesOverlap, type Family, type Prefix } from '../model/ip.js';
import type { NetworkIndex } from '../model/network-index.js';
import { onPremisesPathsOfTgwAttachment } from '../model/on-premises-paths.js';
import type { TransitGatewayAttachment, TransitGatewayRouteTable } from '../model/types.js';
import { bestPrefixMatch, type PrefixMatch } from '../model/vpc-routes.js';
import type { Flow } from '../walk/flow.js';
import { NO_REF, type RouteChoice } from '../walk/hop.js';
import { choiceOf } from './route-choice.js';

/** TGW-5: static > prefix-list > VPC > DX gateway > Connect > VPN > peering propagated. */
const TgwRoutePriority = { STATIC: 0, VPC: 2, DX: 3, VPN: 5 } as const;

export interface TgwCandidateRoute {
  destination: Prefix;
  /** Absent for blackhole routes. */
  attachmentId?: string;
  blackhole: boolean;
  priority: number;
  /** Index in the table's routes; NO_REF for propagated routes. */
  modelIndex: number;
  /** VPN / DX propagated routes: the VPN connection or VIF they are learned over (withdrawn while it is down). */
  connectionId?: string;
}

export type TgwRouteMatch = PrefixMatch<TgwCandidateRoute>;

const cache = new WeakMap<TransitGatewayRouteTable, TgwCandidateRoute[]>();

export function tgwRoutesOf(ix: NetworkIndex, rt: TransitGatewayRouteTable): TgwCandidateRoute[] {
  const cached = cache.get(rt);
  if (cached) return cached;
  const routes: TgwCandidateRoute[] = rt.routes.map((r, modelIndex) => ({
    destination: r.destination,
    attachmentId: r.attachmentId,
    blackhole: r.blackhole,
    priority: TgwRoutePriority.STATIC,
    modelIndex,
  }));
  const propagatedVpcCidrs: Prefix[] = [];
  // TGW-8 / C-4: "already attached" = smaller attachment id, so input order never decides.
  for (const attId of [...rt.propagationAttachmentIds].sort()) {
    const att = ix.tgwAttachments.get(attId);
    if (!att) continue;
    if (att.resourceType === 'vpc') {
      const vpc = ix.lookup.vpcs.get(att.resourceId);
      const cidrs = vpc ? [...vpc.cidrBlocks, ...vpc.ipv6CidrBlocks] : [];
      // TGW-8: a VPC overlapping an already-propagated VPC CIDR does not propagate.
      if (cidrs.some((c) => propagatedVpcCidrs.some((p) => prefixesOverlap(c, p)))) continue;
      propagatedVpcCidrs.push(...cidrs);
      for (const c of cidrs) routes.push({ destination: c, attachmentId: att.id, blackhole: false, priority: TgwRoutePriority.VPC, modelIndex: NO_REF });
    } else if (att.resourceType === 'vpn' || att.resourceType === 'direct-connect-gateway') {
      for (const path of onPremisesPathsOfTgwAttachment(ix, att.id)) {
        const priority = path.via === 'dx' ? TgwRoutePriority.DX : TgwRoutePriority.VPN;
        routes.push({ destination: path.prefix, attachmentId: att.id, blackhole: false, priority, modelIndex: NO_REF, connectionId: path.connectionId });
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

/** TGW-5: longest prefix match in a TGW route table, equal prefixes by `better` above. */
export function tgwLongestPrefixMatch(routes: readonly TgwCandidateRoute[], family: Family, dst: bigint): TgwRouteMatch | undefined {
  return bestPrefixMatch(routes, family, dst, better);
}

/** How a hop names the route a TGW route table picked; TGW-3: a propagated route names its attachment. */
export function tgwRouteChoice(table: TransitGatewayRouteTable, match: TgwRouteMatch, passed: boolean): RouteChoice<TransitGatewayRouteTable> {
  return choiceOf(table, match, passed, match.route.attachmentId);
}

/**
 * TGW-12 CHOICE: the appliance-mode flow hash. FNV-1a (32-bit) over the canonical 5-tuple, so both
 * directions of a flow hash alike: family (1 byte), protocol (1 byte, -1 as 255), then the endpoint
 * with the smaller (address, port) and the other one, each as its address (4 or 16 bytes, big-endian)
 * and port (2 bytes, big-endian; 0 for protocols without ports).
 */
export function applianceFlowHash(p: Flow): number {
  const a = { addr: p.src, port: p.srcPort };
  const b = { addr: p.dst, port: p.dstPort };
  const [lo, hi] = a.addr < b.addr || (a.addr === b.addr && a.port <= b.port) ? [a, b] : [b, a];
  const addressBytes = p.family === 4 ? 4 : 16;
  const bytes: number[] = [p.family, p.protocol & 0xff];
  for (const end of [lo, hi]) {
    for (let i = addressBytes - 1; i >= 0; i--) bytes.push(Number((end.addr >> BigInt(8 * i)) & 0xffn));
    bytes.push((end.port >> 8) & 0xff, end.port & 0xff);
  }
  let h = 0x811c9dc5;
  for (const byte of bytes) h = Math.imul(h ^ byte, 0x01000193) >>> 0;
  return h;
}

export interface AttachmentPlace {
  subnetId: string;
  eniId?: string;
  az: string;
  /** TGW-12: chosen by the appliance-mode flow hash. */
  byFlowHash: boolean;
}

/**
 * TGW-10: the attachment subnet the TGW uses in the destination VPC: the one in `az` when there is
 * one and it is up, else the first healthy enabled AZ in AZ-name order (CHOICE). TGW-12: with appliance
 * mode, the flow hash modulo the number of healthy enabled AZs (AZs in name order) picks it.
 */
export function attachmentSubnetFor(ix: NetworkIndex, att: TransitGatewayAttachment, az: string | undefined, packet: Flow, isDown: (subnetId: string, eniId: string | undefined) => boolean): AttachmentPlace | undefined {
  const options = att.subnetIds
    .map((subnetId, i) => ({ subnetId, eniId: att.networkInterfaceIds[i], az: ix.lookup.subnets.get(subnetId)?.availabilityZone ?? '', byFlowHash: false }))
    .filter((o) => !isDown(o.subnetId, o.eniId))
    .sort((a, b) => (a.az < b.az ? -1 : a.az > b.az ? 1 : 0));
  if (options.length === 0) return undefined;
  if (att.applianceModeSupport) return { ...options[applianceFlowHash(packet) % options.length]!, byFlowHash: true };
  return options.find((o) => o.az === az) ?? options[0];
}
