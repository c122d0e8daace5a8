// A YAML template read the way a JSON one is: when the text is in the YAML subset ../yaml-fast.ts
// reads (what CloudFormation templates are written in, in practice), it becomes JSON text, which the
// JSON scan (template-slices.ts) then reads resource by resource. Otherwise (or when the scan does not
// take that JSON) the template is left to js-yaml (template-text.ts), which reports every error.
import { yamlSubsetToJson } from '../yaml-fast.js';
import { sliceTemplate, type SlicedTemplate } from './template-slices.js';
import { SHORT_FORMS } from './template-text.js';

export interface YamlAsJson {
  /** The template as JSON text: the text the import reads from then on. */
  readonly json: string;
  readonly sliced: SlicedTemplate;
}

/** The YAML template `text` as sliced JSON, or undefined when it is to be read by js-yaml. */
export function sliceYamlTemplate(text: string): YamlAsJson | undefined {
  const json = yamlSubsetToJson(text, SHORT_FORMS);
  if (json === undefined) return undefined;
  const sliced = sliceTemplate(json);
  return sliced && { json, sliced };
}
