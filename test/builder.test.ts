// The builder produces what its calls say, in AWS terms. Each test names the rule it checks.
import { describe, expect, it } from 'vitest';
import { topology } from '../src/builder/index.js';
import { InputError } from '../src/model/errors.js';
import { validateTopology } from '../src/model/validate.js';
import { physicalId } from '../src/model/ids.js';
import { prefixContains } from '../src/model/ip.js';
import type { Topology } from '../src/model/types.js';
import { DocumentedPublicIpPool } from './helpers/public-ip-pool.js';

const byLogical = <T extends { logicalId: string }>(items: T[], logicalId: string): T => {
  const found = items.find((i) => i.logicalId === logicalId);
  if (!found) throw new Error(`no ${logicalId}`);
  return found;
};
const primaryEni = (t: Topology, instance: string) => {
  const inst = byLogical(t.instances, instance);
  return t.networkInterfaces.find((e) => e.id === inst.networkInterfaceIds[0])!;
};

function twoTier(): Topology {
  return topology({ region: 'us-east-1' })
    .vpc('A', '10.0.0.0/16', (v) =>
      v
        .subnet('Web', '10.0.1.0/24', { az: 'us-east-1a', public: true })
        .subnet('App', '10.0.2.0/24', { az: 'us-east-1b' })
        .internetGateway('Igw')
        .natGateway('Nat', { subnet: 'Web' })
        .routeTable('PublicRt', { subnets: ['Web'] }, (rt) => rt.route('0.0.0.0/0', { igw: 'Igw' }))
        .routeTable('PrivateRt', { subnets: ['App'] }, (rt) => rt.route('0.0.0.0/0', { nat: 'Nat' }))
        .securityGroup('WebSg', (sg) => sg.ingress({ protocol: 'tcp', ports: 443, cidr: '0.0.0.0/0' }))
        .securityGroup('AppSg', (sg) => sg.ingress({ protocol: 'tcp', ports: [8080, 8081], sg: 'WebSg' }).egress({ protocol: 'tcp', ports: 443, cidr: '0.0.0.0/0' }))
        .instance('WebServer', { subnet: 'Web', ip: '10.0.1.10', sgs: ['WebSg'] })
        .instance('WebNoPublic', { subnet: 'Web', publicIp: false, sgs: ['WebSg'] })
        .instance('AppServer', { subnet: 'App', sgs: ['AppSg'] })
        .instance('AppWithPublic', { subnet: 'App', publicIp: true })
        .networkInterface('WebSecondEni', { subnet: 'Web', instance: 'WebServer', ip: '10.0.1.20' }),
    )
    .build();
}

describe('builder: ids and structure', () => {
  it('physical ids come from logical ids exactly as the importer makes them (ids.ts, stack scope vpcsim)', () => {
    const t = twoTier();
    expect(byLogical(t.vpcs, 'A').id).toBe(physicalId('vpc', 'A', 'vpcsim'));
    expect(byLogical(t.subnets, 'Web').id).toBe(physicalId('subnet', 'Web', 'vpcsim'));
    expect(byLogical(t.instances, 'WebServer').id).toBe(physicalId('i', 'WebServer', 'vpcsim'));
    expect(byLogical(t.routeTables, 'PublicRt').routes[0]!.target).toEqual({ kind: 'internet-gateway', id: physicalId('igw', 'Igw', 'vpcsim') });
  });

  it('a built topology passes validateTopology', () => {
    expect(() => validateTopology(twoTier())).not.toThrow();
  });

  it('the same calls build the same topology (deterministic)', () => {
    expect(twoTier()).toEqual(twoTier());
  });

  it('RT-1, NACL-2, SG-8: every VPC gets a main route table, default NACL and default SG', () => {
    const t = twoTier();
    const vpc = byLogical(t.vpcs, 'A');
    expect(t.routeTables.filter((r) => r.main && r.vpcId === vpc.id)).toHaveLength(1);
    const acl = t.networkAcls.find((n) => n.id === vpc.defaultNetworkAclId)!;
    expect(acl.isDefault).toBe(true);
    expect(acl.entries.filter((e) => e.ruleAction === 'allow' && e.protocol === -1)).toHaveLength(2);
    expect(t.securityGroups.find((g) => g.id === vpc.defaultSecurityGroupId)?.isDefault).toBe(true);
  });

  it('RT-1: `main: true` makes that table the main one and no other main table is created', () => {
    const t = topology().vpc('A', '10.0.0.0/16', (v) => v.routeTable('Main', { main: true }, (rt) => rt.route('192.168.0.0/16', { blackhole: true }))).build();
    expect(t.routeTables).toHaveLength(1);
    expect(t.vpcs[0]!.mainRouteTableId).toBe(t.routeTables[0]!.id);
    expect(t.routeTables[0]!.routes[0]).toMatchObject({ target: { kind: 'blackhole' }, state: 'blackhole' });
  });
});

describe('builder: addresses (ADDR)', () => {
  it('ADDR-12: an instance in a MapPublicIpOnLaunch subnet gets a public IPv4 on its primary ENI', () => {
    const eni = primaryEni(twoTier(), 'WebServer');
    expect(eni.deviceIndex).toBe(0);
    expect(eni.privateIps[0]!.address?.text).toBe('10.0.1.10');
    const pub = eni.privateIps[0]!.publicIp;
    expect(pub?.family).toBe(4);
    expect(prefixContains({ family: 4, addr: 0x0a000000n, len: 8, text: '10.0.0.0/8' }, pub!)).toBe(false);
  });

  it('ADDR-12: AssociatePublicIpAddress overrides the subnet attribute both ways', () => {
    const t = twoTier();
    expect(primaryEni(t, 'WebNoPublic').privateIps[0]!.publicIp).toBeUndefined();
    expect(primaryEni(t, 'AppServer').privateIps[0]!.publicIp).toBeUndefined();
    // The pool's address for the ENI's id, past the NAT gateway's Elastic IP (docs/semantics.md, "Public IPv4 pool"),
    // instance ENIs in model order: WebServer's, then AppWithPublic's.
    const pool = new DocumentedPublicIpPool([byLogical(t.natGateways, 'Nat').publicIp!.text]);
    expect(primaryEni(t, 'WebServer').privateIps[0]!.publicIp?.text).toBe(pool.next(primaryEni(t, 'WebServer').id));
    expect(primaryEni(t, 'AppWithPublic').privateIps[0]!.publicIp?.text).toBe(pool.next(primaryEni(t, 'AppWithPublic').id));
  });

  it('ADDR-13: a secondary ENI gets no auto-assigned public IPv4 and is attached at device index 1', () => {
    const t = twoTier();
    const inst = byLogical(t.instances, 'WebServer');
    expect(inst.networkInterfaceIds).toHaveLength(2);
    const second = t.networkInterfaces.find((e) => e.id === inst.networkInterfaceIds[1])!;
    expect(second.logicalId).toBe('WebSecondEni');
    expect(second.deviceIndex).toBe(1);
    expect(second.privateIps[0]!.publicIp).toBeUndefined();
  });

  it('ADDR-11: an instance without a private IP gets the lowest free non-reserved address (base+4)', () => {
    expect(primaryEni(twoTier(), 'AppServer').privateIps[0]!.address?.text).toMatch(/^10\.0\.2\.\d+$/);
    const t = topology().vpc('A', '10.0.0.0/16', (v) => v.subnet('S', '10.0.5.0/24').instance('I', { subnet: 'S' })).build();
    expect(primaryEni(t, 'I').privateIps[0]!.address?.text).toBe('10.0.5.4');
  });

  it('ADDR-14: an Elastic IP maps 1:1 to the primary private IP and replaces the auto-assigned one', () => {
    const t = topology()
      .elasticIp('WebEip', '52.1.2.3')
      .vpc('A', '10.0.0.0/16', (v) => v.subnet('Web', '10.0.1.0/24', { public: true }).instance('I', { subnet: 'Web', eip: 'WebEip' }))
      .build();
    const ip = primaryEni(t, 'I').privateIps[0]!;
    expect(ip.publicIp?.text).toBe('52.1.2.3');
    expect(ip.allocationId).toBe(physicalId('eipalloc', 'WebEip', 'vpcsim'));
  });

  it('ADDR-14: one Elastic IP cannot be associated twice', () => {
    const b = topology()
      .elasticIp('Eip')
      .vpc('A', '10.0.0.0/16', (v) => v.subnet('S', '10.0.1.0/24').instance('I1', { subnet: 'S', eip: 'Eip' }).instance('I2', { subnet: 'S', eip: 'Eip' }));
    expect(() => b.build()).toThrow(/Elastic IP 'Eip' is already associated with 'I1'/);
  });

  it('IPv6 blocks and addresses are kept (ADDR-4)', () => {
    const t = topology()
      .vpc('A', '10.0.0.0/16', (v) =>
        v.ipv6Cidr('2600:1f18:1:100::/56').secondaryCidr('10.1.0.0/16').subnet('S', '10.1.0.0/24', { ipv6: '2600:1f18:1:100::/64' }).instance('I', { subnet: 'S', ipv6: ['2600:1f18:1:100::10'] }),
      )
      .build();
    expect(t.vpcs[0]!.cidrBlocks.map((p) => p.text)).toEqual(['10.0.0.0/16', '10.1.0.0/16']);
    expect(t.vpcs[0]!.ipv6CidrBlocks[0]!.text).toBe('2600:1f18:1:100::/56');
    expect(primaryEni(t, 'I').ipv6Addresses.map((a) => a.text)).toEqual(['2600:1f18:1:100::10']);
    // NACL-2: the default NACL also allows all IPv6 when the VPC has IPv6 (rule 101).
    expect(t.networkAcls[0]!.entries.some((e) => e.ruleNumber === 101 && e.cidr.text === '::/0')).toBe(true);
  });
});

describe('builder: security groups and NACLs', () => {
  it('SG-10: a group declared without egress rules allows all IPv4 and IPv6 out; naming one replaces them', () => {
    const t = twoTier();
    expect(byLogical(t.securityGroups, 'WebSg').egress.map((r) => [r.protocol, r.peer.kind === 'cidr' && r.peer.prefix.text])).toEqual([
      [-1, '0.0.0.0/0'],
      [-1, '::/0'],
    ]);
    const app = byLogical(t.securityGroups, 'AppSg');
    expect(app.egress).toHaveLength(1);
    expect(app.egress[0]).toMatchObject({ protocol: 6, fromPort: 443, toPort: 443 });
  });

  it('SG-3: a security-group peer names the referenced group by physical id', () => {
    const t = twoTier();
    expect(byLogical(t.securityGroups, 'AppSg').ingress[0]).toMatchObject({ protocol: 6, fromPort: 8080, toPort: 8081, peer: { kind: 'security-group', groupId: byLogical(t.securityGroups, 'WebSg').id } });
  });

  it('SG-9: an instance declared without security groups gets the VPC default group', () => {
    const t = twoTier();
    expect(primaryEni(t, 'AppWithPublic').securityGroupIds).toEqual([t.vpcs[0]!.defaultSecurityGroupId]);
  });

  it('NACL-7: ICMP rules carry type and code, -1 = any; protocol names map to numbers', () => {
    const t = topology()
      .vpc('A', '10.0.0.0/16', (v) =>
        v.networkAcl('Acl', {}, (acl) => acl.ingress(100, { action: 'allow', protocol: 'icmp', icmp: { type: 8 }, cidr: '0.0.0.0/0' }).egress(100, { action: 'deny', protocol: 'udp', ports: 53, cidr: '10.0.0.0/8' })),
      )
      .build();
    const acl = byLogical(t.networkAcls, 'Acl');
    expect(acl.entries[0]).toMatchObject({ ruleNumber: 100, egress: false, protocol: 1, icmp: { type: 8, code: -1 } });
    expect(acl.entries[1]).toMatchObject({ egress: true, protocol: 17, ruleAction: 'deny', portRange: { from: 53, to: 53 } });
  });

  it('NACL-3: a custom NACL declared without entries has none (denies everything)', () => {
    const t = topology().vpc('A', '10.0.0.0/16', (v) => v.subnet('S', '10.0.1.0/24').networkAcl('Acl', { subnets: ['S'] })).build();
    expect(byLogical(t.networkAcls, 'Acl')).toMatchObject({ entries: [], isDefault: false, subnetIds: [t.subnets[0]!.id] });
  });

  it('NACL-4: rule numbers outside 1-32766 and duplicates in one direction are rejected', () => {
    const acl = (n: number) => () => topology().vpc('A', '10.0.0.0/16', (v) => v.networkAcl('Acl', {}, (a) => a.ingress(n, { action: 'allow', protocol: 'all', cidr: '0.0.0.0/0' })));
    expect(acl(0)).toThrow(/NetworkAcl 'Acl': Ingress rule number 0 must be 1-32766/);
    expect(acl(32767)).toThrow(InputError);
    const dup = () =>
      topology().vpc('A', '10.0.0.0/16', (v) => v.networkAcl('Acl', {}, (a) => a.egress(100, { action: 'allow', protocol: 'all', cidr: '0.0.0.0/0' }).egress(100, { action: 'deny', protocol: 'all', cidr: '0.0.0.0/0' })));
    expect(dup).toThrow(/NetworkAclEntryAlreadyExists/);
  });
});

describe('builder: gateways, hubs, hybrid', () => {
  it('GW-7: a public NAT gateway gets an Elastic IP, and its ENI carries it', () => {
    const t = twoTier();
    const nat = byLogical(t.natGateways, 'Nat');
    expect(nat.connectivityType).toBe('public');
    // Its own Elastic IP, 'NatEip': the pool's address for that allocation id (docs/semantics.md, "Public IPv4 pool").
    expect(nat.allocationId).toBe(physicalId('eipalloc', 'NatEip', 'vpcsim'));
    expect(nat.publicIp?.text).toBe(new DocumentedPublicIpPool().next(nat.allocationId!));
    const eni = t.networkInterfaces.find((e) => e.id === nat.networkInterfaceId)!;
    expect(eni.kind).toBe('nat-gateway');
    expect(eni.privateIps[0]!.publicIp).toEqual(nat.publicIp);
  });

  it('RT-9: routes reach every target kind', () => {
    const t = topology()
      .vpc('A', '10.0.0.0/16', (v) =>
        v
          .ipv6Cidr('2600:1f18::/56')
          .subnet('S', '10.0.1.0/24', { az: 'us-east-1a' })
          .subnet('Fw', '10.0.2.0/28', { az: 'us-east-1a' })
          .internetGateway('Igw')
          .egressOnlyInternetGateway('Eigw')
          .natGateway('Nat', { subnet: 'S', connectivity: 'private' })
          .instance('Appliance', { subnet: 'S', sourceDestCheck: false })
          .networkInterface('Eni', { subnet: 'S' })
          .gatewayEndpoint('S3', { service: 's3', routeTables: ['Rt'] })
          .networkFirewall('Firewall', { policy: 'Policy', subnets: ['Fw'] })
          .routeTable('Rt', { subnets: ['S'] }, (rt) =>
            rt
              .route('0.0.0.0/0', { igw: 'Igw' })
              .route('::/0', { eigw: 'Eigw' })
              .route('172.16.0.0/12', { nat: 'Nat' })
              .route('10.1.0.0/16', { pcx: 'AB' })
              .route('10.2.0.0/16', { tgw: 'Tgw' })
              .route('192.168.0.0/16', { vgw: 'Vgw' })
              .route({ prefixList: 'pl-63a5400a' }, { endpoint: 'S3' })
              .route('198.18.0.0/15', { firewall: 'Firewall', az: 'us-east-1a' })
              .route('198.51.100.0/24', { eni: 'Eni' })
              .route('203.0.113.0/24', { instance: 'Appliance' })
              .route('100.64.0.0/10', { blackhole: true }),
          ),
      )
      .vpc('B', '10.1.0.0/16')
      .peering('AB', 'A', 'B')
      .transitGateway('Tgw')
      .vpnGateway('Vgw', { vpc: 'A' })
      .firewallPolicy('Policy', { stateful: [{ group: 'Deny' }] })
      .statefulRuleGroup('Deny', [{ action: 'DROP', protocol: 'tcp', destinationPort: 23 }])
      .build();
    const kinds = byLogical(t.routeTables, 'Rt').routes.map((r) => r.target.kind);
    expect(kinds).toEqual(['internet-gateway', 'egress-only-internet-gateway', 'nat-gateway', 'vpc-peering-connection', 'transit-gateway', 'vpn-gateway', 'vpc-endpoint', 'vpc-endpoint', 'network-interface', 'instance', 'blackhole']);
    const routes = byLogical(t.routeTables, 'Rt').routes;
    expect(routes[6]).toMatchObject({ destinationPrefixListId: 'pl-63a5400a', target: { id: byLogical(t.vpcEndpoints, 'S3').id } });
    // NFW-1: the firewall route targets that AZ's firewall endpoint.
    const fw = byLogical(t.networkFirewalls, 'Firewall');
    expect(fw.endpoints).toHaveLength(1);
    expect(fw.endpoints[0]).toMatchObject({ availabilityZone: 'us-east-1a', subnetId: byLogical(t.subnets, 'Fw').id });
    expect(routes[7]!.target.id).toBe(fw.endpoints[0]!.endpointId);
    expect(t.networkInterfaces.some((e) => e.kind === 'firewall-endpoint' && e.ownerId === fw.id)).toBe(true);
    expect(byLogical(t.natGateways, 'Nat').publicIp).toBeUndefined();
    expect(primaryEni(t, 'Appliance').sourceDestCheck).toBe(false);
  });

  it('TGW-6: with the default options attachments are associated with and propagate to the default route table', () => {
    const t = topology()
      .vpc('A', '10.0.0.0/16', (v) => v.subnet('A1', '10.0.1.0/24'))
      .vpc('B', '10.1.0.0/16', (v) => v.subnet('B1', '10.1.1.0/24'))
      .transitGateway('Tgw', {}, (g) =>
        g.vpcAttachment('AttA', { vpc: 'A', subnets: ['A1'] }).vpcAttachment('AttB', { vpc: 'B', subnets: ['B1'] }).routeTable('Isolated', { associations: ['AttB'] }),
      )
      .build();
    const tgw = t.transitGateways[0]!;
    const def = t.transitGatewayRouteTables.find((r) => r.id === tgw.associationDefaultRouteTableId)!;
    const [a, b] = ['AttA', 'AttB'].map((n) => byLogical(t.transitGatewayAttachments, n).id);
    expect(def.logicalId).toBe('Tgw.DefaultRouteTable');
    expect(def.associationAttachmentIds).toEqual([a]); // B is associated explicitly elsewhere (TGW-2: one table)
    expect(def.propagationAttachmentIds).toEqual([a, b]);
    // TGW-9: one ENI per attachment subnet.
    expect(byLogical(t.transitGatewayAttachments, 'AttA').networkInterfaceIds).toHaveLength(1);
  });

  it('TGW-6: with defaults disabled nothing is associated implicitly; TGW-4 blackhole routes are kept', () => {
    const t = topology()
      .vpc('A', '10.0.0.0/16', (v) => v.subnet('A1', '10.0.1.0/24'))
      .transitGateway('Tgw', { defaultRouteTableAssociation: false, defaultRouteTablePropagation: false }, (g) =>
        g.vpcAttachment('AttA', { vpc: 'A', subnets: ['A1'] }).routeTable('Rt', {}, (rt) => rt.route('10.0.0.0/8', 'AttA').blackhole('10.9.0.0/16')),
      )
      .build();
    expect(t.transitGatewayRouteTables).toHaveLength(1);
    expect(t.transitGatewayRouteTables[0]).toMatchObject({ associationAttachmentIds: [], propagationAttachmentIds: [] });
    expect(t.transitGatewayRouteTables[0]!.routes.map((r) => [r.destination.text, r.blackhole])).toEqual([
      ['10.0.0.0/8', false],
      ['10.9.0.0/16', true],
    ]);
  });

  it('HYB-2/HYB-3: a VPN on a transit gateway gets a vpn attachment; static routes make it static-only', () => {
    const t = topology()
      .customerGateway('Cgw', { ip: '203.0.113.10', asn: 65010 })
      .transitGateway('Tgw', { defaultRouteTableAssociation: false, defaultRouteTablePropagation: false })
      .vpnConnection('Vpn', { customerGateway: 'Cgw', transitGateway: 'Tgw', staticRoutes: ['192.168.0.0/16'], tunnels: ['UP', 'DOWN'] })
      .vpnGateway('Vgw')
      .vpnConnection('BgpVpn', { customerGateway: 'Cgw', vpnGateway: 'Vgw', bgpPrefixes: ['172.16.0.0/16'], asPathLength: 3 })
      .build();
    const vpn = byLogical(t.vpnConnections, 'Vpn');
    expect(vpn).toMatchObject({ staticRoutesOnly: true, transitGatewayId: t.transitGateways[0]!.id, tunnels: [{ status: 'UP' }, { status: 'DOWN' }] });
    expect(byLogical(t.transitGatewayAttachments, 'VpnAttachment')).toMatchObject({ resourceType: 'vpn', resourceId: vpn.id });
    expect(byLogical(t.vpnConnections, 'BgpVpn')).toMatchObject({ staticRoutesOnly: false, asPathLength: 3, vpnGatewayId: t.vpnGateways[0]!.id });
  });

  it('HYB-8/HYB-10: Direct Connect gateway, connection and VIFs', () => {
    const t = topology()
      .transitGateway('Tgw', { defaultRouteTableAssociation: false, defaultRouteTablePropagation: false })
      .directConnectGateway('Dxgw', { associations: [{ transitGateway: 'Tgw', allowedPrefixes: ['10.0.0.0/8'] }] })
      .directConnectConnection('Dx', { location: 'EqDC2' })
      .virtualInterface('Vif', { kind: 'transit', connection: 'Dx', directConnectGateway: 'Dxgw', onPremises: ['192.168.0.0/16'] })
      .build();
    expect(t.directConnectGateways[0]!.associations[0]).toMatchObject({ gatewayId: t.transitGateways[0]!.id, allowedPrefixes: [{ text: '10.0.0.0/8' }] });
    expect(byLogical(t.transitGatewayAttachments, 'DxgwTgwAttachment').resourceType).toBe('direct-connect-gateway');
    expect(t.virtualInterfaces[0]).toMatchObject({ kind: 'transit', connectionId: t.directConnectConnections[0]!.id, onPremisesPrefixes: [{ text: '192.168.0.0/16' }] });
  });

  it('VPCE-8: an interface endpoint gets one ENI per subnet, with its security groups (VPCE-9)', () => {
    const t = topology()
      .vpc('A', '10.0.0.0/16', (v) =>
        v
          .subnet('S1', '10.0.1.0/24', { az: 'us-east-1a' })
          .subnet('S2', '10.0.2.0/24', { az: 'us-east-1b' })
          .securityGroup('EpSg', (sg) => sg.ingress({ protocol: 'tcp', ports: 443, cidr: '10.0.0.0/16' }))
          .interfaceEndpoint('Ssm', { service: 'ssm', subnets: ['S1', 'S2'], sgs: ['EpSg'] }),
      )
      .build();
    const ep = byLogical(t.vpcEndpoints, 'Ssm');
    expect(ep).toMatchObject({ serviceName: 'com.amazonaws.us-east-1.ssm', type: 'Interface', privateDnsEnabled: true });
    expect(ep.networkInterfaceIds).toHaveLength(2);
    const enis = t.networkInterfaces.filter((e) => ep.networkInterfaceIds.includes(e.id));
    expect(enis.map((e) => e.securityGroupIds)).toEqual([[byLogical(t.securityGroups, 'EpSg').id], [byLogical(t.securityGroups, 'EpSg').id]]);
  });

  it('prefix lists: entries and family; SG rules may reference them (SG-3)', () => {
    const t = topology()
      .prefixList('Corp', ['192.168.0.0/16', '172.16.0.0/12'])
      .vpc('A', '10.0.0.0/16', (v) => v.securityGroup('Sg', (sg) => sg.ingress({ protocol: 'tcp', ports: 22, prefixList: 'Corp' })))
      .build();
    expect(t.prefixLists[0]).toMatchObject({ addressFamily: 'IPv4', awsManaged: false, entries: [{ text: '192.168.0.0/16' }, { text: '172.16.0.0/12' }] });
    expect(byLogical(t.securityGroups, 'Sg').ingress[0]!.peer).toEqual({ kind: 'prefix-list', prefixListId: t.prefixLists[0]!.id });
  });
});

describe('builder: bad input is one InputError naming the resource, field and value', () => {
  it('a bad VPC CIDR names the VPC', () => {
    expect(() => topology().vpc('Main', '10.0.0.0/33')).toThrow(InputError);
    expect(() => topology().vpc('Main', '10.0.0.0/33')).toThrow(/^VPC 'Main': CidrBlock "10\.0\.0\.0\/33" is not a valid CIDR block/);
  });

  it('a bad subnet CIDR and a bad private IP name their resources', () => {
    expect(() => topology().vpc('A', '10.0.0.0/16', (v) => v.subnet('Web', '10.0.1.1/24'))).toThrow(/Subnet 'Web': CidrBlock "10\.0\.1\.1\/24" .*host bits set/);
    expect(() => topology().vpc('A', '10.0.0.0/16', (v) => v.subnet('S', '10.0.1.0/24').instance('Box', { subnet: 'S', ip: '10.0.1.300' }))).toThrow(
      /Instance 'Box': PrivateIpAddress "10\.0\.1\.300"/,
    );
  });

  it('a reference to an undeclared or wrong-kind resource names the referring resource and field', () => {
    const missing = topology().vpc('A', '10.0.0.0/16', (v) => v.routeTable('Rt', {}, (rt) => rt.route('0.0.0.0/0', { igw: 'NoSuchIgw' })));
    expect(() => missing.build()).toThrow(/RouteTable 'Rt': Route 'NoSuchIgw' is not declared \(expected an InternetGateway\)/);
    const wrong = topology().vpc('A', '10.0.0.0/16', (v) => v.subnet('S', '10.0.1.0/24').instance('I', { subnet: 'S', sgs: ['S'] }));
    expect(() => wrong.build()).toThrow(/Instance 'I': SecurityGroupIds 'S' is a Subnet, not a SecurityGroup/);
  });

  it('duplicate and non-alphanumeric logical ids are rejected', () => {
    expect(() => topology().vpc('A', '10.0.0.0/16').vpc('A', '10.1.0.0/16')).toThrow(/VPC 'A': logical id is already used by a VPC/);
    expect(() => topology().vpc('my-vpc', '10.0.0.0/16')).toThrow(/must be alphanumeric/);
  });

  it('an IPv6 block where IPv4 is required (and vice versa) is rejected', () => {
    expect(() => topology().vpc('A', '2600::/56')).toThrow(/must be an IPv4 CIDR block/);
    expect(() => topology().vpc('A', '10.0.0.0/16', (v) => v.ipv6Cidr('10.1.0.0/16'))).toThrow(/must be an IPv6 CIDR block/);
  });

  it('bad protocol and port values are rejected (NACL-7)', () => {
    const sg = (spec: Parameters<import('../src/builder/index.js').SecurityGroupBuilder['ingress']>[0]) => () => topology().vpc('A', '10.0.0.0/16', (v) => v.securityGroup('Sg', (g) => g.ingress(spec)));
    expect(sg({ protocol: 300, cidr: '0.0.0.0/0' })).toThrow(/protocol 300 must be -1 \(all\) or 0-255/);
    expect(sg({ protocol: 'tcp', ports: [443, 80], cidr: '0.0.0.0/0' })).toThrow(/port range 443-80/);
    expect(sg({ protocol: 'tcp', ports: 80 } as never)).toThrow(/exactly one of cidr, sg, prefixList/);
  });
});
