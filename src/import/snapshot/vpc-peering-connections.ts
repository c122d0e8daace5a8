// describe-vpc-peering-connections: `VpcPeeringConnections[]`. PCX-2: only `active` carries traffic.
import type { VpcPeeringConnection } from '../../model/types.js';
import type { SnapshotKeyReader } from './context.js';

export const vpcPeeringConnections: SnapshotKeyReader = {
  key: 'VpcPeeringConnections',
  resourceType: 'VpcPeeringConnection',
  idField: 'VpcPeeringConnectionId',
  read(f, ctx) {
    const id = f.str('VpcPeeringConnectionId');
    const requester = f.optChild('RequesterVpcInfo');
    const accepter = f.optChild('AccepterVpcInfo');
    if (!requester) throw f.error('RequesterVpcInfo', 'is missing');
    if (!accepter) throw f.error('AccepterVpcInfo', 'is missing');
    const pcx: VpcPeeringConnection = {
      id,
      logicalId: id,
      name: f.nameTag(),
      requesterVpcId: requester.str('VpcId'),
      accepterVpcId: accepter.str('VpcId'),
      // PCX-2 CHOICE: no status means active.
      status: f.optChild('Status')?.optStr('Code') ?? 'active',
    };
    const requesterRegion = requester.optStr('Region');
    const accepterRegion = accepter.optStr('Region');
    if (requesterRegion) pcx.requesterRegion = requesterRegion;
    if (accepterRegion) pcx.accepterRegion = accepterRegion;
    ctx.add('vpcPeeringConnections', pcx, f);
  },
};
