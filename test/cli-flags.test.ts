// Flags are checked before the input is read (issue 11): a typo in --protocol or --port is reported
// at once, without the file's name, even when the file is large or does not exist at all.
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';

const MISSING = 'no/such/dir/template.yaml';

describe('trace: flags before input', () => {
  const cases: Array<[string[], RegExp]> = [
    [['--protocol', 'tpc', '--port', '22'], /^error: --protocol tpc: expected tcp, udp, icmp, icmpv6, all or a number 0-255\n$/],
    [['--protocol', '256'], /^error: --protocol 256: expected/],
    [['--port', '70000'], /^error: --port "70000": expected a port 0-65535\n$/],
    [['--port', '22', '--source-port', 'x'], /^error: --source-port "x": expected a port 0-65535\n$/],
    [[], /^error: --port is required for tcp\n$/],
    [['--protocol', 'udp'], /^error: --port is required for udp\n$/],
    [['--port', '22', '--region', 'mars'], /^error: --region "mars" is not a Region name/],
    [['--port', '22', '--max-size', '-1'], /^error: --max-size "-1": expected a positive number/],
  ];
  for (const [flags, expected] of cases) {
    it(`${flags.join(' ') || '(no --port)'}: refused before the missing file is read`, async () => {
      const r = await runCli('trace', MISSING, '--from', 'A', '--to', 'B', ...flags);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(expected);
      expect(r.stderr).not.toContain(MISSING);
    });
  }

  it('with good flags the file is what is reported', async () => {
    const r = await runCli('trace', MISSING, '--from', 'A', '--to', 'B', '--port', '22');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(MISSING);
  });
});

describe('apigw and validate: flags before input', () => {
  it('apigw --account-rate -5 with a missing template', async () => {
    const r = await runCli('apigw', MISSING, '--traffic', MISSING, '--account-rate', '-5');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: --account-rate: expected a non-negative number/);
  });

  it('validate --param without = with a missing file', async () => {
    const r = await runCli('validate', MISSING, '--param', 'oops');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: --param "oops": expected Key=Value\n$/);
  });
});
