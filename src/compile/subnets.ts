// Subnet records: VPC, zone, and the one route table (RT-1) and one network ACL (NACL-1) that
// apply, explicit association first, else the VPC's main table / default ACL. The association rules
// are model/lookup.ts's, the same the reference walk reads.
import { mask4, setPrefix } from './address.js';
import { denseOr, type CompileContext } from './context.js';
import { Section, SubnetField } from '../../abi/image.js';

export function compileSubnets(ctx: CompileContext): void {
  const { t, ids, lookup } = ctx;
  const table = ctx.sections[Section.Subnet]!;
  for (const subnet of t.subnets) {
    const r = table.add();
    table.set(r, SubnetField.Vpc, denseOr(ids.vpc, subnet.vpcId));
    table.set(r, SubnetField.Zone, denseOr(ids.zone, subnet.availabilityZone));
    table.set(r, SubnetField.RouteTable, denseOr(ids.routeTable, lookup.routeTableForSubnet(subnet.id)?.id));
    table.set(r, SubnetField.Nacl, denseOr(ids.nacl, lookup.networkAclForSubnet(subnet.id)?.id));
    setPrefix(table, r, SubnetField.Cidr4, subnet.cidrBlock);
    // RT-16's one test (SubnetField.Net4 / Mask4, in the IPv4 block's unused words): without a block, nothing matches.
    const four = subnet.cidrBlock?.family === 4 ? subnet.cidrBlock : undefined;
    table.set(r, SubnetField.Net4 + 1, four ? 0 : 1);
    table.set(r, SubnetField.Mask4, four ? mask4(four.len) : 0);
    table.set(r, SubnetField.Mask4 + 1, 1);
    setPrefix(table, r, SubnetField.Cidr6, subnet.ipv6CidrBlock);
  }
}
