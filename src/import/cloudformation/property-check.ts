// CloudFormation refuses a resource that states a property its type does not have ("Encountered
// unsupported property"); the import does too, naming it with the closest real one. Without this a
// misspelt optional property (MapPublicIPOnLaunch, SecurityGroupIngres, a rule's CidrIP) was dropped
// without a word and the answers were about another network than the one the user wrote.
import { closestName } from '../../model/closest-name.js';
import { InputError } from '../../model/errors.js';
import { clip } from '../../model/printable.js';
import { ITEM_PROPERTY_NAMES, PROPERTY_NAMES } from './property-names.js';

/** The keys an object may hold, and for those that hold objects (or lists of them), their own keys. */
interface Names {
  names: ReadonlySet<string>;
  /** `Type.A.B` in ITEM_PROPERTY_NAMES: the keys of what A holds, then of what its B holds. */
  path: string;
  items: Map<string, Names>;
}

const words = (names: string): ReadonlySet<string> => new Set(names.split(' '));

const TYPES: ReadonlyMap<string, Names> = new Map(
  Object.entries(PROPERTY_NAMES).map(([type, names]) => {
    const root: Names = { names: words(names), path: type, items: new Map() };
    // Shorter paths first, so a parent exists before its children.
    const keys = Object.keys(ITEM_PROPERTY_NAMES).filter((k) => k.startsWith(`${type}.`)).sort((a, b) => a.split('.').length - b.split('.').length);
    for (const key of keys) {
      const steps = key.slice(type.length + 1).split('.');
      let parent = root;
      for (const step of steps.slice(0, -1)) parent = parent.items.get(step)!;
      parent.items.set(steps.at(-1)!, { names: words(ITEM_PROPERTY_NAMES[key]!), path: key.slice(type.length + 1), items: new Map() });
    }
    return [type, root];
  }),
);

/** Where the walk is, for the message: keys and list indexes from the resource's properties down. */
type Step = string | number;

/**
 * Throws an InputError when `props` (a mapped resource's resolved properties) has a key its type does
 * not have, or an object it holds (or an item of a list), at any depth ITEM_PROPERTY_NAMES defines,
 * has a key its schema does not define. Runs on every resource of a template (150,000 on 1,000 VPCs):
 * nothing is allocated on the way when all is well but the path stack, reused.
 */
export function checkPropertyNames(type: string, props: object, file: string, logicalId: string): void {
  const known = TYPES.get(type);
  if (known) checkObject(props, known, [], { type, file, logicalId });
}

interface Site {
  type: string;
  file: string;
  logicalId: string;
}

function checkObject(value: unknown, names: Names, path: Step[], site: Site): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return;
  const object = value as Record<string, unknown>;
  for (const key in object) {
    if (!names.names.has(key)) fail(site, path, key, names);
    const items = names.items.get(key);
    if (items === undefined) continue;
    const inner = object[key];
    path.push(key);
    if (Array.isArray(inner)) {
      for (let i = 0; i < inner.length; i++) {
        path.push(i);
        checkObject(inner[i], items, path, site);
        path.pop();
      }
    } else checkObject(inner, items, path, site);
    path.pop();
  }
}

function fail(site: Site, path: Step[], key: string, names: Names): never {
  const at = path.map((step, i) => (typeof step === 'number' ? `[${step}]` : `${i > 0 ? '.' : ''}${step}`)).join('');
  const what = path.length === 0 ? site.type : `${names.path} in ${site.type}`;
  const hint = closestName(key, (visit) => names.names.forEach(visit));
  throw new InputError(`${at}${at ? '.' : ''}${clip(key)}: not a property of ${what}; CloudFormation refuses it${hint ? ` (did you mean ${hint}?)` : ''}`, { file: site.file, logicalId: site.logicalId, resourceType: site.type });
}
