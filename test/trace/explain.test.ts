// Human text of `vpcsim trace` (src/analyze/explain.ts).
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const FILE = 'examples/two-tier.yaml';

describe('explainTrace', () => {
  it('the header shows the addresses the walk used', async () => {
    const r = await runCli('trace', FILE, '--from', 'WebServer', '--to', 'AppServer', '--port', '8080');
    expect(r.stdout.split('\n')[0]).toMatch(/^trace WebServer -> AppServer {2}tcp:8080 {2}\(10\.0\.0\.\d+ -> 10\.0\.1\.\d+:8080\)$/);
  });

  it('a private source address nothing holds: no half-filled "(a -> :22)" header, the reason below', async () => {
    // 10.0.1.99 is inside PrivateSubnet but no interface has it, so no walk starts (exit 1, a valid answer).
    const r = await runCli('trace', FILE, '--from', '10.0.1.99', '--to', 'Bastion', '--port', '22');
    expect(r.code).toBe(1);
    const [head, verdict, reason] = r.stdout.split('\n');
    expect(head).toBe('trace 10.0.1.99 -> Bastion  tcp:22');
    expect(verdict).toBe('NOT REACHABLE: NO_SOURCE_OR_DESTINATION');
    expect(reason).toBe('  10.0.1.99 is in 10.0.0.0/8 (private, RFC 1918): no interface, VPN or Direct Connect network holds it');
  });

  // ADDR-15: not every non-public address is private. 0.0.0.0 is "this network", 127/8 loopback,
  // 169.254/16 link-local, 255.255.255.255 in the reserved 240/4: the reason names the class.
  it('a special address as the source is named for what it is, not called private', async () => {
    for (const [address, what] of [
      ['0.0.0.0', '0.0.0.0/8 (this network)'],
      ['127.0.0.1', '127.0.0.0/8 (loopback)'],
      ['169.254.1.1', '169.254.0.0/16 (link-local)'],
      ['255.255.255.255', '240.0.0.0/4 (reserved)'],
      ['100.64.0.1', '100.64.0.0/10 (shared address space, RFC 6598)'],
    ]) {
      const r = await runCli('trace', FILE, '--from', address!, '--to', 'Bastion', '--port', '22');
      expect(r.code).toBe(1);
      expect(r.stdout.split('\n')[2], address).toBe(`  ${address} is in ${what}: no interface, VPN or Direct Connect network holds it`);
    }
  });
});
