// Hop texts at Network Firewall endpoints (NFW-1..6): which engine decided and by which rule group.
// The hop's rule holds the stateless rule that matched (none: the default action) and the stateful
// group and action that decided (none: no stateful rule did); Ref is the endpoint ENI.
import { HopComponent, HopNote } from '../../../abi/hops.js';
import type { FirewallPolicy, FirewallRuleGroup, StatefulRule, StatelessRule } from '../../model/types.js';
import { Code, HopKind } from '../codes.js';
import { eniOf, firewallEndpointLabel, type HopExplainer, type HopText } from './context.js';

interface Decision {
  detail: string;
  ruleGroup?: string;
}

/** NFW-2: the stateless rule that matched, or the default action. */
function stateless(policy: FirewallPolicy, matched: { group: FirewallRuleGroup; rule: StatelessRule } | undefined): Decision {
  if (!matched) return { detail: `stateless default action ${policy.statelessDefaultActions.join(',') || 'aws:drop'}` };
  const { group, rule } = matched;
  return { detail: `stateless rule group ${group.logicalId} priority ${rule.priority}: ${rule.actions.join(',')}`, ruleGroup: group.logicalId };
}

/** NFW-3: the stateful rule group and action that decided, or what happens when none does. */
function stateful(policy: FirewallPolicy, decided: { group: FirewallRuleGroup; action: StatefulRule['action'] } | undefined): Decision {
  if (decided) return { detail: `stateful rule group ${decided.group.logicalId}: ${decided.action}`, ruleGroup: decided.group.logicalId };
  if (policy.statefulRuleOrder === 'STRICT_ORDER') return { detail: `stateful default action ${policy.statefulDefaultActions.join(',') || '(none): pass'}` };
  return { detail: 'no stateful rule matches: pass' };
}

const withRule = (text: HopText, ruleGroup: string | undefined): HopText => (ruleGroup === undefined ? text : { ...text, rule: ruleGroup });

const networkFirewall: HopExplainer = (h, c) => {
  const type = 'AWS::NetworkFirewall::Firewall';
  const eni = eniOf(c, h.ref);
  if (h.note === HopNote.Down) return { action: `firewall endpoint ${eni.id} is down`, type };
  const fw = h.component === HopComponent.Firewall ? c.t.networkFirewalls[h.id]! : undefined;
  const name = (fw ?? eni).logicalId;
  const policy = fw ? c.ix.firewallPolicies.get(fw.firewallPolicyId) : undefined;
  if (h.note === HopNote.NoPolicy || !policy) return { action: 'no firewall policy: passes', type };
  const blocked = h.code !== Code.REACHABLE;
  if (h.note === HopNote.Reply) return { action: `reply of an established flow (stateful engine, endpoint ${firewallEndpointLabel(c, eni)})`, type };
  if (h.note === HopNote.NoState) return { action: `firewall ${name} endpoint ${firewallEndpointLabel(c, eni)} has no state for this reply (the flow crossed another endpoint)`, type };
  const rule = h.rule?.kind === 'firewall' ? h.rule : undefined;
  const sl = stateless(policy, rule?.stateless);
  if (h.note === HopNote.Stateless) return withRule({ action: blocked ? `blocked by firewall ${name}: ${sl.detail}` : sl.detail, type }, sl.ruleGroup);
  const sf = stateful(policy, rule?.stateful);
  if (blocked) return withRule({ action: `blocked by firewall ${name}: ${sf.detail}`, type }, sf.ruleGroup);
  return withRule({ action: `${sl.detail}; ${sf.detail} (endpoint ${firewallEndpointLabel(c, eni)})`, type }, sf.ruleGroup);
};

export const FIREWALL_HOPS: Record<number, HopExplainer> = {
  [HopKind.NETWORK_FIREWALL]: networkFirewall,
};
