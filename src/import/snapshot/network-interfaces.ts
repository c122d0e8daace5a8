// describe-network-interfaces: `NetworkInterfaces[]` (see network-interface.ts for the shape and merging).
import type { SnapshotKeyReader } from './context.js';
import { addNetworkInterface, readNetworkInterface } from './network-interface.js';

export const networkInterfaces: SnapshotKeyReader = {
  key: 'NetworkInterfaces',
  resourceType: 'NetworkInterface',
  idField: 'NetworkInterfaceId',
  read(f, ctx) {
    addNetworkInterface(ctx, readNetworkInterface(f, ctx), f);
  },
};
