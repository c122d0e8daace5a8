// CloudFormation refuses a resource that states a property its type does not have ("Encountered
// unsupported property"); the import does too, naming it with the closest real one. Without this a
// misspelt optional property (MapPublicIPOnLaunch, SecurityGroupIngres, a rule's CidrIP) was dropped
// without a word and the answers were about another network than the one the user wrote.
import { closestName } from '../../model/closest-name.js';
import { InputError } from '../../model/errors.js';
import { clip } from '../../model/printable.js';
import { ITEM_PROPERTY_NAMES, PROPERTY_NAMES } from './property-names.js';

const words = (names: string): ReadonlySet<string> => new Set(names.split(' '));

/** Per type: its properties, and the item keys of those that hold objects (`Type.Property` in ITEM_PROPERTY_NAMES). */
interface TypeNames {
  names: ReadonlySet<string>;
  items: ReadonlyMap<string, ReadonlySet<string>>;
}

const TYPES: ReadonlyMap<string, TypeNames> = new Map(
  Object.entries(PROPERTY_NAMES).map(([type, names]) => {
    const items = new Map<string, ReadonlySet<string>>();
    for (const [key, itemNames] of Object.entries(ITEM_PROPERTY_NAMES)) if (key.startsWith(`${type}.`)) items.set(key.slice(type.length + 1), words(itemNames));
    return [type, { names: words(names), items }];
  }),
);

/**
 * Throws an InputError when `props` (a mapped resource's resolved properties) has a key its type does
 * not have, or an object it holds (or an item of its list) has a key its schema does not define. Runs on
 * every resource of a template (150,000 on 1,000 VPCs): no allocation on the way when all is well.
 */
export function checkPropertyNames(type: string, props: object, file: string, logicalId: string): void {
  const known = TYPES.get(type);
  if (!known) return;
  const values = props as Record<string, unknown>;
  for (const key in values) {
    if (!known.names.has(key)) fail(type, file, logicalId, '', key, known.names, type);
    const items = known.items.get(key);
    if (items === undefined) continue;
    const value = values[key];
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) checkItem(value[i], items, type, file, logicalId, `${key}[${i}].`, key);
    } else checkItem(value, items, type, file, logicalId, `${key}.`, key);
  }
}

function checkItem(item: unknown, items: ReadonlySet<string>, type: string, file: string, logicalId: string, path: string, key: string): void {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return;
  for (const k in item) if (!items.has(k)) fail(type, file, logicalId, path, k, items, `${key} in ${type}`);
}

function fail(type: string, file: string, logicalId: string, path: string, key: string, names: ReadonlySet<string>, what: string): never {
  const hint = closestName(key, (visit) => names.forEach(visit));
  throw new InputError(`${path}${clip(key)}: not a property of ${what}; CloudFormation refuses it${hint ? ` (did you mean ${hint}?)` : ''}`, { file, logicalId, resourceType: type });
}
