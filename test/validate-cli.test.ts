// `vpcsim validate`: every kind of bad input ends with exit 2 and exactly one `error:` line on
// stderr that names the file and the bad value, never a stack trace and never a hang.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './helpers/cli.js';

const BAD = 'test/fixtures/bad';
const LAB = 'test/fixtures/validate/lab.yaml';
let tmp: string;

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'vpcsim-validate-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Runs `validate` and checks the bad-input contract; returns the one stderr line. */
async function badInput(...args: string[]): Promise<string> {
  const r = await runCli('validate', ...args);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^error: /);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  return lines[0]!;
}

describe('vpcsim validate: valid inputs', () => {
  it('prints a one-line summary, warnings on stderr, exit 0', async () => {
    const r = await runCli('validate', LAB);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`ok: ${LAB}: 1 VPC, 1 subnet, 2 route tables, 1 network ACL, 1 security group, 1 internet gateway (1 warning)\n`);
    expect(r.stderr).toBe(`warning: ${LAB}: skipping AWS::S3::Bucket 'Logs' (not modelled)\n`);
  });

  it('--quiet suppresses warnings but still counts them', async () => {
    const r = await runCli('validate', LAB, '--quiet');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/\(1 warning\)\n$/);
  });

  it('--json prints the summary as JSON', async () => {
    const r = await runCli('validate', LAB, '--json', '--quiet');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ ok: true, file: LAB, region: 'us-east-1', counts: { vpcs: 1, subnets: 1, internetGateways: 1, natGateways: 0 } });
    expect(out.warnings).toEqual([`${LAB}: skipping AWS::S3::Bucket 'Logs' (not modelled)`]);
  });

  it('--param overrides a template parameter (and a bad value is caught by validation)', async () => {
    const line = await badInput(LAB, '--param', 'VpcCidr=10.0.0.0/8', '--quiet');
    expect(line).toBe(`error: ${LAB}: VPC 'Vpc': CidrBlock 10.0.0.0/8 is not /16 to /28 (ADDR-1) (InvalidVpc.Range)`);
  });

  it('a snapshot directory and the same snapshot merged in one file give the same counts', async () => {
    const dir = await runCli('validate', 'test/fixtures/snapshot/account', '--json', '--quiet');
    const merged = await runCli('validate', 'test/fixtures/snapshot/account-merged.json', '--json', '--quiet');
    expect(dir.code).toBe(0);
    expect(merged.code).toBe(0);
    expect(JSON.parse(dir.stdout).counts).toEqual(JSON.parse(merged.stdout).counts);
    expect(JSON.parse(dir.stdout).counts.vpcs).toBeGreaterThan(0);
  });

  it('`constructor` as a logical id is stored safely (alphanumeric, so accepted)', async () => {
    const r = await runCli('validate', `${BAD}/constructor-logical-id.json`);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ok: .*: 1 VPC, /);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('`__proto__` keys in a snapshot never reach a prototype', async () => {
    const r = await runCli('validate', `${BAD}/proto-snapshot.json`);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("top-level key '__proto__'");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });
});

describe('vpcsim validate: bad files', () => {
  it('a missing file', async () => {
    expect(await badInput(`${tmp}/nope.yaml`)).toBe(`error: ${tmp}/nope.yaml: cannot read file (ENOENT)`);
  });

  it('an empty file', async () => {
    expect(await badInput(`${BAD}/empty.yaml`)).toBe(`error: ${BAD}/empty.yaml: file is empty`);
  });

  it('binary bytes (NUL)', async () => {
    const f = join(tmp, 'image.yaml');
    writeFileSync(f, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]));
    expect(await badInput(f)).toBe(`error: ${f}: not a text file (NUL byte at offset 8)`);
  });

  it('random bytes (invalid UTF-8)', async () => {
    const f = join(tmp, 'random.json');
    let x = 12345;
    const bytes = Buffer.alloc(2048, 0).map(() => {
      x = (x * 1103515245 + 12345) % 2147483648;
      return 1 + (x % 255);
    });
    writeFileSync(f, bytes);
    expect(await badInput(f)).toMatch(new RegExp(`^error: ${f}: not a text file \\(invalid UTF-8 at offset \\d+\\)$`));
  });

  it('a file over the default 50 MB limit', async () => {
    const f = join(tmp, 'huge.json');
    writeFileSync(f, '');
    truncateSync(f, 60 * 1024 * 1024);
    expect(await badInput(f)).toBe(`error: ${f}: file is 60 MB, over the 50 MB limit (--max-size)`);
  });

  it('a file over a --max-size limit', async () => {
    const size = statSync(LAB).size; // 0.0005 MB = 524 bytes
    expect(size).toBeGreaterThan(524);
    expect(await badInput(LAB, '--max-size', '0.0005')).toBe(`error: ${LAB}: file is ${size} bytes, over the 524 bytes limit (--max-size)`);
  });

  it('a device: /dev/zero is refused, not read forever', async () => {
    expect(await badInput('/dev/zero')).toBe('error: /dev/zero: not a regular file');
  });

  it('a FIFO is refused, not waited on', async () => {
    const fifo = join(tmp, 'pipe.yaml');
    execFileSync('mkfifo', [fifo]);
    expect(await badInput(fifo)).toBe(`error: ${fifo}: not a regular file`);
  });

  it('a directory without *.json files', async () => {
    const d = join(tmp, 'empty-dir');
    mkdirSync(d);
    expect(await badInput(d)).toBe(`error: ${d}: directory has no *.json files (expected describe-* snapshot outputs)`);
  });
});

describe('vpcsim validate: bad syntax', () => {
  it('broken JSON: line and column', async () => {
    expect(await badInput(`${BAD}/broken.json`)).toBe(`error: ${BAD}/broken.json:6:51: expected a property name in double quotes, found '}'`);
  });

  it('broken JSON inside a snapshot directory names that file, line and column', async () => {
    expect(await badInput(`${BAD}/snapshot-broken`)).toBe(`error: ${BAD}/snapshot-broken/describe-vpcs.json:3:40: expected ',' or '}', found '"'`);
  });

  it('broken YAML: line and column', async () => {
    expect(await badInput(`${BAD}/broken.yaml`)).toMatch(new RegExp(`^error: ${BAD}/broken\\.yaml:\\d+:\\d+: .*quote`));
  });

  it('a YAML alias bomb stops at the alias limit', async () => {
    expect(await badInput(`${BAD}/alias-bomb.yaml`)).toMatch(new RegExp(`^error: ${BAD}/alias-bomb\\.yaml:\\d+:\\d+: more than \\d+ YAML alias expansions`));
  });

  it('deeply nested JSON is refused, not a stack overflow', async () => {
    const f = join(tmp, 'deep.json');
    const depth = 100_000;
    const prefix = '{"Resources": {"Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": '; // 4 levels open
    writeFileSync(f, `${prefix}${'['.repeat(depth)}${']'.repeat(depth)}}}}}`);
    // Level 201 is opened by bracket number 197, at column prefix.length + 197.
    expect(await badInput(f)).toBe(`error: ${f}:1:${prefix.length + 197}: nesting deeper than 200 levels`);
  });

  it('JSON that is neither a template nor a snapshot', async () => {
    expect(await badInput(`${BAD}/neither.json`)).toBe(
      `error: ${BAD}/neither.json: is neither a CloudFormation template nor a describe-* snapshot (no Resources, AWSTemplateFormatVersion, or key such as Vpcs, Subnets or RouteTables)`,
    );
    expect(await badInput(`${BAD}/neither-array.json`)).toMatch(/neither-array\.json: is neither a CloudFormation template nor a describe-\* snapshot/);
  });

  it('a logical id that is not alphanumeric', async () => {
    expect(await badInput(`${BAD}/bad-logical-id.yaml`)).toMatch(new RegExp(`^error: ${BAD}/bad-logical-id\\.yaml: .*My-Vpc.*alphanumeric`));
  });

  it('`__proto__` as a logical id', async () => {
    expect(await badInput(`${BAD}/proto-logical-id.yaml`)).toMatch(new RegExp(`^error: ${BAD}/proto-logical-id\\.yaml: .*__proto__`));
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('`__proto__` keys in a template never reach a prototype', async () => {
    expect(await badInput(`${BAD}/proto-keys.json`)).toMatch(new RegExp(`^error: ${BAD}/proto-keys\\.json: .*__proto__`));
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('GW-1: one internet gateway attached to two VPCs (refused by the importer)', async () => {
    expect(await badInput(`${BAD}/gw1-igw-two-vpcs.yaml`)).toMatch(new RegExp(`^error: ${BAD}/gw1-igw-two-vpcs\\.yaml: VPCGatewayAttachment 'AttachB': InternetGatewayId: .*already attached`));
  });

  it('Fn::ImportValue names the resource and property', async () => {
    expect(await badInput(`${BAD}/import-value.yaml`)).toMatch(new RegExp(`^error: ${BAD}/import-value\\.yaml: VPC 'Vpc': .*CidrBlock.*ImportValue "?SharedVpcCidr`));
  });
});

describe('vpcsim validate: invalid models (file, resource, field, value, EC2 code)', () => {
  const cases: [string, string][] = [
    ['subnet-outside.yaml', "Subnet 'AppSubnet': CidrBlock 10.9.1.0/24 is outside VPC 'Vpc' (10.0.0.0/16) (InvalidSubnet.Range)"],
    ['peering-overlap.yaml', "VPCPeeringConnection 'Peering': VPC 'VpcA' (10.0.0.0/16) and VPC 'VpcB' (10.0.128.0/20) have overlapping CIDR blocks (PCX-1) (PeeringCidrOverlap)"],
    ['nacl-duplicate.yaml', "NetworkAclEntry 'AllowSsh': ingress RuleNumber 100 is already used by NetworkAclEntry 'AllowHttp' (NACL-4) (NetworkAclEntryAlreadyExists)"],
    ['eni-reserved.yaml', "NetworkInterface 'RouterEni': PrivateIpAddress 10.0.1.1 is reserved in Subnet 'Subnet' (10.0.1.0/24): the VPC router (ADDR-7) (AddressReserved)"],
    ['gw1-two-igws.yaml', "InternetGateway 'Igw2': VpcId: VPC 'VpcA' already has InternetGateway 'Igw1' attached; a VPC has one internet gateway (GW-1) (Resource.AlreadyAssociated)"],
    [
      'sg-cross-region.yaml',
      "SecurityGroup 'AppSg': SecurityGroupIngress[0]: SourceSecurityGroupId SecurityGroup 'VpcB.DefaultSecurityGroup' is in VPC 'VpcB', peered with VPC 'VpcA' across Regions only; security groups can be referenced across a same-Region peering only (SG-5) (InvalidGroup.NotFound)",
    ],
    ['gateway-endpoint-sqs.yaml', "VPCEndpoint 'SqsEndpoint': ServiceName com.amazonaws.us-east-1.sqs: gateway endpoints exist only for Amazon S3 and DynamoDB (VPCE-1) (InvalidServiceName)"],
  ];
  for (const [file, message] of cases) {
    it(file, async () => {
      expect(await badInput(`${BAD}/${file}`)).toBe(`error: ${BAD}/${file}: ${message}`);
    });
  }
});

describe('vpcsim validate: bad flags', () => {
  it('--param without =', async () => {
    expect(await badInput(LAB, '--param', 'VpcCidr')).toBe('error: --param "VpcCidr": expected Key=Value');
  });

  it('--param __proto__=x is refused as a parameter name', async () => {
    expect(await badInput(LAB, '--param', '__proto__=x')).toBe('error: --param "__proto__=x": parameter names are alphanumeric');
  });

  it('--max-size that is not a positive number', async () => {
    expect(await badInput(LAB, '--max-size', 'lots')).toBe('error: --max-size "lots": expected a positive number of megabytes');
  });

  it('--region that is not a Region name', async () => {
    expect(await badInput(LAB, '--region', 'mars')).toBe('error: --region "mars" is not a Region name such as us-east-1');
  });

  it('--debug may add the stack trace', async () => {
    const r = await runCli('--debug', 'validate', `${BAD}/subnet-outside.yaml`);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toMatch(/^error: .*InvalidSubnet\.Range/);
    expect(r.stderr).toMatch(/\n\s+at /);
  });
});

describe('vpcsim validate: the same rules whichever importer made the model (issue 4 §5)', () => {
  it('ADDR-15: a snapshot whose Elastic IP is in RFC 6598 space is refused', async () => {
    const f = join(tmp, 'private-eip.json');
    const snapshot = readFileSync('test/fixtures/snapshot/account-merged.json', 'utf8');
    expect(snapshot).toContain('"PublicIp": "54.210.10.20"');
    writeFileSync(f, snapshot.replaceAll('54.210.10.20', '100.64.7.7'));
    expect(await badInput(f, '--quiet')).toBe(
      `error: ${f}: NetworkInterface 'eni-0aa00000000000001': PublicIp 100.64.7.7 is in 100.64.0.0/10 (shared address space, RFC 6598); Elastic IPs and public IPs are public addresses (ADDR-15) (InvalidParameterValue)`,
    );
  });

  it('HYB-4: a template with an IPv6 VPNConnectionRoute on a virtual private gateway is refused', async () => {
    const f = join(tmp, 'vpn-ipv6.yaml');
    const route = '  OfficeV6Route:\n    Type: AWS::EC2::VPNConnectionRoute\n    Properties: { VpnConnectionId: !Ref Vpn, DestinationCidrBlock: 2001:db8:1234::/48 }\n';
    writeFileSync(f, `${readFileSync('examples/vpn.yaml', 'utf8')}${route}`);
    expect(await badInput(f, '--quiet')).toBe(
      `error: ${f}: VPNConnection 'Vpn': static route 2001:db8:1234::/48 is IPv6; a VPN connection on a virtual private gateway carries IPv4 only (HYB-4) (InvalidParameterValue)`,
    );
  });
});
