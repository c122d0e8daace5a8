// NACL-12: services an instance reaches on the host itself, which neither network ACLs nor security
// groups filter: the Amazon DNS server (the VPC's primary IPv4 base + 2, and 169.254.169.253),
// instance metadata (169.254.169.254) and Amazon Time Sync (169.254.169.123), plus their IPv6
// addresses on Nitro instances (fd00:ec2::253, fd00:ec2::254, fd00:ec2::123).
import { AmazonService } from '../../abi/hops.js';
import { parseAddress, type Family } from '../model/ip.js';
import type { NetworkInterface, Vpc } from '../model/types.js';
import type { AmazonProvidedService } from '../walk/result.js';

const LINK_LOCAL: ReadonlyArray<{ family: Family; value: bigint; service: AmazonProvidedService }> = [
  ['169.254.169.253', 'dns'],
  ['169.254.169.254', 'instance-metadata'],
  ['169.254.169.123', 'time-sync'],
  ['fd00:ec2::253', 'dns'],
  ['fd00:ec2::254', 'instance-metadata'],
  ['fd00:ec2::123', 'time-sync'],
].map(([text, service]) => {
  const a = parseAddress(text!);
  return { family: a.family, value: a.value, service: service as AmazonProvidedService };
});

/** The engine's number for each service (AmazonService, abi/hops.ts), as hops name them. */
export const AMAZON_SERVICE: Record<AmazonProvidedService, AmazonService> = {
  dns: AmazonService.Dns,
  'instance-metadata': AmazonService.InstanceMetadata,
  'time-sync': AmazonService.TimeSync,
};

/** ENIs that run an operating system which asks these services: instance and user-created ENIs. */
export function asksAmazonProvidedServices(eni: NetworkInterface): boolean {
  return eni.kind === 'instance' || eni.kind === 'interface';
}

/**
 * The Amazon-provided service at `dst` for an ENI in `vpc`, if any. Only the ENI's own VPC's DNS
 * address (primary CIDR base + 2, ADDR-7) counts: another VPC's base + 2 is not served across peering,
 * TGW or VPN.
 */
export function amazonProvidedServiceAt(vpc: Vpc, family: Family, dst: bigint): AmazonProvidedService | undefined {
  const primary = vpc.cidrBlocks[0];
  if (family === 4 && primary && dst === primary.addr + 2n) return 'dns';
  return LINK_LOCAL.find((s) => s.family === family && s.value === dst)?.service;
}
