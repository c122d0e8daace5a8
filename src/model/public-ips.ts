// Deterministic public IPv4 addresses for things AWS would pick from its own pool: auto-assigned
// public IPv4 (ADDR-12) and Elastic IPs declared in templates. CHOICE (docs/semantics.md,
// "Public IPv4 pool"): addresses come from 3.0.0.0/8 (an Amazon range, public under ADDR-15),
// chosen by hashing the owner's id so that adding one resource does not renumber the others;
// collisions probe to the next address.
import { addressFromValue, type Address } from './ip.js';

const POOL_BASE = 0x03000000n; // 3.0.0.0
const POOL_SIZE = 1n << 24n; // /8

function fnv1a32(text: string): number {
  let h = 0x811c9dc5;
  for (const b of new TextEncoder().encode(text)) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** A pool that never hands out the same address twice and skips addresses already in use. */
export class PublicIpPool {
  private readonly used = new Set<bigint>();

  /** Marks an address (e.g. a declared Elastic IP) as taken. */
  reserve(address: Address): void {
    if (address.family === 4) this.used.add(address.value);
  }

  /** The address for `key` (the owner's id): stable for the same key and the same reserved set. */
  allocate(key: string): Address {
    let offset = BigInt(fnv1a32(key)) % POOL_SIZE;
    for (;;) {
      const host = offset & 0xffn;
      const value = POOL_BASE + offset;
      // Skip .0 and .255 so no address looks like a network or broadcast address.
      if (host !== 0n && host !== 0xffn && !this.used.has(value)) {
        this.used.add(value);
        return addressFromValue(4, value);
      }
      offset = (offset + 1n) % POOL_SIZE;
    }
  }
}
