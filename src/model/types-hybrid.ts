// The hybrid part of the topology model: Site-to-Site VPN (virtual private gateways, customer gateways,
// connections and their tunnels) and Direct Connect (connections, virtual interfaces, gateways), the
// HYB-* rules of SEMANTICS.md. Re-exported by ./types.ts, where the Topology lists them.
import type { Address, Prefix } from './ip.js';
import type { Resource } from './resource.js';

export interface VpnGateway extends Resource {
  vpcId?: string;
  amazonSideAsn: number;
}

export interface CustomerGateway extends Resource {
  bgpAsn: number;
  ipAddress: Address;
}

export interface VpnTunnel {
  outsideIp?: Address;
  status: 'UP' | 'DOWN';
}

export interface VpnConnection extends Resource {
  customerGatewayId: string;
  vpnGatewayId?: string;
  transitGatewayId?: string;
  staticRoutesOnly: boolean;
  /** Static routes declared on the connection. */
  staticRoutes: Prefix[];
  /** HYB-3 CHOICE: prefixes the customer gateway advertises over BGP (model input). */
  bgpPrefixes: Prefix[];
  /** RT-8 CHOICE: AS_PATH length of the BGP advertisements (default 1). */
  asPathLength: number;
  tunnels: VpnTunnel[];
}

export interface DirectConnectGatewayAssociation {
  /** Virtual private gateway or transit gateway id. */
  gatewayId: string;
  allowedPrefixes: Prefix[];
}

export interface DirectConnectGateway extends Resource {
  amazonSideAsn: number;
  associations: DirectConnectGatewayAssociation[];
}

export interface DirectConnectConnection extends Resource {
  state: 'available' | 'down';
  location?: string;
}

export interface VirtualInterface extends Resource {
  kind: 'private' | 'transit' | 'public';
  connectionId: string;
  /** Private VIF straight to a VGW. */
  vpnGatewayId?: string;
  /** Private or transit VIF to a DX gateway. */
  directConnectGatewayId?: string;
  /** HYB-12 CHOICE: on-premises networks advertised over this VIF. */
  onPremisesPrefixes: Prefix[];
  state: 'available' | 'down';
}
