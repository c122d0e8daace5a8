// The lexical half of the template scan (./template-scan.ts): JSON white space, strings and numbers
// read in a text's bytes and checked as strictly as JSON.parse checks them, with no value made. The
// scan extends it (one class for V8: the methods are found on the prototype chain and inlined).

/** Thrown inside the scan when the text is not taken (caught in scanTemplateBytes). */
export const NOT_TAKEN = new Error('not taken by the template scan');

/** `s` (ASCII) is written at t[i]. */
export function matches(t: Uint8Array, i: number, s: string): boolean {
  for (let j = 0; j < s.length; j++) if (t[i + j] !== s.charCodeAt(j)) return false;
  return true;
}

export class JsonBytes {
  /** Where the scan is. */
  protected i = 0;
  /** Whether the string string() read last has an escape. */
  protected escaped = false;

  constructor(
    /** The text's bytes while it is scanned. */
    protected bytes: Uint8Array,
  ) {}

  protected space(i: number): number {
    const t = this.bytes;
    let c = t[i]!;
    // One test for the usual case (no space: generated templates are compact).
    while (c <= 0x20 && (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09)) c = t[++i]!;
    return i;
  }

  protected expect(i: number, c: number): number {
    if (this.bytes[i]! !== c) throw NOT_TAKEN;
    return this.space(i + 1);
  }

  /** After a member or an item: the offset after `,` (more follow) or -1 after `close` (this.i is then past it). */
  protected next(close: number): number {
    const i = this.space(this.i);
    const c = this.bytes[i]!;
    if (c === 0x2c) return this.space(i + 1);
    if (c !== close) throw NOT_TAKEN;
    this.i = i + 1;
    return -1;
  }

  /** The string at `i` (a `"`), checked as JSON.parse checks it; sets this.escaped; returns the offset after it. */
  protected string(i: number): number {
    const t = this.bytes;
    let j = i + 1;
    for (;;) {
      const c = t[j]!;
      if (c === 0x22) break;
      // Not ASCII (bytes of a file as read: their offsets would not be the text's) or a control character.
      if (c === 0x5c || !(c >= 0x20 && c < 0x80)) return this.escapedString(i);
      j++;
    }
    this.escaped = false;
    return j + 1;
  }

  /** A string with escapes (or a bad character), byte by byte. */
  protected escapedString(i: number): number {
    const t = this.bytes;
    let escaped = false;
    let j = i + 1;
    for (;;) {
      const c = t[j]!;
      if (c === 0x22) break;
      // undefined (past the end) fails this test too.
      if (!(c >= 0x20 && c < 0x80)) throw NOT_TAKEN;
      if (c === 0x5c) {
        escaped = true;
        j = this.escape(j);
      } else {
        j++;
      }
    }
    this.escaped = escaped;
    return j + 1;
  }

  protected escape(j: number): number {
    const t = this.bytes;
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

  /** A JSON number at `i`: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?; returns the offset after it. */
  protected number(i: number): number {
    const t = this.bytes;
    let j = i;
    if (t[j]! === 0x2d) j++;
    const lead = t[j]!;
    if (lead === 0x30) j++;
    else if (lead >= 0x31 && lead <= 0x39) j = this.digits(j);
    else throw NOT_TAKEN;
    if (t[j]! === 0x2e) j = this.digits(j + 1);
    const e = t[j]!;
    if (e === 0x65 || e === 0x45) {
      j++;
      const sign = t[j]!;
      if (sign === 0x2b || sign === 0x2d) j++;
      j = this.digits(j);
    }
    return j;
  }

  /** One or more digits at `j`; the offset after them. */
  protected digits(j: number): number {
    const t = this.bytes;
    const start = j;
    for (let d = t[j]!; d >= 0x30 && d <= 0x39; d = t[++j]!);
    if (j === start) throw NOT_TAKEN;
    return j;
  }
}
