// The built bin piped into a reader that stops early (`vpcsim ... | head -1`): no EPIPE stack trace.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('vpcsim | head', () => {
  it('a closed pipe ends the command quietly', () => {
    // The JSON report of the example is ~100 KB, far more than a pipe buffer, so writes hit EPIPE.
    const cmd = `"${process.execPath}" bin/vpcsim.js apigw examples/apigw/template.yaml --traffic examples/apigw/traffic.yaml --json | head -c 10`;
    const r = spawnSync('sh', ['-c', cmd], { encoding: 'utf8' });
    expect(r.stdout).toBe('{\n  "timel');
    expect(r.stderr).toBe('');
  });
});
