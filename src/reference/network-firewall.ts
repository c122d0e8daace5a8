// A packet at a Network Firewall endpoint (NFW-1..5): the stateless engine, then the stateful engine
// for forwarded packets, with flow state per endpoint for replies. Rule matching is in firewall.ts.
import { Code } from '../../abi/codes.js';
import { HopKind } from '../../abi/hops.js';
import type { FirewallPolicy, NetworkInterface, Resource } from '../model/types.js';
import type { Flow } from '../walk/flow.js';
import type { Arrival } from '../walk/result.js';
import type { WalkContext } from './context.js';
import { evaluateStateful, evaluateStateless } from './firewall.js';

const TYPE = 'AWS::NetworkFirewall::Firewall';

export function firewallEndpoint(w: WalkContext, eni: NetworkInterface, packet: Flow): Arrival {
  const fw = eni.ownerId ? w.ix.firewalls.get(eni.ownerId) : undefined;
  const res: Resource = fw ?? eni;
  const policy = fw ? w.ix.firewallPolicies.get(fw.firewallPolicyId) : undefined;
  const subnet = w.ix.lookup.subnets.get(eni.subnetId)!;
  if (w.isDown(eni.id)) return w.fail(HopKind.NETWORK_FIREWALL, res, TYPE, Code.BAD_STATE, `firewall endpoint ${eni.id} is down`);
  if (policy) inspect(w, eni, res, policy, packet);
  else w.pass(HopKind.NETWORK_FIREWALL, res, TYPE, 'no firewall policy: passes');
  return w.routeFrom(subnet, packet, eni);
}

/** Records one hop: the firewall passes the packet or blocks it (TRACE-8: with allBlocking the walk goes on). */
function inspect(w: WalkContext, eni: NetworkInterface, res: Resource, policy: FirewallPolicy, packet: Flow): void {
  const stateless = evaluateStateless(w.ix, policy, packet);
  // NFW-5: a drop names the firewall and the rule group.
  if (stateless.action === 'drop') return w.block(HopKind.NETWORK_FIREWALL, res, TYPE, Code.FIREWALL_RULES_RESTRICTION, `blocked by firewall ${res.logicalId}: ${stateless.detail}`, stateless.ruleGroup);
  if (stateless.action === 'pass') return w.pass(HopKind.NETWORK_FIREWALL, res, TYPE, stateless.detail, stateless.ruleGroup === undefined ? {} : { rule: stateless.ruleGroup });
  if (w.direction === 'response') {
    // NFW-4: the stateful engine passes replies of flows it saw at this same endpoint.
    if (w.state.isReply(eni.id, packet)) return w.pass(HopKind.NETWORK_FIREWALL, res, TYPE, `reply of an established flow (stateful engine, endpoint ${endpointLabel(w, eni)})`);
    return asymmetricReply(w, eni, res);
  }
  const stateful = evaluateStateful(w.ix, policy, packet);
  // TRACE-8 allBlocking: a blocked flow goes on as if allowed, so its reply finds state here too.
  w.state.track(eni.id, packet);
  if (!stateful.allowed) return w.block(HopKind.NETWORK_FIREWALL, res, TYPE, Code.FIREWALL_RULES_RESTRICTION, `blocked by firewall ${res.logicalId}: ${stateful.detail}`, stateful.ruleGroup);
  w.pass(HopKind.NETWORK_FIREWALL, res, TYPE, `${stateless.detail}; ${stateful.detail} (endpoint ${endpointLabel(w, eni)})`, stateful.ruleGroup === undefined ? {} : { rule: stateful.ruleGroup });
}

/**
 * NFW-4 / TGW-13: a reply reached an endpoint that never saw the request. When it came in from a transit
 * gateway, the attachment without appliance mode sent it to another AZ (TGW_ATTACH_VPC_AZ_RESTRICTION,
 * naming the attachment); otherwise the firewall drops it (FIREWALL_RULES_RESTRICTION).
 */
function asymmetricReply(w: WalkContext, eni: NetworkInterface, res: Resource): void {
  const path = w.ingress === 'transit-gateway' ? w.tgwPath : undefined;
  const att = path ? w.ix.tgwAttachments.get(path.outAttachmentId) : undefined;
  const endpoint = endpointLabel(w, eni);
  if (att && !att.applianceModeSupport) {
    return w.block(HopKind.TRANSIT_GATEWAY_ATTACHMENT, att, 'AWS::EC2::TransitGatewayAttachment', Code.TGW_ATTACH_VPC_AZ_RESTRICTION, `the reply entered through ${att.logicalId} and reached firewall ${res.logicalId} endpoint ${endpoint}, which never saw the request: the attachment has appliance mode disabled, so the transit gateway does not keep a flow in one AZ`);
  }
  w.block(HopKind.NETWORK_FIREWALL, res, TYPE, Code.FIREWALL_RULES_RESTRICTION, `firewall ${res.logicalId} endpoint ${endpoint} has no state for this reply (the flow crossed another endpoint)`);
}

/** `vpce-... (us-east-1a)`: the endpoint id that routes target, and its AZ. */
function endpointLabel(w: WalkContext, eni: NetworkInterface): string {
  const fw = eni.ownerId ? w.ix.firewalls.get(eni.ownerId) : undefined;
  const ep = fw?.endpoints.find((e) => e.networkInterfaceId === eni.id);
  const az = w.ix.lookup.subnets.get(eni.subnetId)?.availabilityZone ?? '';
  return `${ep?.endpointId ?? eni.id} (${az})`;
}
