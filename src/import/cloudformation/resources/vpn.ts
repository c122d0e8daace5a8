// AWS::EC2::VPNGateway, VPNGatewayRoutePropagation, CustomerGateway, VPNConnection, VPNConnectionRoute
// (HYB-1..3, RT-12). A VPN connection on a transit gateway gets its VPN attachment here, since
// CloudFormation has no resource for it.
import { physicalId } from '../../../model/ids.js';
import { applyTransitGatewayDefaults, newTransitGatewayAttachment } from '../../../model/transit-gateway-defaults.js';
import type { ResourceKind } from '../kind.js';
import { mapDirectConnectMetadata } from './direct-connect.js';

export const vpnGateway: ResourceKind = {
  type: 'AWS::EC2::VPNGateway',
  idPrefix: 'vgw',
  phase: 10,
  attributes: { VPNGatewayId: (r) => r.physicalId },
  map(ctx) {
    ctx.props.oneOf('Type', ['ipsec.1'] as const);
    const vgw = ctx.objects.add('vpnGateways', { id: ctx.id, logicalId: ctx.logicalId, name: ctx.name, amazonSideAsn: ctx.props.int('AmazonSideAsn', 64512) });
    // HYB-8..12: Direct Connect has no CloudFormation resources (CHOICE: Metadata.vpcsim.directConnect).
    mapDirectConnectMetadata(ctx, ctx.vpcsimMetadata(['directConnect']), { vgw });
  },
};

export const vpnGatewayRoutePropagation: ResourceKind = {
  type: 'AWS::EC2::VPNGatewayRoutePropagation',
  idPrefix: 'vgw-prop',
  phase: 40,
  map(ctx) {
    const vgw = ctx.ref('vpnGateways', 'VpnGatewayId');
    for (const [i, id] of ctx.props.stringList('RouteTableIds').entries()) {
      const rt = ctx.find('routeTables', id, `RouteTableIds[${i}]`);
      if (!rt.propagatingVgwIds.includes(vgw.id)) rt.propagatingVgwIds.push(vgw.id);
    }
  },
};

export const customerGateway: ResourceKind = {
  type: 'AWS::EC2::CustomerGateway',
  idPrefix: 'cgw',
  phase: 10,
  attributes: { CustomerGatewayId: (r) => r.physicalId },
  map(ctx) {
    const ipAddress = ctx.props.optAddress('IpAddress');
    if (!ipAddress || ipAddress.family !== 4) throw ctx.error('IpAddress', 'an IPv4 address is required');
    ctx.objects.add('customerGateways', { id: ctx.id, logicalId: ctx.logicalId, name: ctx.name, bgpAsn: ctx.props.int('BgpAsn', 65000), ipAddress });
  },
};

export const vpnConnection: ResourceKind = {
  type: 'AWS::EC2::VPNConnection',
  idPrefix: 'vpn',
  phase: 30,
  attributes: { VpnConnectionId: (r) => r.physicalId },
  map(ctx) {
    const cgw = ctx.ref('customerGateways', 'CustomerGatewayId');
    const onVgw = ctx.props.has('VpnGatewayId');
    if (onVgw === ctx.props.has('TransitGatewayId')) throw ctx.error('VpnGatewayId', 'give VpnGatewayId or TransitGatewayId (exactly one, HYB-2)');
    const vgw = onVgw ? ctx.ref('vpnGateways', 'VpnGatewayId') : undefined;
    const tgw = onVgw ? undefined : ctx.ref('transitGateways', 'TransitGatewayId');
    const staticRoutesOnly = ctx.props.bool('StaticRoutesOnly', false);
    // HYB-3: what the customer gateway advertises over BGP has no CloudFormation property (CHOICE: Metadata.vpcsim).
    const meta = ctx.vpcsimMetadata(['bgpPrefixes', 'asPathLength']);
    const bgpPrefixes = meta?.prefixList('bgpPrefixes') ?? [];
    if (bgpPrefixes.length > 0 && staticRoutesOnly) throw ctx.error('Metadata.vpcsim.bgpPrefixes', 'a VPN with StaticRoutesOnly: true learns nothing over BGP; use AWS::EC2::VPNConnectionRoute');
    if (onVgw && bgpPrefixes.some((p) => p.family === 6)) throw ctx.error('Metadata.vpcsim.bgpPrefixes', 'IPv6 prefixes need a VPN on a transit gateway (HYB-4)', 'InvalidParameterValue');
    const asPathLength = meta?.int('asPathLength', 1) ?? 1;
    if (asPathLength < 1) throw ctx.error('Metadata.vpcsim.asPathLength', `${asPathLength} is not an AS_PATH length (1 or more)`);
    ctx.objects.add('vpnConnections', {
      id: ctx.id,
      logicalId: ctx.logicalId,
      name: ctx.name,
      customerGatewayId: cgw.id,
      ...(vgw ? { vpnGatewayId: vgw.id } : {}),
      ...(tgw ? { transitGatewayId: tgw.id } : {}),
      staticRoutesOnly,
      staticRoutes: [],
      bgpPrefixes,
      asPathLength,
      // HYB-1: two tunnels.
      tunnels: [{ status: 'UP' }, { status: 'UP' }],
    });
    if (tgw) {
      const attachmentId = physicalId('tgw-attach', `${ctx.logicalId}.Attachment`, ctx.template.stackName);
      ctx.objects.add('transitGatewayAttachments', newTransitGatewayAttachment({ id: attachmentId, logicalId: `${ctx.logicalId}.Attachment` }, tgw.id, 'vpn', ctx.id));
      applyTransitGatewayDefaults(ctx.topology, tgw, attachmentId);
    }
  },
};

export const vpnConnectionRoute: ResourceKind = {
  type: 'AWS::EC2::VPNConnectionRoute',
  idPrefix: 'vpn-route',
  phase: 40,
  map(ctx) {
    const vpn = ctx.ref('vpnConnections', 'VpnConnectionId');
    if (!vpn.staticRoutesOnly) throw ctx.error('VpnConnectionId', `${vpn.logicalId} uses BGP; static routes need StaticRoutesOnly: true`);
    vpn.staticRoutes.push(ctx.props.prefix('DestinationCidrBlock'));
  },
};
