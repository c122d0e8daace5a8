// VPC endpoints (SEMANTICS §9), managed prefix lists and Network Firewall (§10): references that
// exist in the endpoint's VPC, gateway endpoints only for S3 and DynamoDB of this Region (VPCE-1,
// VPCE-4), one subnet per AZ (VPCE-8, NFW-1).
import type { FirewallPolicy, ManagedPrefixList, NetworkFirewall, Topology, VpcEndpoint } from '../types.js';
import { fail, subjectOf, type Subject, type ValidationContext } from './context.js';
import { checkOnePerZone } from './zones.js';

const GATEWAY_SERVICE = /^com\.amazonaws\.([a-z0-9-]+)\.(s3|dynamodb)$/;

function inVpc<K extends 'subnets' | 'routeTables' | 'securityGroups'>(ctx: ValidationContext, s: Subject, field: string, vpcId: string, kind: K, ids: string[]): Topology[K] {
  return ids.map((id) => {
    const r = ctx.require(s, field, kind, id);
    if (r.vpcId !== vpcId) fail(s, field, `${field}: ${ctx.label(id)} belongs to ${ctx.label(r.vpcId)}, not to ${ctx.label(vpcId)}`, 'InvalidParameterValue');
    return r;
  }) as Topology[K];
}

export function checkVpcEndpoint(ctx: ValidationContext): (vpce: VpcEndpoint) => void {
  return (vpce) => {
    const s = subjectOf('vpcEndpoints', vpce);
    ctx.require(s, 'VpcId', 'vpcs', vpce.vpcId);
    if (vpce.type === 'Gateway') {
      const m = GATEWAY_SERVICE.exec(vpce.serviceName);
      if (!m) fail(s, 'ServiceName', `ServiceName ${vpce.serviceName}: gateway endpoints exist only for Amazon S3 and DynamoDB (VPCE-1)`, 'InvalidServiceName');
      if (m[1] !== ctx.t.region) {
        fail(s, 'ServiceName', `ServiceName ${vpce.serviceName} is not in the model's Region ${ctx.t.region}; gateway endpoints serve their own Region (VPCE-4)`, 'InvalidServiceName');
      }
    }
    inVpc(ctx, s, 'RouteTableIds', vpce.vpcId, 'routeTables', vpce.routeTableIds);
    const subnets = inVpc(ctx, s, 'SubnetIds', vpce.vpcId, 'subnets', vpce.subnetIds);
    checkOnePerZone(ctx, s, 'SubnetIds', subnets, 'VPCE-8');
    inVpc(ctx, s, 'SecurityGroupIds', vpce.vpcId, 'securityGroups', vpce.securityGroupIds);
    for (const id of vpce.networkInterfaceIds) ctx.require(s, 'NetworkInterfaceIds', 'networkInterfaces', id);
  };
}

export function checkPrefixList(_ctx: ValidationContext): (list: ManagedPrefixList) => void {
  return (list) => {
    const s = subjectOf('prefixLists', list);
    const family = list.addressFamily === 'IPv6' ? 6 : 4;
    const wrong = list.entries.find((p) => p.family !== family);
    if (wrong) fail(s, 'Entries', `Entries: ${wrong.text} is not an ${list.addressFamily} CIDR block`, 'InvalidParameterValue');
  };
}

export function checkNetworkFirewall(ctx: ValidationContext): (fw: NetworkFirewall) => void {
  return (fw) => {
    const s = subjectOf('networkFirewalls', fw);
    ctx.require(s, 'VpcId', 'vpcs', fw.vpcId);
    ctx.require(s, 'FirewallPolicyArn', 'firewallPolicies', fw.firewallPolicyId);
    const subnets = inVpc(ctx, s, 'SubnetMappings', fw.vpcId, 'subnets', fw.endpoints.map((e) => e.subnetId));
    checkOnePerZone(ctx, s, 'SubnetMappings', subnets, 'NFW-1');
    // NFW-1: Network Firewall creates a firewall endpoint in each mapped subnet; traffic routed to the
    // endpoint enters the firewall through its network interface there.
    for (const ep of fw.endpoints) {
      const where = `the firewall endpoint in ${ctx.label(ep.subnetId)}`;
      if (!ep.networkInterfaceId) fail(s, 'SubnetMappings', `SubnetMappings: ${where} has no network interface (NFW-1)`, 'MissingParameter');
      const eni = ctx.find('networkInterfaces', ep.networkInterfaceId);
      if (!eni) {
        const what = ctx.kindOf(ep.networkInterfaceId) ? `is ${ctx.label(ep.networkInterfaceId)}` : 'does not exist';
        fail(s, 'SubnetMappings', `SubnetMappings: ${where} names network interface ${ep.networkInterfaceId}, which ${what} (NFW-1)`, 'InvalidNetworkInterfaceID.NotFound');
      }
      if (eni.subnetId !== ep.subnetId) {
        fail(s, 'SubnetMappings', `SubnetMappings: ${where} has network interface ${ctx.label(eni.id)}, which is in ${ctx.label(eni.subnetId)} (NFW-1)`, 'InvalidRequestException');
      }
    }
  };
}

export function checkFirewallPolicy(ctx: ValidationContext): (policy: FirewallPolicy) => void {
  return (policy) => {
    const s = subjectOf('firewallPolicies', policy);
    const refs = [
      ['StatelessRuleGroupReferences', policy.statelessRuleGroups, 'STATELESS'],
      ['StatefulRuleGroupReferences', policy.statefulRuleGroups, 'STATEFUL'],
    ] as const;
    for (const [field, groups, type] of refs) {
      for (const ref of groups) {
        const group = ctx.require(s, field, 'firewallRuleGroups', ref.ruleGroupId);
        if (group.type !== type) fail(s, field, `${field}: ${ctx.label(group.id)} is a ${group.type} rule group`, 'InvalidRequestException');
      }
    }
  };
}
