// Scenario from "Example: Isolated VPCs with shared services" (Amazon VPC Transit Gateways): VPCs A, B and C
// are isolated from each other, VPC D holds shared services, and a Site-to-Site VPN reaches on premises. The
// transit gateway has two route tables: the isolated one, associated with A, B and C, to which D and the VPN
// propagate; the shared one, associated with D and the VPN, to which every attachment propagates. Packets
// between A, B and C are dropped at the transit gateway (no route); A, B and C reach D and on premises.
// The VPN attachment has no id in CloudFormation (AWS::EC2::VPNConnection returns only its own), so the
// association and propagations name it with Metadata.vpcsim.attachmentOf (docs/semantics.md CHOICE).
// Every trace is also asked of the engine (test/trace/helpers.ts).
import { describe, expect, it } from 'vitest';
import { importCloudFormation } from '../../src/import/cloudformation/index.js';
import { toCloudFormation } from '../../src/generate/cloudformation/index.js';
import { InputError } from '../../src/model/errors.js';
import { components, expectBlocked, expectReachable, trace } from '../trace/helpers.js';

const ON_PREMISES = '10.99.99.0/24';

function vpc(name: string, n: number, routeTable: 'IsolatedRt' | 'SharedRt', propagateTo: string[]): string {
  const propagations = propagateTo.map((rt) => `
  ${name}PropagatesTo${rt}: { Type: AWS::EC2::TransitGatewayRouteTablePropagation, Properties: { TransitGatewayRouteTableId: !Ref ${rt}, TransitGatewayAttachmentId: !Ref ${name}Att } }`).join('');
  return `
  ${name}: { Type: AWS::EC2::VPC, Properties: { CidrBlock: 10.${n}.0.0/16 } }
  ${name}Subnet: { Type: AWS::EC2::Subnet, Properties: { VpcId: !Ref ${name}, CidrBlock: 10.${n}.1.0/24, AvailabilityZone: us-east-1a } }
  ${name}Rt: { Type: AWS::EC2::RouteTable, Properties: { VpcId: !Ref ${name} } }
  ${name}Assoc: { Type: AWS::EC2::SubnetRouteTableAssociation, Properties: { SubnetId: !Ref ${name}Subnet, RouteTableId: !Ref ${name}Rt } }
  ${name}ToTgw: { Type: AWS::EC2::Route, DependsOn: ${name}Att, Properties: { RouteTableId: !Ref ${name}Rt, DestinationCidrBlock: 0.0.0.0/0, TransitGatewayId: !Ref Tgw } }
  ${name}Att: { Type: AWS::EC2::TransitGatewayVpcAttachment, Properties: { TransitGatewayId: !Ref Tgw, VpcId: !Ref ${name}, SubnetIds: [!Ref ${name}Subnet] } }
  ${name}Association: { Type: AWS::EC2::TransitGatewayRouteTableAssociation, Properties: { TransitGatewayRouteTableId: !Ref ${routeTable}, TransitGatewayAttachmentId: !Ref ${name}Att } }${propagations}
  ${name}Sg: { Type: AWS::EC2::SecurityGroup, Properties: { GroupDescription: d, VpcId: !Ref ${name}, SecurityGroupIngress: [{ IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 10.0.0.0/8 }] } }
  ${name}Server: { Type: AWS::EC2::Instance, Properties: { SubnetId: !Ref ${name}Subnet, SecurityGroupIds: [!Ref ${name}Sg] } }`;
}

/** `vpnAttachment`: how the VPN's association and propagations name its attachment (the Metadata, by default). */
function template(vpnAttachment = '    Metadata: { vpcsim: { attachmentOf: Vpn } }\n', extra = ''): string {
  const vpnResource = (logicalId: string, type: string, rt: string) => `  ${logicalId}:
    Type: ${type}
${vpnAttachment}    Properties: { TransitGatewayRouteTableId: !Ref ${rt}, TransitGatewayAttachmentId: !Ref VpnAttachmentId }
`;
  return `Parameters:
  VpnAttachmentId: { Type: String, Default: tgw-attach-0123456789abcdef0 }
Resources:
  Tgw: { Type: AWS::EC2::TransitGateway, Properties: { DefaultRouteTableAssociation: disable, DefaultRouteTablePropagation: disable } }
  IsolatedRt: { Type: AWS::EC2::TransitGatewayRouteTable, Properties: { TransitGatewayId: !Ref Tgw } }
  SharedRt: { Type: AWS::EC2::TransitGatewayRouteTable, Properties: { TransitGatewayId: !Ref Tgw } }
  Cgw: { Type: AWS::EC2::CustomerGateway, Properties: { Type: ipsec.1, BgpAsn: 65010, IpAddress: 203.0.113.10 } }
  Vpn:
    Type: AWS::EC2::VPNConnection
    Metadata: { vpcsim: { bgpPrefixes: [${ON_PREMISES}] } }
    Properties: { Type: ipsec.1, CustomerGatewayId: !Ref Cgw, TransitGatewayId: !Ref Tgw }
${vpnResource('VpnAssociation', 'AWS::EC2::TransitGatewayRouteTableAssociation', 'SharedRt')}${vpnResource('VpnPropagatesToIsolatedRt', 'AWS::EC2::TransitGatewayRouteTablePropagation', 'IsolatedRt')}${vpnResource('VpnPropagatesToSharedRt', 'AWS::EC2::TransitGatewayRouteTablePropagation', 'SharedRt')}${vpc('VpcA', 1, 'IsolatedRt', ['SharedRt'])}${vpc('VpcB', 2, 'IsolatedRt', ['SharedRt'])}${vpc('VpcC', 3, 'IsolatedRt', ['SharedRt'])}${vpc('VpcD', 4, 'SharedRt', ['IsolatedRt', 'SharedRt'])}
${extra}`;
}

function errorOf(text: string): string {
  try {
    importCloudFormation(text, 't.yaml');
  } catch (err) {
    if (err instanceof InputError) return err.message;
    throw err;
  }
  return 'no error';
}

describe('Example: Isolated VPCs with shared services (Transit Gateway guide), the VPN attachment named by Metadata', () => {
  const t = importCloudFormation(template(), 't.yaml');
  const q = (from: string, to: string) => trace(t, { from, to, protocol: 'tcp', port: 443 });

  it('the VPN attachment is associated with the shared route table and propagates to both', () => {
    const vpnAtt = t.transitGatewayAttachments.find((a) => a.resourceType === 'vpn')!;
    const rt = (name: string) => t.transitGatewayRouteTables.find((r) => r.logicalId === name)!;
    expect(rt('SharedRt').associationAttachmentIds).toContain(vpnAtt.id);
    expect(rt('IsolatedRt').associationAttachmentIds).not.toContain(vpnAtt.id);
    expect(rt('IsolatedRt').propagationAttachmentIds).toContain(vpnAtt.id);
    expect(rt('SharedRt').propagationAttachmentIds).toContain(vpnAtt.id);
  });

  it('packets between isolated VPCs are dropped at the transit gateway: no route in the isolated route table', () => {
    expectBlocked(q('VpcAServer', 'VpcBServer'), 'TGW_RTB_CANNOT_ROUTE', 'IsolatedRt');
    expectBlocked(q('VpcCServer', 'VpcAServer'), 'TGW_RTB_CANNOT_ROUTE', 'IsolatedRt');
  });

  it('isolated VPCs reach the shared services VPC D, and D reaches them', () => {
    for (const from of ['VpcAServer', 'VpcBServer', 'VpcCServer']) expectReachable(q(from, 'VpcDServer'));
    expectReachable(q('VpcDServer', 'VpcBServer'));
  });

  it('every VPC reaches on premises over the VPN, and on premises reaches every VPC (the VPN is associated with the shared route table)', () => {
    for (const from of ['VpcAServer', 'VpcBServer', 'VpcCServer', 'VpcDServer']) {
      const a = q(from, '10.99.99.5');
      expectReachable(a);
      expect(components(a.forwardPath)).toContain('Vpn');
    }
    for (const to of ['VpcAServer', 'VpcDServer']) expectReachable(q('10.99.99.5', to));
  });

  it('a static route can name the VPN attachment the same way (TGW-4)', () => {
    const withRoute = importCloudFormation(template(undefined, `  SummaryRoute:
    Type: AWS::EC2::TransitGatewayRoute
    Metadata: { vpcsim: { attachmentOf: !Ref Vpn } }
    Properties: { TransitGatewayRouteTableId: !Ref IsolatedRt, DestinationCidrBlock: 10.99.0.0/16 }
`), 't.yaml');
    const vpnAtt = withRoute.transitGatewayAttachments.find((a) => a.resourceType === 'vpn')!;
    expect(withRoute.transitGatewayRouteTables.find((r) => r.logicalId === 'IsolatedRt')!.routes).toEqual([
      expect.objectContaining({ attachmentId: vpnAtt.id, blackhole: false, logicalId: 'SummaryRoute' }),
    ]);
  });
});

describe('naming a VPN attachment: bad input is one line naming the resource and field', () => {
  it('without the Metadata, the parameter (the real attachment id) names nothing in the template', () => {
    expect(errorOf(template(''))).toMatch(/^t\.yaml: TransitGatewayRouteTableAssociation 'VpnAssociation': TransitGatewayAttachmentId: "tgw-attach-0123456789abcdef0" is not a /);
  });

  it('attachmentOf must name a VPN connection on a transit gateway', () => {
    expect(errorOf(template('    Metadata: { vpcsim: { attachmentOf: VpcA } }\n'))).toBe(
      "t.yaml: TransitGatewayRouteTableAssociation 'VpnAssociation': Metadata.vpcsim.attachmentOf: \"VpcA\" is not an AWS::EC2::VPNConnection or a Direct Connect connection (Metadata.vpcsim.directConnect) of this template (it is a AWS::EC2::VPC)",
    );
    expect(errorOf(template('    Metadata: { vpcsim: { attachmentOf: [Vpn] } }\n'))).toMatch(/Metadata\.vpcsim\.attachmentOf: expected the logical id of an AWS::EC2::VPNConnection/);
    expect(errorOf(template('    Metadata: { vpcsim: { attachment: Vpn } }\n'))).toMatch(/Metadata\.vpcsim\.attachment: is not a vpcsim input for AWS::EC2::TransitGatewayRouteTableAssociation \(known: attachmentOf\)/);
  });

  it('TransitGatewayAttachmentId naming another attachment of the template contradicts the Metadata', () => {
    const text = template().replace('TransitGatewayRouteTableId: !Ref SharedRt, TransitGatewayAttachmentId: !Ref VpnAttachmentId', 'TransitGatewayRouteTableId: !Ref SharedRt, TransitGatewayAttachmentId: !Ref VpcAAtt');
    expect(errorOf(text)).toMatch(/'VpnAssociation': TransitGatewayAttachmentId: names "VpcAAtt", but Metadata\.vpcsim\.attachmentOf names the attachment of "Vpn"/);
  });
});

describe('the CloudFormation writer names the VPN attachment the same way', () => {
  it('writes Metadata.vpcsim.attachmentOf and a parameter for the real id; the written template imports to the same routing', () => {
    const t = importCloudFormation(template(), 't.yaml');
    const text = toCloudFormation(t, { format: 'json' });
    const written = JSON.parse(text);
    expect(written.Resources.SharedRtVpnAttachmentAssociation).toEqual({
      Type: 'AWS::EC2::TransitGatewayRouteTableAssociation',
      Properties: { TransitGatewayRouteTableId: { Ref: 'SharedRt' }, TransitGatewayAttachmentId: { Ref: 'VpnAttachmentId' } },
      Metadata: { vpcsim: { attachmentOf: 'Vpn' } },
    });
    expect(written.Parameters.VpnAttachmentId).toMatchObject({ Type: 'String' });
    const back = importCloudFormation(text, 'gen.json');
    const tables = (x: typeof t) => x.transitGatewayRouteTables.map((r) => ({ name: r.logicalId, associations: r.associationAttachmentIds, propagations: r.propagationAttachmentIds }));
    expect(tables(back)).toEqual(tables(t));
    expectBlocked(trace(back, { from: 'VpcAServer', to: 'VpcBServer', protocol: 'tcp', port: 443 }), 'TGW_RTB_CANNOT_ROUTE', 'IsolatedRt');
    expectReachable(trace(back, { from: '10.99.99.5', to: 'VpcCServer', protocol: 'tcp', port: 443 }));
  });
});
