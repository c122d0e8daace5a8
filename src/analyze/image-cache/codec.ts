// A compact text form of plain data (the Topology, the component table) for the image cache: JSON
// in which every object is an array of its values behind the number of its shape (its list of
// keys, stored once), and a bigint (addresses, prefixes) is a tagged decimal string. A 1,000-VPC
// topology has ~500,000 objects of a few dozen shapes: the keys are written once instead of
// 500,000 times, and JSON.parse reads arrays faster than objects.
//
//   value  = null | boolean | number | string | [ARRAY, value...] | [BIGINT, "123"] | [UNDEFINED] | [SHAPE0 + s, value...]
//
// Only what JSON and bigints can hold is encoded: a Map, Set, function or class instance throws
// (the cache is then not written), so a decoded value is never silently different.

const ARRAY = 0;
const BIGINT = 1;
/** A key present with the value undefined (`{ name: undefined }` is not `{}` to `'name' in x`). */
const UNDEFINED = 2;
const SHAPE0 = 3;

export interface Encoded {
  shapes: string[][];
  /** Shapes of objects without a prototype (Object.create(null)), which decode the same way. */
  bare: number[];
  value: unknown;
}

export class NotPlainData extends Error {}

/**
 * Encodes values against one shape table, so that many values (each element of a list, stored
 * apart and decoded alone) share it. encode() gives the JSON-ready tree of one value.
 */
export class ShapeEncoder {
  readonly shapes: string[][] = [];
  readonly bare: number[] = [];
  private readonly shapeIds = new Map<string, number>();

  encode(v: unknown): unknown {
    switch (typeof v) {
      case 'string':
      case 'boolean':
        return v;
      case 'number':
        if (!Number.isFinite(v)) throw new NotPlainData(`not a finite number: ${v}`);
        return v;
      case 'bigint':
        return [BIGINT, v.toString()];
      case 'object': {
        if (v === null) return null;
        if (Array.isArray(v)) {
          const out: unknown[] = [ARRAY];
          for (const item of v) out.push(this.encode(item));
          return out;
        }
        const proto = Object.getPrototypeOf(v);
        if (proto !== Object.prototype && proto !== null) throw new NotPlainData(`not a plain object: ${proto?.constructor?.name ?? 'unknown'}`);
        const keys = Object.keys(v);
        const out: unknown[] = [SHAPE0 + this.shapeOf(keys, proto === null)];
        for (const k of keys) out.push(this.encode((v as Record<string, unknown>)[k]));
        return out;
      }
      case 'undefined':
        return [UNDEFINED];
      default:
        throw new NotPlainData(`cannot encode a ${typeof v}`);
    }
  }

  /** The id of the shape `keys` (of an object without a prototype when `bare`), added to the table when new. */
  shapeOf(keys: string[], bare: boolean): number {
    const shapeKey = (bare ? '\u0001' : '') + keys.join('\u0000');
    let id = this.shapeIds.get(shapeKey);
    if (id === undefined) {
      id = this.shapes.length;
      this.shapes.push(keys);
      if (bare) this.bare.push(id);
      this.shapeIds.set(shapeKey, id);
    }
    return id;
  }
}

/** Decodes trees a ShapeEncoder with the same shape table encoded. Throws on a tree it did not write. */
export class ShapeDecoder {
  private readonly isBare: Set<number>;

  constructor(
    private readonly shapes: string[][],
    bare: number[],
  ) {
    if (!Array.isArray(shapes) || !Array.isArray(bare)) throw new Error('no shape table');
    this.isBare = new Set(bare);
  }

  decode(v: unknown): unknown {
    if (v === null || typeof v !== 'object') return v;
    const a = v as unknown[];
    const tag = a[0] as number;
    if (tag === ARRAY) {
      const out = new Array<unknown>(a.length - 1);
      for (let i = 1; i < a.length; i++) out[i - 1] = this.decode(a[i]);
      return out;
    }
    if (tag === BIGINT) return BigInt(a[1] as string);
    if (tag === UNDEFINED) return undefined;
    const keys = this.shapes[tag - SHAPE0];
    if (!keys || keys.length !== a.length - 1) throw new Error(`bad shape ${tag}`);
    const out: Record<string, unknown> = this.isBare.has(tag - SHAPE0) ? Object.create(null) : {};
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      // An own `__proto__` key stays a key, as it was (assignment would set the prototype).
      if (k === '__proto__') Object.defineProperty(out, k, { value: this.decode(a[i + 1]), enumerable: true, writable: true, configurable: true });
      else out[k] = this.decode(a[i + 1]);
    }
    return out;
  }
}

/** `value` as compact JSON text. Throws NotPlainData for anything but plain objects, arrays, bigints and JSON values. */
export function encodePlain(value: unknown): string {
  const encoder = new ShapeEncoder();
  const encoded = encoder.encode(value);
  return JSON.stringify({ shapes: encoder.shapes, bare: encoder.bare, value: encoded } satisfies Encoded);
}

/** The value encodePlain() encoded. Throws on text it did not write. */
export function decodePlain(text: string): unknown {
  const { shapes, bare, value } = JSON.parse(text) as Encoded;
  return new ShapeDecoder(shapes, bare).decode(value);
}
