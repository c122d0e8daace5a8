// describe-internet-gateways: `InternetGateways[]`. GW-1: attached to at most one VPC.
import type { SnapshotKeyReader } from './context.js';

// describe-internet-gateways reports a working attachment as `available`.
const ATTACHED = new Set(['available', 'attached']);

export const internetGateways: SnapshotKeyReader = {
  key: 'InternetGateways',
  resourceType: 'InternetGateway',
  idField: 'InternetGatewayId',
  read(f, ctx) {
    const id = f.str('InternetGatewayId');
    ctx.noteOwner(f);
    const attachment = f.list('Attachments').find((a) => ATTACHED.has(a.optStr('State') ?? 'available'));
    ctx.add('internetGateways', { id, logicalId: id, name: f.nameTag(), vpcId: attachment?.str('VpcId') }, f);
  },
};
