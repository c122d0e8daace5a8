// Gateways and connections: internet, egress-only and NAT gateways, peering, transit gateways with
// their attachments and route tables, VPN, VPC endpoints and customer-managed prefix lists.
import type { Topology } from '../../model/types.js';
import { directConnectPlan } from './direct-connect.js';
import { nameOf, nameTag } from './network.js';
import { notExpressible, type TemplateValue, type TemplateWriter } from './template.js';

const enable = (on: boolean): string => (on ? 'enable' : 'disable');

export function writePrefixLists(w: TemplateWriter, t: Topology): void {
  for (const pl of t.prefixLists) {
    if (pl.awsManaged) continue;
    w.add(pl.logicalId, 'AWS::EC2::PrefixList', { PrefixListName: pl.prefixListName, AddressFamily: pl.addressFamily, MaxEntries: Math.max(1, pl.entries.length), Entries: pl.entries.map((e) => ({ Cidr: e.text })) }, pl.id);
  }
}

export function writeGateways(w: TemplateWriter, t: Topology): void {
  for (const igw of t.internetGateways) {
    w.add(igw.logicalId, 'AWS::EC2::InternetGateway', nameTag(igw.name), igw.id);
    if (igw.vpcId) w.add(w.fresh(igw.logicalId, 'Attachment'), 'AWS::EC2::VPCGatewayAttachment', { VpcId: w.ref(igw.vpcId), InternetGatewayId: w.ref(igw.id) });
  }
  for (const g of t.egressOnlyInternetGateways) w.add(g.logicalId, 'AWS::EC2::EgressOnlyInternetGateway', { VpcId: w.ref(g.vpcId) }, g.id);
  for (const vgw of t.vpnGateways) {
    w.add(vgw.logicalId, 'AWS::EC2::VPNGateway', { Type: 'ipsec.1', AmazonSideAsn: vgw.amazonSideAsn, ...nameTag(vgw.name) }, vgw.id);
    if (vgw.vpcId) w.add(w.fresh(vgw.logicalId, 'Attachment'), 'AWS::EC2::VPCGatewayAttachment', { VpcId: w.ref(vgw.vpcId), VpnGatewayId: w.ref(vgw.id) });
  }
  for (const nat of t.natGateways) {
    const props: Record<string, TemplateValue> = { SubnetId: w.ref(nat.subnetId) };
    if (nat.connectivityType === 'private') props.ConnectivityType = 'private';
    if (nat.allocationId) {
      // GW-7: the NAT gateway's Elastic IP.
      const eip = w.fresh(nat.elasticIpLogicalId ?? `${nat.logicalId}Eip`);
      w.add(eip, 'AWS::EC2::EIP', { Domain: 'vpc' });
      props.AllocationId = { 'Fn::GetAtt': [eip, 'AllocationId'] };
    }
    w.add(nat.logicalId, 'AWS::EC2::NatGateway', { ...props, ...nameTag(nat.name) }, nat.id);
  }
  for (const pcx of t.vpcPeeringConnections) {
    const props: Record<string, TemplateValue> = { VpcId: w.ref(pcx.requesterVpcId), PeerVpcId: w.ref(pcx.accepterVpcId) };
    if (pcx.accepterRegion && pcx.accepterRegion !== t.region) props.PeerRegion = pcx.accepterRegion;
    w.add(pcx.logicalId, 'AWS::EC2::VPCPeeringConnection', { ...props, ...nameTag(pcx.name) }, pcx.id);
  }
  for (const cgw of t.customerGateways) w.add(cgw.logicalId, 'AWS::EC2::CustomerGateway', { Type: 'ipsec.1', BgpAsn: cgw.bgpAsn, IpAddress: cgw.ipAddress.text }, cgw.id);
}

export function writeTransitGateways(w: TemplateWriter, t: Topology): void {
  for (const tgw of t.transitGateways) {
    w.add(
      tgw.logicalId,
      'AWS::EC2::TransitGateway',
      {
        AmazonSideAsn: tgw.amazonSideAsn,
        DefaultRouteTableAssociation: enable(tgw.defaultRouteTableAssociation),
        DefaultRouteTablePropagation: enable(tgw.defaultRouteTablePropagation),
        SecurityGroupReferencingSupport: enable(tgw.securityGroupReferencingSupport),
        ...nameTag(tgw.name),
      },
      tgw.id,
    );
  }
  for (const att of t.transitGatewayAttachments) {
    if (att.resourceType !== 'vpc') continue; // VPN and DX attachments come with their connection / association
    const props: Record<string, TemplateValue> = { TransitGatewayId: w.ref(att.transitGatewayId), VpcId: w.ref(att.resourceId), SubnetIds: att.subnetIds.map((s) => w.ref(s)) };
    if (att.applianceModeSupport || att.securityGroupReferencingSupport) {
      props.Options = { ApplianceModeSupport: enable(att.applianceModeSupport), SecurityGroupReferencingSupport: enable(att.securityGroupReferencingSupport) };
    }
    w.add(att.logicalId, 'AWS::EC2::TransitGatewayVpcAttachment', { ...props, ...nameTag(att.name) }, att.id);
  }
  for (const vpn of t.vpnConnections) {
    const props: Record<string, TemplateValue> = { Type: 'ipsec.1', CustomerGatewayId: w.ref(vpn.customerGatewayId), StaticRoutesOnly: vpn.staticRoutesOnly };
    if (vpn.vpnGatewayId) props.VpnGatewayId = w.ref(vpn.vpnGatewayId);
    if (vpn.transitGatewayId) props.TransitGatewayId = w.ref(vpn.transitGatewayId);
    w.add(vpn.logicalId, 'AWS::EC2::VPNConnection', props, vpn.id);
    // HYB-3: BGP advertisements have no property; they go in the resource's Metadata, as the importer reads them.
    const vpcsim: Record<string, TemplateValue> = {};
    if (vpn.bgpPrefixes.length) vpcsim.bgpPrefixes = vpn.bgpPrefixes.map((p) => p.text);
    if (vpn.asPathLength !== 1) vpcsim.asPathLength = vpn.asPathLength;
    if (Object.keys(vpcsim).length) w.resources.get(vpn.logicalId)!.Metadata = { vpcsim };
    // VPN static routes on a VGW connection; a TGW connection's are TGW routes.
    if (vpn.vpnGatewayId) vpn.staticRoutes.forEach((p, i) => w.add(w.fresh(vpn.logicalId, 'Route', i + 1), 'AWS::EC2::VPNConnectionRoute', { VpnConnectionId: w.ref(vpn.id), DestinationCidrBlock: p.text }));
  }
  const defaults = new Set(t.transitGateways.flatMap((g) => [g.associationDefaultRouteTableId, g.propagationDefaultRouteTableId]).filter(Boolean));
  for (const rt of t.transitGatewayRouteTables) {
    // TGW-6: the default route table is created by AWS and filled by the default association/propagation.
    if (defaults.has(rt.id)) {
      if (rt.routes.length) throw notExpressible('AWS::EC2::TransitGatewayRouteTable', rt.logicalId, 'static routes in a default transit gateway route table');
      continue;
    }
    w.add(rt.logicalId, 'AWS::EC2::TransitGatewayRouteTable', { TransitGatewayId: w.ref(rt.transitGatewayId), ...nameTag(rt.name) }, rt.id);
    rt.routes.forEach((r, i) => {
      const logicalId = r.logicalId ?? w.fresh(rt.logicalId, 'Route', i + 1);
      const props: Record<string, TemplateValue> = { TransitGatewayRouteTableId: w.ref(rt.id), DestinationCidrBlock: r.destination.text };
      if (r.blackhole) w.add(logicalId, 'AWS::EC2::TransitGatewayRoute', { ...props, Blackhole: true });
      else addNamingAttachment(w, t, logicalId, 'AWS::EC2::TransitGatewayRoute', props, r.attachmentId!);
    });
    for (const a of rt.associationAttachmentIds) {
      addNamingAttachment(w, t, w.fresh(rt.logicalId, attachmentName(w, t, a), 'Association'), 'AWS::EC2::TransitGatewayRouteTableAssociation', { TransitGatewayRouteTableId: w.ref(rt.id) }, a);
    }
    for (const a of rt.propagationAttachmentIds) {
      addNamingAttachment(w, t, w.fresh(rt.logicalId, attachmentName(w, t, a), 'Propagation'), 'AWS::EC2::TransitGatewayRouteTablePropagation', { TransitGatewayRouteTableId: w.ref(rt.id) }, a);
    }
  }
}

/**
 * A resource whose TransitGatewayAttachmentId names `attachmentId`. A VPN connection's attachment has no
 * CloudFormation id: the resource names it in Metadata.vpcsim.attachmentOf (as the importer reads it) and the
 * property takes a parameter the deployer fills with the real id (docs/semantics.md, "Implicit transit
 * gateway attachments").
 */
/**
 * What Metadata.vpcsim.attachmentOf names for an attachment with no resource of its own: the VPN connection's
 * logical id, or the written name of a Direct Connect connection on the DX gateway; undefined for others.
 */
function implicitOwner(w: TemplateWriter, t: Topology, attachmentId: string): string | undefined {
  const att = t.transitGatewayAttachments.find((a) => a.id === attachmentId);
  if (att?.resourceType === 'vpn') return t.vpnConnections.find((v) => v.id === att.resourceId)?.logicalId;
  if (att?.resourceType === 'direct-connect-gateway') return directConnectPlan(w, t).nameOfDxGateway.get(att.resourceId);
  return undefined;
}

/** Such an attachment is `<owner>Attachment` in derived ids. */
function attachmentName(w: TemplateWriter, t: Topology, attachmentId: string): string {
  const owner = implicitOwner(w, t, attachmentId);
  return owner !== undefined ? `${owner}Attachment` : nameOf(w, attachmentId);
}

function addNamingAttachment(w: TemplateWriter, t: Topology, logicalId: string, type: string, props: Record<string, TemplateValue>, attachmentId: string): void {
  const owner = implicitOwner(w, t, attachmentId);
  if (owner === undefined) {
    w.add(logicalId, type, { ...props, TransitGatewayAttachmentId: w.ref(attachmentId) });
    return;
  }
  const parameter = `${owner.replace(/[^A-Za-z0-9]/g, '')}AttachmentId`;
  w.parameters[parameter] ??= { Type: 'String', Default: 'tgw-attach-0123456789abcdef0', Description: `transit gateway attachment of ${owner} (pass its real id when deploying)` };
  w.add(logicalId, type, { ...props, TransitGatewayAttachmentId: { Ref: parameter } });
  w.resources.get(logicalId)!.Metadata = { vpcsim: { attachmentOf: owner } };
}

export function writeEndpoints(w: TemplateWriter, t: Topology): void {
  for (const ep of t.vpcEndpoints) {
    const props: Record<string, TemplateValue> = { VpcId: w.ref(ep.vpcId), ServiceName: ep.serviceName, VpcEndpointType: ep.type };
    if (ep.routeTableIds.length) props.RouteTableIds = ep.routeTableIds.map((r) => w.ref(r));
    if (ep.subnetIds.length) props.SubnetIds = ep.subnetIds.map((s) => w.ref(s));
    if (ep.securityGroupIds.length) props.SecurityGroupIds = ep.securityGroupIds.map((g) => w.ref(g));
    if (ep.type === 'Interface') props.PrivateDnsEnabled = ep.privateDnsEnabled;
    // VPCE-7: a deny policy is written as a blanket Deny.
    if (ep.policy === 'deny') props.PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: '*', Resource: '*' }] };
    w.add(ep.logicalId, 'AWS::EC2::VPCEndpoint', props, ep.id);
  }
}
