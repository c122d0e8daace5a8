// `vpcsim flowlogs emit` (FL-8): the records AWS would log for declared flows, both directions, at every
// ENI reached or rejected at; a replay of them agrees with the configuration record for record, and a
// file with some actions flipped reports exactly the flipped records.
import { describe, expect, it } from 'vitest';
import { emitFlowLogs } from '../../src/analyze/flowlogs/replay-node.js';
import { parseTraffic } from '../../src/analyze/flowlogs/traffic.js';
import { loadTopology } from '../../src/import/load.js';
import { InputError } from '../../src/model/errors.js';
import type { Topology } from '../../src/model/types.js';
import { runCli } from '../helpers/cli.js';
import { EXAMPLES, examplesTopology, replayLines } from './helpers.js';

const TWO_TIER = 'examples/two-tier.yaml';
const TRAFFIC = parseTraffic(
  `epoch: 1700000000
flows:
  - { from: WebServer, to: AppServer, protocol: tcp, port: 8080, packets: 10, bytes: 4000 }
  - { from: AppServer, to: 8.8.8.8, protocol: tcp, port: 443, at: 60 }
  - { from: Bastion, to: AppServer, protocol: tcp, port: 8080, at: 120 }
  - { from: 203.0.113.5, to: Bastion, protocol: tcp, port: 22, at: 180 }
  - { from: WebServer, to: AppServer, protocol: icmp, at: 240 }
  - { from: 198.51.100.9, to: WebServer, protocol: tcp, port: 22, at: 300 }
  - { from: WebServer, to: Bastion, protocol: udp, port: 53, at: 360 }
`,
  'traffic.yaml',
);

function fields(line: string): string[] {
  return line.split(' ');
}

describe('flowlogs emit (FL-8)', () => {
  it('writes a header and one record per ENI and direction: the request out and in, the response out and in', async () => {
    const t = await loadTopology(TWO_TIER);
    const lines = await emitFlowLogs(t, { flows: [TRAFFIC.flows[0]!], epoch: 1700000000 });
    const web = t.networkInterfaces.find((e) => e.logicalId === 'WebServer.eth0')!.id;
    const app = t.networkInterfaces.find((e) => e.logicalId === 'AppServer.eth0')!.id;
    expect(lines[0]).toBe('version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status');
    expect(lines.slice(1).map((l) => fields(l).slice(2, 7).join(' ') + ' ' + fields(l)[12])).toEqual([
      `${web} 10.0.0.10 10.0.1.20 49152 8080 ACCEPT`,
      `${app} 10.0.0.10 10.0.1.20 49152 8080 ACCEPT`,
      `${app} 10.0.1.20 10.0.0.10 8080 49152 ACCEPT`,
      `${web} 10.0.1.20 10.0.0.10 8080 49152 ACCEPT`,
    ]);
    // packets and bytes as declared, start/end: the 60 s interval after the epoch.
    expect(fields(lines[1]!).slice(8, 12)).toEqual(['10', '4000', '1700000000', '1700000060']);
  });

  it('through a NAT gateway: its ENI logs the instance\'s packet in (dstaddr its own address) and the translated one out, as the "Traffic through a NAT gateway" example', async () => {
    const t = await loadTopology(TWO_TIER);
    const format = '${interface-id} ${srcaddr} ${dstaddr} ${pkt-srcaddr} ${pkt-dstaddr} ${srcport} ${dstport} ${protocol} ${start} ${action} ${flow-direction}';
    const lines = await emitFlowLogs(t, { flows: [TRAFFIC.flows[1]!] }, { format: format.match(/\$\{([^}]+)\}/g)!.map((f) => f.slice(2, -1)) });
    const nat = t.networkInterfaces.find((e) => e.kind === 'nat-gateway')!.id;
    const atNat = lines.slice(1).filter((l) => l.startsWith(nat)).map((l) => fields(l).slice(1, 5).join(' ') + ' ' + fields(l)[10]);
    expect(atNat).toEqual([
      '10.0.1.20 10.0.0.5 10.0.1.20 8.8.8.8 ingress',
      '10.0.0.5 8.8.8.8 10.0.0.5 8.8.8.8 egress',
      '8.8.8.8 10.0.0.5 8.8.8.8 10.0.0.5 ingress',
      '10.0.0.5 10.0.1.20 8.8.8.8 10.0.1.20 egress',
    ]);
  });

  it('a rejected request is one ACCEPT where it left and one REJECT where it was rejected, and no response', async () => {
    const t = await loadTopology(TWO_TIER);
    const lines = await emitFlowLogs(t, { flows: [TRAFFIC.flows[2]!] });
    expect(lines.slice(1).map((l) => fields(l)[12])).toEqual(['ACCEPT', 'REJECT']);
  });

  it('a replay of the emitted records agrees with the configuration, record for record', async () => {
    for (const [file, traffic] of [
      [TWO_TIER, TRAFFIC],
      [EXAMPLES, parseTraffic('flows: [{ from: 203.0.113.12, to: Pinged, protocol: icmp }, { from: RdpTarget, to: SshTarget, port: 22, at: 60 }, { from: SshTarget, to: RdpTarget, port: 3389, at: 120 }]', 't.yaml')],
    ] as const) {
      const t: Topology = file === EXAMPLES ? await examplesTopology() : await loadTopology(file);
      const lines = await emitFlowLogs(t, traffic);
      const { report, records } = await replayLines(t, lines);
      expect(report, file).toMatchObject({ records: lines.length - 1, agree: lines.length - 1, mismatch: 0, unknown: 0, malformed: 0 });
      expect(records.map((r) => r.logged)).toEqual(records.map((r) => r.simulated));
    }
  });

  it('the ping of the security group and network ACL example is emitted as ACCEPT in, REJECT out', async () => {
    const t = await examplesTopology();
    const lines = await emitFlowLogs(t, parseTraffic('flows: [{ from: 203.0.113.12, to: Pinged, protocol: icmp }]', 't.yaml'));
    expect(lines.slice(1).map((l) => fields(l).slice(3, 5).concat(fields(l)[12]!).join(' '))).toEqual(['203.0.113.12 172.31.16.139 ACCEPT', '172.31.16.139 203.0.113.12 REJECT']);
  });

  it('a file with flipped actions reports exactly the flipped records', async () => {
    const t = await loadTopology(TWO_TIER);
    const flows = Array.from({ length: 40 }, (_, i) => {
      const f = TRAFFIC.flows[i % TRAFFIC.flows.length]!;
      return { ...f, ...(f.protocol === 'icmp' ? {} : { sourcePort: 40000 + i }), at: 30 * i };
    });
    const lines = await emitFlowLogs(t, { flows });
    const flippedLines = new Set<number>();
    const flipped = lines.map((l, i) => {
      if (i === 0 || i % 7 !== 3) return l;
      flippedLines.add(i + 1);
      return l.includes(' ACCEPT ') ? l.replace(' ACCEPT ', ' REJECT ') : l.replace(' REJECT ', ' ACCEPT ');
    });
    const { report } = await replayLines(t, flipped);
    expect(flippedLines.size).toBeGreaterThan(5);
    expect(new Set(report.mismatches.map((m) => m.line))).toEqual(flippedLines);
    expect(report.agree).toBe(lines.length - 1 - flippedLines.size);
  });

  it('traffic files are checked key by key; an unknown endpoint names the flow', async () => {
    expect(() => parseTraffic('flows: [{ from: A, to: B, port: 70000 }]', 't.yaml')).toThrow(/flows\[0\]\.port: "70000" is not a whole number 0-65535/);
    expect(() => parseTraffic('flows: [{ from: A, too: B }]', 't.yaml')).toThrow(/flows\[0\]: unknown key "too"/);
    expect(() => parseTraffic('flow: []', 't.yaml')).toThrow(InputError);
    const t = await loadTopology(TWO_TIER);
    await expect(emitFlowLogs(t, { flows: [{ from: 'Nope', to: 'AppServer', port: 22 }] }, { file: 't.yaml' })).rejects.toThrow(/flows\[0\]: .*Nope/);
  });

  it('vpcsim flowlogs emit prints the records; --format picks the fields', async () => {
    const r = await runCli('flowlogs', 'emit', TWO_TIER, '--traffic', 'test/flowlogs/fixtures/two-tier-traffic.yaml', '--format', '${version} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${start} ${action} ${flow-direction}');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('version interface-id srcaddr dstaddr srcport dstport protocol start action flow-direction');
    expect(lines[1]).toMatch(/^5 eni-[0-9a-f]+ 10\.0\.0\.10 10\.0\.1\.20 49152 8080 6 0 ACCEPT egress$/);
    const bad = await runCli('flowlogs', 'emit', TWO_TIER, '--traffic', 'test/flowlogs/fixtures/missing.yaml');
    expect(bad.code).toBe(2);
  });
});
