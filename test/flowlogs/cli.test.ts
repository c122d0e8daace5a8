// `vpcsim flowlogs` end to end: files as AWS delivers them (plain, .gz, directories walked in name
// order), exit codes, --json, --explain, --strict, --map, and flags checked before any input is read.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { EXAMPLES } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'vpcsim-flowlogs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HEADER = 'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status';
const PING_IN = '2 123456789010 eni-1235b8ca123456789 203.0.113.12 172.31.16.139 0 0 1 4 336 1432917027 1432917142 ACCEPT OK';
const PING_OUT = '2 123456789010 eni-1235b8ca123456789 172.31.16.139 203.0.113.12 0 0 1 4 336 1432917094 1432917142 REJECT OK';
const RDP = '2 123456789010 eni-2235b8ca123456789 172.31.9.69 172.31.9.12 49761 3389 6 20 4249 1418530010 1418530070 REJECT OK';

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
  return path;
}

describe('vpcsim flowlogs', () => {
  it('exit 0 when every known record agrees; the summary counts and REJECTs by component and rule', async () => {
    const log = file('agree.log', [HEADER, PING_IN, PING_OUT, RDP, ''].join('\n'));
    const r = await runCli('flowlogs', EXAMPLES, log);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^3 records: 3 agree, 0 mismatch, 0 unknown, 0 skipped \(NODATA\/SKIPDATA\), 0 malformed$/m);
    expect(r.stdout).toMatch(/^ {2}WebNacl rule \*: 1 record {2}\(network ACL acl-[0-9a-f]+, outbound, SUBNET_ACL_RESTRICTION\)$/m);
    expect(r.stdout).toMatch(/^ {2}AppSg: 1 record {2}\(security group sg-[0-9a-f]+, inbound, ENI_SG_RULES_MISMATCH\)$/m);
  });

  it('a run that checked no record says so, not that every record agrees (an empty directory, only malformed lines)', async () => {
    mkdirSync(join(dir, 'empty'), { recursive: true });
    const bad = file('bad.log', 'garbage line\nmore garbage\n');
    for (const input of [join(dir, 'empty'), bad]) {
      const r = await runCli('flowlogs', EXAMPLES, input);
      expect(r.code, input).toBe(0);
      expect(r.stdout, input).toMatch(/^no record could be checked against the configuration$/m);
      expect(r.stdout, input).not.toContain('every known record agrees');
    }
  });

  it('exit 1 with the mismatch: file, physical line (header = line 1), record, logged and simulated, why', async () => {
    const log = file('flip.log', [HEADER, PING_IN, PING_OUT.replace('REJECT', 'ACCEPT')].join('\n'));
    const r = await runCli('flowlogs', EXAMPLES, log);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${log}:3  logged ACCEPT, simulated REJECT`);
    expect(r.stdout).toMatch(/blocked by network ACL WebNacl .* \[SUBNET_ACL_RESTRICTION\]/);
    expect(r.stdout).toMatch(/^1 record disagrees with the configuration$/m);
  });

  it('--json prints exactly { records, agree, unknown, skipped, malformed, rejectsByComponent, mismatches }', async () => {
    const log = file('json.log', [PING_IN, PING_OUT.replace('REJECT', 'ACCEPT'), 'not a record'].join('\n'));
    const r = await runCli('flowlogs', EXAMPLES, log, '--json');
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(['records', 'agree', 'unknown', 'skipped', 'malformed', 'rejectsByComponent', 'mismatches']);
    expect(out).toMatchObject({ records: 3, agree: 1, unknown: 0, skipped: 0, malformed: 1 });
    expect(out.mismatches).toEqual([{ file: log, line: 2, record: PING_OUT.replace('REJECT', 'ACCEPT'), logged: 'ACCEPT', simulated: 'REJECT', explanation: expect.stringMatching(/WebNacl/), code: 'SUBNET_ACL_RESTRICTION' }]);
    expect(out.rejectsByComponent).toEqual([expect.objectContaining({ component: 'WebNacl', rule: '*', records: 1 })]);
  });

  it('reads .gz files and directories recursively in name order', async () => {
    file('tree/b/2.log.gz', gzipSync([HEADER, PING_OUT.replace('REJECT', 'ACCEPT')].join('\n') + '\n'));
    file('tree/a.log', PING_IN + '\n');
    const r = await runCli('flowlogs', EXAMPLES, join(dir, 'tree'), '--json');
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ records: 2, agree: 1 });
    expect(out.mismatches.map((m: { file: string; line: number }) => [m.file, m.line])).toEqual([[join(dir, 'tree/b/2.log.gz'), 2]]);
  });

  it('malformed lines are counted with file and line; --strict makes the first one exit 2', async () => {
    const log = file('bad.log', [PING_IN, '2 123456789010 eni-1 1.2.3.4 x 1 2 6 1 1 1 1 ACCEPT OK', PING_OUT].join('\n'));
    const r = await runCli('flowlogs', EXAMPLES, log);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${log}:2: dstaddr x: not an IP address`);
    const strict = await runCli('flowlogs', EXAMPLES, log, '--strict');
    expect(strict.code).toBe(2);
    expect(strict.stderr).toMatch(/line 2: malformed flow log record: dstaddr x: not an IP address/);
    expect(strict.stderr).not.toMatch(/\n\s+at /);
  });

  it('--explain reject prints each rejected record with what decided it', async () => {
    const log = file('explain.log', [PING_IN, PING_OUT].join('\n'));
    const r = await runCli('flowlogs', EXAMPLES, log, '--explain', 'reject');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${log}:2  REJECT (agrees)`);
    expect(r.stdout).not.toContain(`${log}:1  `);
  });

  it('flags are checked before the input is read: --format, --explain, --map; a missing log is exit 2', async () => {
    const missing = join(dir, 'nope.yaml');
    const bad = [
      [['--format', '${version} ${srcaddr}'], /--format: the format has no interface-id field/],
      [['--explain', 'some'], /--explain "some": expected all, reject or mismatch/],
      [['--map', 'eni-1'], /--map "eni-1": expected <interface-id>=<LogicalId>/],
    ] as const;
    for (const [flags, why] of bad) {
      const r = await runCli('flowlogs', missing, 'x.log', ...flags);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(why);
    }
    const r = await runCli('flowlogs', EXAMPLES, join(dir, 'absent.log'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/absent\.log.*no such file or directory/);
  });

  it('--map pins an interface id to an instance; record text is escaped on the terminal', async () => {
    const ssh = '2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 REJECT OK';
    const log = file('map.log', ssh + '\n');
    const r = await runCli('flowlogs', EXAMPLES, log, '--map', 'eni-1235b8ca123456789=SshTarget');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/logged REJECT, simulated ACCEPT/);
    const esc = file('esc.log', '2 123456789010 eni-\x1b[31m 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 REJECT OK\n');
    const e = await runCli('flowlogs', EXAMPLES, esc, '--map', 'eni-\x1b[31m=SshTarget');
    expect(e.stdout).toContain('eni-\\x1b[31m');
    expect(e.stdout).not.toContain('\x1b');
  });
});
