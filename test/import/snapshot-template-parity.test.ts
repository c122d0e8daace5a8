// The describe-* snapshot importer refuses what the template importer refuses (AWS refuses it too, so no
// describe output can hold it): NACL rule numbers outside 1-32766 other than the `*` rule (NACL-4), both or
// the wrong family of CIDR (NACL entries, security group ranges, route destinations), ICMP NACL entries
// without a type and code and TCP/UDP security group rules without ports (NACL-7, SG-2), routes with two
// destinations or two targets (an instance route's InstanceId + NetworkInterfaceId is one target, RT-9).
// Each is one line naming the file, the resource, the entry and the value; the CLI exits 2.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importSnapshot } from '../../src/import/snapshot/index.js';
import { InputError } from '../../src/model/errors.js';
import { runCli } from '../helpers/cli.js';

function errorOf(json: Record<string, unknown>): string {
  try {
    importSnapshot([{ file: 'snap.json', json }]);
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    const message = (err as InputError).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error('expected an InputError');
}

const VPC = { VpcId: 'vpc-0abc', CidrBlock: '10.0.0.0/16', OwnerId: '111122223333' };
const acl = (...entries: Record<string, unknown>[]) => ({ Vpcs: [VPC], NetworkAcls: [{ NetworkAclId: 'acl-0abc', VpcId: 'vpc-0abc', Entries: entries }] });
const entry = (extra: Record<string, unknown>) => ({ RuleNumber: 100, Egress: false, Protocol: '6', RuleAction: 'allow', CidrBlock: '10.0.0.0/8', PortRange: { From: 22, To: 22 }, ...extra });
const sg = (permission: Record<string, unknown>) => ({ Vpcs: [VPC], SecurityGroups: [{ GroupId: 'sg-0abc', GroupName: 'x', VpcId: 'vpc-0abc', IpPermissions: [permission] }] });
const rt = (route: Record<string, unknown>) => ({ Vpcs: [VPC], RouteTables: [{ RouteTableId: 'rtb-0abc', VpcId: 'vpc-0abc', Routes: [route] }] });

describe('network ACL entries (NACL-4, NACL-7)', () => {
  it('a rule number outside 1-32766 is refused, naming the entry and the number', () => {
    expect(errorOf(acl(entry({ RuleNumber: 40000 })))).toBe("snap.json: NetworkAcl 'acl-0abc': Entries[0].RuleNumber 40000 is not 1-32766 (NACL-4; 32767 and 32768 are the * rule)");
    expect(errorOf(acl(entry({ RuleNumber: 0 })))).toMatch(/Entries\[0\]\.RuleNumber 0 is not 1-32766/);
    // 32767 that is not the `*` rule (deny, all protocols, every address) is not the `*` rule.
    expect(errorOf(acl(entry({ RuleNumber: 32767 })))).toMatch(/Entries\[0\]\.RuleNumber 32767 is not 1-32766/);
    expect(errorOf(acl(entry({ RuleNumber: 32768, Protocol: '-1', RuleAction: 'deny', CidrBlock: '0.0.0.0/0', PortRange: undefined })))).toMatch(/RuleNumber 32768 is not 1-32766/);
  });

  // AWS's describe-network-acls example lists the IPv6 `*` rule as 32768 (Ipv6CidrBlock ::/0, deny, -1).
  it('the * rule (32767 deny all to 0.0.0.0/0, 32768 to ::/0) is implied, not imported', () => {
    const star = { Protocol: '-1', RuleAction: 'deny', PortRange: undefined };
    const v6 = { ...star, CidrBlock: undefined, Ipv6CidrBlock: '::/0' };
    const t = importSnapshot([{ file: 'snap.json', json: acl(entry({}), entry({ ...star, RuleNumber: 32767, CidrBlock: '0.0.0.0/0' }), entry({ ...v6, RuleNumber: 32768 }), entry({ ...v6, RuleNumber: 32767, Egress: true })) }]);
    expect(t.networkAcls[0]!.entries.map((e) => e.ruleNumber)).toEqual([100]);
    expect(errorOf(acl(entry({ ...v6, RuleNumber: 32768, RuleAction: 'allow' })))).toMatch(/RuleNumber 32768 is not 1-32766/);
  });

  it('exactly one of CidrBlock and Ipv6CidrBlock, each of its own family', () => {
    expect(errorOf(acl(entry({ Ipv6CidrBlock: '::/0' })))).toMatch(/^snap\.json: NetworkAcl 'acl-0abc': Entries\[0\]\.CidrBlock .*exactly one of CidrBlock and Ipv6CidrBlock/);
    expect(errorOf(acl(entry({ CidrBlock: '::/0' })))).toMatch(/Entries\[0\]\.CidrBlock '::\/0' is the wrong address family/);
    expect(errorOf(acl(entry({ CidrBlock: undefined, Ipv6CidrBlock: '10.0.0.0/8' })))).toMatch(/Entries\[0\]\.Ipv6CidrBlock '10\.0\.0\.0\/8' is the wrong address family/);
  });

  it('an ICMP entry needs IcmpTypeCode, as CreateNetworkAclEntry requires', () => {
    expect(errorOf(acl(entry({ Protocol: '1', PortRange: undefined })))).toMatch(/Entries\[0\]\.IcmpTypeCode is required for protocol 1/);
    expect(errorOf(acl(entry({ Protocol: '58', PortRange: undefined, CidrBlock: undefined, Ipv6CidrBlock: '::/0' })))).toMatch(/Entries\[0\]\.IcmpTypeCode is required for protocol 58/);
    // "Required if specifying protocol 1 (ICMP) or protocol 58 (ICMPv6) with an IPv6 CIDR block": not 58 with IPv4.
    expect(importSnapshot([{ file: 'snap.json', json: acl(entry({ Protocol: '58', PortRange: undefined })) }]).networkAcls[0]!.entries).toHaveLength(1);
    expect(importSnapshot([{ file: 'snap.json', json: acl(entry({ Protocol: '1', PortRange: undefined, IcmpTypeCode: { Type: -1, Code: -1 } })) }]).networkAcls[0]!.entries).toHaveLength(1);
  });
});

describe('security group rules (SG-2)', () => {
  const perm = (extra: Record<string, unknown>) => ({ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '10.0.0.0/8' }], ...extra });
  it('an IPv4 range must be IPv4 and an IPv6 range IPv6', () => {
    expect(errorOf(sg(perm({ IpRanges: [{ CidrIp: '::/0' }] })))).toBe("snap.json: SecurityGroup 'sg-0abc': IpPermissions[0].IpRanges[0].CidrIp '::/0' is the wrong address family (IPv4 expected)");
    expect(errorOf(sg(perm({ IpRanges: [], Ipv6Ranges: [{ CidrIpv6: '10.0.0.0/8' }] })))).toMatch(/IpPermissions\[0\]\.Ipv6Ranges\[0\]\.CidrIpv6 '10\.0\.0\.0\/8' is the wrong address family \(IPv6 expected\)/);
  });

  it('TCP and UDP rules need FromPort and ToPort', () => {
    expect(errorOf(sg(perm({ FromPort: undefined, ToPort: undefined })))).toMatch(/IpPermissions\[0\]\.FromPort is required for protocol 6/);
    expect(errorOf(sg(perm({ IpProtocol: 'udp', ToPort: undefined })))).toMatch(/IpPermissions\[0\]\.ToPort is required for protocol 17/);
    // ICMP without type/code is any (-1), as in templates; -1 carries no ports.
    expect(importSnapshot([{ file: 'snap.json', json: sg(perm({ IpProtocol: 'icmp', FromPort: undefined, ToPort: undefined })) }]).securityGroups[0]!.ingress).toHaveLength(1);
    expect(importSnapshot([{ file: 'snap.json', json: sg(perm({ IpProtocol: '-1', FromPort: undefined, ToPort: undefined })) }]).securityGroups[0]!.ingress).toHaveLength(1);
  });
});

describe('routes (RT-9)', () => {
  it('a destination of the wrong family, or two destinations', () => {
    expect(errorOf(rt({ DestinationCidrBlock: '::/0', GatewayId: 'igw-0abc' }))).toMatch(/^snap\.json: RouteTable 'rtb-0abc': Routes\[0\]\.DestinationCidrBlock '::\/0' is the wrong address family/);
    expect(errorOf(rt({ DestinationIpv6CidrBlock: '10.0.0.0/8', GatewayId: 'igw-0abc' }))).toMatch(/Routes\[0\]\.DestinationIpv6CidrBlock '10\.0\.0\.0\/8' is the wrong address family/);
    expect(errorOf(rt({ DestinationCidrBlock: '0.0.0.0/0', DestinationIpv6CidrBlock: '::/0', GatewayId: 'igw-0abc' }))).toMatch(/Routes\[0\]\..*only one destination allowed, got DestinationCidrBlock, DestinationIpv6CidrBlock/);
  });

  it('two targets are refused; an instance route (InstanceId + NetworkInterfaceId) is one target, the ENI', () => {
    expect(errorOf(rt({ DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-0abc', NatGatewayId: 'nat-0abc' }))).toMatch(/Routes\[0\]\..*only one target allowed, got NatGatewayId, GatewayId/);
    const t = importSnapshot([{ file: 'snap.json', json: rt({ DestinationCidrBlock: '0.0.0.0/0', InstanceId: 'i-0abc', InstanceOwnerId: '111122223333', NetworkInterfaceId: 'eni-0abc' }) }]);
    expect(t.routeTables[0]!.routes[0]!.target).toEqual({ kind: 'network-interface', id: 'eni-0abc' });
  });
});

describe('the CLI: exit 2, one line naming the file, the entry and the value', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vpcsim-snap-parity-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  it('a snapshot NACL entry numbered 40000', async () => {
    const doc = JSON.parse(readFileSync('test/fixtures/snapshot/account-merged.json', 'utf8'));
    const custom = doc.NetworkAcls.find((a: { IsDefault: boolean }) => !a.IsDefault);
    custom.Entries.push({ RuleNumber: 40000, Egress: false, Protocol: '6', RuleAction: 'allow', CidrBlock: '10.0.0.0/8', PortRange: { From: 22, To: 22 } });
    const file = join(dir, 'acl.json');
    writeFileSync(file, JSON.stringify(doc));
    const run = await runCli('validate', file);
    expect(run.code).toBe(2);
    const errors = run.stderr.split('\n').filter((l) => l.startsWith('error'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(`${file}: NetworkAcl '${custom.NetworkAclId}': Entries[${custom.Entries.length - 1}].RuleNumber 40000 is not 1-32766`);
  });
});
