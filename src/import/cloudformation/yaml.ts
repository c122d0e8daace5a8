// Reads a CloudFormation template (YAML or JSON; JSON is parsed as YAML 1.2 flow) into plain
// template values. Short-form tags become their long form (`!Ref X` -> `{ Ref: X }`), aliases are
// expanded under a budget (alias bombs), and every syntax problem is one line with line:column.
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { InputError } from '../../model/errors.js';
import { newMap, type TemplateValue } from './values.js';

/** Short-form tag -> long-form key. `!GetAtt` and `!Ref`, `!Condition` keep a scalar argument. */
const SHORT_FORMS: ReadonlyMap<string, string> = new Map([
  ['!Ref', 'Ref'],
  ['!Condition', 'Condition'],
  ['!GetAtt', 'Fn::GetAtt'],
  ['!Sub', 'Fn::Sub'],
  ['!Join', 'Fn::Join'],
  ['!Select', 'Fn::Select'],
  ['!Split', 'Fn::Split'],
  ['!GetAZs', 'Fn::GetAZs'],
  ['!If', 'Fn::If'],
  ['!Equals', 'Fn::Equals'],
  ['!Not', 'Fn::Not'],
  ['!And', 'Fn::And'],
  ['!Or', 'Fn::Or'],
  ['!FindInMap', 'Fn::FindInMap'],
  ['!Cidr', 'Fn::Cidr'],
  ['!Base64', 'Fn::Base64'],
  ['!ImportValue', 'Fn::ImportValue'],
  ['!Transform', 'Fn::Transform'],
  ['!Length', 'Fn::Length'],
  ['!ToJsonString', 'Fn::ToJsonString'],
]);

export const DEFAULT_MAX_ALIAS_COUNT = 100;
const MAX_DEPTH = 200;

export function parseTemplateText(text: string, file: string, maxAliasCount = DEFAULT_MAX_ALIAS_COUNT): TemplateValue {
  const lines = new LineCounter();
  // Duplicate keys are detected below in O(1) per key (the library's uniqueKeys check is quadratic).
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: false, prettyErrors: false });
  const at = (offset: number | undefined): string => {
    const pos = lines.linePos(offset ?? 0);
    return `${file}:${pos.line}:${pos.col}`;
  };
  const first = doc.errors[0];
  if (first) {
    // The parser reports its own stack overflow on absurdly deep flow collections.
    const message = /call stack/i.test(first.message) ? `nesting deeper than ${MAX_DEPTH} levels` : firstLine(first.message);
    throw new InputError(`${at(first.pos[0])}: ${message}`);
  }
  let aliases = 0;

  const convert = (node: unknown, depth: number): TemplateValue => {
    if (depth > MAX_DEPTH) throw new InputError(`${at(rangeStart(node))}: nesting deeper than ${MAX_DEPTH} levels`);
    if (node === null || node === undefined) return null;
    if (isAlias(node)) {
      // Every expansion counts, nested ones too, so exponential alias bombs stop quickly.
      if (++aliases > maxAliasCount) throw new InputError(`${at(node.range?.[0])}: more than ${maxAliasCount} YAML alias expansions (alias bomb?)`);
      return convert(node.resolve(doc as Document), depth + 1);
    }
    const value = plain(node, depth);
    const tag = (node as Node).tag;
    if (!tag || tag.startsWith('tag:yaml.org,2002:')) return value;
    const long = SHORT_FORMS.get(tag);
    if (!long) throw new InputError(`${at(rangeStart(node))}: unknown YAML tag ${tag}`);
    const wrapped = newMap();
    wrapped[long] = value;
    return wrapped;
  };

  const plain = (node: unknown, depth: number): TemplateValue => {
    if (isScalar(node)) {
      const v = node.value;
      if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
      if (typeof v === 'bigint') return Number(v);
      return String(v);
    }
    if (isSeq(node)) return node.items.map((item) => convert(item, depth + 1));
    if (isMap(node)) {
      const out = newMap();
      for (const pair of node.items) {
        const key = convert(pair.key, depth + 1);
        if (typeof key !== 'string' && typeof key !== 'number' && typeof key !== 'boolean') {
          throw new InputError(`${at(rangeStart(pair.key))}: map keys must be scalars`);
        }
        const name = String(key);
        if (Object.prototype.hasOwnProperty.call(out, name)) throw new InputError(`${at(rangeStart(pair.key))}: duplicate key ${JSON.stringify(name)}`);
        out[name] = convert(pair.value, depth + 1);
      }
      return out;
    }
    throw new InputError(`${at(rangeStart(node))}: unsupported YAML node`);
  };

  const root = convert(doc.contents, 0);
  const unknownTag = doc.warnings.find((w) => !/^Unresolved tag: !/.test(w.message));
  if (unknownTag) throw new InputError(`${at(unknownTag.pos[0])}: ${firstLine(unknownTag.message)}`);
  return root;
}

function rangeStart(node: unknown): number | undefined {
  return (node as { range?: [number, number, number] } | null)?.range?.[0];
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}
