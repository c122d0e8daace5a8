// The packet being walked, at a fixed address of linear memory (no objects in WASM): family,
// addresses as four words (IPv4 in word 0), protocol, ports, ICMP type/code. The walk rewrites it at
// NAT hops and swaps it for the response.
import { FlowColumn } from '../abi/batch';

// IP protocol numbers the walk tests.
export const TCP: i32 = 6;
export const UDP: i32 = 17;
export const ICMP: i32 = 1;
export const ICMPV6: i32 = 58;

/**
 * The packet's words at a fixed address of linear memory, laid out as a FlowColumn row of
 * batch-order.ts (the words a row holds besides the packet's, Origin and Destination, are copied with
 * it and not read), so a grouped batch sets the packet with one 64-byte copy. Every step reads it
 * through `packet` below; only the methods write it.
 */
@unmanaged class Packet {
  origin: i32;
  family: i32;
  /** IP protocol number; -1 = "all traffic" (matches only all-protocol rules). */
  protocol: i32;
  srcPort: i32;
  dstPort: i32;
  icmpType: i32;
  icmpCode: i32;
  destination: i32;
  src0: u32;
  src1: u32;
  src2: u32;
  src3: u32;
  dst0: u32;
  dst1: u32;
  dst2: u32;
  dst3: u32;

  /**
   * Sets the packet from its values (a batch's columns, a flow-log record); the addresses are four words
   * each at `src` and `dst`, copied as two u64.
   */
  // @ts-ignore: decorator
  @inline set(fam: i32, src: usize, dst: usize, proto: i32, sport: i32, dport: i32, itype: i32, icode: i32): void {
    const p = changetype<usize>(this);
    this.family = fam;
    store<u64>(p, load<u64>(src), SRC); store<u64>(p, load<u64>(src, 8), SRC + 8);
    store<u64>(p, load<u64>(dst), DST); store<u64>(p, load<u64>(dst, 8), DST + 8);
    this.protocol = proto;
    this.srcPort = sport;
    this.dstPort = dport;
    this.icmpType = itype;
    this.icmpCode = icode;
    tuple = TUPLE_ORIGIN;
  }

  /** Sets the packet from a FlowColumn row (batch-order.ts) at `row`: one copy of its 64 bytes. */
  // @ts-ignore: decorator
  @inline setRow(row: usize): void {
    const p = changetype<usize>(this);
    v128.store(p, v128.load(row)); v128.store(p, v128.load(row, 16), 16);
    v128.store(p, v128.load(row, 32), 32); v128.store(p, v128.load(row, 48), 48);
    tuple = TUPLE_ORIGIN;
  }

  setSource4(address: u32): void {
    beforeRewrite();
    this.src0 = address;
  }

  setDestination4(address: u32): void {
    beforeRewrite();
    this.dst0 = address;
  }

  setSourcePort(port: i32): void {
    beforeRewrite();
    this.srcPort = port;
  }

  setDestinationPort(port: i32): void {
    beforeRewrite();
    this.dstPort = port;
  }

  // @ts-ignore: decorator
  @inline setIcmp(type: i32, code: i32): void {
    this.icmpType = type;
    this.icmpCode = code;
  }

  /** The response: addresses and ports swapped (TRACE-5); ICMP type set by the caller. */
  swap(): void {
    const p = changetype<usize>(this);
    // Source and destination are four words each, side by side: swapped as two u64 pairs.
    const s01 = load<u64>(p, SRC); const s23 = load<u64>(p, SRC + 8);
    store<u64>(p, load<u64>(p, DST), SRC); store<u64>(p, load<u64>(p, DST + 8), SRC + 8);
    store<u64>(p, s01, DST); store<u64>(p, s23, DST + 8);
    // The ports, two adjacent words: one u64 rotated.
    store<u64>(p, rotr<u64>(load<u64>(p, SRC_PORT), 32), SRC_PORT);
    // TUPLE_ORIGIN <-> TUPLE_REVERSE; the swap of another tuple is another (swapping is its own inverse).
    if (<u32>tuple <= <u32>TUPLE_REVERSE) tuple ^= 1;
  }
}

const SRC: usize = offsetof<Packet>('src0');
const DST: usize = offsetof<Packet>('dst0');
const SRC_PORT: usize = offsetof<Packet>('srcPort');
// A row of batch-order.ts and the packet are the same words.
assert(offsetof<Packet>('family') == <usize>FlowColumn.Family << 2 && offsetof<Packet>('protocol') == <usize>FlowColumn.Protocol << 2
  && SRC_PORT == <usize>FlowColumn.SrcPort << 2 && offsetof<Packet>('dstPort') == <usize>FlowColumn.DstPort << 2
  && offsetof<Packet>('icmpType') == <usize>FlowColumn.IcmpType << 2 && offsetof<Packet>('icmpCode') == <usize>FlowColumn.IcmpCode << 2
  && SRC == <usize>FlowColumn.Src << 2 && DST == <usize>FlowColumn.Dst << 2 && offsetof<Packet>() == <usize>FlowColumn.Stride << 2);

/**
 * Whether the walk since the verdict memo last cleared this may have let the flow's source port decide
 * anything (walk-memo.ts: a flow that did not is stored for every source port). Set, conservatively,
 * wherever a value derived from the source port meets something other than an equality test:
 * the response's destination port against network ACL entries past their all-protocol shortcut
 * (nacl.ts) and security group rules (walk-eni.ts), any Network Firewall inspection (its rules read
 * both ports), the transit gateway's appliance flow hash (TGW-12). Ports below 1024 (GW-8's raise)
 * and equality with the destination port (connection tracking) are the memo's to key exactly.
 */
export let sourcePortRead: bool = false;

// @ts-ignore: decorator
@inline export function markSourcePortRead(): void {
  sourcePortRead = true;
}

// @ts-ignore: decorator
@inline export function clearSourcePortRead(): void {
  sourcePortRead = false;
}

/** The packet being walked. */
export const packet = changetype<Packet>(memory.data(<i32>FlowColumn.Stride << 2, 64));

// Which tuple (addresses and ports) the packet carries, for connection tracking (conntrack.ts): the
// flow's own (TUPLE_ORIGIN, as packet.set gave it), its swap (TUPLE_REVERSE), another one seen to be
// neither (TUPLE_OTHER), or not known since a rewrite (TUPLE_UNCHECKED). Most walks never rewrite
// the packet, so their conntrack keys are this tag, not the tuple's ten words.
export const TUPLE_ORIGIN: i32 = 0;
export const TUPLE_REVERSE: i32 = 1;
export const TUPLE_OTHER: i32 = 2;
export const TUPLE_UNCHECKED: i32 = -1;
export let tuple: i32 = TUPLE_ORIGIN;
// The flow's own tuple, saved by the first rewrite (until then it is the packet, or its swap): source
// and destination (four words each) and the two ports, as the packet holds them side by side, so the
// save is three block copies (as ten selects on the tag, V8 made ten cmov pairs).
const ORIGIN: usize = memory.data(40, 16);
const ORIGIN_DST: usize = ORIGIN + 16;
const ORIGIN_PORTS: usize = ORIGIN + 32;
assert(DST == SRC + 16 && offsetof<Packet>('dstPort') == SRC_PORT + 4);

/** A rewrite (NAT) follows: the flow's own tuple is saved while the packet still is it or its swap. */
function beforeRewrite(): void {
  const p = changetype<usize>(packet);
  if (tuple == TUPLE_ORIGIN) {
    v128.store(ORIGIN, v128.load(p, SRC));
    v128.store(ORIGIN_DST, v128.load(p, DST));
    store<u64>(ORIGIN_PORTS, load<u64>(p, SRC_PORT));
  } else if (tuple == TUPLE_REVERSE) {
    v128.store(ORIGIN, v128.load(p, DST));
    v128.store(ORIGIN_DST, v128.load(p, SRC));
    store<u64>(ORIGIN_PORTS, rotr<u64>(load<u64>(p, SRC_PORT), 32));
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
  if (tupleIs(ORIGIN, ORIGIN_DST, load<i32>(ORIGIN_PORTS), load<i32>(ORIGIN_PORTS, 4))) tuple = TUPLE_ORIGIN;
  else if (tupleIs(ORIGIN_DST, ORIGIN, load<i32>(ORIGIN_PORTS, 4), load<i32>(ORIGIN_PORTS))) tuple = TUPLE_REVERSE;
  else tuple = TUPLE_OTHER;
  return tuple;
}

/**
 * The packet carries source `src`, destination `dst` (four words each) and these ports. Each test a
 * return, the address words as u64 (a rewritten packet most often differs in its first word).
 */
// @ts-ignore: decorator
@inline function tupleIs(src: usize, dst: usize, srcPort: i32, dstPort: i32): bool {
  const p = changetype<usize>(packet);
  if (load<u64>(p, SRC) != load<u64>(src)) return false;
  if (load<u64>(p, SRC + 8) != load<u64>(src, 8)) return false;
  if (load<u64>(p, DST) != load<u64>(dst)) return false;
  if (load<u64>(p, DST + 8) != load<u64>(dst, 8)) return false;
  if (!samePort(packet.srcPort, srcPort)) return false;
  return samePort(packet.dstPort, dstPort);
}

/** Ports are equal as conntrack keys hold them (16 bits). */
// @ts-ignore: decorator
@inline function samePort(a: i32, b: i32): bool {
  return ((a ^ b) & 0xffff) == 0;
}
