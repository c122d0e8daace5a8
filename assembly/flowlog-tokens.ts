// Numbers and addresses of flow log fields read from bytes (flowlog-parse.ts's tokens): a decimal
// integer, a dotted-quad IPv4 address and an IPv6 address in the forms the JS parser accepts, each
// ending at a byte <= ' '. Each sets `scanned` to where it ended, 0 when the bytes are not one.

const SPACE: i32 = 0x20;
const DOT: i32 = 0x2e;

/** Where the number or address just read ended (0: not one). */
export let scanned: usize = 0;

/** A decimal integer 0..max at p (at most 10 digits, ending at a byte <= ' '); `scanned` = its end, or 0. */
export function integer(p: usize, max: u64): u64 {
  let v: u64 = 0;
  let i = p;
  while (true) {
    const d = <u32>load<u8>(i) - 48;
    if (d > 9) break;
    v = v * 10 + d;
    i++;
  }
  const digits = i - p;
  if (digits == 0 || digits > 10 || <i32>load<u8>(i) > SPACE || v > max) {
    scanned = 0;
    return 0;
  }
  scanned = i;
  return v;
}

/** Groups of the IPv6 address being read. */
const groups: usize = memory.data(32);

/**
 * An IPv6 address at p into 4 words at `out` (most significant first), in the forms the JS parser
 * (ip-num) accepts that matter here: groups of 1-4 hex digits, at most one '::' standing for at least
 * one zero group, ending at a byte <= ' '. Embedded IPv4 and zones are left to JS. `scanned` = its end, or 0.
 */
export function ipv6(p: usize, out: usize): void {
  scanned = 0;
  let n = 0;
  let gap = -1;
  let i = p;
  if (<i32>load<u8>(i) == 0x3a) {
    if (<i32>load<u8>(i + 1) != 0x3a) return;
    gap = 0;
    i += 2;
  }
  if (gap < 0 || <i32>load<u8>(i) > SPACE) {
    while (true) {
      let value: u32 = 0;
      let digits = 0;
      while (true) {
        const c = <u32>load<u8>(i);
        let d: u32 = 0;
        if (c - 48 <= 9) d = c - 48;
        else if ((c | 0x20) - 97 <= 5) d = (c | 0x20) - 87;
        else break;
        value = (value << 4) | d;
        digits++;
        i++;
      }
      if (digits == 0 || digits > 4 || n == 8) return;
      store<u32>(groups + (<usize>n << 2), value);
      n++;
      const c = <i32>load<u8>(i);
      if (c <= SPACE) break;
      if (c != 0x3a) return;
      if (<i32>load<u8>(i + 1) == 0x3a) {
        if (gap >= 0) return;
        gap = n;
        i += 2;
        if (<i32>load<u8>(i) <= SPACE) break;
      } else i++;
    }
  }
  if (gap < 0 ? n != 8 : n > 7) return;
  // Expand: groups before the gap, zeros, the rest at the end.
  memory.fill(out, 0, 16);
  const tail = gap < 0 ? 0 : n - gap;
  const head = n - tail;
  for (let k = 0; k < head; k++) orGroup(out, k, load<u32>(groups + (<usize>k << 2)));
  for (let k = 0; k < tail; k++) orGroup(out, 8 - tail + k, load<u32>(groups + (<usize>(head + k) << 2)));
  scanned = i;
}

/** Sets 16-bit group k (0 = most significant) of the 4 words at `out`. */
// @ts-ignore: decorator
@inline
function orGroup(out: usize, k: i32, value: u32): void {
  const word = out + (<usize>(k >> 1) << 2);
  store<u32>(word, load<u32>(word) | (value << (k & 1 ? 0 : 16)));
}

/** A dotted-quad IPv4 address at p (ending at a byte <= ' '); `scanned` = its end, or 0. */
export function ipv4(p: usize): u32 {
  // Four octets read straight (no loop): each 1-3 digits, then '.', '.', '.' and the field's end.
  scanned = 0;
  const a = octet(p);
  if (a < 0) return 0;
  let i = p + (<usize>a >> 8);
  if (<i32>load<u8>(i) != DOT) return 0;
  const b = octet(i + 1);
  if (b < 0) return 0;
  i += 1 + (<usize>b >> 8);
  if (<i32>load<u8>(i) != DOT) return 0;
  const c = octet(i + 1);
  if (c < 0) return 0;
  i += 1 + (<usize>c >> 8);
  if (<i32>load<u8>(i) != DOT) return 0;
  const d = octet(i + 1);
  if (d < 0) return 0;
  i += 1 + (<usize>d >> 8);
  if (<i32>load<u8>(i) > SPACE) return 0;
  scanned = i;
  return ((<u32>a & 0xff) << 24) | ((<u32>b & 0xff) << 16) | ((<u32>c & 0xff) << 8) | (<u32>d & 0xff);
}

/** The 1-3 digit number at p if it is at most 255: its value | its digit count << 8; else -1. */
// @ts-ignore: decorator
@inline
function octet(p: usize): i32 {
  const a = <u32>load<u8>(p) - 48;
  if (a > 9) return -1;
  const b = <u32>load<u8>(p, 1) - 48;
  if (b > 9) return <i32>a | (1 << 8);
  const c = <u32>load<u8>(p, 2) - 48;
  if (c > 9) return <i32>(a * 10 + b) | (2 << 8);
  const v = a * 100 + b * 10 + c;
  return v > 255 ? -1 : <i32>v | (3 << 8);
}
