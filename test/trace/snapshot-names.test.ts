// Snapshots name resources by their `Name` tag: --from/--to accept it, and hops show it beside the AWS id.
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const SNAPSHOT = 'test/fixtures/snapshot/account';

describe('trace on a describe-* snapshot', () => {
  it('resolves --from/--to by Name tag, as by instance id', async () => {
    const byName = await runCli('trace', SNAPSHOT, '--from', 'web-1', '--to', 'app-1', '--port', '8080', '--json', '--quiet');
    const byId = await runCli('trace', SNAPSHOT, '--from', 'i-0aaaaaaaaaaaaaaa1', '--to', 'i-0aaaaaaaaaaaaaaa2', '--port', '8080', '--json', '--quiet');
    expect(byName.code).toBe(byId.code);
    const a = JSON.parse(byName.stdout);
    const b = JSON.parse(byId.stdout);
    expect(a.query.source).toBe(b.query.source);
    expect(a.query.destination).toBe(b.query.destination);
    expect(a.forwardPath).toEqual(b.forwardPath);
  });

  it('shows the Name tag of a hop with its physical id', async () => {
    const r = await runCli('trace', SNAPSHOT, '--from', 'web-1', '--to', 'app-1', '--port', '8080', '--quiet');
    // describe-security-groups.json tags sg-0a0000000000000e1 with Name web-sg.
    expect(r.stdout).toMatch(/security group web-sg \(sg-0a0000000000000e1\): outbound/);
    const json = JSON.parse((await runCli('trace', SNAPSHOT, '--from', 'web-1', '--to', 'app-1', '--port', '8080', '--json', '--quiet')).stdout);
    expect(json.forwardPath[0]).toMatchObject({ component: 'sg-0a0000000000000e1', name: 'web-sg' });
  });

  it('an unknown name is bad input with a suggestion among Name tags', async () => {
    const r = await runCli('trace', SNAPSHOT, '--from', 'web-2', '--to', 'app-1', '--port', '8080', '--quiet');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`error: ${SNAPSHOT}: --from: no resource or address 'web-2' (did you mean 'web-1'?)\n`);
  });

  it('a resource without a Name tag is named by its id once, and a route does not repeat its table', async () => {
    // sg-0c00000000000000d (describe-security-groups.json) has no Name tag: its logical id is its id.
    const r = await runCli('trace', SNAPSHOT, '--from', 'eni-0aa00000000000013', '--to', '10.2.0.10', '--port', '5432', '--quiet');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('blocked by security group sg-0c00000000000000d inbound: no inbound rule allows TCP port 5432 from 10.0.10.21');
    expect(r.stdout).not.toContain('sg-0c00000000000000d (sg-0c00000000000000d)');
    expect(r.stdout).toMatch(/route table app-private \(rtb-0a000000000000003\): route 10\.2\.0\.0\/16 -> tgw-0a1b2c3d4e5f60040\n/);
    expect(r.stdout).toMatch(/transit gateway route table hub-default \(tgw-rtb-0a1b2c3d4e5f60041\): route 10\.2\.0\.0\/16 -> tgw-attach-0c3d4e5f6a7b80010 \(propagated\)\n/);
  });
});
