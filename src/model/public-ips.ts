// Deterministic public IPv4 addresses for things AWS would pick from its own pool: auto-assigned
// public IPv4 (ADDR-12) and Elastic IPs declared in templates. CHOICE (docs/semantics.md,
// "Public IPv4 pool"): addresses come from 3.0.0.0/8 (an Amazon range, public under ADDR-15),
// chosen by hashing the owner's id so that adding one resource does not renumber the others;
// collisions probe to the next address.
import { addressFromValue, type Address } from './ip.js';

const POOL_BASE = 0x03000000; // 3.0.0.0
const POOL_SIZE = 1 << 24; // /8

const utf8 = new TextEncoder();

/** 32-bit FNV-1a of the UTF-8 bytes of `text` (an ASCII text's bytes are its code units: no encoding). */
export function fnv1a32(text: string): number {
  let h = 0x811c9dc5;
  let ascii = true;
  for (let i = 0; i < text.length && ascii; i++) ascii = text.charCodeAt(i) < 0x80;
  if (ascii) {
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    return h >>> 0;
  }
  for (const b of utf8.encode(text)) h = Math.imul(h ^ b, 0x01000193);
  return h >>> 0;
}

/** A pool that never hands out the same address twice and skips addresses already in use. */
export class PublicIpPool {
  /** One bit per address of the pool's /8 (2 MB): only addresses in the pool are ever asked about. */
  private readonly used = new Uint32Array(POOL_SIZE >>> 5);

  private isUsed(offset: number): boolean {
    return (this.used[offset >>> 5]! & (1 << (offset & 31))) !== 0;
  }

  private markUsed(offset: number): void {
    this.used[offset >>> 5]! |= 1 << (offset & 31);
  }

  /** Marks an address (e.g. a declared Elastic IP) as taken. */
  reserve(address: Address): void {
    if (address.family !== 4) return;
    const offset = Number(address.value) - POOL_BASE;
    if (offset >= 0 && offset < POOL_SIZE) this.markUsed(offset);
  }

  /** The address for `key` (the owner's id): stable for the same key and the same reserved set. */
  allocate(key: string): Address {
    let offset = fnv1a32(key) % POOL_SIZE;
    for (;;) {
      const host = offset & 0xff;
      // Skip .0 and .255 so no address looks like a network or broadcast address.
      if (host !== 0 && host !== 0xff && !this.isUsed(offset)) {
        this.markUsed(offset);
        return addressFromValue(4, BigInt(POOL_BASE + offset));
      }
      offset = (offset + 1) % POOL_SIZE;
    }
  }
}
