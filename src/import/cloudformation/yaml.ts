// Reads a CloudFormation template (YAML or JSON; JSON by JSON.parse, else as YAML 1.2 flow) into plain
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
  // JSON templates: JSON.parse is ~20x faster than the YAML parser on big (1,000-VPC) templates.
  // Anything it does not take cleanly (syntax errors, duplicate keys, deep nesting) goes on to the
  // YAML path below, which reports it with line:column.
  const json = parseJsonTemplate(text);
  if (json !== undefined) return json;
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

/**
 * A JSON template as plain template values (null-prototype maps), or undefined when the text is not
 * a JSON object, nests deeper than MAX_DEPTH or repeats a key in one object (JSON.parse would keep
 * the last silently; the YAML path names the duplicate).
 */
function parseJsonTemplate(text: string): TemplateValue | undefined {
  if (text.trimStart()[0] !== '{') return undefined;
  const scan = scanJson(text);
  if (scan.maxDepth > MAX_DEPTH) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  let keys = 0;
  const copy = (v: unknown): TemplateValue => {
    if (Array.isArray(v)) return v.map(copy);
    if (typeof v === 'object' && v !== null) {
      const out = newMap();
      for (const k of Object.keys(v)) {
        keys++;
        out[k] = copy((v as Record<string, unknown>)[k]);
      }
      return out;
    }
    return v as TemplateValue;
  };
  const root = copy(parsed);
  return keys === scan.keys ? root : undefined;
}

/** Member names (strings followed by ':') and the deepest nesting of JSON text, in one pass. */
function scanJson(text: string): { keys: number; maxDepth: number } {
  let keys = 0;
  let depth = 0;
  let maxDepth = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      for (i++; i < n && text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c) i++;
      let j = i + 1;
      while (j < n && (text.charCodeAt(j) === 0x20 || text.charCodeAt(j) === 0x0a || text.charCodeAt(j) === 0x0d || text.charCodeAt(j) === 0x09)) j++;
      if (text.charCodeAt(j) === 0x3a) keys++;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > maxDepth) maxDepth = depth;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return { keys, maxDepth };
}
