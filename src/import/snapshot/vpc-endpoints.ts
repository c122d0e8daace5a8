// describe-vpc-endpoints: `VpcEndpoints[]`. Gateway endpoints add prefix-list routes to their route
// tables (VPCE-2; describe-route-tables already lists them); interface and GWLB endpoints own one ENI
// per subnet (VPCE-8). PolicyDocument is a JSON string (VPCE-7, endpoint-policy.ts).
import type { VpcEndpoint } from '../../model/types.js';
import type { SnapshotKeyReader } from './context.js';
import { endpointPolicyVerdict } from './endpoint-policy.js';
import { claimNetworkInterface } from './network-interface.js';

const GONE = new Set(['deleted', 'deleting', 'rejected', 'failed', 'expired']);

export const vpcEndpoints: SnapshotKeyReader = {
  key: 'VpcEndpoints',
  resourceType: 'VpcEndpoint',
  idField: 'VpcEndpointId',
  read(f, ctx) {
    const id = f.str('VpcEndpointId');
    const state = (f.optStr('State') ?? 'available').toLowerCase();
    if (GONE.has(state)) return;
    ctx.noteOwner(f);
    const policyText = f.optStr('PolicyDocument');
    let policy: unknown;
    if (policyText !== undefined) {
      try {
        policy = JSON.parse(policyText);
      } catch (err) {
        throw f.error('PolicyDocument', `is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    const endpoint: VpcEndpoint = {
      id,
      logicalId: id,
      name: f.nameTag(),
      vpcId: f.str('VpcId'),
      serviceName: f.str('ServiceName'),
      type: f.oneOf('VpcEndpointType', ['Gateway', 'Interface', 'GatewayLoadBalancer']),
      routeTableIds: f.strings('RouteTableIds'),
      subnetIds: f.strings('SubnetIds'),
      securityGroupIds: f.list('Groups').map((g) => g.str('GroupId')),
      networkInterfaceIds: f.strings('NetworkInterfaceIds'),
      privateDnsEnabled: f.bool('PrivateDnsEnabled', false),
      policy: endpointPolicyVerdict(policy),
    };
    ctx.add('vpcEndpoints', endpoint, f);
  },
  finish(ctx) {
    // Line the endpoint's ENIs up with its subnets (the model pairs them by position). ENIs the snapshot
    // does not list keep AWS's order; finalizeTopology creates them in subnetIds[i].
    for (const ep of ctx.all('vpcEndpoints')) {
      if (ep.type === 'Gateway') continue;
      const known = ep.networkInterfaceIds.map((id) => ctx.get('networkInterfaces', id));
      for (const eni of known) {
        if (eni) claimNetworkInterface(eni, 'vpc-endpoint', ep.id);
      }
      if (known.every((eni) => eni !== undefined)) {
        const bySubnet = new Map(known.map((eni) => [eni!.subnetId, eni!.id]));
        ep.networkInterfaceIds = ep.subnetIds.map((s) => bySubnet.get(s) ?? '');
      }
    }
  },
};
