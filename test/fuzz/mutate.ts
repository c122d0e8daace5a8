// Seeded structural mutations of templates, snapshots and traffic files for the CLI fuzz test.
// Each mutation replaces, removes, renames or duplicates one node of the parsed document, or plants
// a hostile value (wrong shapes, intrinsics in odd places, control characters, huge strings) where
// a well-formed input has a scalar. The PRNG is the generator's (src/generate/random.ts), so a
// failing case is reproduced from its seed alone.
import { Random } from '../../src/generate/random.js';

export type Doc = null | boolean | number | string | Doc[] | { [key: string]: Doc };

/** Terminal-spoofing text: an ANSI sequence that clears the line and paints a verdict, a newline, bidi overrides. */
export const SPOOF = '\u001b[2K\r\u001b[32mREACHABLE\u001b[0m\nx\u0007\u009b31m\u202eevil\u2066';

/** Values that well-formed inputs never hold where they are planted. */
function hostileValues(rng: Random): Doc[] {
  return [
    { a: 1 },
    [],
    [{ b: [1, 2] }],
    null,
    true,
    -1,
    0,
    1.5,
    65536,
    4294967296,
    1e308,
    '',
    ' ',
    '-1',
    'NaN',
    '10.0.0.0/8',
    '0.0.0.0/0',
    '::/0',
    '255.255.255.255/33',
    'tcp',
    '__proto__',
    'constructor',
    SPOOF,
    'x'.repeat(rng.chance(0.5) ? 300 : 200_000),
    { Ref: 'AWS::Region' },
    { Ref: 'AWS::NoValue' },
    { Ref: 'NoSuchThing' },
    { Ref: { a: 1 } },
    { 'Fn::GetAtt': ['NoSuch', 'Thing'] },
    { 'Fn::GetAtt': [{ a: 1 }, { b: 2 }] },
    { 'Fn::Sub': '${AWS::Region}-${NoSuch}' },
    { 'Fn::Sub': [{ a: 1 }, { x: { y: 1 } }] },
    { 'Fn::Sub': ['${x}', { x: { y: 1 } }] },
    { 'Fn::If': ['NoCondition', 1, 2] },
    { 'Fn::Select': [5, []] },
    { 'Fn::Select': [{ a: 1 }, [1]] },
    { 'Fn::Join': ['', [{ a: 1 }, [2]]] },
    { 'Fn::Join': [{ a: 1 }, 'x'] },
    { 'Fn::Split': [',', { a: 1 }] },
    { 'Fn::Cidr': ['10.0.0.0/8', 1000, 99] },
    { 'Fn::Cidr': [{ a: 1 }, { b: 1 }, { c: 1 }] },
    { 'Fn::FindInMap': ['a', 'b', 'c'] },
    { 'Fn::FindInMap': [{ a: 1 }, 'b', 'c'] },
    { 'Fn::Base64': { a: 1 } },
    { 'Fn::GetAZs': { a: 1 } },
    { 'Fn::Equals': [{ a: 1 }, { b: 2 }] },
    { 'Fn::Not': [{ a: 1 }] },
    { 'Fn::And': [{ a: 1 }, 'true'] },
    { 'Fn::ImportValue': { a: 1 } },
    { 'Fn::Length': [1] },
    { Key: 'Name', Value: SPOOF },
    nest(rng.int(5, 40)),
  ];
}

function nest(depth: number): Doc {
  let v: Doc = 'deep';
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { k: v };
  return v;
}

interface Site {
  parent: Doc[] | { [key: string]: Doc };
  key: string | number;
}

/** Every (parent, key) slot of the document, in document order. */
function sites(doc: Doc, out: Site[] = []): Site[] {
  if (Array.isArray(doc)) {
    doc.forEach((child, i) => {
      out.push({ parent: doc, key: i });
      sites(child, out);
    });
  } else if (doc !== null && typeof doc === 'object') {
    for (const k of Object.keys(doc)) {
      out.push({ parent: doc, key: k });
      sites(doc[k]!, out);
    }
  }
  return out;
}

function get(s: Site): Doc {
  return (s.parent as Record<string | number, Doc>)[s.key]!;
}

function set(s: Site, value: Doc): void {
  (s.parent as Record<string | number, Doc>)[s.key] = value;
}

const clone = (d: Doc): Doc => JSON.parse(JSON.stringify(d)) as Doc;

/** One mutation in place; returns a short label of what it did. */
export function mutateOnce(doc: Doc, rng: Random): string {
  const all = sites(doc);
  if (all.length === 0) return 'none';
  const s = rng.pick(all);
  const op = rng.int(0, 9);
  if (op <= 3) {
    set(s, rng.pick(hostileValues(rng)));
    return `replace ${String(s.key)}`;
  }
  if (op === 4) {
    // A node from elsewhere in the same document: right shapes in the wrong places.
    set(s, clone(get(rng.pick(all))));
    return `transplant ${String(s.key)}`;
  }
  if (op === 5) {
    if (Array.isArray(s.parent)) s.parent.splice(s.key as number, 1);
    else delete s.parent[s.key as string];
    return `delete ${String(s.key)}`;
  }
  if (op === 6 && !Array.isArray(s.parent)) {
    const v = s.parent[s.key as string]!;
    delete s.parent[s.key as string];
    const renamed = rng.pick([`${String(s.key)}\u001b[31m`, `${String(s.key)}\nX`, '__proto__', 'constructor', `${String(s.key)}x`, '']);
    s.parent[renamed] = v;
    return `rename ${String(s.key)}`;
  }
  if (op === 7 && Array.isArray(s.parent)) {
    s.parent.push(clone(get(s)));
    return 'duplicate item';
  }
  if (op === 8) {
    // Strings: planted control characters (names, tags, ids reach the terminal).
    const v = get(s);
    if (typeof v === 'string') {
      set(s, `${v}${SPOOF}`);
      return `spoof ${String(s.key)}`;
    }
  }
  const v = get(s);
  if (typeof v === 'number') set(s, rng.pick([-v, v * 1e6, v + 0.5, String(v), -1, 2 ** 31]));
  else if (typeof v === 'string') set(s, rng.pick([v.slice(0, rng.int(0, v.length)), v + v, v.toUpperCase(), Number(v.length)]));
  else set(s, rng.pick(hostileValues(rng)));
  return `tweak ${String(s.key)}`;
}

/** Keys whose string values are names the CLI prints (tags, client and key names, descriptions). */
const NAME_KEYS = new Set(['Value', 'name', 'Name', 'UsagePlanName', 'StageName', 'Description', 'GroupDescription', 'GroupName']);

/** Spoofing text planted in every name-like string: the input stays valid, its names reach the output. */
export function spoofNames(doc: Doc): string {
  let n = 0;
  for (const s of sites(doc)) {
    const v = get(s);
    if (typeof s.key === 'string' && NAME_KEYS.has(s.key) && typeof v === 'string') {
      set(s, `${v}${SPOOF}`);
      n++;
    }
  }
  return `spoof ${n} names`;
}

/** A parameter whose declaration fields hold maps, lists or intrinsics (CloudFormation rejects them). */
export function hostileParameter(doc: { [key: string]: Doc }, rng: Random): string {
  const params = (doc.Parameters && typeof doc.Parameters === 'object' && !Array.isArray(doc.Parameters) ? doc.Parameters : (doc.Parameters = {})) as { [key: string]: Doc };
  const field = rng.pick(['Default', 'AllowedValues', 'AllowedPattern', 'MaxLength', 'MinLength', 'MinValue', 'MaxValue', 'Type', 'ConstraintDescription', 'NoEcho']);
  const value = rng.pick<Doc>([{ a: 1 }, [{ a: 1 }], { Ref: 'AWS::Region' }, [], null, 'x', -3]);
  const spec: { [key: string]: Doc } = { Type: rng.pick(['String', 'Number', 'CommaDelimitedList', 'List<Number>']), Default: rng.pick(['1', 'a', '1,2']) };
  spec[field] = value;
  params.FuzzParam = spec;
  return `parameter ${field}`;
}

/** Byte-level damage to the text itself (parser paths): a cut, a stray character or a control byte. */
export function damageText(text: string, rng: Random): string {
  const at = rng.int(0, text.length);
  switch (rng.int(0, 3)) {
    case 0: return text.slice(0, at);
    case 1: return text.slice(0, at) + rng.pick(['{', ']', ':', '"', '!Ref', '&a', '*a', '\t', '\u0000', '\u001b[31m', '\n  - ', '%', '\ufeff']) + text.slice(at);
    case 2: return text.slice(0, at) + text.slice(at + rng.int(1, 40));
    default: return text.slice(0, at) + text.slice(at).replace(/\n/, '\n' + ' '.repeat(rng.int(1, 3)));
  }
}
