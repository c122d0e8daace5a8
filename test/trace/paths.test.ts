// Whole paths: the response as its own packet (TRACE-5, TRACE-6), who the endpoints are (TRACE-10),
// the route table at each hop (RT-16), service ENIs as ENIs of their subnet (NACL-11), NAT gateways
// behind a transit gateway or a peering (GW-11), endpoints across a peering or TGW (PCX-6, VPCE-5).
import { describe, expect, it } from 'vitest';
import { topology } from '../../src/builder/index.js';
import { parsePrefix } from '../../src/model/ip.js';
import type { Topology } from '../../src/model/types.js';
import { components, expectBlocked, expectReachable, trace } from './helpers.js';
import { natLabVpc } from '../helpers/vpc-layouts.js';

/**
 * Clients (10.0.1.0/24) reach Servers (10.0.3.0/24) through a router appliance (RT-14); Servers answer
 * directly by the local route. `serversAcl: 'no-ephemeral'` lets requests into Servers but no reply out.
 */
function asymmetric(opts: { serversAcl?: 'no-ephemeral' } = {}): Topology {
  return topology({ region: 'us-east-1' })
    .vpc('Vpc', '10.0.0.0/16', (v) => {
      v.subnet('Clients', '10.0.1.0/24')
        .subnet('Appliances', '10.0.2.0/24')
        .subnet('Servers', '10.0.3.0/24')
        .securityGroup('OpenSg', (g) => g.ingress({ protocol: 'all', cidr: '10.0.0.0/16' }))
        .routeTable('ClientRt', { subnets: ['Clients'] }, (rt) => rt.route('10.0.3.0/24', { instance: 'Router' }))
        .instance('Router', { subnet: 'Appliances', ip: '10.0.2.10', sgs: ['OpenSg'], sourceDestCheck: false })
        .instance('Client', { subnet: 'Clients', ip: '10.0.1.10', sgs: ['OpenSg'] })
        .instance('Server', { subnet: 'Servers', ip: '10.0.3.10', sgs: ['OpenSg'] });
      if (opts.serversAcl) {
        v.networkAcl('ServersAcl', { subnets: ['Servers'] }, (a) =>
          a.ingress(100, { action: 'allow', protocol: 'all', cidr: '0.0.0.0/0' }).egress(100, { action: 'allow', protocol: 'tcp', ports: [0, 1023], cidr: '0.0.0.0/0' }),
        );
      }
    })
    .build();
}

describe('the response is a packet of its own (TRACE-5, TRACE-6)', () => {
  it('TRACE-6: the reply does its own route lookups and may take another path (here: not through the router)', () => {
    const a = trace(asymmetric(), { from: 'Client', to: 'Server', port: 22 });
    expectReachable(a);
    expect(components(a.forwardPath)).toContain('Router');
    expect(components(a.returnPath)).not.toContain('Router');
    expect(a.returnPath.filter((h) => h.kind === 'ROUTE_TABLE').map((h) => h.rule)).toEqual(['10.0.0.0/16 -> local']);
  });

  it('TRACE-5: a request that arrives is not enough: no reply out of Servers (NACL-8) means not reachable', () => {
    const a = trace(asymmetric({ serversAcl: 'no-ephemeral' }), { from: 'Client', to: 'Server', port: 22, sourcePort: 40000 });
    expect(a.forwardPath.at(-1)).toMatchObject({ kind: 'NETWORK_INTERFACE', component: 'Server' });
    expectBlocked(a, 'SUBNET_ACL_RESTRICTION', 'ServersAcl', 'response');
  });

  it('TRACE-6: security groups pass the reply by state, not by rules (the reply matches no inbound rule of ClientSg)', () => {
    const t = asymmetric();
    const g = t.securityGroups.find((x) => x.logicalId === 'OpenSg')!;
    g.ingress = [{ protocol: 6, fromPort: 22, toPort: 22, peer: { kind: 'cidr', prefix: parsePrefix('10.0.0.0/16') } }];
    const a = trace(t, { from: 'Client', to: 'Server', port: 22, sourcePort: 40000 });
    expectReachable(a);
    expect(a.returnPath.find((h) => h.kind === 'SECURITY_GROUP_INGRESS')!.action).toMatch(/tracked connection/);
  });
});

describe('route table at each hop (RT-16)', () => {
  it('RT-16: two ENIs of one subnet talk by the local route even when the subnet table sends the subnet CIDR to an appliance', () => {
    const t = topology({ region: 'us-east-1' })
      .vpc('Vpc', '10.0.0.0/16', (v) =>
        v
          .subnet('Clients', '10.0.1.0/24')
          .subnet('Appliances', '10.0.2.0/24')
          .securityGroup('OpenSg', (g) => g.ingress({ protocol: 'all', cidr: '10.0.0.0/16' }))
          .routeTable('ClientRt', { subnets: ['Clients'] }, (rt) => rt.route('10.0.1.0/24', { instance: 'Router' }))
          .instance('Router', { subnet: 'Appliances', sgs: ['OpenSg'], sourceDestCheck: false })
          .instance('Client', { subnet: 'Clients', sgs: ['OpenSg'] })
          .instance('Neighbour', { subnet: 'Clients', sgs: ['OpenSg'] }),
      )
      .build();
    const a = trace(t, { from: 'Client', to: 'Neighbour', port: 22 });
    expectReachable(a);
    expect(components(a.forwardPath)).not.toContain('Router');
    expect(a.forwardPath.find((h) => h.kind === 'ROUTE_TABLE')).toMatchObject({ component: 'ClientRt', rule: 'local' });
  });
});

describe('who the endpoints are (TRACE-10)', () => {
  const t = topology({ region: 'us-east-1' })
    .vpc('Vpc', '10.0.0.0/16', (v) =>
      v
        .subnet('Public', '10.0.0.0/24', { public: true })
        .internetGateway('Igw')
        .routeTable('PublicRt', { subnets: ['Public'] }, (rt) => rt.route('0.0.0.0/0', { igw: 'Igw' }))
        .securityGroup('WebSg', (g) => g.ingress({ protocol: 'tcp', ports: 443, cidr: '0.0.0.0/0' }))
        .instance('Web', { subnet: 'Public', sgs: ['WebSg'] }),
    )
    .build();

  it('TRACE-10: a public address the model does not own is an internet host, as destination and as source', () => {
    const out = trace(t, { from: 'Web', to: '8.8.8.8', port: 443 });
    expectReachable(out);
    expect(out.forwardPath.at(-1)).toMatchObject({ kind: 'INTERNET' });
    const inbound = trace(t, { from: '8.8.8.8', to: 'Web', port: 443 });
    expectReachable(inbound);
    expect(inbound.forwardPath[0]).toMatchObject({ kind: 'INTERNET_GATEWAY', component: 'Igw' });
  });

  it('TRACE-10: a private destination nobody holds is UNKNOWN_DESTINATION; a private source nobody holds is NO_SOURCE_OR_DESTINATION', () => {
    expectBlocked(trace(t, { from: 'Web', to: '10.0.0.99', port: 443 }), 'UNKNOWN_DESTINATION');
    expectBlocked(trace(t, { from: '172.16.5.5', to: 'Web', port: 443 }), 'NO_SOURCE_OR_DESTINATION');
  });
});

describe('NAT gateway ENIs and where NAT gateways serve (NACL-11, GW-11)', () => {
  /** App (10.0.1.0/24) -> NAT in Public (10.0.0.0/24) -> internet; PublicAcl given by the test. */
  function natWithAcl(entries: Array<{ rule: number; egress: boolean; action: 'allow' | 'deny'; cidr: string }>): Topology {
    return topology({ region: 'us-east-1' })
      .vpc('Vpc', '10.0.0.0/16', (v) =>
        natLabVpc(v)
          .networkAcl('PublicAcl', { subnets: ['Public'] }, (a) => {
            for (const e of entries) (e.egress ? a.egress.bind(a) : a.ingress.bind(a))(e.rule, { action: e.action, protocol: 'all', cidr: e.cidr });
          })
          .instance('App', { subnet: 'Private', ip: '10.0.1.10' }),
      )
      .build();
  }
  const allowAll = [
    { rule: 100, egress: false, action: 'allow' as const, cidr: '0.0.0.0/0' },
    { rule: 100, egress: true, action: 'allow' as const, cidr: '0.0.0.0/0' },
  ];

  it('NACL-11: the NAT subnet NACL sees the request entering with its original source (before translation)', () => {
    const a = trace(natWithAcl([{ rule: 50, egress: false, action: 'deny', cidr: '10.0.1.0/24' }, ...allowAll]), { from: 'App', to: '198.51.100.7', port: 443, sourcePort: 40000 });
    expectBlocked(a, 'SUBNET_ACL_RESTRICTION', 'PublicAcl');
    expect(a.explanations[0]).toMatchObject({ direction: 'forward', rule: '50' });
  });

  it('NACL-11: the reply leaves the NAT subnet with its translated destination (after translation)', () => {
    const a = trace(natWithAcl([{ rule: 50, egress: true, action: 'deny', cidr: '10.0.1.10/32' }, ...allowAll]), { from: 'App', to: '198.51.100.7', port: 443, sourcePort: 40000 });
    expectBlocked(a, 'SUBNET_ACL_RESTRICTION', 'PublicAcl', 'response');
    expect(a.explanations[0]!.rule).toBe('50');
    expectReachable(trace(natWithAcl(allowAll), { from: 'App', to: '198.51.100.7', port: 443, sourcePort: 40000 }));
  });

  it('GW-11: traffic arriving from a transit gateway attachment is served by the NAT gateway (centralised egress)', () => {
    const t = topology({ region: 'us-east-1' })
      .vpc('Spoke', '10.1.0.0/16', (v) =>
        v.subnet('SpokeSubnet', '10.1.1.0/24', { az: 'us-east-1a' }).routeTable('SpokeRt', { subnets: ['SpokeSubnet'] }, (rt) => rt.route('0.0.0.0/0', { tgw: 'Tgw' })).instance('SpokeHost', { subnet: 'SpokeSubnet' }),
      )
      .vpc('Egress', '10.9.0.0/16', (v) =>
        v
          .subnet('EgressTgw', '10.9.0.0/28', { az: 'us-east-1a' })
          .subnet('EgressPublic', '10.9.1.0/24', { az: 'us-east-1a' })
          .internetGateway('Igw')
          .natGateway('Nat', { subnet: 'EgressPublic' })
          .routeTable('EgressTgwRt', { subnets: ['EgressTgw'] }, (rt) => rt.route('0.0.0.0/0', { nat: 'Nat' }))
          .routeTable('EgressPublicRt', { subnets: ['EgressPublic'] }, (rt) => rt.route('0.0.0.0/0', { igw: 'Igw' }).route('10.0.0.0/8', { tgw: 'Tgw' })),
      )
      .transitGateway('Tgw', {}, (g) => g.vpcAttachment('SpokeAtt', { vpc: 'Spoke', subnets: ['SpokeSubnet'] }).vpcAttachment('EgressAtt', { vpc: 'Egress', subnets: ['EgressTgw'] }))
      .build();
    const rt = t.transitGatewayRouteTables.find((x) => x.logicalId === 'Tgw.DefaultRouteTable')!;
    rt.routes.push({ destination: parsePrefix('0.0.0.0/0'), attachmentId: t.transitGatewayAttachments.find((x) => x.logicalId === 'EgressAtt')!.id, blackhole: false });
    const a = trace(t, { from: 'SpokeHost', to: '198.51.100.7', port: 443 });
    expectReachable(a);
    expect(components(a.forwardPath)).toEqual(expect.arrayContaining(['EgressAtt', 'Nat', 'Igw']));
  });

  it('GW-11 / PCX-4: traffic arriving over a peering cannot use the peer VPC\'s NAT gateway', () => {
    const t = topology({ region: 'us-east-1' })
      .vpc('A', '10.1.0.0/16', (v) =>
        v
          .subnet('APublic', '10.1.0.0/24')
          .internetGateway('Igw')
          .natGateway('Nat', { subnet: 'APublic' })
          .routeTable('APublicRt', { subnets: ['APublic'] }, (rt) => rt.route('0.0.0.0/0', { igw: 'Igw' }).route('10.2.0.0/16', { pcx: 'AB' })),
      )
      .vpc('B', '10.2.0.0/16', (v) => v.subnet('BSubnet', '10.2.1.0/24').routeTable('BRt', { subnets: ['BSubnet'] }, (rt) => rt.route('0.0.0.0/0', { pcx: 'AB' })).instance('BHost', { subnet: 'BSubnet' }))
      .peering('AB', 'B', 'A')
      .build();
    expectBlocked(trace(t, { from: 'BHost', to: '198.51.100.7', port: 443 }), 'PCX_REQUIRES_ADDRESS_IN_VPC_CIDR', 'AB');
  });
});

describe('endpoints seen from another VPC (PCX-6, VPCE-5)', () => {
  function twoVpcs(link: 'peering' | 'tgw'): Topology {
    const toA = link === 'peering' ? { pcx: 'AB' } : { tgw: 'Tgw' };
    const toB = toA;
    let b = topology({ region: 'us-east-1' })
      .vpc('A', '10.1.0.0/16', (v) =>
        v
          .subnet('ASubnet', '10.1.1.0/24', { az: 'us-east-1a' })
          .securityGroup('EndpointSg', (g) => g.ingress({ protocol: 'tcp', ports: 443, cidr: '10.0.0.0/8' }))
          .routeTable('ARt', { subnets: ['ASubnet'] }, (rt) => rt.route('10.2.0.0/16', toB))
          .interfaceEndpoint('SqsEndpoint', { service: 'sqs', subnets: ['ASubnet'], sgs: ['EndpointSg'], privateDns: true })
          .gatewayEndpoint('S3Endpoint', { service: 's3', routeTables: ['ARt'] })
          .instance('AHost', { subnet: 'ASubnet' }),
      )
      .vpc('B', '10.2.0.0/16', (v) =>
        v.subnet('BSubnet', '10.2.1.0/24', { az: 'us-east-1a' }).routeTable('BRt', { subnets: ['BSubnet'] }, (rt) => rt.route('0.0.0.0/0', toA)).instance('BHost', { subnet: 'BSubnet' }),
      );
    b = link === 'peering' ? b.peering('AB', 'B', 'A') : b.transitGateway('Tgw', {}, (g) => g.vpcAttachment('AAtt', { vpc: 'A', subnets: ['ASubnet'] }).vpcAttachment('BAtt', { vpc: 'B', subnets: ['BSubnet'] }));
    return b.build();
  }

  it('PCX-6: an interface endpoint ENI in the peer VPC is reachable over the peering', () => {
    const a = trace(twoVpcs('peering'), { from: 'BHost', to: 'SqsEndpoint', port: 443 });
    expectReachable(a);
    expect(a.forwardPath.map((h) => h.kind)).toContain('VPC_PEERING_CONNECTION');
    expect(a.forwardPath.at(-1)).toMatchObject({ kind: 'INTERFACE_ENDPOINT', component: 'SqsEndpoint' });
  });

  it('VPCE-5: traffic from another VPC (TGW) cannot use the gateway endpoint; from inside the VPC it can', () => {
    const t = twoVpcs('tgw');
    // The TGW sends everything else to A, whose attachment subnet's table holds the endpoint route.
    t.transitGatewayRouteTables[0]!.routes.push({ destination: parsePrefix('0.0.0.0/0'), attachmentId: t.transitGatewayAttachments.find((x) => x.logicalId === 'AAtt')!.id, blackhole: false });
    expectReachable(trace(t, { from: 'AHost', to: 'com.amazonaws.us-east-1.s3', port: 443 }));
    expectBlocked(trace(t, { from: 'BHost', to: 'com.amazonaws.us-east-1.s3', port: 443 }), 'CANNOT_ROUTE', 'S3Endpoint');
  });
});
