// Egress rules with a meaning of their own in templates: the allow-all rules a new group gets (SG-10)
// and the rule that matches nothing, which is how templates say "no egress at all" (a group's egress
// cannot be an empty list in CloudFormation: an empty list means the default, SG-10).
import { parsePrefix } from './ip.js';
import { securityGroupRule } from './shapes.js';
import type { SecurityGroupRule } from './types.js';

/** SG-10: the rules CloudFormation adds to a group that lists no egress rule (all IPv4, all IPv6). */
export function allowAllEgress(): SecurityGroupRule[] {
  return [
    securityGroupRule(-1, -1, -1, { kind: 'cidr', prefix: parsePrefix('0.0.0.0/0') }),
    securityGroupRule(-1, -1, -1, { kind: 'cidr', prefix: parsePrefix('::/0') }),
  ];
}

/** An all-protocols rule to 0.0.0.0/0 or ::/0: the default egress rule, which EC2 cannot tell from one written like it. */
export function isAllowAllRule(rule: SecurityGroupRule): boolean {
  return rule.protocol === -1 && rule.peer.kind === 'cidr' && rule.peer.prefix.len === 0;
}

/**
 * The egress rule AWS CDK writes for `allowAllOutbound: false`: ICMP type 252 code 86 to
 * 255.255.255.255/32. No interface holds the limited broadcast address and no ICMP message has that
 * type, so the rule matches nothing; it exists only to replace the default allow-all rule.
 */
export const MATCH_NO_TRAFFIC = { IpProtocol: 'icmp', FromPort: 252, ToPort: 86, CidrIp: '255.255.255.255/32', Description: 'Disallow all traffic' } as const;

export function isMatchNoTrafficRule(rule: SecurityGroupRule): boolean {
  return (
    rule.protocol === 1 &&
    rule.fromPort === MATCH_NO_TRAFFIC.FromPort &&
    rule.toPort === MATCH_NO_TRAFFIC.ToPort &&
    rule.peer.kind === 'cidr' &&
    rule.peer.prefix.text === MATCH_NO_TRAFFIC.CidrIp
  );
}
