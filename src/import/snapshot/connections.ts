// describe-connections (Direct Connect): `connections[]`. Only `available` carries traffic (HYB-11).
import type { DirectConnectConnection } from '../../model/types.js';
import type { SnapshotKeyReader } from './context.js';

const GONE = new Set(['deleting', 'deleted', 'rejected']);

export const connections: SnapshotKeyReader = {
  key: 'connections',
  resourceType: 'Connection',
  idField: 'connectionId',
  read(f, ctx) {
    const id = f.str('connectionId');
    const state = f.optStr('connectionState') ?? 'available';
    if (GONE.has(state)) return;
    const connection: DirectConnectConnection = {
      id,
      logicalId: id,
      name: f.optStr('connectionName'),
      state: state === 'available' ? 'available' : 'down',
    };
    const location = f.optStr('location');
    if (location) connection.location = location;
    ctx.add('directConnectConnections', connection, f);
  },
};
