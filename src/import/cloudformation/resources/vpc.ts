// AWS::EC2::VPC and AWS::EC2::VPCCidrBlock (ADDR-1, ADDR-2, ADDR-4).
import { physicalId } from '../../../model/ids.js';
import type { Prefix } from '../../../model/ip.js';
import type { ResourceKind } from '../kind.js';
import type { ResourceView, TemplateView } from '../template-view.js';
import type { TemplateValue } from '../values.js';

/** The ids of the main route table, default NACL and default SG AWS creates with a VPC (RT-1, NACL-1, SG-8). */
export function vpcDefaultIds(vpcLogicalId: string, stackName: string) {
  return {
    mainRouteTableId: physicalId('rtb', `${vpcLogicalId}.MainRouteTable`, stackName),
    defaultNetworkAclId: physicalId('acl', `${vpcLogicalId}.DefaultNetworkAcl`, stackName),
    defaultSecurityGroupId: physicalId('sg', `${vpcLogicalId}.DefaultSecurityGroup`, stackName),
  };
}

/** IPv6 blocks that AWS::EC2::VPCCidrBlock resources give `vpc`. */
function ipv6Blocks(vpc: ResourceView, t: TemplateView): Prefix[] {
  const out: Prefix[] = [];
  for (const block of t.resourcesOfType('AWS::EC2::VPCCidrBlock')) {
    const p = block.props();
    if (p.VpcId !== vpc.physicalId) continue;
    if (p.AmazonProvidedIpv6CidrBlock === true || p.AmazonProvidedIpv6CidrBlock === 'true') out.push(t.amazonIpv6Block(block.logicalId));
  }
  return out;
}

function literalIpv6Blocks(vpc: ResourceView, t: TemplateView): TemplateValue[] {
  const out: TemplateValue[] = ipv6Blocks(vpc, t).map((p) => p.text);
  for (const block of t.resourcesOfType('AWS::EC2::VPCCidrBlock')) {
    const p = block.props();
    if (p.VpcId === vpc.physicalId && typeof p.Ipv6CidrBlock === 'string') out.push(p.Ipv6CidrBlock);
  }
  return out;
}

export const vpc: ResourceKind = {
  type: 'AWS::EC2::VPC',
  idPrefix: 'vpc',
  phase: 10,
  attributes: {
    VpcId: (r) => r.physicalId,
    CidrBlock: (r) => r.props().CidrBlock ?? null,
    CidrBlockAssociations: (r) => [physicalId('vpc-cidr-assoc', r.logicalId, r.physicalId)],
    DefaultNetworkAcl: (r, t) => vpcDefaultIds(r.logicalId, t.stackName).defaultNetworkAclId,
    DefaultSecurityGroup: (r, t) => vpcDefaultIds(r.logicalId, t.stackName).defaultSecurityGroupId,
    Ipv6CidrBlocks: literalIpv6Blocks,
  },
  map(ctx) {
    if (!ctx.props.has('CidrBlock')) throw ctx.error('CidrBlock', 'is required (IPAM pools are not modelled)');
    ctx.objects.add('vpcs', {
      id: ctx.id,
      logicalId: ctx.logicalId,
      name: ctx.name,
      ...ctx.otherTags,
      cidrBlocks: [ctx.props.prefix('CidrBlock')],
      ipv6CidrBlocks: [],
      ...vpcDefaultIds(ctx.logicalId, ctx.template.stackName),
    });
  },
};

export const vpcCidrBlock: ResourceKind = {
  type: 'AWS::EC2::VPCCidrBlock',
  idPrefix: 'vpc-cidr-assoc',
  phase: 20,
  map(ctx) {
    const v = ctx.ref('vpcs', 'VpcId');
    if (ctx.props.bool('AmazonProvidedIpv6CidrBlock', false)) v.ipv6CidrBlocks.push(ctx.template.amazonIpv6Block(ctx.logicalId));
    const v6 = ctx.props.optPrefix('Ipv6CidrBlock');
    if (v6) {
      if (v6.family !== 6) throw ctx.error('Ipv6CidrBlock', `${v6.text} is not an IPv6 block`);
      v.ipv6CidrBlocks.push(v6);
    }
    const v4 = ctx.props.optPrefix('CidrBlock');
    if (v4) {
      if (v4.family !== 4) throw ctx.error('CidrBlock', `${v4.text} is not an IPv4 block`);
      v.cidrBlocks.push(v4);
    }
  },
};
