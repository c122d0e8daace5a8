// `vpcsim matrix --workers N`: worker threads walk ranges of the class-pair flows; the matrix is the same
// bytes whatever N (determinism rule), and the flag is checked before the input is read.
import { describe, expect, it } from 'vitest';
import { reachabilityMatrix } from '../../src/analyze/matrix/entry-node.js';
import { matrixCells } from '../../src/analyze/matrix/matrix.js';
import { generateTopology } from '../../src/generate/generate.js';
import { runCli } from '../helpers/cli.js';

describe('matrix on worker threads', () => {
  it('gives the same cells with 1, 2 and 3 workers', async () => {
    const t = generateTopology({ seed: 11, vpcs: 6, subnetsPerVpc: 3, instancesPerSubnet: 3, hub: 'tgw' });
    const one = await reachabilityMatrix(t, { by: 'instance', ports: 'tcp/22,tcp/443,tcp/8080,icmp' });
    for (const workers of [2, 3]) {
      const many = await reachabilityMatrix(t, { by: 'instance', ports: 'tcp/22,tcp/443,tcp/8080,icmp', workers });
      expect(matrixCells(many)).toEqual(matrixCells(one));
      expect(many.walks).toBe(one.walks);
    }
    expect(matrixCells(one).some((c) => c.reachable)).toBe(true);
  }, 60_000);

  it('prints the same JSON from the CLI, and refuses a bad --workers in one line', async () => {
    const a = await runCli('matrix', 'examples/migration/tgw-hub.yaml', '--json');
    const b = await runCli('matrix', 'examples/migration/tgw-hub.yaml', '--json', '--workers', '2');
    expect(b.code).toBe(0);
    expect(b.stdout).toBe(a.stdout);
    const bad = await runCli('matrix', '/nonexistent/never-read.yaml', '--workers', '0');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--workers "0": expected a number of threads from 1 to 256/);
  }, 60_000);
});
