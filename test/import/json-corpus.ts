// Templates for differential tests of the JSON reading path: every template of examples/ and
// test/fixtures/ that parses, as JSON text, and deterministic pseudo-random numbers for seeded mutations.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseTemplateText } from '../../src/import/cloudformation/template-text.js';
import { isTemplateMap, type TemplateValue } from '../../src/import/cloudformation/values.js';
import { random } from '../helpers/random.js';

export { random };

function templateFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...templateFiles(path));
    else if (/\.(ya?ml|json)$/.test(name)) out.push(path);
  }
  return out;
}

/** Every template of examples/ and test/fixtures/ that parses, as compact JSON text. */
export function jsonCorpus(): string[] {
  const corpus: string[] = [];
  for (const path of [...templateFiles('examples'), ...templateFiles('test/fixtures')]) {
    let value: TemplateValue;
    try {
      value = parseTemplateText(readFileSync(path, 'utf8'), path);
    } catch {
      continue;
    }
    if (isTemplateMap(value) && isTemplateMap(value.Resources)) corpus.push(JSON.stringify(value));
  }
  return corpus;
}

