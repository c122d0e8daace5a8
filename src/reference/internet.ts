// The internet side of internet gateways and egress-only internet gateways (GW-2..6, GW-16):
// leaving the model to an internet host, and entering a VPC from the internet.
import { Code } from '../../abi/codes.js';
import { HopComponent, HopKind, HopNote } from '../../abi/hops.js';
import { isPublicAddress, isRfc1918, isRfc6598 } from '../model/address-classes.js';
import type { Vpc } from '../model/types.js';
import type { Flow } from '../walk/flow.js';
import type { Arrival } from '../walk/result.js';
import type { WalkContext } from './context.js';

/** The packet leaves through an IGW or EIGW towards the internet. */
export function toInternet(w: WalkContext, packet: Flow): Arrival {
  // A public address owned by the model: the packet comes back in through that VPC's gateway.
  if (w.ix.ownerOfPublic(packet.family, packet.dst)) return w.fromInternet(packet);
  if (!isPublicAddress(packet.family, packet.dst)) return w.fail(HopKind.INTERNET, Code.UNKNOWN_DESTINATION, { component: HopComponent.None });
  w.pass(HopKind.INTERNET, { component: HopComponent.None });
  return { kind: 'internet' };
}

export function fromInternet(w: WalkContext, packet: Flow): Arrival {
  w.ingress = 'internet';
  const owner = w.ix.ownerOfPublic(packet.family, packet.dst);
  if (!owner) {
    const privateOwner = w.ix.ownerAnywhere(packet.family, packet.dst);
    if (privateOwner) {
      // GW-3, GW-4: a private-only address cannot be reached from the internet.
      const vpc = w.ix.lookup.vpcOfInterface(privateOwner.eni.id)!;
      const igw = w.ix.internetGatewayOfVpc(vpc.id);
      // Named by the VPC's internet gateway, else the ENI; Ref: the ENI holding the address.
      const named = igw ? { component: HopComponent.InternetGateway, of: igw } : { component: HopComponent.NetworkInterface, of: privateOwner.eni };
      return w.fail(HopKind.INTERNET_GATEWAY, Code.IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS, { ...named, ref: w.at(privateOwner.eni) });
    }
    return w.fail(HopKind.INTERNET, Code.UNKNOWN_DESTINATION, { component: HopComponent.None, note: HopNote.Other });
  }
  const vpc = w.ix.lookup.vpcOfInterface(owner.eni.id)!;
  const igw = w.ix.internetGatewayOfVpc(vpc.id);
  if (packet.family === 6) return ipv6FromInternet(w, vpc, packet);
  if (!igw) return w.fail(HopKind.NETWORK_INTERFACE, Code.NO_PATH, { component: HopComponent.Vpc, of: vpc });
  const hop = { component: HopComponent.InternetGateway, of: igw };
  // GW-6: the IGW drops ingress from RFC 1918 / RFC 6598 sources.
  if (isRfc1918(4, packet.src)) w.block(HopKind.INTERNET_GATEWAY, Code.IGW_SOURCE_ADDRESS_NOT_IN_RFC1918_INGRESS, hop);
  if (isRfc6598(4, packet.src)) w.block(HopKind.INTERNET_GATEWAY, Code.IGW_SOURCE_ADDRESS_NOT_IN_RFC6598_INGRESS, hop);
  // GW-3: the IGW rewrites the public IPv4 / Elastic IP to the private IP it maps to (Ref: the public address).
  const publicDst = packet.dst;
  packet.dst = owner.privateIp!.address!.value;
  w.pass(HopKind.INTERNET_GATEWAY, { ...hop, note: HopNote.Inbound, ref: Number(publicDst) | 0 });
  return w.intoVpcFromGateway(igw.id, vpc, packet);
}

export function ipv6FromInternet(w: WalkContext, vpc: Vpc, packet: Flow): Arrival {
  // GW-16: an egress-only IGW lets in only responses to flows that went out through it.
  const eigw = w.ix.egressOnlyGatewaysOfVpc(vpc.id).find((g) => w.state.isReply(g.id, packet));
  if (eigw) {
    w.pass(HopKind.EGRESS_ONLY_INTERNET_GATEWAY, { component: HopComponent.EgressOnlyInternetGateway, of: eigw, note: HopNote.Inbound });
    return w.deliverInVpc(vpc, packet, null);
  }
  const igw = w.ix.internetGatewayOfVpc(vpc.id);
  if (igw) {
    // GW-5: IPv6 through an IGW is not translated and allowed both ways.
    w.pass(HopKind.INTERNET_GATEWAY, { component: HopComponent.InternetGateway, of: igw, note: HopNote.Inbound });
    return w.intoVpcFromGateway(igw.id, vpc, packet);
  }
  const only = w.ix.egressOnlyGatewaysOfVpc(vpc.id)[0];
  if (only) return w.fail(HopKind.EGRESS_ONLY_INTERNET_GATEWAY, Code.VPCSIM_EIGW_UNSOLICITED_INBOUND, { component: HopComponent.EgressOnlyInternetGateway, of: only });
  return w.fail(HopKind.NETWORK_INTERFACE, Code.NO_PATH, { component: HopComponent.Vpc, of: vpc });
}
