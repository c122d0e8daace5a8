// VPC records: the main route table (RT-1), the attached gateways, and the CIDR blocks (RT-2's
// local routes and PCX-3's "address inside the receiving VPC" both read them).
import { setPrefix } from './address.js';
import { denseOr, type CompileContext } from './context.js';
import { Section, VpcCidrField, VpcField } from '../../abi/image.js';
import { NONE } from '../../abi/version.js';

export function compileVpcs(ctx: CompileContext): void {
  const { t, ids } = ctx;
  const vpcs = ctx.sections[Section.Vpc]!;
  const cidrs = ctx.sections[Section.VpcCidr]!;
  const igwOf = firstByVpc(t.internetGateways, ids.internetGateway);
  const eigwOf = firstByVpc(t.egressOnlyInternetGateways, ids.egressOnlyInternetGateway);
  t.vpcs.forEach((vpc, v) => {
    const r = vpcs.add();
    vpcs.set(r, VpcField.MainRouteTable, denseOr(ids.routeTable, vpc.mainRouteTableId));
    vpcs.set(r, VpcField.InternetGateway, igwOf.get(vpc.id) ?? NONE);
    vpcs.set(r, VpcField.EgressOnlyInternetGateway, eigwOf.get(vpc.id) ?? NONE);
    vpcs.set(r, VpcField.CidrStart, cidrs.count);
    for (const block of [...vpc.cidrBlocks, ...vpc.ipv6CidrBlocks]) {
      const c = cidrs.add();
      cidrs.set(c, VpcCidrField.Vpc, v);
      setPrefix(cidrs, c, VpcCidrField.Prefix, block);
    }
    vpcs.set(r, VpcField.CidrCount, cidrs.count - vpcs.get(r, VpcField.CidrStart));
  });
}

/** GW-1: one gateway per VPC; should input hold two, the first in model order is used. */
function firstByVpc(gateways: { id: string; vpcId?: string }[], dense: Map<string, number>): Map<string, number> {
  const first = new Map<string, number>();
  for (const g of gateways) {
    if (g.vpcId && !first.has(g.vpcId)) first.set(g.vpcId, dense.get(g.id)!);
  }
  return first;
}
