// The facts the walk's one pass over a flow inside a VPC reads per ENI (assembly/walk-local.ts), made
// once every section they summarise is written (after the ENIs, route tables and network ACLs).
import { EniField, EniFlag, EniKind, NACL_INTRA_VPC4, NaclField, Section, SubnetField } from '../../abi/image.js';
import { RouteTableField } from '../../abi/image-routes.js';
import type { CompileContext } from './context.js';

/**
 * EniFlag.IntraVpc4 on each ENI that is an instance's sole ENI or an interface ENI, not stopped, holding one
 * private IPv4 address (its primary, not 0), in a subnet whose network ACL holds NACL_INTRA_VPC4 and whose
 * route table is LocalInside.
 */
export function compileLocalFacts(ctx: CompileContext): void {
  const enis = ctx.sections[Section.Eni]!;
  const subnets = ctx.sections[Section.Subnet]!;
  const tables = ctx.sections[Section.RouteTable]!;
  const nacls = ctx.sections[Section.Nacl]!;
  for (let r = 0; r < enis.count; r++) {
    const kind = enis.get(r, EniField.Kind);
    const flags = enis.get(r, EniField.Flags);
    if (kind === EniKind.Instance ? !(flags & EniFlag.SoleOfInstance) : kind !== EniKind.Interface) continue;
    if (flags & (EniFlag.Stopped | EniFlag.MoreIp4) || enis.get(r, EniField.PrimaryIp4) === 0) continue;
    const s = enis.get(r, EniField.Subnet);
    if (s < 0) continue;
    const acl = subnets.get(s, SubnetField.Nacl);
    const rt = subnets.get(s, SubnetField.RouteTable);
    if (acl < 0 || !(nacls.get(acl, NaclField.Open) & NACL_INTRA_VPC4)) continue;
    if (rt < 0 || tables.get(rt, RouteTableField.LocalInside) !== 1) continue;
    enis.set(r, EniField.Flags, flags | EniFlag.IntraVpc4);
  }
}
