// `vpcsim matrix`: text, JSON, CSV and SVG outputs agree with the library, flags are checked before the
// input is read, and bad values are one line with exit 2.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reachabilityMatrix } from '../../src/analyze/matrix/entry-node.js';
import { matrixCells } from '../../src/analyze/matrix/matrix.js';
import { loadTopology } from '../../src/import/load.js';
import { runCli } from '../helpers/cli.js';

describe('vpcsim matrix', () => {
  it('prints the allowed pairs, and JSON equal to the library cells', async () => {
    const text = await runCli('matrix', 'examples/two-tier.yaml');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^2 subnets x 4 ports \(tcp\/22 tcp\/443 udp\/53 icmp\): 4 of 12 cells reachable/);
    expect(text.stdout).toMatch(/PublicSubnet\s+PrivateSubnet\s+tcp\/22\*\n/);
    const json = await runCli('matrix', 'examples/two-tier.yaml', '--json');
    const parsed = JSON.parse(json.stdout) as { groups: Array<{ id: string }>; ports: string[]; cells: unknown[] };
    const m = await reachabilityMatrix(await loadTopology('examples/two-tier.yaml'));
    expect(parsed.cells).toEqual(matrixCells(m));
    expect(parsed.ports).toEqual(['tcp/22', 'tcp/443', 'udp/53', 'icmp']);
  });

  it('writes CSV rows and an SVG heat map', async () => {
    const csv = await runCli('matrix', 'examples/transit-gateway.yaml', '--by', 'vpc', '--ports', 'tcp/443', '--csv');
    expect(csv.code).toBe(0);
    const lines = csv.stdout.trim().split('\n');
    expect(lines[0]).toBe('from,to,port,reachable,code,partial');
    expect(lines).toContain('Spoke1,Shared,tcp/443,true,,');
    const dir = mkdtempSync(join(tmpdir(), 'vpcsim-matrix-'));
    const svg = join(dir, 'map.svg');
    const run = await runCli('matrix', 'examples/transit-gateway.yaml', '--by', 'subnet', '--svg', svg);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('heat map written to');
    const picture = readFileSync(svg, 'utf8');
    expect(picture.startsWith('<svg')).toBe(true);
    expect(picture).toContain('<rect');
  });

  it('checks flags before reading the input: exit 2, one line', async () => {
    for (const [args, message] of [
      [['--by', 'az'], /--by "az": expected subnet, instance, security-group, vpc/],
      [['--ports', 'tcp/22,sctp/9'], /--ports "sctp\/9": expected tcp\/<port>/],
      [['--json', '--csv'], /--json and --csv: choose one/],
    ] as const) {
      const run = await runCli('matrix', '/nonexistent/never-read.yaml', ...args);
      expect(run.code).toBe(2);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toMatch(message);
    }
  });

  it('names the file it cannot write', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpcsim-matrix-'));
    writeFileSync(join(dir, 'file'), '');
    const run = await runCli('matrix', 'examples/two-tier.yaml', '--svg', join(dir, 'file', 'map.svg'));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/map\.svg.*cannot write the file/);
  });
});
