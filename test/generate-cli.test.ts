// `vpcsim generate`: deterministic templates on stdout or in a file; bad flags are one line, exit 2.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCloudFormation } from '../src/import/cloudformation/index.js';
import { runCli } from './helpers/cli.js';

describe('vpcsim generate', () => {
  it('prints a YAML template of the asked size that the importer reads', async () => {
    const r = await runCli('generate', '--vpcs', '4', '--subnets', '3', '--instances', '5', '--hub', 'peering', '--seed', '42');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const t = importCloudFormation(r.stdout, 'stdout.yaml');
    expect([t.vpcs.length, t.subnets.length, t.instances.length, t.vpcPeeringConnections.length]).toEqual([4, 12, 60, 6]);
  });

  it('same seed, same bytes; another seed, another template', async () => {
    const a = await runCli('generate', '--seed', '7');
    const b = await runCli('generate', '--seed', '7');
    const c = await runCli('generate', '--seed', '8');
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout).not.toBe(c.stdout);
  });

  it('--format json -o file writes JSON to the file', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'vpcsim-gen-')), 'big.json');
    const r = await runCli('generate', '--vpcs', '2', '--format', 'json', '-o', file);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(Object.keys(JSON.parse(readFileSync(file, 'utf8')).Resources).length).toBeGreaterThan(10);
  });

  it('the generated template passes `vpcsim validate` without a warning, extra routes to the router appliance included', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'vpcsim-gen-')), 'gen.yaml');
    expect((await runCli('generate', '--vpcs', '6', '--subnets', '4', '--instances', '3', '--routes', '5', '-o', file)).code).toBe(0);
    const v = await runCli('validate', file);
    // RT-14: the router appliance forwards with its own subnet's route table; in a subnet of its own, no
    // table that routes the extra blocks to it is that table, so no route is a routing loop.
    expect(v.stderr).toBe('');
    expect(v.stdout).toMatch(/\(0 warnings\)/);
    expect(v.code).toBe(0);
  });

  const bad: Array<[string[], RegExp]> = [
    [['--vpcs', 'abc'], /--vpcs must be a non-negative integer, got "abc"/],
    [['--vpcs', '0'], /--vpcs must be an integer from 1 to 21504, got 0/],
    // The pools' bound for the subnets, in the same words as the range.
    [['--vpcs', '100000'], /^error: --vpcs must be an integer from 1 to 21504, got 100000 \(VPCs of \/22 for 3 subnets of 2 instances: 21504 fit in 10\/8, 100\.64\/10 and 172\.16\/12\)$/],
    [['--vpcs', '100001', '--subnets', '1', '--instances', '0'], /^error: --vpcs must be an integer from 1 to 86016, got 100001 \(VPCs of \/24 for 1 subnet of 0 instances: 86016 fit/],
    [['--instances', '-3'], /--instances/],
    [['--hub', 'mesh'], /--hub must be tgw, peering or none, got "mesh"/],
    [['--format', 'xml'], /--format must be yaml or json, got "xml"/],
    [['--subnets', '256', '--instances', '300'], /do not fit in one \/16 VPC/],
  ];
  for (const [args, message] of bad) {
    it(`bad flag ${args.join(' ')}: exit 2, one line naming it`, async () => {
      const r = await runCli('generate', ...args);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      const lines = r.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^error: /);
      expect(lines[0]).toMatch(message);
    });
  }
});
