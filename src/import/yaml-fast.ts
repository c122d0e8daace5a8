// A strict reader for the YAML subset CloudFormation templates are written in, into compact JSON
// text: block mappings and sequences, plain / single- / double-quoted scalars on one line, literal
// and folded block scalars, comments, one-line flow sequences and mappings, and local tags from a
// given table (`!Ref X` -> `{"Ref":"X"}`, what ./cloudformation/template-text.ts constructs).
// js-yaml (./yaml-text.ts) builds a tree of objects 2-3x slower than the JSON machinery reads the
// same template; this reader writes bytes only. It answers undefined at the first doubt (anchors,
// aliases, `|+` / `|2` block scalars, multi-line plain or quoted scalars, tabs, CR, non-ASCII text,
// directives, several documents, complex keys, unknown tags, keys that are not plain strings, plain
// scalars it does not resolve exactly as js-yaml's core schema does...): the caller then reads the
// text with js-yaml, which reports any error. Repeated keys are left to the JSON reader the text
// goes to (template-scan.ts refuses them). One module on purpose: split into modules (imported
// constants, character tables, a base class), the reader ran 1.3x slower from tsc's output and
// 4-15x slower under tsx (measured on the 1,000-VPC template).
import { coreNumber } from './yaml-core-schema.js';
import { DECLINE, decline } from './yaml-decline.js';

/** Nesting deeper than this declines (both readers refuse deeper than 200 levels, with an error at a position). */
const MAX_DEPTH = 100;
/** YAML limits an implicit key to 1024 characters; longer keys decline. */
const MAX_KEY = 1000;
/** Longer plain scalars decline (they are read into a buffer made room for once). */
const MAX_PLAIN = 1 << 16;

const NL = 10;
const CR = 13;
const SPACE = 32;
const QUOTE = 34;
const HASH = 35;
const APOS = 39;
const COMMA = 44;
const DASH = 45;
const COLON = 58;
const BANG = 33;
const LBRACKET = 91;
const BACKSLASH = 92;
const RBRACKET = 93;
const LBRACE = 123;
const RBRACE = 125;
const TILDE = 126;
const PIPE = 124;
const GREATER = 62;

/**
 * The JSON text of a YAML document in the subset, or undefined when the text is outside it (or may be:
 * any doubt declines). `tags`: local tag as written -> the one key of the map it stands for.
 */
export function yamlSubsetToJson(text: string, tags: ReadonlyMap<string, string>): string | undefined {
  const json = yamlSubsetToJsonBytes(text, tags);
  return json && new TextDecoder().decode(json);
}

/** yamlSubsetToJson's JSON text as UTF-8 bytes (the JSON scan reads bytes: no text to encode again). */
export function yamlSubsetToJsonBytes(text: string, tags: ReadonlyMap<string, string>): Uint8Array | undefined {
  const bytes = textBytes(text);
  return bytes && readSubset(bytes, tags);
}

/**
 * yamlSubsetToJsonBytes of the text whose bytes are `ascii`, ASCII without NUL or CR (the caller
 * checks): textBytes of that text is these bytes and the 0 after them, made here without the text.
 * `roomAfter`: the byte after `ascii` in its buffer may be written; the 0 goes there, and the bytes
 * are read where they are (a copy of a 39 MB template is ~10,000 page faults).
 */
export function asciiYamlToJsonBytes(ascii: Uint8Array, tags: ReadonlyMap<string, string>, roomAfter = false): Uint8Array | undefined {
  let bytes: Uint8Array;
  if (roomAfter) {
    bytes = new Uint8Array(ascii.buffer, ascii.byteOffset, ascii.length + 1);
    bytes[ascii.length] = 0;
  } else {
    bytes = new Uint8Array(ascii.length + 1);
    bytes.set(ascii);
  }
  return readSubset(bytes, tags);
}

/** The reader's JSON bytes of `bytes` (textBytes' form), or undefined when it declines. */
function readSubset(bytes: Uint8Array, tags: ReadonlyMap<string, string>): Uint8Array | undefined {
  try {
    const reader = new SubsetReader(bytes, tags);
    reader.document();
    return reader.output();
  } catch (err) {
    if (err === DECLINE) return undefined;
    throw err;
  }
}

/**
 * The text as UTF-8 bytes and a 0 after them (the end; a NUL in the text declines), CR LF line breaks
 * as LF (YAML reads them alike); undefined for what the reader does not take: a CR alone, a
 * surrogate (paired or not: encoding would hide a lone one), and the characters js-yaml refuses or
 * YAML reads specially (C1 controls with NEL, U+FEFF inside the text, U+FFFE, U+FFFF).
 */
function textBytes(text: string): Uint8Array | undefined {
  const n = text.length;
  let bytes = new Uint8Array(n + 1);
  const ascii = new TextEncoder().encodeInto(text, bytes);
  if (ascii.read !== n || ascii.written !== n) {
    if (/[\uD800-\uDFFF\u0080-\u009F\uFEFF\uFFFE\uFFFF]/.test(text)) return undefined;
    const encoded = new TextEncoder().encode(text);
    bytes = new Uint8Array(encoded.length + 1);
    bytes.set(encoded);
  }
  if (text.indexOf('\r') < 0) return bytes;
  let to = 0;
  for (let from = 0; from < bytes.length; from++) {
    const c = bytes[from]!;
    if (c === CR) {
      if (bytes[from + 1] !== NL) return undefined;
      continue;
    }
    bytes[to++] = c;
  }
  return bytes.subarray(0, to);
}

class SubsetReader {
  private pos = 0;
  private lineStart = 0;
  /** Column of the content at `pos` after nextContent(); -1 at the end of the text. */
  private col = 0;
  private depth = 0;
  private out: Uint8Array;
  private len = 0;

  constructor(
    private readonly b: Uint8Array,
    private readonly tags: ReadonlyMap<string, string>,
  ) {
    // CloudFormation YAML reads into slightly less JSON (indentation gone, quotes added); tags add more (the buffer grows).
    this.out = new Uint8Array(b.length + (b.length >> 3) + 4096);
  }

  output(): Uint8Array {
    return this.out.subarray(0, this.len);
  }

  document(): void {
    const b = this.b;
    this.col = this.firstContent();
    if (this.col === 0 && b[this.pos] === DASH && b[this.pos + 1] === DASH && b[this.pos + 2] === DASH && isBreak(b[this.pos + 3]!)) {
      this.pos += 3;
      this.lineEnd();
      this.col = this.nextContent();
    }
    if (this.col < 0) decline();
    this.blockMapping(this.col);
    if (this.col !== -1) decline();
  }

  // --- lines -------------------------------------------------------------------------------

  /** From the start of the text to its first content (comments and blank lines skipped). */
  private firstContent(): number {
    const b = this.b;
    for (;;) {
      while (b[this.pos] === SPACE) this.pos++;
      const c = b[this.pos]!;
      if (c === HASH) this.skipComment();
      if (b[this.pos] === NL) {
        this.pos++;
        this.lineStart = this.pos;
        continue;
      }
      if (b[this.pos] === 0) return this.pos === this.b.length - 1 ? -1 : decline();
      return this.pos - this.lineStart;
    }
  }

  /** At the end of a line's content (a line break, a comment or the end): on to the next content, its column (-1: the end). */
  private nextContent(): number {
    const b = this.b;
    if (b[this.pos] === HASH) this.skipComment();
    for (;;) {
      const c = b[this.pos]!;
      if (c === NL) {
        this.pos++;
        this.lineStart = this.pos;
        while (b[this.pos] === SPACE) this.pos++;
        if (b[this.pos] === HASH) this.skipComment();
        continue;
      }
      if (c === 0) return this.pos === b.length - 1 ? -1 : decline();
      if (this.pos - this.lineStart === 0 && isDocumentMarker(b, this.pos)) decline();
      return this.pos - this.lineStart;
    }
  }

  private skipComment(): void {
    const b = this.b;
    while (b[this.pos] !== NL && b[this.pos] !== 0) {
      if (!isPrintable(b[this.pos]!)) decline();
      this.pos++;
    }
  }

  /** After a node on its line: only spaces and a comment may follow (a comment after a space). */
  private lineEnd(): void {
    const b = this.b;
    const from = this.pos;
    while (b[this.pos] === SPACE) this.pos++;
    const c = b[this.pos]!;
    if (c === NL || c === 0) return;
    if (c === HASH && this.pos > from) return;
    decline();
  }

  // --- block collections ----------------------------------------------------------------------

  private enter(): void {
    if (++this.depth > MAX_DEPTH) decline();
  }

  /** A block mapping whose keys are at column `indent`; `pos` is at its first key. */
  private blockMapping(indent: number): void {
    this.enter();
    this.put(LBRACE);
    for (let first = true; ; first = false) {
      if (!first) this.put(COMMA);
      this.key();
      this.put(COLON);
      this.pos++; // the ':' (key() checked a space or a line break follows)
      this.valueAfterIndicator(indent, true);
      if (this.col < indent) break;
      if (this.col > indent) decline();
    }
    this.put(RBRACE);
    this.depth--;
  }

  /** A block sequence whose dashes are at column `indent`; `pos` is at its first dash. */
  private blockSequence(indent: number): void {
    const b = this.b;
    this.enter();
    this.put(LBRACKET);
    for (let first = true; ; first = false) {
      if (!first) this.put(COMMA);
      this.pos++; // the '-'
      while (b[this.pos] === SPACE) this.pos++;
      const c = b[this.pos]!;
      const column = this.pos - this.lineStart;
      if (c === DASH && isBreak(b[this.pos + 1]!)) {
        this.blockSequence(column);
      } else if (c !== NL && c !== 0 && c !== HASH && this.startsKey()) {
        this.blockMapping(column);
      } else {
        this.valueAfterIndicator(indent, false);
      }
      if (this.col !== indent || !isSequenceDash(b, this.pos)) {
        if (this.col > indent) decline();
        break;
      }
    }
    this.put(RBRACKET);
    this.depth--;
  }

  /**
   * The value after a mapping's `: ` or a sequence's `- ` (at `pos`, spaces before it not skipped):
   * inline on this line, or a block node on the lines below, or nothing (null). Ends at the next
   * content (`col`), which must not be indented deeper than `indent`.
   */
  private valueAfterIndicator(indent: number, inMapping: boolean): void {
    const b = this.b;
    while (b[this.pos] === SPACE) this.pos++;
    let c = b[this.pos]!;
    let tagged = false;
    if (c === BANG) {
      this.tag();
      tagged = true;
      c = b[this.pos]!;
    }
    if (c === NL || c === 0 || c === HASH) {
      this.col = this.nextContent();
      if (this.col > indent) this.blockNode();
      else if (inMapping && this.col === indent && isSequenceDash(b, this.pos)) this.blockSequence(this.col);
      else if (tagged) decline();
      else this.putNull();
    } else {
      if (c === PIPE || c === GREATER) {
        this.blockScalar(indent);
      } else {
        this.inlineValue(tagged);
        this.lineEnd();
        this.col = this.nextContent();
      }
      if (this.col > indent) decline();
    }
    if (tagged) this.put(RBRACE);
  }

  /**
   * A literal (`|`, `|-`) or folded (`>`, `>-`) block scalar whose header is at `pos`, its lines
   * indented deeper than `indent`, as js-yaml reads it. Declines: keep (`+`) and explicit indentation
   * indicators, empty or leading blank lines, lines of spaces only, more-indented lines of a folded
   * scalar. Ends at the next content (`col`).
   */
  private blockScalar(indent: number): void {
    const b = this.b;
    const folded = b[this.pos] === GREATER;
    this.pos++;
    const strip = b[this.pos] === DASH;
    if (strip) this.pos++;
    this.lineEnd();
    if (b[this.pos] === HASH) this.skipComment();
    if (b[this.pos] !== NL) decline();
    let start = this.pos + 1;
    let spaces = 0;
    while (b[start + spaces] === SPACE) spaces++;
    const textIndent = spaces;
    if (textIndent <= indent || !this.isContent(b[start + spaces]!)) decline();
    this.put(QUOTE);
    let emptyLines = 0;
    for (let first = true; ; ) {
      // `start`: a line's first byte; its first `spaces` (at most textIndent) are spaces.
      const at = start + spaces;
      const c = b[at]!;
      if (c === NL) {
        emptyLines++;
        start = at + 1;
        spaces = 0;
        while (spaces < textIndent && b[start + spaces] === SPACE) spaces++;
        continue;
      }
      // A scalar running into the end of the text: js-yaml's chomping differs there (no final line break).
      if (c === 0 && spaces > 0) decline();
      if (c === 0 || spaces < textIndent) break;
      if (c === SPACE && (folded || this.blankRest(at))) decline();
      if (!first) {
        if (folded && emptyLines === 0) this.put(SPACE);
        else for (let k = folded ? 0 : -1; k < emptyLines; k++) this.putNewline();
      }
      let end = at;
      while (b[end] !== NL && b[end] !== 0) end++;
      this.putEscaped(at, end);
      first = false;
      emptyLines = 0;
      if (b[end] === 0) decline();
      start = end + 1;
      spaces = 0;
      while (spaces < textIndent && b[start + spaces] === SPACE) spaces++;
    }
    if (!strip) this.putNewline();
    this.put(QUOTE);
    // The line that ended the scalar (less indented, or the end of the text).
    this.lineStart = start;
    this.pos = start + spaces;
    if (b[this.pos] === HASH) this.col = this.nextContent();
    else if (b[this.pos] === 0) this.col = this.pos === b.length - 1 ? -1 : decline();
    else if (spaces === 0 && isDocumentMarker(b, this.pos)) decline();
    else this.col = spaces;
  }

  /** Whether a block scalar line may start with `c` (a printable character). */
  private isContent(c: number): boolean {
    return c > SPACE && c !== 127;
  }

  /** Whether the line from `i` holds spaces only. */
  private blankRest(i: number): boolean {
    const b = this.b;
    while (b[i] === SPACE) i++;
    return b[i] === NL || b[i] === 0;
  }

  /** A block node starting a line (at `pos`, column `col`): a sequence or a mapping. */
  private blockNode(): void {
    const b = this.b;
    if (isSequenceDash(b, this.pos)) this.blockSequence(this.col);
    else if (this.startsKey()) this.blockMapping(this.col);
    else decline();
  }

  /** Whether the line from `pos` is `key: ...` (a plain or quoted key, then `:` and a space or the line's end). */
  private startsKey(): boolean {
    const b = this.b;
    let i = this.pos;
    const c = b[i]!;
    if (c === QUOTE || c === APOS) {
      for (i++; b[i] !== c; i++) {
        if (b[i] === NL || b[i] === 0) return false;
        if (c === QUOTE && b[i] === BACKSLASH) i++;
        else if (c === APOS && b[i] === APOS && b[i + 1] === APOS) i++;
      }
      return b[i + 1] === COLON;
    }
    if (!isPlainKeyStart(c)) return false;
    for (; ; i++) {
      const d = b[i]!;
      if (d === NL || d === 0) return false;
      if (d === COLON && isBreak(b[i + 1]!)) return true;
      if (d === HASH && b[i - 1] === SPACE) return false;
    }
  }

  /** A mapping key (plain or quoted, on this line) as a JSON string; `pos` ends at its ':'. */
  private key(): void {
    const b = this.b;
    const c = b[this.pos]!;
    const from = this.pos;
    if (c === QUOTE) this.doubleQuoted();
    else if (c === APOS) this.singleQuoted();
    else {
      if (!isPlainKeyStart(c)) decline();
      // Copied while checked (key characters need no escaping); `: ` or `:` at the line's end ends it.
      this.room(MAX_KEY + 2);
      const out = this.out;
      let len = this.len;
      out[len++] = QUOTE;
      const limit = from + MAX_KEY;
      let i = from;
      for (; ; i++) {
        const d = b[i]!;
        if (d === COLON && isBreak(b[i + 1]!)) break;
        if ((CLASS[d]! & KEY_CHAR) === 0 || i >= limit) decline();
        out[len++] = d;
      }
      if (b[i - 1] === SPACE) decline();
      // A key that core-schema resolution would make null or a boolean is not a string key.
      if (resolvesToNonString(b, from, i)) decline();
      out[len++] = QUOTE;
      this.len = len;
      this.pos = i;
    }
    if (this.pos - from > MAX_KEY) decline();
    if (b[this.pos] !== COLON || !isBreak(b[this.pos + 1]!)) decline();
  }

  // --- tags and inline nodes --------------------------------------------------------------------

  /** A local tag at `pos` from the table, followed by a space or the line's end: writes `{"<key>":` and skips the spaces. */
  private tag(): void {
    const b = this.b;
    const from = this.pos;
    let i = from + 1;
    while (b[i]! > SPACE && b[i]! < 127) i++;
    const long = this.tags.get(this.ascii(from, i));
    if (long === undefined || (b[i] !== SPACE && b[i] !== NL && b[i] !== 0)) decline();
    this.put(LBRACE);
    this.putAscii(JSON.stringify(long));
    this.put(COLON);
    this.pos = i;
    while (b[this.pos] === SPACE) this.pos++;
  }

  /** A scalar or flow collection at `pos` (not at a line's end); `tagged`: a tag is before it (scalars stay strings). */
  private inlineValue(tagged: boolean): void {
    const c = this.b[this.pos]!;
    if (c === QUOTE) this.doubleQuoted();
    else if (c === APOS) this.singleQuoted();
    else if (c === LBRACKET) this.flowSequence();
    else if (c === LBRACE) this.flowMapping();
    else this.plainScalar(tagged, false);
  }

  private flowSequence(): void {
    const b = this.b;
    this.enter();
    this.put(LBRACKET);
    this.pos++;
    this.flowSpaces();
    if (b[this.pos] === RBRACKET) {
      this.pos++;
    } else {
      for (;;) {
        this.flowNode();
        this.flowSpaces();
        const c = b[this.pos];
        this.pos++;
        if (c === RBRACKET) break;
        if (c !== COMMA) decline();
        this.put(COMMA);
        this.flowSpaces();
        if (b[this.pos] === RBRACKET) decline(); // a trailing comma
      }
    }
    this.put(RBRACKET);
    this.depth--;
  }

  private flowMapping(): void {
    const b = this.b;
    this.enter();
    this.put(LBRACE);
    this.pos++;
    this.flowSpaces();
    if (b[this.pos] === RBRACE) {
      this.pos++;
    } else {
      for (;;) {
        this.flowKey();
        this.put(COLON);
        this.pos++; // the ':'
        this.flowSpaces();
        this.flowNode();
        this.flowSpaces();
        const c = b[this.pos];
        this.pos++;
        if (c === RBRACE) break;
        if (c !== COMMA) decline();
        this.put(COMMA);
        this.flowSpaces();
      }
    }
    this.put(RBRACE);
    this.depth--;
  }

  /** A key in a flow mapping: plain or quoted, then `: ` right after it. */
  private flowKey(): void {
    const b = this.b;
    const c = b[this.pos]!;
    if (c === QUOTE) this.doubleQuoted();
    else if (c === APOS) this.singleQuoted();
    else {
      if (!isPlainKeyStart(c)) decline();
      let i = this.pos;
      while (isPlainKeyChar(b[i]!) && b[i] !== SPACE && !(b[i] === COLON && b[i + 1] === SPACE)) i++;
      if (resolvesToNonString(b, this.pos, i)) decline();
      this.putString(this.pos, i);
      this.pos = i;
    }
    if (b[this.pos] !== COLON || b[this.pos + 1] !== SPACE) decline();
  }

  /** One item of a flow collection: a tagged node, a flow collection, a quoted or plain scalar. */
  private flowNode(): void {
    const b = this.b;
    let c = b[this.pos]!;
    const tagged = c === BANG;
    if (tagged) {
      this.tag();
      c = b[this.pos]!;
    }
    if (c === QUOTE) this.doubleQuoted();
    else if (c === APOS) this.singleQuoted();
    else if (c === LBRACKET) this.flowSequence();
    else if (c === LBRACE) this.flowMapping();
    else this.plainScalar(tagged, true);
    if (tagged) this.put(RBRACE);
  }

  /** Spaces inside a flow collection (a line break or a comment there declines). */
  private flowSpaces(): void {
    while (this.b[this.pos] === SPACE) this.pos++;
  }

  // --- scalars ------------------------------------------------------------------------------------

  /**
   * A plain scalar at `pos`, on this line: up to a comment, the line's end or (in a flow collection)
   * `,` `]` `}`. Untagged, it is resolved as the YAML 1.2 core schema (js-yaml) resolves it.
   */
  private plainScalar(tagged: boolean, inFlow: boolean): void {
    const b = this.b;
    const from = this.pos;
    const c = b[from]!;
    // Indicators cannot start a plain scalar (or start what the subset leaves out); '-' and ':' can when a non-space follows.
    if (!isPlainStart(c) && !((c === DASH || c === COLON) && isPrintable(b[from + 1]!) && b[from + 1] !== SPACE && !isFlowIndicator(b[from + 1]!))) decline();
    // Written as a JSON string while read (trailing spaces dropped at the end); resolved below when it may not be a string.
    this.room(2 * MAX_PLAIN + 2);
    const out = this.out;
    const start = this.len;
    let len = start;
    out[len++] = QUOTE;
    let outEnd = len;
    let end = from;
    const limit = from + MAX_PLAIN;
    for (let i = from; ; i++) {
      const d = b[i]!;
      if (d === SPACE) {
        out[len++] = d;
        continue;
      }
      if (d === NL || d === 0) break;
      if (d === HASH && b[i - 1] === SPACE) break;
      if ((CLASS[d]! & PLAIN_CHAR) === 0 || i >= limit) decline();
      // `: ` (or `:,` in a flow collection) would make a mapping key of what came before.
      if (d === COLON && (isBreak(b[i + 1]!) || (inFlow && isFlowIndicator(b[i + 1]!)))) decline();
      if (inFlow && isFlowIndicator(d)) {
        if (d === LBRACKET || d === LBRACE) decline();
        break;
      }
      if (d === QUOTE || d === BACKSLASH) out[len++] = BACKSLASH;
      out[len++] = d;
      outEnd = len;
      end = i + 1;
    }
    this.pos = end;
    if (!tagged && CLASS[c]! & RESOLVABLE) {
      this.len = start;
      this.resolved(from, end);
    } else {
      out[outEnd++] = QUOTE;
      this.len = outEnd;
    }
  }

  /** An untagged plain scalar's value as JSON: null, a boolean, a number or a string (js-yaml's core schema). */
  private resolved(from: number, to: number): void {
    const b = this.b;
    const c = b[from]!;
    const length = to - from;
    if (length === 1 && c === TILDE) return this.putNull();
    if (length === 4 && (c === 110 || c === 78 || c === 116 || c === 84)) {
      const word = this.ascii(from, to);
      if (word === 'null' || word === 'Null' || word === 'NULL') return this.putNull();
      if (word === 'true' || word === 'True' || word === 'TRUE') return this.putAscii('true');
    } else if (length === 5 && (c === 102 || c === 70)) {
      const word = this.ascii(from, to);
      if (word === 'false' || word === 'False' || word === 'FALSE') return this.putAscii('false');
    } else if (isNumberStart(c)) {
      const number = coreNumber(this.ascii(from, to));
      if (number !== undefined) return this.putAscii(number);
    }
    this.putString(from, to);
  }

  /** A double-quoted scalar on one line as a JSON string; escapes JSON shares are copied, others decline. */
  private doubleQuoted(): void {
    const b = this.b;
    this.put(QUOTE);
    let i = this.pos + 1;
    for (;;) {
      const c = b[i]!;
      if (c === QUOTE) break;
      if (!isPrintable(c)) decline();
      if (c === BACKSLASH) {
        const e = b[i + 1]!;
        if (e === 117) {
          for (let k = 2; k < 6; k++) if (!isHex(b[i + k]!)) decline();
          this.putRange(i, i + 6);
          i += 6;
          continue;
        }
        if (!isSharedEscape(e)) decline();
        this.put(c);
        this.put(e);
        i += 2;
        continue;
      }
      this.put(c);
      i++;
    }
    this.pos = i + 1;
    this.put(QUOTE);
  }

  /** A single-quoted scalar on one line (`''` is a quote) as a JSON string. */
  private singleQuoted(): void {
    const b = this.b;
    this.put(QUOTE);
    let i = this.pos + 1;
    for (;;) {
      const c = b[i]!;
      if (c === APOS) {
        if (b[i + 1] !== APOS) break;
        this.put(APOS);
        i += 2;
        continue;
      }
      if (!isPrintable(c)) decline();
      if (c === QUOTE || c === BACKSLASH) this.put(BACKSLASH);
      this.put(c);
      i++;
    }
    this.pos = i + 1;
    this.put(QUOTE);
  }

  /** Bytes from..to as a string, one character a byte (words, numbers and tags: other bytes only make them not match). */
  private ascii(from: number, to: number): string {
    let s = '';
    for (let i = from; i < to; i++) s += String.fromCharCode(this.b[i]!);
    return s;
  }

  // --- output -------------------------------------------------------------------------------------

  private room(k: number): void {
    if (this.len + k <= this.out.length) return;
    const bigger = new Uint8Array(Math.max(this.out.length * 2, this.len + k));
    bigger.set(this.out.subarray(0, this.len));
    this.out = bigger;
  }

  private put(c: number): void {
    if (this.len === this.out.length) this.room(1);
    this.out[this.len++] = c;
  }

  /** `\\n` in a JSON string (`escaped`), for a line break inside a block scalar. */
  private putNewline(): void {
    this.put(BACKSLASH);
    this.put(110);
  }

  /** Bytes from..to of the text as the inside of a JSON string (quotes and backslashes escaped, control characters decline). */
  private putEscaped(from: number, to: number): void {
    this.room(2 * (to - from));
    const b = this.b;
    const out = this.out;
    let len = this.len;
    for (let i = from; i < to; i++) {
      const c = b[i]!;
      if (c < SPACE || c === 127) decline();
      if (c === QUOTE || c === BACKSLASH) out[len++] = BACKSLASH;
      out[len++] = c;
    }
    this.len = len;
  }

  private putNull(): void {
    this.putAscii('null');
  }

  private putAscii(s: string): void {
    this.room(s.length);
    for (let k = 0; k < s.length; k++) this.out[this.len++] = s.charCodeAt(k);
  }

  private putRange(from: number, to: number): void {
    this.room(to - from);
    const b = this.b;
    const out = this.out;
    let len = this.len;
    for (let i = from; i < to; i++) out[len++] = b[i]!;
    this.len = len;
  }

  /** Bytes from..to of the text (printable ASCII) as a JSON string. */
  private putString(from: number, to: number): void {
    this.room(2 * (to - from) + 2);
    const b = this.b;
    const out = this.out;
    let len = this.len;
    out[len++] = QUOTE;
    for (let i = from; i < to; i++) {
      const c = b[i]!;
      if (c === QUOTE || c === BACKSLASH) out[len++] = BACKSLASH;
      out[len++] = c;
    }
    out[len++] = QUOTE;
    this.len = len;
  }
}

// --- characters -----------------------------------------------------------------------------------

function isBreak(c: number): boolean {
  return c === SPACE || c === NL || c === 0;
}

/** Printable ASCII or a byte of a UTF-8 sequence (the characters js-yaml refuses were declined when the text was encoded). */
function isPrintable(c: number): boolean {
  return c >= SPACE && c !== 127;
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

function isFlowIndicator(c: number): boolean {
  return c === COMMA || c === LBRACKET || c === RBRACKET || c === LBRACE || c === RBRACE;
}

/** `"` `\` `/` `b` `f` `n` `r` `t`: escapes that mean the same in YAML and JSON double-quoted strings. */
function isSharedEscape(e: number): boolean {
  return e === QUOTE || e === BACKSLASH || e === 47 || e === 98 || e === 102 || e === 110 || e === 114 || e === 116;
}

/** Letters, digits, `_` `/` `$` `(` `.` `+` `=` `^`... : any printable character that is not a YAML indicator or a space. */
function isPlainStart(c: number): boolean {
  if (!isPrintable(c) || c === SPACE) return false;
  // - ? : , [ ] { } # & * ! | > ' " % @ `
  return !(
    c === DASH ||
    c === 63 ||
    c === COLON ||
    isFlowIndicator(c) ||
    c === HASH ||
    c === 38 ||
    c === 42 ||
    c === BANG ||
    c === 124 ||
    c === 62 ||
    c === APOS ||
    c === QUOTE ||
    c === 37 ||
    c === 64 ||
    c === 96
  );
}

/** Character classes of bytes: one load instead of a chain of comparisons on the hot paths. */
const KEY_CHAR = 1;
/** Printable ASCII but the space. */
const PLAIN_CHAR = 2;
/** Could start a plain scalar that resolves to null, a boolean or a number: ~ n N t T f F 0-9 + - . */
const RESOLVABLE = 4;
const CLASS = new Uint8Array(256);
for (let c = 0; c < 256; c++) {
  if (c > SPACE && c !== 127) CLASS[c] |= PLAIN_CHAR;
  if (c === TILDE || c === 110 || c === 78 || c === 116 || c === 84 || c === 102 || c === 70 || (c >= 48 && c <= 57) || c === 43 || c === DASH || c === 46) CLASS[c] |= RESOLVABLE;
  if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === COLON || c === 47 || c === DASH || c === SPACE) CLASS[c] |= KEY_CHAR;
}

/** A plain key starts with a letter or `_` (so it is never a number, `.inf`, a document marker or an indicator). */
function isPlainKeyStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/** Letters, digits and `_ . : / - ` and the space. */
function isPlainKeyChar(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === COLON || c === 47 || c === DASH || c === SPACE;
}

function isNumberStart(c: number): boolean {
  return (c >= 48 && c <= 57) || c === 43 || c === DASH || c === 46;
}

/** Whether a plain key starting with a letter resolves to null or a boolean (core schema). */
function resolvesToNonString(b: Uint8Array, from: number, to: number): boolean {
  const length = to - from;
  if (length !== 4 && length !== 5) return false;
  // null Null NULL true True TRUE false False FALSE: second letter u, r or a in either case.
  const second = b[from + 1]! | 0x20;
  if (second !== 117 && second !== 114 && second !== 97) return false;
  let word = '';
  for (let i = from; i < to; i++) word += String.fromCharCode(b[i]!);
  return /^(?:null|Null|NULL|true|True|TRUE|false|False|FALSE)$/.test(word);
}

/** `document start` / `document end` markers at a line's start. */
function isDocumentMarker(b: Uint8Array, i: number): boolean {
  const c = b[i];
  return (c === DASH || c === 46) && b[i + 1] === c && b[i + 2] === c && isBreak(b[i + 3]!);
}

/** A `-` followed by a space or a line's end. */
function isSequenceDash(b: Uint8Array, i: number): boolean {
  return b[i] === DASH && isBreak(b[i + 1]!);
}
