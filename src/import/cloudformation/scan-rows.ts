// What the template scan (./template-scan.ts) writes: one row of integers per resource (offsets into
// the text, flags) in growable int32 lists, so that 150,000 resources cost no objects.

/** Resource flags. */
export const SLOW = 1;
/** The definition is `{"Type": "...", "Properties": {...}}` (Properties optional), in this order. */
export const PLAIN = 2;
/** Its logical id is written with an escape (JSON.parse decodes it). */
export const ESCAPED_ID = 4;

/** Fields of a resource row (`rows`, stride ROW). Offsets of strings include their quotes. */
export const ID_START = 0;
export const ID_END = 1;
export const DEF_START = 2;
export const DEF_END = 3;
/** Span of the Properties value (an object), or -1 when the definition has no literal Properties map. */
export const PROPS_START = 4;
export const PROPS_END = 5;
/** Span of the Type string (quotes included), or -1. */
export const TYPE_START = 6;
export const TYPE_END = 7;
export const FLAGS = 8;
/** Member names inside the definition (a SLOW resource's parse must count as many). */
export const NAMES = 9;
/** Ranges in `references` / `zones` (pairs of offsets: a name's or a string's characters, quotes excluded). */
export const REFS_FROM = 10;
export const REFS_TO = 11;
export const ZONES_FROM = 12;
export const ZONES_TO = 13;
export const ROW = 14;

/** A growable list of int32. */
export class IntList {
  data: Int32Array;
  length = 0;

  constructor(capacity: number) {
    this.data = new Int32Array(Math.max(1024, capacity));
  }

  push(v: number): void {
    if (this.length === this.data.length) this.grow();
    this.data[this.length++] = v;
  }

  /** Two values (a pair of offsets). */
  push2(a: number, b: number): void {
    if (this.length + 2 > this.data.length) this.grow();
    const data = this.data;
    data[this.length] = a;
    data[this.length + 1] = b;
    this.length += 2;
  }

  /** Makes room for `n` more; returns where they start (the caller writes them into `data`). */
  add(n: number): number {
    while (this.length + n > this.data.length) this.grow();
    const at = this.length;
    this.length += n;
    return at;
  }

  private grow(): void {
    const grown = new Int32Array(this.data.length * 2);
    grown.set(this.data);
    this.data = grown;
  }
}
