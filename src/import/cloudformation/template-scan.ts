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
// Here the root map and the Resources map are read (a row per resource); every other value, a
// definition included, is read by one loop with a stack of the open containers (scan-values.ts): one
// function for V8 to compile, and a token costs few loads and stores. (The recursive descent it
// replaced, with its position in a field, cost ~40 instructions a byte under callgrind.)
import { ascii, matches, NOT_TAKEN, skipSpace, stringEnd } from './json-bytes.js';
import {
  DEF_END,
  DEF_START,
  ESCAPED_ID,
  FLAGS,
  ID_END,
  ID_START,
  NAMES,
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
import { isRepeated, MAX_KEYS_COMPARED, ValueScan } from './scan-values.js';

const RESOURCES_KEY = ascii('"Resources"');
const NO_BYTES = new Uint8Array(0);

export class TemplateScan extends ValueScan {
  /** Offsets of the `{` that opens the Resources map and just after the `}` that closes it. */
  open = -1;
  close = -1;
  /** Member names outside the Resources map's value, its own name included. */
  outsideNames = 0;
  resourceCount = 0;

  row(r: number, field: number): number {
    return this.rows.data[r * ROW + field]!;
  }

  /** Scans all the bytes; false when they are not a JSON object with a literal "Resources" map, or anything above fails. */
  run(): boolean {
    let taken = false;
    try {
      taken = this.root();
    } catch (err) {
      if (err !== NOT_TAKEN) throw err;
    }
    if (!taken) this.bytes = NO_BYTES;
    return taken;
  }

  /** The text's bytes, until released (template-slices.ts looks ids up in them, then drops them: 1 byte a character). */
  get textBytes(): Uint8Array {
    return this.bytes;
  }

  releaseBytes(): void {
    this.bytes = NO_BYTES;
  }

  /** The template's root map: its members' values are scanned by value(), the Resources map's by resources(). */
  private root(): boolean {
    const t = this.bytes;
    let i = skipSpace(t, 0);
    if (t[i]! !== 0x7b) return false;
    i = skipSpace(t, i + 1);
    // An empty root has no Resources map.
    if (t[i]! === 0x7d) return false;
    for (let k = 0; ; k++) {
      const keyStart = i;
      const keyEnd = this.key(i, 1, k);
      i = skipSpace(t, keyEnd);
      if (t[i]! !== 0x3a) throw NOT_TAKEN;
      i = skipSpace(t, i + 1);
      if (keyEnd - keyStart === 11 && matches(t, keyStart, RESOURCES_KEY)) {
        if (this.open >= 0 || t[i]! !== 0x7b) throw NOT_TAKEN;
        this.open = i;
        i = this.resources(i);
        this.close = i;
      } else {
        i = this.value(i, 1, -1);
      }
      i = skipSpace(t, i);
      if (t[i]! === 0x7d) break;
      if (t[i]! !== 0x2c) throw NOT_TAKEN;
      i = skipSpace(t, i + 1);
    }
    if (skipSpace(t, i + 1) !== t.length || this.open < 0) return false;
    let inside = 0;
    for (let r = 0; r < this.resourceCount; r++) inside += this.row(r, NAMES);
    this.outsideNames = this.names - inside;
    return true;
  }

  /** The member name at `i`, the k-th of an object at `depth` (not the Resources map): checked for repeats. Returns the offset after it. */
  private key(i: number, depth: number, k: number): number {
    const t = this.bytes;
    if (t[i]! !== 0x22) throw NOT_TAKEN;
    let end = stringEnd(t, i);
    this.names++;
    if (end < 0) {
      end = -end;
      this.slow = true;
    }
    const first = t[i + 1]!;
    // An integer-like key comes first in a map's key order, not in text order.
    if (first >= 0x30 && first <= 0x39) this.slow = true;
    if (k >= MAX_KEYS_COMPARED) this.slow = true;
    else if (isRepeated(t, this.keyStarts, this.keyLengths, depth * MAX_KEYS_COMPARED, k, i, end - i)) throw NOT_TAKEN;
    return end;
  }

  /** The Resources map at `i` (a `{`): a row per logical id (repeats are found by the caller, which decodes them). Returns the offset after it. */
  private resources(i: number): number {
    const t = this.bytes;
    const rows = this.rows;
    i = skipSpace(t, i + 1);
    if (t[i]! === 0x7d) return i + 1;
    for (;;) {
      if (t[i]! !== 0x22) throw NOT_TAKEN;
      let idEnd = stringEnd(t, i);
      const escaped = idEnd < 0;
      if (escaped) idEnd = -idEnd;
      let defStart = skipSpace(t, idEnd);
      if (t[defStart]! !== 0x3a) throw NOT_TAKEN;
      defStart = skipSpace(t, defStart + 1);
      const names = this.names;
      const refsFrom = this.references.length;
      const zonesFrom = this.zones.length;
      const at = rows.add(ROW);
      const d = rows.data;
      d[at + ID_START] = i;
      d[at + ID_END] = idEnd;
      d[at + DEF_START] = defStart;
      d[at + PROPS_START] = -1;
      d[at + PROPS_END] = -1;
      d[at + TYPE_START] = -1;
      d[at + TYPE_END] = -1;
      d[at + FLAGS] = escaped ? ESCAPED_ID : 0;
      this.slow = t[defStart]! !== 0x7b;
      i = this.value(defStart, 2, at);
      if (this.slow) {
        d[at + FLAGS] |= SLOW;
        this.references.length = refsFrom;
        this.zones.length = zonesFrom;
      }
      d[at + DEF_END] = i;
      d[at + NAMES] = this.names - names;
      d[at + REFS_FROM] = refsFrom;
      d[at + REFS_TO] = this.references.length;
      d[at + ZONES_FROM] = zonesFrom;
      d[at + ZONES_TO] = this.zones.length;
      this.resourceCount++;
      i = skipSpace(t, i);
      if (t[i]! === 0x7d) return i + 1;
      if (t[i]! !== 0x2c) throw NOT_TAKEN;
      i = skipSpace(t, i + 1);
    }
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
