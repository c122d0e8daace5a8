// Typed reads of describe-* JSON fields. Every read that fails throws one InputError line naming the
// file, the resource (its AWS id) and the field path, with the bad value. Only own properties are
// read, so keys such as `__proto__` or `constructor` in the input never reach a prototype.
import { InputError } from '../../model/errors.js';
import { clip, printable } from '../../model/printable.js';
import { AddressParseError, parseAddress, parsePrefix, type Address, type Prefix } from '../../model/ip.js';

/** Where a value sits: the file, the resource it belongs to, and the path of the object inside it. */
export interface Where {
  file: string;
  resourceType: string;
  /** The resource's AWS id, or `Key[i]` while the id is not known yet. */
  id: string;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Short, one-line rendering of a bad value for messages. */
export function show(value: unknown): string {
  let text: string;
  if (typeof value === 'string') text = value;
  else if (value === undefined) text = 'undefined';
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  // One short line whatever the value holds: escaped newlines, clipped length (model/printable.ts).
  return `'${printable(clip(text))}'`;
}

export class Fields {
  constructor(
    private readonly obj: Record<string, unknown>,
    readonly where: Where,
    /** Path of this object inside the resource, e.g. `Routes[2]`; '' at the resource itself. */
    readonly path = '',
  ) {}

  /** The same object read on behalf of a resource whose id is now known. */
  forResource(resourceType: string, id: string): Fields {
    return new Fields(this.obj, { ...this.where, resourceType, id }, this.path);
  }

  fieldPath(name: string): string {
    return this.path ? `${this.path}.${name}` : name;
  }

  error(name: string, detail: string): InputError {
    return new InputError(`${this.fieldPath(name)} ${detail}`, {
      file: this.where.file,
      resourceType: this.where.resourceType,
      logicalId: this.where.id,
    });
  }

  raw(name: string): unknown {
    return Object.hasOwn(this.obj, name) ? this.obj[name] : undefined;
  }

  has(name: string): boolean {
    const v = this.raw(name);
    return v !== undefined && v !== null;
  }

  optStr(name: string): string | undefined {
    const v = this.raw(name);
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') throw this.error(name, `${show(v)} is not a string`);
    return v;
  }

  str(name: string): string {
    const v = this.optStr(name);
    if (v === undefined || v === '') throw this.error(name, 'is missing');
    return v;
  }

  /** One of the listed strings; `values` are matched exactly. */
  oneOf<T extends string>(name: string, values: readonly T[], fallback?: T): T {
    const v = fallback === undefined ? this.str(name) : this.optStr(name) ?? fallback;
    if (!(values as readonly string[]).includes(v)) throw this.error(name, `${show(v)} is not one of ${values.join(', ')}`);
    return v as T;
  }

  /** An EC2 `enable` / `disable` option as a boolean. */
  enabled(name: string, fallback: 'enable' | 'disable'): boolean {
    return this.oneOf(name, ['enable', 'disable'], fallback) === 'enable';
  }

  bool(name: string, fallback: boolean): boolean {
    const v = this.raw(name);
    if (v === undefined || v === null) return fallback;
    if (typeof v !== 'boolean') throw this.error(name, `${show(v)} is not true or false`);
    return v;
  }

  /** An integer, given as a JSON number or a decimal string (EC2 writes `Protocol: "6"`, `BgpAsn: "65000"`). */
  optInt(name: string): number | undefined {
    const v = this.raw(name);
    if (v === undefined || v === null) return undefined;
    const n = typeof v === 'string' && /^-?\d{1,15}$/.test(v) ? Number(v) : v;
    if (typeof n !== 'number' || !Number.isSafeInteger(n)) throw this.error(name, `${show(v)} is not an integer`);
    return n;
  }

  int(name: string): number {
    return this.required(name, this.optInt(name));
  }

  optPrefix(name: string): Prefix | undefined {
    const v = this.optStr(name);
    return v === undefined ? undefined : this.parsed(name, v, parsePrefix, 'a CIDR block');
  }

  prefix(name: string): Prefix {
    return this.required(name, this.optPrefix(name));
  }

  /** A CIDR block of one family: EC2 keeps IPv4 (`CidrBlock`, `CidrIp`) and IPv6 (`Ipv6CidrBlock`, `CidrIpv6`) fields apart. */
  optPrefixOf(name: string, family: 4 | 6): Prefix | undefined {
    const prefix = this.optPrefix(name);
    if (prefix && prefix.family !== family) throw this.error(name, `${show(this.raw(name))} is the wrong address family (IPv${family} expected)`);
    return prefix;
  }

  prefixOf(name: string, family: 4 | 6): Prefix {
    return this.required(name, this.optPrefixOf(name, family));
  }

  optAddress(name: string): Address | undefined {
    const v = this.optStr(name);
    return v === undefined ? undefined : this.parsed(name, v, parseAddress, 'an IP address');
  }

  address(name: string): Address {
    return this.required(name, this.optAddress(name));
  }

  /** A nested object; undefined when absent. */
  optChild(name: string): Fields | undefined {
    const v = this.raw(name);
    if (v === undefined || v === null) return undefined;
    if (!isObject(v)) throw this.error(name, `${show(v)} is not an object`);
    return new Fields(v, this.where, this.fieldPath(name));
  }

  /** A list of objects; [] when absent. */
  list(name: string): Fields[] {
    const v = this.raw(name);
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) throw this.error(name, `${show(v)} is not a list`);
    return v.map((item, i) => {
      const path = `${this.fieldPath(name)}[${i}]`;
      if (!isObject(item)) throw new Fields({}, this.where, '').error(path, `${show(item)} is not an object`);
      return new Fields(item, this.where, path);
    });
  }

  /** A list of strings; [] when absent. */
  strings(name: string): string[] {
    const v = this.raw(name);
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) throw this.error(name, `${show(v)} is not a list`);
    return v.map((item, i) => {
      if (typeof item !== 'string') throw this.error(`${name}[${i}]`, `${show(item)} is not a string`);
      return item;
    });
  }

  /** A list of CIDR strings; [] when absent. */
  prefixes(name: string): Prefix[] {
    return this.strings(name).map((text, i) => this.parsed(`${name}[${i}]`, text, parsePrefix, 'a CIDR block'));
  }

  private required<T>(name: string, value: T | undefined): T {
    if (value === undefined) throw this.error(name, 'is missing');
    return value;
  }

  /** `text` of field `name` parsed once here (model/ip.ts); a failure names the field, the value and why. */
  private parsed<T>(name: string, text: string, parse: (text: string) => T, what: string): T {
    try {
      return parse(text);
    } catch (err) {
      throw this.error(name, `${show(text)} is not ${what}: ${reason(err)}`);
    }
  }

  /** Tags other than Name, as a spread: `{ tags }` when there are any, else `{}`. */
  otherTags(): { tags?: Record<string, string> } {
    const tags: Record<string, string> = {};
    for (const tag of this.list('Tags')) {
      const key = tag.optStr('Key');
      const value = tag.optStr('Value');
      if (key !== undefined && key !== 'Name' && value !== undefined) tags[key] = value;
    }
    return Object.keys(tags).length > 0 ? { tags } : {};
  }

  /** The value of the `Name` tag (EC2 `Tags: [{Key, Value}]`). */
  nameTag(): string | undefined {
    for (const tag of this.list('Tags')) if (tag.optStr('Key') === 'Name') return tag.optStr('Value');
    return undefined;
  }
}

function reason(err: unknown): string {
  if (err instanceof AddressParseError) return err.message;
  return err instanceof Error ? err.message : String(err);
}
