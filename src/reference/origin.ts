// Where a packet starts: the forward packet at its origin (an ENI, the internet, on premises), the
// response where the forward packet arrived. An ENI's packet may never leave it: loopback (TRACE-15),
// its host's own addresses (TRACE-15 CHOICE) and the Amazon-provided services on its host (NACL-12).
import { Code } from '../../abi/codes.js';
import { HopComponent, HopKind, HopNote } from '../../abi/hops.js';
import type { NetworkInterface } from '../model/types.js';
import type { Flow, FlowOrigin } from '../walk/flow.js';
import type { AmazonProvidedService, Arrival } from '../walk/result.js';
import { AMAZON_SERVICE, amazonProvidedServiceAt, asksAmazonProvidedServices } from './amazon-provided.js';
import type { WalkContext } from './context.js';
import { fromInternet } from './internet.js';
import { checkUp, endpointOf, holdsDestination, leaveEni } from './network-interface.js';
import { fromOnPremises } from './on-premises.js';

/** The forward packet leaves its origin. */
export function startAt(w: WalkContext, origin: FlowOrigin, packet: Flow): Arrival {
  switch (origin.kind) {
    case 'network-interface': {
      const eni = w.ix.lookup.networkInterfaces.get(origin.networkInterfaceId);
      if (!eni) return w.fail(HopKind.NETWORK_INTERFACE, Code.NO_SOURCE_OR_DESTINATION, { component: HopComponent.None });
      // VPCE-12: an endpoint never initiates connections.
      if (eni.kind === 'vpc-endpoint') return w.fail(HopKind.INTERFACE_ENDPOINT, Code.VPCE_INTRA_VPC_TRAFFIC, endpointOf(w, eni));
      checkUp(w, eni);
      // TRACE-15: loopback never leaves the host; the ENI's own address is delivered inside it.
      if (isLoopback(packet)) return w.fail(HopKind.NETWORK_INTERFACE, Code.VPCSIM_LOOPBACK_DESTINATION, { component: HopComponent.InstanceOrInterface, of: eni });
      const host = hostHolding(w, eni, packet);
      if (host) return insideHost(w, host);
      const vpc = w.ix.lookup.vpcOfInterface(eni.id);
      const service = vpc && asksAmazonProvidedServices(eni) ? amazonProvidedServiceAt(vpc, packet.family, packet.dst) : undefined;
      if (service) return toAmazonProvidedService(w, eni, service);
      return leaveEni(w, eni, packet);
    }
    case 'internet':
      return fromInternet(w, packet);
    case 'on-premises':
      return fromOnPremises(w, packet, origin.via);
  }
}

/** The response leaves where the forward packet arrived. */
export function startResponseAt(w: WalkContext, arrival: Arrival, packet: Flow): Arrival {
  switch (arrival.kind) {
    case 'network-interface': {
      const eni = w.ix.lookup.networkInterfaces.get(arrival.networkInterfaceId)!;
      const host = hostHolding(w, eni, packet);
      return host ? insideHost(w, host) : leaveEni(w, eni, packet);
    }
    case 'internet':
      return fromInternet(w, packet);
    case 'on-premises':
      return fromOnPremises(w, packet, arrival.via);
    case 'aws-service':
      return fromAwsService(w, packet, arrival.via);
    case 'amazon-provided-service':
      return fromAmazonProvidedService(w, arrival);
  }
}

/** TRACE-15: 127.0.0.0/8 ("Requirements for Internet Hosts", RFC 1122 3.2.1.3) or ::1 (RFC 4291 2.5.3). */
function isLoopback(packet: Flow): boolean {
  return packet.family === 4 ? packet.dst >> 24n === 127n : packet.dst === 1n;
}

/**
 * TRACE-15 CHOICE: a packet to the sending ENI's own address is delivered by its host: one hop, no
 * security group, network ACL or route table sees it.
 */
function hostHolding(w: WalkContext, eni: NetworkInterface, packet: Flow): NetworkInterface | undefined {
  if (holdsDestination(eni, packet)) return eni;
  const instance = eni.kind === 'instance' && eni.ownerId !== undefined ? w.ix.lookup.instances.get(eni.ownerId) : undefined;
  if (!instance) return undefined;
  // AWS: every network interface of an instance is in the instance's VPC.
  const vpc = w.ix.lookup.vpcOfInterface(eni.id);
  const enis = instance.networkInterfaceIds.map((id) => w.ix.lookup.networkInterfaces.get(id));
  return enis.find((e): e is NetworkInterface => e !== undefined && e.kind === 'instance' && e.ownerId === instance.id && w.ix.lookup.vpcOfInterface(e.id) === vpc && holdsDestination(e, packet));
}

function insideHost(w: WalkContext, eni: NetworkInterface): Arrival {
  w.pass(HopKind.NETWORK_INTERFACE, { component: HopComponent.InstanceOrInterface, of: eni, note: HopNote.InsideHost });
  return { kind: 'network-interface', networkInterfaceId: eni.id };
}

/**
 * NACL-12: the instance talks to the service on its host; no security group, network ACL or route
 * table is involved, in either direction. One AWS_SERVICE hop out, AWS_SERVICE + NETWORK_INTERFACE back.
 */
function toAmazonProvidedService(w: WalkContext, eni: NetworkInterface, service: AmazonProvidedService): Arrival {
  w.pass(HopKind.AWS_SERVICE, { component: HopComponent.AmazonService, of: AMAZON_SERVICE[service] });
  return { kind: 'amazon-provided-service', service, networkInterfaceId: eni.id };
}

function fromAmazonProvidedService(w: WalkContext, arrival: { service: AmazonProvidedService; networkInterfaceId: string }): Arrival {
  const eni = w.ix.lookup.networkInterfaces.get(arrival.networkInterfaceId)!;
  w.pass(HopKind.AWS_SERVICE, { component: HopComponent.AmazonService, of: AMAZON_SERVICE[arrival.service], note: HopNote.Reply });
  w.pass(HopKind.NETWORK_INTERFACE, { component: HopComponent.InstanceOrInterface, of: eni, note: HopNote.Reply });
  return { kind: 'network-interface', networkInterfaceId: eni.id };
}

/** VPCE-*: the response of a service reached through a gateway endpoint comes back through it. */
function fromAwsService(w: WalkContext, packet: Flow, endpointId: string): Arrival {
  const ep = w.ix.vpcEndpoints.get(endpointId)!;
  const vpc = w.ix.lookup.vpcs.get(ep.vpcId)!;
  w.pass(HopKind.GATEWAY_ENDPOINT, { component: HopComponent.VpcEndpoint, of: ep, note: HopNote.Inbound });
  return w.deliverInVpc(vpc, packet, null);
}
