// A packet leaving or reaching an ENI: is the ENI up (TRACE-12, MC-2), its security groups (SG-*), and
// what kind of ENI takes the packet in (an instance, a router appliance RT-14, an interface endpoint
// VPCE-11, a NAT gateway, a firewall endpoint). Leaving hands the packet to its subnet's route table.
import { Code } from '../../abi/codes.js';
import { DownRoot, HopComponent, HopKind, HopNote } from '../../abi/hops.js';
import { PROTOCOL_TCP } from '../model/protocols.js';
import type { NetworkInterface } from '../model/types.js';
import type { Flow } from '../walk/flow.js';
import { NO_REF } from '../walk/hop.js';
import type { Arrival } from '../walk/result.js';
import type { HopFacts, WalkContext } from './context.js';
import { natGateway } from './nat-gateway.js';
import { firewallEndpoint } from './network-firewall.js';
import { checkSecurityGroups } from './security-group-check.js';

/** A packet leaves an ENI: its security groups' egress rules, then its subnet's route table. */
export function leaveEni(w: WalkContext, eni: NetworkInterface, packet: Flow): Arrival {
  checkSecurityGroups(w, eni, true);
  return w.routeFrom(w.ix.lookup.subnets.get(eni.subnetId)!, packet, eni);
}

/** A packet reaches an ENI (the NACL inbound of its subnet was already checked). */
export function arriveAtEni(w: WalkContext, eni: NetworkInterface, packet: Flow): Arrival {
  checkUp(w, eni);
  switch (eni.kind) {
    case 'nat-gateway':
      return natGateway(w, eni, packet);
    case 'firewall-endpoint':
      return firewallEndpoint(w, eni, packet);
    case 'transit-gateway-attachment':
      return w.fail(HopKind.NETWORK_INTERFACE, Code.NO_PATH, { component: HopComponent.NetworkInterface, of: eni });
    case 'vpc-endpoint': {
      // VPCE-11: interface endpoints accept TCP only.
      if (packet.protocol !== PROTOCOL_TCP) w.block(HopKind.INTERFACE_ENDPOINT, Code.PROTOCOL_RESTRICTION, endpointOf(w, eni));
      checkSecurityGroups(w, eni, false);
      w.pass(HopKind.INTERFACE_ENDPOINT, endpointOf(w, eni));
      return { kind: 'network-interface', networkInterfaceId: eni.id };
    }
    default:
      return arriveAtInstanceEni(w, eni, packet);
  }
}

function arriveAtInstanceEni(w: WalkContext, eni: NetworkInterface, packet: Flow): Arrival {
  const own = holdsDestination(eni, packet);
  // RT-13: an ENI with source/destination check drops packets not addressed to it.
  if (!own && eni.sourceDestCheck) w.block(HopKind.NETWORK_INTERFACE, Code.ENI_SOURCE_DEST_CHECK_RESTRICTION, { component: HopComponent.NetworkInterface, of: eni });
  if (!own) checkApplianceSawRequest(w, eni);
  checkSecurityGroups(w, eni, false);
  if (own) {
    w.pass(HopKind.NETWORK_INTERFACE, { component: HopComponent.InstanceOrInterface, of: eni });
    return { kind: 'network-interface', networkInterfaceId: eni.id };
  }
  // RT-14 CHOICE: a router appliance forwards with its own subnet's route table; its SGs apply both ways.
  w.pass(HopKind.NETWORK_INTERFACE, { component: HopComponent.InstanceOrInterface, of: eni, note: HopNote.Forwards });
  // SG-4: from here on the packet is sent by the appliance, not by the ENI holding its source address.
  w.viaAppliance = true;
  return leaveEni(w, eni, packet);
}

/**
 * TGW-13: a router appliance (RT-14) is stateful; a reply it never saw the request of, because the
 * transit gateway sent it to another AZ (no appliance mode on the attachment), is dropped.
 */
function checkApplianceSawRequest(w: WalkContext, eni: NetworkInterface): void {
  if (w.direction !== 'response' || w.ingress !== 'transit-gateway' || !w.tgwPath) return;
  if (w.state.isReply(eni.id, w.packet)) return;
  const att = w.ix.tgwAttachments.get(w.tgwPath.outAttachmentId);
  if (!att || att.applianceModeSupport) return;
  w.block(HopKind.TRANSIT_GATEWAY_ATTACHMENT, Code.TGW_ATTACH_VPC_AZ_RESTRICTION, { component: HopComponent.TransitGatewayAttachment, of: att, ref: w.at(eni) });
}

/** Does the ENI hold the packet's destination as one of its private addresses? */
export function holdsDestination(eni: NetworkInterface, packet: Flow): boolean {
  if (packet.family === 4) return eni.privateIps.some((ip) => ip.address?.value === packet.dst);
  return eni.ipv6Addresses.some((a) => a.value === packet.dst);
}

/** An interface endpoint's hops name the endpoint; an endpoint ENI without one in the model names itself. */
export function endpointOf(w: WalkContext, eni: NetworkInterface): HopFacts {
  const ep = eni.ownerId ? w.ix.vpcEndpoints.get(eni.ownerId) : undefined;
  return ep ? { component: HopComponent.VpcEndpoint, of: ep } : { component: HopComponent.NetworkInterface, of: eni };
}

/** TRACE-12: a source or destination that is down, or an instance that is stopped. */
export function checkUp(w: WalkContext, eni: NetworkInterface): void {
  const instance = eni.ownerId ? w.ix.lookup.instances.get(eni.ownerId) : undefined;
  // MC-1, MC-2: the ENI, its instance, its subnet or the subnet's AZ.
  const down = w.isDown(eni.id) || w.subnetDown(eni.subnetId) || w.isDown(instance?.id);
  // GW-13, MC-2: a NAT gateway is zonal; its subnet (AZ) being down takes it down, and the NAT gateway is named.
  const nat = down && eni.kind === 'nat-gateway' ? w.ix.natGatewayOfInterface(eni) : undefined;
  const [ref, ref2] = down ? downRoot(w, eni) : [NO_REF, NO_REF];
  if (nat) w.fail(HopKind.NAT_GATEWAY, Code.BAD_STATE, { component: HopComponent.NatGateway, of: nat, note: HopNote.ZoneDown, ref, ref2 });
  if (down) w.fail(HopKind.NETWORK_INTERFACE, Code.BAD_STATE, { component: HopComponent.InstanceOrInterface, of: eni, note: HopNote.Down, ref, ref2 });
  if (instance && instance.state !== 'running') w.fail(HopKind.NETWORK_INTERFACE, Code.BAD_STATE, { component: HopComponent.InstanceOrInterface, of: eni });
}

/** MC-2, MC-14: what took a down ENI down, widest first: its AZ (rank), else its subnet (position), else itself or its instance. */
function downRoot(w: WalkContext, eni: NetworkInterface): [DownRoot, number] {
  const subnet = w.ix.lookup.subnets.get(eni.subnetId);
  if (subnet && w.isDown(subnet.availabilityZone)) return [DownRoot.Zone, w.ix.availabilityZones.indexOf(subnet.availabilityZone)];
  if (subnet && w.isDown(subnet.id)) return [DownRoot.Subnet, w.at(subnet)];
  return [DownRoot.Itself, NO_REF];
}
