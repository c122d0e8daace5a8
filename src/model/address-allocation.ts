// ADDR-11 CHOICE: private addresses that the input leaves to AWS are allocated deterministically:
// the lowest free non-reserved address of the ENI's subnet (ADDR-7 / ADDR-8 reservations), ENIs
// taken in logical-id order (C-4), after every declared address has been marked as used.
import { InputError } from './errors.js';
import { addressFromValue, prefixContains, prefixLast, type Address, type Prefix } from './ip.js';
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

/** Fills in every missing private IPv4 and counted IPv6 address (mutates the ENIs). */
export function allocatePrivateAddresses(t: Topology): void {
  const subnets = new Map(t.subnets.map((s) => [s.id, s]));
  const v4 = new Map<string, AddressPool>();
  const v6 = new Map<string, AddressPool>();
  for (const s of t.subnets) {
    if (s.cidrBlock) v4.set(s.id, s.cidrBlock.family === 4 ? new Subnet4Addresses(s.cidrBlock) : new SubnetAddresses(s.cidrBlock));
    if (s.ipv6CidrBlock) v6.set(s.id, new SubnetAddresses(s.ipv6CidrBlock));
  }
  // Declared addresses first, so allocation never hands one out again (ADDR-10).
  for (const eni of t.networkInterfaces) {
    for (const ip of eni.privateIps) if (ip.address) v4.get(eni.subnetId)?.markUsed(ip.address);
    for (const a of eni.ipv6Addresses) v6.get(eni.subnetId)?.markUsed(a);
  }
  for (const eni of [...t.networkInterfaces].sort(byLogicalId)) {
    const subnet = subnets.get(eni.subnetId);
    if (!subnet) continue; // dangling subnet: validation reports it
    const pool4 = v4.get(eni.subnetId);
    if (pool4 && !eni.privateIps.some((ip) => ip.primary)) eni.privateIps.unshift({ primary: true });
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
