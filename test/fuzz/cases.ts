// The inputs the CLI fuzz test mutates (every example template, the snapshot fixture, the API
// Gateway template and traffic file) and the command each mutated input is run through.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load as loadYaml } from 'js-yaml';
import { stringify as toYaml } from 'yaml';
import { parseTemplateText } from '../../src/import/cloudformation/template-text.js';
import { Random } from '../../src/generate/random.js';
import { damageText, hostileParameter, mutateOnce, spoofNames, type Doc } from './mutate.js';

export interface Base {
  name: string;
  /** The file the mutations apply to; `other` files are passed as they are. */
  file: string;
  kind: 'template' | 'snapshot' | 'traffic' | 'apigw-template';
  /** argv after the command, with {file} and {other} placeholders. */
  commands: string[][];
  other?: string;
}

/** Endpoints worth tracing between in a template: its instances' logical ids. */
function instancesOf(doc: Doc): string[] {
  const res = (doc as { Resources?: Record<string, { Type?: string }> }).Resources ?? {};
  return Object.keys(res).filter((k) => res[k]!.Type === 'AWS::EC2::Instance');
}

export function bases(): Base[] {
  const out: Base[] = [];
  // Every example, and fixtures for the resource kinds no example uses (test/fixtures/fuzz).
  const templates = ['examples', 'test/fixtures/fuzz'].flatMap((d) => readdirSync(d).filter((f) => f.endsWith('.yaml')).sort().map((f) => join(d, f)));
  for (const file of templates) {
    const name = file.slice(file.lastIndexOf('/') + 1);
    const ids = instancesOf(parsed(file, 'template'));
    const [a = '10.0.0.10', b = '8.8.8.8'] = ids;
    out.push({
      name, file, kind: 'template',
      commands: [['validate', '{file}'], ['validate', '{file}', '--json'], ['trace', '{file}', '--from', a, '--to', b, '--port', '22'], ['trace', '{file}', '--from', b, '--to', a, '--protocol', 'udp', '--all-blocking']],
    });
  }
  out.push({
    name: 'snapshot', file: 'test/fixtures/snapshot/account-merged.json', kind: 'snapshot',
    commands: [['validate', '{file}'], ['trace', '{file}', '--from', 'i-0aaaaaaaaaaaaaaa1', '--to', 'i-0bbbbbbbbbbbbbbb1', '--port', '443'], ['trace', '{file}', '--from', 'i-0aaaaaaaaaaaaaaa2', '--to', '8.8.8.8', '--port', '443']],
  });
  out.push({ name: 'apigw-traffic', file: 'examples/apigw/traffic.yaml', kind: 'traffic', other: 'examples/apigw/template.yaml', commands: [['apigw', '{other}', '--traffic', '{file}']] });
  out.push({ name: 'apigw-template', file: 'examples/apigw/template.yaml', kind: 'apigw-template', other: 'examples/apigw/traffic.yaml', commands: [['apigw', '{file}', '--traffic', '{other}'], ['validate', '{file}']] });
  return out;
}

const cache = new Map<string, Doc>();

function parsed(file: string, kind: Base['kind']): Doc {
  let doc = cache.get(file);
  if (!doc) {
    const text = readFileSync(file, 'utf8');
    // Templates through the importer's own reader (short-form tags become long-form maps); plain JSON copies.
    const value = kind === 'traffic' ? loadYaml(text) : kind === 'snapshot' ? JSON.parse(text) : parseTemplateText(text, file);
    doc = JSON.parse(JSON.stringify(value)) as Doc;
    cache.set(file, doc);
  }
  return JSON.parse(JSON.stringify(doc)) as Doc;
}

export interface Mutant {
  text: string;
  ext: 'json' | 'yaml';
  what: string;
}

/** Mutant number `i` of a base: 1-3 structural mutations (as JSON or YAML text), or damaged original text. */
export function mutant(base: Base, seed: number): Mutant {
  const rng = new Random(seed);
  if (rng.chance(0.15)) {
    const text = readFileSync(base.file, 'utf8');
    return { text: damageText(text, rng), ext: base.file.endsWith('.json') ? 'json' : 'yaml', what: 'damaged text' };
  }
  const doc = parsed(base.file, base.kind);
  const what: string[] = [];
  if ((base.kind === 'template' || base.kind === 'apigw-template') && rng.chance(0.15)) what.push(hostileParameter(doc as Record<string, Doc>, rng));
  // A quarter keep the input valid (names spoofed, at most one more change): their names reach the output.
  if (rng.chance(0.25)) what.push(spoofNames(doc));
  for (let n = what.length > 0 && rng.chance(0.5) ? 0 : rng.int(1, 3); n > 0; n--) what.push(mutateOnce(doc, rng));
  const ext = base.kind !== 'snapshot' && rng.chance(0.3) ? 'yaml' : 'json';
  return { text: ext === 'yaml' ? toYaml(doc) : JSON.stringify(doc, null, 1), ext, what: what.join(', ') };
}
