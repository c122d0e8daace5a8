// Typed access to resolved resource properties. Every problem becomes one InputError naming the
// resource and the property path with the bad value, e.g. `Subnet 'A': CidrBlock: not a CIDR block: "10.0.0/24"`.
import { InputError } from '../../model/errors.js';
import { AddressParseError, parseAddress, parsePrefix, type Address, type Prefix } from '../../model/ip.js';
import { describeValue, hasOwn, isTemplateMap, type TemplateMap, type TemplateValue } from './values.js';

export type ErrorFactory = (field: string, detail: string) => InputError;

/** Where a nested reader's map is (`Tags[2]` of its parent): its path text is built only if a message needs it. */
interface ItemPath {
  readonly parent: PropertyReader;
  readonly name: string;
  /** The item's index in a list, or -1 for a map property. */
  readonly index: number;
}

export class PropertyReader {
  constructor(
    readonly values: TemplateMap,
    private readonly fail: ErrorFactory,
    private path: string | ItemPath = '',
  ) {}

  field(name: string): string {
    let path = this.path;
    if (typeof path !== 'string') {
      const { parent, name: own, index } = path;
      this.path = path = parent.field(index < 0 ? own : `${own}[${index}]`);
    }
    return path ? `${path}.${name}` : name;
  }

  error(name: string, detail: string): InputError {
    return this.fail(this.field(name), detail);
  }

  has(name: string): boolean {
    return hasOwn(this.values, name) && this.values[name] !== null;
  }

  raw(name: string): TemplateValue | undefined {
    return hasOwn(this.values, name) ? this.values[name] : undefined;
  }

  optString(name: string): string | undefined {
    const v = this.raw(name);
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    throw this.error(name, `expected a string, got ${describeValue(v)}`);
  }

  string(name: string): string {
    return this.required(name, this.optString(name));
  }

  bool(name: string, fallback: boolean): boolean {
    const v = this.raw(name);
    if (v === undefined || v === null) return fallback;
    if (v === true || v === 'true' || v === 'True') return true;
    if (v === false || v === 'false' || v === 'False') return false;
    throw this.error(name, `expected true or false, got ${describeValue(v)}`);
  }

  optInt(name: string): number | undefined {
    const v = this.raw(name);
    if (v === undefined || v === null) return undefined;
    const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v) : NaN;
    if (!Number.isInteger(n)) throw this.error(name, `expected an integer, got ${describeValue(v)}`);
    return n;
  }

  int(name: string, fallback?: number): number {
    const v = this.optInt(name);
    if (v !== undefined) return v;
    if (fallback !== undefined) return fallback;
    throw this.error(name, 'is required');
  }

  optPrefix(name: string): Prefix | undefined {
    return this.parsed(name, parsePrefix);
  }

  prefix(name: string): Prefix {
    return this.required(name, this.optPrefix(name));
  }

  optAddress(name: string): Address | undefined {
    return this.parsed(name, parseAddress);
  }

  private required<T>(name: string, value: T | undefined): T {
    if (value === undefined) throw this.error(name, 'is required');
    return value;
  }

  /** A string property parsed once here (model/ip.ts); its AddressParseError names this property. */
  private parsed<T>(name: string, parse: (text: string) => T): T | undefined {
    const text = this.optString(name);
    if (text === undefined) return undefined;
    try {
      return parse(text);
    } catch (err) {
      if (err instanceof AddressParseError) throw this.error(name, err.message);
      throw err;
    }
  }

  /** A list of CIDR blocks; an error names the item (`name[i]`). */
  prefixList(name: string): Prefix[] {
    return this.list(name).map((v, i) => {
      if (typeof v !== 'string') throw this.error(`${name}[${i}]`, `expected a CIDR block, got ${describeValue(v)}`);
      try {
        return parsePrefix(v);
      } catch (err) {
        if (err instanceof AddressParseError) throw this.error(`${name}[${i}]`, err.message);
        throw err;
      }
    });
  }

  list(name: string): TemplateValue[] {
    const v = this.raw(name);
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) throw this.error(name, `expected a list, got ${describeValue(v)}`);
    return v;
  }

  stringList(name: string): string[] {
    return this.optStringList(name) ?? [];
  }

  /** stringList, or undefined when the property is absent or null (one read of it). */
  optStringList(name: string): string[] | undefined {
    const v = this.raw(name);
    if (v === undefined || v === null) return undefined;
    return this.stringListOf(name, v);
  }

  /** stringList of `v`, the value of property `name` already read (not null). */
  stringListOf(name: string, v: TemplateValue): string[] {
    if (!Array.isArray(v)) throw this.error(name, `expected a list, got ${describeValue(v)}`);
    // Usually every item is a string: then a copy, which keeps a list of strings packed at its length
    // (map's optimized form makes holey lists: another hidden class for each reader of the model's lists).
    let strings = true;
    for (let i = 0; i < v.length && strings; i++) strings = typeof v[i] === 'string';
    if (strings && v.length > 0) return v.slice() as string[];
    return v.map((item, i) => {
      if (typeof item === 'string' || typeof item === 'number') return String(item);
      throw this.error(`${name}[${i}]`, `expected a string, got ${describeValue(item)}`);
    });
  }

  /** Readers for a list of maps, e.g. SecurityGroupIngress. */
  objects(name: string): PropertyReader[] {
    return this.list(name).map((v, i) => {
      if (!isTemplateMap(v)) throw this.error(`${name}[${i}]`, `expected a map, got ${describeValue(v)}`);
      return new PropertyReader(v, this.fail, { parent: this, name, index: i });
    });
  }

  optObject(name: string): PropertyReader | undefined {
    const v = this.raw(name);
    if (v === undefined || v === null) return undefined;
    if (!isTemplateMap(v)) throw this.error(name, `expected a map, got ${describeValue(v)}`);
    return new PropertyReader(v, this.fail, { parent: this, name, index: -1 });
  }

  /** An EC2 `enable` / `disable` option as a boolean. */
  enabled(name: string, fallback: 'enable' | 'disable'): boolean {
    return this.oneOf(name, ['enable', 'disable'] as const, fallback) === 'enable';
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback?: T): T {
    const v = this.optString(name);
    if (v === undefined) {
      if (fallback !== undefined) return fallback;
      throw this.error(name, 'is required');
    }
    const hit = allowed.find((a) => a.toLowerCase() === v.toLowerCase());
    if (!hit) throw this.error(name, `${describeValue(v)} is not one of ${allowed.join(', ')}`);
    return hit;
  }
}
