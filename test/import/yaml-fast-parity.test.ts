// A YAML template read through the subset reader (src/import/yaml-fast.ts, then the JSON scan) must
// load exactly as through js-yaml: the same Topology, the same warnings, the same error message.
// Differential tests on every YAML template of examples/ and test/fixtures/, on the JSON ones written as
// YAML, on generated templates of several sizes and seeds, and on seeded mutations of all of them
// (quotes, tags, indents, numbers, booleans, comments, flow collections, unicode, tabs...). The fast path
// may decline anything; what it takes must agree.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { toCloudFormation } from '../../src/generate/cloudformation/index.js';
import { generateTopology } from '../../src/generate/generate.js';
import { importCloudFormation } from '../../src/import/cloudformation/index.js';
import { sliceYamlTemplate } from '../../src/import/cloudformation/yaml-template.js';
import { loadTopologyFromText, validated, withFile } from '../../src/import/load-text.js';
import { InputError } from '../../src/model/errors.js';
import { random as mulberry32 } from '../helpers/random.js';

const FILE = 't.yaml';

/** What a load gives: the Topology with every warning told, or the InputError's message. */
function outcome(load: (warn: (w: string) => void) => unknown): unknown {
  const warnings: string[] = [];
  try {
    return { value: load((w) => warnings.push(w)), warnings };
  } catch (err) {
    if (err instanceof InputError) return { error: err.message };
    throw err;
  }
}

/** The load as it goes today (fast path first). */
const viaLoad = (text: string): unknown => outcome((warn) => loadTopologyFromText(text, FILE, { warn }));

/** The js-yaml path: loadTopologyFromText as before the fast path (the YAML text straight to the CloudFormation importer). */
const viaJsYaml = (text: string): unknown =>
  outcome((warn) =>
    withFile(FILE, () => {
      const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
      if (body.trim() === '') throw new InputError('file is empty', { file: FILE });
      return validated(importCloudFormation(body, FILE, { warn }), FILE, { warn });
    }),
  );

/** Loads `text` both ways and expects the same; true when the fast path took it. */
function agrees(text: string): boolean {
  const taken = sliceYamlTemplate(text) !== undefined;
  expect(viaLoad(text), text.length < 4000 ? text : undefined).toEqual(viaJsYaml(text));
  return taken;
}

function filesUnder(dir: string, pattern: RegExp): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path, pattern) : pattern.test(name) ? [path] : [];
  });
}

const yamlFiles = [...filesUnder('examples', /\.ya?ml$/), ...filesUnder('test/fixtures', /\.ya?ml$/)];
const jsonTemplates = [...filesUnder('examples', /\.json$/), ...filesUnder('test/fixtures', /\.json$/)].filter((f) => {
  const text = readFileSync(f, 'utf8');
  return /"Resources"\s*:/.test(text);
});

/** The JSON templates written as YAML by another library (its own choice of quoting and layout). */
function asYaml(file: string): string | undefined {
  try {
    return stringify(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    return undefined;
  }
}

const generated = [
  { seed: 1, vpcs: 2, subnetsPerVpc: 2, instancesPerSubnet: 1, hub: 'tgw' as const },
  { seed: 7, vpcs: 3, subnetsPerVpc: 3, instancesPerSubnet: 2, hub: 'peering' as const },
  { seed: 42, vpcs: 5, subnetsPerVpc: 4, instancesPerSubnet: 2, hub: 'none' as const, routesPerTable: 3 },
  { seed: 3, vpcs: 12, subnetsPerVpc: 3, instancesPerSubnet: 3, hub: 'tgw' as const, azs: 2 },
].map((o) => toCloudFormation(generateTopology(o), { format: 'yaml' }));

const corpus: Array<{ name: string; text: string }> = [
  ...yamlFiles.map((f) => ({ name: f, text: readFileSync(f, 'utf8') })),
  ...jsonTemplates.flatMap((f) => {
    const text = asYaml(f);
    return text === undefined ? [] : [{ name: `${f} as YAML`, text }];
  }),
  ...generated.map((text, i) => ({ name: `generated ${i}`, text })),
];

describe('the YAML fast path loads as js-yaml does', () => {
  it('every YAML example and fixture, the JSON ones as YAML, generated templates', () => {
    let taken = 0;
    for (const { text } of corpus) if (agrees(text)) taken++;
    // Most of the corpus is in the subset (the rest: non-ASCII text, aliases, syntax errors...).
    expect(taken).toBeGreaterThan(corpus.length * 0.6);
    for (const text of generated) expect(sliceYamlTemplate(text)).toBeDefined();
  });

  it('seeded mutations of the corpus', () => {
    const random = mulberry32(16);
    let taken = 0;
    let total = 0;
    for (const { text } of corpus) {
      if (text.length > 60_000) continue;
      for (let k = 0; k < 12; k++) {
        const mutated = mutate(text, random);
        total++;
        if (agrees(mutated)) taken++;
      }
    }
    // The mutations test something: many are taken, many are not.
    expect(taken).toBeGreaterThan(total * 0.2);
    expect(taken).toBeLessThan(total * 0.95);
  });
});

/** Values a mutation may put in place of a scalar: every resolution rule and the subset's edges. */
const VALUES = [
  'true', 'True', 'TRUE', 'false', 'FALSE', 'yes', 'no', 'on', 'null', 'Null', '~', '', '0', '-0', '+5', '007', '0x1F', '0o17', '0b11',
  '1_000', '1e3', '1.', '.5', '-.5', '.inf', '-.Inf', '.NaN', '3.14', '-2.5e-3', '1e400', '12345678901234567890', '10.0.0.0/16',
  '::/0', '-x', '- x', 'a: b', 'a #c', 'a#c', '@x', '`x', '%x', '&a x', '*a', '!Ref X', '!Ref 1', '!GetAtt A.B', '!Unknown x',
  '!!str 5', '[a, b]', '[a, [b, c]]', '[a,]', '{a: 1}', '{a: }', '[a: 1]', '[!Ref A, !GetAZs \'\']', "'it''s'", '"a\\tb"', '"\\x41"',
  '"\\u00e9"', '"quoted"', "'single'", '|\n  literal', '>-\n  folded\n  text', 'café', 'naïve — dash', '😀', 'a\tb', '"a\nb"',
  'us-east-1a', 'AWS::EC2::VPC', '${AWS::Region}', '!Sub "${X}-y"', '!If [C, 1, 2]', '!Select [0, !GetAZs ""]',
];

/** One random edit of a template's text. */
function mutate(text: string, random: () => number): string {
  const lines = text.split('\n');
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const at = Math.floor(random() * lines.length);
  const line = lines[at]!;
  const colon = line.indexOf(': ');
  switch (Math.floor(random() * 14)) {
    case 0: // a value replaced
    case 1:
      if (colon >= 0) lines[at] = `${line.slice(0, colon + 2)}${pick(VALUES)}`;
      else if (/^\s*- /.test(line)) lines[at] = line.replace(/- .*/, `- ${pick(VALUES)}`);
      break;
    case 2: // a plain value quoted, or a quoted one unquoted
      if (colon >= 0) {
        const value = line.slice(colon + 2);
        lines[at] = line.slice(0, colon + 2) + (/^['"]/.test(value) ? value.slice(1, -1) : random() < 0.5 ? `'${value}'` : `"${value}"`);
      }
      break;
    case 3: // indentation changed
      lines[at] = random() < 0.5 ? ` ${line}` : line.replace(/^ /, '');
      break;
    case 4: // a comment line, or a comment after a value
      if (random() < 0.5) lines.splice(at, 0, `${' '.repeat(Math.floor(random() * 6))}# note: ${pick(VALUES)}`);
      else lines[at] = `${line}${random() < 0.8 ? ' ' : ''}# trailing`;
      break;
    case 5: // a line repeated (a repeated key) or removed
      if (random() < 0.5) lines.splice(at, 0, line);
      else lines.splice(at, 1);
      break;
    case 6: // a key replaced
      if (colon >= 0) lines[at] = line.replace(/[^\s-][^:]*(?=: )/, pick(['true', '1', 'Null', '? k', '"Quoted"', "'Single'", 'Two Words', 'x', '<<', 'Fn::If']));
      break;
    case 7: // a character inserted
      {
        const i = Math.floor(random() * (line.length + 1));
        lines[at] = line.slice(0, i) + pick(['\t', '\r', 'é', '"', "'", '#', ':', ' ', '-', '[', '{', '!', '&', '*', '|', '>', '\\', '\u2028', '\0']) + line.slice(i);
      }
      break;
    case 8: // a character deleted
      {
        const i = Math.floor(random() * line.length);
        lines[at] = line.slice(0, i) + line.slice(i + 1);
      }
      break;
    case 9: // a block mapping value written as a flow mapping, or a `Ref:` written as `!Ref`
      if (/^\s*(- )?Ref: /.test(line)) lines[at] = line.replace('Ref: ', '!Ref ');
      else if (colon >= 0) lines[at] = `${line.slice(0, colon + 2)}{ Key: ${pick(VALUES)}, Other: [1, x] }`;
      break;
    case 10: // document markers, directives
      lines.splice(at, 0, pick(['---', '...', '%YAML 1.2', '--- # doc']));
      break;
    case 11: // a multi-line plain scalar or a block scalar
      if (colon >= 0) lines.splice(at + 1, 0, `${' '.repeat(line.length - line.trimStart().length + 2)}continued`);
      break;
    case 12: // anchors and aliases
      if (colon >= 0) lines[at] = `${line.slice(0, colon + 2)}${pick(['&anchor ', '*anchor', '!Ref '])}${line.slice(colon + 2)}`;
      break;
    default: // Windows line ends, or a trailing line break removed
      return random() < 0.5 ? lines.join('\r\n') : lines.join('\n').trimEnd();
  }
  return lines.join('\n');
}
