// Reads a CloudFormation template (YAML or JSON; JSON by JSON.parse, else as YAML through
// ../yaml-text.ts) into plain template values. Short-form tags become their long form
// (`!Ref X` -> `{ Ref: X }`); alias bombs, deep nesting, duplicate keys and syntax errors are one
// line with line:column.
import { DEFAULT_MAX_ALIAS_COUNT, MAX_YAML_DEPTH, parseYamlText, type YamlTag } from '../yaml-text.js';
import { jsonShape, type JsonDocument } from '../json-text.js';
import { newMap, type TemplateValue } from './values.js';

/** Short-form tag -> long-form key, on scalars, sequences and mappings alike (`!GetAtt A.B` and `!GetAtt [A, B]`). */
export const SHORT_FORMS: ReadonlyMap<string, string> = new Map([
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

/** `parsedJson`: `text` already parsed (../json-text.ts parseJsonDocument); its value is reused, and changed in place. */
export function parseTemplateText(text: string, file: string, maxAliasCount = DEFAULT_MAX_ALIAS_COUNT, parsedJson?: JsonDocument): TemplateValue {
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
function parseJsonTemplate(text: string, parsedJson?: JsonDocument): TemplateValue | undefined {
  if (text.trimStart()[0] !== '{') return undefined;
  let doc = parsedJson;
  if (doc === undefined) {
    const shape = jsonShape(text);
    if (shape.maxDepth > MAX_YAML_DEPTH) return undefined;
    try {
      doc = { value: JSON.parse(text), memberNames: shape.memberNames };
    } catch {
      return undefined;
    }
  }
  const root = doc.value as TemplateValue;
  return adoptJson(root) === doc.memberNames ? root : undefined;
}

/**
 * Removes the prototype of every map of a JSON.parse value, in place, and counts the member names.
 * JSON.parse already stores `__proto__` as an own key; removing each map's prototype keeps V8's fast
 * properties, where copying into Object.create(null) maps would not. The prototype goes first, so
 * for-in sees own keys only.
 */
export function adoptJson(v: TemplateValue): number {
  if (typeof v !== 'object' || v === null) return 0;
  let names = 0;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) names += adoptJson(v[i]!);
    return names;
  }
  Object.setPrototypeOf(v, null);
  for (const k in v) {
    names++;
    const item = v[k]!;
    if (typeof item === 'object' && item !== null) names += adoptJson(item);
  }
  return names;
}
