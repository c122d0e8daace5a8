// Centralised inspection behind a transit gateway: spoke VPCs in different AZs, an inspection VPC
// with a Network Firewall endpoint per AZ. TGW-10 keeps a flow in the AZ it came from, so without
// appliance mode a reply can come back through the other AZ's endpoint (TGW-13, NFW-4); with it
// the flow hash of TGW-12 picks one AZ for both directions.
import { describe, expect, it } from 'vitest';
import { topology } from '../../src/builder/index.js';
import type { TraceAnswer } from '../../src/analyze/trace.js';
import type { Topology } from '../../src/model/types.js';
import { components, expectBlocked, expectReachable, trace } from './helpers.js';

const AZ_A = 'us-east-1a';
const AZ_B = 'us-east-1b';

/** `middlebox`: Network Firewall endpoints (default) or router instances (RT-14) in the inspection VPC. */
function inspection(opts: { applianceMode: boolean; middlebox?: 'firewall' | 'router' }): Topology {
  const routers = opts.middlebox === 'router';
  return topology({ region: 'us-east-1' })
    .firewallPolicy('Policy', { statelessDefaultActions: ['aws:forward_to_sfe'] })
    .vpc('SpokeA', '10.1.0.0/16', (v) =>
      v
        .subnet('AHosts', '10.1.1.0/24', { az: AZ_A })
        .subnet('ATgw', '10.1.250.0/28', { az: AZ_A })
        .securityGroup('ASg', (g) => g.ingress({ protocol: 'all', cidr: '10.0.0.0/8' }))
        .routeTable('ARt', { subnets: ['AHosts', 'ATgw'] }, (rt) => rt.route('10.0.0.0/8', { tgw: 'Tgw' }))
        .instance('HostA', { subnet: 'AHosts', ip: '10.1.1.10', sgs: ['ASg'] }),
    )
    .vpc('SpokeB', '10.2.0.0/16', (v) =>
      v
        .subnet('BHosts', '10.2.1.0/24', { az: AZ_B })
        .subnet('BTgw', '10.2.250.0/28', { az: AZ_B })
        .securityGroup('BSg', (g) => g.ingress({ protocol: 'all', cidr: '10.0.0.0/8' }))
        .routeTable('BRt', { subnets: ['BHosts', 'BTgw'] }, (rt) => rt.route('10.0.0.0/8', { tgw: 'Tgw' }))
        .instance('HostB', { subnet: 'BHosts', ip: '10.2.1.10', sgs: ['BSg'] }),
    )
    .vpc('Inspection', '10.9.0.0/16', (v) =>
      v
        .subnet('TgwA', '10.9.0.0/28', { az: AZ_A })
        .subnet('TgwB', '10.9.0.16/28', { az: AZ_B })
        .subnet('FwA', '10.9.1.0/28', { az: AZ_A })
        .subnet('FwB', '10.9.1.16/28', { az: AZ_B })
        .networkFirewall('Firewall', { policy: 'Policy', subnets: ['FwA', 'FwB'] })
        .securityGroup('RouterSg', (g) => g.ingress({ protocol: 'all', cidr: '10.0.0.0/8' }))
        .instance('RouterA', { subnet: 'FwA', sgs: ['RouterSg'], sourceDestCheck: false })
        .instance('RouterB', { subnet: 'FwB', sgs: ['RouterSg'], sourceDestCheck: false })
        .routeTable('TgwART', { subnets: ['TgwA'] }, (rt) => rt.route('0.0.0.0/0', routers ? { instance: 'RouterA' } : { firewall: 'Firewall', az: AZ_A }))
        .routeTable('TgwBRT', { subnets: ['TgwB'] }, (rt) => rt.route('0.0.0.0/0', routers ? { instance: 'RouterB' } : { firewall: 'Firewall', az: AZ_B }))
        .routeTable('FwRt', { subnets: ['FwA', 'FwB'] }, (rt) => rt.route('10.0.0.0/8', { tgw: 'Tgw' })),
    )
    .transitGateway('Tgw', { defaultRouteTableAssociation: false, defaultRouteTablePropagation: false }, (g) =>
      g
        .vpcAttachment('AAtt', { vpc: 'SpokeA', subnets: ['ATgw'] })
        .vpcAttachment('BAtt', { vpc: 'SpokeB', subnets: ['BTgw'] })
        .vpcAttachment('InspectionAtt', { vpc: 'Inspection', subnets: ['TgwA', 'TgwB'], applianceMode: opts.applianceMode })
        .routeTable('SpokeTgwRt', { associations: ['AAtt', 'BAtt'] }, (rt) => rt.route('0.0.0.0/0', 'InspectionAtt'))
        .routeTable('InspectionTgwRt', { associations: ['InspectionAtt'], propagations: ['AAtt', 'BAtt'] }),
    )
    .build();
}

/** The AZ the transit gateway used to enter the inspection VPC, read from the attachment hop. */
function inspectionAz(hops: TraceAnswer['forwardPath']): string {
  const hop = hops.find((h) => h.component === 'InspectionAtt' && h.action.startsWith('leaves the transit gateway'));
  return /\((us-east-1[a-z])\)/.exec(hop!.action)![1]!;
}

/** TGW-12 as written: FNV-1a 32 over family, protocol, then the lower (address, port) and the higher one. */
function expectedHash(family: number, protocol: number, a: [number[], number], b: [number[], number]): number {
  const key = (e: [number[], number]) => e[0].reduce((n, byte) => n * 256 + byte, 0) * 65536 + e[1];
  const [lo, hi] = key(a) <= key(b) ? [a, b] : [b, a];
  const bytes = [family, protocol, ...lo[0], lo[1] >> 8, lo[1] & 255, ...hi[0], hi[1] >> 8, hi[1] & 255];
  let h = 0x811c9dc5;
  for (const byte of bytes) h = Math.imul(h ^ byte, 0x01000193) >>> 0;
  return h;
}

describe('transit gateway appliance mode (TGW-10, TGW-12, TGW-13, NFW-4)', () => {
  it('TGW-13 / NFW-4: without appliance mode the reply returns through the other AZ endpoint and is dropped', () => {
    const a = trace(inspection({ applianceMode: false }), { from: 'HostA', to: 'HostB', port: 443, sourcePort: 40000 });
    // TGW-10: the request stays in HostA's AZ, the reply in HostB's.
    expect(inspectionAz(a.forwardPath)).toBe(AZ_A);
    expect(inspectionAz(a.returnPath)).toBe(AZ_B);
    expectBlocked(a, 'TGW_ATTACH_VPC_AZ_RESTRICTION', 'InspectionAtt', 'response');
    expect(a.explanations[0]!.type).toBe('AWS::EC2::TransitGatewayAttachment');
  });

  it('TGW-13: the same holds for a router appliance (RT-14): the other AZ\'s appliance never saw the request', () => {
    const a = trace(inspection({ applianceMode: false, middlebox: 'router' }), { from: 'HostA', to: 'HostB', port: 443, sourcePort: 40000 });
    expect(components(a.forwardPath)).toContain('RouterA');
    expectBlocked(a, 'TGW_ATTACH_VPC_AZ_RESTRICTION', 'InspectionAtt', 'response');
    expect(a.explanations[0]!.detail).toMatch(/RouterB/);
    expectReachable(trace(inspection({ applianceMode: true, middlebox: 'router' }), { from: 'HostA', to: 'HostB', port: 443, sourcePort: 40000 }));
  });

  it('TGW-12: with appliance mode both directions use the AZ the flow hash picks, and the flow is reachable', () => {
    const t = inspection({ applianceMode: true });
    const seen = new Set<string>();
    for (const sourcePort of [1024, 20000, 33333, 40000, 50001, 61000, 65535]) {
      const a = trace(t, { from: 'HostA', to: 'HostB', port: 443, sourcePort });
      expectReachable(a);
      const hash = expectedHash(4, 6, [[10, 1, 1, 10], sourcePort], [[10, 2, 1, 10], 443]);
      const expected = [AZ_A, AZ_B][hash % 2]!;
      expect(inspectionAz(a.forwardPath), `source port ${sourcePort}`).toBe(expected);
      expect(inspectionAz(a.returnPath), `source port ${sourcePort}`).toBe(expected);
      seen.add(expected);
    }
    // The hash spreads flows over both AZs (else this test could not tell a hash from a constant).
    expect(seen.size).toBe(2);
  });

  it('TGW-10: when the AZ the flow came from is down, the TGW crosses to the first healthy AZ, both ways', () => {
    const t = inspection({ applianceMode: false });
    const tgwA = t.subnets.find((s) => s.logicalId === 'TgwA')!.id;
    const a = trace(t, { from: 'HostA', to: 'HostB', port: 443, sourcePort: 40000, down: [tgwA] });
    expectReachable(a);
    expect(inspectionAz(a.forwardPath)).toBe(AZ_B);
  });

  it('TGW-14: a VPC attachment that is down keeps its propagated route; traffic to it drops with BAD_STATE_ATTACHMENT', () => {
    const t = inspection({ applianceMode: true });
    const bAtt = t.transitGatewayAttachments.find((x) => x.logicalId === 'BAtt')!.id;
    const a = trace(t, { from: 'HostA', to: 'HostB', port: 443, sourcePort: 40000, down: [bAtt] });
    expectBlocked(a, 'BAD_STATE_ATTACHMENT', 'BAtt');
    expect(a.forwardPath.filter((h) => h.component === 'InspectionTgwRt').at(-1)!.rule).toMatch(/^10\.2\.0\.0\/16 -> tgw-attach-.* \(propagated\)$/);
  });
});

/** Two subnets in two AZs, each sending the other's traffic through its own AZ's firewall endpoint. */
function crossAz(drop: boolean): Topology {
  return topology({ region: 'us-east-1' })
    .statefulRuleGroup('Blocklist', drop ? [{ action: 'DROP', protocol: 'tcp', destinationPort: 3306 }] : [])
    .firewallPolicy('Policy', { statelessDefaultActions: ['aws:forward_to_sfe'], stateful: [{ group: 'Blocklist' }] })
    .vpc('Vpc', '10.0.0.0/16', (v) =>
      v
        .subnet('FwA', '10.0.0.0/28', { az: AZ_A })
        .subnet('FwB', '10.0.0.16/28', { az: AZ_B })
        .subnet('A', '10.0.1.0/24', { az: AZ_A })
        .subnet('B', '10.0.2.0/24', { az: AZ_B })
        .networkFirewall('Firewall', { policy: 'Policy', subnets: ['FwA', 'FwB'] })
        .routeTable('ARt', { subnets: ['A'] }, (rt) => rt.route('10.0.2.0/24', { firewall: 'Firewall', az: AZ_A }))
        .routeTable('BRt', { subnets: ['B'] }, (rt) => rt.route('10.0.1.0/24', { firewall: 'Firewall', az: AZ_B }))
        .securityGroup('OpenSg', (g) => g.ingress({ protocol: 'all', cidr: '10.0.0.0/16' }))
        .instance('HostA', { subnet: 'A', sgs: ['OpenSg'] })
        .instance('HostB', { subnet: 'B', sgs: ['OpenSg'] }),
    )
    .build();
}

describe('Network Firewall symmetry and drops (NFW-4, NFW-5)', () => {
  it('NFW-4: a reply crossing another endpoint than its request is dropped: FIREWALL_RULES_RESTRICTION', () => {
    const a = trace(crossAz(false), { from: 'HostA', to: 'HostB', port: 443, sourcePort: 40000 });
    expect(a.forwardPath.filter((h) => h.kind === 'NETWORK_FIREWALL')).toHaveLength(1);
    expectBlocked(a, 'FIREWALL_RULES_RESTRICTION', 'Firewall', 'response');
  });

  it('NFW-5: a stateful drop names the firewall and the rule group', () => {
    const a = trace(crossAz(true), { from: 'HostA', to: 'HostB', port: 3306, sourcePort: 40000 });
    expectBlocked(a, 'FIREWALL_RULES_RESTRICTION', 'Firewall');
    expect(a.explanations[0]).toMatchObject({ type: 'AWS::NetworkFirewall::Firewall', rule: 'Blocklist' });
    expect(a.explanations[0]!.detail).toMatch(/Blocklist/);
  });
});
