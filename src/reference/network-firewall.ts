// A packet at a Network Firewall endpoint (NFW-1..5): the stateless engine, then the stateful engine
// for forwarded packets, with flow state per endpoint for replies. Rule matching is in firewall.ts.
import { Code } from '../../abi/codes.js';
import { HopComponent, HopKind, HopNote } from '../../abi/hops.js';
import type { FirewallPolicy, NetworkInterface } from '../model/types.js';
import type { Flow } from '../walk/flow.js';
import type { HopRule } from '../walk/hop.js';
import type { Arrival } from '../walk/result.js';
import type { HopFacts, WalkContext } from './context.js';
import { evaluateStateful, evaluateStateless, type StatefulDecision, type StatelessDecision } from './firewall.js';

export function firewallEndpoint(w: WalkContext, eni: NetworkInterface, packet: Flow): Arrival {
  const fw = eni.ownerId ? w.ix.firewalls.get(eni.ownerId) : undefined;
  // The firewall names the hop (an endpoint ENI without a firewall in the model names itself); Ref: the endpoint ENI.
  const hop: HopFacts = { ...(fw ? { component: HopComponent.Firewall, of: fw } : { component: HopComponent.NetworkInterface, of: eni }), ref: w.at(eni) };
  const policy = fw ? w.ix.firewallPolicies.get(fw.firewallPolicyId) : undefined;
  const subnet = w.ix.lookup.subnets.get(eni.subnetId)!;
  if (w.isDown(eni.id)) return w.fail(HopKind.NETWORK_FIREWALL, Code.BAD_STATE, { ...hop, note: HopNote.Down });
  if (policy) inspect(w, eni, hop, policy, packet);
  else w.pass(HopKind.NETWORK_FIREWALL, { ...hop, note: HopNote.NoPolicy });
  return w.routeFrom(subnet, packet, eni);
}

/** The engines' decisions as the hop names them: the stateless rule that matched and the stateful group and action. */
function decided(stateless: StatelessDecision, stateful?: StatefulDecision): { rule?: HopRule } {
  if (!stateless.matched && !stateful?.decided) return {};
  const rule: HopRule = { kind: 'firewall' };
  if (stateless.matched) rule.stateless = stateless.matched;
  if (stateful?.decided) rule.stateful = stateful.decided;
  return { rule };
}

/** Records one hop: the firewall passes the packet or blocks it (TRACE-8: with allBlocking the walk goes on). */
function inspect(w: WalkContext, eni: NetworkInterface, hop: HopFacts, policy: FirewallPolicy, packet: Flow): void {
  const stateless = evaluateStateless(w.ix, policy, packet);
  const byStateless = { ...hop, ...decided(stateless), note: HopNote.Stateless };
  // NFW-5: a drop names the firewall and the rule group.
  if (stateless.action === 'drop') return w.block(HopKind.NETWORK_FIREWALL, Code.FIREWALL_RULES_RESTRICTION, byStateless);
  if (stateless.action === 'pass') return w.pass(HopKind.NETWORK_FIREWALL, byStateless);
  if (w.direction === 'response') {
    // NFW-4: the stateful engine passes replies of flows it saw at this same endpoint.
    if (w.state.isReply(eni.id, packet)) return w.pass(HopKind.NETWORK_FIREWALL, { ...byStateless, note: HopNote.Reply });
    return asymmetricReply(w, eni, { ...byStateless, note: HopNote.NoState });
  }
  const stateful = evaluateStateful(w.ix, policy, packet);
  // TRACE-8 allBlocking: a blocked flow goes on as if allowed, so its reply finds state here too.
  w.state.track(eni.id, packet);
  const byStateful = { ...hop, ...decided(stateless, stateful), note: HopNote.Stateful };
  if (!stateful.allowed) return w.block(HopKind.NETWORK_FIREWALL, Code.FIREWALL_RULES_RESTRICTION, byStateful);
  w.pass(HopKind.NETWORK_FIREWALL, byStateful);
}

/**
 * NFW-4 / TGW-13: a reply reached an endpoint that never saw the request. When it came in from a transit
 * gateway, the attachment without appliance mode sent it to another AZ (TGW_ATTACH_VPC_AZ_RESTRICTION,
 * naming the attachment, Ref: the endpoint ENI); otherwise the firewall drops it (FIREWALL_RULES_RESTRICTION).
 */
function asymmetricReply(w: WalkContext, eni: NetworkInterface, noState: HopFacts): void {
  const path = w.ingress === 'transit-gateway' ? w.tgwPath : undefined;
  const att = path ? w.ix.tgwAttachments.get(path.outAttachmentId) : undefined;
  if (att && !att.applianceModeSupport) {
    return w.block(HopKind.TRANSIT_GATEWAY_ATTACHMENT, Code.TGW_ATTACH_VPC_AZ_RESTRICTION, { component: HopComponent.TransitGatewayAttachment, of: att, ref: w.at(eni) });
  }
  w.block(HopKind.NETWORK_FIREWALL, Code.FIREWALL_RULES_RESTRICTION, noState);
}
