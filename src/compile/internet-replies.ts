// Public4Field.ReplySubnet (image version 21): per public IPv4, whether the response of a flow from the
// internet to it is decided by the client's address alone (assembly/walk-reply.ts internetReply). After
// the gateways stage: it reads the ENIs, subnets, route tables and internet gateways as compiled.
import type { CompileContext } from './context.js';
import { EniDetailField, EniField, EniFlag, EniKind, PrefixField, Section, SubnetField } from '../../abi/image.js';
import { RouteField, RouteTableField, RouteTarget } from '../../abi/image-routes.js';
import { AddressScope, EniIp4Field, Public4Field } from '../../abi/image-addresses.js';
import { InternetGatewayField } from '../../abi/image-gateways.js';
import { NONE } from '../../abi/version.js';
import { NON_PUBLIC_IPV4 } from '../model/address-classes.js';

/**
 * Each used Public4 slot's ReplySubnet: the subnet of its ENI when, for every client address that is
 * public (ADDR-15), the response from its private address would find, as internetReply checks them one
 * by one: an instance or interface ENI (SG-16: groups, nothing behind it); no address of the ENI's host
 * (TRACE-15) equal to the client's (the ENI is its instance's only one, or no instance's, and holds
 * non-public addresses only); the client outside the subnet (RT-16: its IPv4 block is non-public); the
 * subnet's route table taking the 0.0.0.0/0 route to the internet gateway of the subnet's VPC (every
 * other IPv4 route non-public, not a blackhole: RT-3, RT-10); the
 * private address's first EniIp4 record with a public address (GW-2). Else NONE: the walk checks them.
 */
export function compilePublicReplies(ctx: CompileContext): void {
  const publics = ctx.sections[Section.Public4]!;
  const enis = ctx.sections[Section.Eni]!;
  const details = ctx.sections[Section.EniDetail]!;
  const ip4 = ctx.sections[Section.EniIp4]!;
  const subnets = ctx.sections[Section.Subnet]!;
  const tables = ctx.sections[Section.RouteTable]!;
  const routes = ctx.sections[Section.Route]!;
  const igws = ctx.sections[Section.InternetGateway]!;

  /** The IPv4 prefix (address word, length) lies inside one non-public range (each at least a /4). */
  const nonPublic = (word: number, len: number): boolean =>
    NON_PUBLIC_IPV4.some((r) => len >= r.prefix.len && (((word >>> 0) ^ Number(r.prefix.addr)) >>> (32 - r.prefix.len)) === 0);

  /** The internet gateway every public address takes in route table `rt` of VPC `v`, else false. */
  const publicRouteToIgw = (rt: number, v: number): boolean => {
    // Under a down set a table with routes learned over a connection is scanned (HYB-6), with the same
    // answer here: the 0/0 route to a gateway is static, so never withdrawn, and no other route holds the client.
    if (rt < 0) return false;
    const start = tables.get(rt, RouteTableField.Route4Start);
    const end = start + tables.get(rt, RouteTableField.Route4Count);
    let toIgw = false;
    for (let r = start; r < end; r++) {
      const len = routes.get(r, RouteField.Prefix + PrefixField.Len);
      if (len > 0) {
        if (!nonPublic(routes.get(r, RouteField.Prefix + PrefixField.W0), len)) return false;
        continue;
      }
      if (routes.get(r, RouteField.Blackhole) || routes.get(r, RouteField.Target) !== RouteTarget.InternetGateway) return false;
      const igw = routes.get(r, RouteField.TargetRef);
      toIgw = igw >= 0 && igws.get(igw, InternetGatewayField.Vpc) === v;
    }
    return toIgw;
  };

  const eniReplies = (e: number, privateWord: number): boolean => {
    const kind = enis.get(e, EniField.Kind);
    if (kind !== EniKind.Instance && kind !== EniKind.Interface) return false;
    if (details.get(e, EniDetailField.Owner) >= 0 && kind === EniKind.Instance && !(enis.get(e, EniField.Flags) & EniFlag.SoleOfInstance)) return false;
    const start = details.get(e, EniDetailField.Ip4Start);
    const end = start + details.get(e, EniDetailField.Ip4Count);
    let first = NONE;
    for (let a = start; a < end; a++) {
      const word = ip4.get(a, EniIp4Field.Private);
      if (!nonPublic(word, 32)) return false;
      if (first < 0 && word === privateWord) first = a;
    }
    if (first < 0 || !ip4.get(first, EniIp4Field.HasPublic)) return false;
    const s = enis.get(e, EniField.Subnet);
    if (s < 0) return false;
    if (subnets.get(s, SubnetField.Cidr4 + PrefixField.Family) === 4) {
      if (!nonPublic(subnets.get(s, SubnetField.Cidr4 + PrefixField.W0), subnets.get(s, SubnetField.Cidr4 + PrefixField.Len))) return false;
    }
    return publicRouteToIgw(subnets.get(s, SubnetField.RouteTable), subnets.get(s, SubnetField.Vpc));
  };

  for (let slot = 0; slot < publics.count; slot++) {
    const e = publics.get(slot, Public4Field.Eni);
    const reply = e !== AddressScope.Empty && eniReplies(e, publics.get(slot, Public4Field.Private));
    publics.set(slot, Public4Field.ReplySubnet, reply ? enis.get(e, EniField.Subnet) : NONE);
  }
}
