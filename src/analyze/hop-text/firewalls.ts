// Hop texts at Network Firewall endpoints (NFW-1..6): which engine decided and by which rule group.
// Words as in src/reference/network-firewall.ts and firewall.ts. The hop's Detail is the stateless
// rule (NONE: the default action), Ref the endpoint ENI, Ref2 the stateful rule (NONE: none matched).
import { HopComponent, HopNote } from '../../../abi/hops.js';
import { FwStatefulRuleField, FwStatelessRuleField, Section, StatefulAction } from '../../../abi/image.js';
import type { FirewallPolicy } from '../../model/types.js';
import { Code, HopKind } from '../codes.js';
import { eniOf, firewallEndpointLabel, recordField, type HopContext, type HopExplainer, type HopText } from './context.js';

interface Decision {
  detail: string;
  ruleGroup?: string;
}

const STATEFUL_ACTIONS: Record<StatefulAction, string> = {
  [StatefulAction.Pass]: 'PASS',
  [StatefulAction.Drop]: 'DROP',
  [StatefulAction.Reject]: 'REJECT',
  [StatefulAction.Alert]: 'ALERT',
};

/** NFW-2: the stateless rule that matched, or the default action. */
function stateless(c: HopContext, policy: FirewallPolicy, r: number): Decision {
  if (r < 0) return { detail: `stateless default action ${policy.statelessDefaultActions.join(',') || 'aws:drop'}` };
  const group = c.t.firewallRuleGroups[recordField(c, Section.FwStatelessRule, FwStatelessRuleField.Stride, r, FwStatelessRuleField.Group)]!;
  const rule = group.statelessRules[recordField(c, Section.FwStatelessRule, FwStatelessRuleField.Stride, r, FwStatelessRuleField.ModelIndex)]!;
  return { detail: `stateless rule group ${group.logicalId} priority ${rule.priority}: ${rule.actions.join(',')}`, ruleGroup: group.logicalId };
}

/** NFW-3: the stateful rule that decided, or what happens when none does. */
function stateful(c: HopContext, policy: FirewallPolicy, r: number): Decision {
  if (r >= 0) {
    const field = (f: FwStatefulRuleField) => recordField(c, Section.FwStatefulRule, FwStatefulRuleField.Stride, r, f);
    const group = c.t.firewallRuleGroups[field(FwStatefulRuleField.Group)]!;
    return { detail: `stateful rule group ${group.logicalId}: ${STATEFUL_ACTIONS[field(FwStatefulRuleField.Action) as StatefulAction]}`, ruleGroup: group.logicalId };
  }
  if (policy.statefulRuleOrder === 'STRICT_ORDER') return { detail: `stateful default action ${policy.statefulDefaultActions.join(',') || '(none): pass'}` };
  return { detail: 'no stateful rule matches: pass' };
}

const withRule = (text: HopText, ruleGroup: string | undefined): HopText => (ruleGroup === undefined ? text : { ...text, rule: ruleGroup });

const networkFirewall: HopExplainer = (h, c) => {
  const type = 'AWS::NetworkFirewall::Firewall';
  const eni = eniOf(c, h.ref);
  const fw = h.component === HopComponent.Firewall ? c.image.names.firewalls[h.id]! : undefined;
  const name = (fw ?? eni).logicalId;
  const policy = fw ? c.ix.firewallPolicies.get(fw.firewallPolicyId) : undefined;
  if (h.note === HopNote.NoPolicy || !policy) return { action: 'no firewall policy: passes', type };
  const blocked = h.code !== Code.REACHABLE;
  if (h.note === HopNote.Reply) return { action: `reply of an established flow (stateful engine, endpoint ${firewallEndpointLabel(c, eni)})`, type };
  if (h.note === HopNote.NoState) return { action: `firewall ${name} endpoint ${firewallEndpointLabel(c, eni)} has no state for this reply (the flow crossed another endpoint)`, type };
  const sl = stateless(c, policy, h.detail);
  if (h.note === HopNote.Stateless) return withRule({ action: blocked ? `blocked by firewall ${name}: ${sl.detail}` : sl.detail, type }, sl.ruleGroup);
  const sf = stateful(c, policy, h.ref2);
  if (blocked) return withRule({ action: `blocked by firewall ${name}: ${sf.detail}`, type }, sf.ruleGroup);
  return withRule({ action: `${sl.detail}; ${sf.detail} (endpoint ${firewallEndpointLabel(c, eni)})`, type }, sf.ruleGroup);
};

export const FIREWALL_HOPS: Record<number, HopExplainer> = {
  [HopKind.NETWORK_FIREWALL]: networkFirewall,
};
