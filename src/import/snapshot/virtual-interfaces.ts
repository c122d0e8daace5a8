// describe-virtual-interfaces (Direct Connect): `virtualInterfaces[]` (HYB-8). The on-premises prefixes
// a VIF advertises are not in this output (HYB-12 model input); routeFilterPrefixes of public VIFs are.
import type { VirtualInterface } from '../../model/types.js';
import type { SnapshotKeyReader } from './context.js';

const GONE = new Set(['deleting', 'deleted', 'rejected']);

export const virtualInterfaces: SnapshotKeyReader = {
  key: 'virtualInterfaces',
  resourceType: 'VirtualInterface',
  idField: 'virtualInterfaceId',
  read(f, ctx) {
    const id = f.str('virtualInterfaceId');
    const state = f.optStr('virtualInterfaceState') ?? 'available';
    if (GONE.has(state)) return;
    const vif: VirtualInterface = {
      id,
      logicalId: id,
      name: f.optStr('virtualInterfaceName'),
      kind: f.oneOf('virtualInterfaceType', ['private', 'transit', 'public']),
      connectionId: f.str('connectionId'),
      onPremisesPrefixes: f.list('routeFilterPrefixes').map((p) => p.prefix('cidr')),
      state: state === 'available' ? 'available' : 'down',
    };
    const vgw = f.optStr('virtualGatewayId');
    const dxgw = f.optStr('directConnectGatewayId');
    if (vgw) vif.vpnGatewayId = vgw;
    if (dxgw) vif.directConnectGatewayId = dxgw;
    ctx.add('virtualInterfaces', vif, f);
  },
};
