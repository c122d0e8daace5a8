// The packet being walked, as engine globals (no objects in WASM): family, addresses as four
// words (IPv4 in word 0), protocol, ports, ICMP type/code. The walk rewrites it at NAT hops and
// swaps it for the response.
// IP protocol numbers the walk tests.
export const TCP: i32 = 6;
export const UDP: i32 = 17;
export const ICMP: i32 = 1;
export const ICMPV6: i32 = 58;

export let family: i32 = 4;
export let src0: u32 = 0;
export let src1: u32 = 0;
export let src2: u32 = 0;
export let src3: u32 = 0;
export let dst0: u32 = 0;
export let dst1: u32 = 0;
export let dst2: u32 = 0;
export let dst3: u32 = 0;
/** IP protocol number; -1 = "all traffic" (matches only all-protocol rules). */
export let protocol: i32 = 0;
export let srcPort: i32 = 0;
export let dstPort: i32 = 0;
export let icmpType: i32 = -1;
export let icmpCode: i32 = -1;

export function packetSet(
  fam: i32, s0: u32, s1: u32, s2: u32, s3: u32, d0: u32, d1: u32, d2: u32, d3: u32,
  proto: i32, sport: i32, dport: i32, itype: i32, icode: i32,
): void {
  family = fam;
  src0 = s0; src1 = s1; src2 = s2; src3 = s3;
  dst0 = d0; dst1 = d1; dst2 = d2; dst3 = d3;
  protocol = proto;
  srcPort = sport;
  dstPort = dport;
  icmpType = itype;
  icmpCode = icode;
}

export function setSource4(address: u32): void {
  src0 = address;
}

export function setDestination4(address: u32): void {
  dst0 = address;
}

export function setSourcePort(port: i32): void {
  srcPort = port;
}

export function setDestinationPort(port: i32): void {
  dstPort = port;
}

export function setIcmp(type: i32, code: i32): void {
  icmpType = type;
  icmpCode = code;
}

/** The response: addresses and ports swapped (TRACE-5); ICMP type set by the caller. */
export function packetSwap(): void {
  let t = src0; src0 = dst0; dst0 = t;
  t = src1; src1 = dst1; dst1 = t;
  t = src2; src2 = dst2; dst2 = t;
  t = src3; src3 = dst3; dst3 = t;
  const p = srcPort; srcPort = dstPort; dstPort = p;
}
