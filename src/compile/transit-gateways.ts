// Transit gateways (TGW-2..14): attachments with their associated route table (TGW-2), their subnets
// in AZ-name order (TGW-9/10), and each TGW route table's routes: static and blackhole routes plus
// propagated VPC CIDRs (TGW-3, TGW-8 overlap rule) and VPN / Direct Connect prefixes, one winner per
// prefix by the TGW-5 order then C-4 (smallest attachment id), as the reference walk's tgw.ts ranks them.
import { networkKey, type Family, type Prefix } from '../model/ip.js';
import type { Topology, TransitGatewayAttachmentKind, TransitGatewayRouteTable } from '../model/types.js';
import { networkIndex } from '../model/network-index.js';
import { onPremisesPathsOfTgwAttachment, vpnIsUp } from '../model/on-premises-paths.js';
import { setPrefix } from './address.js';
import { denseOr, type CompileContext } from './context.js';
import { writePaths } from './hybrid.js';
import { Section, SubnetField } from '../../abi/image.js';
import { RouteInfo } from '../../abi/image-routes.js';
import {
  TgwAttachmentField,
  TgwAttachmentKind,
  TgwAttachmentSubnetField,
  TgwRouteField,
  TgwRouteOrigin,
  TgwRouteTableField,
  TransitGatewayField,
} from '../../abi/image-hybrid.js';
import { NONE } from '../../abi/version.js';

const KINDS: Record<TransitGatewayAttachmentKind, TgwAttachmentKind> = {
  vpc: TgwAttachmentKind.Vpc,
  vpn: TgwAttachmentKind.Vpn,
  'direct-connect-gateway': TgwAttachmentKind.DirectConnectGateway,
  peering: TgwAttachmentKind.Peering,
  connect: TgwAttachmentKind.Connect,
};

interface Candidate {
  prefix: Prefix;
  attachmentId: string;
  attachment: number;
  blackhole: boolean;
  origin: TgwRouteOrigin;
  /** Index in the table's routes for a static route, NONE for a propagated one. */
  modelIndex: number;
  /** RouteInfo bits for the answer's TGW_RTB_* informational codes. */
  info: number;
  /** The OnPremConnection a VPN / DX propagated route is learned over, else NONE. */
  connection: number;
  /** Winners: the other candidates with the same prefix, best first. */
  losers: Candidate[];
}

export function compileTransitGateways(ctx: CompileContext): void {
  const { t } = ctx;
  const tgws = ctx.sections[Section.TransitGateway]!;
  for (const tgw of t.transitGateways) tgws.set(tgws.add(), TransitGatewayField.SgReferencing, tgw.securityGroupReferencingSupport ? 1 : 0);
  compileAttachments(ctx);
  const tables = ctx.sections[Section.TgwRouteTable]!;
  const routes = ctx.sections[Section.TgwRoute]!;
  t.transitGatewayRouteTables.forEach((table, rt) => {
    const r = tables.add();
    tables.set(r, TgwRouteTableField.Lpm4, NONE);
    tables.set(r, TgwRouteTableField.Lpm6, NONE);
    const all = candidates(ctx, table);
    const winners = resolvePriority(all);
    tables.set(r, TgwRouteTableField.Withdrawable, all.some((c) => c.connection >= 0) ? 1 : 0);
    const write = (c: Candidate): number => {
      const x = routes.add();
      routes.set(x, TgwRouteField.Table, rt);
      setPrefix(routes, x, TgwRouteField.Prefix, c.prefix);
      routes.set(x, TgwRouteField.Attachment, c.blackhole ? NONE : c.attachment);
      routes.set(x, TgwRouteField.Blackhole, c.blackhole ? 1 : 0);
      routes.set(x, TgwRouteField.Origin, c.origin);
      routes.set(x, TgwRouteField.Info, c.info);
      routes.set(x, TgwRouteField.ModelIndex, c.modelIndex);
      routes.set(x, TgwRouteField.Next, NONE);
      routes.set(x, TgwRouteField.Connection, c.connection);
      return x;
    };
    const records = new Map<Candidate, number>();
    for (const family of [4, 6] as const) {
      const start = routes.count;
      for (const c of winners) if (c.prefix.family === family) records.set(c, write(c));
      tables.set(r, family === 4 ? TgwRouteTableField.Route4Start : TgwRouteTableField.Route6Start, start);
      tables.set(r, family === 4 ? TgwRouteTableField.Route4Count : TgwRouteTableField.Route6Count, routes.count - start);
    }
    // TGW-14 / HYB-6: each prefix's losers in TGW-5 order, chained after their winner for withdrawal.
    for (const w of winners) {
      let previous = records.get(w)!;
      for (const loser of w.losers) {
        const x = write(loser);
        routes.set(previous, TgwRouteField.Next, x);
        previous = x;
      }
    }
  });
}

function compileAttachments(ctx: CompileContext): void {
  const { t, ids } = ctx;
  const atts = ctx.sections[Section.TgwAttachment]!;
  const places = ctx.sections[Section.TgwAttachmentSubnet]!;
  const subnets = ctx.sections[Section.Subnet]!;
  const paths = ctx.sections[Section.OnPremPath]!;
  // TGW-2: the first route table (model order) listing the attachment among its associations.
  const associated = new Map<string, number>();
  t.transitGatewayRouteTables.forEach((rt, i) => {
    for (const a of rt.associationAttachmentIds) if (!associated.has(a)) associated.set(a, i);
  });
  const peeringBack = new Map<string, number>();
  t.transitGatewayAttachments.forEach((a, i) => {
    const key = `${a.transitGatewayId}|${a.resourceId}`;
    if (a.resourceType === 'peering' && !peeringBack.has(key)) peeringBack.set(key, i);
  });
  for (const att of t.transitGatewayAttachments) {
    const r = atts.add();
    atts.set(r, TgwAttachmentField.TransitGateway, denseOr(ids.transitGateway, att.transitGatewayId));
    atts.set(r, TgwAttachmentField.Kind, KINDS[att.resourceType]);
    const resource = att.resourceType === 'vpc' ? denseOr(ids.vpc, att.resourceId)
      : att.resourceType === 'peering' ? denseOr(ids.transitGateway, att.resourceId)
      : att.resourceType === 'vpn' ? denseOr(ids.onPremConnection, att.resourceId)
      : NONE;
    atts.set(r, TgwAttachmentField.Resource, resource);
    atts.set(r, TgwAttachmentField.Available, att.state === 'available' ? 1 : 0);
    atts.set(r, TgwAttachmentField.ApplianceMode, att.applianceModeSupport ? 1 : 0);
    atts.set(r, TgwAttachmentField.SgReferencing, att.securityGroupReferencingSupport ? 1 : 0);
    atts.set(r, TgwAttachmentField.RouteTable, associated.get(att.id) ?? NONE);
    // The peer's peering attachment whose peer is this attachment's transit gateway.
    atts.set(r, TgwAttachmentField.PeerBack, att.resourceType === 'peering' ? (peeringBack.get(`${att.resourceId}|${att.transitGatewayId}`) ?? NONE) : NONE);
    // TGW-10: subnets in AZ-name order (a subnet missing from the model sorts first, as AZ '').
    const options = att.subnetIds.map((id, i) => {
      const subnet = denseOr(ids.subnet, id);
      return { subnet, eni: denseOr(ids.eni, att.networkInterfaceIds[i]), zone: subnet < 0 ? -1 : subnets.get(subnet, SubnetField.Zone) };
    });
    options.sort((a, b) => a.zone - b.zone);
    atts.set(r, TgwAttachmentField.SubnetStart, places.count);
    for (const o of options) {
      const p = places.add();
      places.set(p, TgwAttachmentSubnetField.Subnet, o.subnet);
      places.set(p, TgwAttachmentSubnetField.Eni, o.eni);
      places.set(p, TgwAttachmentSubnetField.Zone, o.zone);
    }
    atts.set(r, TgwAttachmentField.SubnetCount, options.length);
    if (att.resourceType === 'vpn' || att.resourceType === 'direct-connect-gateway') {
      // TGW-3: where the attachment reaches on premises; HYB-5: a VPN with no tunnel up.
      const ix = networkIndex(t);
      const list = onPremisesPathsOfTgwAttachment(ix, att.id);
      const vpn = att.resourceType === 'vpn' ? ix.vpnConnections.get(att.resourceId) : undefined;
      atts.set(r, TgwAttachmentField.VpnDown, vpn && !vpnIsUp(vpn) ? 1 : 0);
      atts.set(r, TgwAttachmentField.PathStart, paths.count);
      writePaths(ctx, paths, list);
      atts.set(r, TgwAttachmentField.PathCount, list.length);
    }
  }
}

/** The prefix lengths of every VPC CIDR block of `t`, per family (what PrefixOverlapSet is asked about). */
function vpcCidrLengths(t: Topology): Record<Family, number[]> {
  const lengths = { 4: new Set<number>(), 6: new Set<number>() };
  for (const vpc of t.vpcs) for (const c of [...vpc.cidrBlocks, ...vpc.ipv6CidrBlocks]) lengths[c.family].add(c.len);
  return { 4: [...lengths[4]], 6: [...lengths[6]] };
}

/**
 * Prefixes added so far, answering "does this prefix overlap one of them" (prefixesOverlap) with a
 * few set lookups instead of a scan: a shared route table propagating 3,000 VPCs made the scan
 * quadratic. Two prefixes overlap only when one covers the other, and a covering prefix has the
 * other's network bits at its own length: so it is enough to key each prefix by its network at each
 * of `lengths` (every length added or asked about, per family).
 */
export class PrefixOverlapSet {
  /** networkKey(p, p.len) of each prefix added. */
  private readonly own = new Set<string>();
  /** networkKey(p, len) of each prefix added, for each of `lengths` up to its own. */
  private readonly within = new Set<string>();

  constructor(private readonly lengths: Record<Family, readonly number[]>) {}

  add(p: Prefix): void {
    this.own.add(networkKey(p, p.len));
    for (const len of this.lengths[p.family]) if (len <= p.len) this.within.add(networkKey(p, len));
  }

  overlaps(c: Prefix): boolean {
    // c covers (or equals) a prefix added.
    if (this.within.has(networkKey(c, c.len))) return true;
    // A prefix added covers c.
    for (const len of this.lengths[c.family]) if (len <= c.len && this.own.has(networkKey(c, len))) return true;
    return false;
  }
}

/** The reference's tgwRoutesOf: static routes, then propagations in attachment id order. */
function candidates(ctx: CompileContext, table: TransitGatewayRouteTable): Candidate[] {
  const { t, ids } = ctx;
  const out: Candidate[] = table.routes.map((r, i) => ({
    prefix: r.destination,
    attachmentId: r.attachmentId ?? '',
    attachment: denseOr(ids.tgwAttachment, r.attachmentId),
    blackhole: r.blackhole,
    origin: TgwRouteOrigin.Static,
    modelIndex: i,
    info: 0,
    connection: NONE,
    losers: [],
  }));
  const propagated = new PrefixOverlapSet(vpcCidrLengths(t));
  for (const attId of [...table.propagationAttachmentIds].sort()) {
    const a = denseOr(ids.tgwAttachment, attId);
    if (a < 0) continue;
    const att = t.transitGatewayAttachments[a]!;
    if (att.resourceType === 'vpc') {
      const v = denseOr(ids.vpc, att.resourceId);
      const vpc = v < 0 ? undefined : t.vpcs[v]!;
      const cidrs = vpc ? [...vpc.cidrBlocks, ...vpc.ipv6CidrBlocks] : [];
      // TGW-8: a VPC overlapping an already-propagated VPC CIDR does not propagate.
      if (cidrs.some((c) => propagated.overlaps(c))) continue;
      for (const c of cidrs) propagated.add(c);
      for (const c of cidrs) out.push({ prefix: c, attachmentId: att.id, attachment: a, blackhole: false, origin: TgwRouteOrigin.Vpc, modelIndex: NONE, info: 0, connection: NONE, losers: [] });
    } else if (att.resourceType === 'vpn' || att.resourceType === 'direct-connect-gateway') {
      // TGW-3: the on-premises prefixes of the VPN connection / DX gateway, while they are up (HYB-5/11).
      for (const path of onPremisesPathsOfTgwAttachment(networkIndex(t), att.id)) {
        out.push({ prefix: path.prefix, attachmentId: att.id, attachment: a, blackhole: false, origin: path.via === 'dx' ? TgwRouteOrigin.DirectConnect : TgwRouteOrigin.Vpn, modelIndex: NONE, info: 0, connection: denseOr(ids.onPremConnection, path.connectionId), losers: [] });
      }
    }
    // TGW-7: nothing propagates across peering attachments.
  }
  return out;
}

/**
 * TGW-5 then C-4: one winner per (family, prefix), with its informational codes: another route with the
 * same prefix lost (TGW_RTB_HIGHER_PRIORITY_ROUTE), a shorter one covers it (TGW_RTB_MORE_SPECIFIC_ROUTE).
 * Both depend only on the table: any route matching an address the winner matches either has the same
 * prefix or covers the winner's.
 */
function resolvePriority(all: Candidate[]): Candidate[] {
  const byPrefix = new Map<string, Candidate[]>();
  for (const c of all) {
    const key = networkKey(c.prefix, c.prefix.len);
    const list = byPrefix.get(key);
    if (list) list.push(c);
    else byPrefix.set(key, [c]);
  }
  const better = (a: Candidate, b: Candidate) => a.origin < b.origin || (a.origin === b.origin && a.attachmentId < b.attachmentId);
  const best = new Map<string, Candidate>();
  for (const [key, list] of byPrefix) {
    // Stable: equal candidates keep input order, the first of them wins.
    const ranked = [...list].sort((a, b) => (better(a, b) ? -1 : better(b, a) ? 1 : 0));
    const winner = ranked[0]!;
    winner.losers = ranked.slice(1);
    if (winner.losers.length > 0) winner.info |= RouteInfo.HigherPriority;
    best.set(key, winner);
  }
  const winners = [...best.values()];
  const lengths = { 4: new Set<number>(), 6: new Set<number>() };
  for (const w of winners) lengths[w.prefix.family].add(w.prefix.len);
  for (const w of winners) {
    for (const len of lengths[w.prefix.family]) {
      if (len < w.prefix.len && best.has(networkKey(w.prefix, len))) {
        w.info |= RouteInfo.MoreSpecific;
        break;
      }
    }
  }
  return winners;
}
