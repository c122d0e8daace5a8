// ADDR-11 CHOICE: private addresses that the input leaves to AWS are allocated deterministically:
// the lowest free non-reserved address of the ENI's subnet (ADDR-7 / ADDR-8 reservations), ENIs
// taken in logical-id order (C-4), after every declared address has been marked as used.
import { InputError } from './errors.js';
import { addressFromValue, prefixContains, prefixLast, type Address, type Prefix } from './ip.js';
import { privateIp } from './shapes.js';
import type { NetworkInterface, Subnet, Topology } from './types.js';

/** The free addresses of a subnet block, lowest first. */
interface AddressPool {
  markUsed(address: Address): void;
  take(): Address | undefined;
}

class SubnetAddresses implements AddressPool {
  private readonly used = new Set<bigint>();
  private next: bigint;
  private readonly last: bigint;

  constructor(readonly prefix: Prefix) {
    // ADDR-7: base .. base+3 and the last address are reserved (IPv4); ADDR-8: first four and the last (IPv6).
    this.next = prefix.addr + 4n;
    this.last = prefixLast(prefix) - 1n;
  }

  markUsed(address: Address): void {
    if (prefixContains(this.prefix, address)) this.used.add(address.value);
  }

  take(): Address | undefined {
    while (this.next <= this.last && this.used.has(this.next)) this.next++;
    if (this.next > this.last) return undefined;
    const value = this.next++;
    this.used.add(value);
    return addressFromValue(this.prefix.family, value);
  }
}

/** SubnetAddresses of an IPv4 block, counted in numbers (no bigint per address: 100,000s of ENIs). */
class Subnet4Addresses implements AddressPool {
  private readonly used = new Set<number>();
  private next: number;
  private readonly last: number;

  constructor(readonly prefix: Prefix) {
    this.next = Number(prefix.addr) + 4;
    this.last = Number(prefixLast(prefix)) - 1;
  }

  markUsed(address: Address): void {
    if (prefixContains(this.prefix, address)) this.used.add(Number(address.value));
  }

  take(): Address | undefined {
    while (this.next <= this.last && this.used.has(this.next)) this.next++;
    if (this.next > this.last) return undefined;
    const value = this.next++;
    this.used.add(value);
    return addressFromValue(4, BigInt(value));
  }
}

/** Logical id, then id (the same order as comparing `${logicalId}\0${id}`, without building strings). */
function byLogicalId(a: NetworkInterface, b: NetworkInterface): number {
  if (a.logicalId !== b.logicalId) return a.logicalId < b.logicalId ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function full(subnet: Subnet, eni: NetworkInterface, family: string): InputError {
  return new InputError(`subnet '${subnet.logicalId}' has no free ${family} address left for network interface '${eni.logicalId}'`, {
    code: 'InsufficientFreeAddressesInSubnet',
  });
}

/** No primary private IPv4, or a private IPv4 without its address. */
function lacksIpv4(eni: NetworkInterface): boolean {
  let primary = false;
  const ips = eni.privateIps;
  for (let k = 0; k < ips.length; k++) {
    const ip = ips[k]!;
    if (!ip.address) return true;
    if (ip.primary) primary = true;
  }
  return !primary;
}

/** Fills in every missing private IPv4 and counted IPv6 address (mutates the ENIs). */
export function allocatePrivateAddresses(t: Topology): void {
  const subnets = new Map<string, Subnet>();
  // Each subnet id's blocks (the last subnet with a block wins, as the pools always did).
  const blocks4 = new Map<string, Prefix>();
  const blocks6 = new Map<string, Prefix>();
  for (const s of t.subnets) {
    subnets.set(s.id, s);
    if (s.cidrBlock) blocks4.set(s.id, s.cidrBlock);
    if (s.ipv6CidrBlock) blocks6.set(s.id, s.ipv6CidrBlock);
  }
  // Only the subnets of ENIs that want an address get pools (a template that declares every address
  // needs none: no set of 100,000 used addresses, no sort of every ENI).
  const wanting: NetworkInterface[] = [];
  const pooled = new Set<string>();
  // An indexed loop: this runs once per import over 100,000s of ENIs, from the interpreter (no iterator per item).
  const enis = t.networkInterfaces;
  for (let i = 0; i < enis.length; i++) {
    const eni = enis[i]!;
    // What the ENI lacks first (no lookup for an ENI that lacks nothing), then whether its subnet has a pool for it.
    const short6 = eni.ipv6Addresses.length < (eni.ipv6AddressCount ?? 0);
    if (!lacksIpv4(eni) && !short6) continue;
    if (!subnets.has(eni.subnetId)) continue; // dangling subnet: validation reports it
    const v4 = blocks4.has(eni.subnetId) && lacksIpv4(eni);
    const v6 = blocks6.has(eni.subnetId) && short6;
    if (!v4 && !v6) continue;
    wanting.push(eni);
    pooled.add(eni.subnetId);
  }
  if (wanting.length === 0) return;
  const v4 = new Map<string, AddressPool>();
  const v6 = new Map<string, AddressPool>();
  for (const id of pooled) {
    const block4 = blocks4.get(id);
    const block6 = blocks6.get(id);
    if (block4) v4.set(id, block4.family === 4 ? new Subnet4Addresses(block4) : new SubnetAddresses(block4));
    if (block6) v6.set(id, new SubnetAddresses(block6));
  }
  // Declared addresses first, so allocation never hands one out again (ADDR-10).
  for (let i = 0; i < enis.length; i++) {
    const eni = enis[i]!;
    if (!pooled.has(eni.subnetId)) continue;
    const ips = eni.privateIps;
    for (let k = 0; k < ips.length; k++) if (ips[k]!.address) v4.get(eni.subnetId)?.markUsed(ips[k]!.address!);
    const ipv6 = eni.ipv6Addresses;
    for (let k = 0; k < ipv6.length; k++) v6.get(eni.subnetId)?.markUsed(ipv6[k]!);
  }
  wanting.sort(byLogicalId);
  for (let i = 0; i < wanting.length; i++) {
    const eni = wanting[i]!;
    const subnet = subnets.get(eni.subnetId)!;
    const pool4 = v4.get(eni.subnetId);
    if (pool4 && !eni.privateIps.some((ip) => ip.primary)) eni.privateIps.unshift(privateIp(true, undefined));
    for (const ip of eni.privateIps) {
      if (ip.address || !pool4) continue;
      const address = pool4.take();
      if (!address) throw full(subnet, eni, 'IPv4');
      ip.address = address;
    }
    const pool6 = v6.get(eni.subnetId);
    const want = eni.ipv6AddressCount ?? 0;
    while (pool6 && eni.ipv6Addresses.length < want) {
      const address = pool6.take();
      if (!address) throw full(subnet, eni, 'IPv6');
      eni.ipv6Addresses.push(address);
    }
  }
}
