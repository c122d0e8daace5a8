// Direct Connect in templates (HYB-8..HYB-12): CloudFormation has no Direct Connect resources, so the
// virtual private gateway or transit gateway a connection ends on states it in its Metadata,
// `vpcsim: { directConnect: [{ connection, prefixes, allowedPrefixes }] }` (docs/semantics.md CHOICE), as a
// VPN connection states its BGP prefixes (HYB-3). Scenarios: a private virtual interface with a backup
// Site-to-Site VPN on one virtual private gateway (Site-to-Site VPN User Guide, "Route tables and VPN route
// priority": Direct Connect BGP routes are preferred over VPN routes for the same prefix; Direct Connect User
// Guide, "Virtual private gateway associations"), and a transit virtual interface on the transit gateway of
// "Example: Centralized router" (Amazon VPC Transit Gateways: "a centralized router that connects all of your
// VPCs, AWS Direct Connect, and Site-to-Site VPN connections"). Every trace is also asked of the engine.
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/analyze/montecarlo/montecarlo-node.js';
import { parseScenario } from '../../src/analyze/montecarlo/scenario.js';
import { toCloudFormation } from '../../src/generate/cloudformation/index.js';
import { importCloudFormation } from '../../src/import/cloudformation/index.js';
import { InputError } from '../../src/model/errors.js';
import { components, expectBlocked, expectReachable, trace } from '../trace/helpers.js';

const DC = '192.168.0.0/16';
const DC_HOST = '192.168.10.5';

function vgwSite(dxMetadata: string, vpnPrefixes = true): string {
  return `Resources:
  Vpc: { Type: AWS::EC2::VPC, Properties: { CidrBlock: 10.0.0.0/16 } }
  Subnet: { Type: AWS::EC2::Subnet, Properties: { VpcId: !Ref Vpc, CidrBlock: 10.0.1.0/24, AvailabilityZone: us-east-1a } }
  Rt: { Type: AWS::EC2::RouteTable, Properties: { VpcId: !Ref Vpc } }
  Assoc: { Type: AWS::EC2::SubnetRouteTableAssociation, Properties: { SubnetId: !Ref Subnet, RouteTableId: !Ref Rt } }
  Vgw:
    Type: AWS::EC2::VPNGateway
${dxMetadata}    Properties: { Type: ipsec.1 }
  VgwAttach: { Type: AWS::EC2::VPCGatewayAttachment, Properties: { VpcId: !Ref Vpc, VpnGatewayId: !Ref Vgw } }
  Propagation: { Type: AWS::EC2::VPNGatewayRoutePropagation, DependsOn: VgwAttach, Properties: { VpnGatewayId: !Ref Vgw, RouteTableIds: [!Ref Rt] } }
  Cgw: { Type: AWS::EC2::CustomerGateway, Properties: { Type: ipsec.1, BgpAsn: 65010, IpAddress: 203.0.113.10 } }
  Vpn:
    Type: AWS::EC2::VPNConnection
${vpnPrefixes ? `    Metadata: { vpcsim: { bgpPrefixes: [${DC}] } }\n` : ''}    Properties: { Type: ipsec.1, CustomerGatewayId: !Ref Cgw, VpnGatewayId: !Ref Vgw }
  Sg: { Type: AWS::EC2::SecurityGroup, Properties: { GroupDescription: d, VpcId: !Ref Vpc, SecurityGroupIngress: [{ IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: ${DC} }] } }
  App: { Type: AWS::EC2::Instance, Properties: { SubnetId: !Ref Subnet, SecurityGroupIds: [!Ref Sg] } }
`;
}

const DX_ON_VGW = `    Metadata: { vpcsim: { directConnect: [{ connection: DxPrimary, prefixes: [${DC}] }] } }\n`;

function errorOf(text: string): string {
  try {
    importCloudFormation(text, 't.yaml');
  } catch (err) {
    if (err instanceof InputError) return err.message;
    throw err;
  }
  return 'no error';
}

describe('a private virtual interface on a virtual private gateway, with a backup VPN (HYB-4, HYB-12)', () => {
  const t = importCloudFormation(vgwSite(DX_ON_VGW), 't.yaml');

  it('the Metadata gives a Direct Connect connection and a private virtual interface advertising the prefixes', () => {
    expect(t.directConnectConnections.map((c) => ({ logicalId: c.logicalId, state: c.state }))).toEqual([{ logicalId: 'DxPrimary', state: 'available' }]);
    expect(t.virtualInterfaces).toEqual([expect.objectContaining({ logicalId: 'DxPrimary.VirtualInterface', kind: 'private', vpnGatewayId: t.vpnGateways[0]!.id, connectionId: t.directConnectConnections[0]!.id })]);
    expect(t.virtualInterfaces[0]!.onPremisesPrefixes.map((p) => p.text)).toEqual([DC]);
  });

  it('Direct Connect is preferred over the VPN for the same prefix, both ways', () => {
    const out = trace(t, { from: 'App', to: DC_HOST, protocol: 'tcp', port: 22 });
    expectReachable(out);
    expect(components(out.forwardPath)).toContain('DxPrimary.VirtualInterface');
    expect(components(out.forwardPath)).not.toContain('Vpn');
    const inbound = trace(t, { from: DC_HOST, to: 'App', protocol: 'tcp', port: 22 });
    expectReachable(inbound);
    expect(components(inbound.forwardPath)[0]).toBe('DxPrimary.VirtualInterface');
  });

  it('MC-6: with the Direct Connect connection down (named by its Metadata name), the VPN carries the traffic', () => {
    const dx = t.directConnectConnections[0]!.id;
    const out = trace(t, { from: 'App', to: DC_HOST, protocol: 'tcp', port: 22, down: [dx] });
    expectReachable(out);
    expect(components(out.forwardPath)).toContain('Vpn');
  });

  it('without the backup VPN, the Direct Connect connection down leaves no path', () => {
    const alone = importCloudFormation(vgwSite(DX_ON_VGW, false), 't.yaml');
    const a = trace(alone, { from: 'App', to: DC_HOST, protocol: 'tcp', port: 22, down: [alone.directConnectConnections[0]!.id] });
    expect(a.reachable).toBe(false);
  });

  it('Monte Carlo: DX (down d) with a backup VPN (each tunnel down t): A = 1 - d·t², the connection named by its Metadata name', async () => {
    const [d, tun] = [0.2, 0.3];
    const scenario = parseScenario(`failures: { vpnTunnel: ${tun} }
components: { DxPrimary: ${d} }
queries:
  - { name: app-dc, from: App, to: ${DC_HOST}, protocol: tcp, port: 22 }`, 's.yaml');
    const result = await runScenario(t, scenario, { trials: 20_000, seed: 1, workers: 1, exact: true });
    expect(result.queries[0]!.exact?.complete).toBe(true);
    expect(result.queries[0]!.availability).toBeCloseTo(1 - d * tun ** 2, 12);
  });

  it('MC-14: from on premises with every connection down, the cause names the on-premises network (not an empty component)', async () => {
    const scenario = parseScenario(`failures: { vpnTunnel: 0.5, directConnectConnection: 0.5 }
queries:
  - { name: dc-app, from: ${DC_HOST}, to: App, protocol: tcp, port: 22 }`, 's.yaml');
    const q = (await runScenario(t, scenario, { trials: 4000, seed: 1, workers: 1 })).queries[0]!;
    // Down only when the DX connection and both tunnels are: 0.5 * 0.5^2; one cause for all of it.
    expect(q.causes).toEqual([{ component: 'on-premises network', type: 'OnPremises', code: 'NO_PATH', trials: q.trials - q.successes, share: 1 }]);
  });
});

function tgwSite(dx: string, extra = '', tgwProperties = 'AmazonSideAsn: 64512'): string {
  return `Resources:
  Tgw:
    Type: AWS::EC2::TransitGateway
${dx}    Properties: { ${tgwProperties} }
  Vpc: { Type: AWS::EC2::VPC, Properties: { CidrBlock: 10.1.0.0/16 } }
  Subnet: { Type: AWS::EC2::Subnet, Properties: { VpcId: !Ref Vpc, CidrBlock: 10.1.1.0/24, AvailabilityZone: us-east-1a } }
  Rt: { Type: AWS::EC2::RouteTable, Properties: { VpcId: !Ref Vpc } }
  Assoc: { Type: AWS::EC2::SubnetRouteTableAssociation, Properties: { SubnetId: !Ref Subnet, RouteTableId: !Ref Rt } }
  ToTgw: { Type: AWS::EC2::Route, DependsOn: Att, Properties: { RouteTableId: !Ref Rt, DestinationCidrBlock: 0.0.0.0/0, TransitGatewayId: !Ref Tgw } }
  Att: { Type: AWS::EC2::TransitGatewayVpcAttachment, Properties: { TransitGatewayId: !Ref Tgw, VpcId: !Ref Vpc, SubnetIds: [!Ref Subnet] } }
  Sg: { Type: AWS::EC2::SecurityGroup, Properties: { GroupDescription: d, VpcId: !Ref Vpc, SecurityGroupIngress: [{ IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: ${DC} }] } }
  Server: { Type: AWS::EC2::Instance, Properties: { SubnetId: !Ref Subnet, SecurityGroupIds: [!Ref Sg] } }
${extra}`;
}

const DX_ON_TGW = `    Metadata: { vpcsim: { directConnect: [{ connection: DxA, prefixes: [${DC}], allowedPrefixes: [10.1.0.0/16] }, { connection: DxB, prefixes: [${DC}] }] } }\n`;

describe('transit virtual interfaces on the transit gateway of a centralized router (TGW-3, HYB-8..10)', () => {
  const t = importCloudFormation(tgwSite(DX_ON_TGW), 't.yaml');

  it('one Direct Connect gateway for the transit gateway, with its allowed prefixes and its attachment in the default route table', () => {
    expect(t.directConnectGateways).toHaveLength(1);
    const dxgw = t.directConnectGateways[0]!;
    expect(dxgw.associations).toEqual([{ gatewayId: t.transitGateways[0]!.id, allowedPrefixes: [expect.objectContaining({ text: '10.1.0.0/16' })] }]);
    expect(t.virtualInterfaces.map((v) => [v.logicalId, v.kind, v.directConnectGatewayId])).toEqual([
      ['DxA.VirtualInterface', 'transit', dxgw.id],
      ['DxB.VirtualInterface', 'transit', dxgw.id],
    ]);
    const att = t.transitGatewayAttachments.find((a) => a.resourceType === 'direct-connect-gateway')!;
    expect(att.resourceId).toBe(dxgw.id);
    const rt = t.transitGatewayRouteTables[0]!;
    expect(rt.associationAttachmentIds).toContain(att.id);
    expect(rt.propagationAttachmentIds).toContain(att.id);
  });

  it('the VPC reaches on premises through the transit gateway and Direct Connect, and on premises reaches the VPC', () => {
    expectReachable(trace(t, { from: 'Server', to: DC_HOST, protocol: 'tcp', port: 443 }));
    expectReachable(trace(t, { from: DC_HOST, to: 'Server', protocol: 'tcp', port: 443 }));
  });

  it('MC-6: one connection down, the other carries the traffic; both down, the route is withdrawn (TGW_RTB_CANNOT_ROUTE)', () => {
    const id = (name: string) => t.directConnectConnections.find((c) => c.logicalId === name)!.id;
    expectReachable(trace(t, { from: 'Server', to: DC_HOST, protocol: 'tcp', port: 443, down: [id('DxA')] }));
    expectBlocked(trace(t, { from: 'Server', to: DC_HOST, protocol: 'tcp', port: 443, down: [id('DxA'), id('DxB')] }), 'TGW_RTB_CANNOT_ROUTE');
  });

  it('a route table association names the Direct Connect attachment by the connection (Metadata.vpcsim.attachmentOf)', () => {
    const custom = importCloudFormation(tgwSite(DX_ON_TGW, `  OnPremRt: { Type: AWS::EC2::TransitGatewayRouteTable, Properties: { TransitGatewayId: !Ref Tgw } }
  DxAssociation:
    Type: AWS::EC2::TransitGatewayRouteTableAssociation
    Metadata: { vpcsim: { attachmentOf: DxA } }
    Properties: { TransitGatewayRouteTableId: !Ref OnPremRt }
  VpcPropagation: { Type: AWS::EC2::TransitGatewayRouteTablePropagation, Properties: { TransitGatewayRouteTableId: !Ref OnPremRt, TransitGatewayAttachmentId: !Ref Att } }
  VpcAssociation: { Type: AWS::EC2::TransitGatewayRouteTableAssociation, Properties: { TransitGatewayRouteTableId: !Ref OnPremRt, TransitGatewayAttachmentId: !Ref Att } }
  DxPropagation:
    Type: AWS::EC2::TransitGatewayRouteTablePropagation
    Metadata: { vpcsim: { attachmentOf: DxB } }
    Properties: { TransitGatewayRouteTableId: !Ref OnPremRt }
`, 'DefaultRouteTableAssociation: disable, DefaultRouteTablePropagation: disable'), 't.yaml');
    expect(custom.transitGatewayRouteTables.map((r) => r.logicalId)).toEqual(['OnPremRt']);
    const att = custom.transitGatewayAttachments.find((a) => a.resourceType === 'direct-connect-gateway')!;
    const rt = custom.transitGatewayRouteTables.find((r) => r.logicalId === 'OnPremRt')!;
    expect(rt.associationAttachmentIds).toContain(att.id);
    expect(rt.propagationAttachmentIds).toContain(att.id);
    expectReachable(trace(custom, { from: DC_HOST, to: 'Server', protocol: 'tcp', port: 443 }));
  });
});

describe('Direct Connect Metadata errors: one line naming the resource and the field', () => {
  const on = (entry: string) => errorOf(vgwSite(`    Metadata: { vpcsim: { directConnect: [${entry}] } }\n`));

  it('bad values', () => {
    expect(on(`{ connection: DxPrimary, prefixes: [192.168.0.0/33] }`)).toMatch(/^t\.yaml: VPNGateway 'Vgw': Metadata\.vpcsim\.directConnect\[0\]\.prefixes\[0\]: /);
    expect(on(`{ connection: DxPrimary }`)).toBe("t.yaml: VPNGateway 'Vgw': Metadata.vpcsim.directConnect[0].prefixes: at least one prefix the on-premises router advertises is required (HYB-12)");
    expect(on(`{ prefixes: [${DC}] }`)).toMatch(/Metadata\.vpcsim\.directConnect\[0\]\.connection: /);
    expect(on(`{ connection: Dx, prefixes: [${DC}], vlan: 101 }`)).toMatch(/Metadata\.vpcsim\.directConnect\[0\]\.vlan: is not a Direct Connect input \(known: connection, prefixes, allowedPrefixes\)/);
    expect(on(`{ connection: Dx, prefixes: [${DC}], allowedPrefixes: [10.0.0.0/16] }`)).toMatch(/directConnect\[0\]\.allowedPrefixes: allowed prefixes are for a Direct Connect gateway association with a transit gateway/);
    expect(on(`{ connection: App, prefixes: [${DC}] }`)).toMatch(/directConnect\[0\]\.connection: "App" is already the name of a AWS::EC2::Instance in this template/);
    expect(on(`{ connection: Dx, prefixes: [${DC}] }, { connection: Dx, prefixes: [${DC}] }`)).toMatch(/directConnect\[1\]\.connection: "Dx" is already the name of a Direct Connect connection/);
    expect(errorOf(vgwSite(`    Metadata: { vpcsim: { directConnect: { connection: Dx } } }\n`))).toMatch(/Metadata\.vpcsim\.directConnect: expected a list/);
  });

  it('attachmentOf a connection that ends on a virtual private gateway names the problem', () => {
    const text = vgwSite(DX_ON_VGW).replace('Resources:', `Resources:
  Tgw: { Type: AWS::EC2::TransitGateway }
  TgwRt: { Type: AWS::EC2::TransitGatewayRouteTable, Properties: { TransitGatewayId: !Ref Tgw } }
  Bad:
    Type: AWS::EC2::TransitGatewayRouteTablePropagation
    Metadata: { vpcsim: { attachmentOf: DxPrimary } }
    Properties: { TransitGatewayRouteTableId: !Ref TgwRt }`);
    expect(errorOf(text)).toBe("t.yaml: TransitGatewayRouteTablePropagation 'Bad': Metadata.vpcsim.attachmentOf: Direct Connect connection \"DxPrimary\" ends on a virtual private gateway: it has no transit gateway attachment");
  });
});

describe('the CloudFormation writer keeps Direct Connect in the gateways\' Metadata', () => {
  const dxParts = (x: ReturnType<typeof importCloudFormation>) => ({
    connections: x.directConnectConnections,
    interfaces: x.virtualInterfaces,
    gateways: x.directConnectGateways,
    attachments: x.transitGatewayAttachments,
    routeTables: x.transitGatewayRouteTables,
  });

  it('a VGW with a private VIF and a TGW with transit VIFs come back the same, and nothing is reported as not written', () => {
    for (const text of [vgwSite(DX_ON_VGW), tgwSite(DX_ON_TGW)]) {
      const t = importCloudFormation(text, 't.yaml');
      const warnings: string[] = [];
      const back = importCloudFormation(toCloudFormation(t, { warn: (m) => warnings.push(m) }), 'gen.yaml');
      expect(dxParts(back)).toEqual(dxParts(t));
      expect(warnings.filter((m) => /Direct Connect/.test(m))).toEqual([]);
    }
  });

  it('an association naming the Direct Connect attachment is written with attachmentOf and comes back the same', () => {
    const t = importCloudFormation(tgwSite(DX_ON_TGW, `  OnPremRt: { Type: AWS::EC2::TransitGatewayRouteTable, Properties: { TransitGatewayId: !Ref Tgw } }
  DxAssociation:
    Type: AWS::EC2::TransitGatewayRouteTableAssociation
    Metadata: { vpcsim: { attachmentOf: DxB } }
    Properties: { TransitGatewayRouteTableId: !Ref OnPremRt }
`, 'DefaultRouteTableAssociation: disable, DefaultRouteTablePropagation: disable'), 't.yaml');
    const text = toCloudFormation(t, { format: 'json' });
    expect(JSON.parse(text).Resources.OnPremRtDxAAttachmentAssociation.Metadata).toEqual({ vpcsim: { attachmentOf: 'DxA' } });
    expect(dxParts(importCloudFormation(text, 'gen.json'))).toEqual(dxParts(t));
  });

  it('a shape the Metadata cannot hold (two VIFs on one connection) is left out with the warning', () => {
    const t = importCloudFormation(vgwSite(DX_ON_VGW), 't.yaml');
    t.virtualInterfaces.push({ ...t.virtualInterfaces[0]!, id: 'dxvif-second', logicalId: 'Second' });
    const warnings: string[] = [];
    toCloudFormation(t, { warn: (m) => warnings.push(m) });
    expect(warnings).toContain('warning: 1 Direct Connect connections not written (no CloudFormation resource vpcsim maps)');
    expect(warnings).toContain('warning: 2 Direct Connect virtual interfaces not written (no CloudFormation resource vpcsim maps)');
  });
});
