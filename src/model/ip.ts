// Addresses and prefixes as small immutable values (Go's net/netip style): text is parsed once,
// here (IPv6 with ip-num, IPv4 dotted quads directly); everything downstream carries integers (bigint in the model, u32 words in the engine).
import { IPv6, Validator } from 'ip-num';
import { clip, quote } from './printable.js';

export type Family = 4 | 6;

export interface Address {
  readonly family: Family;
  /** The address as an unsigned integer (32 or 128 bits). */
  readonly value: bigint;
  /** Canonical text form (IPv6 compressed, lower case). */
  readonly text: string;
}

export interface Prefix {
  readonly family: Family;
  /** Network address (host bits are zero). */
  readonly addr: bigint;
  readonly len: number;
  /** Canonical text form, e.g. `10.0.0.0/16`, `2001:db8::/56`. */
  readonly text: string;
}

/**
 * Thrown by parseAddress() and parsePrefix() for text that is not an IP address or CIDR block, with the
 * reason; the importers turn it into an InputError naming the file.
 */
export class AddressParseError extends Error {}

const BITS: Record<Family, number> = { 4: 32, 6: 128 };

/** Address width in bits: 32 for IPv4, 128 for IPv6. */
export function familyBits(family: Family): number {
  return BITS[family];
}

function formatIPv4(value: bigint): string {
  const v = Number(value);
  return `${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
}

function formatIPv6(value: bigint): string {
  const groups: number[] = [];
  for (let i = 7; i >= 0; i--) groups.push(Number((value >> BigInt(i * 16)) & 0xffffn));
  // RFC 5952: compress the longest run (length >= 2) of zero groups, the first one on ties.
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) { bestStart = i; bestLen = j - i; }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  const head = hex.slice(0, bestStart).join(':');
  const tail = hex.slice(bestStart + bestLen).join(':');
  return `${head}::${tail}`;
}

/** An address as text: dotted IPv4, compressed IPv6. */
export function formatAddress(family: Family, value: bigint): string {
  return family === 4 ? formatIPv4(value) : formatIPv6(value);
}

/**
 * IPv6 texts parsed so far (null: not an address). ip-num's validator and parser take tens of
 * microseconds, and big templates repeat a few texts (`::/0` in every group's default egress rule).
 */
const ipv6Parsed = new Map<string, { value: bigint; text: string } | null>();
const IPV6_PARSED_MAX = 4096;

/** Parses an IPv4 or IPv6 address; throws AddressParseError with a reason. */
export function parseAddress(text: string): Address {
  if (typeof text !== 'string' || text.length === 0 || text.length > 64) {
    throw new AddressParseError(`not an IP address: ${quote(text)}`);
  }
  if (text.includes(':')) {
    let parsed = ipv6Parsed.get(text);
    if (parsed === undefined) {
      const [ok] = Validator.isValidIPv6String(text);
      if (ok) {
        const value = new IPv6(text).getValue();
        parsed = { value, text: formatIPv6(value) };
      } else parsed = null;
      if (ipv6Parsed.size >= IPV6_PARSED_MAX) ipv6Parsed.clear();
      ipv6Parsed.set(text, parsed);
    }
    if (!parsed) throw new AddressParseError(`not an IPv6 address: ${text}`);
    return { family: 6, value: parsed.value, text: parsed.text };
  }
  const value = ipv4Value(text);
  if (value < 0) throw new AddressParseError(`not an IPv4 address: ${text}`);
  // DOTTED_QUAD admits only the canonical form (no leading zeros), so the text is kept as given.
  return { family: 4, value: BigInt(value), text };
}

/**
 * Dotted-quad IPv4 as an unsigned 32-bit number, or -1. Accepts exactly what ip-num's validator
 * does (four octets 0-255 of one to three decimal digits, no leading zeros) without its per-octet
 * objects, and without a regular expression's match array and four substrings: 1,000-VPC templates
 * parse a few hundred thousand addresses.
 */
function ipv4Value(text: string): number {
  const n = text.length;
  let i = 0;
  let value = 0;
  for (let part = 0; part < 4; part++) {
    if (part > 0) {
      if (text.charCodeAt(i) !== 0x2e) return -1;
      i++;
    }
    const start = i;
    let octet = 0;
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c < 0x30 || c > 0x39) break;
      if (i - start === 3) return -1;
      octet = octet * 10 + (c - 0x30);
    }
    if (i === start || (i - start > 1 && text.charCodeAt(start) === 0x30) || octet > 255) return -1;
    value = value * 256 + octet;
  }
  return i === n ? value : -1;
}

/** Parses `addr/len`. Host bits must be zero (EC2 refuses such blocks). */
export function parsePrefix(text: string): Prefix {
  if (typeof text !== 'string') throw new AddressParseError(`not a CIDR block: ${quote(text)}`);
  const slash = text.indexOf('/');
  if (slash < 0) throw new AddressParseError(`not a CIDR block (no /length): ${clip(text)}`);
  const lenText = text.slice(slash + 1);
  const address = parseAddress(text.slice(0, slash));
  const bits = BITS[address.family];
  if (!/^\d{1,3}$/.test(lenText) || Number(lenText) > bits) {
    throw new AddressParseError(`bad prefix length /${clip(lenText)} in ${clip(text)} (0-${bits} for IPv${address.family})`);
  }
  const len = Number(lenText);
  if ((address.value & hostMask(address.family, len)) !== 0n) {
    throw new AddressParseError(`host bits set in ${text} (network address is ${formatAddress(address.family, address.value & ~hostMask(address.family, len) & allOnes(address.family))}/${len})`);
  }
  return makePrefix(address.family, address.value, len);
}

/**
 * A Prefix of `family` from its network address and length (the address is taken as it is: parsePrefix()
 * refuses host bits).
 */
export function makePrefix(family: Family, addr: bigint, len: number): Prefix {
  return { family, addr, len, text: `${formatAddress(family, addr)}/${len}` };
}

function allOnes(family: Family): bigint {
  return (1n << BigInt(BITS[family])) - 1n;
}

function hostMask(family: Family, len: number): bigint {
  return (1n << BigInt(BITS[family] - len)) - 1n;
}

/** BigInt(n) for n = 0..128: host-bit counts, built once. */
const SHIFTS: readonly bigint[] = Array.from({ length: 129 }, (_, n) => BigInt(n));

/**
 * Is the address `value` of `family` inside `prefix`? The one containment test of the TypeScript side:
 * every prefix check (route matching, rule peers, address classes, overlaps) goes through it.
 */
export function inPrefix(prefix: Prefix, family: Family, value: bigint): boolean {
  if (prefix.family !== family) return false;
  const host = SHIFTS[BITS[family] - prefix.len]!;
  return value >> host === prefix.addr >> host;
}

/**
 * A key for the network of `prefix` cut to its first `len` bits (len <= prefix.len): two prefixes
 * get the same key for a length exactly when both lie inside one network of that length.
 */
export function networkKey(prefix: Prefix, len: number): string {
  return `${prefix.family}|${len}|${prefix.addr >> SHIFTS[BITS[prefix.family] - len]!}`;
}

/** Whether `address` is inside `prefix` (false across families). */
export function prefixContains(prefix: Prefix, address: Address): boolean {
  return inPrefix(prefix, address.family, address.value);
}

/** True when `inner` lies entirely inside `outer`. */
export function prefixCovers(outer: Prefix, inner: Prefix): boolean {
  return inner.len >= outer.len && inPrefix(outer, inner.family, inner.addr);
}

/** Whether two prefixes share an address (false across families). */
export function prefixesOverlap(a: Prefix, b: Prefix): boolean {
  return prefixCovers(a, b) || prefixCovers(b, a);
}

/** Last address of the prefix (broadcast for IPv4). */
export function prefixLast(prefix: Prefix): bigint {
  return prefix.addr | hostMask(prefix.family, prefix.len);
}

/** An Address of `family` from its numeric value. */
export function addressFromValue(family: Family, value: bigint): Address {
  return { family, value, text: formatAddress(family, value) };
}
