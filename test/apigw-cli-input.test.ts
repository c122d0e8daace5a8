// `vpcsim apigw` reads its two files like every other command (issue 4 §5): devices, binary data and
// files over --max-size are one line and exit 2, never a hang; --quiet, --region and --param behave
// as for validate/trace.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';

const EXAMPLE = 'examples/apigw/template.yaml';
const EXAMPLE_TRAFFIC = 'examples/apigw/traffic.yaml';

const dir = mkdtempSync(join(tmpdir(), 'vpcsim-apigw-input-'));
const write = (name: string, data: string | Uint8Array) => {
  const p = join(dir, name);
  writeFileSync(p, data);
  return p;
};

function expectOneLineError(r: { code: number; stdout: string; stderr: string }, pattern: RegExp): void {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
}

describe('vpcsim apigw: input files', () => {
  it('a device as the template or the traffic file is refused at once (/dev/zero never ends)', async () => {
    expectOneLineError(await runCli('apigw', '/dev/zero', '--traffic', EXAMPLE_TRAFFIC), /^error: \/dev\/zero: not a regular file\n$/);
    expectOneLineError(await runCli('apigw', EXAMPLE, '--traffic', '/dev/zero'), /^error: \/dev\/zero: not a regular file\n$/);
  });

  it('binary data is "not a text file", naming the file', async () => {
    const bin = write('random.bin', Uint8Array.from([0x52, 0x65, 0x00, 0xff, 0x13]));
    expectOneLineError(await runCli('apigw', bin, '--traffic', EXAMPLE_TRAFFIC), /random\.bin: not a text file \(NUL byte at offset 2\)/);
    expectOneLineError(await runCli('apigw', EXAMPLE, '--traffic', bin), /random\.bin: not a text file/);
  });

  it('--max-size applies to both files', async () => {
    expectOneLineError(await runCli('apigw', EXAMPLE, '--traffic', EXAMPLE_TRAFFIC, '--max-size', '0.001'), /template\.yaml: file is .* over the 1048 bytes limit \(--max-size\)/);
  });

  it('--quiet drops warnings, not the report', async () => {
    // APIGW-14: a stage or plan throttle above the account-level limit is warned about.
    const loud = await runCli('apigw', EXAMPLE, '--traffic', EXAMPLE_TRAFFIC, '--account-rate', '50', '--account-burst', '10');
    expect(loud.code).toBe(0);
    expect(loud.stderr).toMatch(/^warning: .*above the account-level limit/m);
    const quiet = await runCli('apigw', EXAMPLE, '--traffic', EXAMPLE_TRAFFIC, '--account-rate', '50', '--account-burst', '10', '--quiet');
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).toBe('');
    expect(quiet.stdout).toBe(loud.stdout);
  });

  it('--region and --param are checked like the other commands', async () => {
    expectOneLineError(await runCli('apigw', EXAMPLE, '--traffic', EXAMPLE_TRAFFIC, '--region', 'mars'), /--region "mars" is not a Region name/);
    expectOneLineError(await runCli('apigw', EXAMPLE, '--traffic', EXAMPLE_TRAFFIC, '--param', 'Gold-Rate=1'), /parameter names are alphanumeric/);
  });

  it('a rate of .nan or .inf names the value, not "null"', async () => {
    for (const [value, shown] of [['.nan', 'NaN'], ['.inf', 'Infinity']]) {
      const t = write('nan.yaml', `clients:\n  - { name: a, stage: prod, request: "GET /pets", arrivals: { type: constant, rate: ${value}, start: 0, end: 1 } }\n`);
      expectOneLineError(await runCli('apigw', EXAMPLE, '--traffic', t), new RegExp(`client 'a': arrivals.rate: expected a number, got ${shown}\\n$`));
    }
  });
});
