// The importer's lookups by logical id and by physical id keep the last answers (template.ts raw(),
// map-context.ts ModelIndex): an answer kept must never outlive what it answered for.
import { describe, expect, it } from 'vitest';
import { importCloudFormation } from '../../src/import/cloudformation/index.js';
import { ModelIndex } from '../../src/import/cloudformation/map-context.js';
import { resolveTemplate } from '../../src/import/cloudformation/template.js';
import { InputError } from '../../src/model/errors.js';
import { physicalId } from '../../src/model/ids.js';
import { emptyTopology, type Subnet } from '../../src/model/types.js';

/** Only id and logicalId matter to the index; `tag` tells two objects of one id apart. */
function subnet(id: string, tag: string): Subnet {
  return { id, logicalId: id, name: tag } as unknown as Subnet;
}

describe('ModelIndex', () => {
  it('answers the later object when one with the same id is added after an answer (later objects win)', () => {
    const t = emptyTopology('us-east-1', '123456789012');
    const index = new ModelIndex(t);
    const first = index.add('subnets', subnet('subnet-a', 'first'));
    index.add('subnets', subnet('subnet-b', 'b'));
    expect(index.get('subnets', 'subnet-a')).toBe(first);
    // Asked twice in a row: the second answer is the kept one, and still right.
    expect(index.get('subnets', 'subnet-a')).toBe(first);
    const later = index.add('subnets', subnet('subnet-a', 'later'));
    expect(index.get('subnets', 'subnet-a')).toBe(later);
    expect(index.get('subnets', 'subnet-b')!.logicalId).toBe('subnet-b');
    expect(index.get('subnets', 'subnet-c')).toBeUndefined();
    expect(index.get('subnets', 'subnet-c')).toBeUndefined();
  });

  it('keeps collections apart: the same id asked of another collection is not the kept answer', () => {
    const t = emptyTopology('us-east-1', '123456789012');
    const index = new ModelIndex(t);
    index.add('subnets', subnet('x-1', 's'));
    expect(index.get('subnets', 'x-1')).toBeDefined();
    expect(index.get('routeTables', 'x-1')).toBeUndefined();
  });
});

describe('Ref and Fn::GetAtt by logical id', () => {
  const names = ['A1', 'A2', 'A3', 'A4', 'A5', 'A6'];
  const resources = names.map((n) => `  ${n}: { Type: Custom::Thing }`).join('\n');

  it('names the right resource when a template cycles through more resources than are kept', () => {
    // Each resource refers to all six, in an order that revisits each after the others.
    const order = [0, 1, 2, 3, 4, 5, 0, 5, 1, 4, 2, 3, 3, 3, 0];
    const text = `Resources:\n${resources}\n  R:\n    Type: Custom::Probe\n    Properties:\n      L: [${order.map((i) => `!Ref ${names[i]}`).join(', ')}]\n      G: !GetAtt A2.Arn\n`;
    const t = resolveTemplate(text, 't.yaml');
    expect(t.resources.get('R')!.properties.L).toEqual(order.map((i) => physicalId('thing', names[i]!, 'vpcsim')));
    expect(t.resources.get('R')!.properties.G).toBe(physicalId('att', 'A2.Arn', 'vpcsim'));
  });

  it('refuses a Ref to a name that is no resource, also right after Refs that were answered', () => {
    const text = `Resources:\n${resources}\n  R:\n    Type: Custom::Probe\n    Properties:\n      L: [!Ref A1, !Ref A2, !Ref A1]\n      M: { Ref: '' }\n`;
    expect(() => resolveTemplate(text, 't.yaml')).toThrow(/Ref "": no such parameter, pseudo parameter or resource/);
  });

  it('pseudo parameters: the known ones resolve, an unknown AWS:: name is no parameter, a Ref of a non-name is refused', () => {
    const probe = (value: string) => `Resources:\n${resources}\n  R:\n    Type: Custom::Probe\n    Properties:\n      V: ${value}\n`;
    const t = resolveTemplate(probe('[!Ref AWS::Region, !Ref AWS::AccountId, !Ref A1, { Ref: AWS::NoValue }, !Ref AWS::StackName]'), 't.yaml', { region: 'eu-west-1' });
    expect(t.resources.get('R')!.properties.V).toEqual(['eu-west-1', t.accountId, physicalId('thing', 'A1', 'vpcsim'), t.stackName]);
    expect(() => resolveTemplate(probe('{ Ref: AWS::Bogus }'), 't.yaml')).toThrow(/Ref "AWS::Bogus": no such parameter, pseudo parameter or resource/);
    expect(() => resolveTemplate(probe('{ Ref: [A1] }'), 't.yaml')).toThrow(/Ref needs a name, got \["A1"\]/);
    expect(() => resolveTemplate(probe('{ "Fn::Nope": 1 }'), 't.yaml')).toThrow(/Fn::Nope is not supported by vpcsim/);
  });
});

describe('property paths in messages (nested readers build their path only for a message)', () => {
  const base = `Resources:
  Vpc: { Type: AWS::EC2::VPC, Properties: { CidrBlock: 10.0.0.0/16 } }
  Sn: { Type: AWS::EC2::Subnet, Properties: { VpcId: !Ref Vpc, CidrBlock: 10.0.1.0/24, AvailabilityZone: us-east-1a } }
  Sg: { Type: AWS::EC2::SecurityGroup, Properties: { GroupDescription: d, VpcId: !Ref Vpc } }
`;
  const messageOf = (resources: string): string => {
    try {
      importCloudFormation(base + resources, 't.yaml');
    } catch (err) {
      if (err instanceof InputError) return err.message;
      throw err;
    }
    throw new Error('expected an InputError');
  };

  it('names the item of a list inside an item of a list', () => {
    expect(messageOf(`  I:
    Type: AWS::EC2::Instance
    Properties:
      NetworkInterfaces:
        - { DeviceIndex: 0, SubnetId: !Ref Sn, GroupSet: [!Ref Sg] }
        - { DeviceIndex: 1, SubnetId: !Ref Sn, PrivateIpAddresses: [{ PrivateIpAddress: 10.0.1.9, Primary: true }, { PrivateIpAddress: 10.0.1.300, Primary: false }] }
`)).toMatch(/'I': NetworkInterfaces\[1\]\.PrivateIpAddresses\[1\]\.PrivateIpAddress: .*10\.0\.1\.300/);
  });

  it('names a security group rule by its index, and a group id of an interface item', () => {
    expect(messageOf(`  G:
    Type: AWS::EC2::SecurityGroup
    Properties: { GroupDescription: d, VpcId: !Ref Vpc, SecurityGroupIngress: [{ IpProtocol: tcp, FromPort: 1, ToPort: 1, CidrIp: 10.0.0.0/8 }, { IpProtocol: tcp, FromPort: 1, ToPort: 1, CidrIp: 10.0.0.0/33 }] }
`)).toMatch(/'G': SecurityGroupIngress\[1\]\.CidrIp: /);
    expect(messageOf(`  I:
    Type: AWS::EC2::Instance
    Properties:
      NetworkInterfaces: [{ DeviceIndex: 0, SubnetId: !Ref Sn, GroupSet: [!Ref Sg, sg-0000000000000000f] }]
`)).toMatch(/'I': NetworkInterfaces\[0\]\.GroupSet\[1\]: "sg-0000000000000000f" is not a AWS::EC2::SecurityGroup/);
  });
});
