// Security group rules (SG-1..SG-3). A group given no egress rule gets the allow-all egress rules a
// new group has (SG-10: all IPv4 and all IPv6); naming any egress rule replaces them.
import { parsePrefix } from '../model/ip.js';
import type { SecurityGroup, SecurityGroupRule } from '../model/types.js';
import type { BuildContext, Site } from './context.js';
import { securityGroupRule, type SecurityGroupRuleSpec } from './rules.js';

export const ALLOW_ALL_EGRESS: readonly SecurityGroupRule[] = [
  { protocol: -1, fromPort: -1, toPort: -1, peer: { kind: 'cidr', prefix: parsePrefix('0.0.0.0/0') } },
  { protocol: -1, fromPort: -1, toPort: -1, peer: { kind: 'cidr', prefix: parsePrefix('::/0') } },
];

export class SecurityGroupBuilder {
  private explicitEgress = false;

  constructor(
    private readonly ctx: BuildContext,
    readonly group: SecurityGroup,
  ) {
    group.egress.push(...ALLOW_ALL_EGRESS.map((r) => ({ ...r })));
  }

  ingress(spec: SecurityGroupRuleSpec): this {
    this.group.ingress.push(securityGroupRule(this.ctx, spec, this.site('SecurityGroupIngress')));
    return this;
  }

  egress(spec: SecurityGroupRuleSpec): this {
    if (!this.explicitEgress) {
      this.explicitEgress = true;
      this.group.egress.length = 0;
    }
    this.group.egress.push(securityGroupRule(this.ctx, spec, this.site('SecurityGroupEgress')));
    return this;
  }

  /**
   * No egress at all: removes the allow-all default without adding a rule (AWS CDK's
   * `allowAllOutbound: false`). Responses to allowed inbound traffic still leave (SG-7).
   */
  noEgress(): this {
    this.explicitEgress = true;
    this.group.egress.length = 0;
    return this;
  }

  private site(field: string): Site {
    return { kind: 'securityGroup', logicalId: this.group.logicalId, field };
  }
}
