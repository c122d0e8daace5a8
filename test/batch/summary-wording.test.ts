// The one-line summaries of `matrix` and `diff` count in English: "1 VPC x 1 port", not "1 VPCs x 1 ports"
// (as s15 fixed "1 assertions"); larger counts keep their plural and thousands separators. `check` stops
// walking an assertion at its tenth witness, so it cannot say how many flows violate it: "at least 10".
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

describe('matrix and diff summaries: singular for one', () => {
  it('matrix: one VPC, one port, one cell', async () => {
    const r = await runCli('matrix', 'examples/two-tier.yaml', '--by', 'vpc', '--ports', 'tcp/22');
    expect(r.stdout.split('\n')[0]).toMatch(/^1 VPC x 1 port \(tcp\/22\): \d of 1 cell reachable; \d+ flows walked for \d+ instance pairs x ports$/);
    const many = await runCli('matrix', 'examples/two-tier.yaml', '--by', 'subnet', '--ports', 'tcp/22,tcp/443');
    expect(many.stdout.split('\n')[0]).toMatch(/^2 subnets x 2 ports \(tcp\/22 tcp\/443\): \d of 6 cells reachable; \d+ flows walked for \d+ instance pairs x ports$/);
  });

  it('diff: one VPC in both designs', async () => {
    const r = await runCli('diff', 'examples/two-tier.yaml', 'examples/two-tier.yaml', '--by', 'vpc');
    expect(r.stdout.split('\n')[0]).toBe('1 VPC in both designs, ports tcp/22 tcp/443 udp/53 icmp: no verdict changes');
    const subnets = await runCli('diff', 'examples/two-tier.yaml', 'examples/two-tier.yaml');
    expect(subnets.stdout.split('\n')[0]).toBe('2 subnets in both designs, ports tcp/22 tcp/443 udp/53 icmp: no verdict changes');
  });

  it('check: ten witnesses are "at least 10" flows (the walk stops there), fewer are counted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpcsim-wording-'));
    try {
      const generated = await runCli('generate', '--vpcs', '2', '--subnets', '2', '--instances', '2', '--seed', '3', '--format', 'json');
      const design = join(dir, 'design.json');
      writeFileSync(design, generated.stdout);
      const policy = join(dir, 'policy.yaml');
      writeFileSync(policy, 'assertions:\n  - { name: all-9999, from: all-instances, to: all-instances, protocol: tcp, port: 9999, expect: reachable }\n');
      const many = await runCli('check', design, '--policy', policy);
      expect(many.code).toBe(1);
      expect(many.stdout.split('\n')[0]).toBe('FAIL all-9999: expected reachable, at least 10 flows blocked (the first 10 shown)');
      const few = await runCli('check', 'examples/two-tier.yaml', '--policy', policy);
      expect(few.stdout.split('\n')[0]).toBe('FAIL all-9999: expected reachable, 6 flows blocked');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
