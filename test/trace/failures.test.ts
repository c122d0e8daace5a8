// Failure scenarios (SEMANTICS.md §13, TRACE-12): components named in the query's `down` set, and
// what AWS does with them: an AZ takes down everything zonal in it (MC-2), a NAT gateway drops and
// keeps its routes (MC-4), a VPN connection is up while one tunnel is (MC-5) and its routes are
// withdrawn when both are down, a DX connection down withdraws its VIFs' routes (MC-6), a TGW
// attachment is down in all AZs or loses one AZ (MC-7). Each query is asked of the reference here
// and of the engine after the file (./helpers.ts).
import { describe, expect, it } from 'vitest';
import { topology } from '../../src/builder/index.js';
import type { Topology } from '../../src/model/types.js';
import { appBehindVgw } from '../helpers/availability-topologies.js';
import { components, expectBlocked, expectReachable, trace } from './helpers.js';

const AZ_A = 'us-east-1a';
const AZ_B = 'us-east-1b';
const AZ_C = 'us-east-1c';
const ON_PREM_HOST = '172.20.1.5';

/** One VPC over two AZs: a NAT gateway in AZ a, app instances in both AZs routing to it (GW-13). */
function zonalNat(): Topology {
  return topology({ region: 'us-east-1' })
    .vpc('Vpc', '10.0.0.0/16', (v) =>
      v
        .subnet('PublicA', '10.0.0.0/24', { az: AZ_A })
        .subnet('AppA', '10.0.1.0/24', { az: AZ_A })
        .subnet('AppB', '10.0.2.0/24', { az: AZ_B })
        .internetGateway('Igw')
        .natGateway('Nat', { subnet: 'PublicA' })
        .routeTable('PublicRt', { subnets: ['PublicA'] }, (rt) => rt.route('0.0.0.0/0', { igw: 'Igw' }))
        .routeTable('AppRt', { subnets: ['AppA', 'AppB'] }, (rt) => rt.route('0.0.0.0/0', { nat: 'Nat' }))
        .securityGroup('AppSg', (g) => g.ingress({ protocol: 'all', cidr: '10.0.0.0/16' }))
        .instance('InstanceA', { subnet: 'AppA', ip: '10.0.1.10', sgs: ['AppSg'] })
        .instance('InstanceB', { subnet: 'AppB', ip: '10.0.2.10', sgs: ['AppSg'] }),
    )
    .build();
}

/**
 * A VGW with route propagation (RT-12) to on premises 172.20.0.0/16 over a private VIF on DX
 * connection 'Dx', a static VPN 'Primary' and a BGP VPN 'Backup' (RT-4: DX > VPN static > VPN BGP).
 */
function hybrid(opts: { dx?: boolean } = {}): Topology {
  let b = appBehindVgw()
    .vpnConnection('Primary', { customerGateway: 'Cgw', vpnGateway: 'Vgw', staticRoutes: ['172.20.0.0/16'] })
    .vpnConnection('Backup', { customerGateway: 'Cgw', vpnGateway: 'Vgw', bgpPrefixes: ['172.20.0.0/16'] });
  if (opts.dx) {
    b = b.directConnectConnection('Dx').virtualInterface('Vif', { kind: 'private', connection: 'Dx', vpnGateway: 'Vgw', onPremises: ['172.20.0.0/16'] });
  }
  return b.build();
}

/** Spoke (attachment in AZ c only) to Shared (attachment subnets in AZs a and b, the server in AZ b) over a TGW. */
function transit(): Topology {
  const sg = { protocol: 'all' as const, cidr: '10.0.0.0/8' };
  return topology({ region: 'us-east-1' })
    .vpc('Spoke', '10.1.0.0/16', (v) =>
      v
        .subnet('SpokeApp', '10.1.1.0/24', { az: AZ_C })
        .routeTable('SpokeRt', { subnets: ['SpokeApp'] }, (rt) => rt.route('10.0.0.0/8', { tgw: 'Tgw' }))
        .securityGroup('SpokeSg', (g) => g.ingress(sg))
        .instance('Client', { subnet: 'SpokeApp', ip: '10.1.1.10', sgs: ['SpokeSg'] }),
    )
    .vpc('Shared', '10.2.0.0/16', (v) =>
      v
        .subnet('TgwA', '10.2.0.0/28', { az: AZ_A })
        .subnet('TgwB', '10.2.0.16/28', { az: AZ_B })
        .subnet('SharedApp', '10.2.1.0/24', { az: AZ_B })
        .routeTable('SharedRt', { subnets: ['TgwA', 'TgwB', 'SharedApp'] }, (rt) => rt.route('10.0.0.0/8', { tgw: 'Tgw' }))
        .securityGroup('SharedSg', (g) => g.ingress(sg))
        .instance('Server', { subnet: 'SharedApp', ip: '10.2.1.10', sgs: ['SharedSg'] }),
    )
    .transitGateway('Tgw', {}, (g) => g.vpcAttachment('SpokeAtt', { vpc: 'Spoke', subnets: ['SpokeApp'] }).vpcAttachment('SharedAtt', { vpc: 'Shared', subnets: ['TgwA', 'TgwB'] }))
    .build();
}

const idOf = (t: Topology, logicalId: string): string => {
  const all = [...t.instances, ...t.natGateways, ...t.transitGatewayAttachments, ...t.directConnectConnections, ...t.vpnConnections, ...t.subnets, ...t.networkInterfaces];
  return all.find((x) => x.logicalId === logicalId)!.id;
};

/** The availability zone of the TGW attachment subnet the packet left the transit gateway by. */
const exitAz = (hops: { kind: string; action: string }[]) => /\((us-east-1[a-c])\)/.exec(hops.find((h) => h.kind === 'TRANSIT_GATEWAY_ATTACHMENT' && h.action.startsWith('leaves'))!.action)?.[1];

describe('failure scenarios (MC-2..MC-7, TRACE-12)', () => {
  it('TRACE-12: a source that is down is BAD_STATE naming it; so is a destination', () => {
    const t = zonalNat();
    expectBlocked(trace(t, { from: 'InstanceA', to: 'InstanceB', port: 22, down: [idOf(t, 'InstanceA')] }), 'BAD_STATE', 'InstanceA');
    const toDown = trace(t, { from: 'InstanceA', to: 'InstanceB', port: 22, down: [idOf(t, 'InstanceB')] });
    expectBlocked(toDown, 'BAD_STATE', 'InstanceB');
    expect(toDown.explanations[0]!.detail).toBe('InstanceB is down');
    // Nothing down: the same query passes (the block came from the down set).
    expectReachable(trace(t, { from: 'InstanceA', to: 'InstanceB', port: 22 }));
  });

  it('MC-1: an instance down takes its network interface down, and an ENI down takes the instance off the network', () => {
    const t = zonalNat();
    const eni = t.networkInterfaces.find((e) => e.ownerId === idOf(t, 'InstanceB'))!.id;
    expectBlocked(trace(t, { from: 'InstanceA', to: 'InstanceB', port: 22, down: [eni] }), 'BAD_STATE', 'InstanceB');
  });

  it('MC-2: an AZ down takes down its subnets and instances: the source in it is down, a destination in it is down', () => {
    const t = zonalNat();
    expectBlocked(trace(t, { from: 'InstanceA', to: 'InstanceB', port: 22, down: [AZ_A] }), 'BAD_STATE', 'InstanceA');
    const toA = trace(t, { from: 'InstanceB', to: 'InstanceA', port: 22, down: [AZ_A] });
    expectBlocked(toA, 'BAD_STATE', 'InstanceA');
    // The answer says why (the widest component down: the AZ, else the subnet).
    expect(toA.explanations[0]!.detail).toBe(`InstanceA is down (its Availability Zone ${AZ_A} is down)`);
    // A subnet down is the same for the instances in it, and only for them.
    const subnetDown = trace(t, { from: 'InstanceB', to: 'InstanceA', port: 22, down: [idOf(t, 'AppA')] });
    expectBlocked(subnetDown, 'BAD_STATE', 'InstanceA');
    expect(subnetDown.explanations[0]!.detail).toBe('InstanceA is down (its subnet AppA is down)');
    // With the instance and its AZ both down, the AZ is named (an AZ outage takes the instance with it).
    expect(trace(t, { from: 'InstanceB', to: 'InstanceA', port: 22, down: [AZ_A, idOf(t, 'InstanceA')] }).explanations[0]!.detail).toBe(`InstanceA is down (its Availability Zone ${AZ_A} is down)`);
    expectReachable(trace(t, { from: 'InstanceB', to: 'InstanceA', port: 22, down: [idOf(t, 'PublicA')] }));
  });

  it('MC-2, GW-13: the NAT gateway is zonal: with its AZ down, an instance in the other AZ loses egress (BAD_STATE at the NAT gateway)', () => {
    const t = zonalNat();
    expectReachable(trace(t, { from: 'InstanceB', to: '198.51.100.7', port: 443 }));
    const a = trace(t, { from: 'InstanceB', to: '198.51.100.7', port: 443, down: [AZ_A] });
    expectBlocked(a, 'BAD_STATE', 'Nat');
    expect(a.explanations[0]!.detail).toBe(`NAT gateway Nat is down (its Availability Zone ${AZ_A} is down)`);
    const natEni = t.natGateways[0]!.networkInterfaceId;
    expect(trace(t, { from: 'InstanceB', to: '198.51.100.7', port: 443, down: [natEni] }).explanations[0]!.detail).toBe('NAT gateway Nat is down (its network interface is down)');
  });

  it('MC-4: a NAT gateway down keeps its route (the route hop passes) and drops the traffic with BAD_STATE; no failover', () => {
    const t = zonalNat();
    const a = trace(t, { from: 'InstanceB', to: '198.51.100.7', port: 443, down: [idOf(t, 'Nat')] });
    expectBlocked(a, 'BAD_STATE', 'Nat');
    expect(a.explanations[0]!.detail).toBe('NAT gateway Nat is down');
    expect(a.forwardPath.find((h) => h.kind === 'ROUTE_TABLE')).toMatchObject({ component: 'AppRt', rule: expect.stringMatching(/^0\.0\.0\.0\/0 -> nat-/) });
  });

  it('MC-5: a VPN connection stays up with one tunnel down; with both down its routes are withdrawn and the BGP backup carries the traffic', () => {
    const t = hybrid();
    const primary = idOf(t, 'Primary');
    const lastHop = (down: string[]) => trace(t, { from: 'App', to: ON_PREM_HOST, port: 443, down }).forwardPath.at(-1);
    // RT-4: the static VPN route beats the BGP one.
    expect(lastHop([])).toMatchObject({ kind: 'VPN_CONNECTION', component: 'Primary' });
    expect(lastHop([`${primary}#tunnel1`])).toMatchObject({ kind: 'VPN_CONNECTION', component: 'Primary' });
    expect(lastHop([`${primary}#tunnel1`, `${primary}#tunnel2`])).toMatchObject({ kind: 'VPN_CONNECTION', component: 'Backup' });
    expectReachable(trace(t, { from: 'App', to: ON_PREM_HOST, port: 443, down: [`${primary}#tunnel1`, `${primary}#tunnel2`] }));
  });

  it('MC-5, HYB-6: with every connection down the propagated routes are gone: no route to on premises', () => {
    const t = hybrid();
    const tunnels = ['Primary', 'Backup'].flatMap((v) => [`${idOf(t, v)}#tunnel1`, `${idOf(t, v)}#tunnel2`]);
    expectBlocked(trace(t, { from: 'App', to: ON_PREM_HOST, port: 443, down: tunnels }), 'NO_ROUTE_TO_DESTINATION', 'AppRt');
    // An on-premises host behind them cannot send in either.
    expectBlocked(trace(t, { from: ON_PREM_HOST, to: 'App', port: 443, down: tunnels }), 'NO_PATH');
  });

  it('MC-6: a DX connection down takes its VIF down; its routes are withdrawn and traffic falls back to the VPN (RT-4)', () => {
    const t = hybrid({ dx: true });
    const up = trace(t, { from: 'App', to: ON_PREM_HOST, port: 443 });
    expect(up.forwardPath.at(-1)).toMatchObject({ kind: 'DIRECT_CONNECT', component: 'Vif' });
    const a = trace(t, { from: 'App', to: ON_PREM_HOST, port: 443, down: [idOf(t, 'Dx')] });
    expectReachable(a);
    expect(a.forwardPath.at(-1)).toMatchObject({ kind: 'VPN_CONNECTION', component: 'Primary' });
    // The reply from on premises comes in over the VPN too (HYB-12).
    expect(components(a.returnPath)[0]).toBe('Primary');
    // An on-premises host sends over a connection that is up: the VPN while the DX connection is down.
    expect(trace(t, { from: ON_PREM_HOST, to: 'App', port: 443 }).forwardPath[0]).toMatchObject({ kind: 'DIRECT_CONNECT', component: 'Vif' });
    const inbound = trace(t, { from: ON_PREM_HOST, to: 'App', port: 443, down: [idOf(t, 'Dx')] });
    expectReachable(inbound);
    expect(inbound.forwardPath[0]).toMatchObject({ kind: 'VPN_CONNECTION', component: 'Primary' });
  });

  it('MC-7, TGW-14: a VPC attachment down drops traffic to it with BAD_STATE_ATTACHMENT', () => {
    const t = transit();
    expectBlocked(trace(t, { from: 'Client', to: 'Server', port: 443, down: [idOf(t, 'SharedAtt')] }), 'BAD_STATE_ATTACHMENT', 'SharedAtt');
    expectBlocked(trace(t, { from: 'Client', to: 'Server', port: 443, down: [idOf(t, 'SpokeAtt')] }), 'BAD_STATE_ATTACHMENT', 'SpokeAtt');
  });

  it('MC-7, TGW-10: with the first AZ of the attachment down, the transit gateway uses the next healthy AZ; with every attachment subnet down the attachment is down', () => {
    const t = transit();
    // The spoke's AZ c has no Shared attachment subnet: the first healthy AZ in name order is used.
    expect(exitAz(trace(t, { from: 'Client', to: 'Server', port: 443 }).forwardPath)).toBe(AZ_A);
    const a = trace(t, { from: 'Client', to: 'Server', port: 443, down: [AZ_A] });
    expectReachable(a);
    expect(exitAz(a.forwardPath)).toBe(AZ_B);
    const all = trace(t, { from: 'Client', to: 'Server', port: 443, down: [idOf(t, 'TgwA'), idOf(t, 'TgwB')] });
    expectBlocked(all, 'BAD_STATE_ATTACHMENT', 'SharedAtt');
    expect(all.explanations[0]!.detail).toBe('every subnet of attachment SharedAtt is down');
  });
});
