// TRACE-13 from the Peering Guide, "VPC peering configurations with specific routes", section "One VPC
// that accesses two VPCs using longest prefix matches": VPC A is peered with VPC B and VPC C, which have
// the same CIDR; A's route table sends a /32 (instance X in B) over pcx-aaaabbbb and the rest of the CIDR
// over pcx-aaaacccc. Traffic for any other address of that CIDR goes to VPC C, whichever instance the
// user meant; and with no unicast reverse path forwarding, a reply to a B instance other than X goes to C.
import { describe, expect, it } from 'vitest';
import { topology } from '../../src/builder/index.js';
import type { SecurityGroupBuilder } from '../../src/builder/security-group.js';
import type { Topology } from '../../src/model/types.js';
import { expectBlocked, expectReachable, trace } from './helpers.js';

function longestPrefixMatches(): Topology {
  const open = (g: SecurityGroupBuilder) => g.ingress({ protocol: 'all', cidr: '0.0.0.0/0' });
  return topology({ region: 'us-east-1' })
    .vpc('VpcA', '172.16.0.0/16', (v) =>
      v
        .subnet('ASubnet', '172.16.0.0/24')
        .securityGroup('ASg', open)
        .routeTable('ARt', { subnets: ['ASubnet'] }, (rt) => rt.route('10.0.0.0/16', { pcx: 'PcxAC' }).route('10.0.0.77/32', { pcx: 'PcxAB' }))
        .instance('AHost', { subnet: 'ASubnet', ip: '172.16.0.10', sgs: ['ASg'] }),
    )
    .vpc('VpcB', '10.0.0.0/16', (v) =>
      v
        .subnet('BSubnet', '10.0.0.0/24')
        .securityGroup('BSg', open)
        .routeTable('BRt', { subnets: ['BSubnet'] }, (rt) => rt.route('172.16.0.0/16', { pcx: 'PcxAB' }))
        .instance('InstanceX', { subnet: 'BSubnet', ip: '10.0.0.77', sgs: ['BSg'] })
        .instance('BOther', { subnet: 'BSubnet', ip: '10.0.0.50', sgs: ['BSg'] }),
    )
    .vpc('VpcC', '10.0.0.0/16', (v) =>
      v
        .subnet('CSubnet', '10.0.0.0/24')
        .securityGroup('CSg', open)
        .routeTable('CRt', { subnets: ['CSubnet'] }, (rt) => rt.route('172.16.0.0/16', { pcx: 'PcxAC' }))
        .instance('CSameAddress', { subnet: 'CSubnet', ip: '10.0.0.50', sgs: ['CSg'] }),
    )
    .peering('PcxAB', 'VpcA', 'VpcB')
    .peering('PcxAC', 'VpcA', 'VpcC')
    .build();
}

const eniId = (t: Topology, logicalId: string) => t.networkInterfaces.find((e) => e.logicalId === logicalId)!.id;

describe('VPC peering configurations with specific routes: longest prefix matches (TRACE-13, PCX-PARTIAL)', () => {
  it('TRACE-13: the /32 route reaches instance X in VPC B over pcx-aaaabbbb', () => {
    const a = trace(longestPrefixMatches(), { from: 'AHost', to: 'InstanceX', port: 22 });
    expectReachable(a);
    expect(a.forwardPath.some((h) => h.kind === 'VPC_PEERING_CONNECTION' && h.component === 'PcxAB')).toBe(true);
  });

  it('TRACE-13: another instance of VPC B is not reached: the packet goes to the instance of VPC C with its address (NO_PATH naming it)', () => {
    const t = longestPrefixMatches();
    const a = trace(t, { from: 'AHost', to: 'BOther', port: 22 });
    expectBlocked(a, 'NO_PATH', undefined, 'forward');
    expect(a.query.destination).toBe('10.0.0.50');
    // The packet did cross pcx-aaaacccc and VPC C's instance: the walk says where it went instead.
    expect(a.forwardPath.some((h) => h.kind === 'VPC_PEERING_CONNECTION' && h.component === 'PcxAC')).toBe(true);
    expect(a.explanations[0]!.detail).toBe(`the packet is delivered to CSameAddress (${eniId(t, 'CSameAddress.eth0')}), not to the destination`);
    expect(a.returnPath).toEqual([]);
  });

  it('TRACE-13: an address (not a resource) is answered by whichever ENI holds it where routing delivers (VPC C here)', () => {
    const a = trace(longestPrefixMatches(), { from: 'AHost', to: '10.0.0.50', port: 22 });
    expectReachable(a);
    expect(a.forwardPath.at(-1)!.component).toBe('CSameAddress');
  });

  it('TRACE-13: no reverse path forwarding: the reply to a VPC B instance other than X follows 10.0.0.0/16 to VPC C (NO_PATH on the response)', () => {
    const t = longestPrefixMatches();
    const a = trace(t, { from: 'BOther', to: 'AHost', port: 22 });
    expectBlocked(a, 'NO_PATH', undefined, 'response');
    expect(a.explanations[0]!.detail).toContain(eniId(t, 'CSameAddress.eth0'));
    // X is covered by the /32 both ways.
    expectReachable(trace(t, { from: 'InstanceX', to: 'AHost', port: 22 }));
  });
});
