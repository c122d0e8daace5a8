// The cache's compact encoding (./codec.ts) written straight as bytes: what the writer puts down for
// a value is the UTF-8 of JSON.stringify(encoder.encode(value)), byte for byte, with the same shape
// table, but without the tree of arrays, the string per value and its copy into a buffer. At 1,000
// VPCs a miss encodes ~500,000 objects; building and stringifying their trees was most of its store.
import { NotPlainData, type ShapeEncoder } from './codec.js';

// The tags of codec.ts's value grammar.
const ARRAY = 0;
const BIGINT = 1;
const UNDEFINED = 2;
const SHAPE0 = 3;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN = 0x5b;
const CLOSE = 0x5d;

const utf8 = new TextEncoder();

/** Appends encoded values to one growing byte buffer; `shapes` holds the shape table they share. */
export class ShapeWriter {
  private buffer: Uint8Array;
  /** Bytes written so far. */
  length = 0;
  /** How deep in objects the value being written is, and per depth the keys, bareness and shape id of the last object there. */
  private depth = 0;
  private readonly lastKeys: string[][] = [];
  private readonly lastBare: boolean[] = [];
  private readonly lastIds: number[] = [];

  constructor(
    private readonly shapes: ShapeEncoder,
    capacity = 1 << 16,
  ) {
    this.buffer = new Uint8Array(Math.max(capacity, 16));
  }

  /** The bytes written, without a copy: valid until the next write or clear(). */
  bytes(): Uint8Array {
    return this.buffer.subarray(0, this.length);
  }

  /** Starts over at the start of the buffer (the shape table is kept). */
  clear(): void {
    this.length = 0;
  }

  /** Appends the encoding of `v`. Throws NotPlainData for what the codec cannot hold (the bytes written are then not whole). */
  value(v: unknown): void {
    switch (typeof v) {
      case 'string':
        this.string(v);
        return;
      case 'boolean':
        this.ascii(v ? 'true' : 'false');
        return;
      case 'number':
        if (!Number.isFinite(v)) throw new NotPlainData(`not a finite number: ${v}`);
        this.number(v);
        return;
      case 'bigint':
        this.tag(BIGINT);
        this.byte(COMMA);
        this.string(v.toString());
        this.byte(CLOSE);
        return;
      case 'object': {
        if (v === null) {
          this.ascii('null');
          return;
        }
        if (Array.isArray(v)) {
          this.tag(ARRAY);
          // As `for...of`: a hole reads as undefined.
          for (let i = 0; i < v.length; i++) {
            this.byte(COMMA);
            this.value(v[i]);
          }
          this.byte(CLOSE);
          return;
        }
        const proto = Object.getPrototypeOf(v);
        if (proto !== Object.prototype && proto !== null) throw new NotPlainData(`not a plain object: ${proto?.constructor?.name ?? 'unknown'}`);
        // The shape is numbered before the values, as encode() numbers it: the same table either way.
        this.tag(SHAPE0 + this.shapeOf(Object.keys(v), proto === null));
        // In the order of Object.keys (own enumerable string keys, both), without a keyed read per value.
        const values = Object.values(v);
        this.depth++;
        for (let k = 0; k < values.length; k++) {
          this.byte(COMMA);
          this.value(values[k]);
        }
        this.depth--;
        this.byte(CLOSE);
        return;
      }
      case 'undefined':
        this.tag(UNDEFINED);
        this.byte(CLOSE);
        return;
      default:
        throw new NotPlainData(`cannot encode a ${typeof v}`);
    }
  }

  /**
   * The shape id of `keys`: the table's, remembered per nesting depth for the next object there, which
   * mostly has the same keys (the elements of a list, the entries of a rule list): compared key by key
   * (property names are interned: each comparison is one pointer), not joined and looked up.
   */
  private shapeOf(keys: string[], bare: boolean): number {
    const depth = this.depth;
    const last = this.lastKeys[depth];
    if (last !== undefined && last.length === keys.length && this.lastBare[depth] === bare) {
      let same = true;
      for (let k = 0; k < keys.length; k++) {
        if (last[k] !== keys[k]) {
          same = false;
          break;
        }
      }
      if (same) return this.lastIds[depth]!;
    }
    const id = this.shapes.shapeOf(keys, bare);
    this.lastKeys[depth] = keys;
    this.lastIds[depth] = id;
    this.lastBare[depth] = bare;
    return id;
  }

  /** JSON of an array of strings (a list's element names). */
  strings(list: readonly string[]): void {
    this.byte(OPEN);
    for (let i = 0; i < list.length; i++) {
      if (i > 0) this.byte(COMMA);
      this.string(list[i]!);
    }
    this.byte(CLOSE);
  }

  /** `[tag` (the array a tagged value is, still open). */
  private tag(tag: number): void {
    this.byte(OPEN);
    this.number(tag);
  }

  private room(n: number): void {
    if (this.length + n <= this.buffer.length) return;
    const grown = new Uint8Array(Math.max(this.buffer.length * 2, this.length + n));
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
  }

  private byte(b: number): void {
    this.room(1);
    this.buffer[this.length++] = b;
  }

  /** Text known to be printable ASCII without a quote or backslash. */
  private ascii(s: string): void {
    this.room(s.length);
    const buffer = this.buffer;
    let at = this.length;
    for (let i = 0; i < s.length; i++) buffer[at++] = s.charCodeAt(i);
    this.length = at;
  }

  private number(n: number): void {
    // Non-negative integers (tags, ports, counts) digit by digit; anything else as JSON.stringify prints it (-0 is "0" both ways).
    if (n >= 0 && n < 0x80000000 && (n | 0) === n) {
      let digits = 1;
      for (let rest = n; rest >= 10; rest = (rest / 10) | 0) digits++;
      this.room(digits);
      const buffer = this.buffer;
      let at = this.length + digits;
      this.length = at;
      let rest = n;
      do {
        const next = (rest / 10) | 0;
        buffer[--at] = 48 + rest - next * 10;
        rest = next;
      } while (rest > 0);
      return;
    }
    this.ascii(JSON.stringify(n));
  }

  /** A JSON string: copied byte for byte when it is printable ASCII without a quote or backslash, else as JSON.stringify escapes it, in UTF-8. */
  private string(s: string): void {
    const n = s.length;
    this.room(n + 2);
    const buffer = this.buffer;
    const start = this.length;
    let at = start;
    buffer[at++] = QUOTE;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x20 || c === QUOTE || c === BACKSLASH || c > 0x7e) {
        this.escaped(s);
        return;
      }
      buffer[at++] = c;
    }
    buffer[at++] = QUOTE;
    this.length = at;
  }

  private escaped(s: string): void {
    const text = JSON.stringify(s);
    // UTF-8 takes at most 3 bytes per UTF-16 unit (a surrogate pair: 4 bytes for 2 units); lone surrogates are escaped by JSON.stringify.
    this.room(3 * text.length);
    this.length += utf8.encodeInto(text, this.buffer.subarray(this.length)).written;
  }
}
