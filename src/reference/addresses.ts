// Address classes the gateways care about: ADDR-15 (public), GW-6 (RFC 1918 / RFC 6598).
import { GLOBAL_UNICAST_IPV6, NON_PUBLIC_IPV4, RFC1918, RFC6598 } from '../model/address-classes.js';
import type { Family, Prefix } from '../model/ip.js';

const NOT_PUBLIC_V4 = NON_PUBLIC_IPV4.map((r) => r.prefix);

export function inPrefix(prefix: Prefix, family: Family, value: bigint): boolean {
  if (prefix.family !== family) return false;
  const bits = family === 4 ? 32 : 128;
  const hostBits = BigInt(bits - prefix.len);
  return value >> hostBits === prefix.addr >> hostBits;
}

export function isRfc1918(family: Family, value: bigint): boolean {
  return family === 4 && RFC1918.some((p) => inPrefix(p, 4, value));
}

export function isRfc6598(family: Family, value: bigint): boolean {
  return family === 4 && inPrefix(RFC6598, 4, value);
}

/** ADDR-15. */
export function isPublicAddress(family: Family, value: bigint): boolean {
  if (family === 6) return inPrefix(GLOBAL_UNICAST_IPV6, 6, value);
  return !NOT_PUBLIC_V4.some((p) => inPrefix(p, 4, value));
}
