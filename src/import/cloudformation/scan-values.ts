// The template scan's loop (./template-scan.ts reads the root and the Resources map, and hands each
// value here): one loop over a value's bytes, with a stack of the containers open inside it (typed
// arrays) and the open container's state in locals, so that V8 compiles one function and a token costs
// few loads and stores. It checks the bytes as strictly as JSON.parse (json-bytes.ts), refuses repeated
// keys and nesting deeper than the parsers allow, and for a resource's definition writes where its Type
// and Properties are, the logical ids its properties name and the strings that may be zone names
// (scan-intrinsics.ts), and whether the resource is SLOW (see template-scan.ts).
import { MAX_JSON_DEPTH } from '../json-text.js';
import { MAX_YAML_DEPTH } from '../yaml-text.js';
import { literalEnd, NOT_TAKEN, numberEnd, skipSpace, stringEnd } from './json-bytes.js';
import { ARRAY, GET_ATT, intrinsic, isRefOpening, mayBeZone, NONE, OBJECT, OTHER_KEY, reference, SCALAR, SLOW_KEY, STRING } from './scan-intrinsics.js';
import { FLAGS, IntList, PLAIN, PROPS_END, PROPS_START, ROW, TYPE_END, TYPE_START } from './scan-rows.js';

const MAX_DEPTH = Math.min(MAX_JSON_DEPTH, MAX_YAML_DEPTH);
/** Keys of one object compared pairwise for repeats; an object with more makes its resource SLOW (its names are then counted). */
export const MAX_KEYS_COMPARED = 16;

/** What an open container is: a resource's definition, any other object, an array. */
const DEFINITION = 0;
const IN_OBJECT = 1;
const IN_ARRAY = 2;

/** A definition's member being read. */
const OTHER_MEMBER = 0;
const TYPE_MEMBER = 1;
const PROPERTIES_MEMBER = 2;

/** A saved container on the stack: its role, members read, and what its first member was (see the loop's locals). */
const FRAME = 8;
const F_ROLE = 0;
const F_K = 1;
const F_FIRST_KEY = 2;
const F_FIRST_VALUE = 3;
const F_FIRST_START = 4;
const F_FIRST_END = 5;
const F_FLAT = 6;

/** The scan's lists and the state its loop keeps between values. */
export class ValueScan {
  // Sized for a generated template (~230 characters a resource, 3 references) without growing: the
  // rows for one resource per 128 characters. A new typed array is zero pages until written, so room
  // never used costs no memory; a growth copies (and touches) the whole list.
  readonly rows: IntList;
  readonly references: IntList;
  readonly zones: IntList;

  /** The text's bytes while it is scanned. */
  protected bytes: Uint8Array;
  /** Member names read; whether the resource being read is SLOW (value() keeps both in locals while it runs). */
  protected names = 0;
  protected slow = false;
  /** Where each open object's first keys start, and their lengths (MAX_KEYS_COMPARED slots a level). */
  protected readonly keyStarts = new Int32Array((MAX_DEPTH + 2) * MAX_KEYS_COMPARED);
  protected readonly keyLengths = new Int32Array((MAX_DEPTH + 2) * MAX_KEYS_COMPARED);
  private readonly frames = new Int32Array((MAX_DEPTH + 2) * FRAME);

  constructor(bytes: Uint8Array) {
    // A Node Buffer as a plain Uint8Array view (no copy): the scan's byte reads then see one kind of array, whatever it was given.
    this.bytes = bytes.constructor === Uint8Array ? bytes : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
    this.rows = new IntList((bytes.length >> 7) * ROW);
    this.references = new IntList(bytes.length >> 5);
    // ~1 zone name a 1,700 bytes (the 1,000-VPC template: 20,000).
    this.zones = new IntList(bytes.length >> 9);
  }

  /**
   * The value at `i`, in a container at `level` (the root is 1); when `at` is a row, the value is
   * that resource's definition (its Type and Properties spans and PLAIN go into the row). Returns the
   * offset after it. One loop: the containers open inside it are on a stack.
   */
  protected value(i: number, level: number, at: number): number {
    const t = this.bytes;
    const { references, zones, frames, keyStarts, keyLengths } = this;
    let names = this.names;
    let slow = this.slow;
    // The open container: its level, role, members read so far, and its first member's key kind
    // (Ref / Fn::GetAtt), value kind and span (a string's characters, or an array's first string);
    // for an array whether it holds no container (for an object: its first value's).
    let depth = level;
    let role = IN_ARRAY;
    let k = 0;
    let firstKey = OTHER_KEY;
    let firstValue = SCALAR;
    let firstStart = -1;
    let firstEnd = -1;
    let flat = 1;
    // The last string value's characters and the last array closed (its first string, its flatness).
    let lastStart = 0;
    let lastEnd = 0;
    let arrayFirstStart = -1;
    let arrayFirstEnd = -1;
    let arrayFlat = 1;
    let inProperties = false;
    // The definition's member being read (a definition is never inside another).
    let member = OTHER_MEMBER;
    let memberStart = 0;
    let plain = true;
    let atKey = false;
    let v = NONE;
    // The byte at i: the loop reads each byte between tokens once (a typed-array read is ~8 instructions).
    let c = t[i]!;
    for (;;) {
      if (atKey) {
        // A member's name, then its value.
        if (c !== 0x22) throw NOT_TAKEN;
        const keyStart = i;
        let keyEnd = stringEnd(t, i);
        names++;
        if (keyEnd < 0) {
          keyEnd = -keyEnd;
          slow = true;
        }
        i = keyEnd;
        if (t[i]! !== 0x3a) {
          i = skipSpace(t, i);
          if (t[i]! !== 0x3a) throw NOT_TAKEN;
        }
        c = t[++i]!;
        if (c <= 0x20) c = t[(i = skipSpace(t, i))]!;
        const length = keyEnd - keyStart;
        // An integer-like key comes first in a map's key order, not in text order.
        const first = t[keyStart + 1]!;
        if (first >= 0x30 && first <= 0x39) slow = true;
        if (k === 0) {
          keyStarts[depth * MAX_KEYS_COMPARED] = keyStart;
          keyLengths[depth * MAX_KEYS_COMPARED] = length;
        } else if (k >= MAX_KEYS_COMPARED) slow = true;
        else if (isRepeated(t, keyStarts, keyLengths, depth * MAX_KEYS_COMPARED, k, keyStart, length)) throw NOT_TAKEN;
        if (role === DEFINITION) {
          // Type a string, Properties a map: anything else is read as any other member.
          member = OTHER_MEMBER;
          if (length === 6 && c === 0x22 && isTypeKey(t, keyStart)) member = TYPE_MEMBER;
          else if (length === 12 && c === 0x7b && isPropertiesKey(t, keyStart)) member = PROPERTIES_MEMBER;
          memberStart = i;
        } else if (inProperties) {
          const kind = intrinsic(t, keyStart, length);
          if (kind === SLOW_KEY) slow = true;
          else if (k === 0) firstKey = kind;
        }
      }
      // A value.
      if (c === 0x22) {
        let end = stringEnd(t, i);
        const escaped = end < 0;
        if (escaped) end = -end;
        lastStart = i + 1;
        lastEnd = end - 1;
        if (inProperties && !escaped) mayBeZone(t, zones, i + 1, end - 1);
        i = end;
        v = STRING;
      } else if (c === 0x7b || c === 0x5b) {
        if (depth >= MAX_DEPTH) throw NOT_TAKEN;
        let next = c === 0x7b ? IN_OBJECT : IN_ARRAY;
        if (depth === level) {
          if (at >= 0 && next === IN_OBJECT) next = DEFINITION;
        } else if (role === DEFINITION && member === PROPERTIES_MEMBER) {
          inProperties = true;
        }
        // {"Ref":"Name"} written compactly, the commonest map of a template: read here, as one value.
        let end = 0;
        if (next === IN_OBJECT && inProperties && t[i + 2]! === 0x52 && isRefOpening(t, i) && (end = stringEnd(t, i + 7)) > 0 && t[end]! === 0x7d) {
          names++;
          references.push2(i + 8, end - 1);
          mayBeZone(t, zones, i + 8, end - 1);
          i = end + 1;
          v = OBJECT;
        } else {
          // Open it: the container it is in goes on the stack.
          const f = depth * FRAME;
          frames[f + F_ROLE] = role;
          frames[f + F_K] = k;
          frames[f + F_FIRST_KEY] = firstKey;
          frames[f + F_FIRST_VALUE] = firstValue;
          frames[f + F_FIRST_START] = firstStart;
          frames[f + F_FIRST_END] = firstEnd;
          frames[f + F_FLAT] = flat;
          depth++;
          role = next;
          k = 0;
          firstKey = OTHER_KEY;
          firstValue = SCALAR;
          firstStart = -1;
          firstEnd = -1;
          flat = 1;
          c = t[++i]!;
          if (c <= 0x20) c = t[(i = skipSpace(t, i))]!;
          atKey = next !== IN_ARRAY;
          if (c !== (atKey ? 0x7d : 0x5d)) continue;
          v = NONE;
        }
      } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
        i = numberEnd(t, i);
        v = SCALAR;
      } else {
        i = literalEnd(t, i, c);
        v = SCALAR;
      }
      // After a value (v; NONE: an empty container, at its closing byte): the next member or item, or
      // the container closes, and so on up while containers close, to the value this call scans.
      for (;;) {
        if (depth === level) {
          this.names = names;
          this.slow = slow;
          return i;
        }
        // The byte after the value (NONE: the closing byte, at i).
        let after = c;
        if (v !== NONE) {
          if (role === IN_OBJECT) {
            if (k === 0) {
              firstValue = v;
              if (v === STRING) {
                firstStart = lastStart;
                firstEnd = lastEnd;
              } else if (v === ARRAY) {
                firstStart = arrayFirstStart;
                firstEnd = arrayFirstEnd;
                flat = arrayFlat;
              }
            }
          } else if (role === IN_ARRAY) {
            if (v === OBJECT || v === ARRAY) flat = 0;
            else if (k === 0 && v === STRING) {
              firstStart = lastStart;
              firstEnd = lastEnd;
            }
          } else if (member === TYPE_MEMBER) {
            this.rows.data[at + TYPE_START] = memberStart;
            this.rows.data[at + TYPE_END] = i;
            if (k !== 0) plain = false;
          } else if (member === PROPERTIES_MEMBER) {
            inProperties = false;
            this.rows.data[at + PROPS_START] = memberStart;
            this.rows.data[at + PROPS_END] = i;
            if (k !== 1) plain = false;
          } else {
            plain = false;
          }
          k++;
          after = t[i]!;
          if (after <= 0x20) after = t[(i = skipSpace(t, i))]!;
          if (after === 0x2c) {
            c = t[++i]!;
            if (c <= 0x20) c = t[(i = skipSpace(t, i))]!;
            atKey = role !== IN_ARRAY;
            break;
          }
        }
        if (after !== (role === IN_ARRAY ? 0x5d : 0x7d)) throw NOT_TAKEN;
        i++;
        // The container closes: what it was, for the one it is in.
        if (role === IN_OBJECT) {
          if (k === 1 && firstKey !== OTHER_KEY && reference(t, references, firstKey === GET_ATT, firstValue, firstStart, firstEnd, flat === 1)) slow = true;
          v = OBJECT;
        } else if (role === IN_ARRAY) {
          arrayFirstStart = firstStart;
          arrayFirstEnd = firstEnd;
          arrayFlat = flat;
          v = ARRAY;
        } else {
          if (k === 0) slow = true;
          else if (plain && this.rows.data[at + TYPE_START]! >= 0) this.rows.data[at + FLAGS] |= PLAIN;
          v = OBJECT;
        }
        depth--;
        const f = depth * FRAME;
        role = frames[f + F_ROLE]!;
        k = frames[f + F_K]!;
        firstKey = frames[f + F_FIRST_KEY]!;
        firstValue = frames[f + F_FIRST_VALUE]!;
        firstStart = frames[f + F_FIRST_START]!;
        firstEnd = frames[f + F_FIRST_END]!;
        flat = frames[f + F_FLAT]!;
      }
    }
  }
}

/** `"Type"` at i. */
function isTypeKey(t: Uint8Array, i: number): boolean {
  return t[i + 1]! === 0x54 && t[i + 2]! === 0x79 && t[i + 3]! === 0x70 && t[i + 4]! === 0x65;
}

/** `"Properties"` at i. */
function isPropertiesKey(t: Uint8Array, i: number): boolean {
  return (
    t[i + 1]! === 0x50 &&
    t[i + 2]! === 0x72 &&
    t[i + 3]! === 0x6f &&
    t[i + 4]! === 0x70 &&
    t[i + 5]! === 0x65 &&
    t[i + 6]! === 0x72 &&
    t[i + 7]! === 0x74 &&
    t[i + 8]! === 0x69 &&
    t[i + 9]! === 0x65 &&
    t[i + 10]! === 0x73
  );
}

/** Whether the key at `start` (`length` bytes) repeats one of the k before it in its object (slots from `base`); records it. */
export function isRepeated(t: Uint8Array, starts: Int32Array, lengths: Int32Array, base: number, k: number, start: number, length: number): boolean {
  for (let p = base; p < base + k; p++) {
    if (lengths[p] === length && sameBytes(t, starts[p]!, start, length)) return true;
  }
  starts[base + k] = start;
  lengths[base + k] = length;
  return false;
}

function sameBytes(t: Uint8Array, a: number, b: number, length: number): boolean {
  for (let j = 0; j < length; j++) if (t[a + j]! !== t[b + j]!) return false;
  return true;
}
