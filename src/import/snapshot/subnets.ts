// describe-subnets: `Subnets[]`. The AZ names the Region (C-5).
import type { SnapshotKeyReader } from './context.js';

export const subnets: SnapshotKeyReader = {
  key: 'Subnets',
  resourceType: 'Subnet',
  idField: 'SubnetId',
  read(f, ctx) {
    const id = f.str('SubnetId');
    ctx.noteOwner(f);
    const availabilityZone = ctx.noteAvailabilityZone(f, 'AvailabilityZone');
    if (!availabilityZone) throw f.error('AvailabilityZone', 'is missing');
    const ipv6 = f
      .list('Ipv6CidrBlockAssociationSet')
      .filter((a) => (a.optChild('Ipv6CidrBlockState')?.optStr('State') ?? 'associated') === 'associated')
      .map((a) => a.prefix('Ipv6CidrBlock'));
    ctx.add('subnets', {
      id,
      logicalId: id,
      name: f.nameTag(),
      ...f.otherTags(),
      vpcId: f.str('VpcId'),
      availabilityZone,
      cidrBlock: f.optPrefix('CidrBlock'),
      ipv6CidrBlock: ipv6[0],
      mapPublicIpOnLaunch: f.bool('MapPublicIpOnLaunch', false),
    }, f);
  },
};
