// Connection tracking (SG-7, SG-12, SG-13; also NAT gateway and egress-only IGW state, GW-9, GW-16):
// entries keyed on (component, family, protocol, source, destination, ports) with the time the flow
// was last seen, in simulated seconds (C-3). An entry is live while now - lastSeen <= idle timeout of
// its protocol. Flows never see each other's state (each walked flow starts an empty table), so the
// table holds one flow's entries: a few per direction (one per stateful hop, at most 2 x 64 hops).
// A list scanned from the start is cheaper for so few than hashing the 11-word key (the batch walk
// spent about 10% of its instructions hashing in the open-addressing table this replaced).
//
// Entry layout (16 u32 words = 64 bytes): the key (component, family|protocol<<8, sport|dport<<16,
// src0..3, dst0..3, a zero word), lastSeen (f64, 2 words), two value words (e.g. a NAT gateway's
// original source and port).
import { arenaAlloc } from './memory';

// Component namespaces: a security group's state is keyed by its ENI id; these bits mark the other
// stateful components, so their ids never meet an ENI's.
/** NAT gateway translations (GW-9), keyed by NAT gateway id. */
export const CT_NAT_GATEWAY: i32 = 1 << 24;
/** Egress-only internet gateway flows (GW-16), keyed by gateway id. */
export const CT_EGRESS_ONLY_IGW: i32 = 2 << 24;

const ENTRY_BYTES: usize = 64;
/** Entries per flow; inserts past it fail (a flow has at most 2 x 64 hops, each tracking at most once). */
const CAPACITY: i32 = 512;

let table: usize = 0;
let entries: i32 = 0;

// SG-12 / SG-13 idle timeouts, seconds.
const TCP_ESTABLISHED: f64 = 432000;
const UDP: f64 = 30;
const ICMP: f64 = 30;
const OTHER: f64 = 600;
/** GW-14: a NAT gateway connection idle for 350 s times out (whatever its protocol). */
export const NAT_GATEWAY_IDLE: f64 = 350;

export function idleTimeout(protocol: i32): f64 {
  if (protocol == 6) return TCP_ESTABLISHED;
  if (protocol == 17) return UDP;
  if (protocol == 1 || protocol == 58) return ICMP;
  return OTHER;
}

/** Forgets the table (engineReset() reclaims its memory). */
export function ctForget(): void {
  table = 0;
  entries = 0;
}

/** Starts a fresh, empty table (one per walked flow). */
export function ctNewFlow(): void {
  if (table == 0) table = arenaAlloc(<usize>CAPACITY * ENTRY_BYTES);
  entries = 0;
}

// @ts-ignore: decorator
@inline function pair(lo: u32, hi: u32): u64 {
  return <u64>lo | (<u64>hi << 32);
}

/**
 * The entry whose key (words 0..11) is k0..k5, or 0. The key as six u64, compared without branches:
 * most entries differ in the first word already, but a chain of 11 word compares cost more.
 */
// @ts-ignore: decorator
@inline function find(k0: u64, k1: u64, k2: u64, k3: u64, k4: u64, k5: u64): usize {
  const end = table + <usize>entries * ENTRY_BYTES;
  for (let p = table; p < end; p += ENTRY_BYTES) {
    const differ = (load<u64>(p) ^ k0) | (load<u64>(p, 8) ^ k1) | (load<u64>(p, 16) ^ k2)
      | (load<u64>(p, 24) ^ k3) | (load<u64>(p, 32) ^ k4) | (load<u64>(p, 40) ^ k5);
    if (differ == 0) return p;
  }
  return 0;
}

/** Records (or refreshes) the flow at `component`; `value` is kept with it. Returns false when full. */
// @ts-ignore: decorator
@inline export function ctInsert(component: i32, family: i32, protocol: i32, sport: i32, dport: i32,
  s0: u32, s1: u32, s2: u32, s3: u32, d0: u32, d1: u32, d2: u32, d3: u32, now: f64, value: u32, value2: u32): bool {
  const fp = <u32>family | (<u32>(protocol & 0xff) << 8);
  const ports = (<u32>sport & 0xffff) | ((<u32>dport & 0xffff) << 16);
  const k0 = pair(<u32>component, fp);
  const k1 = pair(ports, s0);
  const k2 = pair(s1, s2);
  const k3 = pair(s3, d0);
  const k4 = pair(d1, d2);
  const k5 = pair(d3, 0);
  let p = find(k0, k1, k2, k3, k4, k5);
  if (p == 0) {
    if (entries == CAPACITY) return false;
    p = table + <usize>entries * ENTRY_BYTES;
    entries++;
    store<u64>(p, k0);
    store<u64>(p, k1, 8);
    store<u64>(p, k2, 16);
    store<u64>(p, k3, 24);
    store<u64>(p, k4, 32);
    store<u64>(p, k5, 40);
  }
  store<f64>(p, now, 48);
  store<u32>(p, value, 56);
  store<u32>(p, value2, 60);
  return true;
}

/** Values of the entry found by the last successful ctLookup. */
export let ctValue: u32 = 0;
export let ctValue2: u32 = 0;

/**
 * Is there a live entry for exactly this tuple at `component`, seen at most `timeout` seconds before
 * `now`? Its values go to ctValue/ctValue2.
 */
// @ts-ignore: decorator
@inline export function ctLookup(component: i32, family: i32, protocol: i32, sport: i32, dport: i32,
  s0: u32, s1: u32, s2: u32, s3: u32, d0: u32, d1: u32, d2: u32, d3: u32, now: f64, timeout: f64): bool {
  const fp = <u32>family | (<u32>(protocol & 0xff) << 8);
  const ports = (<u32>sport & 0xffff) | ((<u32>dport & 0xffff) << 16);
  const p = find(pair(<u32>component, fp), pair(ports, s0), pair(s1, s2), pair(s3, d0), pair(d1, d2), pair(d3, 0));
  if (p == 0 || now - load<f64>(p, 48) > timeout) return false;
  ctValue = load<u32>(p, 56);
  ctValue2 = load<u32>(p, 60);
  return true;
}
