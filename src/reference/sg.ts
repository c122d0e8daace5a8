// Security group evaluation (SG-1..4): allow rules only; a packet passes if any rule of any group on
// the ENI allows it. Inbound rules match the source, outbound rules the destination.
import type { NetworkInterface, SecurityGroup, SecurityGroupRule } from '../model/types.js';
import { inPrefix } from './addresses.js';
import type { Flow } from './flow.js';
import type { NetworkIndex } from './network-index.js';
import { describeRuleTraffic, hasPorts, isIcmp, protocolAndPortsMatch } from './rule-match.js';

export interface SgDecision {
  allowed: boolean;
  /** SG-6: a group rule would have matched but the group may not be referenced across this path. */
  referencingBlocked?: boolean;
  group?: SecurityGroup;
  rule?: SecurityGroupRule;
  /** SG_HAS_NO_RULES: the ENI's groups have no rules in this direction at all. */
  noRules: boolean;
}

export function groupsOf(ix: NetworkIndex, eni: NetworkInterface): SecurityGroup[] {
  return eni.securityGroupIds.map((id) => ix.lookup.securityGroups.get(id)).filter((g): g is SecurityGroup => !!g);
}

function ruleTraffic(rule: SecurityGroupRule): { ports?: { from: number; to: number }; icmp?: { type: number; code: number } } {
  if (hasPorts(rule.protocol)) return { ports: { from: rule.fromPort, to: rule.toPort } };
  if (isIcmp(rule.protocol)) return { icmp: { type: rule.fromPort, code: rule.toPort } };
  return {};
}

/**
 * May a rule on `eni` reference a group held by `peer` in another VPC? SG-5 (peering) and SG-6 (transit
 * gateway, inbound only, when referencing support is enabled). Same-VPC references always may.
 */
export type CrossVpcReferencing = (peer: NetworkInterface) => boolean;

type PeerMatch = 'match' | 'no-match' | 'not-referenceable';

/** SG-3, SG-4: the peer is a CIDR, a prefix list, or the private addresses of ENIs carrying a group. */
function peerMatches(ix: NetworkIndex, eni: NetworkInterface, rule: SecurityGroupRule, packet: Flow, address: bigint, crossVpc: CrossVpcReferencing): PeerMatch {
  const peer = rule.peer;
  switch (peer.kind) {
    case 'cidr':
      return inPrefix(peer.prefix, packet.family, address) ? 'match' : 'no-match';
    case 'prefix-list':
      return (ix.prefixLists.get(peer.prefixListId)?.entries ?? []).some((p) => inPrefix(p, packet.family, address)) ? 'match' : 'no-match';
    case 'security-group': {
      const holder = ix.enisWithGroup(peer.groupId).find((other) =>
        packet.family === 4 ? other.privateIps.some((ip) => ip.address?.value === address) : other.ipv6Addresses.some((a) => a.value === address),
      );
      if (!holder) return 'no-match';
      const sameVpc = ix.lookup.vpcOfInterface(holder.id)?.id === ix.lookup.vpcOfInterface(eni.id)?.id;
      return sameVpc || crossVpc(holder) ? 'match' : 'not-referenceable';
    }
  }
}

export function evaluateSecurityGroups(ix: NetworkIndex, eni: NetworkInterface, egress: boolean, packet: Flow, crossVpc: CrossVpcReferencing = () => false): SgDecision {
  const groups = groupsOf(ix, eni);
  const peerAddress = egress ? packet.dst : packet.src;
  let ruleCount = 0;
  let referencingBlocked = false;
  for (const group of groups) {
    for (const rule of egress ? group.egress : group.ingress) {
      ruleCount++;
      const { ports, icmp } = ruleTraffic(rule);
      if (!protocolAndPortsMatch(rule.protocol, ports, icmp, packet)) continue;
      const m = peerMatches(ix, eni, rule, packet, peerAddress, crossVpc);
      if (m === 'match') return { allowed: true, group, rule, noRules: false };
      if (m === 'not-referenceable') referencingBlocked = true;
    }
  }
  return { allowed: false, noRules: ruleCount === 0, referencingBlocked };
}

function describePeer(ix: NetworkIndex, rule: SecurityGroupRule): string {
  const p = rule.peer;
  if (p.kind === 'cidr') return p.prefix.text;
  if (p.kind === 'prefix-list') return `prefix list ${p.prefixListId}`;
  const g = ix.lookup.securityGroups.get(p.groupId);
  return `security group ${g?.logicalId ?? p.groupId}`;
}

export function describeSgDecision(ix: NetworkIndex, d: SgDecision, egress: boolean, packet: Flow, peerText: string): string {
  const dir = egress ? 'outbound' : 'inbound';
  if (d.allowed && d.rule) {
    const { ports, icmp } = ruleTraffic(d.rule);
    return `${dir} rule allows ${describeRuleTraffic(d.rule.protocol, ports, icmp)} ${egress ? 'to' : 'from'} ${describePeer(ix, d.rule)}`;
  }
  if (d.noRules) return `the security groups have no ${dir} rules`;
  if (d.referencingBlocked) return `a rule references a security group that cannot be referenced across this path (security group referencing support)`;
  const port = hasPorts(packet.protocol) ? { from: packet.dstPort, to: packet.dstPort } : undefined;
  const icmp = isIcmp(packet.protocol) ? { type: packet.icmpType, code: packet.icmpCode } : undefined;
  return `no ${dir} rule allows ${describeRuleTraffic(packet.protocol, port, icmp)} ${egress ? 'to' : 'from'} ${peerText}`;
}
