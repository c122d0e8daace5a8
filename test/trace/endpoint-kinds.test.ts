// --from / --to naming what is not a traffic endpoint (issue 11 §2): the answer says what the id is and
// what to trace instead, not a "did you mean" towards an unrelated name; an Elastic IP stands for its
// public address ("Elastic IP addresses", EC2 User Guide: an Elastic IP associated with an instance or
// network interface is its public IPv4 address), by logical id or, in snapshots, by allocation id.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { topology } from '../../src/builder/index.js';
import { toCloudFormation } from '../../src/generate/cloudformation/index.js';
import { generateTopology } from '../../src/generate/generate.js';
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

describe('a gateway VPC endpoint', () => {
  // "Gateway endpoints" (AWS PrivateLink Guide): a gateway endpoint is a target for a route in a route table,
  // for the service's AWS-managed prefix list; it has no network interface and no address (VPCE-2).
  const design = () =>
    topology({ region: 'us-east-1' })
      .vpc('Vpc', '10.0.0.0/16', (v) =>
        v
          .subnet('Private', '10.0.1.0/24')
          .routeTable('PrivateRt', { subnets: ['Private'] })
          .securityGroup('AppSg')
          .instance('App', { subnet: 'Private', ip: '10.0.1.10', sgs: ['AppSg'] })
          .gatewayEndpoint('S3Endpoint', { service: 's3', routeTables: ['PrivateRt'] }),
      )
      .build();

  it('says what it is and what to trace instead: its service name or an address of its prefix list', () => {
    const t = design();
    const message = /^query\.to: 'S3Endpoint' is a gateway VPC endpoint, not a traffic endpoint; its route tables send the prefix list (pl-\w+) \(com\.amazonaws\.us-east-1\.s3\) to it: trace to its service name \(com\.amazonaws\.us-east-1\.s3\) or to an address in \1, such as ([\d.]+)$/;
    let error = '';
    try {
      trace(t, { from: 'App', to: 'S3Endpoint', protocol: 'tcp', port: 443 });
    } catch (err) {
      error = (err as Error).message;
    }
    const [, list, example] = error.match(message) ?? [];
    // The list is the one its route table sends to it, and the advice works: both traces take the endpoint.
    expect(t.routeTables.find((rt) => rt.logicalId === 'PrivateRt')!.routes.some((r) => r.destinationPrefixListId === list)).toBe(true);
    for (const to of ['com.amazonaws.us-east-1.s3', example!]) {
      const a = trace(t, { from: 'App', to, protocol: 'tcp', port: 443 });
      expect(a.reachable).toBe(true);
      expect(a.forwardPath.find((h) => h.kind === 'GATEWAY_ENDPOINT')?.component).toBe('S3Endpoint');
    }
  });

  it('in a generated design, by logical id, from the CLI: no "did you mean" repeating the name', async () => {
    const t = generateTopology({ seed: 1, vpcs: 12, subnetsPerVpc: 3, instancesPerSubnet: 1, hub: 'tgw' });
    const ep = t.vpcEndpoints.find((e) => e.type === 'Gateway')!;
    const file = join(mkdtempSync(join(tmpdir(), 'vpcsim-gwe-')), 'design.yaml');
    writeFileSync(file, toCloudFormation(t));
    const error = await refused(file, '--from', t.instances[0]!.logicalId, '--to', ep.logicalId);
    expect(error).toMatch(new RegExp(`--to: '${ep.logicalId}' is a gateway VPC endpoint, not a traffic endpoint; its route tables send the prefix list pl-\\w+ \\(com\\.amazonaws\\.us-east-1\\.s3\\)`));
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
