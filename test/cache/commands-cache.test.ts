// Every command that answers questions about a design reads it through the compiled-image cache
// (issue 16: "every question pays the load again"): the first run stores an entry, the next one with
// the same inputs answers from it (the entry is not written again), and both print exactly what
// `--no-cache` prints, with the same exit code.
import { copyFileSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, type CliRun } from '../helpers/cli.js';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'vpcsim-cmd-cache-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  while (dirs.length > 0) rmSync(dirs.pop()!, { recursive: true, force: true });
});

const entries = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.vpcimage')).sort();

/** A copy of an example in a directory of its own (the entry's key holds the path). */
function copyOf(example: string): string {
  const file = join(tempDir(), example.split('/').pop()!);
  copyFileSync(example, file);
  return file;
}

/**
 * Runs `argv` three times: with an empty cache directory (a miss: `designs` entries are written),
 * again (a hit: no entry is written again) and with --no-cache; all three answers are the same.
 */
async function expectCachedAlike(argv: string[], designs = 1): Promise<CliRun> {
  const dir = tempDir();
  const miss = await runCli(...argv, '--cache', dir);
  expect(miss.stderr).not.toMatch(/error/);
  expect(entries(dir)).toHaveLength(designs);
  const written = entries(dir).map((e) => statSync(join(dir, e)).mtimeMs);
  const hit = await runCli(...argv, '--cache', dir);
  expect(hit).toEqual(miss);
  expect(entries(dir).map((e) => statSync(join(dir, e)).mtimeMs)).toEqual(written);
  const off = await runCli(...argv, '--no-cache');
  expect(off).toEqual(miss);
  return miss;
}

describe('the image cache serves every command', () => {
  it('list', async () => {
    const run = await expectCachedAlike(['list', copyOf('examples/two-tier.yaml'), '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).endpoints.map((e: { logicalId: string }) => e.logicalId)).toContain('AppServer');
  });

  it('check (a violated assertion: exit 1 on the hit too)', async () => {
    const policy = join(tempDir(), 'policy.yaml');
    writeFileSync(policy, [
      'assertions:',
      '  - { name: ssh, from: Bastion, to: AppServer, protocol: tcp, port: 22, expect: reachable }',
      '  - { name: db-from-bastion, from: Bastion, to: AppServer, protocol: tcp, port: 22, expect: unreachable }',
      '',
    ].join('\n'));
    const run = await expectCachedAlike(['check', copyOf('examples/two-tier.yaml'), '--policy', policy]);
    expect(run.code).toBe(1);
  });

  it('flowlogs emit, and flowlogs replaying what it wrote', async () => {
    const template = copyOf('examples/two-tier.yaml');
    const emitted = await expectCachedAlike(['flowlogs', 'emit', template, '--traffic', 'test/flowlogs/fixtures/two-tier-traffic.yaml']);
    expect(emitted.code).toBe(0);
    const logs = join(tempDir(), 'logs.txt');
    writeFileSync(logs, emitted.stdout);
    const replay = await expectCachedAlike(['flowlogs', template, logs, '--json']);
    expect(replay.code).toBe(0);
    const report = JSON.parse(replay.stdout);
    expect(report.records).toBeGreaterThan(0);
    expect(report.agree).toBe(report.records);
  });

  it('matrix', async () => {
    const run = await expectCachedAlike(['matrix', copyOf('examples/two-tier.yaml'), '--by', 'instance', '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).cells.length).toBeGreaterThan(0);
  });

  it('montecarlo', async () => {
    const run = await expectCachedAlike(['montecarlo', copyOf('examples/availability/nat-single.yaml'), '--scenario', 'examples/availability/nat-scenario.yaml', '--trials', '2000', '--seed', '3', '--workers', '1', '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).queries).toHaveLength(2);
  });

  it('diff (two designs, two entries)', async () => {
    const run = await expectCachedAlike(['diff', copyOf('examples/migration/peering-mesh.yaml'), copyOf('examples/migration/tgw-hub.yaml'), '--json'], 2);
    expect([0, 1]).toContain(run.code);
  });

  it('--cache with an empty directory name is a usage error naming the flag, before any load', async () => {
    for (const argv of [['list', 'missing.yaml'], ['matrix', 'missing.yaml'], ['flowlogs', 'emit', 'missing.yaml', '--traffic', 'test/flowlogs/fixtures/two-tier-traffic.yaml']]) {
      const run = await runCli(...argv, '--cache', '');
      expect(run.code, argv.join(' ')).toBe(2);
      expect(run.stderr, argv.join(' ')).toContain('--cache');
    }
  });
});
