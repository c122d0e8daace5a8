// Small topologies whose availability is known in closed form (issue 10 §5), for the Monte Carlo and
// exact-mode tests: NAT gateway egress with one NAT gateway or one per AZ (MC-2, MC-4, GW-13), a VPN
// connection with two tunnels (MC-5, HYB-5), and Direct Connect with a backup VPN (MC-6, RT-4).
import { topology, type TopologyBuilder } from '../../src/builder/index.js';
import type { Topology } from '../../src/model/types.js';

export const AZ_A = 'us-east-1a';
export const AZ_B = 'us-east-1b';
export const ON_PREM_HOST = '172.20.1.5';

/** Egress to the internet from AppB (AZ b) through a NAT gateway: one in AZ a, or one per AZ with per-AZ routes. */
export function natEgress(perAz: boolean): Topology {
  return topology({ region: 'us-east-1' })
    .vpc('Vpc', '10.0.0.0/16', (v) => {
      v.subnet('PublicA', '10.0.0.0/24', { az: AZ_A })
        .subnet('PublicB', '10.0.10.0/24', { az: AZ_B })
        .subnet('AppA', '10.0.1.0/24', { az: AZ_A })
        .subnet('AppB', '10.0.2.0/24', { az: AZ_B })
        .internetGateway('Igw')
        .natGateway('NatA', { subnet: 'PublicA' })
        .routeTable('PublicRt', { subnets: ['PublicA', 'PublicB'] }, (rt) => rt.route('0.0.0.0/0', { igw: 'Igw' }))
        .securityGroup('AppSg', (g) => g.ingress({ protocol: 'all', cidr: '10.0.0.0/16' }))
        .instance('InstanceA', { subnet: 'AppA', ip: '10.0.1.10', sgs: ['AppSg'] })
        .instance('InstanceB', { subnet: 'AppB', ip: '10.0.2.10', sgs: ['AppSg'] });
      if (perAz) {
        v.natGateway('NatB', { subnet: 'PublicB' })
          .routeTable('AppRtA', { subnets: ['AppA'] }, (rt) => rt.route('0.0.0.0/0', { nat: 'NatA' }))
          .routeTable('AppRtB', { subnets: ['AppB'] }, (rt) => rt.route('0.0.0.0/0', { nat: 'NatB' }));
      } else {
        v.routeTable('AppRt', { subnets: ['AppA', 'AppB'] }, (rt) => rt.route('0.0.0.0/0', { nat: 'NatA' }));
      }
    })
    .build();
}

/**
 * App (10.0.1.10, AZ a; its group allows all from 172.16.0.0/12) in a VPC with virtual private gateway 'Vgw',
 * whose routes AppRt propagates (RT-12), and customer gateway 'Cgw': the VPN connections and VIFs are the caller's.
 */
export function appBehindVgw(): TopologyBuilder {
  return topology({ region: 'us-east-1' })
    .vpc('Vpc', '10.0.0.0/16', (v) =>
      v
        .subnet('AppSubnet', '10.0.1.0/24', { az: AZ_A })
        .routeTable('AppRt', { subnets: ['AppSubnet'], propagateFrom: ['Vgw'] })
        .securityGroup('AppSg', (g) => g.ingress({ protocol: 'all', cidr: '172.16.0.0/12' }))
        .instance('App', { subnet: 'AppSubnet', ip: '10.0.1.10', sgs: ['AppSg'] }),
    )
    .vpnGateway('Vgw', { vpc: 'Vpc' })
    .customerGateway('Cgw', { ip: '203.0.113.1', asn: 65000 });
}

/**
 * App (AZ a) to on premises 172.20.0.0/16 over a VGW with route propagation (RT-12): a static VPN
 * 'Vpn' with two tunnels, and with `dx` a private VIF on DX connection 'Dx' for the same prefix, which
 * RT-4 prefers while it is up (the VPN is then the backup).
 */
export function hybridLinks(dx: boolean): Topology {
  let b = appBehindVgw().vpnConnection('Vpn', { customerGateway: 'Cgw', vpnGateway: 'Vgw', staticRoutes: ['172.20.0.0/16'] });
  if (dx) b = b.directConnectConnection('Dx').virtualInterface('Vif', { kind: 'private', connection: 'Dx', vpnGateway: 'Vgw', onPremises: ['172.20.0.0/16'] });
  return b.build();
}

/** The AWS id of a resource by logical id. */
export function idOf(t: Topology, logicalId: string): string {
  const all = [...t.instances, ...t.natGateways, ...t.transitGatewayAttachments, ...t.directConnectConnections, ...t.vpnConnections, ...t.subnets, ...t.networkInterfaces];
  const found = all.find((x) => x.logicalId === logicalId);
  if (!found) throw new Error(`no resource ${logicalId}`);
  return found.id;
}
