import { describe, expect, it } from 'vitest';
import { finalizeTopology } from '../../src/model/finalize.js';
import { lookupTopology } from '../../src/model/lookup.js';
import { parsePrefix } from '../../src/model/ip.js';
import { emptyTopology } from '../../src/model/types.js';

function topo() {
  const t = emptyTopology();
  t.vpcs.push({ id: 'vpc-1', logicalId: 'Vpc', cidrBlocks: [parsePrefix('10.0.0.0/16')], ipv6CidrBlocks: [], mainRouteTableId: 'rtb-main', defaultNetworkAclId: 'acl-def', defaultSecurityGroupId: 'sg-def' });
  for (const [id, cidr] of [['subnet-a', '10.0.1.0/24'], ['subnet-b', '10.0.2.0/24']] as const) {
    t.subnets.push({ id, logicalId: id.toUpperCase(), vpcId: 'vpc-1', availabilityZone: 'us-east-1a', cidrBlock: parsePrefix(cidr), mapPublicIpOnLaunch: false });
  }
  t.routeTables.push({ id: 'rtb-custom', logicalId: 'Custom', vpcId: 'vpc-1', main: false, routes: [], subnetIds: ['subnet-a'], gatewayIds: [], propagatingVgwIds: [] });
  t.networkAcls.push({ id: 'acl-custom', logicalId: 'CustomAcl', vpcId: 'vpc-1', isDefault: false, entries: [], subnetIds: ['subnet-b'] });
  t.instances.push({ id: 'i-1', logicalId: 'Web', subnetId: 'subnet-b', networkInterfaceIds: [], state: 'running' });
  return finalizeTopology(t);
}

describe('lookupTopology', () => {
  it('RT-1: explicit route table association, else the main route table', () => {
    const l = lookupTopology(topo());
    expect(l.routeTableForSubnet('subnet-a')?.id).toBe('rtb-custom');
    expect(l.routeTableForSubnet('subnet-b')?.id).toBe('rtb-main');
    expect(l.subnetsUsingRouteTable('rtb-main').map((s) => s.id)).toEqual(['subnet-b']);
  });

  it('NACL-1: explicit network ACL association, else the default network ACL', () => {
    const l = lookupTopology(topo());
    expect(l.networkAclForSubnet('subnet-b')?.id).toBe('acl-custom');
    expect(l.networkAclForSubnet('subnet-a')?.id).toBe('acl-def');
  });

  it('ENI -> subnet / VPC, instance -> primary ENI, logical id -> physical id', () => {
    const l = lookupTopology(topo());
    const eni = l.primaryInterfaceOfInstance('i-1')!;
    expect(l.subnetOfInterface(eni.id)?.id).toBe('subnet-b');
    expect(l.vpcOfInterface(eni.id)?.id).toBe('vpc-1');
    expect(l.interfacesInSubnet('subnet-b').map((e) => e.id)).toEqual([eni.id]);
    expect(l.resolveId('Web')).toBe('i-1');
    expect(l.resolveId('i-1')).toBe('i-1');
    expect(l.resolveId('nope')).toBeUndefined();
  });
});
