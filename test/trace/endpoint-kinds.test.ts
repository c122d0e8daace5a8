// --from / --to naming what is not a traffic endpoint (issue 11 §2): the answer says what the id is and
// what to trace instead, not a "did you mean" towards an unrelated name; an Elastic IP stands for its
// public address ("Elastic IP addresses", EC2 User Guide: an Elastic IP associated with an instance or
// network interface is its public IPv4 address), by logical id or, in snapshots, by allocation id.
import { describe, expect, it } from 'vitest';
import { topology } from '../../src/builder/index.js';
import { runCli } from '../helpers/cli.js';
import { trace } from './helpers.js';

const TWO_TIER = 'examples/two-tier.yaml';
const SNAPSHOT = 'test/fixtures/snapshot/account';

async function refused(...argv: string[]): Promise<string> {
  const r = await runCli('trace', ...argv, '--port', '80', '--quiet');
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).not.toContain('did you mean');
  return r.stderr;
}

describe('an id that is not a traffic endpoint', () => {
  it('a security group names the resources whose interfaces it is on', async () => {
    expect(await refused(TWO_TIER, '--from', 'WebSg', '--to', 'AppServer')).toBe(
      `error: ${TWO_TIER}: --from: 'WebSg' is a security group, not a traffic endpoint; its network interfaces belong to WebServer: trace from or to one of those\n`,
    );
  });

  it('a subnet names what it holds and its CIDR', async () => {
    expect(await refused(TWO_TIER, '--from', 'WebServer', '--to', 'PublicSubnet')).toBe(
      `error: ${TWO_TIER}: --to: 'PublicSubnet' is a subnet, not a traffic endpoint; it holds Bastion, WebServer, NatGateway: trace from or to one of those, or an address in 10.0.0.0/24\n`,
    );
  });

  it('a route table, by its physical id too, says what can be traced', async () => {
    expect(await refused(TWO_TIER, '--from', 'WebServer', '--to', 'PublicRouteTable')).toMatch(/--to: 'PublicRouteTable' is a route table, not a traffic endpoint; trace from or to an instance, network interface, NAT gateway, interface endpoint, Elastic IP or IP address/);
    // Snapshot: the Name tag web-sg (describe-security-groups.json) is on web-1's interface.
    expect(await refused(SNAPSHOT, '--from', 'web-sg', '--to', 'app-1')).toMatch(/--from: 'web-sg' is a security group, not a traffic endpoint; its network interfaces belong to i-0aaaaaaaaaaaaaaa1/);
  });

  it('a security group no interface uses says so', () => {
    const t = topology({ region: 'us-east-1' })
      .vpc('Vpc', '10.0.0.0/16', (v) => v.subnet('A', '10.0.0.0/24').securityGroup('Unused').instance('Host', { subnet: 'A', ip: '10.0.0.10' }))
      .build();
    expect(() => trace(t, { from: 'Host', to: 'Unused', protocol: 'tcp', port: 80 })).toThrow(/^query\.to: 'Unused' is a security group, not a traffic endpoint; no network interface uses it$/);
  });

  it('a name that matches nothing still gets a suggestion', async () => {
    const r = await runCli('trace', TWO_TIER, '--from', 'WebServr', '--to', 'AppServer', '--port', '80');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("(did you mean 'WebServer'?)");
  });
});

describe('an Elastic IP is its public address', () => {
  it('by logical id in a template: the same trace as to the address itself', async () => {
    const byName = JSON.parse((await runCli('trace', TWO_TIER, '--from', '8.8.8.8', '--to', 'WebEip', '--port', '80', '--json', '--quiet')).stdout);
    const address = byName.query.destination as string;
    // WebEip is associated with WebServer (InstanceId): WebServer's public address.
    const list = JSON.parse((await runCli('list', TWO_TIER, '--json', '--quiet')).stdout);
    const web = list.endpoints.find((e: { logicalId: string }) => e.logicalId === 'WebServer');
    expect(web.publicAddresses).toEqual([address]);
    const byAddress = JSON.parse((await runCli('trace', TWO_TIER, '--from', '8.8.8.8', '--to', address, '--port', '80', '--json', '--quiet')).stdout);
    expect({ ...byName, query: { ...byName.query, to: address } }).toEqual(byAddress);
  });

  it("as a source it is its instance; a NAT gateway's Elastic IP is its public address", async () => {
    const r = await runCli('trace', TWO_TIER, '--from', 'WebEip', '--to', '8.8.8.8', '--port', '80', '--json', '--quiet');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).query.source).toBe('10.0.0.10');
    const nat = JSON.parse((await runCli('trace', TWO_TIER, '--from', 'WebServer', '--to', 'NatEip', '--port', '80', '--json', '--quiet')).stdout);
    expect(nat.query.destination).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(nat.query.destination.startsWith('10.')).toBe(false);
  });

  it('by allocation id in a snapshot (describe-network-interfaces Association.AllocationId)', async () => {
    const r = await runCli('trace', SNAPSHOT, '--from', '8.8.8.8', '--to', 'eipalloc-0a1b2c3d4e5f60005', '--port', '80', '--json', '--quiet');
    expect(JSON.parse(r.stdout).query.destination).toBe('3.85.20.30');
  });

  it('by name in the builder', () => {
    const t = topology({ region: 'us-east-1' })
      .vpc('Vpc', '10.0.0.0/16', (v) =>
        v
          .subnet('Public', '10.0.0.0/24')
          .internetGateway('Igw')
          .routeTable('Rt', { subnets: ['Public'] }, (rt) => rt.route('0.0.0.0/0', { igw: 'Igw' }))
          .securityGroup('Open', (g) => g.ingress({ protocol: 'tcp', ports: 443, cidr: '0.0.0.0/0' }))
          .instance('Web', { subnet: 'Public', ip: '10.0.0.10', sgs: ['Open'], eip: 'WebIp' }),
      )
      .elasticIp('WebIp', '198.51.100.7')
      .build();
    const a = trace(t, { from: '203.0.113.9', to: 'WebIp', protocol: 'tcp', port: 443 });
    expect(a.query.destination).toBe('198.51.100.7');
    expect(a.reachable).toBe(true);
  });
});
