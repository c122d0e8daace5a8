// AWS::EC2::InternetGateway, VPCGatewayAttachment, EgressOnlyInternetGateway, NatGateway (GW-1, GW-7, GW-16).
import { physicalId } from '../../../model/ids.js';
import { privateIp } from '../../../model/shapes.js';
import type { ResourceKind } from '../kind.js';
import { elasticIpOf } from './eip.js';

export const internetGateway: ResourceKind = {
  type: 'AWS::EC2::InternetGateway',
  idPrefix: 'igw',
  phase: 10,
  attributes: { InternetGatewayId: (r) => r.physicalId },
  map(ctx) {
    ctx.objects.add('internetGateways', { id: ctx.id, logicalId: ctx.logicalId, name: ctx.name });
  },
};

export const vpcGatewayAttachment: ResourceKind = {
  type: 'AWS::EC2::VPCGatewayAttachment',
  idPrefix: 'gw-attach',
  phase: 30,
  map(ctx) {
    const v = ctx.ref('vpcs', 'VpcId');
    const both = ctx.props.has('InternetGatewayId') && ctx.props.has('VpnGatewayId');
    if (both) throw ctx.error('VpnGatewayId', 'give InternetGatewayId or VpnGatewayId, not both');
    if (ctx.props.has('InternetGatewayId')) {
      const igw = ctx.ref('internetGateways', 'InternetGatewayId');
      // GW-1: one VPC per internet gateway.
      if (igw.vpcId && igw.vpcId !== v.id) throw ctx.error('InternetGatewayId', `${igw.logicalId} is already attached to ${igw.vpcId}`, 'Resource.AlreadyAssociated');
      igw.vpcId = v.id;
    } else if (ctx.props.has('VpnGatewayId')) {
      const vgw = ctx.ref('vpnGateways', 'VpnGatewayId');
      if (vgw.vpcId && vgw.vpcId !== v.id) throw ctx.error('VpnGatewayId', `${vgw.logicalId} is already attached to ${vgw.vpcId}`);
      vgw.vpcId = v.id;
    } else {
      throw ctx.error('InternetGatewayId', 'InternetGatewayId or VpnGatewayId is required');
    }
  },
};

export const egressOnlyInternetGateway: ResourceKind = {
  type: 'AWS::EC2::EgressOnlyInternetGateway',
  idPrefix: 'eigw',
  phase: 30,
  attributes: { Id: (r) => r.physicalId },
  map(ctx) {
    const v = ctx.ref('vpcs', 'VpcId');
    ctx.objects.add('egressOnlyInternetGateways', { id: ctx.id, logicalId: ctx.logicalId, name: ctx.name, vpcId: v.id });
  },
};

export const natGateway: ResourceKind = {
  type: 'AWS::EC2::NatGateway',
  idPrefix: 'nat',
  phase: 30,
  attributes: { NatGatewayId: (r) => r.physicalId },
  map(ctx) {
    const p = ctx.props;
    const subnet = ctx.ref('subnets', 'SubnetId');
    const connectivityType = p.oneOf('ConnectivityType', ['public', 'private'] as const, 'public');
    if (connectivityType === 'public' && !p.has('AllocationId')) throw ctx.error('AllocationId', 'a public NAT gateway needs an Elastic IP (GW-7)');
    if (connectivityType === 'private' && p.has('AllocationId')) throw ctx.error('AllocationId', 'a private NAT gateway has no Elastic IP (GW-15)');
    const eipRef = p.has('AllocationId') ? elasticIpOf(ctx, 'AllocationId', p.string('AllocationId')) : undefined;
    const networkInterfaceId = physicalId('eni', `${ctx.logicalId}.NetworkInterface`, ctx.template.stackName);
    const declared = p.optAddress('PrivateIpAddress');
    if (declared) {
      // finalizeTopology creates the ENI otherwise; here the address is declared.
      ctx.objects.add('networkInterfaces', {
        id: networkInterfaceId,
        logicalId: `${ctx.logicalId}.NetworkInterface`,
        subnetId: subnet.id,
        kind: 'nat-gateway',
        ownerId: ctx.id,
        privateIps: [eipRef ? privateIp(true, declared, eipRef.address, eipRef.allocationId, eipRef.logicalId) : privateIp(true, declared)],
        ipv6Addresses: [],
        securityGroupIds: [],
        sourceDestCheck: false,
      });
    }
    if (p.has('SecondaryAllocationIds') || p.has('SecondaryPrivateIpAddresses')) ctx.warn('secondary NAT gateway addresses are ignored');
    ctx.objects.add('natGateways', {
      id: ctx.id,
      logicalId: ctx.logicalId,
      name: ctx.name,
      subnetId: subnet.id,
      connectivityType,
      networkInterfaceId,
      ...(eipRef ? { publicIp: eipRef.address, allocationId: eipRef.allocationId, elasticIpLogicalId: eipRef.logicalId } : {}),
      state: 'available',
    });
  },
};
