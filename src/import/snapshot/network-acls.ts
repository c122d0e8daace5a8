// describe-network-acls: `NetworkAcls[]`. The `*` rule that denies what nothing else matched is listed as
// 32767 (0.0.0.0/0) and, in a VPC with IPv6, 32768 (::/0); the model implies it (NACL-5), so both are dropped. Any other entry is checked as a
// template's is: a rule number outside 1-32766 (NACL-4), both CIDRs or the wrong family, an ICMP entry
// without a type and code (NACL-7) cannot be in AWS's output, so the file is refused, not read.
import type { NetworkAclEntry } from '../../model/types.js';
import type { SnapshotKeyReader } from './context.js';
import type { Fields } from './fields.js';
import { protocolNumber } from './protocols.js';

const STAR_RULE = 32767;
const STAR_RULE_IPV6 = 32768;

/** The `*` rule: deny every protocol to every address, numbered 32767 (IPv4 or IPv6) or 32768 (IPv6). */
function isStarRule(e: Fields): boolean {
  const n = e.optInt('RuleNumber');
  if ((n !== STAR_RULE && n !== STAR_RULE_IPV6) || e.optStr('RuleAction') !== 'deny' || protocolNumber(e, 'Protocol') !== -1) return false;
  return e.optStr('Ipv6CidrBlock') === '::/0' || (n === STAR_RULE && e.optStr('CidrBlock') === '0.0.0.0/0');
}

function readEntry(e: Fields): NetworkAclEntry {
  const protocol = protocolNumber(e, 'Protocol');
  if (e.has('CidrBlock') && e.has('Ipv6CidrBlock')) throw e.error('CidrBlock', 'and Ipv6CidrBlock: exactly one of CidrBlock and Ipv6CidrBlock is allowed');
  const cidr = e.optPrefixOf('CidrBlock', 4) ?? e.optPrefixOf('Ipv6CidrBlock', 6);
  if (!cidr) throw e.error('CidrBlock', 'is missing (no CidrBlock or Ipv6CidrBlock)');
  const ruleNumber = e.int('RuleNumber');
  // NACL-4: CreateNetworkAclEntry takes 1-32766; 32767 is the `*` rule, dropped above.
  if (ruleNumber < 1 || ruleNumber > 32766) throw e.error('RuleNumber', `${ruleNumber} is not 1-32766 (NACL-4; 32767 and 32768 are the * rule)`);
  const entry: NetworkAclEntry = {
    ruleNumber,
    egress: e.bool('Egress', false),
    protocol,
    ruleAction: e.oneOf('RuleAction', ['allow', 'deny']),
    cidr,
  };
  // NACL-7: ports for TCP/UDP, type/code for ICMP and ICMPv6; other protocols carry neither.
  const ports = e.optChild('PortRange');
  if (ports && (protocol === 6 || protocol === 17)) entry.portRange = { from: ports.int('From'), to: ports.int('To') };
  const icmp = e.optChild('IcmpTypeCode');
  // CreateNetworkAclEntry requires a type and code for ICMP, and for ICMPv6 with an IPv6 block.
  if (!icmp && (protocol === 1 || (protocol === 58 && cidr.family === 6))) {
    throw e.error('IcmpTypeCode', `is required for protocol ${protocol} (CreateNetworkAclEntry takes a type and code, -1 for any)`);
  }
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
      entries: f.list('Entries').filter((e) => !isStarRule(e)).map(readEntry),
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
