// describe-egress-only-internet-gateways: `EgressOnlyInternetGateways[]` (GW-16).
import type { SnapshotKeyReader } from './context.js';
import { clip } from '../../model/printable.js';

export const egressOnlyInternetGateways: SnapshotKeyReader = {
  key: 'EgressOnlyInternetGateways',
  resourceType: 'EgressOnlyInternetGateway',
  idField: 'EgressOnlyInternetGatewayId',
  read(f, ctx) {
    const id = f.str('EgressOnlyInternetGatewayId');
    const attachment = f.list('Attachments').find((a) => (a.optStr('State') ?? 'attached') === 'attached');
    if (!attachment) {
      ctx.warn(`${f.where.file}: EgressOnlyInternetGateway '${clip(id)}' is not attached to a VPC; left out`);
      return;
    }
    ctx.add('egressOnlyInternetGateways', { id, logicalId: id, name: f.nameTag(), vpcId: attachment.str('VpcId') }, f);
  },
};
