// AWS::EC2::SecurityGroup, SecurityGroupIngress, SecurityGroupEgress (SG-3, SG-10, SG-11).
import { allowAllEgress, isAllowAllRule, isMatchNoTrafficRule } from '../../../model/security-group-egress.js';
import { securityGroupRule } from '../../../model/shapes.js';
import type { SecurityGroupPeer, SecurityGroupRule } from '../../../model/types.js';
import type { ResourceKind } from '../kind.js';
import type { PropertyReader } from '../properties.js';
import { parseProtocol } from './protocol.js';

/** One rule from the shared shape of inline rules and SecurityGroupIngress/Egress resources. */
function readRule(p: PropertyReader, direction: 'ingress' | 'egress', logicalId?: string): SecurityGroupRule {
  const peerProps =
    direction === 'ingress'
      ? (['CidrIp', 'CidrIpv6', 'SourceSecurityGroupId', 'SourcePrefixListId'] as const)
      : (['CidrIp', 'CidrIpv6', 'DestinationSecurityGroupId', 'DestinationPrefixListId'] as const);
  const given = peerProps.filter((k) => p.has(k));
  if (given.length !== 1) {
    const name = direction === 'ingress' ? 'SourceSecurityGroupName' : '';
    if (name && p.has(name)) throw p.error(name, 'group names are EC2-Classic/default-VPC only; use SourceSecurityGroupId');
    throw p.error(given[1] ?? peerProps[0], `exactly one of ${peerProps.join(', ')} is required`);
  }
  const key = given[0]!;
  let peer: SecurityGroupPeer;
  if (key === 'CidrIp' || key === 'CidrIpv6') {
    const prefix = p.prefix(key);
    if ((key === 'CidrIp') !== (prefix.family === 4)) throw p.error(key, `${prefix.text} is the wrong address family`);
    peer = { kind: 'cidr', prefix };
  } else if (key.endsWith('SecurityGroupId')) peer = { kind: 'security-group', groupId: p.string(key) };
  else peer = { kind: 'prefix-list', prefixListId: p.string(key) };

  const protocol = parseProtocol(p.string('IpProtocol'), (d) => p.error('IpProtocol', d));
  let fromPort = -1;
  let toPort = -1;
  if (protocol === 6 || protocol === 17 || protocol === 1 || protocol === 58) {
    // TCP/UDP: port range; ICMP: FromPort = type, ToPort = code (-1 = any) (NACL-7 via SG-2).
    fromPort = p.int('FromPort', protocol === 1 || protocol === 58 ? -1 : undefined);
    toPort = p.int('ToPort', protocol === 1 || protocol === 58 ? -1 : undefined);
  }
  const description = p.optString('Description');
  return securityGroupRule(protocol, fromPort, toPort, peer, description ? description : undefined, logicalId);
}

export const securityGroup: ResourceKind = {
  type: 'AWS::EC2::SecurityGroup',
  idPrefix: 'sg',
  phase: 30,
  attributes: {
    GroupId: (r) => r.physicalId,
    Id: (r) => r.physicalId,
    VpcId: (r) => r.props().VpcId ?? null,
  },
  map(ctx) {
    if (!ctx.props.has('VpcId')) throw ctx.error('VpcId', 'is required (vpcsim has no default VPC)');
    const v = ctx.ref('vpcs', 'VpcId');
    const ingress = ctx.props.objects('SecurityGroupIngress').map((r) => readRule(r, 'ingress'));
    // SG-10: "The default rule is removed only when you specify one or more egress rules": an absent or
    // empty SecurityGroupEgress keeps allow-all IPv4 and IPv6. A rule that matches nothing (CDK's
    // allowAllOutbound: false) counts as specified, and is then left out: the group has no egress.
    const listed = ctx.props.objects('SecurityGroupEgress').map((r) => readRule(r, 'egress'));
    const egress = listed.length > 0 ? listed.filter((r) => !isMatchNoTrafficRule(r)) : allowAllEgress();
    ctx.objects.add('securityGroups', {
      id: ctx.id,
      logicalId: ctx.logicalId,
      name: ctx.name,
      ...ctx.otherTags,
      vpcId: v.id,
      groupName: ctx.props.optString('GroupName') ?? `${ctx.template.stackName}-${ctx.logicalId}`,
      isDefault: false,
      ingress,
      egress,
    });
  },
};

function standaloneRule(type: string, direction: 'ingress' | 'egress'): ResourceKind {
  return {
    type,
    idPrefix: 'sgr',
    phase: 40,
    map(ctx) {
      if (!ctx.props.has('GroupId')) throw ctx.error('GroupId', 'is required (GroupName is EC2-Classic/default-VPC only)');
      const group = ctx.ref('securityGroups', 'GroupId');
      const rule = readRule(ctx.props, direction, ctx.logicalId);
      // SG-11: a standalone egress rule removes the group's allow-all egress rules (the default, or the
      // same rule written inline: EC2 cannot tell them apart); rules added by other standalone resources
      // stay, so the result does not depend on the order CloudFormation creates them in.
      if (direction === 'egress') group.egress = group.egress.filter((r) => r.logicalId !== undefined || !isAllowAllRule(r));
      if (direction === 'ingress' || !isMatchNoTrafficRule(rule)) group[direction].push(rule);
    },
  };
}

export const securityGroupIngress = standaloneRule('AWS::EC2::SecurityGroupIngress', 'ingress');
export const securityGroupEgress = standaloneRule('AWS::EC2::SecurityGroupEgress', 'egress');
