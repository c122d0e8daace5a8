// Security group rules (SEMANTICS §4): protocol/ports (SG-2), peers that exist (SG-3), and
// references to groups of other VPCs only across a same-Region peering (SG-5) or, for inbound
// rules, a transit gateway both VPCs are attached to (SG-6).
import type { SecurityGroup, SecurityGroupRule } from '../types.js';
import { fail, subjectOf, type Subject, type ValidationContext } from './context.js';
import { checkIcmp, checkPortRange, checkProtocol, ICMP, ICMPV6, TCP, UDP } from './protocol.js';

export function checkSecurityGroup(ctx: ValidationContext): (sg: SecurityGroup) => void {
  return (sg) => {
    const s = subjectOf('securityGroups', sg);
    ctx.require(s, 'VpcId', 'vpcs', sg.vpcId);
    sg.ingress.forEach((rule, i) => checkRule(ctx, s, sg, rule, 'SecurityGroupIngress', i));
    sg.egress.forEach((rule, i) => checkRule(ctx, s, sg, rule, 'SecurityGroupEgress', i));
  };
}

function checkRule(ctx: ValidationContext, groupSubject: Subject, sg: SecurityGroup, rule: SecurityGroupRule, list: 'SecurityGroupIngress' | 'SecurityGroupEgress', index: number): void {
  const s = rule.logicalId ? { type: `AWS::EC2::${list}`, logicalId: rule.logicalId } : groupSubject;
  const what = rule.logicalId ? '' : `${list}[${index}]: `;
  checkProtocol(s, what, rule.protocol);
  if (rule.protocol === TCP || rule.protocol === UDP) checkPortRange(s, what, rule.fromPort, rule.toPort);
  if (rule.protocol === ICMP || rule.protocol === ICMPV6) checkIcmp(s, what, rule.fromPort, rule.toPort, 'FromPort', 'ToPort');

  const peer = rule.peer;
  if (peer.kind === 'prefix-list') {
    const field = list === 'SecurityGroupIngress' ? 'SourcePrefixListId' : 'DestinationPrefixListId';
    ctx.require(s, field, 'prefixLists', peer.prefixListId);
  } else if (peer.kind === 'security-group') {
    const field = list === 'SecurityGroupIngress' ? 'SourceSecurityGroupId' : 'DestinationSecurityGroupId';
    const other = ctx.require(s, field, 'securityGroups', peer.groupId);
    if (other.vpcId !== sg.vpcId) checkCrossVpcReference(ctx, s, what, field, sg, other, list === 'SecurityGroupIngress');
  }
}

function checkCrossVpcReference(ctx: ValidationContext, s: Subject, what: string, field: string, sg: SecurityGroup, other: SecurityGroup, inbound: boolean): void {
  const pair = (a: string, b: string): boolean => (a === sg.vpcId && b === other.vpcId) || (a === other.vpcId && b === sg.vpcId);
  const peerings = ctx.t.vpcPeeringConnections.filter((p) => pair(p.requesterVpcId, p.accepterVpcId));
  const sameRegion = (r?: string): boolean => r === undefined || r === ctx.t.region;
  if (peerings.some((p) => sameRegion(p.requesterRegion) && sameRegion(p.accepterRegion))) return;
  const ref = `${field} ${ctx.label(other.id)} is in ${ctx.label(other.vpcId)}`;
  if (peerings.length > 0) {
    fail(s, field, `${what}${ref}, peered with ${ctx.label(sg.vpcId)} across Regions only; security groups can be referenced across a same-Region peering only (SG-5)`, 'InvalidGroup.NotFound');
  }
  const attachedVpcs = (tgwId: string): Set<string> =>
    new Set(ctx.t.transitGatewayAttachments.filter((a) => a.transitGatewayId === tgwId && a.resourceType === 'vpc').map((a) => a.resourceId));
  const sharedTgw = ctx.t.transitGateways.some((tgw) => {
    const vpcs = attachedVpcs(tgw.id);
    return vpcs.has(sg.vpcId) && vpcs.has(other.vpcId);
  });
  if (sharedTgw && inbound) return;
  if (sharedTgw) {
    fail(s, field, `${what}${ref}: across a transit gateway a security group can be referenced in inbound rules only (SG-6)`, 'InvalidGroup.NotFound');
  }
  fail(s, field, `${what}${ref}, which is neither peered with ${ctx.label(sg.vpcId)} nor attached to a transit gateway with it (SG-5)`, 'InvalidGroup.NotFound');
}
