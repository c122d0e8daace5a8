// One literal per model type that several producers make (the importer, finalize, the VPC defaults):
// each object of the type then has the same fields in the same order, optional ones present as
// undefined, so V8 gives them one hidden class. Validate and compile run once per process over
// 100,000s of these: a second shape met after their loops were optimized (finalize's objects come
// last) throws that code away, and a field added after construction moves the object to another
// class. Undefined fields are what an absent one reads as; JSON output leaves them out.
// No spread in these literals: V8 (Node 20) gives `{ ...source, extra }` a hidden class of its own
// per object once the spread is warm, which makes every site reading such objects megamorphic.
import type { Address, Prefix } from './ip.js';
import type { IcmpTypeCode, NetworkAclEntry, PortRange, PrivateIp, SecurityGroupPeer, SecurityGroupRule } from './types.js';

/** A private IPv4 of an ENI; `address` undefined until finalize allocates it (ADDR-11). */
export function privateIp(
  primary: boolean,
  address: Address | undefined,
  publicIp?: Address,
  allocationId?: string,
  elasticIpLogicalId?: string,
): PrivateIp {
  return { primary, address, publicIp, allocationId, elasticIpLogicalId };
}

/** A security group rule: an inline one (no logical id) or an AWS::EC2::SecurityGroupIngress/Egress. */
export function securityGroupRule(
  protocol: number,
  fromPort: number,
  toPort: number,
  peer: SecurityGroupPeer,
  description?: string,
  logicalId?: string,
): SecurityGroupRule {
  return { protocol, fromPort, toPort, peer, description, logicalId };
}

/** A network ACL entry: a default ACL's (no logical id) or an AWS::EC2::NetworkAclEntry. */
export function aclEntry(
  ruleNumber: number,
  egress: boolean,
  protocol: number,
  ruleAction: 'allow' | 'deny',
  cidr: Prefix,
  logicalId?: string,
  portRange?: PortRange,
  icmp?: IcmpTypeCode,
): NetworkAclEntry {
  return { ruleNumber, egress, protocol, ruleAction, cidr, logicalId, portRange, icmp };
}

/** A list with no string in it yet. */
const NO_STRINGS: readonly string[] = [''];

/**
 * An empty list of strings in the elements kind V8 gives a list of strings (PACKED_ELEMENTS): `[]`
 * starts as a list of small integers, so ENIs without groups would bring readers of `securityGroupIds`
 * another hidden class.
 */
export function emptyStringList(): string[] {
  return NO_STRINGS.slice(0, 0);
}

/** A copy of a list of strings, in the elements kind of a list of strings also when it is empty (see emptyStringList). */
export function stringListCopy(list: readonly string[]): string[] {
  return list.length > 0 ? list.slice() : emptyStringList();
}
