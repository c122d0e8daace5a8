// ICMP type and code (issue 11 §2). "Network ACL rules" (Amazon VPC User Guide): an entry for ICMP names
// the ICMP type and code it matches (-1 = all). "Security group rules": for ICMP the port range fields are
// the ICMP type and code. A trace names the message with icmpType / icmpCode (default: the echo request,
// type 8 code 0, TRACE-3); ports do not apply to ICMP, and ICMP types do not apply to TCP.
import { describe, expect, it } from 'vitest';
import { topology } from '../../src/builder/index.js';
import type { Topology } from '../../src/model/types.js';
import { runCli } from '../helpers/cli.js';
import { expectBlocked, expectReachable, trace } from './helpers.js';

/**
 * Client -> Server in two subnets. The server's subnet ACL lets in only "destination unreachable,
 * fragmentation needed" (type 3 code 4) and echo requests (type 8, any code) from the client's subnet; its
 * security group allows ICMP type 3 (any code) and echo requests.
 */
function icmpLab(): Topology {
  return topology({ region: 'us-east-1' })
    .vpc('Vpc', '10.0.0.0/16', (v) =>
      v
        .subnet('ClientNet', '10.0.1.0/24')
        .subnet('ServerNet', '10.0.2.0/24')
        .networkAcl('ServerAcl', { subnets: ['ServerNet'] }, (a) =>
          a
            .ingress(100, { action: 'allow', protocol: 'icmp', icmp: { type: 3, code: 4 }, cidr: '10.0.1.0/24' })
            .ingress(110, { action: 'allow', protocol: 'icmp', icmp: { type: 8 }, cidr: '10.0.1.0/24' })
            .egress(100, { action: 'allow', protocol: 'all', cidr: '0.0.0.0/0' }),
        )
        .securityGroup('ClientSg')
        .securityGroup('ServerSg', (g) => g.ingress({ protocol: 'icmp', icmp: { type: 3 }, cidr: '10.0.0.0/16' }).ingress({ protocol: 'icmp', icmp: { type: 8, code: 0 }, cidr: '10.0.0.0/16' }))
        .instance('Client', { subnet: 'ClientNet', ip: '10.0.1.10', sgs: ['ClientSg'] })
        .instance('Server', { subnet: 'ServerNet', ip: '10.0.2.10', sgs: ['ServerSg'] }),
    )
    .build();
}

describe('ICMP type and code in network ACL entries and security group rules', () => {
  const t = icmpLab();

  it('the default message is the echo request (type 8 code 0), and its reply comes back', () => {
    const a = trace(t, { from: 'Client', to: 'Server', protocol: 'icmp' });
    expectReachable(a);
    expect(a.query).toMatchObject({ protocol: 'icmp', icmpType: 8, icmpCode: 0 });
    expect(a.returnPath.length).toBeGreaterThan(0);
  });

  it('type 3 code 4 matches the ACL entry for exactly that type and code, and the group rule for type 3', () => {
    const a = trace(t, { from: 'Client', to: 'Server', protocol: 'icmp', icmpType: 3, icmpCode: 4 });
    expectReachable(a);
    expect(a.forwardPath.find((h) => h.kind === 'NETWORK_ACL_INBOUND')?.rule).toBe('100');
    // Not an echo request: no response is expected (TRACE-5).
    expect(a.returnPath).toEqual([]);
  });

  it('type 3 with another code is denied by the ACL (entry 100 names code 4 only)', () => {
    expectBlocked(trace(t, { from: 'Client', to: 'Server', protocol: 'icmp', icmpType: 3, icmpCode: 1 }), 'SUBNET_ACL_RESTRICTION', 'ServerAcl');
  });

  it('an echo request with code 1 passes the ACL (code -1) but not the group (code 0 only)', () => {
    expectBlocked(trace(t, { from: 'Client', to: 'Server', protocol: 'icmp', icmpCode: 1 }), 'ENI_SG_RULES_MISMATCH');
  });

  it('a type no entry names (timestamp, 13) is denied by the ACL', () => {
    expectBlocked(trace(t, { from: 'Client', to: 'Server', protocol: 'icmp', icmpType: 13 }), 'SUBNET_ACL_RESTRICTION', 'ServerAcl');
  });
});

describe('fields that do not apply to the protocol are refused', () => {
  const t = icmpLab();

  it('library: a port with icmp or all, an ICMP type with tcp, a type out of range', () => {
    expect(() => trace(t, { from: 'Client', to: 'Server', protocol: 'icmp', port: 80 })).toThrow(/^query\.port applies to tcp and udp only, not to icmp$/);
    expect(() => trace(t, { from: 'Client', to: 'Server', protocol: 'all', sourcePort: 5 })).toThrow(/^query\.sourcePort applies to tcp and udp only, not to all$/);
    expect(() => trace(t, { from: 'Client', to: 'Server', protocol: 'tcp', port: 80, icmpType: 3 })).toThrow(/^query\.icmpType applies to icmp and icmpv6 only, not to tcp$/);
    expect(() => trace(t, { from: 'Client', to: 'Server', protocol: 'icmp', icmpCode: 256 })).toThrow(/^query\.icmpCode 256: expected a number 0-255$/);
  });

  it('CLI: exit 2, one line, before the input is read (the file does not exist)', async () => {
    const cases: Array<[string[], string]> = [
      [['--protocol', 'icmp', '--port', '80'], '--port applies to tcp and udp only, not to icmp'],
      [['--protocol', 'all', '--port', '80'], '--port applies to tcp and udp only, not to all'],
      [['--protocol', 'icmp', '--source-port', '80'], '--source-port applies to tcp and udp only, not to icmp'],
      [['--port', '80', '--icmp-type', '3'], '--icmp-type applies to icmp and icmpv6 only, not to tcp'],
      [['--protocol', 'icmp', '--icmp-type', '300'], '--icmp-type "300": expected a number 0-255'],
      [['--protocol', 'icmp', '--icmp-code', 'x'], '--icmp-code "x": expected a number 0-255'],
    ];
    for (const [flags, message] of cases) {
      const r = await runCli('trace', 'no-such-file.yaml', '--from', 'a', '--to', 'b', ...flags);
      expect({ code: r.code, stderr: r.stderr, stdout: r.stdout }, flags.join(' ')).toEqual({ code: 2, stderr: `error: ${message}\n`, stdout: '' });
    }
  });

  it('CLI: --icmp-type / --icmp-code reach the walk and the answer', async () => {
    const r = await runCli('trace', 'examples/two-tier.yaml', '--from', 'WebServer', '--to', 'AppServer', '--protocol', 'icmp', '--icmp-type', '3', '--icmp-code', '4', '--json');
    const a = JSON.parse(r.stdout);
    expect(a.query).toMatchObject({ protocol: 'icmp', icmpType: 3, icmpCode: 4 });
    const text = await runCli('trace', 'examples/two-tier.yaml', '--from', 'WebServer', '--to', 'AppServer', '--protocol', 'icmp', '--icmp-type', '3', '--icmp-code', '4');
    expect(text.stdout.split('\n')[0]).toBe('trace WebServer -> AppServer  icmp type 3 code 4  (10.0.0.10 -> 10.0.1.20)');
  });
});
