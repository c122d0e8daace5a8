// AWS Network Firewall (NFW-1..6): each firewall's policy, with the stateless rules flattened in the
// order the stateless engine tries them (rule groups by priority then id, rules by priority) and the
// stateful rules in group order, so the walk scans one list per engine (src/reference/firewall.ts).
import type { FirewallPolicy, FirewallRuleGroup, PortRange, StatefulRule, StatelessRule } from '../model/types.js';
import type { Prefix } from '../model/ip.js';
import { setPrefix } from './address.js';
import { denseOr, type CompileContext } from './context.js';
import { Section } from '../../abi/image.js';
import {
  FirewallField,
  FirewallPolicyField,
  FwPrefixField,
  FwStatefulRuleField,
  FwStatelessRuleField,
  FwValueField,
  StatefulAction,
  StatelessAction,
} from '../../abi/image-firewall.js';
import type { RecordTable } from './records.js';

const STATEFUL: Record<StatefulRule['action'], StatefulAction> = { PASS: StatefulAction.Pass, DROP: StatefulAction.Drop, REJECT: StatefulAction.Reject, ALERT: StatefulAction.Alert };

/** NFW-2: pass wins, then forward to the stateful engine; anything else drops. */
function actionOf(actions: readonly string[]): StatelessAction {
  if (actions.includes('aws:pass')) return StatelessAction.Pass;
  if (actions.includes('aws:forward_to_sfe')) return StatelessAction.Forward;
  return StatelessAction.Drop;
}

export function compileFirewalls(ctx: CompileContext): void {
  const { t, ids } = ctx;
  const firewalls = ctx.sections[Section.Firewall]!;
  for (const fw of t.networkFirewalls) firewalls.set(firewalls.add(), FirewallField.Policy, denseOr(ids.firewallPolicy, fw.firewallPolicyId));
  const groups = new Map(t.firewallRuleGroups.map((g) => [g.id, g]));
  const policies = ctx.sections[Section.FirewallPolicy]!;
  for (const policy of t.firewallPolicies) {
    const r = policies.add();
    const stateless = ctx.sections[Section.FwStatelessRule]!;
    policies.set(r, FirewallPolicyField.StatelessStart, stateless.count);
    for (const group of ordered(groups, policy.statelessRuleGroups)) {
      const g = ctx.t.firewallRuleGroups.indexOf(group);
      for (const rule of [...group.statelessRules].sort((a, b) => a.priority - b.priority)) writeStateless(ctx, rule, g, group.statelessRules.indexOf(rule));
    }
    policies.set(r, FirewallPolicyField.StatelessCount, stateless.count - policies.get(r, FirewallPolicyField.StatelessStart));
    policies.set(r, FirewallPolicyField.StatelessDefault, actionOf(policy.statelessDefaultActions));
    policies.set(r, FirewallPolicyField.StrictOrder, policy.statefulRuleOrder === 'STRICT_ORDER' ? 1 : 0);
    policies.set(r, FirewallPolicyField.StrictDefaultDrop, policy.statefulDefaultActions.some((a) => a === 'aws:drop_strict' || a === 'aws:drop_established') ? 1 : 0);
    const stateful = ctx.sections[Section.FwStatefulRule]!;
    policies.set(r, FirewallPolicyField.StatefulStart, stateful.count);
    for (const group of ordered(groups, policy.statefulRuleGroups)) {
      const g = ctx.t.firewallRuleGroups.indexOf(group);
      for (const rule of group.statefulRules) writeStateful(stateful, rule, g);
    }
    policies.set(r, FirewallPolicyField.StatefulCount, stateful.count - policies.get(r, FirewallPolicyField.StatefulStart));
  }
}

/** The reference's groupsOf: groups in the model, by priority (absent = 0), then id. */
function ordered(groups: Map<string, FirewallRuleGroup>, refs: FirewallPolicy['statelessRuleGroups']): FirewallRuleGroup[] {
  return refs
    .map((r) => ({ group: groups.get(r.ruleGroupId), priority: r.priority ?? 0 }))
    .filter((g): g is { group: FirewallRuleGroup; priority: number } => !!g.group)
    .sort((a, b) => a.priority - b.priority || (a.group.id < b.group.id ? -1 : 1))
    .map((g) => g.group);
}

function writeStateless(ctx: CompileContext, rule: StatelessRule, group: number, modelIndex: number): void {
  const rules = ctx.sections[Section.FwStatelessRule]!;
  const values = ctx.sections[Section.FwValue]!;
  const prefixes = ctx.sections[Section.FwPrefix]!;
  const r = rules.add();
  rules.set(r, FwStatelessRuleField.Action, actionOf(rule.actions));
  rules.set(r, FwStatelessRuleField.Group, group);
  rules.set(r, FwStatelessRuleField.ModelIndex, modelIndex);
  const range = (start: FwStatelessRuleField, count: FwStatelessRuleField, table: RecordTable, write: () => void) => {
    rules.set(r, start, table.count);
    write();
    rules.set(r, count, table.count - rules.get(r, start));
  };
  range(FwStatelessRuleField.ProtocolStart, FwStatelessRuleField.ProtocolCount, values, () => {
    for (const p of rule.protocols) values.set(values.add(), FwValueField.From, p);
  });
  const writePrefixes = (list: Prefix[]) => () => {
    for (const p of list) setPrefix(prefixes, prefixes.add(), FwPrefixField.Prefix, p);
  };
  range(FwStatelessRuleField.SourceStart, FwStatelessRuleField.SourceCount, prefixes, writePrefixes(rule.sources));
  range(FwStatelessRuleField.DestinationStart, FwStatelessRuleField.DestinationCount, prefixes, writePrefixes(rule.destinations));
  const writePorts = (list: PortRange[]) => () => {
    for (const p of list) {
      const v = values.add();
      values.set(v, FwValueField.From, p.from);
      values.set(v, FwValueField.To, p.to);
    }
  };
  range(FwStatelessRuleField.SourcePortStart, FwStatelessRuleField.SourcePortCount, values, writePorts(rule.sourcePorts));
  range(FwStatelessRuleField.DestinationPortStart, FwStatelessRuleField.DestinationPortCount, values, writePorts(rule.destinationPorts));
}

function writeStateful(rules: RecordTable, rule: StatefulRule, group: number): void {
  const r = rules.add();
  rules.set(r, FwStatefulRuleField.Action, STATEFUL[rule.action]);
  rules.set(r, FwStatefulRuleField.Group, group);
  rules.set(r, FwStatefulRuleField.Protocol, rule.protocol);
  setPrefix(rules, r, FwStatefulRuleField.Source, rule.source);
  setPrefix(rules, r, FwStatefulRuleField.Destination, rule.destination);
  rules.set(r, FwStatefulRuleField.SourcePortFrom, rule.sourcePort ? rule.sourcePort.from : -1);
  rules.set(r, FwStatefulRuleField.SourcePortTo, rule.sourcePort ? rule.sourcePort.to : -1);
  rules.set(r, FwStatefulRuleField.DestinationPortFrom, rule.destinationPort ? rule.destinationPort.from : -1);
  rules.set(r, FwStatefulRuleField.DestinationPortTo, rule.destinationPort ? rule.destinationPort.to : -1);
  rules.set(r, FwStatefulRuleField.AnyDirection, rule.direction === 'ANY' ? 1 : 0);
}
