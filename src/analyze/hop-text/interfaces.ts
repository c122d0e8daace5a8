// Hop texts at network interfaces: delivery and RT-13/RT-14 (NETWORK_INTERFACE), security groups
// (SG-*), interface endpoints (VPCE-11/12) and the services a packet is delivered to (AWS_SERVICE,
// NACL-12).
import { ArrivalKind, HopComponent, HopNote, type AmazonService } from '../../../abi/hops.js';
import { onPremConnectionAt, type WalkHop } from '../../walk/hop.js';
import { Code, HopKind } from '../codes.js';
import { AMAZON_SERVICE_NAMES, downRootText, instanceOrInterface, securityGroupsOf } from './components.js';
import { dstText, eniOf, idText, srcText, type HopContext, type HopExplainer, type HopText } from './context.js';
import { describeSgDecision } from './rules.js';

/** Where a response ended up instead of the source: Ref = ArrivalKind, Ref2 = what it reached. */
function arrivalText(c: HopContext, kind: number, id: number): string {
  switch (kind) {
    case ArrivalKind.NetworkInterface: return eniOf(c, id).id;
    case ArrivalKind.Internet: return 'the internet';
    case ArrivalKind.OnPremises: return `on-premises via ${onPremConnectionAt(c.t, id)!.id}`;
    case ArrivalKind.AwsService: return `an AWS service via ${c.t.vpcEndpoints[id]!.id}`;
    case ArrivalKind.AmazonService: return `the ${AMAZON_SERVICE_NAMES[id as AmazonService]}`;
  }
  throw new Error(`vpcsim internal error: unknown arrival kind ${kind}`);
}

/** TRACE-13: where the forward packet was delivered instead of the destination (an ENI by its instance and id). */
function notDestinationText(c: HopContext, kind: number, id: number): string {
  if (kind !== ArrivalKind.NetworkInterface) return arrivalText(c, kind, id);
  const eni = eniOf(c, id);
  return `${instanceOrInterface(c, eni).res!.logicalId} (${eni.id})`;
}

const networkInterface: HopExplainer = (h, c) => {
  if (h.component === HopComponent.None) {
    const type = 'AWS::EC2::NetworkInterface';
    if (h.code === Code.NO_SOURCE_OR_DESTINATION) return { action: 'the source network interface is not in the model', res: null, type };
    if (h.note === HopNote.NotDestination) return { action: `the packet is delivered to ${notDestinationText(c, h.ref, h.ref2)}, not to the destination`, res: null, type };
    return { action: `the response is delivered to ${arrivalText(c, h.ref, h.ref2)}, not to the source`, res: null, type };
  }
  if (h.component === HopComponent.Vpc) {
    const vpc = c.t.vpcs[h.id]!;
    return { action: h.code === Code.UNKNOWN_DESTINATION ? `no network interface in ${vpc.logicalId} has address ${dstText(h)}` : `VPC ${vpc.logicalId} has no internet gateway` };
  }
  const eni = eniOf(c, h.id);
  switch (h.code) {
    case Code.BAD_STATE: {
      // TRACE-12: down in the scenario (MC-1, MC-2); RT-10: a stopped instance.
      const instance = instanceOrInterface(c, eni).res as { logicalId: string; state?: string };
      if (h.note === HopNote.Down) return { action: `${instance.logicalId} is down${downRootText(c, h.ref, h.ref2)}` };
      return { action: `instance ${instance.logicalId} is ${instance.state}` };
    }
    case Code.NO_PATH: return { action: 'a transit gateway attachment interface is not a destination' };
    // TRACE-15: RFC 1122 3.2.1.3 (127.0.0.0/8 "MUST NOT appear outside a host"), RFC 4291 2.5.3 (::1).
    case Code.VPCSIM_LOOPBACK_DESTINATION: return { action: `${dstText(h)} is a loopback address: it stays inside the host and is never sent to the network` };
    case Code.ENI_SOURCE_DEST_CHECK_RESTRICTION: return { action: `${idText(eni)} has source/destination check enabled and ${dstText(h)} is not its address` };
  }
  if (h.note === HopNote.Forwards) return { action: `forwards (source/destination check disabled on ${eni.id})` };
  if (h.note === HopNote.InsideHost) return { action: `delivered to ${dstText(h)}, its own address, inside the host; no security group, network ACL or route table sees it` };
  if (h.note === HopNote.Reply) return { action: `delivered to ${dstText(h)} on ${eni.id}; network ACLs and security groups do not filter it` };
  return { action: `delivered to ${dstText(h)} on ${eni.id}` };
};

/** SG-1..7: the allowing rule, the tracked response (SG-7), or why nothing allows the packet. */
function securityGroups(h: WalkHop, c: HopContext): HopText {
  const egress = h.kind === HopKind.SECURITY_GROUP_EGRESS;
  const dir = egress ? 'outbound' : 'inbound';
  if (h.rule?.kind === 'security-group-rule') {
    return { action: describeSgDecision(c.ix, { allowed: true, rule: h.rule.rule, noRules: false }, egress, h.packet, '') };
  }
  if (h.code === Code.REACHABLE) return { action: `${dir} response of a tracked connection (security groups are stateful)` };
  const decision = { allowed: false, noRules: h.code === Code.SG_HAS_NO_RULES, referencingBlocked: h.code === Code.SG_REFERENCING_SUPPORT };
  const why = describeSgDecision(c.ix, decision, egress, h.packet, egress ? dstText(h) : srcText(h));
  const { res, type } = securityGroupsOf(c, eniOf(c, h.id));
  return { action: `blocked by ${type === 'AWS::EC2::SecurityGroup' ? 'security group' : 'the security groups of'} ${idText(res!)} ${dir}: ${why}` };
}

const interfaceEndpoint: HopExplainer = (h, c) => {
  const ep = h.component === HopComponent.VpcEndpoint ? c.t.vpcEndpoints[h.id]! : undefined;
  const name = ep?.logicalId ?? eniOf(c, h.id).logicalId;
  const type = 'AWS::EC2::VPCEndpoint';
  if (h.code === Code.VPCE_INTRA_VPC_TRAFFIC) return { action: `VPC endpoint ${name} does not initiate connections`, type };
  if (h.code === Code.PROTOCOL_RESTRICTION) return { action: 'interface endpoints accept TCP only', type };
  return { action: `delivered to interface endpoint ${name} (${ep?.serviceName ?? 'service'})`, type };
};

const awsService: HopExplainer = (h, c) => {
  if (h.component === HopComponent.ServiceOfEndpoint) return { action: `delivered to ${c.t.vpcEndpoints[h.id]!.serviceName} at ${dstText(h)}` };
  // NACL-12: named by the address the instance talked to.
  const name = AMAZON_SERVICE_NAMES[h.id as AmazonService];
  if (h.note === HopNote.InsideHost) return { action: `delivered to ${dstText(h)}, its own address, inside the host; no security group, network ACL or route table sees it` };
  if (h.note === HopNote.Reply) return { action: `reply from the ${name}`, res: { id: srcText(h), logicalId: name } };
  const address = dstText(h);
  return { action: `delivered to the ${name} at ${address}; network ACLs and security groups do not filter it`, res: { id: address, logicalId: name } };
};

export const INTERFACE_HOPS: Record<number, HopExplainer> = {
  [HopKind.NETWORK_INTERFACE]: networkInterface,
  [HopKind.SECURITY_GROUP_EGRESS]: securityGroups,
  [HopKind.SECURITY_GROUP_INGRESS]: securityGroups,
  [HopKind.INTERFACE_ENDPOINT]: interfaceEndpoint,
  [HopKind.AWS_SERVICE]: awsService,
};
