// Who holds an address, from the image's address tables (abi/image.ts; docs/engine-abi.md): the ENI
// holding a private address in a VPC (ADDR-10; IPv4 through the address index, address-index.ts,
// IPv6 by binary search of the VPC's sorted Owner6 range), the ENI behind a public IPv4 / Elastic IP
// or IPv6 address (GW-3, GW-5), the ENI holding a private address in any VPC (the Anywhere tables),
// the Amazon-provided service at an address (NACL-12), and whether an address is inside a VPC's or a
// subnet's CIDR. Lookups "of the destination" read the packet being walked (packet.ts).
import { AmazonService } from '../abi/hops';
import { EniDetailField, EniField, EniFlag, PrefixField, Section, SubnetField, VpcCidrField, VpcField } from '../abi/image';
import { AddressScope, EniIp4Field, EniIp6Field, Owner4Field, Owner6Field, Public4Field } from '../abi/image-addresses';
import { NONE } from '../abi/version';
import { addressIndexFind, ownerInVpc4 } from './address-index';
import { eni, eniDetail, field, prefixContains, prefixHoldsPacket, record, recordCount, vpc } from './image';
import { packet } from './packet';
import { compare6 } from './sg';

/** The ENI holding `a` as a private address in VPC `v` (ADDR-10), or NONE. */
export function ownerInVpc(v: i32, family: i32, a0: u32, a1: u32, a2: u32, a3: u32): i32 {
  if (family == 4) return ownerInVpc4(v, a0);
  const start = vpc(v, VpcField.Owner6Start);
  return findOwner6(Section.Owner6, start, start + vpc(v, VpcField.Owner6Count), a0, a1, a2, a3);
}

/** ownerInVpc of the packet's destination: IPv4 inline, the other words read only for IPv6 (as prefixHoldsPacket). */
// @ts-ignore: decorator
@inline export function ownerOfDestinationInVpc(v: i32): i32 {
  return packet.family == 4 ? ownerInVpc4(v, packet.dst0) : ownerOfDestination6(v);
}

function ownerOfDestination6(v: i32): i32 {
  return ownerInVpc(v, 6, packet.dst0, packet.dst1, packet.dst2, packet.dst3);
}

/** Does ENI `e` hold the packet's destination as a private IPv4 / IPv6 address? */
export function ownsDestination(e: i32): bool {
  if (packet.family == 4) {
    const primary = <u32>eni(e, EniField.PrimaryIp4);
    // The inner test a load (packet.dst0), so it stays a branch (walk.ts startFromHost).
    if (primary == packet.dst0) {
      if (packet.dst0 != 0) return true;
    }
    // Most ENIs hold no other IPv4 address: their detail record is not read.
    if (!(eni(e, EniField.Flags) & EniFlag.MoreIp4)) return false;
    return holdsOtherIp4(e, primary, packet.dst0);
  }
  const start = eniDetail(e, EniDetailField.Ip6Start);
  const end = start + eniDetail(e, EniDetailField.Ip6Count);
  for (let i = start; i < end; i++) {
    const r = record(Section.EniIp6, EniIp6Field.Stride, i);
    if (compare6(r + (<usize>EniIp6Field.W0 << 2), packet.dst0, packet.dst1, packet.dst2, packet.dst3) == 0) return true;
  }
  return false;
}

/**
 * Does ENI `e` (`EniFlag.MoreIp4` set, `primary` its primary IPv4 address or 0) hold `a` as one of its
 * other private IPv4 addresses?
 */
export function holdsOtherIp4(e: i32, primary: u32, a: u32): bool {
  // The primary address is the first record, when there is one.
  const first = eniDetail(e, EniDetailField.Ip4Start);
  const start = first + (primary != 0 ? 1 : 0);
  const end = first + eniDetail(e, EniDetailField.Ip4Count);
  for (let i = start; i < end; i++) {
    if (<u32>field(record(Section.EniIp4, EniIp4Field.Stride, i), EniIp4Field.Private) == a) return true;
  }
  return false;
}

/** The EniIp4 record of ENI `e` whose private address is `a` (its public IPv4, GW-2), or -1. */
export function eniIp4Record(e: i32, a: u32): i32 {
  const start = eniDetail(e, EniDetailField.Ip4Start);
  const end = start + eniDetail(e, EniDetailField.Ip4Count);
  for (let i = start; i < end; i++) {
    if (<u32>field(record(Section.EniIp4, EniIp4Field.Stride, i), EniIp4Field.Private) == a) return i;
  }
  return -1;
}

/** The Public4 record (the table's slot) of a public IPv4 / EIP (GW-3), or -1. */
export function publicRecord4(a: u32): i32 {
  return addressIndexFind(AddressScope.Public, a);
}

/** The ENI owning the destination as a public address (IPv4 public/EIP, or any IPv6 address, GW-5), or NONE. */
export function ownerOfPublic(): i32 {
  if (packet.family == 4) {
    const r = publicRecord4(packet.dst0);
    return r < 0 ? NONE : field(record(Section.Public4, Public4Field.Stride, r), Public4Field.Eni);
  }
  return findOwner6(Section.Public6, 0, recordCount(Section.Public6), packet.dst0, packet.dst1, packet.dst2, packet.dst3);
}

/** The ENI holding the destination as a private address in any VPC (GW-3, GW-4: unreachable from the internet), or NONE. */
export function ownerAnywhere(): i32 {
  if (packet.family == 4) return findOwner4(Section.Anywhere4, 0, recordCount(Section.Anywhere4), packet.dst0);
  return findOwner6(Section.Anywhere6, 0, recordCount(Section.Anywhere6), packet.dst0, packet.dst1, packet.dst2, packet.dst3);
}

/** Is the address inside one of VPC `v`'s CIDR blocks of the packet's family? */
export function inVpcCidr(v: i32, a0: u32, a1: u32, a2: u32, a3: u32): bool {
  const start = vpc(v, VpcField.CidrStart);
  const end = start + vpc(v, VpcField.CidrCount);
  for (let i = start; i < end; i++) {
    const r = record(Section.VpcCidr, VpcCidrField.Stride, i);
    if (prefixContains(r + (<usize>VpcCidrField.Prefix << 2), packet.family, a0, a1, a2, a3)) return true;
  }
  return false;
}

/** Is the destination inside subnet `s`'s CIDR? Validation guarantees its ENIs' addresses are (ADDR-10). */
export function inSubnet(s: i32): bool {
  const r = record(Section.Subnet, SubnetField.Stride, s);
  const p = r + (<usize>(packet.family == 4 ? SubnetField.Cidr4 : SubnetField.Cidr6) << 2);
  return prefixHoldsPacket(p, true);
}

/** inSubnet for an IPv4 packet: one test of the block's u64 network and mask (SubnetField.Net4; a subnet without one matches nothing). */
// @ts-ignore: decorator
@inline export function inSubnet4(s: i32): bool {
  const r = record(Section.Subnet, SubnetField.Stride, s);
  return ((<u64>packet.dst0 ^ load<u64>(r + (<usize>SubnetField.Net4 << 2))) & load<u64>(r + (<usize>SubnetField.Mask4 << 2))) == 0;
}

/**
 * NACL-12: the Amazon-provided service at the destination for an ENI in VPC `v`, or -1: the DNS
 * server at the VPC's primary IPv4 CIDR base + 2 (ADDR-7) or 169.254.169.253, instance metadata
 * (169.254.169.254), Time Sync (169.254.169.123), and their IPv6 addresses fd00:ec2::253/254/123.
 */
export function amazonProvidedServiceAt(v: i32): i32 {
  if (packet.family == 4) {
    const a = packet.dst0;
    // A VPC CIDR is /16 to /28 (ADDR-1), so its base + 2 ends in 0x2: most flows skip the VPC record.
    if ((a & 0xf) == 2 && vpc(v, VpcField.CidrCount) > 0) {
      const primary = record(Section.VpcCidr, VpcCidrField.Stride, vpc(v, VpcField.CidrStart)) + (<usize>VpcCidrField.Prefix << 2);
      if (field(primary, PrefixField.Family) == 4 && a == <u32>field(primary, PrefixField.W0) + 2) return AmazonService.Dns;
    }
    // The link-local services: one compare for the flows (nearly all) outside 169.254.0.0/16.
    if ((a >>> 16) != 0xa9fe) return -1;
    if (a == 0xa9fea9fd) return AmazonService.Dns;
    if (a == 0xa9fea9fe) return AmazonService.InstanceMetadata;
    if (a == 0xa9fea97b) return AmazonService.TimeSync;
    return -1;
  }
  if (packet.dst0 != 0xfd000ec2 || packet.dst1 != 0 || packet.dst2 != 0) return -1;
  if (packet.dst3 == 0x253) return AmazonService.Dns;
  if (packet.dst3 == 0x254) return AmazonService.InstanceMetadata;
  if (packet.dst3 == 0x123) return AmazonService.TimeSync;
  return -1;
}

/** Binary search of an Owner4 section range for `a`; the ENI or NONE. */
function findOwner4(section: i32, lo: i32, hi: i32, a: u32): i32 {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const r = record(section, Owner4Field.Stride, mid);
    const v = <u32>field(r, Owner4Field.Address);
    if (v == a) return field(r, Owner4Field.Eni);
    if (v < a) lo = mid + 1;
    else hi = mid;
  }
  return NONE;
}

/** Binary search of an Owner6 section range for a0..a3; the ENI or NONE. */
function findOwner6(section: i32, lo: i32, hi: i32, a0: u32, a1: u32, a2: u32, a3: u32): i32 {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const r = record(section, Owner6Field.Stride, mid);
    const c = compare6(r + (<usize>Owner6Field.W0 << 2), a0, a1, a2, a3);
    if (c == 0) return field(r, Owner6Field.Eni);
    if (c < 0) lo = mid + 1;
    else hi = mid;
  }
  return NONE;
}
