// The engine/reference differential harness shared by test/walk-differential*.test.ts: hand-built
// topologies for what the generator does not build, random flows over a topology, and one comparison
// of a traced engine batch with the reference walk, hop for hop and word for word, under an optional
// set of components that are down (MC-1, TRACE-12).
import { Origin, VERDICT_UNSUPPORTED } from '../../abi/batch.js';
import { NONE } from '../../abi/version.js';
import type { Engine } from '../../bindings/engine.js';
import { allocateFlowBatch, type FlowBatch } from '../../bindings/network.js';
import { explainEngineFlow } from '../../src/analyze/engine-explain.js';
import { engineHops } from '../../src/analyze/engine-hops.js';
import { wordWalk } from '../../src/analyze/hop-text/index.js';
import { topology } from '../../src/builder/index.js';
import type { VpcBuilder } from '../../src/builder/vpc.js';
import { addressWords } from '../../src/compile/address.js';
import { compileTopology, downBits, type NetworkImage } from '../../src/compile/index.js';
import { formatAddress, makePrefix, type Prefix } from '../../src/model/ip.js';
import type { Topology } from '../../src/model/types.js';
import { referenceHops } from '../../src/reference/walk.js';
import type { Flow, FlowOrigin } from '../../src/walk/flow.js';
import type { WalkTrace } from '../../src/walk/hop.js';
import type { WalkOptions, WalkResult } from '../../src/walk/result.js';

const AZ_A = 'us-east-1a';
const AZ_B = 'us-east-1b';

/**
 * What the generator does not build: security groups referenced across a peering and across a
 * transit gateway with referencing support (SG-5, SG-6), TGW peering, a router-appliance inspection
 * VPC with appliance mode on one attachment and off on another (TGW-12, TGW-13), an interface
 * endpoint (VPCE-9..12), a gateway endpoint whose policy denies (VPCE-7), and an IGW gateway route
 * table that sends one subnet's inbound traffic through an appliance (RT-15).
 */
export function featureTopology(applianceMode: boolean, middlebox: 'router' | 'firewall' = 'router'): Topology {
  const routers = middlebox === 'router';
  const host = (v: VpcBuilder, name: string, subnet: string, sgs: string[], extra: { eip?: string } = {}) => v.instance(name, { subnet, sgs, ...extra });
  return topology({ region: 'us-east-1' })
    // NFW-2/3: stateless rules that drop, pass and forward; stateful rules in action order.
    .statelessRuleGroup('FwStateless', [
      { priority: 10, actions: ['aws:drop'], protocols: ['udp'], destinationPorts: [[53, 53]] },
      { priority: 20, actions: ['aws:pass'], protocols: ['icmp'], sources: ['10.3.0.0/16'] },
      { priority: 30, actions: ['aws:forward_to_sfe'], sources: ['10.0.0.0/8'], destinations: ['10.0.0.0/8'], sourcePorts: [[1024, 65535]] },
    ])
    .statefulRuleGroup('FwStateful', [
      { action: 'DROP', protocol: 'tcp', destinationPort: 22 },
      { action: 'PASS', protocol: 'tcp', source: '10.3.0.0/16', destination: '10.1.0.0/16', direction: 'ANY' },
      { action: 'REJECT', protocol: 'tcp', destination: '10.1.2.0/24', destinationPort: [8000, 8999] },
      { action: 'ALERT', protocol: 'icmp' },
    ])
    .statefulRuleGroup('FwStrict', [
      { action: 'ALERT', protocol: 'tcp' },
      { action: 'PASS', protocol: 'tcp', destinationPort: [8080, 8080] },
      { action: 'DROP', protocol: 'udp', source: '10.1.0.0/16' },
    ])
    .firewallPolicy('FwPolicy', { stateless: [{ group: 'FwStateless', priority: 1 }], stateful: [{ group: 'FwStateful' }], statelessDefaultActions: ['aws:forward_to_sfe'] })
    .firewallPolicy('FwStrictPolicy', { stateful: [{ group: 'FwStrict', priority: 1 }], statefulRuleOrder: 'STRICT_ORDER', statefulDefaultActions: ['aws:drop_established'] })
    .elasticIp('EdgeEip')
    .vpc('Edge', '10.1.0.0/16', (v) => {
      v.subnet('EdgeWeb', '10.1.1.0/24', { az: AZ_A })
        .subnet('EdgeApp', '10.1.2.0/24', { az: AZ_B })
        .subnet('EdgeTgwA', '10.1.250.0/28', { az: AZ_A })
        .subnet('EdgeTgwB', '10.1.250.16/28', { az: AZ_B })
        .subnet('EdgeFilter', '10.1.3.0/24', { az: AZ_A })
        .internetGateway('EdgeIgw')
        .securityGroup('EdgeWebSg', (g) => g.ingress({ protocol: 'tcp', ports: 443, cidr: '0.0.0.0/0' }).ingress({ protocol: 'all', sg: 'PeerAppSg' }).ingress({ protocol: 'all', cidr: '10.0.0.0/8' }))
        .securityGroup('EdgeAppSg', (g) => g.ingress({ protocol: 'tcp', ports: 8080, sg: 'EdgeWebSg' }).ingress({ protocol: 'tcp', ports: 8080, sg: 'HubAppSg' }).egress({ protocol: 'tcp', ports: 443, sg: 'PeerAppSg' }).egress({ protocol: 'all', cidr: '10.1.0.0/16' }).egress({ protocol: 'all', cidr: '10.3.0.0/16' }))
        .securityGroup('EdgeEndpointSg', (g) => g.ingress({ protocol: 'tcp', ports: 443, cidr: '10.1.0.0/16' }))
        .securityGroup('FilterSg', (g) => g.ingress({ protocol: 'all', cidr: '0.0.0.0/0' }))
        .routeTable('EdgeWebRt', { subnets: ['EdgeWeb', 'EdgeFilter'] }, (rt) => rt.route('0.0.0.0/0', { igw: 'EdgeIgw' }).route('10.2.0.0/16', { pcx: 'EdgeToPeer' }).route('10.0.0.0/8', { tgw: 'Tgw' }))
        .routeTable('EdgeAppRt', { subnets: ['EdgeApp', 'EdgeTgwA', 'EdgeTgwB'] }, (rt) => rt.route('10.2.0.0/16', { pcx: 'EdgeToPeer' }).route('10.0.0.0/8', { tgw: 'Tgw' }))
        .routeTable('EdgeIngressRt', { gateways: [{ igw: 'EdgeIgw' }] }, (rt) => rt.route('10.1.1.0/24', { eni: 'Filter' }))
        .gatewayEndpoint('EdgeS3', { service: 's3', routeTables: ['EdgeAppRt'], policy: 'deny' })
        .gatewayEndpoint('EdgeDynamo', { service: 'dynamodb', routeTables: ['EdgeWebRt'] })
        .interfaceEndpoint('EdgeSqs', { service: 'sqs', subnets: ['EdgeApp'], sgs: ['EdgeEndpointSg'] })
        .networkInterface('Filter', { subnet: 'EdgeFilter', sgs: ['FilterSg'], sourceDestCheck: false });
      host(v, 'Web1', 'EdgeWeb', ['EdgeWebSg'], { eip: 'EdgeEip' });
      host(v, 'Web2', 'EdgeWeb', ['EdgeWebSg', 'EdgeAppSg']);
      host(v, 'App1', 'EdgeApp', ['EdgeAppSg']);
      host(v, 'App2', 'EdgeApp', ['EdgeAppSg']);
    })
    .vpc('Peer', '10.2.0.0/16', (v) => {
      v.subnet('PeerApp', '10.2.1.0/24', { az: AZ_A })
        .securityGroup('PeerAppSg', (g) => g.ingress({ protocol: 'tcp', ports: 443, sg: 'EdgeAppSg' }).ingress({ protocol: 'icmp', cidr: '10.1.0.0/16' }))
        .routeTable('PeerRt', { subnets: ['PeerApp'] }, (rt) => rt.route('10.1.0.0/16', { pcx: 'EdgeToPeer' }));
      host(v, 'PeerApp1', 'PeerApp', ['PeerAppSg']);
      host(v, 'PeerApp2', 'PeerApp', ['PeerAppSg']);
    })
    .vpc('Hub', '10.3.0.0/16', (v) => {
      v.subnet('HubApp', '10.3.1.0/24', { az: AZ_B })
        .subnet('HubTgw', '10.3.250.0/28', { az: AZ_B })
        .securityGroup('HubAppSg', (g) => g.ingress({ protocol: 'all', sg: 'EdgeAppSg' }).ingress({ protocol: 'tcp', ports: 22, sg: 'FarSg' }))
        .routeTable('HubRt', { subnets: ['HubApp', 'HubTgw'] }, (rt) => rt.route('10.0.0.0/8', { tgw: 'Tgw' }));
      host(v, 'HubApp1', 'HubApp', ['HubAppSg']);
    })
    .vpc('Inspection', '10.9.0.0/16', (v) => {
      v.subnet('InspTgwA', '10.9.0.0/28', { az: AZ_A })
        .subnet('InspTgwB', '10.9.0.16/28', { az: AZ_B })
        .subnet('InspA', '10.9.1.0/28', { az: AZ_A })
        .subnet('InspB', '10.9.1.16/28', { az: AZ_B })
        .securityGroup('RouterSg', (g) => g.ingress({ protocol: 'all', cidr: '10.0.0.0/8' }))
        .routeTable('InspTgwART', { subnets: ['InspTgwA'] }, (rt) => rt.route('0.0.0.0/0', routers ? { instance: 'RouterA' } : { firewall: 'Firewall', az: AZ_A }))
        .routeTable('InspTgwBRT', { subnets: ['InspTgwB'] }, (rt) => rt.route('0.0.0.0/0', routers ? { instance: 'RouterB' } : { firewall: 'Firewall', az: AZ_B }))
        .routeTable('InspRt', { subnets: ['InspA', 'InspB'] }, (rt) => rt.route('10.0.0.0/8', { tgw: 'Tgw' }));
      if (routers) {
        v.instance('RouterA', { subnet: 'InspA', sgs: ['RouterSg'], sourceDestCheck: false }).instance('RouterB', { subnet: 'InspB', sgs: ['RouterSg'], sourceDestCheck: false });
      } else {
        v.networkFirewall('Firewall', { policy: applianceMode ? 'FwPolicy' : 'FwStrictPolicy', subnets: ['InspA', 'InspB'] });
      }
    })
    .vpc('Far', '10.5.0.0/16', (v) => {
      v.subnet('FarApp', '10.5.1.0/24', { az: AZ_A })
        .securityGroup('FarSg', (g) => g.ingress({ protocol: 'all', cidr: '10.0.0.0/8' }))
        .routeTable('FarRt', { subnets: ['FarApp'] }, (rt) => rt.route('10.0.0.0/8', { tgw: 'Tgw2' }));
      host(v, 'Far1', 'FarApp', ['FarSg']);
    })
    .peering('EdgeToPeer', 'Edge', 'Peer')
    .transitGateway('Tgw', { defaultRouteTableAssociation: false, defaultRouteTablePropagation: false, securityGroupReferencing: true }, (g) =>
      g
        .vpcAttachment('EdgeAtt', { vpc: 'Edge', subnets: ['EdgeTgwA', 'EdgeTgwB'] })
        .vpcAttachment('HubAtt', { vpc: 'Hub', subnets: ['HubTgw'] })
        .vpcAttachment('InspAtt', { vpc: 'Inspection', subnets: ['InspTgwA', 'InspTgwB'], applianceMode, securityGroupReferencing: false })
        .peeringAttachment('ToTgw2', { peer: 'Tgw2' })
        .routeTable('SpokeTgwRt', { associations: ['EdgeAtt', 'HubAtt'], propagations: ['EdgeAtt', 'HubAtt'] }, (rt) => rt.route('10.9.0.0/16', 'InspAtt').route('10.5.0.0/16', 'ToTgw2').route('10.1.0.0/16', 'InspAtt').route('10.3.0.0/16', 'InspAtt'))
        .routeTable('InspTgwRt', { associations: ['InspAtt'], propagations: ['EdgeAtt', 'HubAtt'] })
        .routeTable('PeeringTgwRt', { associations: ['ToTgw2'], propagations: ['EdgeAtt', 'HubAtt'] }),
    )
    .transitGateway('Tgw2', { defaultRouteTableAssociation: false, defaultRouteTablePropagation: false }, (g) =>
      g
        .vpcAttachment('FarAtt', { vpc: 'Far', subnets: ['FarApp'] })
        .peeringAttachment('ToTgw1', { peer: 'Tgw' })
        .routeTable('Tgw2Rt', { associations: ['FarAtt', 'ToTgw1'], propagations: ['FarAtt'] }, (rt) => rt.route('10.0.0.0/8', 'ToTgw1')),
    )
    .build();
}

/**
 * Site-to-Site VPN and Direct Connect: a VGW with route propagation (RT-12) reached by a private VIF,
 * a backup VPN on the same prefix (RT-4), two BGP sites with CloudHub between them (HYB-7), a VPN
 * that is down (HYB-5/6), a DX gateway to the VGW (HYB-9) and a transit VIF and a VPN on a transit
 * gateway (TGW-3, HYB-10), and a VGW gateway route table sending one subnet through an appliance (RT-15).
 */
export function hybridTopology(): Topology {
  const sg = (v: VpcBuilder, name: string) => v.securityGroup(name, (g) => g.ingress({ protocol: 'tcp', ports: 443, cidr: '172.16.0.0/12' }).ingress({ protocol: 'all', cidr: '192.168.0.0/16' }).ingress({ protocol: 'icmp', cidr: '10.0.0.0/8' }));
  return topology({ region: 'us-east-1' })
    .vpc('Core', '10.0.0.0/16', (v) => {
      sg(v, 'CoreSg')
        .subnet('CoreApp', '10.0.1.0/24', { az: AZ_A })
        .subnet('CoreDb', '10.0.2.0/24', { az: AZ_B })
        .subnet('CoreTgw', '10.0.250.0/28', { az: AZ_A })
        .routeTable('CoreAppRt', { subnets: ['CoreApp', 'CoreTgw'], propagateFrom: ['Vgw'] }, (rt) => rt.route('172.21.0.0/16', { tgw: 'Tgw' }).route('10.1.0.0/16', { tgw: 'Tgw' }))
        .routeTable('CoreDbRt', { subnets: ['CoreDb'] }, (rt) => rt.route('172.20.0.0/16', { vgw: 'Vgw' }).route('172.30.0.0/16', { vgw: 'Vgw' }))
        .routeTable('VgwIngressRt', { gateways: [{ vgw: 'Vgw' }] }, (rt) => rt.route('10.0.2.0/24', { eni: 'Inspector' }))
        .networkInterface('Inspector', { subnet: 'CoreApp', sgs: ['CoreSg'], sourceDestCheck: false })
        .instance('App1', { subnet: 'CoreApp', sgs: ['CoreSg'] })
        .instance('Db1', { subnet: 'CoreDb', sgs: ['CoreSg'] });
    })
    .vpc('Spoke', '10.1.0.0/16', (v) => {
      sg(v, 'SpokeSg')
        .subnet('SpokeApp', '10.1.1.0/24', { az: AZ_A })
        .routeTable('SpokeRt', { subnets: ['SpokeApp'] }, (rt) => rt.route('0.0.0.0/0', { tgw: 'Tgw' }))
        .instance('Spoke1', { subnet: 'SpokeApp', sgs: ['SpokeSg'] });
    })
    .vpnGateway('Vgw', { vpc: 'Core' })
    .transitGateway('Tgw', {}, (g) => g.vpcAttachment('CoreAtt', { vpc: 'Core', subnets: ['CoreTgw'] }).vpcAttachment('SpokeAtt', { vpc: 'Spoke', subnets: ['SpokeApp'] }))
    .directConnectConnection('DxLink')
    .directConnectConnection('DxLink2', { state: 'available' })
    .directConnectGateway('DxGw', { associations: [{ vpnGateway: 'Vgw' }] })
    .directConnectGateway('DxTransitGw', { associations: [{ transitGateway: 'Tgw', allowedPrefixes: ['10.0.0.0/8'] }] })
    .virtualInterface('PrivateVif', { kind: 'private', connection: 'DxLink', vpnGateway: 'Vgw', onPremises: ['172.20.0.0/16'] })
    .virtualInterface('GatewayVif', { kind: 'private', connection: 'DxLink2', directConnectGateway: 'DxGw', onPremises: ['172.22.0.0/16'] })
    .virtualInterface('TransitVif', { kind: 'transit', connection: 'DxLink2', directConnectGateway: 'DxTransitGw', onPremises: ['172.21.0.0/16'] })
    .customerGateway('DcCgw', { ip: '203.0.113.2' })
    .customerGateway('Site1Cgw', { ip: '203.0.113.11', asn: 65001 })
    .customerGateway('Site2Cgw', { ip: '203.0.113.12', asn: 65002 })
    .vpnConnection('BackupVpn', { customerGateway: 'DcCgw', vpnGateway: 'Vgw', staticRoutes: ['172.20.0.0/16'] })
    .vpnConnection('Site1Vpn', { customerGateway: 'Site1Cgw', vpnGateway: 'Vgw', bgpPrefixes: ['192.168.1.0/24'] })
    .vpnConnection('Site2Vpn', { customerGateway: 'Site2Cgw', vpnGateway: 'Vgw', bgpPrefixes: ['192.168.2.0/24', '192.168.0.0/16'], asPathLength: 3 })
    .vpnConnection('DownVpn', { customerGateway: 'DcCgw', vpnGateway: 'Vgw', staticRoutes: ['172.30.0.0/16'], tunnels: ['DOWN', 'DOWN'] })
    .vpnConnection('TgwVpn', { customerGateway: 'DcCgw', transitGateway: 'Tgw', bgpPrefixes: ['192.168.50.0/24'] })
    .build();
}

/** splitmix32: the test's own seeded stream, so failures reproduce. */
/**
 * Makes a generated topology dual-stack (the generator builds IPv4 only), so IPv6 packets walk its
 * peerings, route tables, ACL ranges and groups: each VPC an IPv6 /56 (2600:1f18:<vpc>::/56), each
 * subnet a /64 of it, every instance ENI one address in its subnet; the default ACLs get NACL-2's
 * IPv6 rules 101, the custom ones keep their IPv4-only entries (their IPv6 ranges are empty: the `*`
 * deny); every other security group also allows all IPv6 egress (EniFlag.EgressOpen6) and all IPv6
 * ingress from its own VPC's block. Peered VPCs get routes for each other's IPv6 blocks.
 */
export function dualStack(t: Topology): Topology {
  const block = new Map<string, bigint>();
  t.vpcs.forEach((v, i) => {
    const addr = (0x26001f18n << 96n) | (BigInt(i) << 72n);
    block.set(v.id, addr);
    v.ipv6CidrBlocks.push(makePrefix(6, addr, 56));
  });
  const subnetBlock = new Map<string, bigint>();
  const perVpc = new Map<string, number>();
  for (const s of t.subnets) {
    const k = perVpc.get(s.vpcId) ?? 0;
    perVpc.set(s.vpcId, k + 1);
    const addr = block.get(s.vpcId)! | (BigInt(k) << 64n);
    s.ipv6CidrBlock = makePrefix(6, addr, 64);
    subnetBlock.set(s.id, addr);
  }
  const used = new Map<string, bigint>();
  for (const e of t.networkInterfaces) {
    if (e.kind !== 'instance' || !subnetBlock.has(e.subnetId)) continue;
    const next = (used.get(e.subnetId) ?? 0x10n) + 1n;
    used.set(e.subnetId, next);
    const value = subnetBlock.get(e.subnetId)! | next;
    e.ipv6Addresses.push({ family: 6, value, text: formatAddress(6, value) });
  }
  const all6 = makePrefix(6, 0n, 0);
  for (const acl of t.networkAcls) {
    if (!acl.isDefault) continue;
    for (const egress of [false, true]) acl.entries.push({ ruleNumber: 101, egress, protocol: -1, ruleAction: 'allow', cidr: all6 });
  }
  t.securityGroups.forEach((g, i) => {
    if (i % 2 === 1) return;
    g.egress.push({ protocol: -1, fromPort: -1, toPort: -1, peer: { kind: 'cidr', prefix: all6 } });
    g.ingress.push({ protocol: -1, fromPort: -1, toPort: -1, peer: { kind: 'cidr', prefix: makePrefix(6, block.get(g.vpcId)!, 56) } });
  });
  const peerOf = new Map(t.vpcPeeringConnections.map((p) => [p.id, p]));
  for (const rt of t.routeTables) {
    const peered = new Set<string>();
    for (const r of [...rt.routes]) {
      const p = r.target.kind === 'vpc-peering-connection' ? peerOf.get(r.target.id ?? '') : undefined;
      if (!p || peered.has(p.id)) continue;
      peered.add(p.id);
      const addr = block.get(p.requesterVpcId === rt.vpcId ? p.accepterVpcId : p.requesterVpcId);
      if (addr !== undefined) rt.routes.push({ ...r, destination: makePrefix(6, addr, 56) });
    }
  }
  return t;
}

export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return ((z ^ (z >>> 16)) >>> 0) / 2 ** 32;
  };
}

export interface Case {
  origin: FlowOrigin;
  originEni: number;
  flow: Flow;
  /** TRACE-13: the ENI the flow is addressed to (a resource query), by id and dense id (NONE: an address query). */
  destination?: string;
  destinationEni: number;
}

/**
 * The Peering Guide's "VPC peering configurations with specific routes" (longest prefix matches) with more at
 * stake: VPC A peers with B and C, which share 10.0.0.0/16 and reuse each other's addresses; A routes
 * 10.0.0.77/32 to B and the rest to C (TRACE-13). Inside A, subnets A1 and A3 talk through an appliance
 * whose forwarded packets no longer match group references (SG-4).
 */
export function overlappingPeersTopology(): Topology {
  const peerHosts = (v: VpcBuilder, prefix: string, sg: string) => {
    for (const last of [77, 50, 60]) v.instance(`${prefix}${last}`, { subnet: `${prefix}Subnet`, ip: `10.0.0.${last}`, sgs: [sg] });
    return v;
  };
  return topology({ region: 'us-east-1' })
    .vpc('VpcA', '172.16.0.0/16', (v) =>
      v
        .subnet('A1', '172.16.0.0/24')
        .subnet('A2', '172.16.1.0/24')
        .subnet('A3', '172.16.2.0/24')
        .securityGroup('ASg', (g) => g.ingress({ protocol: 'all', cidr: '10.0.0.0/8' }).ingress({ protocol: 'tcp', ports: 22, sg: 'ASg' }))
        .securityGroup('RouterSg', (g) => g.ingress({ protocol: 'all', cidr: '172.16.0.0/16' }))
        .securityGroup('A3Sg', (g) => g.ingress({ protocol: 'tcp', ports: 443, sg: 'ASg' }).ingress({ protocol: 'tcp', ports: 22, cidr: '172.16.0.0/24' }).ingress({ protocol: 'icmp', sg: 'ASg' }))
        .routeTable('A1Rt', { subnets: ['A1'] }, (rt) => rt.route('10.0.0.0/16', { pcx: 'PcxAC' }).route('10.0.0.77/32', { pcx: 'PcxAB' }).route('172.16.2.0/24', { instance: 'Router' }))
        .routeTable('A2Rt', { subnets: ['A2'] }, (rt) => rt.route('10.0.0.0/16', { pcx: 'PcxAC' }))
        .routeTable('A3Rt', { subnets: ['A3'] }, (rt) => rt.route('172.16.0.0/24', { instance: 'Router' }).route('10.0.0.0/16', { pcx: 'PcxAB' }))
        .instance('Router', { subnet: 'A2', ip: '172.16.1.10', sgs: ['RouterSg'], sourceDestCheck: false })
        .instance('A1Host', { subnet: 'A1', ip: '172.16.0.10', sgs: ['ASg'] })
        .instance('A1Other', { subnet: 'A1', ip: '172.16.0.11', sgs: ['ASg'] })
        .instance('A3Host', { subnet: 'A3', ip: '172.16.2.10', sgs: ['A3Sg', 'ASg'] }),
    )
    .vpc('VpcB', '10.0.0.0/16', (v) =>
      peerHosts(
        v
          .subnet('BSubnet', '10.0.0.0/24')
          .securityGroup('BSg', (g) => g.ingress({ protocol: 'all', cidr: '172.16.0.0/16' }))
          .routeTable('BRt', { subnets: ['BSubnet'] }, (rt) => rt.route('172.16.0.0/16', { pcx: 'PcxAB' })),
        'B',
        'BSg',
      ),
    )
    .vpc('VpcC', '10.0.0.0/16', (v) =>
      peerHosts(
        v
          .subnet('CSubnet', '10.0.0.0/24')
          .securityGroup('CSg', (g) => g.ingress({ protocol: 'tcp', ports: 22, cidr: '172.16.0.0/16' }).ingress({ protocol: 'icmp', cidr: '172.16.0.0/24' }))
          .routeTable('CRt', { subnets: ['CSubnet'] }, (rt) => rt.route('172.16.0.0/24', { pcx: 'PcxAC' })),
        'C',
        'CSg',
      ),
    )
    .peering('PcxAB', 'VpcA', 'VpcB')
    .peering('PcxAC', 'VpcA', 'VpcC')
    .build();
}

const PROTOCOLS = [6, 6, 6, 17, 17, 1, 58, -1, 47];
const PORTS = [22, 80, 443, 3306, 5432, 8080, 53, 1024, 33000, 65535, 123];

const AMAZON_PROVIDED_4 = [0xa9fea9fdn, 0xa9fea9fen, 0xa9fea97bn];
const AMAZON_PROVIDED_6 = [0xfd000ec2_00000000_00000000_00000253n, 0xfd000ec2_00000000_00000000_00000254n, 0xfd000ec2_00000000_00000000_00000123n];

/** Addresses with their own rules: Amazon-provided services (NACL-12), the VPC's DNS (base + 2), prefix-list entries (VPCE-3). */
function specialDestination(t: Topology, src: Topology['networkInterfaces'][number], six: boolean, r: () => number): bigint | undefined {
  const pick = <T>(xs: readonly T[]): T | undefined => xs[Math.floor(r() * xs.length)];
  const roll = r();
  if (six) return pick(AMAZON_PROVIDED_6);
  if (roll < 0.3) return pick(AMAZON_PROVIDED_4);
  if (roll < 0.5) {
    const subnet = t.subnets.find((x) => x.id === src.subnetId);
    const vpc = t.vpcs.find((v) => v.id === subnet?.vpcId);
    return vpc?.cidrBlocks[0] ? vpc.cidrBlocks[0].addr + 2n : undefined;
  }
  const entries = t.prefixLists.flatMap((l) => l.entries).filter((p) => p.family === 4);
  const entry = pick(entries);
  return entry ? entry.addr + BigInt(Math.floor(r() * Math.min(2 ** (32 - entry.len), 1024))) : undefined;
}

/** Random flows: from ENIs or the internet, to ENI addresses (private, public, IPv6) or anywhere. */
export function randomCases(t: Topology, count: number, seed: number): Case[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const enis = t.networkInterfaces;
  // On-premises networks behind VPN connections and virtual interfaces (HYB-12), and the connections.
  const connections = [...t.vpnConnections, ...t.virtualInterfaces];
  const onPremises = [...t.vpnConnections.flatMap((v) => [...v.staticRoutes, ...v.bgpPrefixes]), ...t.virtualInterfaces.flatMap((v) => v.onPremisesPrefixes)].filter((p) => p.family === 4);
  const inside = (p: Prefix) => p.addr + BigInt(Math.floor(r() * Math.min(2 ** (32 - p.len), 4096)));
  const cases: Case[] = [];
  while (cases.length < count) {
    const fromOnPremises = onPremises.length > 0 && r() < 0.3;
    const fromInternet = !fromOnPremises && r() < 0.15;
    const six = !fromOnPremises && r() < 0.25;
    const family = six ? 6 : 4;
    const src = pick(enis);
    const dstEni = pick(enis);
    let srcAddr: bigint | undefined;
    let dstAddr: bigint | undefined;
    if (fromOnPremises) srcAddr = inside(pick(onPremises));
    else if (fromInternet) srcAddr = six ? 0x20010db8_00000000_00000000_00000001n + BigInt(Math.floor(r() * 1000)) : BigInt(0xc6336400 + Math.floor(r() * 256));
    else srcAddr = six ? src.ipv6Addresses[0]?.value : src.privateIps.find((p) => p.primary)?.address?.value;
    const roll = r();
    const special = r() < 0.08 ? specialDestination(t, src, six, r) : undefined;
    if (special !== undefined) {
      dstAddr = special;
    } else if (!six && !fromOnPremises && onPremises.length > 0 && r() < 0.3) {
      dstAddr = inside(pick(onPremises));
    } else if (six) {
      dstAddr = roll < 0.8 ? dstEni.ipv6Addresses[0]?.value : 0x2600_0000_0000_0000_0000_0000_0000_0001n + BigInt(Math.floor(r() * 1e6));
    } else if (roll < 0.6) {
      dstAddr = dstEni.privateIps.find((p) => p.primary)?.address?.value;
    } else if (roll < 0.8) {
      dstAddr = dstEni.privateIps.find((p) => p.publicIp)?.publicIp?.value ?? pick(t.natGateways.map((n) => n.publicIp?.value).filter((x) => x !== undefined).concat([0x08080808n]));
    } else if (roll < 0.9) {
      dstAddr = BigInt(Math.floor(r() * 2 ** 32));
    } else {
      dstAddr = BigInt(0x0a000000 + Math.floor(r() * 2 ** 24));
    }
    if (srcAddr === undefined || dstAddr === undefined) continue;
    const protocol = family === 6 && pick([0, 1]) ? pick([6, 58]) : pick(PROTOCOLS.filter((p) => (family === 6 ? p !== 1 : p !== 58)));
    const ports = protocol === 6 || protocol === 17;
    const icmp = protocol === 1 || protocol === 58;
    const flow: Flow = {
      family,
      src: srcAddr,
      dst: dstAddr,
      protocol,
      srcPort: ports ? (r() < 0.1 ? pick([22, 80, 500]) : 1024 + Math.floor(r() * 64512)) : 0,
      dstPort: ports ? pick(PORTS) : 0,
      icmpType: icmp ? (r() < 0.8 ? (family === 4 ? 8 : 128) : pick([0, 3, 11])) : -1,
      icmpCode: icmp ? 0 : -1,
    };
    if (fromOnPremises) {
      // Half the on-premises hosts name the connection they send over (the origin's `via`).
      const via = r() < 0.5 ? Math.floor(r() * connections.length) : -1;
      cases.push(via < 0
        ? { origin: { kind: 'on-premises' }, originEni: Origin.OnPremises, flow, destinationEni: NONE }
        : { origin: { kind: 'on-premises', via: connections[via]!.id }, originEni: Origin.OnPremisesVia - via, flow, destinationEni: NONE });
      continue;
    }
    const originEni = enis.indexOf(src);
    // TRACE-13: half the flows to an ENI's private address are resource queries (drawn from `roll`: the sequence stays as it was).
    const target = special === undefined && !six && roll < 0.3 && dstAddr === dstEni.privateIps.find((p) => p.primary)?.address?.value
      ? { destination: dstEni.id, destinationEni: enis.indexOf(dstEni) }
      : { destinationEni: NONE };
    cases.push(fromInternet ? { origin: { kind: 'internet' }, originEni: Origin.Internet, flow, ...target } : { origin: { kind: 'network-interface', networkInterfaceId: src.id }, originEni, flow, ...target });
  }
  return cases;
}

export function toBatch(cases: Case[]): FlowBatch {
  const b = allocateFlowBatch(cases.length);
  cases.forEach((c, i) => {
    b.origin[i] = c.originEni;
    b.destination[i] = c.destinationEni;
    b.family[i] = c.flow.family;
    b.protocol[i] = c.flow.protocol;
    b.srcPort[i] = c.flow.srcPort;
    b.dstPort[i] = c.flow.dstPort;
    b.icmpType[i] = c.flow.icmpType;
    b.icmpCode[i] = c.flow.icmpCode;
    b.src.set(addressWords(c.flow.family, c.flow.src).map((w) => w >>> 0), 4 * i);
    b.dst.set(addressWords(c.flow.family, c.flow.dst).map((w) => w >>> 0), 4 * i);
  });
  return b;
}

/** A walk's hops as text for comparison, one per hop: model objects by their AWS id, addresses in hex. */
function hopTexts(w: WalkTrace): string[] {
  return [...w.forward, ...w.response].map((h) =>
    JSON.stringify(h, (key, v: unknown) => {
      if (typeof v === 'bigint') return v.toString(16);
      if (key !== '' && v && typeof v === 'object' && 'logicalId' in v && 'id' in v) return (v as { id: string }).id;
      return v;
    }),
  );
}

/** The first hop where two walks differ, or undefined when every hop is the same. */
function firstDifference(engine: WalkTrace, reference: WalkTrace): string | undefined {
  const a = hopTexts(engine);
  const b = hopTexts(reference);
  for (let k = 0; k < Math.max(a.length, b.length); k++) {
    if (a[k] !== b[k]) return `hop ${k} of ${a.length} / ${b.length}:\n    wasm ${a[k] ?? '(none)'}\n    ref  ${b[k] ?? '(none)'}`;
  }
  return undefined;
}

/** `F:kind:component/id:code` per hop, for a readable mismatch. */
const hopLine = (w: WalkTrace) => [...w.forward, ...w.response].map((h) => `${h.direction[0]!.toUpperCase()}:${h.kind}:${h.component}/${h.id}:${h.code}`).join(' ');

export interface Outcome {
  compared: number;
  unsupported: number;
  verdicts: Map<number, number>;
  /** Hop kinds of the reference paths compared, with how many flows crossed each. */
  crossed: Map<number, number>;
  /** Flows the reference walk found more than one blocker on (TRACE-8 allBlocking). */
  multiBlocked: number;
  mismatches: string[];
}

export interface DifferentialOptions {
  /** Ids of components that are down (NetworkImage.components ids), the same for every flow of the batch. */
  down?: readonly string[];
  /** TRACE-8: both walks go past blockers. */
  allBlocking?: boolean;
  /** Seconds between request and response on both sides (idle timeouts). */
  responseAfter?: number;
  /** `t` compiled and already loaded in the engine (else it is compiled and loaded here). */
  image?: NetworkImage;
}

/** One traced engine batch against the reference walk, under the same options on both sides. */
export function runDifferential(engine: Engine, t: Topology, cases: Case[], options: DifferentialOptions = {}): Outcome {
  const image = options.image ?? compileTopology(t);
  if (!options.image) {
    engine.reset();
    engine.loadNetwork(image);
  }
  const down = options.down ?? [];
  const walkOptions: WalkOptions = down.length > 0 ? { down: new Set(down) } : {};
  if (options.allBlocking) walkOptions.allBlocking = true;
  if (options.responseAfter) walkOptions.responseAfter = options.responseAfter;
  const bits = down.length > 0 ? downBits(image.componentIds, image.components.length, down) : undefined;
  const batchOptions = { allBlocking: options.allBlocking ?? false, responseAfter: options.responseAfter ?? 0, ...(bits ? { down: bits } : {}) };
  // Untraced walks take shortcuts the traced one does not (assembly/walk-reply.ts): their verdicts too
  // (copied: the traced batch's results replace them in engine memory).
  const untraced = engine.walkBatch(toBatch(cases), { trace: false, memo: false, ...batchOptions }).verdicts.slice();
  const result = engine.walkBatch(toBatch(cases), { trace: true, ...batchOptions });
  const outcome: Outcome = { compared: 0, unsupported: 0, verdicts: new Map(), crossed: new Map(), multiBlocked: 0, mismatches: [] };
  cases.forEach((c, i) => {
    const verdict = result.verdicts[i]!;
    if (verdict === VERDICT_UNSUPPORTED) {
      outcome.unsupported++;
      return;
    }
    outcome.compared++;
    const ref = referenceHops(t, c.flow, c.origin, walkOptions, c.destination);
    outcome.verdicts.set(ref.verdict, (outcome.verdicts.get(ref.verdict) ?? 0) + 1);
    if ([...ref.forward, ...ref.response].filter((h) => h.code !== 0).length > 1) outcome.multiBlocked++;
    for (const kind of new Set([...ref.forward, ...ref.response].map((h) => h.kind))) outcome.crossed.set(kind, (outcome.crossed.get(kind) ?? 0) + 1);
    // Issue 9: the engine's hop records, read into the walk's hop shape, are the reference's hops field for field ...
    const engine = engineHops(t, image, result, i, c.flow);
    const mismatch = (text: string) => outcome.mismatches.push(outcome.mismatches.length < 5 ? text : '');
    const difference = firstDifference(engine, ref);
    if (untraced[i] !== ref.verdict) mismatch(`flow ${i}: untraced verdict ${untraced[i]}, traced and reference ${verdict} / ${ref.verdict}`);
    if (verdict !== ref.verdict || difference) {
      const flow = JSON.stringify(c, (_, v) => (typeof v === 'bigint' ? v.toString(16) : v));
      mismatch(`flow ${i} ${flow}\n  wasm ${verdict}: ${hopLine(engine)}\n  ref  ${ref.verdict}: ${hopLine(ref)}\n  ${difference ?? 'same hops'}`);
      return;
    }
    // ... and, worded by src/analyze/hop-text/ (the one place hops become English), the same answer word for word.
    const words = (w: WalkResult) => JSON.stringify({ forward: w.forward, response: w.response, blockers: w.blockers });
    const worded = explainEngineFlow(t, image, result, i, c.flow, options.allBlocking);
    const referenceWorded = wordWalk(t, ref);
    if (words(worded) !== words(referenceWorded)) mismatch(`flow ${i}: worded hops differ\n  engine    ${words(worded)}\n  reference ${words(referenceWorded)}`);
  });
  return outcome;
}

/**
 * Every seventh flow from an ENI sends from another ENI's address of its family (not the origin's): its
 * response goes to that ENI, not back (NO_PATH), so the fast path must not take it.
 */
export function withOtherSources(t: Topology, cases: Case[]): Case[] {
  const enis = t.networkInterfaces;
  return cases.map((c, i) => {
    if (c.origin.kind !== 'network-interface' || i % 7 !== 0) return c;
    const other = enis[(c.originEni + 1 + (i % 5)) % enis.length]!;
    const src = c.flow.family === 4 ? other.privateIps.find((p) => p.primary)?.address?.value : other.ipv6Addresses[0]?.value;
    return src === undefined ? c : { ...c, flow: { ...c.flow, src } };
  });
}
