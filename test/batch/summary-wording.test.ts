// The one-line summaries of `matrix` and `diff` count in English: "1 VPC x 1 port", not "1 VPCs x 1 ports"
// (as s15 fixed "1 assertions"); larger counts keep their plural and thousands separators.
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
});
