// describe-vpn-gateways: `VpnGateways[]`. HYB-2: a VGW serves the one VPC it is attached to.
import type { VpnGateway } from '../../model/types.js';
import type { SnapshotKeyReader } from './context.js';

export const vpnGateways: SnapshotKeyReader = {
  key: 'VpnGateways',
  resourceType: 'VpnGateway',
  idField: 'VpnGatewayId',
  read(f, ctx) {
    const id = f.str('VpnGatewayId');
    if (f.optStr('State') === 'deleted') return;
    ctx.noteAvailabilityZone(f, 'AvailabilityZone');
    const attachment = f.list('VpcAttachments').find((a) => (a.optStr('State') ?? 'attached') === 'attached');
    const vgw: VpnGateway = { id, logicalId: id, name: f.nameTag(), amazonSideAsn: f.optInt('AmazonSideAsn') ?? 64512 };
    const vpcId = attachment?.str('VpcId');
    if (vpcId) vgw.vpcId = vpcId;
    ctx.add('vpnGateways', vgw, f);
  },
};
