// describe-vpcs: `Vpcs[]`. The primary IPv4 block comes first, then associated secondary blocks (ADDR-1, ADDR-2).
// Main route table, default NACL and default SG ids are filled in by their own readers (RT-1, NACL-1, SG-8).
import type { Prefix } from '../../model/ip.js';
import type { SnapshotKeyReader } from './context.js';

// Blocks being removed or that failed to associate carry no traffic.
const LIVE_STATES = new Set(['associated', 'associating']);

export const vpcs: SnapshotKeyReader = {
  key: 'Vpcs',
  resourceType: 'Vpc',
  idField: 'VpcId',
  read(f, ctx) {
    const id = f.str('VpcId');
    ctx.noteOwner(f, 'OwnerId', true);
    const cidrBlocks: Prefix[] = [];
    const primary = f.optPrefix('CidrBlock');
    if (primary) cidrBlocks.push(primary);
    for (const a of f.list('CidrBlockAssociationSet')) {
      const block = a.prefix('CidrBlock');
      const state = a.optChild('CidrBlockState')?.optStr('State') ?? 'associated';
      if (LIVE_STATES.has(state) && !cidrBlocks.some((b) => b.text === block.text)) cidrBlocks.push(block);
    }
    const ipv6CidrBlocks: Prefix[] = [];
    for (const a of f.list('Ipv6CidrBlockAssociationSet')) {
      const block = a.prefix('Ipv6CidrBlock');
      const state = a.optChild('Ipv6CidrBlockState')?.optStr('State') ?? 'associated';
      if (LIVE_STATES.has(state)) ipv6CidrBlocks.push(block);
    }
    ctx.add('vpcs', {
      id,
      logicalId: id,
      name: f.nameTag(),
      ...f.otherTags(),
      cidrBlocks,
      ipv6CidrBlocks,
      mainRouteTableId: '',
      defaultNetworkAclId: '',
      defaultSecurityGroupId: '',
    }, f);
  },
};
