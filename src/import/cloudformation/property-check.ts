// CloudFormation refuses a resource that states a property its type does not have ("Encountered
// unsupported property"); the import does too, naming it with the closest real one. Without this a
// misspelt optional property (MapPublicIPOnLaunch, SecurityGroupIngres) was dropped without a word and
// the answers were about another network than the one the user wrote.
import { closestName } from '../../model/closest-name.js';
import { InputError } from '../../model/errors.js';
import { clip } from '../../model/printable.js';
import { PROPERTY_NAMES } from './property-names.js';

const KNOWN: ReadonlyMap<string, ReadonlySet<string>> = new Map(Object.entries(PROPERTY_NAMES).map(([type, names]) => [type, new Set(names.split(' '))]));

/** Throws an InputError when `props` (a mapped resource's properties) has a key its type does not have. */
export function checkPropertyNames(type: string, props: object, file: string, logicalId: string): void {
  const known = KNOWN.get(type);
  if (!known) return;
  for (const key of Object.keys(props)) {
    if (known.has(key)) continue;
    const hint = closestName(key, (visit) => known.forEach(visit));
    throw new InputError(`${clip(key)}: not a property of ${type}; CloudFormation refuses it${hint ? ` (did you mean ${hint}?)` : ''}`, { file, logicalId, resourceType: type });
  }
}
