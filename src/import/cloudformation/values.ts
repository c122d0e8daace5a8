// Template values after YAML/JSON parsing: scalars, arrays and null-prototype maps, so a
// `__proto__` or `constructor` key in a template is an ordinary key and never reaches a prototype.
export type TemplateScalar = string | number | boolean | null;
export type TemplateValue = TemplateScalar | TemplateValue[] | TemplateMap;
export interface TemplateMap {
  [key: string]: TemplateValue;
}

/** The value of `Ref: AWS::NoValue`: removed from the enclosing map or list. */
export const NO_VALUE: unique symbol = Symbol('AWS::NoValue');

export function newMap(): TemplateMap {
  // Not Object.create(null): that makes a dictionary-mode object, several times slower to fill and
  // read than a literal whose prototype is then removed (it matters on 1,000-VPC templates).
  return Object.setPrototypeOf({}, null) as TemplateMap;
}

export function isTemplateMap(value: unknown): value is TemplateMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function hasOwn(map: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(map, key);
}

/**
 * A scalar's text, else undefined. Never String() a template value: maps have no prototype, so
 * String(map) throws (the "Cannot convert object to primitive value" crash class).
 */
export function scalarText(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
}

/** Short text of a value for error messages (model/printable.ts: clipped, with its length). */
export { quote as describeValue } from '../../model/printable.js';
