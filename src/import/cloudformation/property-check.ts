// CloudFormation refuses a resource that states a property its type does not have ("Encountered
// unsupported property"); the import does too, naming it with the closest real one. Without this a
// misspelt optional property (MapPublicIPOnLaunch, SecurityGroupIngres, a rule's CidrIP) was dropped
// without a word and the answers were about another network than the one the user wrote.
import { closestName } from '../../model/closest-name.js';
import { InputError } from '../../model/errors.js';
import { clip } from '../../model/printable.js';
import { ITEM_PROPERTY_NAMES, PROPERTY_NAMES } from './property-names.js';

const sets = (table: Readonly<Record<string, string>>): ReadonlyMap<string, ReadonlySet<string>> =>
  new Map(Object.entries(table).map(([key, names]) => [key, new Set(names.split(' '))]));
const KNOWN = sets(PROPERTY_NAMES);
const ITEMS = sets(ITEM_PROPERTY_NAMES);

/**
 * Throws an InputError when `props` (a mapped resource's resolved properties) has a key its type does
 * not have, or an object it holds (or an item of its list) has a key its schema does not define.
 */
export function checkPropertyNames(type: string, props: object, file: string, logicalId: string): void {
  const known = KNOWN.get(type);
  if (!known) return;
  const fail = (path: string, key: string, names: ReadonlySet<string>, what: string): never => {
    const hint = closestName(key, (visit) => names.forEach(visit));
    throw new InputError(`${path}${clip(key)}: not a property of ${what}; CloudFormation refuses it${hint ? ` (did you mean ${hint}?)` : ''}`, { file, logicalId, resourceType: type });
  };
  for (const [key, value] of Object.entries(props)) {
    if (!known.has(key)) fail('', key, known, type);
    const items = ITEMS.get(`${type}.${key}`);
    if (!items || typeof value !== 'object' || value === null) continue;
    const list: unknown[] = Array.isArray(value) ? value : [value];
    list.forEach((item, i) => {
      if (typeof item !== 'object' || item === null || Array.isArray(item)) return;
      for (const k of Object.keys(item)) if (!items.has(k)) fail(Array.isArray(value) ? `${key}[${i}].` : `${key}.`, k, items, `${key} in ${type}`);
    });
  }
}
