// YAML input through js-yaml (src/import/yaml-text.ts) and the CloudFormation short forms on top
// of it (src/import/cloudformation/template-text.ts): what a template author writes, what the importers get,
// and the safety guarantees (alias budget, depth, no prototypes, line:column errors).
import { describe, expect, it } from 'vitest';
import { parseTemplateText } from '../../src/import/cloudformation/template-text.js';
import { MAX_ALIAS_VALUES, parseYamlText } from '../../src/import/yaml-text.js';
import { InputError } from '../../src/model/errors.js';

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof InputError) return err.message;
    throw err;
  }
  throw new Error('expected an InputError');
}

// The short forms CloudFormation documents ("Intrinsic function reference"), each with its long key.
const SHORT_FORMS: Array<[string, string]> = [
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
];

describe('CloudFormation short-form tags', () => {
  it.each(SHORT_FORMS)('%s on a scalar, a sequence and a mapping becomes { %s: ... }', (tag, long) => {
    const doc = parseTemplateText(`S: ${tag} A.B\nQ: ${tag} [a, 1]\nM: ${tag} { k: v }\nB:\n  ${tag}\n  - x\n`, 't.yaml');
    expect(doc).toEqual({ S: { [long]: 'A.B' }, Q: { [long]: ['a', 1] }, M: { [long]: { k: 'v' } }, B: { [long]: ['x'] } });
  });

  it('an empty tagged node is a null argument, not an alias (many of them pass the alias budget)', () => {
    const lines = Array.from({ length: 150 }, (_, i) => `Z${i}: !GetAZs`);
    const doc = parseTemplateText(`${lines.join('\n')}\n`, 't.yaml') as Record<string, unknown>;
    expect(doc.Z149).toEqual({ 'Fn::GetAZs': null });
  });

  it('tags nest (!Select [0, !GetAZs ""]) and a tagged value keeps the scalar as written', () => {
    expect(parseTemplateText('V: !Select [0, !GetAZs ""]\nN: !Ref 010\n', 't.yaml')).toEqual({
      V: { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] },
      N: { Ref: '010' },
    });
  });
});

describe('YAML values', () => {
  it('uses the YAML 1.2 core schema: dates stay strings (AWSTemplateFormatVersion), `<<` is an ordinary key', () => {
    expect(parseYamlText('AWSTemplateFormatVersion: 2010-09-09\n<<: { a: 1 }\nyes: no\nn: ~\nh: 0x1F\n', 't.yaml')).toEqual({
      AWSTemplateFormatVersion: '2010-09-09',
      '<<': { a: 1 },
      yes: 'no',
      n: null,
      h: 31,
    });
  });

  it('__proto__ and constructor keys are own data of null-prototype maps, also inside aliased nodes', () => {
    const v = parseYamlText('a: &a { __proto__: { polluted: true }, constructor: 1 }\nb: *a\n', 't.yaml') as Record<string, Record<string, unknown>>;
    for (const key of ['a', 'b']) {
      expect(Object.getPrototypeOf(v[key])).toBeNull();
      expect(Object.keys(v[key]!)).toEqual(['__proto__', 'constructor']);
      expect(v[key]!.__proto__).toEqual({ polluted: true });
      expect(v[key]!.polluted).toBeUndefined();
    }
    expect(Object.getPrototypeOf(v)).toBeNull();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('every map has no prototype, whatever form wrote it (block, flow, compact, single-pair, tagged, aliased)', () => {
    const text = [
      'block:\n  a: 1',
      'flow: { a: { b: {} } }',
      'compact:\n  - a: 1\n    b: { c: 2 }',
      'pairs: [a: 1, [b: 2]]',
      'tagged: !Sub [x, { y: { z: 1 } }]',
      'taggedMap: !If { a: { b: 1 } }',
      'taggedPairs: !Select [a: 1]',
      'anchored: &m { k: [k: 1] }',
      'aliased: [*m, *m]',
    ].join('\n');
    const maps: object[] = [];
    const collect = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(collect);
      else if (typeof v === 'object' && v !== null) {
        maps.push(v);
        Object.values(v).forEach(collect);
      }
    };
    collect(parseTemplateText(`${text}\n`, 't.yaml'));
    expect(maps.length).toBe(23); // root 1, block 1, flow 3, compact 2, pairs 2, tagged 3 + 3 + 2, anchored 2, aliased 4
    for (const m of maps) expect(Object.getPrototypeOf(m)).toBeNull();
  });

  it('aliases are expanded into copies: the result is a tree, never a shared node', () => {
    const v = parseYamlText('a: &a { k: [1, { d: 2 }] }\nb: *a\nc: [*a, *a]\n', 't.yaml') as Record<string, any>;
    expect(v.b).toEqual(v.a);
    expect(v.c).toEqual([v.a, v.a]);
    const all = [v.a, v.b, v.c[0], v.c[1]];
    expect(new Set(all).size).toBe(4);
    expect(new Set(all.map((m) => m.k)).size).toBe(4);
    expect(new Set(all.map((m) => m.k[1])).size).toBe(4);
  });
});

describe('YAML errors: one line with file:line:column', () => {
  it.each([
    ['a duplicate key in a block map', 'Resources:\n  A: { Type: X }\n  A: { Type: Y }\n', 'd.yaml:3:3: duplicate key "A"'],
    ['a duplicate key written once quoted', "R:\n  'A': 1\n  \"A\": 2\n", 'd.yaml:3:3: duplicate key "A"'],
    ['a duplicate key in a flow map', 'a: {x: 1, x: 2}\n', 'd.yaml:1:11: duplicate key "x"'],
    ['an unknown local tag (at the tag)', 'a: 1\nb: !Foo x\n', 'd.yaml:2:4: unknown YAML tag !Foo'],
    ['bad indentation', 'a:\n  b: 1\n c: 2\n', 'd.yaml:3:2: bad indentation of a mapping entry'],
    ['a tab in indentation', 'a:\n\tb: 1\n', 'd.yaml:2:1: tab characters must not be used in indentation'],
    ['an unknown alias', 'a: 1\nb: *nope\n', 'd.yaml:2:9: unidentified alias "nope"'],
    ['a second document', 'a: 1\n---\nb: 2\n', 'd.yaml: expected a single document in the stream, but found more'],
  ])('%s', (_what, text, message) => {
    expect(errorOf(() => parseYamlText(text, 'd.yaml'))).toBe(message);
  });

  it('nesting deeper than 200 levels stops at the node that goes too deep, never a stack overflow', () => {
    expect(errorOf(() => parseYamlText(`a: ${'['.repeat(100_000)}`, 'n.yaml'))).toMatch(/^n\.yaml:1:\d+: nesting deeper than 200 levels$/);
    // The map is level 0, so its value's 200 lists reach level 200; a 201st list starts at column 204.
    expect(() => parseYamlText(`a: ${'['.repeat(200)}${']'.repeat(200)}\n`, 'n.yaml')).not.toThrow();
    expect(errorOf(() => parseYamlText(`a: ${'['.repeat(201)}${']'.repeat(201)}\n`, 'n.yaml'))).toBe('n.yaml:1:204: nesting deeper than 200 levels');
  });

  it('an alias cannot nest a node deeper than the limit either', () => {
    const deep = `${'['.repeat(150)}${']'.repeat(150)}`;
    expect(() => parseYamlText(`a: &a ${deep}\nb: *a\n`, 'n.yaml')).not.toThrow();
    expect(errorOf(() => parseYamlText(`a: &a ${deep}\nb: ${'['.repeat(60)}*a${']'.repeat(60)}\n`, 'n.yaml'))).toBe(
      'n.yaml:2:64: nesting deeper than 200 levels (through an alias)',
    );
  });
});

describe('alias budget (billion laughs)', () => {
  it('counts every expansion, nested ones included: 100 pass, 101 fail at the alias that goes over', () => {
    // *b expands b's two aliases of a as well: 1 + 2 = 3 expansions each; b itself holds 2.
    const doc = (k: number) => `a: &a [1]\nb: &b [*a, *a]\nc: [${Array(k).fill('*b').join(', ')}]\n`;
    expect(() => parseYamlText(doc(32), 'b.yaml')).not.toThrow(); // 2 + 3 * 32 = 98
    expect(errorOf(() => parseYamlText(doc(33), 'b.yaml'))).toBe(`b.yaml:3:${5 + 4 * 32}: more than 100 YAML alias expansions (alias bomb?)`); // 2 + 99 = 101
    expect(() => parseYamlText(doc(33), 'b.yaml', { maxAliasCount: 101 })).not.toThrow();
  });

  it('the classic bomb stops quickly', () => {
    const names = 'abcdefghi';
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < names.length; i++) lines.push(`${names[i]}: &${names[i]} [${Array(9).fill(`*${names[i - 1]}`).join(', ')}]`);
    expect(errorOf(() => parseYamlText(`${lines.join('\n')}\n`, 'b.yaml'))).toMatch(/^b\.yaml:\d+:\d+: more than 100 YAML alias expansions/);
  });

  it('a few aliases of one huge node are refused too (values added by expansion are counted)', () => {
    const n = 19_999; // the node counts its list too: 20,000 values per expansion
    const doc = (k: number) => `big: &big [${Array(n).fill('1').join(',')}]\nuse: [${Array(k).fill('*big').join(', ')}]\n`;
    const k = MAX_ALIAS_VALUES / (n + 1);
    expect(() => parseYamlText(doc(k), 'h.yaml')).not.toThrow();
    expect(errorOf(() => parseYamlText(doc(k + 1), 'h.yaml'))).toMatch(/^h\.yaml:2:\d+: YAML aliases expand to more than 1000000 values \(alias bomb\?\)$/);
  });
});
