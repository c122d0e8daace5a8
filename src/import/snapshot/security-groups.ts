// describe-security-groups: `SecurityGroups[]`. Each IpPermissions entry lists several peers (IPv4, IPv6,
// prefix lists, groups); the model holds one rule per peer (SG-3). The group named `default` is its
// VPC's default security group (SG-8).
import { isMatchNoTrafficRule } from '../../model/security-group-egress.js';
import type { SecurityGroupRule } from '../../model/types.js';
import type { SnapshotKeyReader } from './context.js';
import type { Fields } from './fields.js';
import { protocolNumber } from './protocols.js';

function readPermission(p: Fields): SecurityGroupRule[] {
  const protocol = protocolNumber(p, 'IpProtocol');
  // TCP/UDP rules have a port range (AuthorizeSecurityGroupIngress refuses one without, as templates do);
  // ICMP without type/code means any (-1), as does protocol -1.
  const tcpUdp = protocol === 6 || protocol === 17;
  if (tcpUdp) for (const field of ['FromPort', 'ToPort']) if (!p.has(field)) throw p.error(field, `is required for protocol ${protocol} (${protocol === 6 ? 'tcp' : 'udp'})`);
  const fromPort = p.optInt('FromPort') ?? -1;
  const toPort = p.optInt('ToPort') ?? -1;
  const base = { protocol, fromPort, toPort };
  const rules: SecurityGroupRule[] = [];
  const push = (rule: SecurityGroupRule, description: string | undefined): void => {
    if (description) rule.description = description;
    rules.push(rule);
  };
  for (const r of p.list('IpRanges')) push({ ...base, peer: { kind: 'cidr', prefix: r.prefixOf('CidrIp', 4) } }, r.optStr('Description'));
  for (const r of p.list('Ipv6Ranges')) push({ ...base, peer: { kind: 'cidr', prefix: r.prefixOf('CidrIpv6', 6) } }, r.optStr('Description'));
  for (const r of p.list('PrefixListIds')) push({ ...base, peer: { kind: 'prefix-list', prefixListId: r.str('PrefixListId') } }, r.optStr('Description'));
  for (const r of p.list('UserIdGroupPairs')) push({ ...base, peer: { kind: 'security-group', groupId: r.str('GroupId') } }, r.optStr('Description'));
  return rules;
}

export const securityGroups: SnapshotKeyReader = {
  key: 'SecurityGroups',
  resourceType: 'SecurityGroup',
  idField: 'GroupId',
  read(f, ctx) {
    const id = f.str('GroupId');
    ctx.noteOwner(f);
    const groupName = f.str('GroupName');
    ctx.add('securityGroups', {
      id,
      logicalId: id,
      name: f.nameTag(),
      ...f.otherTags(),
      vpcId: f.str('VpcId'),
      groupName,
      isDefault: groupName === 'default',
      ingress: f.list('IpPermissions').flatMap(readPermission),
      // The rule that matches nothing stands for "no egress" (CDK's allowAllOutbound: false), as in templates.
      egress: f.list('IpPermissionsEgress').flatMap(readPermission).filter((r) => !isMatchNoTrafficRule(r)),
    }, f);
  },
  finish(ctx) {
    for (const sg of ctx.all('securityGroups')) {
      const vpc = ctx.get('vpcs', sg.vpcId);
      if (sg.isDefault && vpc) vpc.defaultSecurityGroupId = sg.id;
    }
  },
};
