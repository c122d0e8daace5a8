// TRACE-15 (issue 11 §2). A packet an instance sends to its own address never reaches the network: the host
// delivers it (AWS does not say so; the operating system does: CHOICE in docs/semantics.md): reachable, one
// hop each way, whatever its security groups, network ACL and route table say. A loopback destination
// (127.0.0.0/8, "MUST NOT appear outside a host", RFC 1122 "Requirements for Internet Hosts" 3.2.1.3; ::1,
// RFC 4291 2.5.3) is never sent to the network either, and the trace says so instead of walking it to the
// internet. Every query is asked of the engine and the reference walk alike (./helpers.ts).
import { describe, expect, it } from 'vitest';
import { topology } from '../../src/builder/index.js';
import type { Topology } from '../../src/model/types.js';
import { runCli } from '../helpers/cli.js';
import { expectBlocked, expectReachable, trace } from './helpers.js';

/** An instance whose security group allows nothing in, in a subnet whose ACL denies everything, with an internet route. */
function lockedDown(): Topology {
  return topology({ region: 'us-east-1' })
    .vpc('Vpc', '10.0.0.0/16', (v) =>
      v
        .subnet('A', '10.0.0.0/24')
        .internetGateway('Igw')
        .routeTable('Rt', { subnets: ['A'] }, (r) => r.route('0.0.0.0/0', { igw: 'Igw' }).route('::/0', { igw: 'Igw' }))
        .networkAcl('DenyAll', { subnets: ['A'] })
        .securityGroup('NoIngress', (g) => g.egress({ protocol: 'all', cidr: '0.0.0.0/0' }))
        .instance('Host', { subnet: 'A', ip: '10.0.0.10', sgs: ['NoIngress'], publicIp: true, secondaryIps: ['10.0.0.11'] })
        .subnet('B', '10.0.1.0/24')
        .networkInterface('HostSecond', { subnet: 'B', instance: 'Host', ip: '10.0.1.10', sgs: ['NoIngress'] })
        .instance('Other', { subnet: 'A', ip: '10.0.0.20', sgs: ['NoIngress'] }),
    )
    .build();
}

describe('a trace to the source\'s own address stays inside the host', () => {
  const t = lockedDown();

  it('by resource: reachable, one hop out and one back, no security group or ACL consulted', () => {
    for (const q of [{ protocol: 'tcp' as const, port: 22 }, { protocol: 'udp' as const, port: 53 }, { protocol: 'icmp' as const }]) {
      const a = trace(t, { from: 'Host', to: 'Host', ...q });
      expectReachable(a);
      expect(a.forwardPath.map((h) => h.kind)).toEqual(['NETWORK_INTERFACE']);
      expect(a.returnPath.map((h) => h.kind)).toEqual(['NETWORK_INTERFACE']);
      expect(a.forwardPath[0]!.action).toBe('delivered to 10.0.0.10, its own address, inside the host; no security group, network ACL or route table sees it');
    }
  });

  it('by address, a secondary private address of the same interface too', () => {
    expectReachable(trace(t, { from: 'Host', to: '10.0.0.10', port: 443 }));
    const a = trace(t, { from: 'Host', to: '10.0.0.11', port: 443 });
    expectReachable(a);
    expect(a.forwardPath).toHaveLength(1);
  });

  it("the address of another of the instance's interfaces (another subnet) is the host's too", () => {
    for (const to of ['10.0.1.10', 'HostSecond']) {
      const a = trace(t, { from: 'Host', to, port: 443 });
      expectReachable(a);
      expect([a.forwardPath.length, a.returnPath.length]).toEqual([1, 1]);
      expect(a.forwardPath[0]).toMatchObject({ component: 'Host', type: 'AWS::EC2::Instance' });
    }
    // And back: from the second interface to the primary address.
    expectReachable(trace(t, { from: 'HostSecond', to: '10.0.0.10', port: 443 }));
  });

  it('another instance with the same security group is still walked, and the group blocks it', () => {
    expectBlocked(trace(t, { from: 'Host', to: 'Other', port: 443 }), 'SG_HAS_NO_RULES');
  });
});

describe('loopback destinations never leave the host', () => {
  const t = lockedDown();

  it('127.0.0.0/8: one hop, VPCSIM_LOOPBACK_DESTINATION, never through the internet gateway', () => {
    for (const to of ['127.0.0.1', '127.255.0.9']) {
      const a = trace(t, { from: 'Host', to, port: 80 });
      expectBlocked(a, 'VPCSIM_LOOPBACK_DESTINATION', 'Host');
      expect(a.forwardPath).toHaveLength(1);
      expect(a.explanations[0]!.detail).toBe(`${to} is a loopback address: it stays inside the host and is never sent to the network`);
    }
  });

  it('CLI: exit 1 with the code, no internet gateway hop', async () => {
    const r = await runCli('trace', 'examples/two-tier.yaml', '--from', 'WebServer', '--to', '127.0.0.1', '--port', '80');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('NOT REACHABLE: VPCSIM_LOOPBACK_DESTINATION');
    expect(r.stdout).not.toContain('internet gateway');
  });

  it('CLI: WebServer to itself is reachable in one hop', async () => {
    const r = await runCli('trace', 'examples/two-tier.yaml', '--from', 'WebServer', '--to', 'WebServer', '--port', '80', '--json');
    expect(r.code).toBe(0);
    const a = JSON.parse(r.stdout);
    expect([a.forwardPath.length, a.returnPath.length]).toEqual([1, 1]);
  });
});
