// AWS::EC2::Subnet and AWS::EC2::SubnetCidrBlock (ADDR-5, ADDR-12 MapPublicIpOnLaunch).
import type { ResourceKind } from '../kind.js';
import type { ResourceView, TemplateView } from '../template-view.js';
import { quote } from '../../../model/printable.js';
import { availabilityZones, zoneProblem } from '../region.js';

/** CHOICE (docs/semantics.md): a subnet without AvailabilityZone is placed in the Region's first zone. */
export function subnetZone(r: ResourceView, t: TemplateView): string {
  const az = r.props().AvailabilityZone;
  return typeof az === 'string' ? az : availabilityZones(t.region)[0]!;
}

export const subnet: ResourceKind = {
  type: 'AWS::EC2::Subnet',
  idPrefix: 'subnet',
  phase: 30,
  attributes: {
    SubnetId: (r) => r.physicalId,
    AvailabilityZone: subnetZone,
    CidrBlock: (r) => r.props().CidrBlock ?? null,
    Ipv6CidrBlocks: (r) => (typeof r.props().Ipv6CidrBlock === 'string' ? [r.props().Ipv6CidrBlock!] : []),
    VpcId: (r) => r.props().VpcId ?? null,
  },
  map(ctx) {
    const v = ctx.ref('vpcs', 'VpcId');
    const zone = ctx.props.optString('AvailabilityZone');
    const problem = zone === undefined ? undefined : zoneProblem(zone, ctx.template.region);
    if (problem) throw ctx.error('AvailabilityZone', `${quote(zone)} ${problem}`, 'InvalidParameterValue');
    const cidrBlock = ctx.props.optPrefix('CidrBlock');
    const ipv6CidrBlock = ctx.props.optPrefix('Ipv6CidrBlock');
    if (!cidrBlock && !ipv6CidrBlock && !ctx.props.bool('Ipv6Native', false)) throw ctx.error('CidrBlock', 'is required (or Ipv6CidrBlock)');
    if (cidrBlock?.family === 6) throw ctx.error('CidrBlock', `${cidrBlock.text} is not an IPv4 block`);
    if (ipv6CidrBlock?.family === 4) throw ctx.error('Ipv6CidrBlock', `${ipv6CidrBlock.text} is not an IPv6 block`);
    ctx.objects.add('subnets', {
      id: ctx.id,
      logicalId: ctx.logicalId,
      name: ctx.name,
      ...ctx.otherTags,
      vpcId: v.id,
      availabilityZone: subnetZone(ctx.resource, ctx.template),
      ...(cidrBlock ? { cidrBlock } : {}),
      ...(ipv6CidrBlock ? { ipv6CidrBlock } : {}),
      mapPublicIpOnLaunch: ctx.props.bool('MapPublicIpOnLaunch', false),
    });
  },
};

export const subnetCidrBlock: ResourceKind = {
  type: 'AWS::EC2::SubnetCidrBlock',
  idPrefix: 'subnet-cidr-assoc',
  phase: 35,
  map(ctx) {
    const s = ctx.ref('subnets', 'SubnetId');
    const block = ctx.props.prefix('Ipv6CidrBlock');
    if (block.family !== 6) throw ctx.error('Ipv6CidrBlock', `${block.text} is not an IPv6 block`);
    s.ipv6CidrBlock = block;
  },
};
