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

// Which tuple (addresses and ports) the packet carries, for connection tracking (conntrack.ts): the
// flow's own (TUPLE_ORIGIN, as packetSet gave it), its swap (TUPLE_REVERSE), another one seen to be
// neither (TUPLE_OTHER), or not known since a rewrite (TUPLE_UNCHECKED). Most walks never rewrite
// the packet, so their conntrack keys are this tag, not the tuple's ten words.
export const TUPLE_ORIGIN: i32 = 0;
export const TUPLE_REVERSE: i32 = 1;
export const TUPLE_OTHER: i32 = 2;
export const TUPLE_UNCHECKED: i32 = -1;
export let tuple: i32 = TUPLE_ORIGIN;
// The flow's own tuple, saved by the first rewrite (until then it is the packet, or its swap).
let originSrc0: u32 = 0;
let originSrc1: u32 = 0;
let originSrc2: u32 = 0;
let originSrc3: u32 = 0;
let originDst0: u32 = 0;
let originDst1: u32 = 0;
let originDst2: u32 = 0;
let originDst3: u32 = 0;
let originSrcPort: i32 = 0;
let originDstPort: i32 = 0;

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
  tuple = TUPLE_ORIGIN;
}

export function setSource4(address: u32): void {
  beforeRewrite();
  src0 = address;
}

export function setDestination4(address: u32): void {
  beforeRewrite();
  dst0 = address;
}

export function setSourcePort(port: i32): void {
  beforeRewrite();
  srcPort = port;
}

export function setDestinationPort(port: i32): void {
  beforeRewrite();
  dstPort = port;
}

/** A rewrite (NAT) follows: the flow's own tuple is saved while the packet still is it or its swap. */
function beforeRewrite(): void {
  if (tuple == TUPLE_ORIGIN || tuple == TUPLE_REVERSE) {
    const swapped = tuple == TUPLE_REVERSE;
    originSrc0 = swapped ? dst0 : src0; originSrc1 = swapped ? dst1 : src1;
    originSrc2 = swapped ? dst2 : src2; originSrc3 = swapped ? dst3 : src3;
    originDst0 = swapped ? src0 : dst0; originDst1 = swapped ? src1 : dst1;
    originDst2 = swapped ? src2 : dst2; originDst3 = swapped ? src3 : dst3;
    originSrcPort = swapped ? dstPort : srcPort;
    originDstPort = swapped ? srcPort : dstPort;
  }
  tuple = TUPLE_UNCHECKED;
}

/**
 * The packet's tuple tag, TUPLE_UNCHECKED resolved: a rewritten packet may carry the flow's own tuple
 * (or its swap) again, and then it must be tagged so, so that every tuple has one key.
 */
// @ts-ignore: decorator
@inline export function tupleTag(): i32 {
  return tuple != TUPLE_UNCHECKED ? tuple : checkTuple();
}

function checkTuple(): i32 {
  if (src0 == originSrc0 && src1 == originSrc1 && src2 == originSrc2 && src3 == originSrc3
    && dst0 == originDst0 && dst1 == originDst1 && dst2 == originDst2 && dst3 == originDst3
    && samePort(srcPort, originSrcPort) && samePort(dstPort, originDstPort)) tuple = TUPLE_ORIGIN;
  else if (src0 == originDst0 && src1 == originDst1 && src2 == originDst2 && src3 == originDst3
    && dst0 == originSrc0 && dst1 == originSrc1 && dst2 == originSrc2 && dst3 == originSrc3
    && samePort(srcPort, originDstPort) && samePort(dstPort, originSrcPort)) tuple = TUPLE_REVERSE;
  else tuple = TUPLE_OTHER;
  return tuple;
}

/** Ports are equal as conntrack keys hold them (16 bits). */
// @ts-ignore: decorator
@inline function samePort(a: i32, b: i32): bool {
  return ((a ^ b) & 0xffff) == 0;
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
  // TUPLE_ORIGIN <-> TUPLE_REVERSE; the swap of another tuple is another (swapping is its own inverse).
  if (tuple == TUPLE_ORIGIN || tuple == TUPLE_REVERSE) tuple ^= 1;
}
