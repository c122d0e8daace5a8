// Routes whose target cannot carry the packet (RT-10), a subnet without a route table (RT-1) and transit
// gateway attachment types vpcsim does not model. Where validation refuses the model, the test shows that
// refusal; the trace of the same model is still asked (the library traces unvalidated models too) and
// helpers.ts requires the engine-backed trace() to give the same answer.
import { describe, expect, it } from 'vitest';
import { topology } from '../../src/builder/index.js';
import { collectWarnings, validateTopology } from '../../src/model/validate.js';
import type { Topology } from '../../src/model/types.js';
import { expectBlocked, trace } from './helpers.js';
import { validationError } from '../helpers/input-error.js';

/** One VPC: an app subnet whose table routes to a NAT gateway, a firewall endpoint and a peering. */
function vpc(): Topology {
  return topology({ region: 'us-east-1' })
    .firewallPolicy('Policy')
    .vpc('Vpc', '10.0.0.0/16', (v) =>
      v
        .subnet('Public', '10.0.0.0/24', { az: 'us-east-1a' })
        .subnet('Fw', '10.0.1.0/28', { az: 'us-east-1a' })
        .subnet('App', '10.0.2.0/24', { az: 'us-east-1a' })
        .internetGateway('Igw')
        .natGateway('Nat', { subnet: 'Public' })
        .networkFirewall('Firewall', { policy: 'Policy', subnets: ['Fw'] })
        .routeTable('AppRt', { subnets: ['App'] }, (rt) =>
          rt.route('0.0.0.0/0', { nat: 'Nat' }).route('198.51.100.0/24', { firewall: 'Firewall', az: 'us-east-1a' }).route('10.9.0.0/16', { pcx: 'Pcx' }),
        )
        .instance('AppHost', { subnet: 'App', ip: '10.0.2.10' }),
    )
    .vpc('Peer', '10.9.0.0/16', (v) => v.subnet('PeerSubnet', '10.9.1.0/24'))
    .peering('Pcx', 'Vpc', 'Peer')
    .build();
}

describe('RT-10: route targets that cannot carry the packet', () => {
  it('RT-10 / docs/semantics.md (peering to a VPC outside the model): the model is valid with a warning; traffic to it is a bad route', () => {
    const t = vpc();
    const peer = t.vpcs.find((v) => v.logicalId === 'Peer')!;
    t.vpcs = t.vpcs.filter((v) => v !== peer);
    t.subnets = t.subnets.filter((s) => s.vpcId !== peer.id);
    t.routeTables = t.routeTables.filter((r) => r.vpcId !== peer.id);
    t.networkAcls = t.networkAcls.filter((n) => n.vpcId !== peer.id);
    t.securityGroups = t.securityGroups.filter((g) => g.vpcId !== peer.id);
    expect(() => validateTopology(t)).not.toThrow();
    expect(collectWarnings(t)).toContain(`VPCPeeringConnection 'Pcx': VPC ${peer.id} is not in the model; traffic to it is not simulated`);
    const a = trace(t, { from: 'AppHost', to: '10.9.1.5', port: 443 });
    expectBlocked(a, 'BAD_STATE_ROUTE', 'AppRt');
    expect(a.explanations[0]).toMatchObject({ rule: `10.9.0.0/16 -> ${t.vpcPeeringConnections[0]!.id}`, detail: `route 10.9.0.0/16 -> ${t.vpcPeeringConnections[0]!.id}: the peer VPC is not in the model` });
  });

  it('RT-10: a NAT gateway whose network interface is missing: validation refuses the model; the trace names a bad route', () => {
    const t = vpc();
    const nat = t.natGateways[0]!;
    t.networkInterfaces = t.networkInterfaces.filter((e) => e.id !== nat.networkInterfaceId);
    expect(validationError(t).message).toMatch(/^NatGateway 'Nat': NetworkInterfaceId .* \(InvalidNetworkInterfaceID\.NotFound\)$/);
    const a = trace(t, { from: 'AppHost', to: '203.0.113.9', port: 443 });
    expectBlocked(a, 'BAD_STATE_ROUTE', 'AppRt');
    expect(a.explanations[0]!.detail).toBe(`route 0.0.0.0/0 -> ${nat.id}: the NAT gateway has no network interface`);
  });

  it('RT-10: a firewall endpoint whose network interface is missing is a bad route', () => {
    const t = vpc();
    const ep = t.networkFirewalls[0]!.endpoints[0]!;
    t.networkInterfaces = t.networkInterfaces.filter((e) => e.id !== ep.networkInterfaceId);
    const a = trace(t, { from: 'AppHost', to: '198.51.100.7', port: 443 });
    expectBlocked(a, 'BAD_STATE_ROUTE', 'AppRt');
    expect(a.explanations[0]!.detail).toBe(`route 198.51.100.0/24 -> ${ep.endpointId}: the firewall endpoint has no network interface`);
  });
});

describe('RT-1: every subnet has a route table', () => {
  /** Two subnets with no explicit association: both use the main route table (RT-1), which is then removed. */
  function withoutMainRouteTable(): Topology {
    const t = topology({ region: 'us-east-1' })
      .vpc('Vpc', '10.0.0.0/16', (v) =>
        v
          .subnet('A', '10.0.1.0/24')
          .subnet('B', '10.0.2.0/24')
          .securityGroup('OpenSg', (g) => g.ingress({ protocol: 'all', cidr: '10.0.0.0/16' }))
          .instance('HostA', { subnet: 'A', ip: '10.0.1.10', sgs: ['OpenSg'] })
          .instance('HostA2', { subnet: 'A', ip: '10.0.1.11', sgs: ['OpenSg'] })
          .instance('HostB', { subnet: 'B', ip: '10.0.2.10', sgs: ['OpenSg'] }),
      )
      .build();
    t.routeTables = t.routeTables.filter((r) => r.id !== t.vpcs[0]!.mainRouteTableId);
    return t;
  }

  it('RT-1: validation refuses a VPC whose main route table is missing', () => {
    expect(validationError(withoutMainRouteTable()).message).toMatch(/^VPC 'Vpc': MainRouteTableId .*\(InvalidRouteTableID\.NotFound\)$/);
  });

  it('RT-1: traced anyway, a packet leaving a subnet without a route table has no route (NO_ROUTE_TO_DESTINATION naming the subnet)', () => {
    const a = trace(withoutMainRouteTable(), { from: 'HostA', to: 'HostB', port: 22 });
    expectBlocked(a, 'NO_ROUTE_TO_DESTINATION', 'A');
    expect(a.explanations[0]).toMatchObject({ type: 'AWS::EC2::Subnet', detail: 'subnet A has no route table' });
  });

  it('RT-16: traced anyway, two interfaces of one subnet still talk by the local route, and the hop names no route table', () => {
    const a = trace(withoutMainRouteTable(), { from: 'HostA', to: 'HostA2', port: 22 });
    expect(a.reachable).toBe(true);
    expect(a.forwardPath.find((h) => h.kind === 'ROUTE_TABLE')).toMatchObject({ component: '', action: 'local delivery inside subnet A', rule: 'local' });
  });
});

describe('TGW attachment types vpcsim does not model', () => {
  it('TGW-3 (docs/semantics.md): a TGW route to a Connect attachment ends with NO_PATH naming the attachment', () => {
    const t = topology({ region: 'us-east-1' })
      .vpc('Vpc', '10.0.0.0/16', (v) =>
        v
          .subnet('App', '10.0.1.0/24', { az: 'us-east-1a' })
          .routeTable('AppRt', { subnets: ['App'] }, (rt) => rt.route('172.31.0.0/16', { tgw: 'Tgw' }))
          .instance('AppHost', { subnet: 'App', ip: '10.0.1.10' }),
      )
      .transitGateway('Tgw', { defaultRouteTableAssociation: false, defaultRouteTablePropagation: false }, (g) => {
        g.vpcAttachment('VpcAtt', { vpc: 'Vpc', subnets: ['App'] });
        const connect = g.attachment('SdWan', 'connect', 'VpcAtt');
        g.routeTable('TgwRt', { associations: ['VpcAtt'] }, (rt) => rt.route('172.31.0.0/16', connect.logicalId));
      })
      .build();
    // A Connect attachment rides on a transport attachment (here the VPC attachment).
    t.transitGatewayAttachments.find((x) => x.logicalId === 'SdWan')!.resourceId = t.transitGatewayAttachments.find((x) => x.logicalId === 'VpcAtt')!.id;
    expect(() => validateTopology(t)).not.toThrow();
    const a = trace(t, { from: 'AppHost', to: '172.31.0.5', port: 443 });
    expectBlocked(a, 'NO_PATH', 'SdWan');
    expect(a.explanations[0]).toMatchObject({ type: 'AWS::EC2::TransitGatewayAttachment', detail: 'connect attachments are not modelled' });
  });
});
