// AWS Network Firewall policies and rule groups (NFW-2, NFW-3): only the 5-tuple parts vpcsim
// evaluates (NFW-6). Firewalls themselves live in a VPC (vpc.ts).
import type { Prefix } from '../model/ip.js';
import type { FirewallPolicy, FirewallRuleGroup, PortRange, StatefulRule, StatelessRule } from '../model/types.js';
import { inputError, prefixAt, type BuildContext, type Site } from './context.js';
import { protocolNumber, type ProtocolName } from './rules.js';

export interface FirewallPolicyOptions {
  stateless?: Array<{ group: string; priority: number }>;
  stateful?: Array<{ group: string; priority?: number }>;
  /** Default `['aws:forward_to_sfe']`. */
  statelessDefaultActions?: string[];
  statelessFragmentDefaultActions?: string[];
  statefulRuleOrder?: FirewallPolicy['statefulRuleOrder'];
  statefulDefaultActions?: string[];
}

type Ports = number | readonly [number, number];

export interface StatelessRuleSpec {
  priority: number;
  actions: string[];
  sources?: Array<string | Prefix>;
  destinations?: Array<string | Prefix>;
  sourcePorts?: Ports[];
  destinationPorts?: Ports[];
  protocols?: Array<ProtocolName | number>;
}

export interface StatefulRuleSpec {
  action: StatefulRule['action'];
  protocol?: ProtocolName | number;
  source?: string | Prefix;
  sourcePort?: Ports;
  destination?: string | Prefix;
  destinationPort?: Ports;
  direction?: StatefulRule['direction'];
}

function range(p: Ports, site: Site): PortRange {
  const [from, to] = typeof p === 'number' ? [p, p] : p;
  if (!(from >= 0 && to <= 65535 && from <= to)) throw inputError(site, `port range ${from}-${to} must be 0-65535 with from <= to`);
  return { from, to };
}

export function firewallPolicy(ctx: BuildContext, name: string, opts: FirewallPolicyOptions): void {
  const id = ctx.declare('firewallPolicy', name);
  const site: Site = { kind: 'firewallPolicy', logicalId: name, field: 'ResourceArn' };
  ctx.topology.firewallPolicies.push({
    id,
    logicalId: name,
    statelessDefaultActions: opts.statelessDefaultActions ?? ['aws:forward_to_sfe'],
    statelessFragmentDefaultActions: opts.statelessFragmentDefaultActions ?? opts.statelessDefaultActions ?? ['aws:forward_to_sfe'],
    statelessRuleGroups: (opts.stateless ?? []).map((r) => ({ ruleGroupId: ctx.ref('firewallRuleGroup', r.group, site), priority: r.priority })),
    statefulRuleGroups: (opts.stateful ?? []).map((r) => {
      const ref: FirewallPolicy['statefulRuleGroups'][number] = { ruleGroupId: ctx.ref('firewallRuleGroup', r.group, site) };
      if (r.priority !== undefined) ref.priority = r.priority;
      return ref;
    }),
    statefulRuleOrder: opts.statefulRuleOrder ?? 'DEFAULT_ACTION_ORDER',
    statefulDefaultActions: opts.statefulDefaultActions ?? [],
  });
}

export function statelessRuleGroup(ctx: BuildContext, name: string, rules: StatelessRuleSpec[]): void {
  const id = ctx.declare('firewallRuleGroup', name);
  const site: Site = { kind: 'firewallRuleGroup', logicalId: name, field: 'StatelessRules' };
  const statelessRules: StatelessRule[] = rules.map((r) => ({
    priority: r.priority,
    actions: r.actions,
    sources: (r.sources ?? []).map((p) => prefixAt(p, site)),
    destinations: (r.destinations ?? []).map((p) => prefixAt(p, site)),
    sourcePorts: (r.sourcePorts ?? []).map((p) => range(p, site)),
    destinationPorts: (r.destinationPorts ?? []).map((p) => range(p, site)),
    protocols: (r.protocols ?? []).map((p) => protocolNumber(p, site)),
  }));
  const group: FirewallRuleGroup = { id, logicalId: name, type: 'STATELESS', statelessRules, statefulRules: [] };
  ctx.topology.firewallRuleGroups.push(group);
}

export function statefulRuleGroup(ctx: BuildContext, name: string, rules: StatefulRuleSpec[]): void {
  const id = ctx.declare('firewallRuleGroup', name);
  const site: Site = { kind: 'firewallRuleGroup', logicalId: name, field: 'StatefulRules' };
  const statefulRules: StatefulRule[] = rules.map((r) => {
    const rule: StatefulRule = { action: r.action, protocol: protocolNumber(r.protocol ?? 'all', site), direction: r.direction ?? 'FORWARD' };
    if (r.source !== undefined) rule.source = prefixAt(r.source, site);
    if (r.destination !== undefined) rule.destination = prefixAt(r.destination, site);
    if (r.sourcePort !== undefined) rule.sourcePort = range(r.sourcePort, site);
    if (r.destinationPort !== undefined) rule.destinationPort = range(r.destinationPort, site);
    return rule;
  });
  ctx.topology.firewallRuleGroups.push({ id, logicalId: name, type: 'STATEFUL', statelessRules: [], statefulRules });
}
