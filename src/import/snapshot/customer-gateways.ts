// describe-customer-gateways: `CustomerGateways[]` (BgpAsn is printed as a string).
import type { SnapshotKeyReader } from './context.js';

export const customerGateways: SnapshotKeyReader = {
  key: 'CustomerGateways',
  resourceType: 'CustomerGateway',
  idField: 'CustomerGatewayId',
  read(f, ctx) {
    const id = f.str('CustomerGatewayId');
    if (f.optStr('State') === 'deleted') return;
    ctx.add('customerGateways', {
      id,
      logicalId: id,
      name: f.nameTag(),
      bgpAsn: f.optInt('BgpAsn') ?? 65000,
      ipAddress: f.address('IpAddress'),
    }, f);
  },
};
