// The engine's flow-log replay against a plain-JS replay through the reference walk's security group
// and network ACL evaluation (test/helpers/flowlog-reference.ts): the same action for every record, on
// the AWS examples' network, the two-tier lab and a generated topology, with requests and responses
// (connection state), TCP, UDP and ICMP, inside and outside each subnet.
import { describe, expect, it } from 'vitest';
import { generateTopology } from '../../src/generate/generate.js';
import { loadTopology } from '../../src/import/load.js';
import type { Topology } from '../../src/model/types.js';
import { referenceReplay } from '../helpers/flowlog-reference.js';
import { generatedRecords } from '../helpers/flowlog-records.js';
import { EXAMPLES, replayLines } from './helpers.js';

async function agreeOn(t: Topology, count: number, seed: number): Promise<void> {
  const lines = [...generatedRecords(t, count, seed, () => false)];
  const reference = referenceReplay(t, lines);
  const { report, records } = await replayLines(t, lines);
  expect(report.unknown).toBe(reference.unknown);
  expect(records.length).toBe(reference.simulated.size);
  const engine = new Map(records.map((r) => [r.line, r.simulated]));
  const differ = [...reference.simulated].filter(([line, action]) => engine.get(line) !== action).map(([line]) => lines[line - 1]);
  expect(differ).toEqual([]);
  // The generated traffic exercises both outcomes.
  const rejects = [...reference.simulated.values()].filter((a) => a === 'REJECT').length;
  expect(rejects).toBeGreaterThan(0);
  expect(rejects).toBeLessThan(reference.simulated.size);
}

describe('flow-log replay: engine vs reference', () => {
  it('on the network of the AWS examples', async () => {
    await agreeOn(await loadTopology(EXAMPLES), 4000, 1);
  });

  it('on the two-tier lab (custom NACLs with ephemeral ports, SG references, a NAT gateway ENI)', async () => {
    await agreeOn(await loadTopology('examples/two-tier.yaml'), 20000, 2);
  });

  it('on a generated topology', async () => {
    await agreeOn(generateTopology({ seed: 3, vpcs: 4, subnetsPerVpc: 3, instancesPerSubnet: 4, hub: 'peering' }), 20000, 3);
  });
});
