// One pass over the text of a JSON template, no parsing: it checks the whole text is JSON (as strictly
// as JSON.parse), no deeper than the parsers allow, and finds the Resources map and, for each resource,
// where its definition, its Type and its Properties are, the logical ids its properties name (Ref,
// Fn::GetAtt) and the strings that may be zone names. Offsets go into flat integer lists, not objects,
// so that a 1,000-VPC template (150,000 resources) costs no garbage here; a resource's properties are
// parsed (JSON.parse of their slice) only when the resource is mapped (template-slices.ts).
// A resource this scan cannot vouch for is marked SLOW: escapes, integer-like keys (their key order is
// not text order), Fn::Sub / Fn::If (their references need the value), objects with many keys. The
// caller parses those the old way. Anything else unusual (a syntax error, a repeated key, deep
// nesting, a character outside ASCII, a NUL byte) makes the scan fail: the caller then reads the text
// as a whole, which names the problem. The scan reads bytes: a file's bytes as read (no text needed
// yet: ASCII bytes are their own text), or a text's, encoded.
import { MAX_JSON_DEPTH } from '../json-text.js';
import { MAX_YAML_DEPTH } from '../yaml-text.js';
import { JsonBytes, matches, NOT_TAKEN } from './json-bytes.js';
import {
  DEF_END,
  DEF_START,
  ESCAPED_ID,
  FLAGS,
  ID_END,
  ID_START,
  IntList,
  NAMES,
  PLAIN,
  PROPS_END,
  PROPS_START,
  REFS_FROM,
  REFS_TO,
  ROW,
  SLOW,
  TYPE_END,
  TYPE_START,
  ZONES_FROM,
  ZONES_TO,
} from './scan-rows.js';

const MAX_DEPTH = Math.min(MAX_JSON_DEPTH, MAX_YAML_DEPTH);
/** Keys of one object compared pairwise for repeats; an object with more makes its resource SLOW (its names are then counted). */
const MAX_KEYS_COMPARED = 16;

/** What a value was (the Ref / Fn::GetAtt checks need it). */
const SCALAR = 0;
const STRING = 1;
const OBJECT = 2;
const ARRAY = 3;

/** The first key of an object inside Properties. */
const OTHER_KEY = 0;
const REF = 1;
const GET_ATT = 2;

/** `{"Ref":"` at i. */
function isRefOpening(t: Uint8Array, i: number): boolean {
  return (
    t[i + 1]! === 0x22 &&
    t[i + 3]! === 0x65 &&
    t[i + 4]! === 0x66 &&
    t[i + 5]! === 0x22 &&
    t[i + 6]! === 0x3a &&
    t[i + 7]! === 0x22
  );
}

const NO_BYTES = new Uint8Array(0);

export class TemplateScan extends JsonBytes {
  /** Offsets of the `{` that opens the Resources map and just after the `}` that closes it. */
  open = -1;
  close = -1;
  /** Member names outside the Resources map's value, its own name included. */
  outsideNames = 0;
  resourceCount = 0;
  // Sized for a generated template (~230 characters a resource, 3 references) without growing: the
  // rows for one resource per 128 characters. A new typed array is zero pages until written, so room
  // never used costs no memory; a growth copies (and touches) the whole list.
  readonly rows: IntList;
  readonly references: IntList;
  readonly zones = new IntList(0);

  private names = 0;
  private slow = false;
  private inProperties = false;
  /** Characters of the last string value (quotes excluded). */
  private lastStart = 0;
  private lastEnd = 0;
  /** Of the last array: its first element's characters when a string (else -1), and whether it holds no object or array. */
  private arrayFirstStart = -1;
  private arrayFirstEnd = -1;
  private arrayFlat = true;
  private readonly keyStarts = new Int32Array((MAX_DEPTH + 2) * MAX_KEYS_COMPARED);
  private readonly keyLengths = new Int32Array((MAX_DEPTH + 2) * MAX_KEYS_COMPARED);

  constructor(bytes: Uint8Array) {
    // A Node Buffer as a plain Uint8Array view (no copy): the scan's byte reads then see one kind of array, whatever it was given.
    super(bytes.constructor === Uint8Array ? bytes : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length));
    this.rows = new IntList((bytes.length >> 7) * ROW);
    this.references = new IntList(bytes.length >> 5);
  }

  row(r: number, field: number): number {
    return this.rows.data[r * ROW + field]!;
  }

  /** Scans all the bytes; false when they are not a JSON object with a literal "Resources" map, or anything above fails. */
  run(): boolean {
    if (this.scanBytes()) return true;
    this.bytes = NO_BYTES;
    return false;
  }

  /** The text's bytes, until released (template-slices.ts looks ids up in them, then drops them: 1 byte a character). */
  get textBytes(): Uint8Array {
    return this.bytes;
  }

  releaseBytes(): void {
    this.bytes = NO_BYTES;
  }

  private scanBytes(): boolean {
    const t = this.bytes;
    const i = this.space(0);
    if (t[i]! !== 0x7b) return false;
    this.i = i;
    try {
      this.root();
    } catch (err) {
      if (err === NOT_TAKEN) return false;
      throw err;
    }
    if (this.space(this.i) !== t.length || this.open < 0) return false;
    let inside = 0;
    for (let r = 0; r < this.resourceCount; r++) inside += this.row(r, NAMES);
    this.outsideNames = this.names - inside;
    return true;
  }

  private root(): void {
    const t = this.bytes;
    let i = this.space(this.i + 1);
    if (t[i]! === 0x7d) {
      this.i = i + 1;
      return;
    }
    for (let k = 0; i >= 0; k++) {
      const keyStart = i;
      const keyEnd = this.key(1, k, i);
      i = this.expect(this.space(keyEnd), 0x3a);
      this.i = i;
      if (keyEnd - keyStart === 11 && matches(t, keyStart, '"Resources"')) {
        if (this.open >= 0 || t[i]! !== 0x7b) throw NOT_TAKEN;
        this.open = i;
        this.resources();
        this.close = this.i;
      } else {
        this.value(2);
      }
      i = this.next(0x7d);
    }
  }

  /** The Resources map: logical ids (repeats are found by the caller, which decodes them) and definitions. */
  private resources(): void {
    const t = this.bytes;
    const rows = this.rows;
    let i = this.space(this.i + 1);
    if (t[i]! === 0x7d) {
      this.i = i + 1;
      return;
    }
    while (i >= 0) {
      if (t[i]! !== 0x22) throw NOT_TAKEN;
      const idEnd = this.string(i);
      const idEscaped = this.escaped;
      const defStart = this.expect(this.space(idEnd), 0x3a);
      const names = this.names;
      const refsFrom = this.references.length;
      const zonesFrom = this.zones.length;
      this.i = defStart;
      this.slow = false;
      const at = rows.add(ROW);
      const d = rows.data;
      d[at + ID_START] = i;
      d[at + ID_END] = idEnd;
      d[at + DEF_START] = defStart;
      d[at + PROPS_START] = -1;
      d[at + PROPS_END] = -1;
      d[at + TYPE_START] = -1;
      d[at + TYPE_END] = -1;
      let flags = idEscaped ? ESCAPED_ID : 0;
      if (t[defStart]! === 0x7b) flags |= this.definition(at);
      else {
        this.slow = true;
        this.value(3);
      }
      if (this.slow) {
        flags |= SLOW;
        this.references.length = refsFrom;
        this.zones.length = zonesFrom;
      }
      d[at + DEF_END] = this.i;
      d[at + FLAGS] = flags;
      d[at + NAMES] = this.names - names;
      d[at + REFS_FROM] = refsFrom;
      d[at + REFS_TO] = this.references.length;
      d[at + ZONES_FROM] = zonesFrom;
      d[at + ZONES_TO] = this.zones.length;
      this.resourceCount++;
      i = this.next(0x7d);
    }
  }

  /** A resource's definition (depth 3); writes Type and Properties spans into row `base`; returns PLAIN or 0. */
  private definition(base: number): number {
    const t = this.bytes;
    let i = this.space(this.i + 1);
    if (t[i]! === 0x7d) {
      this.i = i + 1;
      this.slow = true;
      return 0;
    }
    let plain = true;
    let k = 0;
    for (; i >= 0; k++) {
      const keyStart = i;
      const keyEnd = this.key(3, k, i);
      i = this.expect(this.space(keyEnd), 0x3a);
      this.i = i;
      const c = t[i]!;
      if (keyEnd - keyStart === 6 && c === 0x22 && matches(t, keyStart, '"Type"')) {
        this.value(4);
        this.rows.data[base + TYPE_START] = i;
        this.rows.data[base + TYPE_END] = this.i;
        if (k !== 0) plain = false;
      } else if (keyEnd - keyStart === 12 && c === 0x7b && matches(t, keyStart, '"Properties"')) {
        this.inProperties = true;
        this.value(4);
        this.inProperties = false;
        this.rows.data[base + PROPS_START] = i;
        this.rows.data[base + PROPS_END] = this.i;
        if (k !== 1) plain = false;
      } else {
        plain = false;
        this.value(4);
      }
      i = this.next(0x7d);
    }
    return plain && this.rows.data[base + TYPE_START]! >= 0 ? PLAIN : 0;
  }

  /** A member name at `i` of the k-th member of an object at `depth`: checked against the object's earlier names. Returns the offset after it. */
  private key(depth: number, k: number, i: number): number {
    const t = this.bytes;
    if (t[i]! !== 0x22) throw NOT_TAKEN;
    const end = this.string(i);
    this.names++;
    if (this.escaped) this.slow = true;
    const first = t[i + 1]!;
    // An integer-like key comes first in a map's key order, not in text order.
    if (first >= 0x30 && first <= 0x39) this.slow = true;
    if (k >= MAX_KEYS_COMPARED) {
      this.slow = true;
      return end;
    }
    const base = depth * MAX_KEYS_COMPARED;
    const length = end - i;
    for (let p = 0; p < k; p++) {
      if (this.keyLengths[base + p] === length && this.sameText(this.keyStarts[base + p]!, i, length)) throw NOT_TAKEN;
    }
    this.keyStarts[base + k] = i;
    this.keyLengths[base + k] = length;
    return end;
  }

  private sameText(a: number, b: number, length: number): boolean {
    const t = this.bytes;
    for (let j = 0; j < length; j++) if (t[a + j]! !== t[b + j]!) return false;
    return true;
  }

  /** A value at this.i whose containers are at `depth`; leaves this.i after it. */
  private value(depth: number): number {
    const t = this.bytes;
    const i = this.i;
    const c = t[i]!;
    if (c === 0x22) {
      const end = this.string(i);
      this.lastStart = i + 1;
      this.lastEnd = end - 1;
      this.i = end;
      if (this.inProperties && !this.escaped) this.mayBeZone(i + 1, end - 1);
      return STRING;
    }
    if (c === 0x7b) {
      // {"Ref":"Name"} written compactly, the commonest map of a template: read here, without recursing.
      if (this.inProperties && depth <= MAX_DEPTH && t[i + 2]! === 0x52 && isRefOpening(t, i)) {
        const end = this.string(i + 7);
        if (!this.escaped && t[end]! === 0x7d) {
          this.names++;
          this.addReference(i + 8, end - 1);
          this.mayBeZone(i + 8, end - 1);
          this.i = end + 1;
          return OBJECT;
        }
      }
      return this.object(depth);
    }
    if (c === 0x5b) return this.array(depth);
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      this.i = this.number(i);
      return SCALAR;
    }
    if (c === 0x74 && matches(t, i, 'true')) this.i = i + 4;
    else if (c === 0x66 && matches(t, i, 'false')) this.i = i + 5;
    else if (c === 0x6e && matches(t, i, 'null')) this.i = i + 4;
    else throw NOT_TAKEN;
    return SCALAR;
  }

  private object(depth: number): number {
    if (depth > MAX_DEPTH) throw NOT_TAKEN;
    const t = this.bytes;
    let i = this.space(this.i + 1);
    if (t[i]! === 0x7d) {
      this.i = i + 1;
      return OBJECT;
    }
    let k = 0;
    let firstKey = OTHER_KEY;
    let firstValue = SCALAR;
    let firstStart = -1;
    let firstEnd = -1;
    let flat = true;
    for (; i >= 0; k++) {
      const keyStart = i;
      const keyEnd = this.key(depth, k, i);
      this.i = this.expect(this.space(keyEnd), 0x3a);
      const kind = this.inProperties ? this.intrinsic(keyStart, keyEnd) : OTHER_KEY;
      const v = this.value(depth + 1);
      if (k === 0) {
        firstKey = kind;
        firstValue = v;
        if (v === STRING) {
          firstStart = this.lastStart;
          firstEnd = this.lastEnd;
        } else if (v === ARRAY) {
          firstStart = this.arrayFirstStart;
          firstEnd = this.arrayFirstEnd;
          flat = this.arrayFlat;
        }
      }
      i = this.next(0x7d);
    }
    if (k === 1 && firstKey !== OTHER_KEY) this.reference(firstKey, firstValue, firstStart, firstEnd, flat);
    return OBJECT;
  }

  /** REF, GET_ATT or OTHER_KEY for a member name inside Properties; Fn::Sub and Fn::If make the resource SLOW. */
  private intrinsic(keyStart: number, keyEnd: number): number {
    const t = this.bytes;
    const length = keyEnd - keyStart;
    const first = t[keyStart + 1]!;
    if (first === 0x52) return length === 5 && matches(t, keyStart, '"Ref"') ? REF : OTHER_KEY;
    if (first !== 0x46) return OTHER_KEY;
    if (length === 12 && matches(t, keyStart, '"Fn::GetAtt"')) return GET_ATT;
    if ((length === 9 && matches(t, keyStart, '"Fn::Sub"')) || (length === 8 && matches(t, keyStart, '"Fn::If"'))) this.slow = true;
    return OTHER_KEY;
  }

  /** What dependencies.ts forEachReference finds in `{"Ref": v}` / `{"Fn::GetAtt": v}`; the shapes it would recurse into make the resource SLOW. */
  private reference(kind: number, value: number, start: number, end: number, flat: boolean): void {
    if (kind === REF) {
      if (value === STRING) this.addReference(start, end);
      else if (value !== SCALAR) this.slow = true;
      return;
    }
    if (value === STRING) {
      let dot = start;
      while (dot < end && this.bytes[dot] !== 0x2e) dot++;
      if (dot > start && dot < end) this.addReference(start, dot);
    } else if (value === ARRAY) {
      if (!flat) this.slow = true;
      else if (start >= 0) this.addReference(start, end);
    } else if (value === OBJECT) {
      this.slow = true;
    }
  }

  /** Records text[start, end) (a string value inside Properties, no escapes) when it may be a zone name: digit + letter at the end (region.ts checks the rest). */
  private mayBeZone(start: number, end: number): void {
    if (end - start < 7) return;
    const t = this.bytes;
    const last = t[end - 1]!;
    const digit = t[end - 2]!;
    if (last >= 0x61 && last <= 0x7a && digit >= 0x30 && digit <= 0x39) {
      this.zones.push(start);
      this.zones.push(end);
    }
  }

  private addReference(start: number, end: number): void {
    this.references.push(start);
    this.references.push(end);
  }

  private array(depth: number): number {
    if (depth > MAX_DEPTH) throw NOT_TAKEN;
    let i = this.space(this.i + 1);
    let firstStart = -1;
    let firstEnd = -1;
    let flat = true;
    if (this.bytes[i]! === 0x5d) {
      this.i = i + 1;
    } else {
      for (let k = 0; i >= 0; k++) {
        this.i = i;
        const v = this.value(depth + 1);
        if (v === OBJECT || v === ARRAY) flat = false;
        else if (k === 0 && v === STRING) {
          firstStart = this.lastStart;
          firstEnd = this.lastEnd;
        }
        i = this.next(0x5d);
      }
    }
    this.arrayFirstStart = firstStart;
    this.arrayFirstEnd = firstEnd;
    this.arrayFlat = flat;
    return ARRAY;
  }
}

/** The scan of a JSON template's text, or undefined when the text is not taken (see the header). */
export function scanTemplate(text: string): TemplateScan | undefined {
  // The text as bytes: a typed-array read costs a few instructions, a charCodeAt several times more.
  // Byte offsets are the text's offsets only when every character is ASCII; other texts are not taken.
  const t = new Uint8Array(text.length);
  const { read, written } = new TextEncoder().encodeInto(text, t);
  if (read !== text.length || written !== text.length) return undefined;
  return scanTemplateBytes(t);
}

/**
 * The scan of a JSON template's bytes (UTF-8, no BOM), or undefined when they are not taken (see the
 * header). A scan taken means the bytes are ASCII, with no NUL: they decode to a text of the same
 * offsets, and no check of decodeText (../decode-text.ts) can fail on them.
 */
export function scanTemplateBytes(bytes: Uint8Array): TemplateScan | undefined {
  const scan = new TemplateScan(bytes);
  return scan.run() ? scan : undefined;
}
