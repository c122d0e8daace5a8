// Library entry points check their arguments' shape first, so a caller's mistake (a Promise not
// awaited, a file name where a Topology goes, a query without `from`) is a TypeError that says what
// was expected, not "Cannot read properties of undefined" from deep inside a walk.
import { quote } from './printable.js';
import { emptyTopology, type Topology } from './types.js';

const EMPTY = emptyTopology() as unknown as Record<string, unknown>;
/** The collections every Topology has (the array fields of emptyTopology()). */
const COLLECTIONS = Object.keys(EMPTY).filter((k) => Array.isArray(EMPTY[k]));

/** What a wrong argument is, for the message: `a Promise (await it first)`, `a string "lab.yaml"`, `null`. */
export function describeArgument(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return `a string ${quote(value)}`;
  if (typeof (value as { then?: unknown }).then === 'function') return 'a Promise (await it first)';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** Throws a TypeError unless `t` has a Topology's region and collections. */
export function assertTopology(t: unknown, fn: string): asserts t is Topology {
  const expected = `${fn}: expected a Topology (from loadTopology, importCloudFormation, importSnapshot or topology().build())`;
  if (typeof t !== 'object' || t === null || Array.isArray(t) || typeof (t as { then?: unknown }).then === 'function') {
    throw new TypeError(`${expected}, got ${describeArgument(t)}`);
  }
  const o = t as Record<string, unknown>;
  const missing = [...(typeof o.region === 'string' ? [] : ['region']), ...COLLECTIONS.filter((k) => !Array.isArray(o[k]))];
  if (missing.length > 0) throw new TypeError(`${expected}, got an object without ${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ` and ${missing.length - 3} more` : ''}`);
}

/** Throws a TypeError unless `value` is a non-null object (a query, an answer). */
export function assertObject(value: unknown, fn: string, what: string): asserts value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || typeof (value as { then?: unknown }).then === 'function') {
    throw new TypeError(`${fn}: ${what} must be an object, got ${describeArgument(value)}`);
  }
}

/** Throws a TypeError unless `value` is a string (a path, a template's text). */
export function assertString(value: unknown, fn: string, what: string): asserts value is string {
  if (typeof value !== 'string') throw new TypeError(`${fn}: ${what} must be a string, got ${describeArgument(value)}`);
}

/** Throws a TypeError unless `value` is an array (a list of documents or paths). */
export function assertArray(value: unknown, fn: string, what: string): asserts value is readonly unknown[] {
  if (!Array.isArray(value)) throw new TypeError(`${fn}: ${what} must be an array, got ${describeArgument(value)}`);
}
