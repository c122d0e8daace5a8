// How the answer words a rule decision: network ACL entries (NACL-5..7) and security group rules
// (SG-1..6), with the traffic a rule or packet covers ("TCP port 22", "ICMP type 8 code 0").
import type { NetworkIndex } from '../../model/network-index.js';
import { PROTOCOL_ALL, PROTOCOL_ICMP, PROTOCOL_ICMPV6, PROTOCOL_TCP, PROTOCOL_UDP, hasPorts, isIcmp } from '../../model/protocols.js';
import { securityGroupRuleTraffic } from '../../model/security-group-rules.js';
import type { NetworkAclEntry, SecurityGroupRule } from '../../model/types.js';
import type { Flow } from '../../walk/flow.js';

export function protocolName(protocol: number): string {
  switch (protocol) {
    case PROTOCOL_ALL: return 'all traffic';
    case PROTOCOL_TCP: return 'TCP';
    case PROTOCOL_UDP: return 'UDP';
    case PROTOCOL_ICMP: return 'ICMP';
    case PROTOCOL_ICMPV6: return 'ICMPv6';
    default: return `protocol ${protocol}`;
  }
}

/** "TCP port 22", "ICMP type 8 code 0", "all traffic". */
export function describeRuleTraffic(protocol: number, ports?: { from: number; to: number }, icmp?: { type: number; code: number }): string {
  const name = protocolName(protocol);
  if (hasPorts(protocol)) {
    if (!ports || ports.from === -1 || (ports.from <= 0 && ports.to >= 65535)) return `${name} all ports`;
    return ports.from === ports.to ? `${name} port ${ports.from}` : `${name} ports ${ports.from}-${ports.to}`;
  }
  if (isIcmp(protocol)) {
    if (!icmp || icmp.type === -1) return `${name} all types`;
    return icmp.code === -1 ? `${name} type ${icmp.type}` : `${name} type ${icmp.type} code ${icmp.code}`;
  }
  return name;
}

/** A network ACL decision: the deciding entry, or none (the `*` rule). */
export interface NaclDecisionFacts {
  entry?: NetworkAclEntry;
}

/** "rule 90 denies all traffic to 198.51.100.0/24" / "rule * denies all traffic". */
export function describeNaclDecision(d: NaclDecisionFacts, egress: boolean): string {
  if (!d.entry) return `rule * denies all traffic (no rule matches)`;
  const e = d.entry;
  const verb = e.ruleAction === 'allow' ? 'allows' : 'denies';
  return `rule ${e.ruleNumber} ${verb} ${describeRuleTraffic(e.protocol, e.portRange, e.icmp)} ${egress ? 'to' : 'from'} ${e.cidr.text}`;
}

/** A security group decision: the allowing rule, or why nothing allowed the packet. */
export interface SgDecisionFacts {
  allowed: boolean;
  rule?: SecurityGroupRule;
  /** SG_HAS_NO_RULES: the ENI's groups have no rules in this direction at all. */
  noRules: boolean;
  /** SG-6: a group rule would have matched but the group may not be referenced across this path. */
  referencingBlocked?: boolean;
}

function describePeer(ix: NetworkIndex, rule: SecurityGroupRule): string {
  const p = rule.peer;
  if (p.kind === 'cidr') return p.prefix.text;
  if (p.kind === 'prefix-list') return `prefix list ${p.prefixListId}`;
  const g = ix.lookup.securityGroups.get(p.groupId);
  return `security group ${g?.logicalId ?? p.groupId}`;
}

export function describeSgDecision(ix: NetworkIndex, d: SgDecisionFacts, egress: boolean, packet: Flow, peerText: string): string {
  const dir = egress ? 'outbound' : 'inbound';
  if (d.allowed && d.rule) {
    const { ports, icmp } = securityGroupRuleTraffic(d.rule);
    return `${dir} rule allows ${describeRuleTraffic(d.rule.protocol, ports, icmp)} ${egress ? 'to' : 'from'} ${describePeer(ix, d.rule)}`;
  }
  if (d.noRules) return `the security groups have no ${dir} rules`;
  if (d.referencingBlocked) return `a rule references a security group that cannot be referenced across this path (security group referencing support)`;
  const port = hasPorts(packet.protocol) ? { from: packet.dstPort, to: packet.dstPort } : undefined;
  const icmp = isIcmp(packet.protocol) ? { type: packet.icmpType, code: packet.icmpCode } : undefined;
  return `no ${dir} rule allows ${describeRuleTraffic(packet.protocol, port, icmp)} ${egress ? 'to' : 'from'} ${peerText}`;
}
