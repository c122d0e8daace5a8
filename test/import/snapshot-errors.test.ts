// describe-* snapshot importer: bad input is one line naming file, resource id, field and value;
// unknown keys warn; `__proto__` keys never reach a prototype; odd but valid shapes are accepted.
import { describe, expect, it } from 'vitest';
import { importSnapshot, type SnapshotDocument } from '../../src/import/snapshot/index.js';
import { InputError } from '../../src/model/errors.js';
import { validateTopology } from '../../src/model/validate.js';
import { loadDir, loadFile } from './snapshot-load.js';

function errorOf(docs: SnapshotDocument[]): InputError {
  try {
    importSnapshot(docs);
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    const e = err as InputError;
    expect(e.message).not.toContain('\n');
    return e;
  }
  throw new Error('expected an InputError');
}

const subnet = (extra: Record<string, unknown>) => ({
  SubnetId: 'subnet-0abc', VpcId: 'vpc-0123456789abcdef0', AvailabilityZone: 'us-east-1a', CidrBlock: '10.0.1.0/24', ...extra,
});

describe('snapshot errors: one line naming file, resource, field, value', () => {
  it('a bad CIDR block', () => {
    const e = errorOf([{ file: 'snap/subnets.json', json: { Subnets: [subnet({ CidrBlock: '10.0.1.0/33' })] } }]);
    expect(e.message).toMatch(/^snap\/subnets\.json: Subnet 'subnet-0abc': CidrBlock '10\.0\.1\.0\/33' is not a CIDR block: .+/);
  });

  it('a nested field names its path', () => {
    const e = errorOf([{ file: 'rt.json', json: { RouteTables: [{ RouteTableId: 'rtb-0abc', VpcId: 'vpc-0abc', Routes: [
      { DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local' },
      { DestinationCidrBlock: '10.300.0.0/16', GatewayId: 'igw-0abc' }] }] } }]);
    expect(e.message).toMatch(/^rt\.json: RouteTable 'rtb-0abc': Routes\[1\]\.DestinationCidrBlock '10\.300\.0\.0\/16' is not a CIDR block/);
  });

  it('a wrong JSON type', () => {
    const e = errorOf([{ file: 's.json', json: { Subnets: [subnet({ MapPublicIpOnLaunch: 'yes' })] } }]);
    expect(e.message).toBe("s.json: Subnet 'subnet-0abc': MapPublicIpOnLaunch 'yes' is not true or false");
  });

  it('a missing id names the list position', () => {
    const e = errorOf([{ file: 's.json', json: { Subnets: [subnet({}), { VpcId: 'vpc-0abc' }] } }]);
    expect(e.message).toBe("s.json: Subnet 'Subnets[1]': SubnetId is missing");
  });

  it('a key that is not a list, an item that is not an object', () => {
    expect(errorOf([{ file: 'v.json', json: { Vpcs: { VpcId: 'vpc-0abc' } } }]).message).toMatch(/^v\.json: Vpcs '\{"VpcId":"vpc-0abc"\}' is not a list$/);
    expect(errorOf([{ file: 'v.json', json: { Vpcs: [42] } }]).message).toBe("v.json: Vpcs[0] '42' is not an object");
  });

  it('an unknown enum value', () => {
    const e = errorOf([{ file: 'n.json', json: { NetworkAcls: [{ NetworkAclId: 'acl-0abc', VpcId: 'vpc-0abc', Entries: [
      { RuleNumber: 100, Protocol: '-1', RuleAction: 'permit', Egress: false, CidrBlock: '0.0.0.0/0' }] }] } }]);
    expect(e.message).toBe("n.json: NetworkAcl 'acl-0abc': Entries[0].RuleAction 'permit' is not one of allow, deny");
  });

  it('a bad protocol and a bad IP address', () => {
    expect(errorOf([{ file: 'g.json', json: { SecurityGroups: [{ GroupId: 'sg-0abc', GroupName: 'x', VpcId: 'vpc-0abc', IpPermissions: [{ IpProtocol: 'tcpp', FromPort: 1, ToPort: 2 }] }] } }]).message)
      .toBe("g.json: SecurityGroup 'sg-0abc': IpPermissions[0].IpProtocol 'tcpp' is not a protocol (-1, 0-255, tcp, udp, icmp, icmpv6)");
    expect(errorOf([{ file: 'c.json', json: { CustomerGateways: [{ CustomerGatewayId: 'cgw-0abc', BgpAsn: '65000', IpAddress: '198.51.100.300' }] } }]).message)
      .toMatch(/^c\.json: CustomerGateway 'cgw-0abc': IpAddress '198\.51\.100\.300' is not an IP address/);
  });

  it('an endpoint policy that is not JSON', () => {
    const e = errorOf([{ file: 'e.json', json: { VpcEndpoints: [{ VpcEndpointId: 'vpce-0abc', VpcEndpointType: 'Gateway', VpcId: 'vpc-0abc', ServiceName: 'com.amazonaws.us-east-1.s3', PolicyDocument: '{"Statement": [' }] } }]);
    expect(e.message).toMatch(/^e\.json: VpcEndpoint 'vpce-0abc': PolicyDocument is not valid JSON/);
  });

  it('a document with none of the describe-* keys, or not an object', () => {
    for (const json of [{ Foo: [] }, [], 'Vpcs', null, { TransitGatewayRouteTableId: 'tgw-rtb-0abc' }]) {
      expect(errorOf([{ file: 'x.json', json }]).message).toMatch(/^x\.json: is neither a CloudFormation template nor a describe-\* snapshot/);
    }
  });

  it('Routes without its transit gateway route table id', () => {
    const e = errorOf([{ file: 'routes.json', json: { Routes: [{ DestinationCidrBlock: '10.0.0.0/16', Type: 'static', State: 'blackhole' }] } }]);
    expect(e.message).toMatch(/^routes\.json: Routes needs TransitGatewayRouteTableId beside it/);
  });

  it('C-5: Availability Zones of two Regions are an error unless --region is given', () => {
    const docs = [{ file: 's.json', json: { Subnets: [subnet({}), subnet({ SubnetId: 'subnet-0def', AvailabilityZone: 'eu-west-1b' })] } }];
    expect(errorOf(docs).message).toMatch(/two Regions.*us-east-1.*eu-west-1/);
    expect(importSnapshot(docs, { region: 'us-east-1' }).region).toBe('us-east-1');
  });

  it('a malformed Availability Zone', () => {
    expect(errorOf([{ file: 's.json', json: { Subnets: [subnet({ AvailabilityZone: 'mars' })] } }]).message)
      .toBe("s.json: Subnet 'subnet-0abc': AvailabilityZone 'mars' is not an Availability Zone name");
  });

  it('C-5: Local Zone names give their parent Region', () => {
    expect(importSnapshot([{ file: 's.json', json: { Subnets: [subnet({ AvailabilityZone: 'us-west-2-lax-1a' })] } }]).region).toBe('us-west-2');
  });
});

describe('snapshot warnings', () => {
  it('one warning per unknown top-level key; not fatal', () => {
    const w: string[] = [];
    const t = importSnapshot([{ file: 'x.json', json: { Vpcs: [], Foo: 1, Bar: [] } }], { warn: (m) => w.push(m) });
    expect(w).toEqual([
      "x.json: top-level key 'Foo' is not a describe-* output vpcsim reads; ignored",
      "x.json: top-level key 'Bar' is not a describe-* output vpcsim reads; ignored",
    ]);
    expect(t.warnings).toEqual(w);
  });

  it('a paginated output (NextToken) warns that resources may be missing', () => {
    const w: string[] = [];
    importSnapshot([{ file: 'x.json', json: { Vpcs: [], NextToken: 'eyJ2' } }], { warn: (m) => w.push(m) });
    expect(w).toHaveLength(1);
    expect(w[0]).toMatch(/^x\.json: NextToken: .*missing/);
  });

  it('the same resource in two files: the first is kept, with a warning', () => {
    const w: string[] = [];
    const t = importSnapshot([
      { file: 'a.json', json: { Vpcs: [{ VpcId: 'vpc-0abc', CidrBlock: '10.0.0.0/16' }] } },
      { file: 'b.json', json: { Vpcs: [{ VpcId: 'vpc-0abc', CidrBlock: '10.9.0.0/16' }] } },
    ], { warn: (m) => w.push(m) });
    expect(t.vpcs).toHaveLength(1);
    expect(t.vpcs[0]!.cidrBlocks[0]!.text).toBe('10.0.0.0/16');
    expect(w).toEqual(["b.json: Vpc 'vpc-0abc' also appears in a.json; the first one is kept"]);
  });

  it('VPCE-2: a gateway endpoint whose prefix list is missing gets the built-in AWS-managed list, with a warning', () => {
    const w: string[] = [];
    const t = importSnapshot([loadFile('account/describe-vpc-endpoints.json')], { warn: (m) => w.push(m) });
    expect(t.prefixLists.map((p) => p.id)).toEqual(['pl-63a5400a']);
    expect(t.prefixLists[0]!.entries.length).toBeGreaterThan(0);
    expect(w.some((m) => m.includes('com.amazonaws.us-east-1.s3 is not in the snapshot'))).toBe(true);
  });
});

describe('snapshot: __proto__ and friends', () => {
  it('never reach a prototype', () => {
    const text = `{
      "__proto__": {"polluted": "yes"},
      "constructor": {"prototype": {"polluted": "yes"}},
      "Vpcs": [{"VpcId": "__proto__", "CidrBlock": "10.0.0.0/16", "__proto__": {"polluted": "yes"},
                "Tags": [{"Key": "__proto__", "Value": "x"}, {"Key": "Name", "Value": "proto-vpc"}]}],
      "Subnets": [{"SubnetId": "constructor", "VpcId": "__proto__", "AvailabilityZone": "us-east-1a", "CidrBlock": "10.0.0.0/24"}]
    }`;
    const w: string[] = [];
    const t = importSnapshot([{ file: 'p.json', json: JSON.parse(text) }], { warn: (m) => w.push(m) });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(t.vpcs.map((v) => [v.id, v.name])).toEqual([['__proto__', 'proto-vpc']]);
    expect(t.subnets.map((s) => [s.id, s.vpcId])).toEqual([['constructor', '__proto__']]);
    expect(w).toEqual([
      "p.json: top-level key '__proto__' is not a describe-* output vpcsim reads; ignored",
      "p.json: top-level key 'constructor' is not a describe-* output vpcsim reads; ignored",
    ]);
  });

  it('a document whose only key is __proto__ is not a snapshot', () => {
    expect(errorOf([{ file: 'p.json', json: JSON.parse('{"__proto__": {"Vpcs": []}}') }]).message).toMatch(/is neither/);
  });
});

describe('snapshot: the imported account passes validation', () => {
  it('directory and merged object', () => {
    expect(() => validateTopology(importSnapshot(loadDir('account')))).not.toThrow();
    expect(() => validateTopology(importSnapshot([loadFile('account-merged.json')]))).not.toThrow();
  });
});
