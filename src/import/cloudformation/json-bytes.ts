// The lexical half of the template scan (./template-scan.ts): JSON white space, strings and numbers
// read in a text's bytes and checked as strictly as JSON.parse checks them, with no value made. Plain
// functions of (bytes, offset) returning an offset: the scan's loop keeps its position in a local, and
// V8 inlines the small ones into it. A byte read past the end is undefined, which every test here
// treats as "not this character".

/** Thrown inside the scan when the text is not taken (caught in TemplateScan.run). */
export const NOT_TAKEN = new Error('not taken by the template scan');

/** The bytes of an ASCII word (a constant the scan compares with). */
export function ascii(s: string): Uint8Array {
  return Uint8Array.from(s, (ch) => ch.charCodeAt(0));
}

/** `word` is written at t[i]. */
export function matches(t: Uint8Array, i: number, word: Uint8Array): boolean {
  for (let j = 0; j < word.length; j++) if (t[i + j] !== word[j]) return false;
  return true;
}

/** The offset of the first byte at or after `i` that is not JSON white space. */
export function skipSpace(t: Uint8Array, i: number): number {
  let c = t[i]!;
  // One test for the usual case (no space: generated templates are compact).
  while (c <= 0x20 && (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09)) c = t[++i]!;
  return i;
}

/** 1 for the bytes that end a plain string's run of characters: `"`, `\\`, a control character, a byte outside ASCII. */
const STOPS = Uint8Array.from({ length: 256 }, (_, c) => (c === 0x22 || c === 0x5c || c < 0x20 || c >= 0x80 ? 1 : 0));

/**
 * The string at `i` (a `"`), checked as JSON.parse checks it: the offset after it, negated when the
 * string has an escape (offsets after a string are at least 2, so the sign is free to say it).
 */
export function stringEnd(t: Uint8Array, i: number): number {
  let j = i + 1;
  // Most of a template's bytes are in strings: four a step, one table look-up each, while four are left.
  for (const last = t.length - 4; j <= last; j += 4) {
    if (STOPS[t[j]!] !== 0) break;
    if (STOPS[t[j + 1]!] !== 0) return stringTail(t, j + 1);
    if (STOPS[t[j + 2]!] !== 0) return stringTail(t, j + 2);
    if (STOPS[t[j + 3]!] !== 0) return stringTail(t, j + 3);
  }
  return stringTail(t, j);
}

/** The rest of a plain string from `j`, byte by byte (see stringEnd). */
function stringTail(t: Uint8Array, j: number): number {
  for (;;) {
    const c = t[j]!;
    if (c === 0x22) return j + 1;
    // A byte outside ASCII (bytes of a file as read: their offsets would not be the text's) or a control character.
    if (c === 0x5c || !(c >= 0x20 && c < 0x80)) return -escapedStringEnd(t, j);
    j++;
  }
}

/** The rest of a string from `j`, its first escape (or bad character), byte by byte: the offset after it. */
function escapedStringEnd(t: Uint8Array, j: number): number {
  for (;;) {
    const c = t[j]!;
    if (c === 0x22) return j + 1;
    // undefined (past the end) fails this test too.
    if (!(c >= 0x20 && c < 0x80)) throw NOT_TAKEN;
    j = c === 0x5c ? escapeEnd(t, j) : j + 1;
  }
}

/** The escape at `j` (a `\`): the offset after it. */
function escapeEnd(t: Uint8Array, j: number): number {
  const e = t[j + 1]!;
  // " \ / b f n r t
  if (e === 0x22 || e === 0x5c || e === 0x2f || e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74) return j + 2;
  if (e !== 0x75) throw NOT_TAKEN;
  for (let h = j + 2; h < j + 6; h++) {
    const d = t[h]!;
    if (!((d >= 0x30 && d <= 0x39) || (d >= 0x41 && d <= 0x46) || (d >= 0x61 && d <= 0x66))) throw NOT_TAKEN;
  }
  return j + 6;
}

/** The literal true, false or null at `i` (its first byte `c`): the offset after it. */
export function literalEnd(t: Uint8Array, i: number, c: number): number {
  if (c === 0x74 && t[i + 1]! === 0x72 && t[i + 2]! === 0x75 && t[i + 3]! === 0x65) return i + 4;
  if (c === 0x66 && t[i + 1]! === 0x61 && t[i + 2]! === 0x6c && t[i + 3]! === 0x73 && t[i + 4]! === 0x65) return i + 5;
  if (c === 0x6e && t[i + 1]! === 0x75 && t[i + 2]! === 0x6c && t[i + 3]! === 0x6c) return i + 4;
  throw NOT_TAKEN;
}

/** A JSON number at `i`: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?; returns the offset after it. */
export function numberEnd(t: Uint8Array, i: number): number {
  let j = i;
  if (t[j]! === 0x2d) j++;
  const lead = t[j]!;
  if (lead === 0x30) j++;
  else if (lead >= 0x31 && lead <= 0x39) j = digitsEnd(t, j);
  else throw NOT_TAKEN;
  if (t[j]! === 0x2e) j = digitsEnd(t, j + 1);
  const e = t[j]!;
  if (e === 0x65 || e === 0x45) {
    j++;
    const sign = t[j]!;
    if (sign === 0x2b || sign === 0x2d) j++;
    j = digitsEnd(t, j);
  }
  return j;
}

/** One or more digits at `j`; the offset after them. */
function digitsEnd(t: Uint8Array, j: number): number {
  const start = j;
  for (let d = t[j]!; d >= 0x30 && d <= 0x39; d = t[++j]!);
  if (j === start) throw NOT_TAKEN;
  return j;
}
