// Address classes of SEMANTICS ADDR-15 ("public address") and GW-6 (RFC 1918 / RFC 6598), shared by
// validation (Elastic IPs must be public), trace resolution (what counts as an internet host) and the walks.
import { inPrefix, makePrefix, parsePrefix, type Address, type Family, type Prefix } from './ip.js';

export interface AddressRange {
  readonly prefix: Prefix;
  readonly what: string;
}

/** ADDR-15 CHOICE: IPv4 outside these ranges is public. */
export const NON_PUBLIC_IPV4: readonly AddressRange[] = [
  ['0.0.0.0/8', 'this network'],
  ['10.0.0.0/8', 'private, RFC 1918'],
  ['100.64.0.0/10', 'shared address space, RFC 6598'],
  ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'link-local'],
  ['172.16.0.0/12', 'private, RFC 1918'],
  ['192.168.0.0/16', 'private, RFC 1918'],
  ['224.0.0.0/4', 'multicast'],
  ['240.0.0.0/4', 'reserved'],
].map(([p, what]) => ({ prefix: parsePrefix(p!), what: what! }));

export const RFC1918: readonly Prefix[] = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'].map(parsePrefix);
export const RFC6598: Prefix = parsePrefix('100.64.0.0/10');
/** ADDR-15: public IPv6 is global unicast: 2000::/3 (made, not parsed: IPv6 text loads ip-num). */
export const GLOBAL_UNICAST_IPV6: Prefix = makePrefix(6, 1n << 125n, 3);

/** NON_PUBLIC_IPV4 as numbers: each range's first address and size (no bigint per test: a public IP per instance). */
const NON_PUBLIC_IPV4_SPANS = NON_PUBLIC_IPV4.map((r) => ({ first: Number(r.prefix.addr), size: 2 ** (32 - r.prefix.len) }));

/** The non-public range an IPv4 address falls in, if any. */
export function nonPublicRangeOf(address: Address): AddressRange | undefined {
  if (address.family !== 4) return undefined;
  const value = Number(address.value);
  for (let i = 0; i < NON_PUBLIC_IPV4_SPANS.length; i++) {
    const { first, size } = NON_PUBLIC_IPV4_SPANS[i]!;
    // The ranges' host bits are zero (parsePrefix), so inside is first <= value < first + size.
    if (value >= first && value < first + size) return NON_PUBLIC_IPV4[i];
  }
  return undefined;
}

/** GW-6: an RFC 1918 private IPv4 address. */
export function isRfc1918(family: Family, value: bigint): boolean {
  return family === 4 && RFC1918.some((p) => inPrefix(p, 4, value));
}

/** GW-6: an RFC 6598 shared-address-space IPv4 address. */
export function isRfc6598(family: Family, value: bigint): boolean {
  return family === 4 && inPrefix(RFC6598, 4, value);
}

/** ADDR-15: IPv4 outside NON_PUBLIC_IPV4, IPv6 in global unicast. */
export function isPublicAddress(family: Family, value: bigint): boolean {
  if (family === 6) return inPrefix(GLOBAL_UNICAST_IPV6, 6, value);
  return !NON_PUBLIC_IPV4.some((r) => inPrefix(r.prefix, 4, value));
}
