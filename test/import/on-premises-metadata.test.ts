// HYB-3: the prefixes a customer gateway advertises over BGP have no CloudFormation property; CHOICE
// (docs/semantics.md): a VPN connection states them in its Metadata, `vpcsim: { bgpPrefixes: [...] }`.
// Scenario from "Example: Centralized router" (Amazon VPC Transit Gateways): VPCs and a Site-to-Site VPN on
// one transit gateway, every attachment associated with and propagating to one route table, so each VPC
// reaches the others and the on-premises network the VPN advertises. Every trace is also asked of the engine.
import { describe, expect, it } from 'vitest';
import { importCloudFormation } from '../../src/import/cloudformation/index.js';
import { InputError } from '../../src/model/errors.js';
import { expectBlocked, expectReachable, trace } from '../trace/helpers.js';

function centralizedRouter(vpnMetadata: string): string {
  const vpc = (n: number) => `
  Vpc${n}: { Type: AWS::EC2::VPC, Properties: { CidrBlock: 10.${n}.0.0/16 } }
  Subnet${n}: { Type: AWS::EC2::Subnet, Properties: { VpcId: !Ref Vpc${n}, CidrBlock: 10.${n}.1.0/24, AvailabilityZone: us-east-1a } }
  Rt${n}: { Type: AWS::EC2::RouteTable, Properties: { VpcId: !Ref Vpc${n} } }
  Assoc${n}: { Type: AWS::EC2::SubnetRouteTableAssociation, Properties: { SubnetId: !Ref Subnet${n}, RouteTableId: !Ref Rt${n} } }
  ToTgw${n}: { Type: AWS::EC2::Route, DependsOn: Att${n}, Properties: { RouteTableId: !Ref Rt${n}, DestinationCidrBlock: 0.0.0.0/0, TransitGatewayId: !Ref Tgw } }
  Att${n}: { Type: AWS::EC2::TransitGatewayVpcAttachment, Properties: { TransitGatewayId: !Ref Tgw, VpcId: !Ref Vpc${n}, SubnetIds: [!Ref Subnet${n}] } }
  Sg${n}: { Type: AWS::EC2::SecurityGroup, Properties: { GroupDescription: d, VpcId: !Ref Vpc${n}, SecurityGroupIngress: [{ IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0 }] } }
  Server${n}: { Type: AWS::EC2::Instance, Properties: { SubnetId: !Ref Subnet${n}, SecurityGroupIds: [!Ref Sg${n}] } }`;
  return `Resources:
  Tgw: { Type: AWS::EC2::TransitGateway, Properties: { AmazonSideAsn: 64512 } }
  Cgw: { Type: AWS::EC2::CustomerGateway, Properties: { Type: ipsec.1, BgpAsn: 65010, IpAddress: 203.0.113.10 } }
  Vpn:
    Type: AWS::EC2::VPNConnection
${vpnMetadata}    Properties: { Type: ipsec.1, CustomerGatewayId: !Ref Cgw, TransitGatewayId: !Ref Tgw }${vpc(1)}${vpc(2)}
`;
}

const ADVERTISED = `    Metadata: { vpcsim: { bgpPrefixes: [192.168.0.0/16, 172.20.0.0/16] } }\n`;

describe('HYB-3: BGP prefixes of a VPN connection stated in its Metadata (centralized router)', () => {
  it('HYB-3, TGW-3: the VPN propagates its advertised prefixes; a VPC reaches on premises through the transit gateway', () => {
    const t = importCloudFormation(centralizedRouter(ADVERTISED), 't.yaml');
    expect(t.vpnConnections[0]!.bgpPrefixes.map((p) => p.text)).toEqual(['192.168.0.0/16', '172.20.0.0/16']);
    expectReachable(trace(t, { from: 'Server1', to: '192.168.10.5', protocol: 'tcp', port: 443 }));
    expectReachable(trace(t, { from: 'Server2', to: '172.20.0.9', protocol: 'tcp', port: 443 }));
    // Centralized router: the VPCs reach each other too; on premises reaches both.
    expectReachable(trace(t, { from: 'Server1', to: 'Server2', protocol: 'tcp', port: 443 }));
    expectReachable(trace(t, { from: '192.168.10.5', to: 'Server2', protocol: 'tcp', port: 443 }));
  });

  it('HYB-3: without the Metadata the VPN advertises nothing, and the same flow has no route in the transit gateway', () => {
    const t = importCloudFormation(centralizedRouter(''), 't.yaml');
    expect(t.vpnConnections[0]!.bgpPrefixes).toEqual([]);
    const answer = trace(t, { from: 'Server1', to: '192.168.10.5', protocol: 'tcp', port: 443 });
    expect(answer.reachable).toBe(false);
  });

  it('a prefix not advertised stays unreachable (HYB-4: the VPN forwards only what it knows)', () => {
    const t = importCloudFormation(centralizedRouter(ADVERTISED), 't.yaml');
    expectBlocked(trace(t, { from: 'Server1', to: '192.0.2.1', protocol: 'tcp', port: 443 }), 'TGW_RTB_CANNOT_ROUTE');
  });

  it('bad Metadata is one error naming the resource and the field', () => {
    const errorOf = (meta: string) => {
      try {
        importCloudFormation(centralizedRouter(meta), 't.yaml');
      } catch (err) {
        if (err instanceof InputError) return err.message;
        throw err;
      }
      return 'no error';
    };
    expect(errorOf(`    Metadata: { vpcsim: { bgpPrefixes: [192.168.0.0/33] } }\n`)).toMatch(/^t\.yaml: VPNConnection 'Vpn': Metadata\.vpcsim\.bgpPrefixes\[0\]: /);
    expect(errorOf(`    Metadata: { vpcsim: { bgpPrefixes: 192.168.0.0/16 } }\n`)).toMatch(/^t\.yaml: VPNConnection 'Vpn': Metadata\.vpcsim\.bgpPrefixes: expected a list/);
    expect(errorOf(`    Metadata: { vpcsim: { prefixes: [192.168.0.0/16] } }\n`)).toBe("t.yaml: VPNConnection 'Vpn': Metadata.vpcsim.prefixes: is not a vpcsim input for AWS::EC2::VPNConnection (known: bgpPrefixes, asPathLength)");
    expect(errorOf(`    Metadata: { vpcsim: { asPathLength: 0 } }\n`)).toMatch(/Metadata\.vpcsim\.asPathLength: 0 is not an AS_PATH length/);
  });
});
