// AWS::EC2::EIP and AWS::EC2::EIPAssociation (ADDR-14). EIPs are not model objects of their own: an
// associated EIP is the public address of an ENI private IP (or of a NAT gateway, GW-7).
import type { Address } from '../../../model/ip.js';
import { privateIp } from '../../../model/shapes.js';
import type { NetworkInterface } from '../../../model/types.js';
import type { ResourceKind } from '../kind.js';
import type { MapContext } from '../map-context.js';
import { quote } from '../../../model/printable.js';

/** An Elastic IP of the template: its address, allocation id (physical id) and logical id. */
export interface ElasticIp {
  address: Address;
  allocationId: string;
  logicalId: string;
}

/** The EIP an allocation id or address property names. */
export function elasticIpOf(ctx: MapContext, field: string, value: string): ElasticIp {
  const lid = ctx.template.elasticIpLogicalId(value);
  const r = lid ? ctx.template.resource(lid) : undefined;
  if (!r) throw ctx.error(field, `${quote(value)} is not an AWS::EC2::EIP of this template`);
  return { address: ctx.template.elasticIp(r.logicalId), allocationId: r.physicalId, logicalId: r.logicalId };
}

function associate(ctx: MapContext, eni: NetworkInterface, eip: ElasticIp, declared?: Address): void {
  const target = declared
    ? eni.privateIps.find((ip) => ip.address?.value === declared.value)
    : eni.privateIps.find((ip) => ip.primary);
  if (!target) {
    if (declared) throw ctx.error('PrivateIpAddress', `${declared.text} is not a private IP of ${eni.logicalId}`);
    eni.privateIps.unshift(privateIp(true, undefined, eip.address, eip.allocationId, eip.logicalId));
    return;
  }
  // ADDR-14: the Elastic IP replaces an auto-assigned public IPv4.
  target.publicIp = eip.address;
  target.allocationId = eip.allocationId;
  target.elasticIpLogicalId = eip.logicalId;
}

function primaryEniOf(ctx: MapContext, instanceId: string, field: string): NetworkInterface {
  const inst = ctx.find('instances', instanceId, field);
  const eni = inst.networkInterfaceIds.map((id) => ctx.find('networkInterfaces', id, field)).find((e) => e.deviceIndex === 0);
  if (!eni) throw ctx.error(field, `${inst.logicalId} has no primary network interface`);
  return eni;
}

export const eip: ResourceKind = {
  type: 'AWS::EC2::EIP',
  idPrefix: 'eipalloc',
  phase: 45,
  // Ref on an EIP returns its address.
  ref: (r, t) => t.elasticIp(r.logicalId).text,
  attributes: {
    AllocationId: (r) => r.physicalId,
    PublicIp: (r, t) => t.elasticIp(r.logicalId).text,
  },
  map(ctx) {
    const instanceId = ctx.props.optString('InstanceId');
    if (!instanceId) return;
    associate(ctx, primaryEniOf(ctx, instanceId, 'InstanceId'), { address: ctx.template.elasticIp(ctx.logicalId), allocationId: ctx.id, logicalId: ctx.logicalId });
  },
};

export const eipAssociation: ResourceKind = {
  type: 'AWS::EC2::EIPAssociation',
  idPrefix: 'eipassoc',
  phase: 46,
  map(ctx) {
    const p = ctx.props;
    const field = p.has('AllocationId') ? 'AllocationId' : 'EIP';
    const eipRef = elasticIpOf(ctx, field, p.string(field));
    let eni: NetworkInterface;
    if (p.has('NetworkInterfaceId')) eni = ctx.ref('networkInterfaces', 'NetworkInterfaceId');
    else if (p.has('InstanceId')) eni = primaryEniOf(ctx, p.string('InstanceId'), 'InstanceId');
    else throw ctx.error('InstanceId', 'InstanceId or NetworkInterfaceId is required');
    associate(ctx, eni, eipRef, p.optAddress('PrivateIpAddress'));
  },
};
