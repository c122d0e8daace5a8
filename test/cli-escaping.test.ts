// Issue 11, terminal spoofing and huge echoes: text output and error lines escape the control and
// bidi characters that input (Name tags, ids, client and key names, file names) carries, and clip
// quoted values; --json stays exact. Escapes: `\x1b`, `\n`, `\u202e` (model/printable.ts).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { clip, printable, quote } from '../src/model/printable.js';
import { runCli } from './helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'vpcsim-escape-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** An ANSI sequence that erases the line and paints a green REACHABLE, a newline, a bidi override. */
const PAINT = '\u001b[2K\r\u001b[32mREACHABLE\u001b[0m\nREACHABLE\u202e';
const PAINT_ESCAPED = '\\x1b[2K\\r\\x1b[32mREACHABLE\\x1b[0m\\nREACHABLE\\u202e';
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

function write(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** The snapshot fixture with app-sg's Name tag replaced. */
function snapshotWithSgName(name: string): string {
  const doc = JSON.parse(readFileSync('test/fixtures/snapshot/account-merged.json', 'utf8'));
  const sg = doc.SecurityGroups.find((g: { GroupId: string }) => g.GroupId === 'sg-0a0000000000000e2');
  sg.Tags = [{ Key: 'Name', Value: name }];
  return JSON.stringify(doc);
}

describe('printable, clip, quote (model/printable.ts)', () => {
  it('escapes C0, DEL, C1 and the bidi overrides and isolates; leaves other text alone', () => {
    expect(printable('a\u0000b\u0007\t\n\r\u001b[31m\u007f\u0085\u009b')).toBe('a\\x00b\\x07\\t\\n\\r\\x1b[31m\\x7f\\x85\\x9b');
    for (const c of ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069']) {
      expect(printable(`x${c}y`)).toBe(`x\\u${c.charCodeAt(0).toString(16)}y`);
    }
    expect(printable('café 🚀 subnet-0abc (10.0.0.0/24) \\x1b')).toBe('café 🚀 subnet-0abc (10.0.0.0/24) \\x1b');
    // Escaping twice changes nothing more: an escape is printable text.
    expect(printable(printable(PAINT))).toBe(printable(PAINT));
  });

  it('clips long text with its length and never halves a surrogate pair', () => {
    expect(clip('x'.repeat(80))).toBe('x'.repeat(80));
    expect(clip('x'.repeat(20 * 1024 * 1024))).toBe(`${'x'.repeat(80)}... (20971520 chars)`);
    expect(clip(`${'x'.repeat(79)}🚀🚀`)).toBe(`${'x'.repeat(79)}... (83 chars)`);
  });

  it('quotes strings and other values as JSON, clipped', () => {
    expect(quote('10.0.0/24')).toBe('"10.0.0/24"');
    expect(quote({ a: 1 })).toBe('{"a":1}');
    expect(quote(Object.setPrototypeOf({ a: [1] }, null))).toBe('{"a":[1]}');
    expect(quote('y'.repeat(1000))).toBe(`"${'y'.repeat(80)}"... (1000 chars)`);
    expect(quote(Array.from({ length: 1000 }, (_, i) => i))).toMatch(/^\[0,1,2,.*\.\.\. \(\d+ chars\)$/);
  });
});

describe('trace: names from input cannot repaint the verdict', () => {
  it('an ANSI Name tag on the blocking security group: text escaped, NOT REACHABLE intact, --json exact', async () => {
    const file = write('sg-name.json', snapshotWithSgName(`app-sg${PAINT}`));
    const args = ['trace', file, '--from', 'i-0aaaaaaaaaaaaaaa1', '--to', 'i-0aaaaaaaaaaaaaaa2', '--port', '22', '--quiet'];
    const text = await runCli(...args);
    expect(text.code).toBe(1);
    expect(text.stdout).not.toMatch(RAW);
    expect(text.stdout).toContain(`security group app-sg${PAINT_ESCAPED} (sg-0a0000000000000e2)`);
    expect(text.stdout).toMatch(/^NOT REACHABLE: ENI_SG_RULES_MISMATCH$/m);
    expect(text.stdout).not.toMatch(/^REACHABLE/m);
    const json = await runCli(...args, '--json');
    expect(json.code).toBe(1);
    const hop = JSON.parse(json.stdout).forwardPath.find((h: { id: string }) => h.id === 'sg-0a0000000000000e2');
    expect(hop.name).toBe(`app-sg${PAINT}`);
  });

  it('--from / --to text echoed in the query line and in errors is escaped', async () => {
    const r = await runCli('trace', 'examples/two-tier.yaml', '--from', `Web${PAINT}`, '--to', 'AppServer', '--port', '22');
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')).toEqual([expect.stringMatching(/^error: /), '']);
    expect(r.stderr).not.toMatch(RAW);
    expect(r.stderr).toContain(PAINT_ESCAPED);
  });
});

describe('errors and validate: one escaped line whatever the file name, id or value holds', () => {
  it('a newline and an ANSI sequence in the file name: validate prints one escaped ok line', async () => {
    const file = write(`lab\n\u001b[31mx.yaml`, readFileSync('examples/two-tier.yaml', 'utf8'));
    const r = await runCli('validate', file);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')).toEqual([expect.stringMatching(/^ok: .*lab\\n\\x1b\[31mx\.yaml: 1 VPC/), '']);
  });

  it('a bad value with control characters in a file with a newline in its name: one escaped error line', async () => {
    const template = { Resources: { Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: `10.0.0.0/16${PAINT}` } } } };
    const file = write(`bad\nname\u202e.json`, JSON.stringify(template));
    const r = await runCli('validate', file);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')).toEqual([expect.stringMatching(/^error: .*bad\\nname\\u202e\.json: VPC 'Vpc': CidrBlock: /), '']);
    expect(r.stderr).not.toMatch(RAW);
  });

  it('a snapshot id with control characters is escaped in the error line', async () => {
    const doc = { Vpcs: [{ VpcId: `vpc-1${PAINT}`, CidrBlock: '10.0.0.0/33', State: 'available' }] };
    const r = await runCli('validate', write('bad-id.json', JSON.stringify(doc)));
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')).toHaveLength(2);
    expect(r.stderr).not.toMatch(RAW);
    expect(r.stderr).toContain(`vpc-1${PAINT_ESCAPED}`);
  });

  it('warnings are escaped too (an unmodelled type with an ANSI sequence)', async () => {
    const template = {
      Resources: {
        Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } },
        Odd: { Type: `AWS::Custom::X${PAINT}` },
      },
    };
    const r = await runCli('validate', write('warn.json', JSON.stringify(template)));
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^warning: /);
    expect(r.stderr).not.toMatch(RAW);
    expect(r.stderr).toContain(PAINT_ESCAPED);
  });

  it('commander usage errors quoting an argument are escaped', async () => {
    const r = await runCli('validate', 'examples/two-tier.yaml', `--bogus${PAINT}`);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')).toEqual([expect.stringMatching(/^error: unknown option/), '']);
    expect(r.stderr).not.toMatch(RAW);
  });
});

describe('apigw: client and API key names are escaped in the report, exact in --json', () => {
  it('a client name with an ANSI sequence and a newline', async () => {
    const traffic = readFileSync('examples/apigw/traffic.yaml', 'utf8').replace('name: mobile', `name: ${JSON.stringify(`mobile${PAINT}`)}`);
    const file = write('traffic.yaml', traffic);
    const text = await runCli('apigw', 'examples/apigw/template.yaml', '--traffic', file);
    expect(text.code).toBe(0);
    expect(text.stdout).not.toMatch(RAW);
    expect(text.stdout).toContain(`mobile${PAINT_ESCAPED}`);
    const json = await runCli('apigw', 'examples/apigw/template.yaml', '--traffic', file, '--json');
    expect(JSON.parse(json.stdout).clients[0].name).toBe(`mobile${PAINT}`);
  });

  it('an API key name in an error line', async () => {
    const traffic = readFileSync('examples/apigw/traffic.yaml', 'utf8').replace('apiKey: GoldKey', `apiKey: ${JSON.stringify(`Gold${PAINT}`)}`);
    const r = await runCli('apigw', 'examples/apigw/template.yaml', '--traffic', write('traffic-key.yaml', traffic));
    if (r.code === 2) {
      expect(r.stderr.split('\n')).toHaveLength(2);
    } else {
      expect(r.stdout).toContain(`Gold${PAINT_ESCAPED}`);
    }
    expect(r.stderr + r.stdout).not.toMatch(RAW);
  });
});

describe('huge values: messages quote at most 80 characters with the length', () => {
  it('a 4 MB CidrBlock is one short error line', async () => {
    const huge = '1'.repeat(4 * 1024 * 1024);
    const template = { Resources: { Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: huge } } } };
    const r = await runCli('validate', write('huge.json', JSON.stringify(template)), '--max-size', '100');
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')).toHaveLength(2);
    expect(r.stderr.length).toBeLessThan(400);
    expect(r.stderr).toMatch(/: 1{80}\.\.\. \(4194304 chars\)\n$/);
  });

  it('a 1 MB snapshot id is clipped where the message names the resource', async () => {
    const doc = { Vpcs: [{ VpcId: `vpc-${'a'.repeat(1024 * 1024)}`, CidrBlock: 'nope', State: 'available' }] };
    const r = await runCli('validate', write('huge-id.json', JSON.stringify(doc)));
    expect(r.code).toBe(2);
    expect(r.stderr.length).toBeLessThan(400);
    expect(r.stderr).toContain(`... (${1024 * 1024 + 4} chars)`);
  });

  it('a 1 MB parameter value in AllowedValues is clipped', async () => {
    const template = {
      Parameters: { Env: { Type: 'String', Default: 'dev', AllowedValues: ['prod', 'z'.repeat(1024 * 1024)] } },
      Resources: { Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } } },
    };
    const r = await runCli('validate', write('huge-allowed.json', JSON.stringify(template)));
    expect(r.code).toBe(2);
    expect(r.stderr.length).toBeLessThan(400);
    expect(r.stderr).toMatch(/Parameter 'Env': value "dev" is not in AllowedValues \[prod, z+\.\.\. \(\d+ chars\)\]/);
  });
});
