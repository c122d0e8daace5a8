// The security-group step of the walk (SG-*): the ENI's groups judge the packet leaving (egress) or
// reaching (ingress) it, and tracked flows' responses pass whatever the rules (SG-7). The rules
// themselves are evaluated by ./sg.ts.
import { Code } from '../../abi/codes.js';
import { HopComponent, HopKind } from '../../abi/hops.js';
import type { NetworkInterface } from '../model/types.js';
import type { WalkContext } from './context.js';
import { evaluateSecurityGroups } from './sg.js';

export function checkSecurityGroups(w: WalkContext, eni: NetworkInterface, egress: boolean): void {
  if (!hasSecurityGroups(eni)) return;
  const kind = egress ? HopKind.SECURITY_GROUP_EGRESS : HopKind.SECURITY_GROUP_INGRESS;
  const packet = w.packet;
  // SG-7: the response to a tracked flow is allowed whatever the rules of this direction.
  // The ENI's groups as one component: its only group, else its instance, else the ENI (hop-text/components.ts).
  const ofInterface = { component: HopComponent.SecurityGroupOfInterface, of: eni };
  if (w.direction === 'response' && w.state.isReply(eni.id, packet)) {
    w.pass(kind, ofInterface);
    return;
  }
  const d = evaluateSecurityGroups(w.ix, eni, egress, packet, (peer) => mayReferenceAcrossVpcs(w, eni, peer, egress), w.viaAppliance);
  if (!d.allowed || !d.group || !d.rule) {
    const code = d.noRules ? Code.SG_HAS_NO_RULES : d.referencingBlocked ? Code.SG_REFERENCING_SUPPORT : Code.ENI_SG_RULES_MISMATCH;
    w.block(kind, code, ofInterface);
  } else {
    w.pass(kind, { component: HopComponent.SecurityGroup, of: d.group, rule: { kind: 'security-group-rule', group: d.group, rule: d.rule } });
  }
  // TRACE-8 allBlocking: a blocked flow goes on as if allowed, so its response is tracked too.
  w.state.track(eni.id, packet);
}

function hasSecurityGroups(eni: NetworkInterface): boolean {
  // SG-16: NAT gateway, TGW attachment and firewall endpoint ENIs have none.
  return eni.kind === 'instance' || eni.kind === 'interface' || eni.kind === 'vpc-endpoint';
}

/**
 * SG-5: a peer VPC's group may be referenced across an active peering; SG-6: across a transit gateway only in
 * inbound rules, and only when referencing support is enabled on the TGW and on both VPC attachments.
 */
function mayReferenceAcrossVpcs(w: WalkContext, eni: NetworkInterface, peer: NetworkInterface, egress: boolean): boolean {
  const vpcA = w.ix.lookup.vpcOfInterface(eni.id)?.id;
  const vpcB = w.ix.lookup.vpcOfInterface(peer.id)?.id;
  const peered = w.ix.topology.vpcPeeringConnections.some(
    (p) => p.status === 'active' && ((p.requesterVpcId === vpcA && p.accepterVpcId === vpcB) || (p.requesterVpcId === vpcB && p.accepterVpcId === vpcA)),
  );
  if (egress || w.ingress !== 'transit-gateway') return peered && (egress || w.ingress === 'peering');
  const path = w.tgwPath;
  if (!path) return false;
  const tgw = w.ix.transitGateways.get(path.tgwId);
  const atts = [path.inAttachmentId, path.outAttachmentId].map((id) => w.ix.tgwAttachments.get(id));
  return !!tgw?.securityGroupReferencingSupport && atts.every((a) => a?.securityGroupReferencingSupport === true);
}
