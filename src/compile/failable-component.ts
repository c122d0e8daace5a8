// What a failable component is (MC-1) and how a down set names it: the image's component table
// (./components.ts builds it) holds these. Its own module so the image type (./image.ts) can name
// it without importing the compile stages.

export type ComponentKindName =
  | 'availability-zone'
  | 'subnet'
  | 'network-interface'
  | 'instance'
  | 'nat-gateway'
  | 'transit-gateway-attachment'
  | 'vpn-tunnel'
  | 'direct-connect-connection';

/** One failable component: index i of NetworkImage.components is component id i. */
export interface FailableComponent {
  kind: ComponentKindName;
  /**
   * The id a down set names it by: the AWS id, the AZ name (`us-east-1a`), or `<vpn id>#tunnel1` /
   * `#tunnel2` for the tunnels of a VPN connection.
   */
  id: string;
  /** The template's logical id (AZ: its name; tunnel: `<vpn logical id>#tunnelN`). */
  logicalId: string;
  /** The AZ it lives in, for zonal components (subnets, ENIs, instances, NAT gateways). */
  availabilityZone?: string;
}

/** The tunnel's component id, as down sets name it (MC-5). */
export function vpnTunnelId(vpnId: string, tunnel: number): string {
  return `${vpnId}#tunnel${tunnel + 1}`;
}
