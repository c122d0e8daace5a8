// Security groups and their rules (SG-1..SG-3). Group references become dense group ids, which the
// walk looks up in the group's address index (SG-4), or tests against the flow's origin by the group's
// bit in its flags; prefix lists become dense list ids.
import type { SecurityGroupRule } from '../model/types.js';
import { setPrefix } from './address.js';
import { denseOr, type CompileContext } from './context.js';
import { ENI_GROUP_BIT_SHIFT, ENI_GROUP_SLOTS, Section } from '../../abi/image.js';
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
  writePeerBits(ctx);
}

/**
 * SG-4: each group some rule names as a peer gets a bit among its VPC's (the first ENI_GROUP_SLOTS such
 * groups by dense id), which the ENIs carrying it set in their flags (interfaces.ts); a group peer rule
 * records the group's VPC and bit (SgRuleField.PeerVpc / PeerBit), so the walk can tell whether an ENI
 * of that VPC carries the group without the address index.
 */
function writePeerBits(ctx: CompileContext): void {
  const groups = ctx.sections[Section.SecurityGroup]!;
  const rules = ctx.sections[Section.SgRule]!;
  const referenced = new Uint8Array(groups.count);
  for (let r = 0; r < rules.count; r++) {
    const g = rules.get(r, SgRuleField.PeerRef);
    if (rules.get(r, SgRuleField.PeerKind) === SgPeerKind.SecurityGroup && g >= 0) referenced[g] = 1;
  }
  const bits = new Int32Array(groups.count);
  const used = new Map<number, number>();
  for (let g = 0; g < groups.count; g++) {
    if (!referenced[g]) continue;
    const v = groups.get(g, SecurityGroupField.Vpc);
    const slot = used.get(v) ?? 0;
    if (slot >= ENI_GROUP_SLOTS) continue;
    used.set(v, slot + 1);
    bits[g] = 1 << (ENI_GROUP_BIT_SHIFT + slot);
  }
  for (let r = 0; r < rules.count; r++) {
    const g = rules.get(r, SgRuleField.PeerRef);
    if (rules.get(r, SgRuleField.PeerKind) !== SgPeerKind.SecurityGroup || g < 0) continue;
    rules.set(r, SgRuleField.PeerVpc, groups.get(g, SecurityGroupField.Vpc));
    rules.set(r, SgRuleField.PeerBit, bits[g]!);
  }
  ctx.groupBits = bits;
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
