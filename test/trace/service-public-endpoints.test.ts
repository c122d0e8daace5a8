// TRACE-14: a service name with no endpoint in the VPC stands for the service's public Regional endpoint.
// AWS rule (AWS PrivateLink Guide, "Access AWS services through AWS PrivateLink": without an interface
// endpoint, clients reach a service's public endpoint, which from a private subnet needs a NAT device;
// AWS General Reference, "AWS service endpoints": each service has a Regional endpoint in each Region;
// VPC User Guide, "Enable internet access for a VPC using an internet gateway" and "NAT gateways").
// The address is docs/semantics.md's CHOICE "Public service endpoints" (an address in one of the Region's
// AMAZON prefixes of ip-ranges.json). Every trace here is also asked of the engine (helpers.ts).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { topology } from '../../src/builder/index.js';
import { InputError } from '../../src/model/errors.js';
import { inPrefix, parsePrefix } from '../../src/model/ip.js';
import type { Topology } from '../../src/model/types.js';
import { runCli } from '../helpers/cli.js';
import { components, expectBlocked, expectReachable, trace } from './helpers.js';

const SNS = 'com.amazonaws.us-east-1.sns';

function network(opts: { sqsEndpoint?: boolean; s3Endpoint?: boolean; appEgressToVpcOnly?: boolean } = {}): Topology {
  return topology({ region: 'us-east-1' })
    .vpc('Vpc', '10.0.0.0/16', (v) => {
      v.subnet('Public', '10.0.1.0/24', { az: 'us-east-1a', public: true })
        .subnet('Private', '10.0.2.0/24', { az: 'us-east-1a' })
        .subnet('Isolated', '10.0.3.0/24', { az: 'us-east-1a' })
        .internetGateway('Igw')
        .natGateway('Nat', { subnet: 'Public' })
        .routeTable('PublicRt', { subnets: ['Public'] }, (rt) => rt.route('0.0.0.0/0', { igw: 'Igw' }))
        .routeTable('PrivateRt', { subnets: ['Private'] }, (rt) => rt.route('0.0.0.0/0', { nat: 'Nat' }))
        .routeTable('IsolatedRt', { subnets: ['Isolated'] })
        .securityGroup('AppSg', (g) => (opts.appEgressToVpcOnly ? g.egress({ protocol: 'tcp', ports: 443, cidr: '10.0.0.0/16' }) : g))
        .securityGroup('EndpointSg', (g) => g.ingress({ protocol: 'tcp', ports: 443, cidr: '10.0.0.0/16' }))
        .instance('Web', { subnet: 'Public', ip: '10.0.1.10', publicIp: true })
        .instance('App', { subnet: 'Private', ip: '10.0.2.10', sgs: ['AppSg'] })
        .instance('Batch', { subnet: 'Isolated', ip: '10.0.3.10' });
      if (opts.sqsEndpoint) v.interfaceEndpoint('SqsEndpoint', { service: 'sqs', subnets: ['Isolated'], sgs: ['EndpointSg'] });
      if (opts.s3Endpoint) v.gatewayEndpoint('S3Endpoint', { service: 's3', routeTables: ['PrivateRt'] });
    })
    .build();
}

describe('TRACE-14: public Regional endpoints of AWS services', () => {
  it('a public subnet reaches the SNS Regional endpoint through its internet gateway', () => {
    const a = trace(network(), { from: 'Web', to: SNS, port: 443 });
    expectReachable(a);
    // The CHOICE's address: the us-east-1 AMAZON prefix 52.94.244.0/22 + 16 + SNS's position (0).
    expect(a.query.destination).toBe('52.94.244.16');
    expect(components(a.forwardPath)).toContain('Igw');
  });

  it('a private subnet reaches it through its NAT gateway, and the response comes back the same way', () => {
    const a = trace(network(), { from: 'App', to: SNS, port: 443 });
    expectReachable(a);
    expect(components(a.forwardPath)).toEqual(expect.arrayContaining(['Nat', 'Igw']));
    expect(components(a.returnPath)).toEqual(expect.arrayContaining(['Igw', 'Nat']));
  });

  it('a subnet with no internet gateway or NAT path gets an unreachable answer naming its route table, not an input error', () => {
    for (const service of ['sns', 'sqs', 'ec2', 'sts', 'logs']) {
      expectBlocked(trace(network(), { from: 'Batch', to: `com.amazonaws.us-east-1.${service}`, port: 443 }), 'NO_ROUTE_TO_DESTINATION', 'IsolatedRt');
    }
  });

  it('each service has its own address inside the Region prefix; another Region has its own prefix', () => {
    const addresses = ['sns', 'sqs', 'ec2', 'sts', 'logs'].map((s) => trace(network(), { from: 'Web', to: `com.amazonaws.us-east-1.${s}`, port: 443 }).query.destination);
    expect(new Set(addresses).size).toBe(5);
    for (const a of addresses) expect(inPrefix(parsePrefix('52.94.244.0/22'), 4, parsePrefix(`${a}/32`).addr)).toBe(true);
    // A cross-Region call goes to that Region's public endpoint (eu-west-1: 52.94.24.0/23).
    const eu = trace(network(), { from: 'Web', to: 'com.amazonaws.eu-west-1.sqs', port: 443 });
    expectReachable(eu);
    expect(eu.query.destination).toBe('52.94.24.17');
  });

  it('the source security group still decides: egress allowed only inside the VPC blocks the public endpoint', () => {
    expectBlocked(trace(network({ appEgressToVpcOnly: true }), { from: 'App', to: SNS, port: 443 }), 'ENI_SG_RULES_MISMATCH', 'AppSg');
  });

  it('order: an interface endpoint with private DNS in the source VPC wins over the public endpoint (VPCE-10)', () => {
    const t = network({ sqsEndpoint: true });
    const a = trace(t, { from: 'Batch', to: 'com.amazonaws.us-east-1.sqs', port: 443 });
    expectReachable(a);
    expect(components(a.forwardPath).at(-1)).toBe('SqsEndpoint');
    // SNS has no endpoint there: still the public endpoint, and Batch has no way out.
    expectBlocked(trace(t, { from: 'Batch', to: SNS, port: 443 }), 'NO_ROUTE_TO_DESTINATION', 'IsolatedRt');
  });

  it('order: S3 goes to the gateway endpoint where the route table has its prefix-list route, else to its public endpoint', () => {
    const t = network({ s3Endpoint: true });
    const viaEndpoint = trace(t, { from: 'App', to: 'com.amazonaws.us-east-1.s3', port: 443 });
    expectReachable(viaEndpoint);
    expect(viaEndpoint.forwardPath.map((h) => h.kind)).toContain('GATEWAY_ENDPOINT');
    const viaInternet = trace(t, { from: 'Web', to: 'com.amazonaws.us-east-1.s3', port: 443 });
    expectReachable(viaInternet);
    expect(viaInternet.forwardPath.map((h) => h.kind)).not.toContain('GATEWAY_ENDPOINT');
    expect(components(viaInternet.forwardPath)).toContain('Igw');
    // The S3 public endpoint is an address of the S3 prefix list, the same one the gateway endpoint routes.
    expect(viaInternet.query.destination).toBe(viaEndpoint.query.destination);
  });

  it('a Region or service vpcsim does not cover is bad input naming what it covers', () => {
    expect(() => trace(network(), { from: 'Web', to: 'com.amazonaws.mars-north-1.sns', port: 443 })).toThrow(InputError);
    expect(() => trace(network(), { from: 'Web', to: 'com.amazonaws.mars-north-1.sns', port: 443 })).toThrow(/no public endpoint for com\.amazonaws\.mars-north-1\.sns \(the Regions vpcsim covers are us-east-1, /);
    expect(() => trace(network(), { from: 'Web', to: 'com.amazonaws.us-east-1.nosuchservice', port: 443 })).toThrow(/the services vpcsim covers are sns, sqs, /);
  });
});

const ISOLATED = `Resources:
  Vpc: { Type: AWS::EC2::VPC, Properties: { CidrBlock: 10.0.0.0/16 } }
  Subnet: { Type: AWS::EC2::Subnet, Properties: { VpcId: !Ref Vpc, CidrBlock: 10.0.1.0/24, AvailabilityZone: us-east-1a } }
  Server: { Type: AWS::EC2::Instance, Properties: { SubnetId: !Ref Subnet } }
`;

describe('TRACE-14 from the command line', () => {
  it('exit 0 to SNS from examples/two-tier.yaml (AppServer behind a NAT gateway)', async () => {
    const ok = await runCli('trace', 'examples/two-tier.yaml', '--from', 'AppServer', '--to', SNS, '--port', '443', '--json');
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).query.destination).toBe('52.94.244.16');
  });

  it('exit 1 with the blocking route table from a VPC with no internet gateway', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpcsim-trace14-'));
    const file = join(dir, 'isolated.yaml');
    writeFileSync(file, ISOLATED);
    try {
      const r = await runCli('trace', file, '--from', 'Server', '--to', SNS, '--port', '443');
      expect(r.stderr).toBe('');
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/NOT REACHABLE: NO_ROUTE_TO_DESTINATION/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
