// describe-availability-zones: `AvailabilityZones[]`. C-7: the zone names tell the Region (C-5); zone ids
// and opt-in states are not part of the model.
import type { SnapshotKeyReader } from './context.js';

export const availabilityZones: SnapshotKeyReader = {
  key: 'AvailabilityZones',
  resourceType: 'AvailabilityZone',
  read(f, ctx) {
    if (f.optStr('ZoneType') === 'availability-zone' || f.optStr('ZoneType') === undefined) ctx.noteAvailabilityZone(f, 'ZoneName');
  },
};
