// Template structure CloudFormation rejects before it creates anything (issue 11): format version,
// DependsOn, parameter types, Conditions entries, Outputs, Availability Zone names, and the VPC CIDR
// ranges AWS refuses (Amazon VPC User Guide, "VPC CIDR blocks"; ADDR-1). Each is one error line.
import { describe, expect, it } from 'vitest';
import { loadTopologyFromText } from '../../src/import/load.js';
import { InputError } from '../../src/model/errors.js';

const VPC = '  Vpc: { Type: AWS::EC2::VPC, Properties: { CidrBlock: 10.0.0.0/16 } }\n';

function load(text: string): void {
  loadTopologyFromText(text, 't.yaml', { warn: () => {} });
}

function errorOf(text: string): string {
  try {
    load(text);
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).not.toContain('\n');
    return (err as Error).message;
  }
  throw new Error('expected an InputError');
}

describe('AWSTemplateFormatVersion', () => {
  it('only "2010-09-09" is a version', () => {
    expect(errorOf(`AWSTemplateFormatVersion: '2010-09-10'\nResources:\n${VPC}`)).toBe(
      't.yaml: AWSTemplateFormatVersion "2010-09-10" is not a template format version; the only one is "2010-09-09"',
    );
    expect(errorOf(`AWSTemplateFormatVersion: 2010\nResources:\n${VPC}`)).toMatch(/AWSTemplateFormatVersion 2010 is not/);
    expect(() => load(`AWSTemplateFormatVersion: 2010-09-09\nResources:\n${VPC}`)).not.toThrow();
  });
});

describe('DependsOn', () => {
  it('a missing target', () => {
    expect(errorOf(`Resources:\n${VPC}  Igw: { Type: AWS::EC2::InternetGateway, DependsOn: [Vpc, Nope] }\n`)).toBe(`t.yaml: 'Igw': DependsOn "Nope": no such resource in Resources`);
  });

  it('a cycle, named in order', () => {
    const text = `Resources:\n${VPC}  A: { Type: AWS::EC2::InternetGateway, DependsOn: B }\n  B: { Type: AWS::EC2::InternetGateway, DependsOn: [Vpc, C] }\n  C: { Type: AWS::EC2::InternetGateway, DependsOn: A }\n`;
    expect(errorOf(text)).toBe(`t.yaml: 'A': circular DependsOn: A -> B -> C -> A`);
  });

  it('a map instead of a logical id', () => {
    expect(errorOf(`Resources:\n${VPC}  Igw: { Type: AWS::EC2::InternetGateway, DependsOn: { a: 1 } }\n`)).toMatch(/'Igw': DependsOn must be a logical id or a list of them, got \{"a":1\}$/);
  });

  it('a chain without a cycle is fine', () => {
    expect(() => load(`Resources:\n${VPC}  A: { Type: AWS::EC2::InternetGateway, DependsOn: Vpc }\n  B: { Type: AWS::EC2::InternetGateway, DependsOn: [A, Vpc] }\n`)).not.toThrow();
  });
});

describe('parameter Type', () => {
  it('is required, and must be a CloudFormation parameter type', () => {
    expect(errorOf(`Parameters:\n  P: { Default: x }\nResources:\n${VPC}`)).toMatch(/^t\.yaml: Parameter 'P': Type is required/);
    expect(errorOf(`Parameters:\n  P: { Type: Strng, Default: x }\nResources:\n${VPC}`)).toMatch(/^t\.yaml: Parameter 'P': Type "Strng" is not a CloudFormation parameter type/);
    expect(errorOf(`Parameters:\n  P: { Type: List<String>, Default: x }\nResources:\n${VPC}`)).toMatch(/Type "List<String>" is not/);
  });

  it('AWS-specific types and their lists are accepted', () => {
    for (const type of ['AWS::EC2::VPC::Id', 'List<AWS::EC2::Subnet::Id>', 'AWS::EC2::KeyPair::KeyName', 'List<Number>', 'CommaDelimitedList']) {
      expect(() => load(`Parameters:\n  P: { Type: '${type}', Default: '1' }\nResources:\n${VPC}`)).not.toThrow();
    }
  });
});

describe('Conditions', () => {
  it('an entry that is not a condition function', () => {
    expect(errorOf(`Conditions:\n  IsProd: true\nResources:\n${VPC}`)).toBe(`t.yaml: Condition 'IsProd': must be a condition function (Fn::Equals, Fn::And, Fn::Or, Fn::Not), got true`);
  });
});

describe('Outputs', () => {
  it('Ref, Fn::GetAtt and Fn::Sub of something the template does not declare', () => {
    expect(errorOf(`Resources:\n${VPC}Outputs:\n  Id: { Value: !Ref Gone }\n`)).toBe(`t.yaml: Output 'Id': Ref "Gone": no such parameter or resource in the template`);
    expect(errorOf(`Resources:\n${VPC}Outputs:\n  Cidr: { Value: !GetAtt Gone.CidrBlock }\n`)).toMatch(/Output 'Cidr': Fn::GetAtt "Gone": no such resource/);
    expect(errorOf(`Resources:\n${VPC}Outputs:\n  Arn: { Value: !Sub 'arn:\${AWS::Partition}:x:\${Gone.Arn}' }\n`)).toMatch(/Output 'Arn': Fn::Sub "Gone": no such parameter or resource/);
    expect(errorOf(`Resources:\n${VPC}Outputs:\n  Bare: 5\n`)).toMatch(/Output 'Bare': must be a map with a Value, got 5/);
  });

  it('outputs naming resources, parameters, pseudo parameters and Sub variables are fine', () => {
    const text = `Parameters:\n  Env: { Type: String, Default: lab }\nResources:\n${VPC}Outputs:\n  A: { Value: !Ref Vpc }\n  B: { Value: !GetAtt Vpc.CidrBlock }\n  C: { Value: !Sub '\${Env}-\${AWS::Region}-\${Vpc}' }\n  D: { Value: !Sub ['\${x}', { x: !Ref Env }] }\n`;
    expect(() => load(text)).not.toThrow();
  });
});

describe('Availability Zone names', () => {
  const subnet = (az: string) => `Resources:\n${VPC}  S: { Type: AWS::EC2::Subnet, Properties: { VpcId: !Ref Vpc, CidrBlock: 10.0.1.0/24, AvailabilityZone: ${az} } }\n`;
  it('mars-1a is not a zone; a zone of another Region is refused', () => {
    expect(errorOf(subnet('mars-1a'))).toBe(`t.yaml: Subnet 'S': AvailabilityZone: "mars-1a" is not an Availability Zone name (Region + letter, e.g. us-east-1a) (InvalidParameterValue)`);
    expect(() => loadTopologyFromText(subnet('eu-west-1a'), 't.yaml', { region: 'us-east-1' })).toThrow(/"eu-west-1a" is in eu-west-1, not in the template's Region us-east-1/);
    expect(() => load(subnet('us-east-1b'))).not.toThrow();
  });
});

describe('VPC CIDR ranges AWS refuses (ADDR-1)', () => {
  for (const [cidr, what] of [['224.0.0.0/16', 'multicast'], ['127.0.0.0/16', 'loopback'], ['169.254.0.0/16', 'link-local'], ['0.0.0.0/16', '"this network"']]) {
    it(`${cidr}: ${what}`, () => {
      expect(errorOf(`Resources:\n  Vpc: { Type: AWS::EC2::VPC, Properties: { CidrBlock: ${cidr} } }\n`)).toMatch(
        new RegExp(`VPC 'Vpc': CidrBlock ${cidr.replace(/\./g, '\\.')} is in .* \\(${what}\\), which a VPC cannot use \\(ADDR-1\\) \\(InvalidVpc\\.Range\\)$`),
      );
    });
  }
  it('a public range a VPC may use (100.64.0.0/16) is accepted', () => {
    expect(() => load(`Resources:\n  Vpc: { Type: AWS::EC2::VPC, Properties: { CidrBlock: 100.64.0.0/16 } }\n`)).not.toThrow();
  });
});
