// A YAML template read the way a JSON one is: when the text is in the YAML subset ../yaml-fast.ts
// reads (what CloudFormation templates are written in, in practice), it becomes JSON text, which the
// JSON scan (template-slices.ts) then reads resource by resource (or JSON.parse as a whole, when the
// text is not ASCII). Otherwise the template is left to js-yaml (template-text.ts), which reports
// every error.
import { asciiYamlToJsonBytes, yamlSubsetToJsonBytes } from '../yaml-fast.js';
import { parseJsonDocument, type JsonDocument } from '../json-text.js';
import { sliceTemplateBytes, type SlicedTemplate } from './template-slices.js';
import { adoptJson, SHORT_FORMS } from './template-text.js';
import type { TemplateValue } from './values.js';

export interface YamlAsJson {
  /** The template as JSON text: the text the import reads from then on. */
  readonly json: string;
  /** It read resource by resource, or (a text the scan does not take: non-ASCII) as a whole. */
  readonly sliced: SlicedTemplate | JsonDocument;
}

/** The YAML template `text` as JSON, read, or undefined when it is to be read by js-yaml. */
export function sliceYamlTemplate(text: string): YamlAsJson | undefined {
  return readJson(yamlSubsetToJsonBytes(text, SHORT_FORMS));
}

/**
 * sliceYamlTemplate of the text whose bytes are `ascii`: ASCII without NUL or CR (the caller checks),
 * read without making the text. `roomAfter`: the byte after them in their buffer may be written.
 */
export function sliceAsciiYamlTemplate(ascii: Uint8Array, roomAfter = false): YamlAsJson | undefined {
  return readJson(asciiYamlToJsonBytes(ascii, SHORT_FORMS, roomAfter));
}

/** The subset reader's JSON bytes read (resource by resource, else as a whole), or undefined (js-yaml reads the template). */
function readJson(bytes: Uint8Array | undefined): YamlAsJson | undefined {
  if (bytes === undefined) return undefined;
  // The scan reads the reader's bytes as they are (the JSON text is decoded from them once).
  const sliced = sliceTemplateBytes(bytes);
  if (sliced) return { json: sliced.text, sliced };
  const json = new TextDecoder().decode(bytes);
  // The scan reads ASCII only. As a whole, a repeated key (fewer names kept than written) is left to
  // js-yaml, which names it; nothing else can fail on the reader's JSON (its depth is far in bounds).
  const doc = parseJsonDocument(json, 'yaml');
  return adoptJson(doc.value as TemplateValue) === doc.memberNames ? { json, sliced: doc } : undefined;
}
