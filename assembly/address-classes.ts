// Address classes the walk tests, from the address words alone (no image): RFC 1918 and RFC 6598
// for the internet gateway (GW-6), "public" for the internet (ADDR-15). The TypeScript side's ranges
// are src/model/address-classes.ts (NON_PUBLIC_IPV4, GLOBAL_UNICAST_IPV6); this is assembly/'s one copy.

/** GW-6: 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16. */
export function isRfc1918(a: u32): bool {
  return (a >>> 24) == 10 || (a >>> 20) == 0xac1 || (a >>> 16) == 0xc0a8;
}

/** GW-6: 100.64.0.0/10 (shared address space). */
export function isRfc6598(a: u32): bool {
  return (a >>> 22) == (0x6440 >>> 6);
}

/**
 * ADDR-15 CHOICE: an IPv4 address outside 0/8, 10/8, 100.64/10, 127/8, 169.254/16, 172.16/12,
 * 192.168/16, 224/4 and 240/4 is public.
 */
export function isPublic4(a: u32): bool {
  const top = a >>> 24;
  return !(top == 0 || top == 10 || top == 127 || isRfc6598(a) || (a >>> 16) == 0xa9fe || (a >>> 20) == 0xac1
    || (a >>> 16) == 0xc0a8 || top >= 224);
}

/** ADDR-15: public IPv6 is global unicast, 2000::/3 (`w0`: the address's most significant word). */
export function isPublic6(w0: u32): bool {
  return (w0 >>> 29) == 1;
}
