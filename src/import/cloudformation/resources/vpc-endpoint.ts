// AWS::EC2::VPCEndpoint (VPCE-1, VPCE-2, VPCE-7, VPCE-8). Gateway endpoint routes and the service's
// AWS-managed prefix list are added by finalizeTopology (so snapshots and the builder get the same).
import { serviceInterfaceId } from '../../../model/finalize.js';
import type { ResourceKind } from '../kind.js';
import type { MapContext } from '../map-context.js';
import { isTemplateMap, scalarText, type TemplateValue } from '../values.js';

function asList(v: TemplateValue | undefined): TemplateValue[] {
  return v === undefined || v === null ? [] : Array.isArray(v) ? v : [v];
}

/**
 * VPCE-7 CHOICE: the policy is reduced to allow/deny for the service: deny when no statement allows,
 * or when an unconditional Deny covers every resource (`*`); actions and principals are ignored.
 */
export function endpointPolicyVerdict(ctx: MapContext, raw: TemplateValue | undefined): 'allow' | 'deny' {
  if (raw === undefined || raw === null) return 'allow'; // EP-POL: the default policy allows full access
  let doc: TemplateValue = raw;
  if (typeof raw === 'string') {
    try {
      doc = JSON.parse(raw) as TemplateValue;
    } catch {
      throw ctx.error('PolicyDocument', 'is not valid JSON');
    }
  }
  if (!isTemplateMap(doc)) throw ctx.error('PolicyDocument', 'must be a policy document map');
  const statements = asList(doc.Statement).filter(isTemplateMap);
  const everyResource = (s: { Resource?: TemplateValue }) => s.Resource === undefined || asList(s.Resource).includes('*');
  if (statements.some((s) => s.Effect === 'Deny' && s.Condition === undefined && everyResource(s))) return 'deny';
  return statements.some((s) => s.Effect === 'Allow') ? 'allow' : 'deny';
}

export const vpcEndpoint: ResourceKind = {
  type: 'AWS::EC2::VPCEndpoint',
  idPrefix: 'vpce',
  phase: 30,
  attributes: {
    Id: (r) => r.physicalId,
    NetworkInterfaceIds: (r) => {
      const subnets = r.props().SubnetIds;
      return (Array.isArray(subnets) ? subnets : []).map((s) => serviceInterfaceId(r.physicalId, scalarText(s) ?? ''));
    },
    DnsEntries: (r) => [`${r.physicalId}.${(scalarText(r.props().ServiceName) ?? '').split('.').slice(3).join('.')}.vpce.amazonaws.com`],
  },
  map(ctx) {
    const p = ctx.props;
    const v = ctx.ref('vpcs', 'VpcId');
    const type = p.oneOf('VpcEndpointType', ['Gateway', 'Interface', 'GatewayLoadBalancer'] as const, 'Gateway');
    const routeTableIds = p.stringList('RouteTableIds').map((id, i) => ctx.find('routeTables', id, `RouteTableIds[${i}]`).id);
    const subnetIds = p.stringList('SubnetIds').map((id, i) => ctx.find('subnets', id, `SubnetIds[${i}]`).id);
    const securityGroupIds = p.stringList('SecurityGroupIds').map((id, i) => ctx.find('securityGroups', id, `SecurityGroupIds[${i}]`).id);
    if (type === 'Gateway' && subnetIds.length) throw ctx.error('SubnetIds', 'a gateway endpoint has no subnets');
    if (type !== 'Gateway' && routeTableIds.length) throw ctx.error('RouteTableIds', `an ${type} endpoint has no route tables`);
    ctx.objects.add('vpcEndpoints', {
      id: ctx.id,
      logicalId: ctx.logicalId,
      name: ctx.name,
      vpcId: v.id,
      serviceName: p.string('ServiceName'),
      type,
      routeTableIds,
      subnetIds,
      securityGroupIds,
      networkInterfaceIds: subnetIds.map((s) => serviceInterfaceId(ctx.id, s)),
      privateDnsEnabled: p.bool('PrivateDnsEnabled', false),
      policy: endpointPolicyVerdict(ctx, p.raw('PolicyDocument')),
    });
  },
};
