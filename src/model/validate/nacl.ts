// Network ACL rules (SEMANTICS §3): rule numbers and duplicates (NACL-4), protocol/ports/ICMP
// (NACL-7), and one network ACL per subnet in the ACL's VPC (NACL-1).
import type { NetworkAcl, NetworkAclEntry } from '../types.js';
import { fail, subjectOf, type Subject, type ValidationContext } from './context.js';
import { checkIcmp, checkPortRange, checkProtocol, ICMP, ICMPV6, TCP, UDP } from './protocol.js';

/** describe-network-acls lists the `*` rule as number 32767; it is the implied final deny. */
const STAR_RULE = 32767;

export function checkNetworkAcl(ctx: ValidationContext): (acl: NetworkAcl) => void {
  const subnetAcl = new Map<string, NetworkAcl>();
  return (acl) => {
    const s = subjectOf('networkAcls', acl);
    ctx.require(s, 'VpcId', 'vpcs', acl.vpcId);
    for (const subnetId of acl.subnetIds) {
      const subnet = ctx.require(s, 'SubnetId', 'subnets', subnetId);
      if (subnet.vpcId !== acl.vpcId) {
        fail(s, 'SubnetId', `SubnetId: ${ctx.label(subnetId)} is in ${ctx.label(subnet.vpcId)}, not in ${ctx.label(acl.vpcId)}`, 'InvalidParameterValue');
      }
      const other = subnetAcl.get(subnetId);
      if (other) fail(s, 'SubnetId', `SubnetId: ${ctx.label(subnetId)} is already associated with ${ctx.label(other.id)} (NACL-1)`, 'Resource.AlreadyAssociated');
      subnetAcl.set(subnetId, acl);
    }
    const used = new Map<string, NetworkAclEntry>();
    for (const entry of acl.entries) checkEntry(s, entry, used);
  };
}

function checkEntry(aclSubject: Subject, entry: NetworkAclEntry, used: Map<string, NetworkAclEntry>): void {
  const s = entry.logicalId ? { type: 'AWS::EC2::NetworkAclEntry', logicalId: entry.logicalId } : aclSubject;
  const direction = entry.egress ? 'egress' : 'ingress';
  const what = entry.logicalId ? '' : `${direction} rule ${entry.ruleNumber}: `;
  const n = entry.ruleNumber;
  const isStar = n === STAR_RULE && entry.ruleAction === 'deny' && entry.protocol === -1 && entry.cidr.len === 0;
  if (!isStar && (!Number.isInteger(n) || n < 1 || n > 32766)) {
    fail(s, 'RuleNumber', `${what}RuleNumber ${n} is not 1-32766 (NACL-4)`, 'InvalidParameterValue');
  }
  // NACL-4: one rule per number and direction (IPv4 and IPv6 entries share the numbers).
  const key = `${direction}|${n}`;
  const other = used.get(key);
  if (other) {
    const by = other.logicalId ? ` by NetworkAclEntry '${other.logicalId}'` : '';
    fail(s, 'RuleNumber', `${what}${direction} RuleNumber ${n} is already used${by} (NACL-4)`, 'NetworkAclEntryAlreadyExists');
  }
  used.set(key, entry);
  checkProtocol(s, what, entry.protocol);
  if (entry.protocol === TCP || entry.protocol === UDP) {
    // CreateNetworkAclEntry requires a port range for TCP and UDP.
    if (!entry.portRange) fail(s, 'PortRange', `${what}PortRange is required for protocol ${entry.protocol} (${entry.protocol === TCP ? 'tcp' : 'udp'})`, 'MissingParameter');
    checkPortRange(s, what, entry.portRange.from, entry.portRange.to, 'PortRange.From', 'PortRange.To');
  }
  if ((entry.protocol === ICMP || entry.protocol === ICMPV6) && entry.icmp) {
    checkIcmp(s, what, entry.icmp.type, entry.icmp.code, 'Icmp.Type', 'Icmp.Code');
  }
}
