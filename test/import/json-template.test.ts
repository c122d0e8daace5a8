// JSON templates take a JSON.parse fast path (big generated templates); it must give the same values
// as the YAML path and keep its safety: duplicate keys named with line:col, __proto__ as plain data,
// deep nesting refused.
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { parseTemplateText } from '../../src/import/cloudformation/template-text.js';
import { resolveTemplate } from '../../src/import/cloudformation/template.js';
import { jsonShape, parseJsonText } from '../../src/import/json-text.js';
import { sliceTemplate } from '../../src/import/cloudformation/template-slices.js';
import { importCloudFormation } from '../../src/import/cloudformation/index.js';
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
      },
      // Value shapes the two parsers must agree on (a subnet has no such properties: CloudFormation refuses them).
      Metadata: { Empty: null, Size: 1.5e3 },
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

  // Read resource by resource (template-slices.ts): each resource's properties are dropped once it is
  // mapped and read again from the text if a later resource asks (here the instance's GetAtt of its
  // subnet's zone, mapped after the subnet). The model must be the one the whole-text (YAML) path gives.
  const network = {
    AWSTemplateFormatVersion: '2010-09-09',
    Parameters: { Env: { Type: 'String', Default: 'prod' } },
    Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] } },
    Resources: {
      Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16', Tags: [{ Key: 'Name', Value: 'main' }, { Key: 'team', Value: 'net' }] } },
      Sub: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: '10.0.1.0/24', AvailabilityZone: 'eu-west-1b' } },
      Web: { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'web', VpcId: { Ref: 'Vpc' } } },
      Db: {
        Type: 'AWS::EC2::SecurityGroup',
        DependsOn: 'Web',
        Properties: { GroupDescription: { 'Fn::If': ['IsProd', { 'Fn::Sub': 'db in ${Sub.AvailabilityZone}' }, 'db'] }, VpcId: { Ref: 'Vpc' } },
      },
      Eip: { Type: 'AWS::EC2::EIP', Properties: { Domain: 'vpc' } },
      Nat: { Type: 'AWS::EC2::NatGateway', Properties: { SubnetId: { Ref: 'Sub' }, AllocationId: { 'Fn::GetAtt': ['Eip', 'AllocationId'] } } },
      App: {
        Type: 'AWS::EC2::Instance',
        Properties: {
          SubnetId: { Ref: 'Sub' },
          AvailabilityZone: { 'Fn::GetAtt': ['Sub', 'AvailabilityZone'] },
          PrivateIpAddress: '10.0.1.10',
          SecurityGroupIds: [{ Ref: 'Web' }, { 'Fn::GetAtt': ['Db', 'GroupId'] }],
        },
      },
      Spare: { Type: 'AWS::EC2::Instance', Condition: 'IsProd', Properties: { SubnetId: { Ref: 'Sub' }, Tags: [{ Key: 'Name', Value: 'spare' }] } },
    },
    Outputs: { Zone: { Value: { 'Fn::GetAtt': ['App', 'AvailabilityZone'] } } },
  };

  it('read resource by resource, a JSON template gives the model the whole-text path gives', () => {
    for (const text of [JSON.stringify(network), JSON.stringify(network, null, 2)]) {
      expect(sliceTemplate(text)).toBeDefined();
      const warnings: string[] = [];
      const fromJson = loadTopologyFromText(text, 'n.json', { warn: (w) => warnings.push(w) });
      expect(fromJson).toEqual(loadTopologyFromText(stringify(network), 'n.yaml'));
      expect(fromJson.region).toBe('eu-west-1');
      expect(fromJson.instances.map((i) => i.logicalId).sort()).toEqual(['App', 'Spare']);
      expect(resolveTemplate(text, 'n.json')).toEqual(resolveTemplate(stringify(network), 'n.yaml'));
    }
  });

  it('properties dropped after the first reading (big templates) or kept (small ones): the same model', () => {
    const text = JSON.stringify(network);
    const dropped = importCloudFormation(text, 'n.json', {}, sliceTemplate(text, 0));
    expect(dropped).toEqual(importCloudFormation(text, 'n.json', {}, sliceTemplate(text, Infinity)));
    expect(dropped).toEqual(importCloudFormation(stringify(network), 'n.yaml'));
  });

  it('a JSON template the resource-by-resource reader does not take is read as a whole, with the same errors', () => {
    const good = JSON.stringify(network);
    // A syntax error inside one resource, between two resources, and after the Resources map.
    for (const bad of [good.replace('"Domain":"vpc"', '"Domain":"vpc",'), good.replace('},"Nat":', '} "Nat":'), `${good.slice(0, -1)},}`]) {
      expect(sliceTemplate(bad)).toBeUndefined();
      const whole = errorOf(() => parseJsonText(bad, 'n.json')).message;
      expect(whole).toMatch(/^n\.json:1:\d+: /);
      expect(errorOf(() => loadTopologyFromText(bad, 'n.json')).message).toBe(whole);
    }
    // A repeated logical id, a repeated key inside a resource, an integer-like logical id (key order differs from text order).
    expect(sliceTemplate(good.replace('"Web":', '"Sub":'))).toBeUndefined();
    expect(sliceTemplate(good.replace('"Domain":"vpc"', '"Domain":"vpc","Domain":"vpc"'))).toBeUndefined();
    expect(errorOf(() => loadTopologyFromText(good.replace('"Domain":"vpc"', '"Domain":"vpc","Domain":"vpc"'), 'n.json')).message).toMatch(
      /^n\.json:1:\d+: duplicate key "Domain"$/,
    );
    const indexLike = good.replace('"Spare":', '"7":');
    expect(sliceTemplate(indexLike)).toBeUndefined();
    expect(loadTopologyFromText(indexLike, 'n.json')).toEqual(loadTopologyFromText(stringify(JSON.parse(indexLike)), 'n.yaml'));
  });

  it('read resource by resource, zones of two Regions are named as the whole-text path names them (parameters first)', () => {
    const twoRegions = {
      Parameters: { Zone: { Type: 'String', Default: 'us-west-2c' } },
      Resources: {
        A: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: 'vpc-1', CidrBlock: '10.0.0.0/24', AvailabilityZone: 'eu-west-1b' } },
        B: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: 'vpc-1', CidrBlock: '10.0.1.0/24', AvailabilityZone: 'us-west-2a' } },
      },
    };
    const text = JSON.stringify(twoRegions);
    expect(sliceTemplate(text)).toBeDefined();
    const message = errorOf(() => loadTopologyFromText(text, 'z.json')).message;
    expect(message).toMatch(/^z\.json: literal Availability Zones of two Regions: us-west-2c \(parameter 'Zone'\) and eu-west-1b \('A'\)/);
    expect(errorOf(() => loadTopologyFromText(stringify(twoRegions), 'z.yaml')).message).toBe(message.replace('z.json', 'z.yaml'));
  });
});
