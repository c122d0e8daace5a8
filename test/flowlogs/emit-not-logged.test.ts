// What flow logs leave out or rewrite, as AWS documents it ("Flow log limitations", "Flow log records"):
// FL-7: traffic between an instance and the Amazon DNS server, instance metadata or Amazon Time Sync is
// not logged, so `flowlogs emit` writes no record for it (the flows around it keep theirs).
// FL-6: a record at an ENI shows the ENI's private IPv4 address even when the packet was addressed to its
// public one (the internet gateway translated it before it reached the ENI).
import { describe, expect, it } from 'vitest';
import { emitFlowLogs } from '../../src/analyze/flowlogs/replay-node.js';
import { parseTraffic } from '../../src/analyze/flowlogs/traffic.js';
import { loadTopology } from '../../src/import/load.js';

const TWO_TIER = 'examples/two-tier.yaml';

describe('FL-7: traffic to the Amazon-provided services on the host is not logged', () => {
  it('DNS (VPC base + 2 and 169.254.169.253), instance metadata and Time Sync: no record, both directions', async () => {
    const t = await loadTopology(TWO_TIER);
    for (const to of ['10.0.0.2', '169.254.169.253', '169.254.169.254', '169.254.169.123']) {
      const lines = await emitFlowLogs(t, parseTraffic(`flows: [{ from: AppServer, to: ${to}, protocol: udp, port: 53 }]`, 't.yaml'));
      expect(lines.slice(1), to).toEqual([]);
    }
  });

  it('only those flows are left out: the flows before and after keep their records', async () => {
    const t = await loadTopology(TWO_TIER);
    const app = t.networkInterfaces.find((e) => e.logicalId === 'AppServer.eth0')!.id;
    const lines = await emitFlowLogs(
      t,
      parseTraffic('flows: [{ from: WebServer, to: AppServer, port: 8080 }, { from: AppServer, to: 169.254.169.254, port: 80 }, { from: AppServer, to: WebServer, port: 443 }]', 't.yaml'),
    );
    // Each logged flow: request out and in, response out and in.
    expect(lines.length - 1).toBe(8);
    expect(lines.filter((l) => l.includes('169.254.'))).toEqual([]);
    expect(lines.filter((l) => l.startsWith(`2 ${t.accountId} ${app} `)).length).toBe(4);
  });
});

describe('FL-6: srcaddr/dstaddr at an ENI are its private IPv4 address', () => {
  it('a packet from the internet to the web server\'s public address is logged with dstaddr its private address', async () => {
    const t = await loadTopology(TWO_TIER);
    const format = ['interface-id', 'srcaddr', 'dstaddr', 'flow-direction'];
    const lines = await emitFlowLogs(t, parseTraffic('flows: [{ from: 198.51.100.9, to: WebServer, port: 443 }]', 't.yaml'), { format });
    const web = t.networkInterfaces.find((e) => e.logicalId === 'WebServer.eth0')!;
    const privateIp = web.privateIps[0]!.address!.text;
    const inbound = lines.slice(1).filter((l) => l.startsWith(web.id) && l.endsWith('ingress'));
    expect(inbound).toHaveLength(1);
    expect(inbound[0]!.split(' ').slice(1, 3)).toEqual(['198.51.100.9', privateIp]);
  });
});
