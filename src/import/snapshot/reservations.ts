// describe-instances: `Reservations[].Instances[]`, each with its network interfaces.
// CHOICE (docs/semantics.md "Snapshot instance states"): `running` is running; pending, stopping and
// stopped are stopped (RT-10: routes to them are blackholes); terminated and shutting-down instances
// are left out with their interfaces.
import type { SnapshotKeyReader } from './context.js';
import { addNetworkInterface, readNetworkInterface } from './network-interface.js';

const GONE = new Set(['terminated', 'shutting-down']);

export const reservations: SnapshotKeyReader = {
  key: 'Reservations',
  resourceType: 'Reservation',
  idField: 'ReservationId',
  read(reservation, ctx) {
    ctx.noteOwner(reservation);
    for (const item of reservation.list('Instances')) {
      const f = item.forResource('Instance', item.str('InstanceId'));
      const id = f.where.id;
      const state = f.optChild('State')?.optStr('Name') ?? 'running';
      if (GONE.has(state)) {
        ctx.warn(`${f.where.file}: Instance '${id}' is ${state}; left out`);
        continue;
      }
      ctx.noteAvailabilityZone(f.optChild('Placement') ?? f, 'AvailabilityZone');
      const enis = f.list('NetworkInterfaces').map((n) => {
        const eniFields = n.forResource('NetworkInterface', n.str('NetworkInterfaceId'));
        const eni = readNetworkInterface(eniFields, ctx, id);
        addNetworkInterface(ctx, eni, eniFields);
        return eni;
      });
      // Primary ENI (device index 0) first.
      enis.sort((a, b) => (a.deviceIndex ?? 0) - (b.deviceIndex ?? 0));
      ctx.add('instances', {
        id,
        logicalId: id,
        name: f.nameTag(),
        ...f.otherTags(),
        subnetId: f.str('SubnetId'),
        networkInterfaceIds: enis.map((e) => e.id),
        state: state === 'running' ? 'running' : 'stopped',
      }, f);
    }
  },
};
