// Reads a CloudFormation template (YAML or JSON; JSON by JSON.parse, else as YAML through
// ../yaml-text.ts) into plain template values. Short-form tags become their long form
// (`!Ref X` -> `{ Ref: X }`); alias bombs, deep nesting, duplicate keys and syntax errors are one
// line with line:column.
import { DEFAULT_MAX_ALIAS_COUNT, MAX_YAML_DEPTH, parseYamlText, type YamlTag } from '../yaml-text.js';
import { newMap, type TemplateValue } from './values.js';

/** Short-form tag -> long-form key, on scalars, sequences and mappings alike (`!GetAtt A.B` and `!GetAtt [A, B]`). */
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

const TAGS: readonly YamlTag[] = [...SHORT_FORMS].map(([tag, long]) => ({
  tag,
  construct: (data) => {
    const wrapped = newMap();
    wrapped[long] = data as TemplateValue;
    return wrapped;
  },
}));

/** `parsedJson`: `text` already parsed by JSON.parse (it is reused, and changed in place). */
export function parseTemplateText(text: string, file: string, maxAliasCount = DEFAULT_MAX_ALIAS_COUNT, parsedJson?: unknown): TemplateValue {
  // JSON templates: JSON.parse is several times faster than any YAML parser on big (1,000-VPC)
  // templates. Anything it does not take cleanly (syntax errors, duplicate keys, deep nesting) goes
  // on to the YAML path, which reports it with line:column.
  const json = parseJsonTemplate(text, parsedJson);
  if (json !== undefined) return json;
  return parseYamlText(text, file, { tags: TAGS, maxAliasCount });
}

/**
 * A JSON template as plain template values (null-prototype maps), or undefined when the text is not
 * a JSON object, nests deeper than MAX_YAML_DEPTH or repeats a key in one object (JSON.parse would keep
 * the last silently; the YAML path names the duplicate).
 */
function parseJsonTemplate(text: string, parsedJson?: unknown): TemplateValue | undefined {
  if (text.trimStart()[0] !== '{') return undefined;
  const scan = scanJson(text);
  if (scan.maxDepth > MAX_YAML_DEPTH) return undefined;
  let parsed = parsedJson;
  if (parsed === undefined) {
    try {
      parsed = JSON.parse(text);
    } catch {
      return undefined;
    }
  }
  let keys = 0;
  // In place: JSON.parse already stores `__proto__` as an own key; removing each map's prototype
  // keeps V8's fast properties, where copying into Object.create(null) maps would not.
  const adopt = (v: unknown): void => {
    if (Array.isArray(v)) {
      for (const item of v) adopt(item);
    } else if (typeof v === 'object' && v !== null) {
      Object.setPrototypeOf(v, null);
      for (const k of Object.keys(v)) {
        keys++;
        adopt((v as Record<string, unknown>)[k]);
      }
    }
  };
  adopt(parsed);
  const root = parsed as TemplateValue;
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
