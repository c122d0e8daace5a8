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
    expect(reason).toMatch(/10\.0\.1\.99 is a private address that no interface/);
  });
});
