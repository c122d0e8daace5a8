// JSON templates take a JSON.parse fast path (big generated templates); it must give the same values
// as the YAML path and keep its safety: duplicate keys named with line:col, __proto__ as plain data,
// deep nesting refused.
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { parseTemplateText } from '../../src/import/cloudformation/template-text.js';
import { resolveTemplate } from '../../src/import/cloudformation/template.js';
import { jsonShape } from '../../src/import/json-text.js';
import { loadTopologyFromText } from '../../src/import/load-text.js';
import { inputErrorOf as errorOf } from '../helpers/input-error.js';

const template = {
  Parameters: { Cidr: { Type: 'String', Default: '10.0.0.0/16' } },
  Resources: {
    Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: { Ref: 'Cidr' }, Tags: [{ Key: 'Name', Value: 'a "quoted" \u00e9 name' }] } },
    Sub: {
      Type: 'AWS::EC2::Subnet',
      Properties: {
        VpcId: { Ref: 'Vpc' },
        CidrBlock: { 'Fn::Select': [1, { 'Fn::Cidr': [{ 'Fn::GetAtt': ['Vpc', 'CidrBlock'] }, 4, 8] }] },
        MapPublicIpOnLaunch: true,
        Empty: null,
        Size: 1.5e3,
      },
    },
  },
};

describe('JSON templates', () => {
  it('the JSON.parse path and the YAML path give the same template values', () => {
    const fromJson = parseTemplateText(JSON.stringify(template, null, 2), 't.json');
    // The same document as block YAML cannot take the JSON path.
    const fromYaml = parseTemplateText(stringify(template), 't.yaml');
    expect(fromJson).toEqual(fromYaml);
    expect(resolveTemplate(JSON.stringify(template), 't.json').resources.get('Sub')!.properties.CidrBlock).toBe('10.0.1.0/24');
  });

  it('a duplicate key in JSON is still an error with line:col, not "last one wins"', () => {
    const text = '{\n  "Resources": {\n    "A": { "Type": "Custom::X" },\n    "A": { "Type": "Custom::Y" }\n  }\n}\n';
    expect(errorOf(() => resolveTemplate(text, 'dup.json')).message).toMatch(/^dup\.json:4:\d+: duplicate key "A"$/);
  });

  it('keys that merely contain ":" or escaped quotes are counted right (no false duplicate)', () => {
    const text = JSON.stringify({ Resources: { R: { Type: 'Custom::X', Properties: { 'a\\"b': 'x: y', c: '"}{[', d: ['e:', 'f'] } } } });
    expect(resolveTemplate(text, 'k.json').resources.get('R')!.properties).toEqual({ 'a\\"b': 'x: y', c: '"}{[', d: ['e:', 'f'] });
  });

  it('a string ending in escaped backslashes ends at its quote: a duplicate after it is still found', () => {
    // "x\\\\" is x and two backslashes: its last quote closes it. Read as escaped, the member names would be miscounted.
    const clean = '{"Resources": {"R": {"Type": "Custom::X", "Properties": {"a": "x\\\\\\\\", "b": "\\"", "c": 1}}}}';
    expect(jsonShape(clean)).toEqual({ memberNames: 7, maxDepth: 4 });
    expect(resolveTemplate(clean, 'b.json').resources.get('R')!.properties).toEqual({ a: 'x\\\\', b: '"', c: 1 });
    const dup = clean.replace('"c"', '"a"');
    expect(errorOf(() => resolveTemplate(dup, 'b.json')).message).toMatch(/^b\.json:1:\d+: duplicate key "a"$/);
    expect(errorOf(() => loadTopologyFromText(dup, 'b.json')).message).toMatch(/^b\.json:1:\d+: duplicate key "a"$/);
  });

  it('__proto__ and constructor keys stay plain data in JSON too', () => {
    const text = '{"Resources": {"R": {"Type": "Custom::X", "Properties": {"__proto__": {"polluted": true}, "constructor": 1}}}}';
    const props = resolveTemplate(text, 'p.json').resources.get('R')!.properties;
    expect(Object.keys(props).sort()).toEqual(['__proto__', 'constructor']);
    expect(Object.getPrototypeOf(props)).toBeNull();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('absurd nesting in JSON is one InputError', () => {
    const text = `{"Resources": {"R": {"Type": "Custom::X", "Properties": {"V": ${'['.repeat(300)}${']'.repeat(300)}}}}}`;
    expect(errorOf(() => resolveTemplate(text, 'deep.json')).message).toMatch(/^deep\.json:1:\d+: nesting deeper than 200 levels$/);
  });
});
