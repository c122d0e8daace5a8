// NetworkIndex.ownerAnywhere: the ENI holding a private address in any VPC, the lowest VPC id first when
// several VPCs hold it (overlapping CIDRs; C-4: ties broken by the smallest AWS id). Checked against its
// definition (each VPC's owner, VPCs in id order) for every private address of a few topologies, and on a
// hand-made tie.
import { describe, expect, it } from 'vitest';
import { topology } from '../../src/builder/index.js';
import { NetworkIndex } from '../../src/model/network-index.js';
import type { Topology } from '../../src/model/types.js';
import { featureTopology, hybridTopology, overlappingPeersTopology } from '../helpers/walk-differential.js';

function byDefinition(ix: NetworkIndex, t: Topology, family: 4 | 6, value: bigint) {
  for (const vpcId of t.vpcs.map((v) => v.id).sort()) {
    const owner = ix.ownerInVpc(vpcId, family, value);
    if (owner) return owner;
  }
  return undefined;
}

describe('ownerAnywhere', () => {
  for (const [name, make] of [
    ['overlapping peers', overlappingPeersTopology],
    ['feature topology', () => featureTopology(false)],
    ['hybrid topology', hybridTopology],
  ] as const) {
    it(`is the owner in the lowest VPC id that holds the address (${name})`, () => {
      const t = make();
      const ix = new NetworkIndex(t);
      const addresses = t.networkInterfaces.flatMap((e) => [
        ...e.privateIps.flatMap((p) => (p.address ? [{ family: 4 as const, value: p.address.value }] : [])),
        ...e.ipv6Addresses.map((a) => ({ family: 6 as const, value: a.value })),
      ]);
      expect(addresses.length).toBeGreaterThan(5);
      for (const a of [...addresses, { family: 4 as const, value: 0x0a0a0a0an }, { family: 4 as const, value: 0x08080808n }]) {
        expect(ix.ownerAnywhere(a.family, a.value), `${a.family} ${a.value}`).toBe(byDefinition(ix, t, a.family, a.value));
      }
    });
  }

  it('picks the VPC with the smaller id when two VPCs hold the same address', () => {
    const t = topology({ region: 'us-east-1' })
      .vpc('Blue', '10.0.0.0/16', (v) => v.subnet('BlueS', '10.0.1.0/24').instance('BlueHost', { subnet: 'BlueS', ip: '10.0.1.10' }))
      .vpc('Green', '10.0.0.0/16', (v) => v.subnet('GreenS', '10.0.1.0/24').instance('GreenHost', { subnet: 'GreenS', ip: '10.0.1.10' }))
      .build();
    const lowest = [...t.vpcs].sort((a, b) => (a.id < b.id ? -1 : 1))[0]!;
    const owner = new NetworkIndex(t).ownerAnywhere(4, 0x0a00010an);
    const subnet = t.subnets.find((s) => s.id === owner?.eni.subnetId);
    expect(subnet?.vpcId).toBe(lowest.id);
  });
});
