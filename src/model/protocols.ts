// IP protocol numbers as rules and packets carry them, and which of them have ports or ICMP type
// and code (NACL-7, SG-2).
export const PROTOCOL_ALL = -1;
export const PROTOCOL_ICMP = 1;
export const PROTOCOL_TCP = 6;
export const PROTOCOL_UDP = 17;
export const PROTOCOL_ICMPV6 = 58;

/** Ports apply to TCP and UDP only. */
export function hasPorts(protocol: number): boolean {
  return protocol === PROTOCOL_TCP || protocol === PROTOCOL_UDP;
}

export function isIcmp(protocol: number): boolean {
  return protocol === PROTOCOL_ICMP || protocol === PROTOCOL_ICMPV6;
}
