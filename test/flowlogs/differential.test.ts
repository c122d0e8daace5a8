// The engine's flow-log replay against a plain-JS replay through the reference walk's security group
// and network ACL evaluation (test/helpers/flowlog-reference.ts): the same action for every record, on
// the AWS examples' network, the two-tier lab and a generated topology, with requests and responses
// (connection state), TCP, UDP and ICMP, inside and outside each subnet.
import { describe, expect, it } from 'vitest';
import { generateTopology } from '../../src/generate/generate.js';
import { loadTopology } from '../../src/import/load.js';
import type { Topology } from '../../src/model/types.js';
import { referenceReplay } from '../helpers/flowlog-reference.js';
import { generatedRecords, random } from '../helpers/flowlog-records.js';
import { EXAMPLES, replayLines } from './helpers.js';

async function agreeOn(t: Topology, count: number, seed: number): Promise<void> {
  await agreeOnLines(t, [...generatedRecords(t, count, seed, () => false)]);
}

async function agreeOnLines(t: Topology, lines: readonly string[]): Promise<void> {
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

  it('IPv6 connections: a response is allowed by the state of its request only, until the idle timeout (SG-12, SG-13); thousands of flows', async () => {
    // The lab's one ENI with an IPv6 address: its group allows no inbound and all outbound, so an
    // inbound record is ACCEPT only as the response of a tracked request (TCP 5 days, UDP 30 s).
    const t = await loadTopology('examples/ipv6-egress-only.yaml');
    const eni = t.networkInterfaces[0]!.id;
    const own = '2600:1f18:287:e100::4';
    const next = random(41);
    const open: { peer: string; protocol: number; sport: number; dport: number }[] = [];
    const lines: string[] = [];
    let time = 1700000000;
    for (let i = 0; i < 12000; i++) {
      time += next() < 0.1 ? 1 : 0;
      const roll = next();
      let fields: [string, string, number, number, number];
      if (roll < 0.45 || open.length === 0) {
        const peer = `2001:db8:${(i % 4096).toString(16)}::${(1 + Math.floor(next() * 4000)).toString(16)}`;
        const o = { peer, protocol: next() < 0.6 ? 6 : 17, sport: 32768 + Math.floor(next() * 28000), dport: [53, 123, 443][Math.floor(next() * 3)]! };
        open.push(o);
        fields = [own, peer, o.sport, o.dport, o.protocol];
      } else if (roll < 0.85) {
        const o = open[Math.floor(next() * open.length)]!;
        fields = [o.peer, own, o.dport, o.sport, o.protocol];
      } else {
        fields = [`2001:db8:ffff::${Math.floor(next() * 100).toString(16)}`, own, 40000 + i, 22, 6];
      }
      const [src, dst, sport, dport, protocol] = fields;
      lines.push(`2 123456789012 ${eni} ${src} ${dst} ${sport} ${dport} ${protocol} 1 100 ${time} ${time} ACCEPT OK`);
    }
    await agreeOnLines(t, lines);
  }, 60_000);
});
