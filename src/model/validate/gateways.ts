// Gateways (SEMANTICS §5, §8): internet gateways (GW-1), egress-only internet gateways, NAT gateways
// (GW-7), virtual private gateways, customer gateways, VPN connections (HYB-1, HYB-2) and Direct
// Connect virtual interfaces and gateways (HYB-8, HYB-9).
import type {
  DirectConnectGateway,
  EgressOnlyInternetGateway,
  InternetGateway,
  NatGateway,
  VirtualInterface,
  VpnConnection,
  VpnGateway,
} from '../types.js';
import { fail, subjectOf, type ValidationContext } from './context.js';

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
    ctx.require(s, 'SubnetId', 'subnets', nat.subnetId);
    if (nat.networkInterfaceId) {
      const eni = ctx.require(s, 'NetworkInterfaceId', 'networkInterfaces', nat.networkInterfaceId);
      if (eni.subnetId !== nat.subnetId) fail(s, 'NetworkInterfaceId', `NetworkInterfaceId: ${ctx.label(eni.id)} is in ${ctx.label(eni.subnetId)}, not in ${ctx.label(nat.subnetId)}`);
    }
    // GW-7: a public NAT gateway has an Elastic IP.
    if (nat.connectivityType === 'public' && !nat.allocationId && !nat.publicIp) {
      fail(s, 'AllocationId', 'AllocationId is required for a public NAT gateway (GW-7)', 'MissingParameter');
    }
    if (nat.connectivityType === 'private' && (nat.allocationId || nat.publicIp)) {
      fail(s, 'AllocationId', 'a private NAT gateway has no Elastic IP (GW-15)', 'InvalidParameterCombination');
    }
  };
}

export function checkVpnGateway(ctx: ValidationContext): (vgw: VpnGateway) => void {
  return onePerVpc(ctx, 'vpnGateways', 'a VPC has one virtual private gateway');
}

// HYB-1, HYB-2: two tunnels at most; terminates on exactly one of a VGW or a TGW.
export function checkVpnConnection(ctx: ValidationContext): (vpn: VpnConnection) => void {
  return (vpn) => {
    const s = subjectOf('vpnConnections', vpn);
    ctx.require(s, 'CustomerGatewayId', 'customerGateways', vpn.customerGatewayId);
    if (vpn.vpnGatewayId && vpn.transitGatewayId) {
      fail(s, 'VpnGatewayId', 'VpnGatewayId and TransitGatewayId are both set; a VPN connection terminates on one (HYB-2)', 'InvalidParameterCombination');
    }
    if (vpn.vpnGatewayId) ctx.require(s, 'VpnGatewayId', 'vpnGateways', vpn.vpnGatewayId);
    else if (vpn.transitGatewayId) ctx.require(s, 'TransitGatewayId', 'transitGateways', vpn.transitGatewayId);
    else fail(s, 'VpnGatewayId', 'VpnGatewayId or TransitGatewayId is required (HYB-2)', 'MissingParameter');
    if (vpn.tunnels.length > 2) fail(s, 'VgwTelemetry', `${vpn.tunnels.length} tunnels; a VPN connection has two (HYB-1)`, 'InvalidParameterValue');
  };
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
