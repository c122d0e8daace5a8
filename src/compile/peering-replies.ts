// PeeringField.ReplyRoutes4 (image version 22): per VPC peering connection and side, whether every
// subnet's route table of that VPC sends each IPv4 address of the other VPC's CIDRs over this connection
// (assembly/walk-reply.ts peeringReply then needs no route lookup for a response on its way back). After
// the gateways stage: it reads the VPC CIDRs, subnets, route tables and peering connections as compiled.
import type { CompileContext } from './context.js';
import { PrefixField, Section, SubnetField, VpcCidrField, VpcField } from '../../abi/image.js';
import { RouteField, RouteTableField, RouteTarget } from '../../abi/image-routes.js';
import { PEERING_REPLY_ACCEPTER, PEERING_REPLY_REQUESTER, PeeringField } from '../../abi/image-gateways.js';

/**
 * Each connection's ReplyRoutes4: PEERING_REPLY_REQUESTER when every subnet of the requester VPC has a
 * route table in which, for each IPv4 CIDR of the accepter VPC, the longest route holding the whole CIDR
 * is a route to this connection that is not a blackhole and no route lies inside the CIDR (RT-3, RT-10:
 * every address of the CIDR takes it); PEERING_REPLY_ACCEPTER the same the other way. Routes learned over
 * a connection never target a peering connection, so a down set (HYB-6) changes nothing here.
 */
export function compilePeeringReplies(ctx: CompileContext): void {
  const peerings = ctx.sections[Section.Peering]!;
  const vpcs = ctx.sections[Section.Vpc]!;
  const cidrs = ctx.sections[Section.VpcCidr]!;
  const subnets = ctx.sections[Section.Subnet]!;
  const tables = ctx.sections[Section.RouteTable]!;
  const routes = ctx.sections[Section.Route]!;
  const subnetsOf: number[][] = Array.from({ length: vpcs.count }, () => []);
  for (let s = 0; s < subnets.count; s++) {
    const v = subnets.get(s, SubnetField.Vpc);
    if (v >= 0) subnetsOf[v]!.push(s);
  }
  /** The IPv4 CIDRs of VPC `v`, as [network, length]. */
  const cidrs4 = (v: number): Array<[number, number]> => {
    const out: Array<[number, number]> = [];
    const start = vpcs.get(v, VpcField.CidrStart);
    for (let c = start; c < start + vpcs.get(v, VpcField.CidrCount); c++) {
      if (cidrs.get(c, VpcCidrField.Prefix + PrefixField.Family) !== 4) continue;
      out.push([cidrs.get(c, VpcCidrField.Prefix + PrefixField.W0) >>> 0, cidrs.get(c, VpcCidrField.Prefix + PrefixField.Len)]);
    }
    return out;
  };
  /** Prefix (a, alen) holds prefix (b, blen). */
  const holds = (a: number, alen: number, b: number, blen: number): boolean => alen <= blen && (alen === 0 || ((a ^ b) >>> (32 - alen)) === 0);
  /** Route table `rt` sends every address of each CIDR over connection `pcx`. */
  const routesOver = (rt: number, pcx: number, blocks: Array<[number, number]>): boolean => {
    if (rt < 0) return false;
    const start = tables.get(rt, RouteTableField.Route4Start);
    const end = start + tables.get(rt, RouteTableField.Route4Count);
    for (const [net, len] of blocks) {
      let best = -1;
      let bestLen = -1;
      for (let r = start; r < end; r++) {
        const rnet = routes.get(r, RouteField.Prefix + PrefixField.W0) >>> 0;
        const rlen = routes.get(r, RouteField.Prefix + PrefixField.Len);
        if (rlen > len && holds(net, len, rnet, rlen)) return false;
        if (holds(rnet, rlen, net, len) && rlen > bestLen) {
          best = r;
          bestLen = rlen;
        }
      }
      if (best < 0 || routes.get(best, RouteField.Blackhole) || routes.get(best, RouteField.Target) !== RouteTarget.Peering || routes.get(best, RouteField.TargetRef) !== pcx) return false;
    }
    return true;
  };
  /** Every subnet of VPC `v` sends VPC `other`'s IPv4 CIDRs over `pcx` (each table looked at once: subnets share them). */
  const sideRoutes = (v: number, other: number, pcx: number): boolean => {
    const blocks = cidrs4(other);
    if (blocks.length === 0 || subnetsOf[v]!.length === 0) return false;
    const seen = new Map<number, boolean>();
    return subnetsOf[v]!.every((s) => {
      const rt = subnets.get(s, SubnetField.RouteTable);
      let yes = seen.get(rt);
      if (yes === undefined) seen.set(rt, (yes = routesOver(rt, pcx, blocks)));
      return yes;
    });
  };
  for (let p = 0; p < peerings.count; p++) {
    const requester = peerings.get(p, PeeringField.RequesterVpc);
    const accepter = peerings.get(p, PeeringField.AccepterVpc);
    let bits = 0;
    if (requester >= 0 && accepter >= 0 && requester !== accepter) {
      if (sideRoutes(requester, accepter, p)) bits |= PEERING_REPLY_REQUESTER;
      if (sideRoutes(accepter, requester, p)) bits |= PEERING_REPLY_ACCEPTER;
    }
    peerings.set(p, PeeringField.ReplyRoutes4, bits);
  }
}
