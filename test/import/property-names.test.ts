// CloudFormation refuses a resource that states a property its type does not have ("Encountered
// unsupported property"); the import refuses it too, in one line naming the file, the resource, the
// property and the closest real one. Before, a misspelt optional property was dropped silently: a subnet
// with MapPublicIPOnLaunch (for MapPublicIpOnLaunch) gave its instances no public address, "0 warnings".
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/model/errors.js';
import { loadTopologyFromText } from '../../src/import/load.js';
import { PROPERTY_NAMES } from '../../src/import/cloudformation/property-names.js';
import { resourceKinds } from '../../src/import/cloudformation/registry.js';
import { runCli } from '../helpers/cli.js';

const VPC = '  V: { Type: AWS::EC2::VPC, Properties: { CidrBlock: 10.0.0.0/16 } }\n';
const load = (resources: string, file = 't.yaml') => loadTopologyFromText(`Resources:\n${VPC}${resources}`, file, { warn: () => {} });
const message = (resources: string, file = 't.yaml'): string => {
  try {
    load(resources, file);
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return (err as Error).message;
  }
  throw new Error('no error');
};

describe('a property the resource type does not have is refused, as CloudFormation refuses it', () => {
  it('a misspelt optional property, in YAML and in JSON, names the resource and the real property', () => {
    const subnet = '  S: { Type: AWS::EC2::Subnet, Properties: { VpcId: !Ref V, CidrBlock: 10.0.0.0/24, MapPublicIPOnLaunch: true } }\n';
    expect(message(subnet)).toBe('t.yaml: Subnet \'S\': MapPublicIPOnLaunch: not a property of AWS::EC2::Subnet; CloudFormation refuses it (did you mean MapPublicIpOnLaunch?)');
    const json = JSON.stringify({ Resources: { V: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } }, Sg: { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'x', VpcId: { Ref: 'V' }, SecurityGroupIngres: [] } } } });
    expect(() => loadTopologyFromText(json, 't.json')).toThrow("t.json: SecurityGroup 'Sg': SecurityGroupIngres: not a property of AWS::EC2::SecurityGroup; CloudFormation refuses it (did you mean SecurityGroupIngress?)");
  });

  it('one level down too: a security group rule, an instance\'s network interface', () => {
    expect(message('  Sg: { Type: AWS::EC2::SecurityGroup, Properties: { GroupDescription: x, VpcId: !Ref V, SecurityGroupIngress: [{ IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 0.0.0.0/0, Descripton: ssh }] } }\n')).toBe(
      "t.yaml: SecurityGroup 'Sg': SecurityGroupIngress[0].Descripton: not a property of SecurityGroupIngress in AWS::EC2::SecurityGroup; CloudFormation refuses it (did you mean Description?)",
    );
    const subnet = '  S: { Type: AWS::EC2::Subnet, Properties: { VpcId: !Ref V, CidrBlock: 10.0.0.0/24 } }\n';
    expect(message(`${subnet}  I: { Type: AWS::EC2::Instance, Properties: { NetworkInterfaces: [{ DeviceIndex: '0', SubnetId: !Ref S, AssociatePublicIPAddress: true }] } }\n`)).toBe(
      "t.yaml: Instance 'I': NetworkInterfaces[0].AssociatePublicIPAddress: not a property of NetworkInterfaces in AWS::EC2::Instance; CloudFormation refuses it (did you mean AssociatePublicIpAddress?)",
    );
    expect(() => load(`${subnet}  I: { Type: AWS::EC2::Instance, Properties: { NetworkInterfaces: [{ DeviceIndex: '0', SubnetId: !Ref S, AssociatePublicIpAddress: true }], Tags: [{ Key: Name, Value: i }] } }\n`)).not.toThrow();
  });

  it('a name far from every real one has no suggestion; a huge name is clipped', () => {
    expect(message('  R: { Type: AWS::EC2::RouteTable, Properties: { VpcId: !Ref V, Zzzzzzzz: 1 } }\n')).toBe("t.yaml: RouteTable 'R': Zzzzzzzz: not a property of AWS::EC2::RouteTable; CloudFormation refuses it");
    const long = message(`  R: { Type: AWS::EC2::RouteTable, Properties: { VpcId: !Ref V, ${'x'.repeat(300)}: 1 } }\n`);
    expect(long).toContain('... (300 chars)');
    expect(long).not.toMatch(/x{81}/);
  });

  it('every property a type has is accepted, read-only ones included; types vpcsim skips are not checked', () => {
    expect(() => load('  S: { Type: AWS::EC2::Subnet, Properties: { VpcId: !Ref V, CidrBlock: 10.0.0.0/24, MapPublicIpOnLaunch: true, Tags: [], EnableDns64: false, SubnetId: x } }\n')).not.toThrow();
    expect(() => load('  B: { Type: AWS::S3::Bucket, Properties: { Anything: 1 } }\n')).not.toThrow();
    // A property removed by Fn::If / AWS::NoValue is not stated.
    expect(() => load('  R: { Type: AWS::EC2::RouteTable, Properties: { VpcId: !Ref V } }\n')).not.toThrow();
  });

  it('the table covers every type the import maps', () => {
    expect([...resourceKinds.keys()].filter((t) => PROPERTY_NAMES[t] === undefined)).toEqual([]);
  });

  it('vpcsim validate: exit 2, one line', async () => {
    const r = await runCli('validate', 'test/fixtures/bad/unsupported-property.yaml');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("error: test/fixtures/bad/unsupported-property.yaml: Instance 'App': PrivateIpAdress: not a property of AWS::EC2::Instance; CloudFormation refuses it (did you mean PrivateIpAddress?)\n");
  });

  // Deeper levels, where the schema defines the keys and vpcsim reads them (a misspelt key there was
  // dropped as silently): an interface's addresses, a transit gateway attachment's options, a firewall
  // rule group's rules and a firewall policy's references.
  it('deeper levels: an instance interface\'s addresses, a TGW attachment\'s Options, firewall rules', () => {
    const subnet = '  S: { Type: AWS::EC2::Subnet, Properties: { VpcId: !Ref V, CidrBlock: 10.0.0.0/24 } }\n';
    expect(message(`${subnet}  I: { Type: AWS::EC2::Instance, Properties: { NetworkInterfaces: [{ DeviceIndex: '0', SubnetId: !Ref S, PrivateIpAddresses: [{ Primary: true, PrivateIPAddress: 10.0.0.9 }] }] } }\n`)).toBe(
      "t.yaml: Instance 'I': NetworkInterfaces[0].PrivateIpAddresses[0].PrivateIPAddress: not a property of NetworkInterfaces.PrivateIpAddresses in AWS::EC2::Instance; CloudFormation refuses it (did you mean PrivateIpAddress?)",
    );
    expect(message(`${subnet}  I: { Type: AWS::EC2::Instance, Properties: { NetworkInterfaces: [{ DeviceIndex: '0', SubnetId: !Ref S, Ipv6Addresses: [{ Ipv6Adress: '::1' }] }] } }\n`)).toMatch(/NetworkInterfaces\[0\]\.Ipv6Addresses\[0\]\.Ipv6Adress: not a property .*\(did you mean Ipv6Address\?\)$/);
    const tgw = `${subnet}  T: { Type: AWS::EC2::TransitGateway }\n`;
    for (const type of ['AWS::EC2::TransitGatewayVpcAttachment', 'AWS::EC2::TransitGatewayAttachment']) {
      expect(message(`${tgw}  A: { Type: ${type}, Properties: { TransitGatewayId: !Ref T, VpcId: !Ref V, SubnetIds: [!Ref S], Options: { ApplianceModeSuport: enable } } }\n`)).toBe(
        `t.yaml: ${type.slice(10)} 'A': Options.ApplianceModeSuport: not a property of Options in ${type}; CloudFormation refuses it (did you mean ApplianceModeSupport?)`,
      );
      expect(() => load(`${tgw}  A: { Type: ${type}, Properties: { TransitGatewayId: !Ref T, VpcId: !Ref V, SubnetIds: [!Ref S], Options: { ApplianceModeSupport: enable, DnsSupport: enable, Ipv6Support: disable, SecurityGroupReferencingSupport: enable } } }\n`)).not.toThrow();
    }
    const firewall = readFileSync('test/fixtures/fuzz/firewall.yaml', 'utf8');
    const fw = (from: string, to: string) => {
      expect(firewall).toContain(from);
      try {
        loadTopologyFromText(firewall.replace(from, to), 'fw.yaml', { warn: () => {} });
      } catch (err) {
        return (err as Error).message;
      }
      return 'no error';
    };
    expect(loadTopologyFromText(firewall, 'fw.yaml', { warn: () => {} }).networkFirewalls).toHaveLength(1);
    expect(fw('Sources: [{ AddressDefinition:', 'Sources: [{ AdressDefinition:')).toMatch(/^fw\.yaml: RuleGroup 'Stateless': RuleGroup\.RulesSource\.StatelessRulesAndCustomActions\.StatelessRules\[0\]\.RuleDefinition\.MatchAttributes\.Sources\[0\]\.AdressDefinition: not a property .*\(did you mean AddressDefinition\?\)$/);
    expect(fw('DestinationPorts: [{ FromPort: 443, ToPort: 443 }]', 'DestinationPort: [{ FromPort: 443, ToPort: 443 }]')).toMatch(/MatchAttributes\.DestinationPort: not a property .*\(did you mean DestinationPorts\?\)$/);
    expect(fw('DestinationPort: "22"', 'DestPort: "22"')).toMatch(/RuleGroup 'Stateful': RuleGroup\.RulesSource\.StatefulRules\[0\]\.Header\.DestPort: not a property/);
    expect(fw('{ ResourceArn: !Ref Stateless, Priority: 10 }', '{ ResourceArn: !Ref Stateless, Priorty: 10 }')).toMatch(/FirewallPolicy\.StatelessRuleGroupReferences\[0\]\.Priorty: not a property .*\(did you mean Priority\?\)$/);
  });
});
