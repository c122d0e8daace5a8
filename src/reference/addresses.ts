// Address classes the gateways care about: ADDR-15 (public), GW-6 (RFC 1918 / RFC 6598).
import { parsePrefix, type Family, type Prefix } from '../model/ip.js';

const RFC1918 = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'].map(parsePrefix);
const RFC6598 = parsePrefix('100.64.0.0/10');
// ADDR-15 CHOICE: IPv4 outside these ranges is public.
const NOT_PUBLIC_V4 = ['0.0.0.0/8', '10.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12', '192.168.0.0/16', '224.0.0.0/4', '240.0.0.0/4'].map(parsePrefix);
const GLOBAL_UNICAST_V6 = parsePrefix('2000::/3');

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
  if (family === 6) return inPrefix(GLOBAL_UNICAST_V6, 6, value);
  return !NOT_PUBLIC_V4.some((p) => inPrefix(p, 4, value));
}
