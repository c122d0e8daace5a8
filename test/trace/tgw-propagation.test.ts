// What transit gateway route tables learn: nothing across a TGW peering (TGW-7), and nothing from a
// VPC overlapping one already attached (TGW-8).
import { describe, expect, it } from 'vitest';
import { topology } from '../../src/builder/index.js';
import { parsePrefix } from '../../src/model/ip.js';
import type { VpcBuilder } from '../../src/builder/vpc.js';
import type { Topology } from '../../src/model/types.js';
import { expectBlocked, expectReachable, trace } from './helpers.js';

/** VPC X on Tgw1, VPC Y on Tgw2, the gateways peered; both gateways with the AWS defaults (TGW-6). */
function peeredGateways(): Topology {
  return topology({ region: 'us-east-1' })
    .vpc('X', '10.1.0.0/16', (v) =>
      v
        .subnet('XSubnet', '10.1.1.0/24', { az: 'us-east-1a' })
        .securityGroup('XSg', (g) => g.ingress({ protocol: 'all', cidr: '10.0.0.0/8' }))
        .routeTable('XRt', { subnets: ['XSubnet'] }, (rt) => rt.route('10.0.0.0/8', { tgw: 'Tgw1' }))
        .instance('XHost', { subnet: 'XSubnet', sgs: ['XSg'] }),
    )
    .vpc('Y', '10.2.0.0/16', (v) =>
      v
        .subnet('YSubnet', '10.2.1.0/24', { az: 'us-east-1a' })
        .securityGroup('YSg', (g) => g.ingress({ protocol: 'all', cidr: '10.0.0.0/8' }))
        .routeTable('YRt', { subnets: ['YSubnet'] }, (rt) => rt.route('10.0.0.0/8', { tgw: 'Tgw2' }))
        .instance('YHost', { subnet: 'YSubnet', sgs: ['YSg'] }),
    )
    .transitGateway('Tgw1', {}, (g) => g.vpcAttachment('XAtt', { vpc: 'X', subnets: ['XSubnet'] }).peeringAttachment('Peer12', { peer: 'Tgw2' }))
    .transitGateway('Tgw2', {}, (g) => g.vpcAttachment('YAtt', { vpc: 'Y', subnets: ['YSubnet'] }).peeringAttachment('Peer21', { peer: 'Tgw1' }))
    .build();
}

function defaultTable(t: Topology, tgw: string) {
  return t.transitGatewayRouteTables.find((rt) => rt.logicalId === `${tgw}.DefaultRouteTable`)!;
}

function attachmentId(t: Topology, logicalId: string): string {
  return t.transitGatewayAttachments.find((a) => a.logicalId === logicalId)!.id;
}

describe('transit gateway peering carries static routes only (TGW-7)', () => {
  it('TGW-7: Y\'s propagated route on Tgw2 is not learned by Tgw1 across the peering', () => {
    expectBlocked(trace(peeredGateways(), { from: 'XHost', to: 'YHost', port: 443 }), 'TGW_RTB_CANNOT_ROUTE', 'Tgw1.DefaultRouteTable');
  });

  it('TGW-7: even a propagation of the peering attachment itself propagates nothing', () => {
    const t = peeredGateways();
    defaultTable(t, 'Tgw1').propagationAttachmentIds.push(attachmentId(t, 'Peer12'));
    expectBlocked(trace(t, { from: 'XHost', to: 'YHost', port: 443 }), 'TGW_RTB_CANNOT_ROUTE', 'Tgw1.DefaultRouteTable');
  });

  it('TGW-7: static routes to the peering attachment on both sides carry the flow and its reply', () => {
    const t = peeredGateways();
    defaultTable(t, 'Tgw1').routes.push({ destination: parsePrefix('10.2.0.0/16'), attachmentId: attachmentId(t, 'Peer12'), blackhole: false });
    defaultTable(t, 'Tgw2').routes.push({ destination: parsePrefix('10.1.0.0/16'), attachmentId: attachmentId(t, 'Peer21'), blackhole: false });
    const a = trace(t, { from: 'XHost', to: 'YHost', port: 443 });
    expectReachable(a);
    expect(a.forwardPath.filter((h) => h.kind === 'TRANSIT_GATEWAY_ROUTE_TABLE').map((h) => h.component)).toEqual(['Tgw1.DefaultRouteTable', 'Tgw2.DefaultRouteTable']);
  });
});

/** Two VPCs with the same primary CIDR 10.5.0.0/16 (and distinct secondary ones) behind one TGW, and a client VPC. */
function overlapping(reversed: boolean): Topology {
  const dup = (name: string, secondary: string) => (v: VpcBuilder) =>
      v
        .secondaryCidr(secondary)
        .subnet(`${name}Subnet`, '10.5.1.0/24', { az: 'us-east-1a' })
        .subnet(`${name}Second`, secondary.replace('0.0/16', '1.0/24'), { az: 'us-east-1a' })
        .securityGroup(`${name}Sg`, (g) => g.ingress({ protocol: 'all', cidr: '10.0.0.0/8' }))
        .routeTable(`${name}Rt`, { subnets: [`${name}Subnet`, `${name}Second`] }, (rt) => rt.route('10.9.0.0/16', { tgw: 'Tgw' }))
        .instance(`${name}Host`, { subnet: `${name}Subnet`, ip: '10.5.1.10', sgs: [`${name}Sg`] })
        .instance(`${name}SecondHost`, { subnet: `${name}Second`, ip: secondary.replace('0.0/16', '1.10'), sgs: [`${name}Sg`] });
  const t = topology({ region: 'us-east-1' })
    .vpc('Client', '10.9.0.0/16', (v) =>
      v.subnet('ClientSubnet', '10.9.1.0/24', { az: 'us-east-1a' }).routeTable('ClientRt', { subnets: ['ClientSubnet'] }, (rt) => rt.route('10.0.0.0/8', { tgw: 'Tgw' })).instance('ClientHost', { subnet: 'ClientSubnet' }),
    )
    .vpc('Dup1', '10.5.0.0/16', dup('Dup1', '10.6.0.0/16'))
    .vpc('Dup2', '10.5.0.0/16', dup('Dup2', '10.7.0.0/16'))
    .transitGateway('Tgw', {}, (g) =>
      g.vpcAttachment('ClientAtt', { vpc: 'Client', subnets: ['ClientSubnet'] }).vpcAttachment('Dup1Att', { vpc: 'Dup1', subnets: ['Dup1Subnet'] }).vpcAttachment('Dup2Att', { vpc: 'Dup2', subnets: ['Dup2Subnet'] }),
    )
    .build();
  if (reversed) defaultTable(t, 'Tgw').propagationAttachmentIds.reverse();
  return t;
}

describe('overlapping VPC CIDRs on one transit gateway (TGW-8)', () => {
  it('TGW-8 / C-4: the VPC attached first (smaller attachment id) propagates; the other propagates none of its CIDRs', () => {
    for (const reversed of [false, true]) {
      const t = overlapping(reversed);
      // C-4: "already attached" is decided by the smaller attachment id, never by input order.
      const [winner, loser] = [attachmentId(t, 'Dup1Att'), attachmentId(t, 'Dup2Att')].sort().map((id) => t.transitGatewayAttachments.find((a) => a.id === id)!.logicalId.replace('Att', ''));
      const a = trace(t, { from: 'ClientHost', to: '10.5.1.10', port: 443 });
      expectReachable(a);
      expect(a.forwardPath.at(-1)!.component).toBe(`${winner}Host`);
      expectReachable(trace(t, { from: 'ClientHost', to: `${winner}SecondHost`, port: 443 }));
      expectBlocked(trace(t, { from: 'ClientHost', to: `${loser}SecondHost`, port: 443 }), 'TGW_RTB_CANNOT_ROUTE', 'Tgw.DefaultRouteTable');
    }
  });
});
