// Security groups and their rules (SG-1..SG-3). Group references become dense group ids, which the
// walk tests against each ENI's sorted group list (SG-4); prefix lists become dense list ids.
import type { SecurityGroupRule } from '../model/types.js';
import { setPrefix } from './address.js';
import { denseOr, type CompileContext } from './context.js';
import { Section } from '../../abi/image.js';
import { SecurityGroupField, SgPeerKind, SgRuleField } from '../../abi/image-security-groups.js';
import { NONE } from '../../abi/version.js';
import type { RecordTable } from './records.js';

export function compileSecurityGroups(ctx: CompileContext): void {
  const groups = ctx.sections[Section.SecurityGroup]!;
  const rules = ctx.sections[Section.SgRule]!;
  const list = ctx.t.securityGroups;
  // Plain loops, no closure per group (see compileNacls): groups and rules come in several shapes.
  for (let g = 0; g < list.length; g++) {
    const group = list[g]!;
    const r = groups.add();
    groups.set(r, SecurityGroupField.Vpc, denseOr(ctx.ids.vpc, group.vpcId));
    groups.set(r, SecurityGroupField.IngressStart, rules.count);
    for (let i = 0; i < group.ingress.length; i++) writeRule(ctx, rules, g, false, group.ingress[i]!, i);
    groups.set(r, SecurityGroupField.IngressCount, group.ingress.length);
    groups.set(r, SecurityGroupField.EgressStart, rules.count);
    for (let i = 0; i < group.egress.length; i++) writeRule(ctx, rules, g, true, group.egress[i]!, i);
    groups.set(r, SecurityGroupField.EgressCount, group.egress.length);
  }
}

function writeRule(
  ctx: CompileContext,
  rules: RecordTable,
  group: number,
  egress: boolean,
  rule: SecurityGroupRule,
  index: number,
): void {
  const r = rules.add();
  rules.set(r, SgRuleField.Group, group);
  rules.set(r, SgRuleField.Egress, egress ? 1 : 0);
  rules.set(r, SgRuleField.Protocol, rule.protocol);
  rules.set(r, SgRuleField.From, rule.fromPort);
  rules.set(r, SgRuleField.To, rule.toPort);
  rules.set(r, SgRuleField.ModelIndex, index);
  const peer = rule.peer;
  if (peer.kind === 'cidr') {
    rules.set(r, SgRuleField.PeerKind, SgPeerKind.Cidr);
    rules.set(r, SgRuleField.PeerRef, NONE);
    setPrefix(rules, r, SgRuleField.Prefix, peer.prefix);
  } else if (peer.kind === 'security-group') {
    rules.set(r, SgRuleField.PeerKind, SgPeerKind.SecurityGroup);
    rules.set(r, SgRuleField.PeerRef, denseOr(ctx.ids.securityGroup, peer.groupId));
  } else {
    rules.set(r, SgRuleField.PeerKind, SgPeerKind.PrefixList);
    rules.set(r, SgRuleField.PeerRef, denseOr(ctx.ids.prefixList, peer.prefixListId));
  }
}
