// Numbers and addresses of flow log fields read from bytes (flowlog-parse.ts's tokens): a decimal
// integer, a dotted-quad IPv4 address and an IPv6 address in the forms the JS parser accepts, each
// ending at a byte <= ' '. Each sets `scanned` to where it ended, 0 when the bytes are not one.

const SPACE: i32 = 0x20;

/** Where the number or address just read ended (0: not one). */
export let scanned: usize = 0;

/** A decimal integer 0..max at p (at most 10 digits, ending at a byte <= ' '); `scanned` = its end, or 0. */
export function integer(p: usize, max: f64): f64 {
  let v: u64 = 0;
  let i = p;
  while (true) {
    const d = <u32>load<u8>(i) - 48;
    if (d > 9) break;
    v = v * 10 + d;
    i++;
  }
  const digits = i - p;
  if (digits == 0 || digits > 10 || <i32>load<u8>(i) > SPACE || <f64>v > max) {
    scanned = 0;
    return 0;
  }
  scanned = i;
  return <f64>v;
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
  let value: u32 = 0;
  let octet: u32 = 0;
  let digits = 0;
  let dots = 0;
  let i = p;
  scanned = 0;
  while (true) {
    const c = <u32>load<u8>(i);
    if (c == 0x2e) {
      if (digits == 0 || dots == 3) return 0;
      value = (value << 8) | octet;
      octet = 0;
      digits = 0;
      dots++;
    } else {
      const d = c - 48;
      if (d > 9) break;
      if (digits == 3) return 0;
      octet = octet * 10 + d;
      digits++;
      if (octet > 255) return 0;
    }
    i++;
  }
  if (dots != 3 || digits == 0 || <i32>load<u8>(i) > SPACE) return 0;
  scanned = i;
  return (value << 8) | octet;
}
