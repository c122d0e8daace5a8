// SG-2: what traffic a security group rule covers. Its FromPort/ToPort are a port range for TCP and
// UDP, and the ICMP type and code for ICMP/ICMPv6 (-1 = any); other protocols have neither.
import { hasPorts, isIcmp } from './protocols.js';
import type { SecurityGroupRule } from './types.js';

export function securityGroupRuleTraffic(rule: SecurityGroupRule): { ports?: { from: number; to: number }; icmp?: { type: number; code: number } } {
  if (hasPorts(rule.protocol)) return { ports: { from: rule.fromPort, to: rule.toPort } };
  if (isIcmp(rule.protocol)) return { icmp: { type: rule.fromPort, code: rule.toPort } };
  return {};
}
