// describe-network-acls: `NetworkAcls[]`. Rule 32767 is the `*` rule that denies what nothing else matched;
// the model implies it (NACL-5), so it is dropped here, as are its IPv6 twin and any entry numbered above 32766.
import type { NetworkAclEntry } from '../../model/types.js';
import type { SnapshotKeyReader } from './context.js';
import type { Fields } from './fields.js';
import { protocolNumber } from './protocols.js';

const DEFAULT_RULE = 32767;

function readEntry(e: Fields): NetworkAclEntry {
  const protocol = protocolNumber(e, 'Protocol');
  const cidr = e.optPrefix('CidrBlock') ?? e.optPrefix('Ipv6CidrBlock');
  if (!cidr) throw e.error('CidrBlock', 'is missing (no CidrBlock or Ipv6CidrBlock)');
  const entry: NetworkAclEntry = {
    ruleNumber: e.int('RuleNumber'),
    egress: e.bool('Egress', false),
    protocol,
    ruleAction: e.oneOf('RuleAction', ['allow', 'deny']),
    cidr,
  };
  // NACL-7: ports for TCP/UDP, type/code for ICMP and ICMPv6; other protocols carry neither.
  const ports = e.optChild('PortRange');
  if (ports && (protocol === 6 || protocol === 17)) entry.portRange = { from: ports.int('From'), to: ports.int('To') };
  const icmp = e.optChild('IcmpTypeCode');
  if (icmp && (protocol === 1 || protocol === 58)) entry.icmp = { type: icmp.optInt('Type') ?? -1, code: icmp.optInt('Code') ?? -1 };
  return entry;
}

export const networkAcls: SnapshotKeyReader = {
  key: 'NetworkAcls',
  resourceType: 'NetworkAcl',
  idField: 'NetworkAclId',
  read(f, ctx) {
    const id = f.str('NetworkAclId');
    ctx.noteOwner(f);
    ctx.add('networkAcls', {
      id,
      logicalId: id,
      name: f.nameTag(),
      vpcId: f.str('VpcId'),
      isDefault: f.bool('IsDefault', false),
      entries: f.list('Entries').filter((e) => e.int('RuleNumber') < DEFAULT_RULE).map(readEntry),
      subnetIds: f.list('Associations').map((a) => a.str('SubnetId')),
    }, f);
  },
  finish(ctx) {
    // NACL-1: the VPC's default network ACL.
    for (const acl of ctx.all('networkAcls')) {
      const vpc = ctx.get('vpcs', acl.vpcId);
      if (acl.isDefault && vpc) vpc.defaultNetworkAclId = acl.id;
    }
  },
};
