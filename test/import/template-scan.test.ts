// The one-pass scan of a JSON template (template-scan.ts, read by template-slices.ts) is an
// optimisation only: a template read through it must give the Topology, the resolved template and the
// error message the whole-text path gives (JSON.parse of the whole text, duplicate keys and deep nesting
// named by the YAML path), and it must never take a text JSON.parse refuses. Differential tests on every
// template of examples/ and test/fixtures/ (as JSON, compact and pretty-printed), on seeded mutations of
// them, and on hand-written edge cases of the scan's rules (references, zones, escapes, key order).
import { describe, expect, it } from 'vitest';
import { forEachReference } from '../../src/import/cloudformation/dependencies.js';
import { importCloudFormation } from '../../src/import/cloudformation/index.js';
import { ZoneSightings } from '../../src/import/cloudformation/region.js';
import { PROPERTIES_IN_TEXT, sliceTemplate, type ResourceSlice, type SlicedTemplate } from '../../src/import/cloudformation/template-slices.js';
import { TemplateResolver } from '../../src/import/cloudformation/template.js';
import { scanTemplateBytes } from '../../src/import/cloudformation/template-scan.js';
import { GENERATED_RESOURCES, generatedTemplate, WARM_UP_REFUSED, WARM_UP_TAKEN } from '../../src/import/cloudformation/scan-warm-up.js';
import { isTemplateMap, type TemplateValue } from '../../src/import/cloudformation/values.js';
import { parseJsonDocument } from '../../src/import/json-text.js';
import { InputError } from '../../src/model/errors.js';
import { jsonCorpus, random } from './json-corpus.js';

const FILE = 't.json';

/** What a call gives: its value, or the message of the InputError it throws. */
function outcome(fn: () => unknown): unknown {
  try {
    return { value: fn() };
  } catch (err) {
    if (err instanceof InputError) return { error: err.message };
    throw err;
  }
}

/** The whole-text path: the text parsed as one JSON document (as when the scan does not take it). */
function whole(text: string, run: (parsed: ReturnType<typeof parseJsonDocument>) => unknown): unknown {
  return outcome(() => run(parseJsonDocument(text, FILE)));
}

/** Import and resolution through the scan agree with the whole-text path; false when the scan did not take the text. */
function agrees(text: string): boolean {
  let parsedOk = true;
  try {
    JSON.parse(text);
  } catch {
    parsedOk = false;
  }
  const sliced = sliceTemplate(text, 0);
  if (!parsedOk) {
    expect(sliced, 'the scan took text JSON.parse refuses').toBeUndefined();
    return false;
  }
  if (!sliced) return false;
  expect(outcome(() => importCloudFormation(text, FILE, {}, sliced))).toEqual(whole(text, (doc) => importCloudFormation(text, FILE, {}, doc)));
  const again = sliceTemplate(text)!;
  expect(outcome(() => new TemplateResolver(text, FILE, {}, again).resolved())).toEqual(whole(text, (doc) => new TemplateResolver(text, FILE, {}, doc).resolved()));
  expectSlicesMatchParse(text, sliceTemplate(text, 0)!);
  return true;
}

/** Each resource's definition, references and zones as the scan reports them equal what the parsed text gives. */
function expectSlicesMatchParse(text: string, sliced: SlicedTemplate): void {
  const parsed = JSON.parse(text) as { Resources: Record<string, TemplateValue> };
  const slices: ResourceSlice[] = [];
  sliced.take().forEach((slice) => slices.push(slice));
  const ids = slices.map((s) => s.logicalId);
  expect(ids).toEqual(Object.keys(parsed.Resources));
  const expectedZones = new ZoneSightings();
  for (const slice of slices) {
    const def = parsed.Resources[slice.logicalId]!;
    const read = isTemplateMap(slice.def) && slice.def.Properties === PROPERTIES_IN_TEXT ? { ...slice.def, Properties: sliced.properties(slice.start, slice.end) } : slice.def;
    expect(JSON.stringify(read)).toBe(JSON.stringify(def));
    const properties = isTemplateMap(def) ? def.Properties : undefined;
    if (!isTemplateMap(properties)) continue;
    expectedZones.visitResource(slice.logicalId, properties);
    let conditional = false;
    const named: number[] = [];
    forEachReference(
      properties,
      () => {
        conditional = true;
        return undefined;
      },
      (_kind, name) => {
        if (ids.includes(name)) named.push(ids.indexOf(name));
      },
    );
    expect(slice.references, slice.logicalId).toEqual(conditional ? undefined : named);
  }
  expect([...sliced.zones.seen]).toEqual([...expectedZones.seen]);
}

/** Every template of examples/ and test/fixtures/ that parses, as JSON text. */
const corpus = jsonCorpus();

const INSERTS = ['"', '\\', '{', '}', '[', ']', ',', ':', '0', '-', 'e', '.', ' ', '\t', '\n', 'a', '\u0001', '1', 'true', '{"Ref":"Vpc"}', '"Fn::GetAtt"', '"us-west-2a"'];

/** A small change to JSON text: most leave it valid JSON of another shape, some break it. */
function mutate(text: string, next: () => number): string {
  const at = Math.floor(next() * text.length);
  const kind = Math.floor(next() * 7);
  const keyAt = text.indexOf('":', at);
  const keyStart = keyAt < 0 ? -1 : text.lastIndexOf('"', keyAt - 1);
  switch (kind) {
    case 0:
      return text.slice(0, at) + text.slice(at + 1);
    case 1:
      return text.slice(0, at) + INSERTS[Math.floor(next() * INSERTS.length)] + text.slice(at);
    case 2: {
      // A key repeated in its object, or written with an escape.
      if (keyStart < 0) return text;
      const key = text.slice(keyStart, keyAt + 1);
      return next() < 0.5 ? `${text.slice(0, keyStart)}${key}:0,${text.slice(keyStart)}` : `${text.slice(0, keyStart + 1)}\\u00${text.charCodeAt(keyStart + 1).toString(16)}${text.slice(keyStart + 2)}`;
    }
    case 3: {
      // A string value turned into a Ref, a GetAtt or an If of it.
      const q = text.indexOf(':"', at);
      if (q < 0) return text;
      const end = text.indexOf('"', q + 2);
      const s = text.slice(q + 1, end + 1);
      const forms = [`{"Ref":${s}}`, `{"Fn::GetAtt":${s}}`, `{"Fn::GetAtt":[${s},"X"]}`, `{"Fn::If":["C",${s},"b"]}`, `{"Fn::Sub":${s}}`, `{"Ref":${s},"b":1}`, `[${s},{"Ref":${s}}]`];
      return text.slice(0, q + 1) + forms[Math.floor(next() * forms.length)] + text.slice(end + 1);
    }
    case 4:
      return JSON.stringify(JSON.parse(text), null, next() < 0.5 ? 2 : '\t');
    case 5:
      // An integer-like key.
      return keyStart < 0 ? text : `${text.slice(0, keyStart + 1)}${Math.floor(next() * 3)}${text.slice(keyAt)}`;
    default:
      return text.slice(0, at);
  }
}

describe('JSON templates read by the one-pass scan', () => {
  it('every template of examples/ and test/fixtures/, compact and pretty-printed, gives what the whole-text path gives', () => {
    expect(corpus.length).toBeGreaterThan(20);
    let taken = 0;
    for (const text of corpus) {
      for (const form of [text, JSON.stringify(JSON.parse(text), null, 2)]) if (agrees(form)) taken++;
    }
    expect(taken).toBe(corpus.length * 2);
  });

  it('seeded mutations of them: taken or not, the same Topology, resolved template or error message', () => {
    const next = random(16);
    let valid = 0;
    let taken = 0;
    for (let round = 0; round < 6; round++) {
      for (const text of corpus) {
        let mutated = mutate(text, next);
        if (next() < 0.3) mutated = mutate(mutated, next);
        let ok = true;
        try {
          JSON.parse(mutated);
        } catch {
          ok = false;
        }
        if (ok) valid++;
        if (agrees(mutated)) taken++;
      }
    }
    // The test would prove nothing if the scan refused most of them.
    expect(taken).toBeGreaterThan(valid / 3);
  });

  const base = {
    Resources: {
      Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } },
      Sub: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: '10.0.1.0/24', AvailabilityZone: 'us-east-1b' } },
    },
  };
  const withProperties = (properties: unknown, extra: Record<string, unknown> = {}): string =>
    JSON.stringify({ ...base, Resources: { ...base.Resources, X: { Type: 'AWS::EC2::SecurityGroup', ...extra, Properties: properties } } });

  it('references as dependencies.ts finds them: Ref and Fn::GetAtt shapes, multi-key maps, Fn::Sub and Fn::If', () => {
    const values: unknown[] = [
      { Ref: 'Sub' },
      { Ref: ['Sub'] },
      { Ref: { Ref: 'Sub' } },
      { Ref: 7 },
      { 'Fn::GetAtt': 'Sub.AvailabilityZone' },
      { 'Fn::GetAtt': '.Sub' },
      { 'Fn::GetAtt': 'Sub' },
      { 'Fn::GetAtt': ['Sub', 'AvailabilityZone'] },
      { 'Fn::GetAtt': [1, 'Sub'] },
      { 'Fn::GetAtt': ['Sub', { Ref: 'Vpc' }] },
      { 'Fn::GetAtt': [{ Ref: 'Vpc' }, 'Sub'] },
      { 'Fn::GetAtt': { Ref: 'Vpc' } },
      { 'Fn::GetAtt': [] },
      { Ref: 'Sub', Other: { Ref: 'Vpc' } },
      { Other: 1, Ref: 'Sub' },
      { 'Fn::Sub': 'in ${Sub.AvailabilityZone} of ${Vpc}' },
      { 'Fn::If': ['Never', { Ref: 'Sub' }, { Ref: 'Vpc' }] },
      [{ Ref: 'Vpc' }, [{ Ref: 'Sub' }, { 'Fn::GetAtt': 'Vpc.CidrBlock' }]],
      { Ref: 'NotThere' },
    ];
    for (const value of values) {
      const text = withProperties({ GroupDescription: 'x', VpcId: value, Tags: [{ Key: 'k', Value: { Ref: 'Vpc' } }] }, { Condition: 'Never' });
      const withConditions = text.replace('{"Resources"', '{"Conditions":{"Never":{"Fn::Equals":["a","b"]}},"Resources"');
      expect(agrees(withConditions), JSON.stringify(value)).toBe(true);
    }
  });

  it('zones, escapes, key order, many keys, definition members and numbers', () => {
    const cases = [
      withProperties({ GroupDescription: 'x', A: 'eu-west-1a', B: ['us-east-1c', { C: 'us-east-1d' }] }),
      withProperties({ GroupDescription: 'a \\"quoted\\" \n name', VpcId: { Ref: 'V\u0070c' } }).replace('quoted', 'quot\\u00e9d'),
      withProperties({ GroupDescription: 'x', b: { Ref: 'Sub' } }).replace('"b":{"Ref":"Sub"}', '"b":{"Ref":"Sub"},"9":{"Ref":"Vpc"}'),
      withProperties(Object.fromEntries(Array.from({ length: 20 }, (_, k) => [`K${k}`, { Ref: k % 2 ? 'Vpc' : 'Sub' }]))),
      withProperties({ GroupDescription: 'x', N: [0, -0, 1.5, -2e-3, 3E+2, 10, 1e400] }, { DependsOn: ['Sub'], Metadata: { a: [1, { b: null }] } }),
      withProperties({ GroupDescription: 'x', VpcId: { Ref: 'Vpc' } }, { DeletionPolicy: 'Retain' }),
      // DependsOn is looked for only in definitions with members besides Type and Properties: its errors all the same.
      withProperties({ GroupDescription: 'x', VpcId: { Ref: 'Vpc' } }, { DependsOn: ['Sub', 'Nope'] }),
      withProperties({ GroupDescription: 'x', VpcId: { Ref: 'Vpc' } }, { DependsOn: 'X' }),
      withProperties({ GroupDescription: 'x', VpcId: { Ref: 'Vpc' } }, { DependsOn: { a: 1 } }),
      JSON.stringify({ Resources: { A: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' }, DependsOn: 'B' }, B: { Type: 'AWS::EC2::VPC', DependsOn: ['A'] } } }),
      JSON.stringify({ Resources: { Vpc: { Properties: { CidrBlock: '10.0.0.0/16' }, Type: 'AWS::EC2::VPC' } } }),
      JSON.stringify({ Resources: { Vpc: { Type: 'AWS::EC2::VPC' } } }),
      JSON.stringify({ Resources: { Vpc: { Type: 'AWS::EC2::VPC', Properties: 'none' } } }),
      JSON.stringify({ Resources: { Vpc: { Type: 7 } } }),
      JSON.stringify({ Resources: { Vpc: 7 } }),
      JSON.stringify({ Resources: {} }),
      JSON.stringify({ Resources: { Vpc: {} } }),
      JSON.stringify({ Resources: { __proto__: { Type: 'AWS::EC2::VPC' } } }).replace('"Resources":{}', '"Resources":{"__proto__":{"Type":"AWS::EC2::VPC"}}'),
      withProperties({ GroupDescription: 'x', __proto__: { Ref: 'Vpc' } }).replace('"GroupDescription":"x"', '"GroupDescription":"x","__proto__":{"Ref":"Vpc"}'),
    ];
    for (const text of cases) expect(agrees(text), text).toBe(true);
    // A character outside ASCII anywhere: read as a whole (the scan reads bytes), with the same result.
    const accented = withProperties({ GroupDescription: 'caf\u00e9', VpcId: { Ref: 'Vpc' } });
    expect(sliceTemplate(accented)).toBeUndefined();
    expect(outcome(() => importCloudFormation(accented, FILE))).toEqual(whole(accented, (doc) => importCloudFormation(accented, FILE, {}, doc)));
  });

  it('the warm-up documents (scan-warm-up.ts) are taken whole, or refused, as they say', () => {
    for (const text of WARM_UP_TAKEN) {
      // Taken whole: a document that stopped early would leave branches of the scan unrun.
      const scan = scanTemplateBytes(new TextEncoder().encode(text));
      expect(scan, text).toBeDefined();
      expect(scan!.resourceCount).toBe(Object.keys((JSON.parse(text) as { Resources?: object }).Resources ?? {}).length);
    }
    for (const text of WARM_UP_REFUSED) expect(scanTemplateBytes(new TextEncoder().encode(text)), text).toBeUndefined();
    const generated = generatedTemplate(GENERATED_RESOURCES);
    expect(scanTemplateBytes(new TextEncoder().encode(generated))?.resourceCount).toBe(Object.keys((JSON.parse(generated) as { Resources: object }).Resources).length);
    expect(agrees(generatedTemplate(3))).toBe(true);
  });

  it('refuses what JSON.parse refuses, and repeated keys, anywhere (the whole-text path names them)', () => {
    const good = withProperties({ GroupDescription: 'x', VpcId: { Ref: 'Vpc' }, N: 1 });
    const bad = [
      good.replace('"N":1', '"N":01'),
      good.replace('"N":1', '"N":1.'),
      good.replace('"N":1', '"N":-'),
      good.replace('"N":1', '"N":1e'),
      good.replace('"N":1', '"N":+1'),
      good.replace('"N":1', '"N":.5'),
      good.replace('"N":1', '"N":tru'),
      good.replace('"N":1', '"N":nul'),
      good.replace('"N":1', '"N":NaN'),
      good.replace('"N":1', '"N":"\\x"'),
      good.replace('"N":1', '"N":"\\u12G4"'),
      good.replace('"N":1', '"N":"a\tb"'),
      good.replace('"N":1', '"N":\'a\''),
      good.replace('"N":1', '"N":1,'),
      good.replace('"N":1', '"N":1 "M":2'),
      good.replace('"N":1', '"N":[1,]'),
      good.replace('"N":1', '"N":"unterminated'),
      `${good} x`,
      `${good}}`,
      `\ufeff${good}`,
      good.slice(0, -1),
    ];
    for (const text of bad) {
      expect(() => JSON.parse(text), text).toThrow();
      expect(sliceTemplate(text), text).toBeUndefined();
    }
    const repeated = [
      good.replace('"N":1', '"N":1,"N":2'),
      good.replace('"N":1', '"N":1,"\\u004e":2'),
      good.replace('"GroupDescription":"x"', '"GroupDescription":"x","Type":"y"').replace('"Type":"AWS::EC2::SecurityGroup"', '"Type":"AWS::EC2::SecurityGroup","Type":"z"'),
      good.replace('{"Resources"', '{"Resources":{},"Resources"'),
      good.replace('"Sub":', '"Vpc":'),
    ];
    for (const text of repeated) {
      expect(sliceTemplate(text), text).toBeUndefined();
      expect(outcome(() => importCloudFormation(text, FILE))).toEqual(whole(text, (doc) => importCloudFormation(text, FILE, {}, doc)));
    }
  });

  it('white space at any place between tokens reads the same; every prefix and a wrong byte at any place are refused as JSON.parse refuses them', () => {
    const text = withProperties(
      { GroupDescription: 'x', VpcId: { Ref: 'Vpc' }, N: [1, -2.5e3, true, false, null, 'us-east-1a', { 'Fn::GetAtt': ['Sub', 'AvailabilityZone'] }], E: {}, A: [[]] },
      { DependsOn: ['Sub'] },
    );
    let spaced = 0;
    for (let at = 0; at <= text.length; at++) {
      const changed = `${text.slice(0, at)}${[' ', '\t', '\n', '\r\n'][at % 4]}${text.slice(at)}`;
      // Inside a string, a control character is refused, a space is part of the value: both compared as any text.
      if (agrees(changed)) spaced++;
      if (at < text.length) expect(sliceTemplate(text.slice(0, at)), `prefix ${at}`).toBeUndefined();
      const wrong = `${text.slice(0, at)}${'}],:"x0{['[at % 9]}${text.slice(at + 1)}`;
      agrees(wrong);
    }
    expect(spaced).toBeGreaterThan(text.length / 3);
  });

  it('nesting deeper than the parsers allow is refused, exactly at the limit', () => {
    const nested = (depth: number): string => withProperties({ GroupDescription: 'x', Deep: JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`) });
    // Root, Resources, the definition, Properties and Deep's own map: 4 levels above the arrays.
    const limit = [190, 200, 210].find((d) => sliceTemplate(nested(d)) === undefined)!;
    expect(limit).toBeDefined();
    let depth = limit;
    while (sliceTemplate(nested(depth - 1)) === undefined) depth--;
    expect(agrees(nested(depth - 1))).toBe(true);
    expect(outcome(() => importCloudFormation(nested(depth), FILE))).toEqual(whole(nested(depth), (doc) => importCloudFormation(nested(depth), FILE, {}, doc)));
  });
});
