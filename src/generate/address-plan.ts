// Non-overlapping address space for generated VPCs. Subnets are sized for their instances plus a
// few service ENIs (NAT gateway, TGW attachment, endpoints) and the five reserved addresses
// (ADDR-7); VPC blocks hold all their subnets and stay within /16../28 (ADDR-1). Up to 256 VPCs get
// the familiar 10.i.0.0/16; more are packed as smaller blocks into 10/8, then 100.64/10, 172.16/12.
import { InputError } from '../model/errors.js';
import { makePrefix, type Prefix } from '../model/ip.js';

/** Addresses base+4 .. base+9 stay free for service ENIs; instances start at base+10. */
export const FIRST_INSTANCE_OFFSET = 10;

const POOLS: Array<{ addr: number; len: number }> = [
  { addr: 0x0a000000, len: 8 }, // 10.0.0.0/8
  { addr: 0x64400000, len: 10 }, // 100.64.0.0/10
  { addr: 0xac100000, len: 12 }, // 172.16.0.0/12
];

export interface AddressPlan {
  vpcPrefixLength: number;
  subnetPrefixLength: number;
  vpcCidr(index: number): Prefix;
  subnetCidr(vpc: Prefix, index: number): Prefix;
  /** The pools in use, for summary routes to a hub (e.g. 10.0.0.0/8 -> tgw). */
  summaries: Prefix[];
}

const log2ceil = (n: number): number => Math.ceil(Math.log2(Math.max(1, n)));

/** The prefix lengths of subnets and of the smallest VPC block holding them; the subnets-do-not-fit error (ADDR-1). */
function sizes(subnetsPerVpc: number, instancesPerSubnet: number, applianceSubnet: boolean): { subnetPrefixLength: number; minVpcLength: number } {
  const subnetPrefixLength = Math.min(24, 32 - log2ceil(instancesPerSubnet + FIRST_INSTANCE_OFFSET + 1));
  const minVpcLength = subnetPrefixLength - log2ceil(subnetsPerVpc + (applianceSubnet ? 1 : 0));
  if (subnetPrefixLength < 16 || minVpcLength < 16) {
    const what = applianceSubnet ? `${subnetsPerVpc} subnets and the router appliance's` : `${subnetsPerVpc} subnets`;
    throw new InputError(`${what} of ${instancesPerSubnet} instances do not fit in one /16 VPC (ADDR-1)`, { field: 'subnets' });
  }
  return { subnetPrefixLength, minVpcLength };
}

const blocksOf = (vpcPrefixLength: number): number[] => POOLS.map((p) => 2 ** (vpcPrefixLength - p.len));

/**
 * How many VPCs of more than 256 fit in the pools (each a block of /vpcPrefixLength: the smallest that holds
 * its subnets, /28 at most); up to 256 VPCs are /16s, which always fit. Throws the ADDR-1 error when the
 * subnets do not fit in one VPC.
 */
export function vpcCapacity(subnetsPerVpc: number, instancesPerSubnet: number, applianceSubnet = false): { vpcPrefixLength: number; capacity: number } {
  const vpcPrefixLength = Math.min(28, sizes(subnetsPerVpc, instancesPerSubnet, applianceSubnet).minVpcLength);
  return { vpcPrefixLength, capacity: blocksOf(vpcPrefixLength).reduce((a, b) => a + b, 0) };
}

/**
 * `applianceSubnet`: one more subnet slot per VPC, after the others, for the router appliance (generate.ts).
 * The number of VPCs is checked first (checkGenerateOptions: at most vpcCapacity()).
 */
export function planAddresses(vpcs: number, subnetsPerVpc: number, instancesPerSubnet: number, applianceSubnet = false): AddressPlan {
  const { subnetPrefixLength, minVpcLength } = sizes(subnetsPerVpc, instancesPerSubnet, applianceSubnet);
  const vpcPrefixLength = vpcs <= 256 ? 16 : Math.min(28, minVpcLength);
  const blocksPer = blocksOf(vpcPrefixLength);
  if (vpcs > blocksPer.reduce((a, b) => a + b, 0)) throw new RangeError(`planAddresses: ${vpcs} VPCs of /${vpcPrefixLength} do not fit (checkGenerateOptions bounds them)`);
  const summaries: Prefix[] = [];
  let left = vpcs;
  for (let p = 0; p < POOLS.length && left > 0; p++) {
    summaries.push(makePrefix(4, BigInt(POOLS[p]!.addr), POOLS[p]!.len));
    left -= blocksPer[p]!;
  }
  const vpcSize = 2 ** (32 - vpcPrefixLength);
  const subnetSize = 2 ** (32 - subnetPrefixLength);
  return {
    vpcPrefixLength,
    subnetPrefixLength,
    summaries,
    vpcCidr(index) {
      let i = index;
      for (let p = 0; p < POOLS.length; p++) {
        if (i < blocksPer[p]!) return makePrefix(4, BigInt(POOLS[p]!.addr + i * vpcSize), vpcPrefixLength);
        i -= blocksPer[p]!;
      }
      throw new RangeError(`VPC index ${index} beyond the plan`);
    },
    subnetCidr(vpc, index) {
      return makePrefix(4, vpc.addr + BigInt(index * subnetSize), subnetPrefixLength);
    },
  };
}
