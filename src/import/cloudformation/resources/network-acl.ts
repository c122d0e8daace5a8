// AWS::EC2::NetworkAcl, NetworkAclEntry, SubnetNetworkAclAssociation (NACL-1, NACL-3, NACL-4, NACL-7).
import { aclEntry } from '../../../model/shapes.js';
import type { NetworkAcl, NetworkAclEntry, Topology } from '../../../model/types.js';
import type { ResourceKind } from '../kind.js';
import { parseProtocol } from './protocol.js';

export const networkAcl: ResourceKind = {
  type: 'AWS::EC2::NetworkAcl',
  idPrefix: 'acl',
  phase: 30,
  attributes: { Id: (r) => r.physicalId },
  map(ctx) {
    const v = ctx.ref('vpcs', 'VpcId');
    // NACL-3: a custom network ACL starts with no entries (deny all).
    ctx.objects.add('networkAcls', { id: ctx.id, logicalId: ctx.logicalId, name: ctx.name, vpcId: v.id, isDefault: false, entries: [], subnetIds: [] });
  },
};

export const networkAclEntry: ResourceKind = {
  type: 'AWS::EC2::NetworkAclEntry',
  idPrefix: 'acl-entry',
  phase: 40,
  map(ctx) {
    const acl = ctx.ref('networkAcls', 'NetworkAclId');
    const p = ctx.props;
    const v4 = p.optPrefix('CidrBlock');
    const v6 = p.optPrefix('Ipv6CidrBlock');
    if (!!v4 === !!v6) throw ctx.error('CidrBlock', 'exactly one of CidrBlock and Ipv6CidrBlock is required');
    if (v4?.family === 6 || v6?.family === 4) throw ctx.error(v4 ? 'CidrBlock' : 'Ipv6CidrBlock', 'wrong address family');
    // Read in the order the fields were always read (the first error found stays the same).
    const ruleNumber = p.int('RuleNumber');
    const egress = p.bool('Egress', false);
    const protocol = parseProtocol(p.string('Protocol'), (d) => ctx.error('Protocol', d));
    const ruleAction = p.oneOf('RuleAction', ['allow', 'deny'] as const);
    const range = p.optObject('PortRange');
    const portRange = range ? { from: range.int('From'), to: range.int('To') } : undefined;
    const icmpMap = p.optObject('Icmp');
    const icmp = icmpMap ? { type: icmpMap.int('Type', -1), code: icmpMap.int('Code', -1) } : undefined;
    const entry: NetworkAclEntry = aclEntry(ruleNumber, egress, protocol, ruleAction, (v4 ?? v6)!, ctx.logicalId, portRange, icmp);
    // NACL-7: TCP and UDP entries need a port range.
    if ((entry.protocol === 6 || entry.protocol === 17) && !entry.portRange) throw ctx.error('PortRange', `is required for protocol ${entry.protocol}`);
    if ((entry.protocol === 1 || entry.protocol === 58) && !entry.icmp) throw ctx.error('Icmp', `is required for protocol ${entry.protocol}`);
    acl.entries.push(entry);
  },
};

/** Per import: the network ACL each subnet is associated with so far (saves a scan of every ACL per association). */
const associations = new WeakMap<Topology, Map<string, NetworkAcl>>();

export const subnetNetworkAclAssociation: ResourceKind = {
  type: 'AWS::EC2::SubnetNetworkAclAssociation',
  idPrefix: 'aclassoc',
  phase: 40,
  attributes: { AssociationId: (r) => r.physicalId },
  map(ctx) {
    const acl = ctx.ref('networkAcls', 'NetworkAclId');
    const s = ctx.ref('subnets', 'SubnetId');
    // NACL-1: exactly one ACL per subnet; the new association replaces the previous one.
    let associated = associations.get(ctx.topology);
    if (!associated) associations.set(ctx.topology, (associated = new Map()));
    const previous = associated.get(s.id);
    if (previous) previous.subnetIds = previous.subnetIds.filter((id) => id !== s.id);
    acl.subnetIds.push(s.id);
    associated.set(s.id, acl);
  },
};
