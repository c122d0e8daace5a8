// A resource's properties read straight from the JSON text (properties-text.ts) are an optimisation
// only: when the reader takes them, it must give what JSON.parse of the slice + prototype removal +
// resolveValue gives (same values, same key order, maps without prototype) or throw the same first
// error; when it does not take them, the import falls back to that path. Differential tests on every
// template of examples/ and test/fixtures/ (compact and pretty-printed) and on seeded mutations that
// put every value shape the reader handles (or leaves) into resource properties.
import { describe, expect, it } from 'vitest';
import { importCloudFormation } from '../../src/import/cloudformation/index.js';
import { resolveValue, type Scope } from '../../src/import/cloudformation/intrinsics.js';
import { PropertiesText } from '../../src/import/cloudformation/properties-text.js';
import { sliceTemplate } from '../../src/import/cloudformation/template-slices.js';
import { TemplateResolver } from '../../src/import/cloudformation/template.js';
import { isTemplateMap, NO_VALUE, type TemplateMap, type TemplateValue } from '../../src/import/cloudformation/values.js';
import { parseJsonDocument } from '../../src/import/json-text.js';
import { InputError } from '../../src/model/errors.js';
import { jsonCorpus, random } from './json-corpus.js';

const FILE = 't.json';

/** A value with what toEqual does not see spelled out: key order, prototypes, -0, NoValue. */
function canonical(v: unknown): unknown {
  if (v === NO_VALUE) return 'NO_VALUE';
  if (typeof v === 'number') return Object.is(v, -0) ? '-0 (number)' : v;
  if (Array.isArray(v)) return ['list', ...v.map(canonical)];
  if (typeof v === 'object' && v !== null) {
    return { prototype: Object.getPrototypeOf(v) === null ? 'none' : 'some', entries: Object.keys(v).map((k) => [k, canonical((v as Record<string, unknown>)[k])]) };
  }
  return v;
}

function outcome(fn: () => unknown): { value?: unknown; error?: string } {
  try {
    return { value: fn() };
  } catch (err) {
    if (err instanceof InputError) return { error: err.message };
    throw err;
  }
}

/**
 * Each resource of `text` left in the text: the reader's answer (when it takes the properties) equals
 * the parse-and-resolve path's. Returns how many it took and how many it left; undefined when the scan
 * does not take the text or the template fails before its resources are read.
 */
function compareResources(text: string): { taken: number; left: number; errors: number } | undefined {
  const sliced = sliceTemplate(text, 0);
  if (!sliced) return undefined;
  let resolver: TemplateResolver;
  let included: ReturnType<TemplateResolver['included']>;
  try {
    resolver = new TemplateResolver(text, FILE, {}, sliced);
    included = resolver.included();
  } catch (err) {
    if (err instanceof InputError) return undefined;
    throw err;
  }
  const reader = new PropertiesText(text);
  let taken = 0;
  let left = 0;
  let errors = 0;
  for (const r of included) {
    if (!r.inText) continue;
    const scope: Scope = { logicalId: r.logicalId, resourceType: r.type, field: 'Properties' };
    const fast = outcome(() => reader.read(r.textStart, r.textEnd, resolver, scope));
    if (fast.error === undefined && fast.value === undefined) {
      left++;
      continue;
    }
    taken++;
    if (fast.error !== undefined) errors++;
    const slow = outcome(() => resolveValue(sliced.properties(r.textStart, r.textEnd), resolver, scope));
    expect({ logicalId: r.logicalId, error: fast.error, value: canonical(fast.value) }).toEqual({ logicalId: r.logicalId, error: slow.error, value: canonical(slow.value) });
  }
  return { taken, left, errors };
}

/** The import through the scan (and so the reader) equals the import of the text parsed as a whole. */
function expectImportAgrees(text: string): void {
  const sliced = sliceTemplate(text, 0);
  if (!sliced) return;
  expect(outcome(() => importCloudFormation(text, FILE, {}, sliced))).toEqual(outcome(() => importCloudFormation(text, FILE, {}, parseJsonDocument(text, FILE))));
}

/** Values of every shape the reader handles or leaves to the parse-and-resolve path (`R` stands for a resource of the template, `P` for a parameter). */
const FORMS: readonly unknown[] = [
  { Ref: 'R' },
  { Ref: 'P' },
  { Ref: 'AWS::Region' },
  { Ref: 'AWS::NoValue' },
  ['a', { Ref: 'AWS::NoValue' }, { Ref: 'R' }],
  { a: { Ref: 'AWS::NoValue' }, b: [{ Ref: 'R' }, { c: { Ref: 'P' } }] },
  { Ref: 'NoSuchThing' },
  { Ref: 'AWS::Bogus' },
  { Ref: 5 },
  { Ref: 'R', Other: 1 },
  { 'Fn::GetAtt': ['R', 'Bogus'] },
  { 'Fn::GetAtt': 'R.Bogus' },
  { 'Fn::Join': ['-', ['a', { Ref: 'AWS::Region' }, 3]] },
  { 'Fn::Sub': 'x-${AWS::Region}-y' },
  { 'Fn::Select': [1, ['a', 'b']] },
  { 'Fn::Bogus': 1 },
  { 'Fn::If': ['NoCondition', 'a', 'b'] },
  { Condition: 'C' },
  { Condition: 'C', b: 1 },
  { __proto__key: 1 },
  JSON.parse('{"__proto__": {"a": 1}}'),
  { constructor: 'x', toString: 1 },
  { '0': 'a', b: 'c' },
  { b: 'c', '12': 'a' },
  { '1x': 'a' },
  'with "quotes" and \\ backslash',
  'é',
  'abcdefghijklmnopqrstuvwxyz0123456789',
  '',
  {},
  [],
  [[], {}, [[]]],
  1e5,
  -0,
  1.5,
  0.1,
  12345678901234567890,
  -1.25e-7,
  true,
  false,
  null,
];

/** `text` with some property values (and sometimes a whole Properties map) replaced by FORMS, names filled in. */
function withForms(text: string, next: () => number): string {
  const template = JSON.parse(text) as { Parameters?: Record<string, unknown>; Resources: Record<string, { Properties?: Record<string, unknown> }> };
  const ids = Object.keys(template.Resources);
  const parameters = Object.keys(template.Parameters ?? {});
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const fill = (v: unknown): unknown =>
    JSON.parse(JSON.stringify(v).replace(/"R"/g, JSON.stringify(pick(ids))).replace(/"P"/g, JSON.stringify(parameters.length > 0 ? pick(parameters) : 'AWS::AccountId')));
  for (let n = 0; n < 1 + Math.floor(next() * 3); n++) {
    const resource = template.Resources[pick(ids)]!;
    const properties = resource.Properties;
    if (!isTemplateMap(properties as TemplateValue)) continue;
    const keys = Object.keys(properties!);
    if (next() < 0.05) {
      resource.Properties = fill(pick(FORMS)) as Record<string, unknown>;
    } else if (keys.length === 0 || next() < 0.2) {
      properties![`Extra${n}`] = fill(pick(FORMS));
    } else {
      properties![pick(keys)] = fill(pick(FORMS));
    }
  }
  return next() < 0.5 ? JSON.stringify(template) : JSON.stringify(template, null, next() < 0.5 ? 2 : '\t');
}

describe('resource properties read from the JSON text', () => {
  const corpus = jsonCorpus();

  it('every template of examples/ and test/fixtures/, compact and pretty-printed: the same values as parse + resolveValue', () => {
    expect(corpus.length).toBeGreaterThan(20);
    let taken = 0;
    let left = 0;
    for (const text of corpus) {
      for (const form of [text, JSON.stringify(JSON.parse(text), null, 2)]) {
        const counts = compareResources(form);
        if (counts) ({ taken, left } = { taken: taken + counts.taken, left: left + counts.left });
      }
    }
    // The reader takes the templates' ordinary properties (Fn::If decides some; those are kept parsed).
    expect(taken).toBeGreaterThan(500);
    expect(left).toBeLessThan(taken / 10);
  });

  it('seeded mutations with every value shape: the same values or the same first error, and the same import', () => {
    const next = random(1616);
    let taken = 0;
    let errors = 0;
    for (let round = 0; round < 8; round++) {
      for (const text of corpus) {
        const mutated = withForms(text, next);
        const counts = compareResources(mutated);
        if (counts) ({ taken, errors } = { taken: taken + counts.taken, errors: errors + counts.errors });
        expectImportAgrees(mutated);
      }
    }
    // Proves something only if the reader took many of them, errors included.
    expect(taken).toBeGreaterThan(1500);
    expect(errors).toBeGreaterThan(20);
  });

  it('leaves what it does not read as simply to the parse-and-resolve path', () => {
    const template = (properties: string): string =>
      `{"Parameters":{"P":{"Type":"String","Default":"p"}},"Resources":{"Vpc":{"Type":"AWS::EC2::VPC","Properties":{"CidrBlock":"10.0.0.0/16"}},"X":{"Type":"AWS::EC2::VPC","Properties":${properties}}}}`;
    let vpcId = '';
    const read = (properties: string): unknown => {
      const text = template(properties);
      const sliced = sliceTemplate(text, 0)!;
      const resolver = new TemplateResolver(text, FILE, {}, sliced);
      vpcId = resolver.physicalIdOf('Vpc');
      const r = resolver.included()[1]!;
      // (A resource the scan does not vouch for may keep its properties parsed: then the reader is not asked.)
      if (!r.inText) return undefined;
      return canonical(new PropertiesText(text).read(r.textStart, r.textEnd, resolver, { logicalId: 'X', field: 'Properties' }));
    };
    // Taken: literals, maps, lists, Ref, intrinsics handed to resolveValue.
    const value = read('{"A":{"Ref":"P"},"B":[{"Ref":"Vpc"},{"Ref":"AWS::NoValue"}],"C":{"Fn::Join":["",["a",{"Ref":"P"}]]},"D":{"E":[1,-0,true,null]}}');
    expect(value).toEqual(canonical(Object.setPrototypeOf({ A: 'p', B: [vpcId], C: 'ap', D: Object.setPrototypeOf({ E: [1, -0, true, null] }, null) }, null)));
    // Left: an escape, an integer-like key (key order is not text order), a map whose first key is an
    // intrinsic's with more keys, a Properties value that is itself an intrinsic.
    for (const left of ['{"A":"a\\"b"}', '{"B":1,"0":2}', '{"A":{"Ref":"P","B":1}}', '{"Ref":"P"}', '{"Fn::If":["C",{},{}]}']) {
      expect(read(left), left).toBeUndefined();
    }
  });

  it('names the first bad value in text order, as resolveValue does', () => {
    const text = JSON.stringify({
      Resources: {
        Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16', Tags: [{ Key: 'a', Value: { Ref: 'Missing1' } }], Other: { Ref: 'Missing2' } } },
      },
    });
    const fast = outcome(() => importCloudFormation(text, FILE, {}, sliceTemplate(text, 0)));
    expect(fast.error).toMatch(/Properties\.Tags\.Value: Ref "Missing1": no such parameter/);
    expect(fast).toEqual(outcome(() => importCloudFormation(text, FILE, {}, parseJsonDocument(text, FILE))));
  });
});
