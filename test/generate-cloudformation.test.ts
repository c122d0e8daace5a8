// toCloudFormation: the template reads back through the CloudFormation importer into the same topology.
import { describe, expect, it } from 'vitest';
import { topology } from '../src/builder/index.js';
import { parse } from 'yaml';
import { toCloudFormation } from '../src/generate/cloudformation/index.js';
import { toYaml } from '../src/generate/cloudformation/yaml-out.js';
import { generateTopology, type GenerateOptions } from '../src/generate/generate.js';
import { importCloudFormation } from '../src/import/cloudformation/index.js';
import { InputError } from '../src/model/errors.js';
import type { NetworkAclEntry, Route, SecurityGroupRule, Topology } from '../src/model/types.js';

/**
 * Collections sorted by id; logical ids of routes, NACL entries and SG rules dropped (the writer
 * names those sub-resources itself); peering Regions dropped when they are the model's Region.
 */
function normalized(t: Topology): Record<string, unknown> {
  const strip = <T extends object>(x: T): T => {
    const { logicalId: _ignored, ...rest } = x as T & { logicalId?: string };
    return rest as T;
  };
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(t)) {
    if (!Array.isArray(value) || key === 'warnings') continue;
    out[key] = [...value]
      .map((item) => {
        const o = { ...item };
        // RT-3, NACL-5: routes are chosen by prefix and entries by rule number, so their order carries no meaning either.
        if ('routes' in o) o.routes = o.routes.map(strip).sort((a: Route, b: Route) => (routeKey(a) < routeKey(b) ? -1 : 1));
        if ('entries' in o && key === 'networkAcls') o.entries = o.entries.map(strip).sort((a: NetworkAclEntry, b: NetworkAclEntry) => Number(a.egress) - Number(b.egress) || a.ruleNumber - b.ruleNumber);
        // SG-1: a group's rules are a set (their union allows), so their order carries no meaning.
        if ('ingress' in o) Object.assign(o, { ingress: ruleSet(o.ingress.map(strip)), egress: ruleSet(o.egress.map(strip)) });
        if (key === 'vpcPeeringConnections' && o.accepterRegion === t.region) delete o.accepterRegion, delete o.requesterRegion;
        return o;
      })
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
  return out;
}

const routeKey = (r: Route): string => r.destination?.text ?? r.destinationPrefixListId ?? '';
const ruleKey = (r: SecurityGroupRule): string => JSON.stringify([r.protocol, r.fromPort, r.toPort, r.peer.kind === 'cidr' ? r.peer.prefix.text : r.peer.kind === 'security-group' ? r.peer.groupId : r.peer.prefixListId]);
const ruleSet = (rules: SecurityGroupRule[]): SecurityGroupRule[] => [...rules].sort((a, b) => (ruleKey(a) < ruleKey(b) ? -1 : 1));

const roundTrip = (t: Topology, format?: 'yaml' | 'json'): Topology => importCloudFormation(toCloudFormation(t, { format }), format === 'json' ? 'gen.json' : 'gen.yaml');

describe('toCloudFormation round trip through importCloudFormation', () => {
  for (const hub of ['tgw', 'peering', 'none'] as const) {
    it(`a generated topology (hub ${hub}) comes back equal: ids, CIDRs, rules, routes, associations`, () => {
      const opts: GenerateOptions = { seed: 5, vpcs: 10, subnetsPerVpc: 4, instancesPerSubnet: 3, hub, routesPerTable: 5 };
      const t = generateTopology(opts);
      const back = roundTrip(t);
      expect(back.warnings).toEqual([]);
      expect(normalized(back)).toEqual(normalized(t));
    });
  }

  it('SG-10, SG-11: generated groups with no egress, or only group-referencing egress, come back with the same egress', () => {
    const t = generateTopology({ seed: 11, vpcs: 30, subnetsPerVpc: 3, instancesPerSubnet: 1, hub: 'none' });
    const none = t.securityGroups.filter((g) => g.egress.length === 0);
    const referencing = t.securityGroups.filter((g) => g.egress.length > 0 && g.egress.every((r) => r.peer.kind === 'security-group'));
    expect(none.length).toBeGreaterThan(0);
    expect(referencing.length).toBeGreaterThan(0);
    const back = roundTrip(t);
    for (const g of [...none, ...referencing]) {
      expect(ruleSet(back.securityGroups.find((x) => x.id === g.id)!.egress.map((r) => ({ ...r, logicalId: undefined }))), g.logicalId).toEqual(ruleSet(g.egress.map((r) => ({ ...r, logicalId: undefined }))));
    }
  });

  it('JSON output is valid JSON and reads back the same', () => {
    const t = generateTopology({ seed: 9, vpcs: 3, subnetsPerVpc: 2, instancesPerSubnet: 2, hub: 'tgw' });
    const text = toCloudFormation(t, { format: 'json' });
    expect(JSON.parse(text).AWSTemplateFormatVersion).toBe('2010-09-09');
    expect(normalized(roundTrip(t, 'json'))).toEqual(normalized(t));
  });

  it('JSON output is compact (one line), so a 1,000-VPC template stays under the 50 MB input limit', () => {
    const t = generateTopology({ seed: 9, vpcs: 3, subnetsPerVpc: 2, instancesPerSubnet: 2, hub: 'tgw' });
    const text = toCloudFormation(t, { format: 'json' });
    expect(text.indexOf('\n')).toBe(text.length - 1);
    expect(text).toBe(`${JSON.stringify(JSON.parse(text))}\n`);
  });

  it('same topology gives the same bytes', () => {
    const opts: GenerateOptions = { seed: 4, vpcs: 5, subnetsPerVpc: 3, instancesPerSubnet: 2, hub: 'peering' };
    expect(toCloudFormation(generateTopology(opts))).toBe(toCloudFormation(generateTopology(opts)));
    expect(toCloudFormation(generateTopology(opts))).not.toBe(toCloudFormation(generateTopology({ ...opts, seed: 5 })));
  });

  it('a builder topology with EIPs, secondary ENIs, IPv6, VPN, prefix lists and endpoints comes back equal', () => {
    const t = topology()
      .prefixList('Corp', ['192.168.0.0/16'])
      .customerGateway('Cgw', { ip: '203.0.113.10', asn: 65010 })
      .vpnGateway('Vgw', { vpc: 'A' })
      .vpnConnection('Vpn', { customerGateway: 'Cgw', vpnGateway: 'Vgw', staticRoutes: ['192.168.0.0/16'] })
      .customerGateway('Cgw2', { ip: '203.0.113.11', asn: 65020 })
      // HYB-3: BGP advertisements travel in the connection's Metadata (they have no CloudFormation property).
      .vpnConnection('Bgp', { customerGateway: 'Cgw2', vpnGateway: 'Vgw', bgpPrefixes: ['172.20.0.0/16', '172.21.0.0/16'], asPathLength: 3 })
      .vpc('A', '10.0.0.0/16', (v) =>
        v
          .ipv6Cidr('2600:1f18:1:100::/56')
          .secondaryCidr('10.1.0.0/16')
          .subnet('Web', '10.0.1.0/24', { az: 'us-east-1a', public: true, ipv6: '2600:1f18:1:100::/64' })
          .subnet('App', '10.1.2.0/24', { az: 'us-east-1b' })
          .internetGateway('Igw')
          .egressOnlyInternetGateway('Eigw')
          .securityGroup('WebSg', (sg) => sg.ingress({ protocol: 'tcp', ports: 443, cidr: '0.0.0.0/0' }).ingress({ protocol: 'tcp', ports: 22, prefixList: 'Corp' }))
          .securityGroup('AppSg', (sg) => sg.ingress({ protocol: 'tcp', ports: 8080, sg: 'WebSg' }).egress({ protocol: 'tcp', ports: 443, sg: 'WebSg' }))
          .instance('Web1', { subnet: 'Web', sgs: ['WebSg'], ipv6: ['2600:1f18:1:100::10'], eip: 'WebEip' })
          .instance('Web2', { subnet: 'Web', sgs: ['WebSg'], publicIp: false })
          .instance('App1', { subnet: 'App', sgs: ['AppSg'], secondaryIps: ['10.1.2.50'] })
          .networkInterface('App1Second', { subnet: 'App', instance: 'App1', sgs: ['AppSg'], sourceDestCheck: false })
          .interfaceEndpoint('Ssm', { service: 'ssm', subnets: ['App'], sgs: ['AppSg'] })
          .gatewayEndpoint('S3', { service: 's3', routeTables: ['AppRt'] })
          .routeTable('WebRt', { subnets: ['Web'], propagateFrom: ['Vgw'] }, (rt) => rt.route('0.0.0.0/0', { igw: 'Igw' }).route('::/0', { igw: 'Igw' }))
          .routeTable('AppRt', { subnets: ['App'] }, (rt) => rt.route('::/0', { eigw: 'Eigw' }).route('172.16.0.0/12', { instance: 'App1' }).route('192.168.0.0/16', { vgw: 'Vgw' }))
          .networkAcl('AppAcl', { subnets: ['App'] }, (acl) => acl.ingress(100, { action: 'allow', protocol: 'icmp', icmp: { type: 8, code: 0 }, cidr: '10.0.0.0/8' }).egress(100, { action: 'allow', protocol: 'udp', ports: [1024, 65535], cidr: '::/0' })),
      )
      .elasticIp('WebEip')
      .build();
    const back = roundTrip(t);
    // The Elastic IP is named after its instance in the template, so its allocation id and pool address differ.
    const eipless = (x: Topology) => {
      const n = normalized(x);
      n.networkInterfaces = (n.networkInterfaces as Topology['networkInterfaces']).map((e) => ({ ...e, privateIps: e.privateIps.map(({ publicIp: _p, allocationId: _a, ...ip }) => ip) }));
      return n;
    };
    expect(eipless(back)).toEqual(eipless(t));
    const web1 = (x: Topology) => x.networkInterfaces.find((e) => e.logicalId === 'Web1.eth0')!.privateIps[0]!;
    expect(web1(back).allocationId).toMatch(/^eipalloc-/);
    expect(web1(back).publicIp?.family).toBe(4);
  });
});

describe('YAML output', () => {
  it('parses (yaml package, YAML 1.2) to exactly the JSON output', () => {
    const t = generateTopology({ seed: 12, vpcs: 4, subnetsPerVpc: 3, instancesPerSubnet: 2, hub: 'tgw', routesPerTable: 3 });
    expect(parse(toCloudFormation(t))).toEqual(JSON.parse(toCloudFormation(t, { format: 'json' })));
  });

  it('quotes strings YAML would read as something else', () => {
    const doc = { a: 'true', b: 'no', c: '10.0.0.0/16', d: '0', e: 'x: y', f: '- z', g: '', h: 'AWS::EC2::VPC', i: '#c', j: 'null', k: [[1, 'Off'], [], {}], l: { m: 'with "quotes" \\ and \n newline' } };
    expect(parse(toYaml(doc))).toEqual(doc);
  });
});

describe('toCloudFormation refuses what CloudFormation cannot express', () => {
  it('routes in a main route table', () => {
    const t = topology().vpc('A', '10.0.0.0/16', (v) => v.routeTable('Main', { main: true }, (rt) => rt.route('192.168.0.0/16', { blackhole: true }))).build();
    expect(() => toCloudFormation(t)).toThrow(InputError);
    expect(() => toCloudFormation(t)).toThrow(/RouteTable 'Main': a main route table with routes/);
  });

  it('warns about Network Firewall and Direct Connect parts it leaves out', () => {
    const t = topology().directConnectConnection('Dx').build();
    const warnings: string[] = [];
    toCloudFormation(t, { warn: (m) => warnings.push(m) });
    expect(warnings).toEqual(['warning: 1 Direct Connect connections not written (no CloudFormation resource vpcsim maps)']);
  });
});
