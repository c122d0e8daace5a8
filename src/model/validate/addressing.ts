// Addressing rules (SEMANTICS §1): VPC and subnet CIDR sizes and containment, subnet overlaps,
// and the private/IPv6 addresses of network interfaces (inside the subnet, unique, not reserved).
import { parsePrefix, prefixContains, prefixCovers, prefixLast, prefixesOverlap, type Address, type Prefix } from '../ip.js';
import type { NetworkInterface, Subnet, Vpc } from '../types.js';
import { fail, subjectOf, type Subject, type ValidationContext } from './context.js';
import { overlapPartners, type Placed } from './overlaps.js';
import { requirePublicIpv4 } from './public-ipv4.js';
import { NumberTable } from './number-table.js';

const texts = (ps: Prefix[]): string => ps.map((p) => p.text).join(', ');

/** IPv4 ranges a VPC CIDR block cannot use (Amazon VPC User Guide, "VPC CIDR blocks"). */
const RESTRICTED_VPC_RANGES: ReadonlyArray<[Prefix, string]> = [
  [parsePrefix('0.0.0.0/8'), '"this network"'],
  [parsePrefix('127.0.0.0/8'), 'loopback'],
  [parsePrefix('169.254.0.0/16'), 'link-local'],
  [parsePrefix('224.0.0.0/4'), 'multicast'],
  [parsePrefix('255.255.255.255/32'), 'broadcast'],
];

// ADDR-1, ADDR-2, ADDR-4.
export function checkVpc(ctx: ValidationContext): (vpc: Vpc) => void {
  return (vpc) => {
    const s = subjectOf('vpcs', vpc);
    if (vpc.cidrBlocks.length === 0) fail(s, 'CidrBlock', 'CidrBlock is missing: a VPC needs an IPv4 CIDR block', 'MissingParameter');
    vpc.cidrBlocks.forEach((block, i) => {
      const field = i === 0 ? 'CidrBlock' : 'CidrBlock (secondary)';
      if (block.family !== 4) fail(s, 'CidrBlock', `${field} ${block.text} is not an IPv4 CIDR block`, 'InvalidVpc.Range');
      if (block.len < 16 || block.len > 28) {
        fail(s, 'CidrBlock', `${field} ${block.text} is not /16 to /28 (ADDR-1)`, 'InvalidVpc.Range');
      }
      const restricted = RESTRICTED_VPC_RANGES.find(([range]) => block.family === 4 && prefixesOverlap(range, block));
      if (restricted) fail(s, 'CidrBlock', `${field} ${block.text} is in ${restricted[0].text} (${restricted[1]}), which a VPC cannot use (ADDR-1)`, 'InvalidVpc.Range');
      const clash = vpc.cidrBlocks.slice(0, i).find((earlier) => prefixesOverlap(earlier, block));
      if (clash) fail(s, 'CidrBlock', `${field} ${block.text} overlaps ${clash.text}, already in the VPC (ADDR-2)`, 'VpcCidrConflict');
    });
    vpc.ipv6CidrBlocks.forEach((block, i) => {
      if (block.family !== 6) fail(s, 'Ipv6CidrBlock', `Ipv6CidrBlock ${block.text} is not an IPv6 CIDR block`, 'InvalidVpc.Range');
      // ADDR-4 CHOICE: Amazon-provided blocks are /56; IPAM/BYOIP blocks /44 to /60.
      if (block.len < 44 || block.len > 60) {
        fail(s, 'Ipv6CidrBlock', `Ipv6CidrBlock ${block.text} is not /44 to /60 (ADDR-4)`, 'InvalidVpc.Range');
      }
      const clash = vpc.ipv6CidrBlocks.slice(0, i).find((earlier) => prefixesOverlap(earlier, block));
      if (clash) fail(s, 'Ipv6CidrBlock', `Ipv6CidrBlock ${block.text} overlaps ${clash.text}, already in the VPC`, 'VpcCidrConflict');
    });
    // RT-1, NACL-1, SG-8: the defaults must be this VPC's own.
    const main = ctx.require(s, 'MainRouteTableId', 'routeTables', vpc.mainRouteTableId);
    if (main.vpcId !== vpc.id) fail(s, 'MainRouteTableId', `main route table ${ctx.label(main.id)} belongs to ${ctx.label(main.vpcId)}`);
    const acl = ctx.require(s, 'DefaultNetworkAcl', 'networkAcls', vpc.defaultNetworkAclId);
    if (acl.vpcId !== vpc.id) fail(s, 'DefaultNetworkAcl', `default network ACL ${ctx.label(acl.id)} belongs to ${ctx.label(acl.vpcId)}`);
    const sg = ctx.require(s, 'DefaultSecurityGroup', 'securityGroups', vpc.defaultSecurityGroupId);
    if (sg.vpcId !== vpc.id) fail(s, 'DefaultSecurityGroup', `default security group ${ctx.label(sg.id)} belongs to ${ctx.label(sg.vpcId)}`);
  };
}

const ZONE_NAME = /^([a-z]{2}(?:-[a-z]+)+-\d+)[a-z]$/;

// ADDR-5, ADDR-6, C-5.
export function checkSubnet(ctx: ValidationContext): (subnet: Subnet) => void {
  // ADDR-6: overlaps are found once per VPC, then reported on the subnet visited first.
  const byVpc = new Map<string, Placed<Subnet>[]>();
  for (const subnet of ctx.t.subnets) {
    const list = byVpc.get(subnet.vpcId) ?? [];
    if (subnet.cidrBlock) list.push({ prefix: subnet.cidrBlock, owner: subnet, key: subnet.logicalId });
    if (subnet.ipv6CidrBlock) list.push({ prefix: subnet.ipv6CidrBlock, owner: subnet, key: subnet.logicalId });
    byVpc.set(subnet.vpcId, list);
  }
  const partners = new Map<Subnet, Placed<Subnet>>();
  for (const list of byVpc.values()) for (const [k, v] of overlapPartners(list)) partners.set(k, v);

  return (subnet) => {
    const s = subjectOf('subnets', subnet);
    const vpc = ctx.require(s, 'VpcId', 'vpcs', subnet.vpcId);
    const zone = ZONE_NAME.exec(subnet.availabilityZone);
    if (zone && zone[1] !== ctx.t.region) {
      fail(s, 'AvailabilityZone', `AvailabilityZone ${subnet.availabilityZone} is not in the model's Region ${ctx.t.region} (C-5)`, 'InvalidParameterValue');
    }
    if (!subnet.cidrBlock && !subnet.ipv6CidrBlock) {
      fail(s, 'CidrBlock', 'CidrBlock is missing: a subnet needs an IPv4 or an IPv6 CIDR block', 'MissingParameter');
    }
    const v4 = subnet.cidrBlock;
    if (v4) {
      if (v4.family !== 4) fail(s, 'CidrBlock', `CidrBlock ${v4.text} is not an IPv4 CIDR block`, 'InvalidSubnet.Range');
      if (v4.len < 16 || v4.len > 28) fail(s, 'CidrBlock', `CidrBlock ${v4.text} is not /16 to /28 (ADDR-5)`, 'InvalidSubnet.Range');
      if (!vpc.cidrBlocks.some((b) => prefixCovers(b, v4))) {
        fail(s, 'CidrBlock', `CidrBlock ${v4.text} is outside ${ctx.label(vpc.id)} (${texts(vpc.cidrBlocks)})`, 'InvalidSubnet.Range');
      }
    }
    const v6 = subnet.ipv6CidrBlock;
    if (v6) {
      if (v6.family !== 6) fail(s, 'Ipv6CidrBlock', `Ipv6CidrBlock ${v6.text} is not an IPv6 CIDR block`, 'InvalidSubnet.Range');
      // ADDR-4 CHOICE: /64 for Amazon-provided blocks, /44 to /64 for IPAM/BYOIP.
      if (v6.len < 44 || v6.len > 64) fail(s, 'Ipv6CidrBlock', `Ipv6CidrBlock ${v6.text} is not /44 to /64 (ADDR-4)`, 'InvalidSubnet.Range');
      if (!vpc.ipv6CidrBlocks.some((b) => prefixCovers(b, v6))) {
        const has = vpc.ipv6CidrBlocks.length ? texts(vpc.ipv6CidrBlocks) : 'no IPv6 CIDR block';
        fail(s, 'Ipv6CidrBlock', `Ipv6CidrBlock ${v6.text} is outside ${ctx.label(vpc.id)} (${has})`, 'InvalidSubnet.Range');
      }
    }
    const other = partners.get(subnet);
    if (other) {
      const mine = [v4, v6].find((p) => p && prefixesOverlap(p, other.prefix))!;
      const field = mine.family === 4 ? 'CidrBlock' : 'Ipv6CidrBlock';
      fail(s, field, `${field} ${mine.text} overlaps ${ctx.label(other.owner.id)} (${other.prefix.text}) (ADDR-6)`, 'InvalidSubnet.Conflict');
    }
  };
}

const V4_RESERVED = ['the network address', 'the VPC router', 'the Amazon DNS server', 'reserved for future use'];

/** ADDR-7, ADDR-8: why `address` is reserved in `block`, or undefined. */
function reservedReason(block: Prefix, address: Address): string | undefined {
  if (block.family === 4 && address.family === 4) return reservedReason4(block4Of(block), Number(address.value));
  const offset = address.value - block.addr;
  if (address.value === prefixLast(block)) return block.family === 4 ? 'the broadcast address' : 'the last address';
  if (offset < 4n) return block.family === 4 ? V4_RESERVED[Number(offset)] : `one of the first four addresses`;
  return undefined;
}

/** reservedReason of an IPv4 address in an IPv4 block, in numbers (no bigint per address: 100,000s of ENIs). */
function reservedReason4(block: Block4, value: number): string | undefined {
  if (value === block.broadcast) return 'the broadcast address';
  const offset = value - block.base;
  return offset < 4 ? V4_RESERVED[offset] : undefined;
}

/** An IPv4 block in numbers, for the addresses of its ENIs. */
interface Block4 {
  prefix: Prefix;
  base: number;
  size: number;
  /** base / size, rounded down: an address is in the block when value / size rounds down to it. */
  net: number;
  broadcast: number;
}

function block4Of(prefix: Prefix): Block4 {
  const base = Number(prefix.addr);
  const size = 2 ** (32 - prefix.len);
  const net = Math.floor(base / size);
  return { prefix, base, size, net, broadcast: net * size + size - 1 };
}

// ADDR-7 to ADDR-10, ADDR-14, ADDR-15 (public IPs are public); SG-9 groups must be in the ENI's VPC.
export function checkNetworkInterface(ctx: ValidationContext): (eni: NetworkInterface) => void {
  // The ENIs in visit order: the owner tables hold positions in it.
  const visited: NetworkInterface[] = [];
  // Private IPv4 -> ENI, keyed by the VPC's number (in order of first sight) above the address.
  const privateOwner4 = new NumberTable(ctx.t.networkInterfaces.length);
  const vpcNumbers = new Map<string, number>();
  let lastVpc: string | undefined;
  let lastVpcNumber = 0;
  const vpcNumber = (vpcId: string): number => {
    if (vpcId !== lastVpc) {
      lastVpc = vpcId;
      lastVpcNumber = vpcNumbers.get(vpcId) ?? vpcNumbers.size;
      vpcNumbers.set(vpcId, lastVpcNumber);
    }
    return lastVpcNumber;
  };
  const privateOwner6 = new Map<string, Map<bigint, NetworkInterface>>();
  // Keyed by the address's number (its text is canonical, ip.ts): no string per public IP.
  const publicOwner = new NumberTable(ctx.t.networkInterfaces.length);

  // The last IPv4 block in numbers: the ENIs of a subnet are usually listed together.
  let lastBlock4: Block4 | undefined;
  const checkAddress = (s: Subject, eni: NetworkInterface, subnet: Subnet, field: string, address: Address): void => {
    const block = address.family === 4 ? subnet.cidrBlock : subnet.ipv6CidrBlock;
    if (!block) {
      fail(s, field, `${field} ${address.text}: ${ctx.label(subnet.id)} has no IPv${address.family} CIDR block`, 'InvalidParameterValue');
    }
    let inside: boolean;
    let reason: string | undefined;
    const value4 = address.family === 4 ? Number(address.value) : 0;
    if (block.family === 4 && address.family === 4) {
      if (lastBlock4?.prefix !== block) lastBlock4 = block4Of(block);
      inside = Math.floor(value4 / lastBlock4.size) === lastBlock4.net;
      reason = inside ? reservedReason4(lastBlock4, value4) : undefined;
    } else {
      inside = prefixContains(block, address);
      reason = inside ? reservedReason(block, address) : undefined;
    }
    if (!inside) {
      fail(s, field, `${field} ${address.text} is outside ${ctx.label(subnet.id)} (${block.text}) (ADDR-10)`, 'InvalidParameterValue');
    }
    if (reason) {
      const rule = address.family === 4 ? 'ADDR-7' : 'ADDR-8';
      fail(s, field, `${field} ${address.text} is reserved in ${ctx.label(subnet.id)} (${block.text}): ${reason} (${rule})`, 'AddressReserved');
    }
    // Per VPC and family, keyed by the address's number (no string per address: 100,000s on big models).
    let owner: NetworkInterface | undefined;
    if (address.family === 4) {
      const key = vpcNumber(subnet.vpcId) * 2 ** 32 + value4;
      const at = privateOwner4.get(key);
      owner = at < 0 ? undefined : visited[at];
      privateOwner4.set(key, visited.length - 1);
    } else {
      let inVpc = privateOwner6.get(subnet.vpcId);
      if (!inVpc) privateOwner6.set(subnet.vpcId, (inVpc = new Map()));
      owner = inVpc.get(address.value);
      inVpc.set(address.value, eni);
    }
    if (owner && owner !== eni) {
      fail(s, field, `${field} ${address.text} is already used by ${ctx.label(owner.id)} in ${ctx.label(subnet.vpcId)} (ADDR-10)`, 'InvalidIPAddress.InUse');
    }
    if (owner === eni) fail(s, field, `${field} ${address.text} is listed twice`, 'InvalidIPAddress.InUse');
  };

  return (eni) => {
    visited.push(eni);
    const s = subjectOf('networkInterfaces', eni);
    const subnet = ctx.require(s, 'SubnetId', 'subnets', eni.subnetId);
    let primaries = 0;
    for (const ip of eni.privateIps) if (ip.primary) primaries++;
    if (eni.privateIps.length > 0 && primaries !== 1) {
      fail(s, 'PrivateIpAddresses', `PrivateIpAddresses has ${primaries} primary addresses; exactly one must be primary`, 'InvalidParameterValue');
    }
    for (const ip of eni.privateIps) {
      if (ip.address) {
        if (ip.address.family !== 4) fail(s, 'PrivateIpAddress', `PrivateIpAddress ${ip.address.text} is not an IPv4 address`, 'InvalidParameterValue');
        checkAddress(s, eni, subnet, 'PrivateIpAddress', ip.address);
      }
      if (ip.publicIp) {
        requirePublicIpv4(s, 'PublicIp', ip.publicIp);
        const publicKey = Number(ip.publicIp.value);
        const at = publicOwner.get(publicKey);
        const owner = at < 0 ? undefined : visited[at];
        if (owner && owner !== eni) {
          fail(s, 'PublicIp', `PublicIp ${ip.publicIp.text} is already mapped to ${ctx.label(owner.id)} (ADDR-14)`, 'InvalidIPAddress.InUse');
        }
        publicOwner.set(publicKey, visited.length - 1);
      }
    }
    for (const address of eni.ipv6Addresses) {
      if (address.family !== 6) fail(s, 'Ipv6Addresses', `Ipv6Addresses ${address.text} is not an IPv6 address`, 'InvalidParameterValue');
      checkAddress(s, eni, subnet, 'Ipv6Addresses', address);
    }
    for (const groupId of eni.securityGroupIds) {
      const group = ctx.require(s, 'GroupSet', 'securityGroups', groupId);
      if (group.vpcId !== subnet.vpcId) {
        fail(s, 'GroupSet', `GroupSet: ${ctx.label(group.id)} belongs to ${ctx.label(group.vpcId)}, not to ${ctx.label(subnet.vpcId)} of ${ctx.label(subnet.id)}`, 'InvalidParameter');
      }
    }
  };
}
