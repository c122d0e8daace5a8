// Deterministic physical ids for resources that come from templates or the builder: the same
// logical id always gives the same AWS-shaped id (`vpc-` + 17 hex digits), so runs are reproducible.

/** Lower-case hex digits by value, as character codes. */
const HEX_DIGITS = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));

/**
 * 64-bit FNV-1a over the UTF-8 bytes of `text`, as 16 hex digits. The 64-bit state is four 16-bit
 * limbs, small integers V8 keeps unboxed (BigInt arithmetic made id generation a top cost on
 * 1,000-VPC templates).
 */
export function fnv1a64Hex(text: string): string {
  return hashParts(text, undefined, undefined);
}

/**
 * FNV-1a of `a`, then (when given) NUL + `b`, then NUL + `c`, without building the joined string.
 * ASCII text (every generated and almost every real id) is hashed inline; anything else goes
 * through the UTF-8 encoder below, on the joined text.
 */
function hashParts(a: string, b: string | undefined, c: string | undefined): string {
  // Offset basis 0xcbf29ce484222325, limbs from least significant.
  let h0 = 0x2325;
  let h1 = 0x8422;
  let h2 = 0x9ce4;
  let h3 = 0xcbf2;
  const parts = b === undefined ? 1 : c === undefined ? 3 : 5;
  for (let k = 0; k < parts; k++) {
    const text = k === 0 ? a : k === 2 ? b! : k === 4 ? c! : '\u0000';
    for (let i = 0; i < text.length; i++) {
      const byte = text.charCodeAt(i);
      if (byte >= 0x80) return utf8Fnv1a64Hex(b === undefined ? a : c === undefined ? `${a}\u0000${b}` : `${a}\u0000${b}\u0000${c}`);
      // h * 0x100000001b3 mod 2^64: the prime is 2^40 + 0x1b3, so h * 0x1b3 plus (h << 40).
      h0 ^= byte;
      const p0 = h0 * 0x1b3;
      const p1 = h1 * 0x1b3 + (p0 >>> 16);
      const p2 = h2 * 0x1b3 + (p1 >>> 16) + (h0 << 8);
      const p3 = h3 * 0x1b3 + (p2 >>> 16) + (h1 << 8);
      h0 = p0 & 0xffff;
      h1 = p1 & 0xffff;
      h2 = p2 & 0xffff;
      h3 = p3 & 0xffff;
    }
  }
  return hexOf(h3, h2, h1, h0);
}

/** Four 16-bit limbs, most significant first, as one flat string of 16 hex digits. */
function hexOf(a: number, b: number, c: number, d: number): string {
  const x = HEX_DIGITS;
  return String.fromCharCode(
    x[a >>> 12]!, x[(a >>> 8) & 15]!, x[(a >>> 4) & 15]!, x[a & 15]!,
    x[b >>> 12]!, x[(b >>> 8) & 15]!, x[(b >>> 4) & 15]!, x[b & 15]!,
    x[c >>> 12]!, x[(c >>> 8) & 15]!, x[(c >>> 4) & 15]!, x[c & 15]!,
    x[d >>> 12]!, x[(d >>> 8) & 15]!, x[(d >>> 4) & 15]!, x[d & 15]!,
  );
}

/** fnv1a64Hex for text with non-ASCII characters: each UTF-8 byte of it, surrogate pairs combined. */
function utf8Fnv1a64Hex(text: string): string {
  let h0 = 0x2325;
  let h1 = 0x8422;
  let h2 = 0x9ce4;
  let h3 = 0xcbf2;
  const mix = (byte: number): void => {
    h0 ^= byte;
    const p0 = h0 * 0x1b3;
    const p1 = h1 * 0x1b3 + (p0 >>> 16);
    const p2 = h2 * 0x1b3 + (p1 >>> 16) + (h0 << 8);
    const p3 = h3 * 0x1b3 + (p2 >>> 16) + (h1 << 8);
    h0 = p0 & 0xffff;
    h1 = p1 & 0xffff;
    h2 = p2 & 0xffff;
    h3 = p3 & 0xffff;
  };
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c < 0x80) {
      mix(c);
      continue;
    }
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      }
    }
    // Lone surrogates encode as U+FFFD, as TextEncoder does.
    if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
    if (c < 0x800) {
      mix(0xc0 | (c >> 6));
    } else if (c < 0x10000) {
      mix(0xe0 | (c >> 12));
      mix(0x80 | ((c >> 6) & 0x3f));
    } else {
      mix(0xf0 | (c >> 18));
      mix(0x80 | ((c >> 12) & 0x3f));
      mix(0x80 | ((c >> 6) & 0x3f));
    }
    mix(0x80 | (c & 0x3f));
  }
  return hexOf(h3, h2, h1, h0);
}

/**
 * `physicalId('vpc', 'AppVpc')` -> `vpc-0` + 16 hex digits. `scope` separates namespaces
 * (e.g. the stack name) so two templates with the same logical ids do not collide.
 */
export function physicalId(prefix: string, logicalId: string, scope = ''): string {
  const state = prefixState(scope, prefix);
  if (state === undefined || logicalId.length > MAX_ENCODED_ID) return flatId(prefix, hashParts(scope, prefix, logicalId));
  // FNV-1a goes byte by byte: the state after `scope NUL prefix NUL` is the same for every id of a kind.
  // The id's UTF-8 bytes are copied out in one call: charCodeAt on the id (a slice of the template
  // text, or a concatenation) finds out its representation again for each character.
  const length = idEncoder.encodeInto(logicalId, idBytes).written;
  const bytes = idBytes;
  let h0 = state[0]!;
  let h1 = state[1]!;
  let h2 = state[2]!;
  let h3 = state[3]!;
  for (let i = 0; i < length; i++) {
    const byte = bytes[i]!;
    h0 ^= byte;
    const p0 = h0 * 0x1b3;
    const p1 = h1 * 0x1b3 + (p0 >>> 16);
    const p2 = h2 * 0x1b3 + (p1 >>> 16) + (h0 << 8);
    const p3 = h3 * 0x1b3 + (p2 >>> 16) + (h1 << 8);
    h0 = p0 & 0xffff;
    h1 = p1 & 0xffff;
    h2 = p2 & 0xffff;
    h3 = p3 & 0xffff;
  }
  return flatHexId(prefix, h3, h2, h1, h0);
}

/** Logical ids up to this long are hashed from idBytes (at most 3 UTF-8 bytes per UTF-16 code unit); longer ones by hashParts. */
const MAX_ENCODED_ID = 80;
const idBytes = new Uint8Array(3 * MAX_ENCODED_ID);
const idEncoder = new TextEncoder();

/** The scope the cached prefix states below belong to. */
let stateScope: string | undefined;
/** Prefix -> FNV-1a limbs after `stateScope NUL prefix NUL` (ASCII scope and prefix only). */
const prefixStates = new Map<string, readonly number[]>();

function prefixState(scope: string, prefix: string): readonly number[] | undefined {
  if (scope !== stateScope) {
    stateScope = scope;
    prefixStates.clear();
  }
  let state = prefixStates.get(prefix);
  if (state === undefined) {
    const text = `${scope}\u0000${prefix}\u0000`;
    let h0 = 0x2325;
    let h1 = 0x8422;
    let h2 = 0x9ce4;
    let h3 = 0xcbf2;
    for (let i = 0; i < text.length; i++) {
      const byte = text.charCodeAt(i);
      if (byte >= 0x80) return undefined;
      h0 ^= byte;
      const p0 = h0 * 0x1b3;
      const p1 = h1 * 0x1b3 + (p0 >>> 16);
      const p2 = h2 * 0x1b3 + (p1 >>> 16) + (h0 << 8);
      const p3 = h3 * 0x1b3 + (p2 >>> 16) + (h1 << 8);
      h0 = p0 & 0xffff;
      h1 = p1 & 0xffff;
      h2 = p2 & 0xffff;
      h3 = p3 & 0xffff;
    }
    state = [h0, h1, h2, h3];
    // A few kinds per template; the bound only keeps odd callers (many scopes or prefixes) small.
    if (prefixStates.size > 64) prefixStates.clear();
    prefixStates.set(prefix, state);
  }
  return state;
}

/** Character codes of an id being built, one scratch array per id length (String.fromCharCode.apply needs the exact length). */
const idCodes: number[][] = [];

/**
 * `${prefix}-0` and the 16 hex digits of the limbs (most significant first) as one flat string: the
 * template literal gives a cons string (a 32-byte node plus its two parts, ~50 bytes more per id), and
 * a big template holds 200,000 ids.
 */
function flatHexId(prefix: string, a: number, b: number, c: number, d: number): string {
  const x = HEX_DIGITS;
  const h0 = x[a >>> 12]!, h1 = x[(a >>> 8) & 15]!, h2 = x[(a >>> 4) & 15]!, h3 = x[a & 15]!;
  const h4 = x[b >>> 12]!, h5 = x[(b >>> 8) & 15]!, h6 = x[(b >>> 4) & 15]!, h7 = x[b & 15]!;
  const h8 = x[c >>> 12]!, h9 = x[(c >>> 8) & 15]!, h10 = x[(c >>> 4) & 15]!, h11 = x[c & 15]!;
  const h12 = x[d >>> 12]!, h13 = x[(d >>> 8) & 15]!, h14 = x[(d >>> 4) & 15]!, h15 = x[d & 15]!;
  // The codes as arguments for the prefixes most ids have (`i`, `eni`, `vpc`, `rtb` ...): no array
  // filled and no apply (half the cost of an id's text).
  const p = prefix;
  if (p.length === 1) return String.fromCharCode(p.charCodeAt(0), 0x2d, 0x30, h0, h1, h2, h3, h4, h5, h6, h7, h8, h9, h10, h11, h12, h13, h14, h15);
  if (p.length === 3) {
    return String.fromCharCode(p.charCodeAt(0), p.charCodeAt(1), p.charCodeAt(2), 0x2d, 0x30, h0, h1, h2, h3, h4, h5, h6, h7, h8, h9, h10, h11, h12, h13, h14, h15);
  }
  const n = p.length + 18;
  let codes = idCodes[n];
  if (codes === undefined) idCodes[n] = codes = new Array<number>(n).fill(0);
  let k = 0;
  for (let i = 0; i < p.length; i++) codes[k++] = p.charCodeAt(i);
  codes[k++] = 0x2d;
  codes[k++] = 0x30;
  const hex = [h0, h1, h2, h3, h4, h5, h6, h7, h8, h9, h10, h11, h12, h13, h14, h15];
  for (let i = 0; i < 16; i++) codes[k++] = hex[i]!;
  return String.fromCharCode.apply(null, codes);
}

/** flatHexId for the hex text of hashParts. */
function flatId(prefix: string, hex: string): string {
  const n = prefix.length + 18;
  let codes = idCodes[n];
  if (codes === undefined) idCodes[n] = codes = new Array<number>(n).fill(0);
  let k = 0;
  for (let i = 0; i < prefix.length; i++) codes[k++] = prefix.charCodeAt(i);
  codes[k++] = 0x2d;
  codes[k++] = 0x30;
  for (let i = 0; i < 16; i++) codes[k++] = hex.charCodeAt(i);
  return String.fromCharCode.apply(null, codes);
}
