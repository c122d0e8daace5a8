// AWS::EC2::VPCPeeringConnection (PCX-2: a connection created by the template is active).
import type { ResourceKind } from '../kind.js';

export const vpcPeeringConnection: ResourceKind = {
  type: 'AWS::EC2::VPCPeeringConnection',
  idPrefix: 'pcx',
  phase: 30,
  attributes: { Id: (r) => r.physicalId },
  map(ctx) {
    const requester = ctx.ref('vpcs', 'VpcId');
    // The peer VPC may live in another account or Region, so it need not be in this template.
    const peerVpcId = ctx.props.string('PeerVpcId');
    ctx.objects.add('vpcPeeringConnections', {
      id: ctx.id,
      logicalId: ctx.logicalId,
      name: ctx.name,
      requesterVpcId: requester.id,
      accepterVpcId: peerVpcId,
      status: 'active',
      requesterRegion: ctx.template.region,
      accepterRegion: ctx.props.optString('PeerRegion') ?? ctx.template.region,
    });
  },
};
