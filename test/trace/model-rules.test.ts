// Rules the walk relies on that live in the model and importers: reserved addresses (ADDR-9),
// what a public address is (ADDR-15), the transit gateway attachment kinds (TGW-1), and the
// security group a builder call creates (SG-10).
import { describe, expect, it } from 'vitest';
import { topology } from '../../src/builder/index.js';
import { importSnapshot } from '../../src/import/snapshot/index.js';
import { isPublicAddress, nonPublicRangeOf } from '../../src/model/address-classes.js';
import { parseAddress, prefixContains } from '../../src/model/ip.js';
import { validateTopology } from '../../src/model/validate.js';
import { expectBlocked, expectReachable, trace } from './helpers.js';

describe('reserved addresses (ADDR-9)', () => {
  // ADDR-7: in 10.0.1.0/24 AWS reserves .0 (network), .1 (VPC router), .2 (DNS), .3 (future use), .255 (broadcast).
  for (const ip of ['10.0.1.0', '10.0.1.1', '10.0.1.2', '10.0.1.3', '10.0.1.255']) {
    it(`ADDR-9: an ENI at reserved ${ip} is the validation error AddressReserved`, () => {
      const t = topology({ region: 'us-east-1' }).vpc('Vpc', '10.0.0.0/16', (v) => v.subnet('S', '10.0.1.0/24').instance('Host', { subnet: 'S', ip })).build();
      expect(() => validateTopology(t)).toThrow(/AddressReserved/);
    });
  }

  it('ADDR-9: the first and last addresses AWS leaves free (.4 and .254) are accepted', () => {
    for (const ip of ['10.0.1.4', '10.0.1.254']) {
      const t = topology({ region: 'us-east-1' }).vpc('Vpc', '10.0.0.0/16', (v) => v.subnet('S', '10.0.1.0/24').instance('Host', { subnet: 'S', ip })).build();
      expect(() => validateTopology(t)).not.toThrow();
    }
  });
});

describe('public addresses (ADDR-15)', () => {
  const v = (text: string) => {
    const a = parseAddress(text);
    return isPublicAddress(a.family, a.value);
  };
  it('ADDR-15: IPv4 outside 0/8, 10/8, 100.64/10, 127/8, 169.254/16, 172.16/12, 192.168/16, 224/4, 240/4 is public', () => {
    const notPublic = ['0.1.2.3', '10.0.0.0', '10.255.255.255', '100.64.0.0', '100.127.255.255', '127.0.0.1', '169.254.169.254', '172.16.0.0', '172.31.255.255', '192.168.0.1', '224.0.0.1', '239.255.255.255', '240.0.0.1', '255.255.255.255'];
    const publicOnes = ['1.0.0.0', '9.255.255.255', '11.0.0.0', '100.63.255.255', '100.128.0.0', '126.255.255.255', '128.0.0.0', '169.253.255.255', '169.255.0.0', '172.15.255.255', '172.32.0.0', '192.167.255.255', '192.169.0.0', '223.255.255.255'];
    expect(notPublic.filter(v)).toEqual([]);
    expect(publicOnes.filter((x) => !v(x))).toEqual([]);
  });

  it('ADDR-15: the non-public range an IPv4 address is in (what validation names) agrees with isPublicAddress at every boundary', () => {
    const edges = ['0.0.0.0', '0.255.255.255', '1.0.0.0', '9.255.255.255', '10.0.0.0', '10.255.255.255', '11.0.0.0', '100.63.255.255', '100.64.0.0', '100.127.255.255', '100.128.0.0', '126.255.255.255', '127.0.0.0', '127.255.255.255', '128.0.0.0', '169.253.255.255', '169.254.0.0', '169.254.255.255', '169.255.0.0', '172.15.255.255', '172.16.0.0', '172.31.255.255', '172.32.0.0', '192.167.255.255', '192.168.0.0', '192.168.255.255', '192.169.0.0', '223.255.255.255', '224.0.0.0', '239.255.255.255', '240.0.0.0', '255.255.255.255', '3.233.128.248'];
    for (const text of edges) {
      const a = parseAddress(text);
      const range = nonPublicRangeOf(a);
      expect(range === undefined, text).toBe(isPublicAddress(4, a.value));
      if (range) expect(prefixContains(range.prefix, a), `${text} in ${range.prefix.text}`).toBe(true);
    }
    expect(nonPublicRangeOf(parseAddress('172.20.1.1'))?.what).toBe('private, RFC 1918');
    expect(nonPublicRangeOf(parseAddress('2600:1f18::1'))).toBeUndefined();
  });

  it('ADDR-15: IPv6 inside 2000::/3 is public, nothing else', () => {
    expect(['2000::', '2600:1f18::1', '3fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'].filter((x) => !v(x))).toEqual([]);
    expect(['::1', '1fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', '4000::', 'fd00:ec2::254', 'fe80::1', 'ff02::1'].filter(v)).toEqual([]);
  });
});

describe('transit gateway attachment kinds (TGW-1)', () => {
  it('TGW-1: VPC, VPN, Direct Connect gateway, peering and Connect attachments are read from a snapshot', () => {
    const kinds = ['vpc', 'vpn', 'direct-connect-gateway', 'peering', 'tgw-peering', 'connect'];
    const t = importSnapshot([
      {
        file: 'tgw.json',
        json: {
          TransitGatewayAttachments: kinds.map((type, i) => ({
            TransitGatewayAttachmentId: `tgw-attach-0000000000000000${i}`,
            TransitGatewayId: 'tgw-00000000000000001',
            ResourceType: type,
            ResourceId: `res-${i}`,
            State: 'available',
          })),
        },
      },
    ]);
    const byId = new Map(t.transitGatewayAttachments.map((a) => [a.id, a.resourceType]));
    // `tgw-peering` is the newer API name of a peering attachment.
    expect(kinds.map((_, i) => byId.get(`tgw-attach-0000000000000000${i}`))).toEqual(['vpc', 'vpn', 'direct-connect-gateway', 'peering', 'peering', 'connect']);
  });
});

describe('a new security group (SG-10)', () => {
  function clientServer(clientSg: 'builder-default' | 'no-egress') {
    const t = topology({ region: 'us-east-1' })
      .vpc('Vpc', '10.0.0.0/16', (v) =>
        v
          .subnet('S', '10.0.1.0/24')
          .securityGroup('ClientSg')
          .securityGroup('ServerSg', (g) => g.ingress({ protocol: 'tcp', ports: 443, sg: 'ClientSg' }))
          .instance('Client', { subnet: 'S', sgs: ['ClientSg'] })
          .instance('Server', { subnet: 'S', sgs: ['ServerSg'] }),
      )
      .build();
    if (clientSg === 'no-egress') t.securityGroups.find((g) => g.logicalId === 'ClientSg')!.egress = [];
    return t;
  }

  it('SG-10: a group declared with no rules has no inbound rules and allow-all IPv4 and IPv6 egress', () => {
    const g = clientServer('builder-default').securityGroups.find((x) => x.logicalId === 'ClientSg')!;
    expect(g.ingress).toEqual([]);
    expect(g.egress.map((r) => [r.protocol, r.peer.kind === 'cidr' ? r.peer.prefix.text : r.peer.kind])).toEqual([
      [-1, '0.0.0.0/0'],
      [-1, '::/0'],
    ]);
  });

  it('SG-10: so its instance can open connections; without that egress it could not', () => {
    expectReachable(trace(clientServer('builder-default'), { from: 'Client', to: 'Server', port: 443 }));
    expectBlocked(trace(clientServer('no-egress'), { from: 'Client', to: 'Server', port: 443 }), 'SG_HAS_NO_RULES', 'ClientSg');
  });
});
