// describe-nat-gateways: `NatGateways[]`. The primary NatGatewayAddresses entry gives the NAT gateway's
// ENI, private IP and (public NAT, GW-7) Elastic IP. When describe-network-interfaces is not part of
// the snapshot, the ENI is built from that entry so the NAT gateway keeps its real addresses.
import type { NatGateway, PrivateIp } from '../../model/types.js';
import type { SnapshotKeyReader } from './context.js';
import { claimNetworkInterface } from './network-interface.js';

const STATES = ['pending', 'failed', 'available', 'deleting', 'deleted'] as const;

export const natGateways: SnapshotKeyReader = {
  key: 'NatGateways',
  resourceType: 'NatGateway',
  idField: 'NatGatewayId',
  read(f, ctx) {
    const id = f.str('NatGatewayId');
    const addresses = f.list('NatGatewayAddresses');
    const primary = addresses.find((a) => a.bool('IsPrimary', false)) ?? addresses[0];
    const state = f.oneOf('State', STATES, 'available');
    const nat: NatGateway = {
      id,
      logicalId: id,
      name: f.nameTag(),
      subnetId: f.str('SubnetId'),
      connectivityType: f.oneOf('ConnectivityType', ['public', 'private'], 'public'),
      networkInterfaceId: primary?.optStr('NetworkInterfaceId') ?? '',
      state: state === 'deleting' ? 'deleted' : state,
    };
    const publicIp = primary?.optAddress('PublicIp');
    if (publicIp) nat.publicIp = publicIp;
    const allocationId = primary?.optStr('AllocationId');
    if (publicIp && allocationId) nat.allocationId = allocationId;
    const privateIp = primary?.optAddress('PrivateIp');
    if (privateIp) ctx.natPrivateIps.set(id, privateIp);
    ctx.add('natGateways', nat, f);
  },
  finish(ctx) {
    for (const nat of ctx.all('natGateways')) {
      if (!nat.networkInterfaceId) continue; // finalizeTopology gives it one
      const eni = ctx.get('networkInterfaces', nat.networkInterfaceId);
      if (eni) {
        claimNetworkInterface(eni, 'nat-gateway', nat.id);
        continue;
      }
      const ip: PrivateIp = { primary: true };
      const address = ctx.natPrivateIps.get(nat.id);
      if (address) ip.address = address;
      if (nat.publicIp) ip.publicIp = nat.publicIp;
      if (nat.allocationId) ip.allocationId = nat.allocationId;
      ctx.addDerived('networkInterfaces', {
        id: nat.networkInterfaceId,
        logicalId: nat.networkInterfaceId,
        subnetId: nat.subnetId,
        kind: 'nat-gateway',
        ownerId: nat.id,
        privateIps: [ip],
        ipv6Addresses: [],
        securityGroupIds: [],
        sourceDestCheck: false,
      });
    }
  },
};
