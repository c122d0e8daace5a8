// A resource's Properties read straight from the JSON text, intrinsics resolved on the way: the
// value JSON.parse of the slice, prototype removal (template-text.ts adoptJson) and resolveValue
// (intrinsics.ts) would give, in one pass that builds only the resolved maps and lists. Most of a big
// template's resources are a flat map of literals and `{"Ref": name}`; reading them this way skips
// the parse tree that resolveValue then copied (on a 1,000-VPC template: 150,000 trees).
// Only for text the template scan has checked (template-scan.ts: JSON as strict as JSON.parse, no
// repeated keys, ASCII). Anything this reader does not take as simply (an escape, an integer-like
// key, a map whose first key is an intrinsic's but has more keys, a Properties value that is itself
// an intrinsic) makes it answer undefined: the caller then resolves the parsed value as before.
// Members are resolved in text order, which is key order here (no integer-like keys), so the first
// error is the one resolveValue meets first.
import { MemberScope, resolveValue, type IntrinsicHost, type Resolved, type Scope } from './intrinsics.js';
import { newMap, NO_VALUE, type TemplateMap, type TemplateValue } from './values.js';

/** What the reader resolves through: the intrinsics, and a Ref by where its name is written in the text. */
export interface TextHost extends IntrinsicHost {
  /**
   * What ref() answers for the name written at text[start, end) (no escapes) when that is a parameter
   * or a created resource; undefined otherwise (ref() of the name then answers, or says what is wrong).
   * No string is made for the name: a big template's properties name 100,000s of resources.
   */
  refAt(start: number, end: number): Resolved | undefined;
}

/** Returned (and passed up) when the text is not read here. */
const NOT_TAKEN: unique symbol = Symbol('not taken');
type Read = Resolved | typeof NOT_TAKEN;

/** V8 keeps a substring this long as a slice of its parent (SlicedString::kMinLength): such strings are copied. */
const SLICE_MIN_LENGTH = 13;

const QUOTE = 0x22;
const OPEN_MAP = 0x7b;
const CLOSE_MAP = 0x7d;
const OPEN_LIST = 0x5b;
const CLOSE_LIST = 0x5d;
const COMMA = 0x2c;

/** Slots of the member-name table (a power of two). */
const NAME_SLOTS = 512;

/** The member scope `key` of `parent` (the scope as it is for a list item: key undefined), built only when needed. */
function scopeOf(parent: Scope, key: string | undefined): Scope {
  return key === undefined ? parent : new MemberScope(parent, key);
}

/** Reads the properties of the resources of one JSON text (see the header). */
export class PropertiesText {
  private at = 0;
  private host!: TextHost;
  /**
   * Member names met, by length and a few characters: a name written again (each resource of a
   * type repeats its type's names) is compared in place instead of cut out of the text and looked up in
   * V8's string table as a property key each time.
   */
  private readonly names: string[] = new Array<string>(NAME_SLOTS).fill('');
  /** Where the text has a backslash (an escape: such properties are not read here), in order; found on first use. */
  private escapes?: Int32Array;

  constructor(private readonly text: string) {}

  /** Whether text[start, end) has an escape (one search of the text, then a binary search per call). */
  private hasEscape(start: number, end: number): boolean {
    let escapes = this.escapes;
    if (escapes === undefined) {
      const found: number[] = [];
      for (let i = this.text.indexOf('\\'); i >= 0; i = this.text.indexOf('\\', i + 1)) found.push(i);
      this.escapes = escapes = Int32Array.from(found);
    }
    if (escapes.length === 0) return false;
    let lo = 0;
    let hi = escapes.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (escapes[mid]! < start) lo = mid + 1;
      else hi = mid;
    }
    return lo < escapes.length && escapes[lo]! < end;
  }

  /**
   * The Properties map written at text[start, end) (a map the template scan vouched for), resolved, or
   * undefined when it is not read here. `scope` is the scope resolveValue would get (`Properties`).
   * Re-entrant: resolving a Ref may read another resource's properties.
   */
  read(start: number, end: number, host: TextHost, scope: Scope): TemplateMap | undefined {
    // JSON has a backslash only in a string, as an escape.
    if (this.hasEscape(start, end)) return undefined;
    const outer = this.host;
    this.host = host;
    this.at = start;
    try {
      if (this.next() !== OPEN_MAP) return undefined;
      // A Properties value that is itself a one-key intrinsic map is left to resolveValue.
      const value = this.map(scope, undefined, true);
      if (value === NOT_TAKEN || this.at !== end) return undefined;
      return value as TemplateMap;
    } finally {
      this.host = outer;
    }
  }

  /** The next character that is not JSON white space (the position stays on it). */
  next(): number {
    const text = this.text;
    let c = text.charCodeAt(this.at);
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = text.charCodeAt(++this.at);
    return c;
  }

  /**
   * A value resolved as resolveValue would in the scope of member `key` of `parent` (a list item's:
   * key undefined); that scope is built only if needed (most values are literals and Refs that resolve).
   */
  value(parent: Scope, key: string | undefined): Read {
    const c = this.next();
    if (c === OPEN_MAP) return this.map(parent, key, false);
    if (c === OPEN_LIST) return this.list(parent, key);
    return this.scalar(c);
  }

  /**
   * A map (at `{`), resolved: `{"Ref": name}` through the host; another one-key map whose key may be an
   * intrinsic's (Ref, Fn::..., Condition) read as written and handed to resolveValue, as a whole.
   */
  map(parent: Scope, key: string | undefined, top: boolean): Read {
    this.at++;
    let c = this.next();
    if (c === CLOSE_MAP) {
      this.at++;
      return newMap();
    }
    // Most maps in a big template's properties are `{"Ref": name}`: that key is recognized without a look-up.
    let first: string | typeof NOT_TAKEN;
    if (this.text.startsWith('"Ref"', this.at)) {
      first = 'Ref';
      this.at += 5;
      this.next();
      this.at++;
    } else first = this.key();
    if (first === NOT_TAKEN) return NOT_TAKEN;
    if (first === 'Ref' || first === 'Condition' || first.startsWith('Fn::')) {
      if (top) return NOT_TAKEN;
      if (first === 'Ref' && this.next() === QUOTE) {
        // A Ref's name is looked up where it is written; a string is made for it only if that fails.
        const from = this.at + 1;
        const to = this.text.indexOf('"', from);
        this.at = to + 1;
        if (this.next() !== CLOSE_MAP) return NOT_TAKEN;
        this.at++;
        // The host may read another resource's properties with this reader.
        const at = this.at;
        const resolved = this.host.refAt(from, to) ?? this.host.ref(this.text.slice(from, to), scopeOf(parent, key));
        this.at = at;
        return resolved;
      }
      const arg = this.raw();
      if (arg === NOT_TAKEN || this.next() !== CLOSE_MAP) return NOT_TAKEN;
      this.at++;
      const at = this.at;
      const written = newMap();
      written[first] = arg;
      const resolved = resolveValue(written, this.host, scopeOf(parent, key));
      this.at = at;
      return resolved;
    }
    const scope = scopeOf(parent, key);
    const out = newMap();
    let name: string | typeof NOT_TAKEN = first;
    for (;;) {
      const v = this.value(scope, name);
      if (v === NOT_TAKEN) return NOT_TAKEN;
      if (v !== NO_VALUE) out[name] = v;
      c = this.next();
      this.at++;
      if (c !== COMMA) return out;
      this.next();
      name = this.key();
      if (name === NOT_TAKEN) return NOT_TAKEN;
    }
  }

  /** A list (at `[`), each item resolved in the list's scope (member `key` of `parent`); AWS::NoValue items left out. */
  list(parent: Scope, key: string | undefined): Read {
    this.at++;
    const out: TemplateValue[] = [];
    if (this.next() === CLOSE_LIST) {
      this.at++;
      return out;
    }
    for (;;) {
      const v = this.value(parent, key);
      if (v === NOT_TAKEN) return NOT_TAKEN;
      if (v !== NO_VALUE) out.push(v);
      const c = this.next();
      this.at++;
      if (c !== COMMA) return out;
    }
  }

  /** A value as written (no intrinsic resolved): what JSON.parse gives, maps without prototype. */
  raw(): TemplateValue | typeof NOT_TAKEN {
    let c = this.next();
    if (c === OPEN_MAP) {
      this.at++;
      const out = newMap();
      if (this.next() === CLOSE_MAP) {
        this.at++;
        return out;
      }
      for (;;) {
        const key = this.key();
        if (key === NOT_TAKEN) return NOT_TAKEN;
        const v = this.raw();
        if (v === NOT_TAKEN) return NOT_TAKEN;
        out[key] = v;
        c = this.next();
        this.at++;
        if (c !== COMMA) return out;
        this.next();
      }
    }
    if (c === OPEN_LIST) {
      this.at++;
      const out: TemplateValue[] = [];
      if (this.next() === CLOSE_LIST) {
        this.at++;
        return out;
      }
      for (;;) {
        const v = this.raw();
        if (v === NOT_TAKEN) return NOT_TAKEN;
        out.push(v);
        c = this.next();
        this.at++;
        if (c !== COMMA) return out;
      }
    }
    return this.scalar(c);
  }

  /** A member name (at its `"`) and the `:` after it; integer-like names are not taken (they come first in key order). */
  private key(): string | typeof NOT_TAKEN {
    const text = this.text;
    const from = this.at + 1;
    const c = text.charCodeAt(from);
    if (c >= 0x30 && c <= 0x39) return NOT_TAKEN;
    const to = text.indexOf('"', from);
    const length = to - from;
    // Length and three characters: no two names of the EC2 types vpcsim maps share a slot but two of a TGW association's.
    const slot = (length * 31 + c * 5 + text.charCodeAt(to - 1) * 9 + text.charCodeAt(to - 4) * 5) & (NAME_SLOTS - 1);
    let key = this.names[slot]!;
    // A substring compared whole is cheaper than startsWith's character-by-character reads of the text.
    if (key.length !== length || text.substring(from, to) !== key) this.names[slot] = key = internalized(text.slice(from, to));
    this.at = to + 1;
    this.next();
    this.at++;
    return key;
  }

  /** A string, a number, true, false or null at the position (`c` its first character). */
  private scalar(c: number): TemplateValue {
    if (c === QUOTE) return this.string();
    const text = this.text;
    if (c === 0x74) {
      this.at += 4;
      return true;
    }
    if (c === 0x66) {
      this.at += 5;
      return false;
    }
    if (c === 0x6e) {
      this.at += 4;
      return null;
    }
    // A number (the scan has checked its grammar): what JSON.parse makes of it, Number() makes too.
    const from = this.at;
    let i = from + 1;
    for (;;) {
      const d = text.charCodeAt(i);
      if ((d >= 0x30 && d <= 0x39) || d === 0x2e || d === 0x65 || d === 0x45 || d === 0x2d || d === 0x2b) i++;
      else break;
    }
    this.at = i;
    return Number(text.slice(from, i));
  }

  /** A string value without escapes (at its `"`); a long one is copied, not kept as a slice that holds the whole text. */
  private string(): string {
    const from = this.at + 1;
    const to = this.text.indexOf('"', from);
    this.at = to + 1;
    return to - from < SLICE_MIN_LENGTH ? this.text.slice(from, to) : (JSON.parse(this.text.slice(from - 1, to + 1)) as string);
  }
}

/** `name` as V8's own copy of it (the string property keys are): a store under it then finds it without a look-up. */
function internalized(name: string): string {
  // No prototype: a `__proto__` member is then an own key like any other.
  const holder = Object.create(null) as Record<string, true>;
  holder[name] = true;
  return Object.keys(holder)[0]!;
}
