// AWS Network Firewall rule evaluation (NFW-2, NFW-3, NFW-6): the stateless engine first, then the
// stateful engine for packets forwarded to it. Only 5-tuple rules are modelled.
import { inPrefix, type Prefix } from '../model/ip.js';
import type { NetworkIndex } from '../model/network-index.js';
import { hasPorts } from '../model/protocols.js';
import type { FirewallPolicy, FirewallRuleGroup, PortRange, StatefulRule, StatelessRule } from '../model/types.js';
import type { Flow } from '../walk/flow.js';

export type StatelessAction = 'pass' | 'drop' | 'forward';

/** NFW-2: what the stateless engine does with the packet, and the rule that matched (none: the default action). */
export interface StatelessDecision {
  action: StatelessAction;
  matched?: { group: FirewallRuleGroup; rule: StatelessRule };
}

/** NFW-3: whether the stateful engine lets a new flow through, and the group and action that decided (none: no rule did). */
export interface StatefulDecision {
  allowed: boolean;
  decided?: { group: FirewallRuleGroup; action: StatefulRule['action'] };
}

function anyPrefix(list: readonly Prefix[], packet: Flow, address: bigint): boolean {
  return list.length === 0 || list.some((p) => inPrefix(p, packet.family, address));
}

function anyPort(list: readonly PortRange[], packet: Flow, port: number): boolean {
  return list.length === 0 || !hasPorts(packet.protocol) || list.some((r) => port >= r.from && port <= r.to);
}

function statelessMatches(rule: StatelessRule, packet: Flow): boolean {
  if (rule.protocols.length > 0 && !rule.protocols.includes(packet.protocol)) return false;
  return (
    anyPrefix(rule.sources, packet, packet.src) &&
    anyPrefix(rule.destinations, packet, packet.dst) &&
    anyPort(rule.sourcePorts, packet, packet.srcPort) &&
    anyPort(rule.destinationPorts, packet, packet.dstPort)
  );
}

function actionOf(actions: readonly string[]): StatelessAction {
  if (actions.includes('aws:pass')) return 'pass';
  if (actions.includes('aws:forward_to_sfe')) return 'forward';
  return 'drop';
}

function groupsOf(ix: NetworkIndex, refs: FirewallPolicy['statelessRuleGroups']): Array<{ group: FirewallRuleGroup; priority: number }> {
  return refs
    .map((r) => ({ group: ix.firewallRuleGroups.get(r.ruleGroupId), priority: r.priority ?? 0 }))
    .filter((g): g is { group: FirewallRuleGroup; priority: number } => !!g.group)
    .sort((a, b) => a.priority - b.priority || (a.group.id < b.group.id ? -1 : 1));
}

/** NFW-2: first matching stateless rule by group priority then rule priority; else the default action. */
export function evaluateStateless(ix: NetworkIndex, policy: FirewallPolicy, packet: Flow): StatelessDecision {
  for (const { group } of groupsOf(ix, policy.statelessRuleGroups)) {
    const rules = [...group.statelessRules].sort((a, b) => a.priority - b.priority);
    for (const rule of rules) {
      if (statelessMatches(rule, packet)) {
        return { action: actionOf(rule.actions), matched: { group, rule } };
      }
    }
  }
  return { action: actionOf(policy.statelessDefaultActions) };
}

function statefulMatchesOneWay(rule: StatefulRule, packet: Flow, src: bigint, dst: bigint, srcPort: number, dstPort: number): boolean {
  if (rule.protocol !== -1 && rule.protocol !== packet.protocol) return false;
  if (rule.source && !inPrefix(rule.source, packet.family, src)) return false;
  if (rule.destination && !inPrefix(rule.destination, packet.family, dst)) return false;
  if (hasPorts(packet.protocol)) {
    if (rule.sourcePort && (srcPort < rule.sourcePort.from || srcPort > rule.sourcePort.to)) return false;
    if (rule.destinationPort && (dstPort < rule.destinationPort.from || dstPort > rule.destinationPort.to)) return false;
  }
  return true;
}

function statefulMatches(rule: StatefulRule, p: Flow): boolean {
  if (statefulMatchesOneWay(rule, p, p.src, p.dst, p.srcPort, p.dstPort)) return true;
  return rule.direction === 'ANY' && statefulMatchesOneWay(rule, p, p.dst, p.src, p.dstPort, p.srcPort);
}

/** NFW-3: a new flow in the stateful engine. */
export function evaluateStateful(ix: NetworkIndex, policy: FirewallPolicy, packet: Flow): StatefulDecision {
  const groups = groupsOf(ix, policy.statefulRuleGroups);
  if (policy.statefulRuleOrder === 'STRICT_ORDER') {
    for (const { group } of groups) {
      for (const rule of group.statefulRules) {
        if (rule.action === 'ALERT' || !statefulMatches(rule, packet)) continue;
        return { allowed: rule.action === 'PASS', decided: { group, action: rule.action } };
      }
    }
    const drops = policy.statefulDefaultActions.some((a) => a === 'aws:drop_strict' || a === 'aws:drop_established');
    return { allowed: !drops };
  }
  // Action order: pass rules first, then drop and reject; no match passes.
  for (const action of ['PASS', 'DROP', 'REJECT'] as const) {
    for (const { group } of groups) {
      if (group.statefulRules.some((r) => r.action === action && statefulMatches(r, packet))) {
        return { allowed: action === 'PASS', decided: { group, action } };
      }
    }
  }
  return { allowed: true };
}
