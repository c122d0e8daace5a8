// Template resolution: YAML/JSON parsing, intrinsics, parameters, conditions, mappings, region (C-5).
import { describe, expect, it } from 'vitest';
import { resolveTemplate } from '../../src/import/cloudformation/template.js';
import { cidrSubdivide } from '../../src/import/cloudformation/cidr.js';
import { physicalId } from '../../src/model/ids.js';
import { inputErrorOf as errorOf } from '../helpers/input-error.js';

/** A template with one resource `R` of an unmodelled type whose property `V` is `value` (YAML text). */
function withValue(value: string, extra = ''): string {
  return `${extra}
Resources:
  R:
    Type: Custom::Probe
    Properties:
      V: ${value}
`;
}

function valueOf(value: string, extra = '', opts = {}): unknown {
  const t = resolveTemplate(withValue(value, extra), 't.yaml', opts);
  return t.resources.get('R')!.properties.V;
}

const VPC = `
  Vpc:
    Type: AWS::EC2::VPC
    Properties: { CidrBlock: 10.0.0.0/16 }
`;

/** Resolves a modelled resource `P` (a prefix list, whose Entries carry the value) next to a VPC. */
function resolveWith(resources: string, extra = '', opts = {}) {
  return resolveTemplate(`${extra}\nResources:\n${VPC}${resources}`, 't.yaml', opts);
}

describe('short-form tags and long forms', () => {
  it('!Ref / Ref of a resource gives its deterministic physical id', () => {
    const t = resolveWith(`
  A: { Type: Custom::X, Properties: { Short: !Ref Vpc, Long: { Ref: Vpc } } }
`);
    const id = physicalId('vpc', 'Vpc', 'vpcsim');
    expect(t.resources.get('A')!.properties).toEqual({ Short: id, Long: id });
    expect(t.physicalIds.get('Vpc')).toBe(id);
  });

  it('!GetAtt in both forms (dotted string and list) and Fn::GetAtt', () => {
    const t = resolveWith(`
  A:
    Type: Custom::X
    Properties:
      Dotted: !GetAtt Vpc.CidrBlock
      Listed: !GetAtt [Vpc, CidrBlock]
      Long: { "Fn::GetAtt": [Vpc, CidrBlock] }
`);
    expect(t.resources.get('A')!.properties).toEqual({ Dotted: '10.0.0.0/16', Listed: '10.0.0.0/16', Long: '10.0.0.0/16' });
  });

  it('!Sub with pseudo parameters, resources, attributes, literals and a variable map', () => {
    expect(valueOf(`!Sub "\${AWS::Region}-\${AWS::AccountId}-\${AWS::StackName}-\${AWS::Partition}-\${AWS::URLSuffix}"`)).toBe(
      'us-east-1-123456789012-vpcsim-aws-amazonaws.com',
    );
    expect(valueOf(`!Sub ["\${Greeting}, \${!Literal}", { Greeting: hello }]`)).toBe('hello, ${Literal}');
    const t = resolveWith(`
  A: { Type: Custom::X, Properties: { V: !Sub "\${Vpc}/\${Vpc.CidrBlock}" } }
`);
    expect(t.resources.get('A')!.properties.V).toBe(`${physicalId('vpc', 'Vpc', 'vpcsim')}/10.0.0.0/16`);
  });

  it('!Join, !Select, !Split', () => {
    expect(valueOf('!Join ["-", [a, b, c]]')).toBe('a-b-c');
    expect(valueOf('!Select [1, [x, y, z]]')).toBe('y');
    expect(valueOf('!Select ["2", !Split [",", "p,q,r"]]')).toBe('r');
  });

  it('!Select out of range is an error naming the resource and property', () => {
    const e = errorOf(() => valueOf('!Select [3, [x]]'));
    expect(e.message).toMatch(/^t\.yaml: Probe 'R': Properties\.V: Fn::Select index 3 is out of range/);
  });

  it('!GetAZs gives a..f for us-east-1 and a..c elsewhere', () => {
    expect(valueOf("!GetAZs ''")).toEqual(['us-east-1a', 'us-east-1b', 'us-east-1c', 'us-east-1d', 'us-east-1e', 'us-east-1f']);
    expect(valueOf('!GetAZs eu-central-1')).toEqual(['eu-central-1a', 'eu-central-1b', 'eu-central-1c']);
    expect(valueOf('{ "Fn::GetAZs": { Ref: "AWS::Region" } }', '', { region: 'eu-west-3' })).toEqual(['eu-west-3a', 'eu-west-3b', 'eu-west-3c']);
  });

  it('!Base64', () => {
    expect(valueOf('!Base64 "hello world"')).toBe('aGVsbG8gd29ybGQ=');
  });

  it('Fn::Cidr matches the AWS documentation example (6 x /27 from a /24)', () => {
    expect(valueOf('!Cidr ["192.168.0.0/24", 6, 5]')).toEqual([
      '192.168.0.0/27', '192.168.0.32/27', '192.168.0.64/27', '192.168.0.96/27', '192.168.0.128/27', '192.168.0.160/27',
    ]);
    // JSON form with string arguments, as in the documentation.
    expect(valueOf('{ "Fn::Cidr": ["192.168.0.0/24", "6", "5"] }')).toHaveLength(6);
  });

  it('Fn::Cidr: /24s of a VPC and /64s of an IPv6 /56 (AWS IPv6 subnet example)', () => {
    expect(cidrSubdivide('10.0.0.0/16', 3, 8)).toEqual(['10.0.0.0/24', '10.0.1.0/24', '10.0.2.0/24']);
    expect(cidrSubdivide('2600:1f18:abcd:1200::/56', 2, 64)).toEqual(['2600:1f18:abcd:1200::/64', '2600:1f18:abcd:1201::/64']);
    // A block with host bits set starts at its network address.
    expect(cidrSubdivide('10.0.0.77/24', 1, 4)).toEqual(['10.0.0.0/28']);
  });

  it('Fn::Cidr errors: count > 256, too many blocks, cidrBits too large', () => {
    expect(errorOf(() => valueOf('!Cidr ["10.0.0.0/16", 257, 8]')).message).toMatch(/Fn::Cidr: count must be 1-256/);
    expect(errorOf(() => valueOf('!Cidr ["10.0.0.0/24", 3, 7]')).message).toMatch(/holds only 2 blocks of \/25/);
    expect(errorOf(() => valueOf('!Cidr ["10.0.0.0/24", 1, 9]')).message).toMatch(/cidrBits must be 1-8/);
  });

  it('Fn::ImportValue is an error naming the resource and the property', () => {
    const e = errorOf(() => valueOf('!ImportValue SharedVpcId'));
    expect(e.message).toBe(
      't.yaml: Probe \'R\': Properties.V: Fn::ImportValue "SharedVpcId" cannot be resolved: exports of other stacks are not known offline; replace it with a parameter',
    );
  });

  it('unsupported intrinsics are an error, not a silent pass-through', () => {
    expect(errorOf(() => valueOf('{ "Fn::Length": [1, 2] }')).message).toMatch(/Fn::Length is not supported/);
  });

  it('AWS::NoValue removes the key and list items', () => {
    const t = resolveTemplate(withValue('[a, !Ref "AWS::NoValue", b]').replace('V:', 'Gone: !Ref AWS::NoValue\n      V:'), 't.yaml');
    expect(t.resources.get('R')!.properties).toEqual({ V: ['a', 'b'] });
  });
});

describe('conditions and mappings', () => {
  const conds = `
Parameters:
  Env: { Type: String, Default: dev, AllowedValues: [dev, prod] }
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsDev: !Not [!Condition IsProd]
  Both: !And [!Condition IsDev, !Equals [a, a]]
  Either: { "Fn::Or": [{ Condition: IsProd }, !Equals [1, "1"]] }
`;
  it('!If with !Equals / !Not / !And / !Or / !Condition', () => {
    expect(valueOf('[!If [IsProd, big, small], !If [IsDev, d, p], !If [Both, y, n], !If [Either, y, n]]', conds)).toEqual(['small', 'd', 'y', 'y']);
    expect(valueOf('!If [IsProd, big, small]', conds, { params: { Env: 'prod' } })).toBe('big');
  });

  it('Fn::If only resolves the branch taken (an ImportValue in the other branch is fine)', () => {
    expect(valueOf('!If [IsProd, !ImportValue X, ok]', conds)).toBe('ok');
  });

  it('a resource whose Condition is false is removed, and Ref to it is an error', () => {
    const t = resolveTemplate(`${conds}
Resources:
  OnlyProd: { Type: Custom::X, Condition: IsProd }
  Always: { Type: Custom::X }
`, 't.yaml');
    expect([...t.resources.keys()]).toEqual(['Always']);
    const e = errorOf(() => resolveTemplate(`${conds}
Resources:
  OnlyProd: { Type: Custom::X, Condition: IsProd }
  User: { Type: Custom::X, Properties: { V: !Ref OnlyProd } }
`, 't.yaml'));
    expect(e.message).toMatch(/User'.*refers to 'OnlyProd'.*Condition IsProd is false/);
  });

  it('!FindInMap with Mappings, and a missing key names the map and key', () => {
    const maps = `
Mappings:
  RegionMap:
    us-east-1: { Cidr: 10.1.0.0/16 }
    eu-west-1: { Cidr: 10.2.0.0/16 }
`;
    expect(valueOf('!FindInMap [RegionMap, !Ref "AWS::Region", Cidr]', maps)).toBe('10.1.0.0/16');
    expect(valueOf('!FindInMap [RegionMap, !Ref "AWS::Region", Cidr]', maps, { region: 'eu-west-1' })).toBe('10.2.0.0/16');
    expect(errorOf(() => valueOf('!FindInMap [RegionMap, ap-south-1, Cidr]', maps)).message).toMatch(/mapping RegionMap has no key "ap-south-1"/);
  });
});

describe('parameters', () => {
  const params = `
Parameters:
  Cidr: { Type: String, Default: 10.0.0.0/16, AllowedPattern: '\\d+\\.\\d+\\.\\d+\\.\\d+/\\d+' }
  Size: { Type: String, Default: small, AllowedValues: [small, large] }
  Count: { Type: Number, Default: 2, MinValue: 1, MaxValue: 4 }
  Zones: { Type: CommaDelimitedList, Default: "us-east-1a, us-east-1b" }
  NoDefault: { Type: String }
`;
  it('Default values, overridden by params; list types give lists', () => {
    expect(valueOf('[!Ref Cidr, !Ref Size, !Ref Count, !Ref Zones]', params, { params: { NoDefault: 'x' } })).toEqual([
      '10.0.0.0/16', 'small', '2', ['us-east-1a', 'us-east-1b'],
    ]);
    expect(valueOf('!Ref Size', params, { params: { NoDefault: 'x', Size: 'large' } })).toBe('large');
  });

  it('a parameter without Default or --param is an error naming it', () => {
    expect(errorOf(() => valueOf('x', params)).message).toBe("t.yaml: Parameter 'NoDefault': has no Default; pass --param NoDefault=VALUE");
  });

  it('AllowedValues, AllowedPattern, MinValue/MaxValue and Number are checked', () => {
    const base = { NoDefault: 'x' };
    expect(errorOf(() => valueOf('x', params, { params: { ...base, Size: 'huge' } })).message).toBe(
      `t.yaml: Parameter 'Size': value "huge" is not in AllowedValues [small, large]`,
    );
    expect(errorOf(() => valueOf('x', params, { params: { ...base, Cidr: 'ten' } })).message).toMatch(/Parameter 'Cidr': value "ten" does not match AllowedPattern/);
    expect(errorOf(() => valueOf('x', params, { params: { ...base, Count: '9' } })).message).toMatch(/Parameter 'Count': value 9 is above MaxValue 4/);
    expect(errorOf(() => valueOf('x', params, { params: { ...base, Count: 'two' } })).message).toMatch(/is not a Number/);
  });

  it('an unknown --param is an error', () => {
    expect(errorOf(() => valueOf('x', params, { params: { NoDefault: 'x', Typo: '1' } })).message).toMatch(/--param Typo: the template has no parameter Typo/);
  });
});

describe('region (C-5)', () => {
  it('--region wins; else literal Availability Zones; else us-east-1', () => {
    expect(valueOf('!Ref AWS::Region')).toBe('us-east-1');
    expect(valueOf('[!Ref AWS::Region, us-west-2b]')).toEqual(['us-west-2', 'us-west-2b']);
    expect((valueOf('[!Ref AWS::Region, us-west-2b]', '', { region: 'eu-west-1' }) as string[])[0]).toBe('eu-west-1');
  });

  it('literal zones of two Regions are an error naming both', () => {
    const e = errorOf(() => resolveTemplate(`
Resources:
  A: { Type: Custom::X, Properties: { AvailabilityZone: us-west-2a } }
  B: { Type: Custom::X, Properties: { AvailabilityZone: eu-west-1b } }
`, 't.yaml'));
    expect(e.message).toMatch(/^t\.yaml: literal Availability Zones of two Regions: us-west-2a \('A'\) and eu-west-1b \('B'\)/);
  });

  it('partition follows the Region', () => {
    expect(valueOf('!Sub "${AWS::Partition} ${AWS::URLSuffix}"', '', { region: 'cn-north-1' })).toBe('aws-cn amazonaws.com.cn');
  });
});

describe('YAML safety and JSON', () => {
  it('parses JSON templates', () => {
    const t = resolveTemplate(JSON.stringify({ Resources: { R: { Type: 'Custom::X', Properties: { V: { 'Fn::Join': ['', ['a', { Ref: 'AWS::Region' }]] } } } } }), 't.json');
    expect(t.resources.get('R')!.properties.V).toBe('aus-east-1');
  });

  it('bad YAML is one line with file:line:col', () => {
    const e = errorOf(() => resolveTemplate('Resources:\n  A:\n    Type: [unclosed\n  B: x\n', 'bad.yaml'));
    expect(e.message).toMatch(/^bad\.yaml:\d+:\d+: /);
    expect(e.message).not.toContain('\n');
  });

  it('duplicate keys are an error with line:col', () => {
    expect(errorOf(() => resolveTemplate('Resources:\n  A: { Type: X }\n  A: { Type: Y }\n', 'dup.yaml')).message).toMatch(/^dup\.yaml:3:3: /);
  });

  it('unknown tags are an error with line:col', () => {
    expect(errorOf(() => resolveTemplate('Resources:\n  A: !Foo x\n', 'tag.yaml')).message).toMatch(/^tag\.yaml:2:\d+: unknown YAML tag !Foo$/);
  });

  it('alias bombs stop at maxAliasCount with an InputError', () => {
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    const names = 'abcdefghi';
    for (let i = 1; i < names.length; i++) {
      const prev = names[i - 1]!;
      levels.push(`${names[i]}: &${names[i]} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const bomb = `${levels.join('\n')}\nResources:\n  R: { Type: Custom::X, Properties: { V: *i } }\n`;
    expect(errorOf(() => resolveTemplate(bomb, 'bomb.yaml')).message).toMatch(/^bomb\.yaml:\d+:\d+: more than 100 YAML alias expansions/);
    // A modest alias use is fine.
    const ok = 'x: &x [1, 2]\nResources:\n  R: { Type: Custom::X, Properties: { V: *x } }\n';
    expect(resolveTemplate(ok, 'ok.yaml').resources.get('R')!.properties.V).toEqual([1, 2]);
  });

  it('absurd nesting is one InputError, never a stack overflow', () => {
    for (const n of [300, 100_000]) {
      const text = `Resources:\n  R: { Type: Custom::X, Properties: { V: ${'['.repeat(n)}${']'.repeat(n)} } }\n`;
      expect(errorOf(() => resolveTemplate(text, 'deep.yaml')).message).toMatch(/^deep\.yaml:2:\d+: nesting deeper than 200 levels$/);
    }
  });

  it('__proto__ and constructor keys stay plain data and never reach a prototype', () => {
    const t = resolveTemplate('Resources:\n  R:\n    Type: Custom::X\n    Properties:\n      __proto__: { polluted: true }\n      constructor: 1\n', 'p.yaml');
    const props = t.resources.get('R')!.properties;
    expect(Object.keys(props).sort()).toEqual(['__proto__', 'constructor']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((props as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('logical ids must be alphanumeric', () => {
    expect(errorOf(() => resolveTemplate('Resources:\n  my-vpc: { Type: AWS::EC2::VPC }\n', 'l.yaml')).message).toBe(
      'l.yaml: Resources: logical id "my-vpc" must be alphanumeric',
    );
    expect(errorOf(() => resolveTemplate('Resources:\n  __proto__: { Type: AWS::EC2::VPC }\n', 'l.yaml')).message).toMatch(/must be alphanumeric/);
  });

  it('Ref to an unknown name and GetAtt of an unsupported attribute are errors', () => {
    expect(errorOf(() => valueOf('!Ref Nope')).message).toMatch(/Ref "Nope": no such parameter, pseudo parameter or resource/);
    expect(errorOf(() => resolveWith('  A: { Type: Custom::X, Properties: { V: !GetAtt Vpc.Bogus } }\n')).message).toMatch(
      /Fn::GetAtt Vpc\.Bogus: AWS::EC2::VPC attribute Bogus is not supported/,
    );
  });

  it('API Gateway resources are resolved for the API Gateway importer', () => {
    const t = resolveTemplate('Resources:\n  Api: { Type: AWS::ApiGateway::RestApi, Properties: { Name: !Sub "${AWS::StackName}-api" } }\n', 'a.yaml');
    expect(t.resources.get('Api')).toEqual({ type: 'AWS::ApiGateway::RestApi', properties: { Name: 'vpcsim-api' } });
    expect(t.physicalIds.get('Api')).toMatch(/^restapi-0[0-9a-f]{16}$/);
  });
});
