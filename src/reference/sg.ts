// Security group evaluation (SG-1..4): allow rules only; a packet passes if any rule of any group on
// the ENI allows it. Inbound rules match the source, outbound rules the destination.
import { inPrefix } from '../model/ip.js';
import type { NetworkIndex } from '../model/network-index.js';
import { securityGroupRuleTraffic } from '../model/security-group-rules.js';
import type { NetworkInterface, SecurityGroup, SecurityGroupRule } from '../model/types.js';
import type { Flow } from '../walk/flow.js';
import { protocolAndPortsMatch } from './rule-match.js';

export interface SgDecision {
  allowed: boolean;
  /** SG-6: a group rule would have matched but the group may not be referenced across this path. */
  referencingBlocked?: boolean;
  group?: SecurityGroup;
  rule?: SecurityGroupRule;
  /** SG_HAS_NO_RULES: the ENI's groups have no rules in this direction at all. */
  noRules: boolean;
}

/**
 * May a rule on `eni` reference a group held by `peer` in another VPC? SG-5 (peering) and SG-6 (transit
 * gateway, inbound only, when referencing support is enabled). Same-VPC references always may.
 */
export type CrossVpcReferencing = (peer: NetworkInterface) => boolean;

type PeerMatch = 'match' | 'no-match' | 'not-referenceable';

/** SG-3, SG-4: the peer is a CIDR, a prefix list, or the private addresses of ENIs carrying a group. */
function peerMatches(ix: NetworkIndex, eni: NetworkInterface, rule: SecurityGroupRule, packet: Flow, address: bigint, crossVpc: CrossVpcReferencing, groupPeers: boolean): PeerMatch {
  const peer = rule.peer;
  switch (peer.kind) {
    case 'cidr':
      return inPrefix(peer.prefix, packet.family, address) ? 'match' : 'no-match';
    case 'prefix-list':
      return (ix.prefixLists.get(peer.prefixListId)?.entries ?? []).some((p) => inPrefix(p, packet.family, address)) ? 'match' : 'no-match';
    case 'security-group': {
      if (!groupPeers) return 'no-match';
      const holder = ix.enisWithGroup(peer.groupId).find((other) =>
        packet.family === 4 ? other.privateIps.some((ip) => ip.address?.value === address) : other.ipv6Addresses.some((a) => a.value === address),
      );
      if (!holder) return 'no-match';
      const sameVpc = ix.lookup.vpcOfInterface(holder.id)?.id === ix.lookup.vpcOfInterface(eni.id)?.id;
      return sameVpc || crossVpc(holder) ? 'match' : 'not-referenceable';
    }
  }
}

/**
 * `viaAppliance`: a middlebox appliance (RT-14) forwarded the packet on its way here. SG-4: a group reference
 * matches only traffic sent by the ENI carrying the group, so an inbound rule referencing the sender's group
 * does not match it; only its address or subnet CIDR does (VPC User Guide, "Security group referencing").
 */
export function evaluateSecurityGroups(ix: NetworkIndex, eni: NetworkInterface, egress: boolean, packet: Flow, crossVpc: CrossVpcReferencing = () => false, viaAppliance = false): SgDecision {
  const groups = ix.groupsOf(eni);
  const groupPeers = egress || !viaAppliance;
  const peerAddress = egress ? packet.dst : packet.src;
  let ruleCount = 0;
  let referencingBlocked = false;
  for (const group of groups) {
    for (const rule of egress ? group.egress : group.ingress) {
      ruleCount++;
      const { ports, icmp } = securityGroupRuleTraffic(rule);
      if (!protocolAndPortsMatch(rule.protocol, ports, icmp, packet)) continue;
      const m = peerMatches(ix, eni, rule, packet, peerAddress, crossVpc, groupPeers);
      if (m === 'match') return { allowed: true, group, rule, noRules: false };
      if (m === 'not-referenceable') referencingBlocked = true;
    }
  }
  return { allowed: false, noRules: ruleCount === 0, referencingBlocked };
}
