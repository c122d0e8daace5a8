// A packet at a Network Firewall endpoint (NFW-1..5): the stateless engine, then the stateful engine
// for forwarded packets, with flow state per endpoint for replies. Rule matching is in firewall.ts.
import { Code, HopKind } from '../analyze/codes.js';
import type { NetworkInterface, Resource } from '../model/types.js';
import { evaluateStateful, evaluateStateless } from './firewall.js';
import type { Arrival, Flow } from './flow.js';
import type { WalkContext } from './context.js';

export function firewallEndpoint(w: WalkContext, eni: NetworkInterface, packet: Flow): Arrival {
  const fw = eni.ownerId ? w.ix.firewalls.get(eni.ownerId) : undefined;
  const res: Resource = fw ?? eni;
  const type = 'AWS::NetworkFirewall::Firewall';
  const policy = fw ? w.ix.firewallPolicies.get(fw.firewallPolicyId) : undefined;
  const subnet = w.ix.lookup.subnets.get(eni.subnetId)!;
  if (w.isDown(eni.id)) return w.fail(HopKind.NETWORK_FIREWALL, res, type, Code.BAD_STATE, `firewall endpoint ${eni.id} is down`);
  if (policy) {
    const stateless = evaluateStateless(w.ix, policy, packet);
    if (stateless.action === 'drop') w.fail(HopKind.NETWORK_FIREWALL, res, type, Code.FIREWALL_RULES_RESTRICTION, `blocked by firewall ${res.logicalId}: ${stateless.detail}`, stateless.ruleGroup);
    if (stateless.action === 'forward') {
      if (w.direction === 'response') {
        // NFW-4: the stateful engine passes replies of flows it saw at this same endpoint.
        if (!w.state.isReply(eni.id, packet)) {
          w.fail(HopKind.NETWORK_FIREWALL, res, type, Code.FIREWALL_RULES_RESTRICTION, `firewall ${res.logicalId} endpoint ${eni.id} has no state for this reply (the flow crossed another endpoint)`);
        }
        w.pass(HopKind.NETWORK_FIREWALL, res, type, `reply of an established flow (stateful engine)`);
        return w.routeFrom(subnet, packet, eni);
      }
      const stateful = evaluateStateful(w.ix, policy, packet);
      if (!stateful.allowed) w.fail(HopKind.NETWORK_FIREWALL, res, type, Code.FIREWALL_RULES_RESTRICTION, `blocked by firewall ${res.logicalId}: ${stateful.detail}`, stateful.ruleGroup);
      w.state.track(eni.id, packet);
      w.pass(HopKind.NETWORK_FIREWALL, res, type, `${stateless.detail}; ${stateful.detail}`, { rule: stateful.ruleGroup });
      return w.routeFrom(subnet, packet, eni);
    }
    w.pass(HopKind.NETWORK_FIREWALL, res, type, stateless.detail, { rule: stateless.ruleGroup });
  } else {
    w.pass(HopKind.NETWORK_FIREWALL, res, type, 'no firewall policy: passes');
  }
  return w.routeFrom(subnet, packet, eni);
}
