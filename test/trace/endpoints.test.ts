// VPC endpoints from the course notes: an S3 gateway endpoint lets a private subnet reach S3 without
// a NAT gateway; interface endpoints are ENIs with security groups.
import { describe, expect, it } from 'vitest';
import { topology } from '../../src/builder/index.js';
import type { Topology } from '../../src/model/types.js';
import { expectBlocked, expectReachable, trace } from './helpers.js';

const S3 = 'com.amazonaws.us-east-1.s3';

function privateSubnet(opts: { endpoint?: boolean; policy?: 'allow' | 'deny'; denyInAcl?: string } = {}): Topology {
  return topology({ region: 'us-east-1' })
    .vpc('Vpc', '10.0.0.0/16', (v) => {
      v.subnet('Private', '10.0.1.0/24', { az: 'us-east-1a' })
        .subnet('Private2', '10.0.2.0/24', { az: 'us-east-1b' })
        .routeTable('PrivateRt', { subnets: ['Private'] })
        .securityGroup('AppSg') // SG-10: a new group allows all egress
        .securityGroup('EndpointSg', (g) => g.ingress({ protocol: 'tcp', ports: 443, sg: 'AppSg' }))
        .instance('App', { subnet: 'Private', ip: '10.0.1.10', sgs: ['AppSg'] })
        .instance('Other', { subnet: 'Private2', ip: '10.0.2.10' })
        .interfaceEndpoint('SqsEndpoint', { service: 'sqs', subnets: ['Private'], sgs: ['EndpointSg'] });
      if (opts.endpoint !== false) v.gatewayEndpoint('S3Endpoint', { service: 's3', routeTables: ['PrivateRt'], policy: opts.policy ?? 'allow' });
      if (opts.denyInAcl) {
        v.networkAcl('PrivateAcl', { subnets: ['Private'] }, (a) =>
          a
            .egress(50, { action: 'deny', protocol: 'all', cidr: opts.denyInAcl! })
            .egress(100, { action: 'allow', protocol: 'all', cidr: '0.0.0.0/0' })
            .ingress(100, { action: 'allow', protocol: 'all', cidr: '0.0.0.0/0' }),
        );
      }
    })
    .build();
}

describe('gateway endpoints (VPCE-1..7)', () => {
  it('VPCE-2 / VPCE-3: a private subnet reaches S3 through the gateway endpoint route (prefix list)', () => {
    const a = trace(privateSubnet(), { from: 'App', to: S3, port: 443 });
    expectReachable(a);
    const route = a.forwardPath.find((h) => h.kind === 'ROUTE_TABLE')!;
    expect(route.rule).toMatch(/^pl-/);
    expect(a.forwardPath.map((h) => h.kind)).toContain('GATEWAY_ENDPOINT');
    expect(a.returnPath[0]).toMatchObject({ kind: 'GATEWAY_ENDPOINT', component: 'S3Endpoint' });
  });

  it('VPCE-2: without the endpoint the private subnet has no route to S3', () => {
    expectBlocked(trace(privateSubnet({ endpoint: false }), { from: 'App', to: S3, port: 443 }), 'NO_ROUTE_TO_DESTINATION', 'PrivateRt');
  });

  it('VPCE-2: a subnet whose route table does not carry the endpoint route does not use it', () => {
    expectBlocked(trace(privateSubnet(), { from: 'Other', to: S3, port: 443 }), 'NO_ROUTE_TO_DESTINATION', 'Vpc.MainRouteTable');
  });

  it('VPCE-6: gateway endpoints carry TCP and ICMP echo only', () => {
    expectBlocked(trace(privateSubnet(), { from: 'App', to: S3, protocol: 'udp', port: 53 }), 'VPCE_GATEWAY_PROTOCOL_RESTRICTION', 'S3Endpoint');
    expectReachable(trace(privateSubnet(), { from: 'App', to: S3, protocol: 'icmp' }));
  });

  it('VPCE-7: an endpoint policy that denies the service blocks the flow', () => {
    expectBlocked(trace(privateSubnet({ policy: 'deny' }), { from: 'App', to: S3, port: 443 }), 'VPCSIM_ENDPOINT_POLICY_DENY', 'S3Endpoint');
  });

  it('NACL-10: the subnet network ACL still applies to traffic to the S3 prefix list', () => {
    const s3Address = trace(privateSubnet(), { from: 'App', to: S3, port: 443 }).query.destination;
    const a = trace(privateSubnet({ denyInAcl: `${s3Address}/32` }), { from: 'App', to: S3, port: 443 });
    expectBlocked(a, 'SUBNET_ACL_RESTRICTION', 'PrivateAcl');
    expect(a.explanations[0]!.detail).toMatch(/outbound .*rule 50 denies/);
  });
});

describe('interface endpoints (VPCE-8..12)', () => {
  it('VPCE-9: the endpoint security group admits the client group', () => {
    expectReachable(trace(privateSubnet(), { from: 'App', to: 'SqsEndpoint', port: 443 }));
    expectBlocked(trace(privateSubnet(), { from: 'Other', to: 'SqsEndpoint', port: 443 }), 'ENI_SG_RULES_MISMATCH', 'EndpointSg');
  });

  it('VPCE-11: interface endpoints accept TCP only', () => {
    expectBlocked(trace(privateSubnet(), { from: 'App', to: 'SqsEndpoint', protocol: 'udp', port: 443 }), 'PROTOCOL_RESTRICTION', 'SqsEndpoint');
  });

  it('VPCE-10: with private DNS, the service name resolves to the endpoint ENI in the client AZ', () => {
    const t = privateSubnet();
    const a = trace(t, { from: 'App', to: 'com.amazonaws.us-east-1.sqs', port: 443 });
    expectReachable(a);
    const eni = t.networkInterfaces.find((e) => e.logicalId.startsWith('SqsEndpoint'))!;
    expect(a.query.destination).toBe(eni.privateIps[0]!.address!.text);
  });

  it('VPCE-12: an endpoint never initiates connections', () => {
    expectBlocked(trace(privateSubnet(), { from: 'SqsEndpoint', to: 'App', port: 443 }), 'VPCE_INTRA_VPC_TRAFFIC', 'SqsEndpoint');
  });
});
