// Gateways (SEMANTICS §5, §8): internet gateways (GW-1), egress-only internet gateways, NAT gateways
// (GW-7), virtual private gateways, customer gateways, VPN connections (HYB-1, HYB-2) and Direct
// Connect virtual interfaces and gateways (HYB-8, HYB-9).
import type {
  DirectConnectGateway,
  EgressOnlyInternetGateway,
  InternetGateway,
  NatGateway,
  TransitGatewayAttachment,
  VirtualInterface,
  VpnConnection,
  VpnGateway,
} from '../types.js';
import { fail, subjectOf, type ValidationContext } from './context.js';
import { requirePublicIpv4 } from './public-ipv4.js';

/**
 * A VPC has at most one gateway of the kind attached: `rule` ends the message. Each gateway has one
 * vpcId in the model, so the other half (one VPC per gateway) is the importer's to refuse.
 */
function onePerVpc(ctx: ValidationContext, kind: 'internetGateways' | 'vpnGateways', rule: string): (gw: InternetGateway | VpnGateway) => void {
  const attached = new Map<string, InternetGateway | VpnGateway>();
  return (gw) => {
    const s = subjectOf(kind, gw);
    if (gw.vpcId === undefined) return;
    ctx.require(s, 'VpcId', 'vpcs', gw.vpcId);
    const other = attached.get(gw.vpcId);
    if (other) fail(s, 'VpcId', `VpcId: ${ctx.label(gw.vpcId)} already has ${ctx.label(other.id)} attached; ${rule}`, 'Resource.AlreadyAssociated');
    attached.set(gw.vpcId, gw);
  };
}

export function checkInternetGateway(ctx: ValidationContext): (igw: InternetGateway) => void {
  return onePerVpc(ctx, 'internetGateways', 'a VPC has one internet gateway (GW-1)');
}

export function checkEgressOnlyInternetGateway(ctx: ValidationContext): (eigw: EgressOnlyInternetGateway) => void {
  return (eigw) => {
    ctx.require(subjectOf('egressOnlyInternetGateways', eigw), 'VpcId', 'vpcs', eigw.vpcId);
  };
}

export function checkNatGateway(ctx: ValidationContext): (nat: NatGateway) => void {
  return (nat) => {
    const s = subjectOf('natGateways', nat);
    const subnet = ctx.require(s, 'SubnetId', 'subnets', nat.subnetId);
    // CreateNatGateway places an ENI in the subnet with a private IPv4 address of the subnet; the NAT
    // gateway translates to that address (GW-8), so it cannot work without one.
    const eni = ctx.require(s, 'NetworkInterfaceId', 'networkInterfaces', nat.networkInterfaceId);
    if (eni.subnetId !== nat.subnetId) fail(s, 'NetworkInterfaceId', `NetworkInterfaceId: ${ctx.label(eni.id)} is in ${ctx.label(eni.subnetId)}, not in ${ctx.label(nat.subnetId)}`);
    if (!eni.privateIps.some((ip) => ip.primary && ip.address?.family === 4)) {
      const why = subnet.cidrBlock ? 'no primary private IPv4 address' : `no private IPv4 address: ${ctx.label(subnet.id)} has no IPv4 CIDR block`;
      fail(s, 'NetworkInterfaceId', `NetworkInterfaceId: ${ctx.label(eni.id)} has ${why}; a NAT gateway needs one (GW-8)`, 'InvalidParameterValue');
    }
    // GW-7: a public NAT gateway has an Elastic IP.
    if (nat.connectivityType === 'public' && !nat.allocationId && !nat.publicIp) {
      fail(s, 'AllocationId', 'AllocationId is required for a public NAT gateway (GW-7)', 'MissingParameter');
    }
    if (nat.connectivityType === 'private' && (nat.allocationId || nat.publicIp)) {
      fail(s, 'AllocationId', 'a private NAT gateway has no Elastic IP (GW-15)', 'InvalidParameterCombination');
    }
    if (nat.publicIp) requirePublicIpv4(s, 'PublicIp', nat.publicIp);
  };
}

export function checkVpnGateway(ctx: ValidationContext): (vgw: VpnGateway) => void {
  return onePerVpc(ctx, 'vpnGateways', 'a VPC has one virtual private gateway');
}

// HYB-1, HYB-2: two tunnels at most; terminates on exactly one of a VGW or a TGW, and on a TGW through
// exactly one VPN attachment. HYB-4: a VGW's connection carries IPv4 only.
export function checkVpnConnection(ctx: ValidationContext): (vpn: VpnConnection) => void {
  const attachments = vpnAttachmentsByConnection(ctx);
  return (vpn) => {
    const s = subjectOf('vpnConnections', vpn);
    ctx.require(s, 'CustomerGatewayId', 'customerGateways', vpn.customerGatewayId);
    if (vpn.vpnGatewayId && vpn.transitGatewayId) {
      fail(s, 'VpnGatewayId', 'VpnGatewayId and TransitGatewayId are both set; a VPN connection terminates on one (HYB-2)', 'InvalidParameterCombination');
    }
    if (vpn.vpnGatewayId) {
      ctx.require(s, 'VpnGatewayId', 'vpnGateways', vpn.vpnGatewayId);
      // HYB-4: a virtual private gateway does not support IPv6 on Site-to-Site VPN connections.
      const v6Route = vpn.staticRoutes.find((p) => p.family === 6);
      if (v6Route) fail(s, 'DestinationCidrBlock', `static route ${v6Route.text} is IPv6; a VPN connection on a virtual private gateway carries IPv4 only (HYB-4)`, 'InvalidParameterValue');
      const v6Bgp = vpn.bgpPrefixes.find((p) => p.family === 6);
      if (v6Bgp) fail(s, 'BgpPrefixes', `BGP prefix ${v6Bgp.text} is IPv6; a VPN connection on a virtual private gateway carries IPv4 only (HYB-4)`, 'InvalidParameterValue');
    } else if (vpn.transitGatewayId) {
      ctx.require(s, 'TransitGatewayId', 'transitGateways', vpn.transitGatewayId);
      // HYB-2: CreateVpnConnection on a TGW creates its VPN attachment; importers and the builder add it.
      const own = (attachments.get(vpn.id) ?? []).filter((a) => a.transitGatewayId === vpn.transitGatewayId);
      if (own.length === 0) {
        fail(s, 'TransitGatewayId', `TransitGatewayId: ${ctx.label(vpn.transitGatewayId)} has no VPN attachment for this connection (HYB-2)`, 'InvalidTransitGatewayAttachmentID.NotFound');
      }
      if (own.length > 1) {
        fail(s, 'TransitGatewayId', `TransitGatewayId: ${own.map((a) => ctx.label(a.id)).join(' and ')} both attach this connection to ${ctx.label(vpn.transitGatewayId)}; it has one VPN attachment (HYB-2)`, 'DuplicateTransitGatewayAttachment');
      }
    } else fail(s, 'VpnGatewayId', 'VpnGatewayId or TransitGatewayId is required (HYB-2)', 'MissingParameter');
    if (vpn.tunnels.length > 2) fail(s, 'VgwTelemetry', `${vpn.tunnels.length} tunnels; a VPN connection has two (HYB-1)`, 'InvalidParameterValue');
  };
}

/** VPN attachments by the connection they name, in logical-id order (C-4). */
function vpnAttachmentsByConnection(ctx: ValidationContext): Map<string, TransitGatewayAttachment[]> {
  const out = new Map<string, TransitGatewayAttachment[]>();
  for (const a of ctx.inOrder('transitGatewayAttachments') as TransitGatewayAttachment[]) {
    if (a.resourceType !== 'vpn') continue;
    const list = out.get(a.resourceId) ?? [];
    list.push(a);
    out.set(a.resourceId, list);
  }
  return out;
}

// HYB-8: private VIF to a VGW or DX gateway; transit VIF to a DX gateway; public VIF to neither.
export function checkVirtualInterface(ctx: ValidationContext): (vif: VirtualInterface) => void {
  return (vif) => {
    const s = subjectOf('virtualInterfaces', vif);
    ctx.require(s, 'ConnectionId', 'directConnectConnections', vif.connectionId);
    if (vif.vpnGatewayId) ctx.require(s, 'VirtualGatewayId', 'vpnGateways', vif.vpnGatewayId);
    if (vif.directConnectGatewayId) ctx.require(s, 'DirectConnectGatewayId', 'directConnectGateways', vif.directConnectGatewayId);
    const targets = (vif.vpnGatewayId ? 1 : 0) + (vif.directConnectGatewayId ? 1 : 0);
    if (vif.kind === 'private' && targets !== 1) {
      fail(s, 'VirtualGatewayId', 'a private virtual interface needs exactly one of VirtualGatewayId, DirectConnectGatewayId (HYB-8)', 'DirectConnectClientException');
    }
    if (vif.kind === 'transit' && (!vif.directConnectGatewayId || vif.vpnGatewayId)) {
      fail(s, 'DirectConnectGatewayId', 'a transit virtual interface attaches to a Direct Connect gateway only (HYB-8)', 'DirectConnectClientException');
    }
    if (vif.kind === 'public' && targets !== 0) {
      fail(s, 'VirtualGatewayId', 'a public virtual interface attaches to no gateway (HYB-8)', 'DirectConnectClientException');
    }
  };
}

// HYB-9: a DX gateway associates virtual private gateways or transit gateways.
export function checkDirectConnectGateway(ctx: ValidationContext): (dxgw: DirectConnectGateway) => void {
  return (dxgw) => {
    const s = subjectOf('directConnectGateways', dxgw);
    for (const assoc of dxgw.associations) {
      const kind = ctx.kindOf(assoc.gatewayId);
      if (kind !== 'vpnGateways' && kind !== 'transitGateways') {
        fail(s, 'AssociatedGateway', `AssociatedGateway ${ctx.label(assoc.gatewayId)} is not a virtual private gateway or transit gateway (HYB-9)`, 'DirectConnectClientException');
      }
    }
  };
}
