// compile: Topology -> NetworkImage. Each test reads the image back and checks it against the AWS
// rule the record encodes (rule ids in the titles).
import { describe, expect, it } from 'vitest';
import { compileTopology, section, sectionCount } from '../src/compile/index.js';
import { EniDetailField, EniField, EniFlag, NaclEntryField, NaclField, PrefixField, Section, SubnetField, VpcField } from '../abi/image.js';
import { RouteField, RouteInfo, RouteOrigin, RouteTableField, RouteTarget } from '../abi/image-routes.js';
import { AddressIndexField, AddressIndexScopeField, AddressScope, Public4Field } from '../abi/image-addresses.js';
import { EniGroupField, EniRuleField, SgPeerKind, SgRuleField } from '../abi/image-security-groups.js';
import { finalizeTopology } from '../src/model/finalize.js';
import { parseAddress, parsePrefix } from '../src/model/ip.js';
import { emptyTopology, type Topology } from '../src/model/types.js';

const P = parsePrefix;

function lab(): Topology {
  const t = emptyTopology();
  t.vpcs.push({ id: 'vpc-1', logicalId: 'Vpc', cidrBlocks: [P('10.0.0.0/16')], ipv6CidrBlocks: [P('2001:db8::/56')], mainRouteTableId: '', defaultNetworkAclId: '', defaultSecurityGroupId: '' });
  t.subnets.push(
    { id: 'subnet-pub', logicalId: 'Public', vpcId: 'vpc-1', availabilityZone: 'us-east-1b', cidrBlock: P('10.0.1.0/24'), mapPublicIpOnLaunch: true },
    { id: 'subnet-priv', logicalId: 'Private', vpcId: 'vpc-1', availabilityZone: 'us-east-1a', cidrBlock: P('10.0.2.0/24'), ipv6CidrBlock: P('2001:db8:0:2::/64'), mapPublicIpOnLaunch: false },
  );
  t.internetGateways.push({ id: 'igw-1', logicalId: 'Igw', vpcId: 'vpc-1' }, { id: 'igw-detached', logicalId: 'Spare' });
  t.prefixLists.push({ id: 'pl-corp', logicalId: 'CorpList', prefixListName: 'corp', addressFamily: 'IPv4', entries: [P('198.18.0.0/15'), P('0.0.0.0/0')], awsManaged: false });
  t.securityGroups.push(
    { id: 'sg-web', logicalId: 'WebSg', vpcId: 'vpc-1', groupName: 'web', isDefault: false,
      ingress: [{ protocol: 6, fromPort: 443, toPort: 443, peer: { kind: 'cidr', prefix: P('0.0.0.0/0') } }],
      egress: [{ protocol: -1, fromPort: -1, toPort: -1, peer: { kind: 'cidr', prefix: P('0.0.0.0/0') } }] },
    { id: 'sg-app', logicalId: 'AppSg', vpcId: 'vpc-1', groupName: 'app', isDefault: false,
      ingress: [{ protocol: 6, fromPort: 8080, toPort: 8080, peer: { kind: 'security-group', groupId: 'sg-web' } },
                { protocol: 6, fromPort: 443, toPort: 443, peer: { kind: 'prefix-list', prefixListId: 'pl-corp' } }],
      egress: [] },
  );
  t.instances.push(
    { id: 'i-web', logicalId: 'Web', subnetId: 'subnet-pub', networkInterfaceIds: [], state: 'running' },
    { id: 'i-app', logicalId: 'App', subnetId: 'subnet-priv', networkInterfaceIds: ['eni-app'], state: 'running' },
    { id: 'i-off', logicalId: 'Off', subnetId: 'subnet-priv', networkInterfaceIds: ['eni-off'], state: 'stopped' },
  );
  t.networkInterfaces.push(
    { id: 'eni-app', logicalId: 'AppEni', subnetId: 'subnet-priv', kind: 'instance', ownerId: 'i-app', deviceIndex: 0,
      privateIps: [{ primary: false, address: parseAddress('10.0.2.50') }, { primary: true, address: parseAddress('10.0.2.20') }],
      ipv6Addresses: [parseAddress('2001:db8:0:2::20')], securityGroupIds: ['sg-web', 'sg-app'], sourceDestCheck: true },
    { id: 'eni-off', logicalId: 'OffEni', subnetId: 'subnet-priv', kind: 'instance', ownerId: 'i-off', deviceIndex: 0,
      privateIps: [{ primary: true, address: parseAddress('10.0.2.10') }], ipv6Addresses: [], securityGroupIds: ['sg-app'], sourceDestCheck: false },
  );
  t.routeTables.push({ id: 'rtb-pub', logicalId: 'PublicRt', vpcId: 'vpc-1', main: false, subnetIds: ['subnet-pub'], gatewayIds: [], propagatingVgwIds: [],
    routes: [
      { destinationPrefixListId: 'pl-corp', target: { kind: 'vpc-endpoint', id: 'vpce-s3' }, origin: 'CreateRoute' },
      { destination: P('0.0.0.0/0'), target: { kind: 'internet-gateway', id: 'igw-1' }, origin: 'CreateRoute' },
      { destination: P('192.0.2.0/24'), target: { kind: 'internet-gateway', id: 'igw-detached' }, origin: 'CreateRoute' },
      { destination: P('198.51.100.0/24'), target: { kind: 'instance', id: 'i-app' }, origin: 'CreateRoute' },
      { destination: P('203.0.113.0/24'), target: { kind: 'instance', id: 'i-off' }, origin: 'CreateRoute' },
      { destination: P('::/0'), target: { kind: 'internet-gateway', id: 'igw-1' }, origin: 'CreateRoute' },
    ] });
  t.vpcEndpoints.push({ id: 'vpce-s3', logicalId: 'S3Endpoint', vpcId: 'vpc-1', serviceName: 'com.amazonaws.us-east-1.s3', type: 'Gateway', routeTableIds: ['rtb-pub'], subnetIds: [], securityGroupIds: [], networkInterfaceIds: [], privateDnsEnabled: false, policy: 'allow' });
  t.networkAcls.push({ id: 'acl-priv', logicalId: 'PrivateAcl', vpcId: 'vpc-1', isDefault: false, subnetIds: ['subnet-priv'],
    entries: [
      { ruleNumber: 200, egress: false, protocol: 6, ruleAction: 'allow', cidr: P('0.0.0.0/0'), portRange: { from: 1024, to: 65535 } },
      { ruleNumber: 90, egress: false, protocol: -1, ruleAction: 'deny', cidr: P('198.51.100.0/24') },
      { ruleNumber: 100, egress: true, protocol: -1, ruleAction: 'allow', cidr: P('0.0.0.0/0') },
      { ruleNumber: 120, egress: false, protocol: 1, ruleAction: 'allow', cidr: P('10.0.0.0/16'), icmp: { type: 8, code: -1 } },
    ] });
  return finalizeTopology(t);
}

function compiled() {
  const t = lab();
  const image = compileTopology(t);
  const rec = (s: Section, stride: number) => {
    const words = section(image.words, s, stride);
    return (i: number, field: number) => words[i * stride + field]!;
  };
  return { t, image, rec };
}

function routesOf(image: ReturnType<typeof compileTopology>, rt: number) {
  const tables = section(image.words, Section.RouteTable, RouteTableField.Stride);
  const routes = section(image.words, Section.Route, RouteField.Stride);
  const out: { index: number; text: string; target: number; ref: number; blackhole: number; origin: number; model: number; info: number }[] = [];
  for (const [startF, countF, family] of [[RouteTableField.Route4Start, RouteTableField.Route4Count, 4], [RouteTableField.Route6Start, RouteTableField.Route6Count, 6]] as const) {
    const start = tables[rt * RouteTableField.Stride + startF]!;
    const count = tables[rt * RouteTableField.Stride + countF]!;
    for (let r = start; r < start + count; r++) {
      const f = (x: number) => routes[r * RouteField.Stride + x]!;
      expect(f(RouteField.Table)).toBe(rt);
      expect(f(RouteField.Prefix + PrefixField.Family)).toBe(family);
      const len = f(RouteField.Prefix + PrefixField.Len);
      const text = family === 4
        ? `${[24, 16, 8, 0].map((s) => (f(RouteField.Prefix + PrefixField.W0) >>> s) & 255).join('.')}/${len}`
        : `${(f(RouteField.Prefix + PrefixField.W0) >>> 0).toString(16)}:${(f(RouteField.Prefix + PrefixField.W1) >>> 0).toString(16)}/${len}`;
      out.push({ index: r, text, target: f(RouteField.Target), ref: f(RouteField.TargetRef), blackhole: f(RouteField.Blackhole), origin: f(RouteField.Origin), model: f(RouteField.ModelIndex), info: f(RouteField.Info) });
    }
  }
  return out;
}

describe('compile: route tables', () => {
  it('RT-2: every route table holds a local route for each VPC CIDR, IPv4 and IPv6', () => {
    const { t, image } = compiled();
    const main = t.routeTables.findIndex((r) => r.main);
    const routes = routesOf(image, main);
    expect(routes.map((r) => r.text).sort()).toEqual(['10.0.0.0/16', '20010db8:0/56']);
    expect(routes.every((r) => r.target === RouteTarget.Local && r.origin === RouteOrigin.Local)).toBe(true);
  });

  it('RT-4 / VPCE-3: a static route beats the prefix-list route of equal prefix; other list entries stay', () => {
    const { t, image } = compiled();
    const routes = routesOf(image, t.routeTables.findIndex((r) => r.id === 'rtb-pub'));
    const def = routes.filter((r) => r.text === '0.0.0.0/0');
    expect(def).toHaveLength(1);
    expect(def[0]!.target).toBe(RouteTarget.InternetGateway);
    expect(def[0]!.origin).toBe(RouteOrigin.Static);
    const s3 = routes.find((r) => r.text === '198.18.0.0/15')!;
    expect(s3.target).toBe(RouteTarget.VpcEndpoint);
    expect(s3.origin).toBe(RouteOrigin.PrefixList);
    expect(s3.model).toBe(0);
  });

  it('RT-10: an imported blackhole route stays a blackhole; others are judged by the walk', () => {
    const t = lab();
    const rtb = t.routeTables.find((r) => r.id === 'rtb-pub')!;
    rtb.routes.push({ destination: P('192.0.2.128/25'), target: { kind: 'nat-gateway', id: 'nat-gone' }, origin: 'CreateRoute', state: 'blackhole' });
    const image = compileTopology(t);
    const routes = routesOf(image, t.routeTables.indexOf(rtb));
    expect(routes.find((r) => r.text === '192.0.2.128/25')!.blackhole).toBe(1);
    expect(routes.find((r) => r.text === '192.0.2.0/24')!.blackhole).toBe(0);
  });

  it('RT-4: informational codes — MORE_SPECIFIC_ROUTE when a shorter route covers, HIGHER_PRIORITY_ROUTE when one lost', () => {
    const { t, image } = compiled();
    const routes = routesOf(image, t.routeTables.findIndex((r) => r.id === 'rtb-pub'));
    const info = (text: string) => routes.find((r) => r.text === text)!.info;
    expect(info('0.0.0.0/0')).toBe(RouteInfo.HigherPriority);
    expect(info('198.18.0.0/15')).toBe(RouteInfo.MoreSpecific);
    expect(info('10.0.0.0/16')).toBe(RouteInfo.MoreSpecific);
  });

  it('RT-9: an instance target is the instance primary ENI', () => {
    const { t, image } = compiled();
    const route = routesOf(image, t.routeTables.findIndex((r) => r.id === 'rtb-pub')).find((r) => r.text === '198.51.100.0/24')!;
    expect(route.target).toBe(RouteTarget.NetworkInterface);
    expect(image.names.networkInterfaces[route.ref]!.id).toBe('eni-app');
  });

  it('LPM handles are unset until the image is loaded into an engine', () => {
    const { image, rec } = compiled();
    const r = rec(Section.RouteTable, RouteTableField.Stride);
    for (let i = 0; i < sectionCount(image.words, Section.RouteTable); i++) {
      expect(r(i, RouteTableField.Lpm4)).toBe(-1);
      expect(r(i, RouteTableField.Lpm6)).toBe(-1);
    }
  });
});

describe('compile: subnets and associations', () => {
  it('RT-1 / NACL-1: explicit association, else the main route table and default network ACL', () => {
    const { t, image, rec } = compiled();
    const s = rec(Section.Subnet, SubnetField.Stride);
    const pub = t.subnets.findIndex((x) => x.id === 'subnet-pub');
    const priv = t.subnets.findIndex((x) => x.id === 'subnet-priv');
    expect(image.names.routeTables[s(pub, SubnetField.RouteTable)]!.id).toBe('rtb-pub');
    expect(image.names.routeTables[s(priv, SubnetField.RouteTable)]!.main).toBe(true);
    expect(image.names.networkAcls[s(priv, SubnetField.Nacl)]!.id).toBe('acl-priv');
    expect(image.names.networkAcls[s(pub, SubnetField.Nacl)]!.isDefault).toBe(true);
  });

  it('RT-16: the IPv4 block as one u64 network and netmask (Net4, Mask4); without a block nothing matches', () => {
    const t = lab();
    t.subnets.push({ id: 'subnet-v6', logicalId: 'V6', vpcId: 'vpc-1', availabilityZone: 'us-east-1a', ipv6CidrBlock: P('2001:db8:0:3::/64'), mapPublicIpOnLaunch: false });
    const words = section(compileTopology(t).words, Section.Subnet, SubnetField.Stride);
    const pair = (i: number, f: SubnetField) => [words[i * SubnetField.Stride + f]! >>> 0, words[i * SubnetField.Stride + f + 1]!];
    const priv = t.subnets.findIndex((x) => x.id === 'subnet-priv');
    const v6 = t.subnets.findIndex((x) => x.id === 'subnet-v6');
    // 10.0.2.0/24: ((a ^ Net4) & Mask4) == 0 exactly inside it (the mask's high word 1 meets the net's 0).
    expect([pair(priv, SubnetField.Net4), pair(priv, SubnetField.Mask4)]).toEqual([[0x0a000200, 0], [0xffffff00, 1]]);
    // No IPv4 block: the net's high word 1 meets the mask's, so no address matches.
    expect([pair(v6, SubnetField.Net4), pair(v6, SubnetField.Mask4)]).toEqual([[0, 1], [0, 1]]);
  });

  it('RT-3, RT-4: the local IPv4 route of the fast path with its network and netmask (LocalAddr4, LocalMask4)', () => {
    const { t, image, rec } = compiled();
    const r = rec(Section.RouteTable, RouteTableField.Stride);
    const main = t.routeTables.findIndex((x) => x.main);
    const local = routesOf(image, main).find((x) => x.text === '10.0.0.0/16')!;
    expect(r(main, RouteTableField.LocalRoute4)).toBe(local.index);
    expect([r(main, RouteTableField.LocalAddr4) >>> 0, r(main, RouteTableField.LocalMask4) >>> 0]).toEqual([0x0a000000, 0xffff0000]);
  });

  it('zones are numbered in name order (TGW-10 uses the order)', () => {
    const { t, image, rec } = compiled();
    const s = rec(Section.Subnet, SubnetField.Stride);
    expect(image.names.zones).toEqual(['us-east-1a', 'us-east-1b']);
    expect(s(t.subnets.findIndex((x) => x.id === 'subnet-pub'), SubnetField.Zone)).toBe(1);
  });
});

describe('compile: network ACLs', () => {
  it('NACL-5: entries of each direction are sorted by ascending rule number', () => {
    const { t, image, rec } = compiled();
    const acl = t.networkAcls.findIndex((a) => a.id === 'acl-priv');
    const n = rec(Section.Nacl, NaclField.Stride);
    const e = rec(Section.NaclEntry, NaclEntryField.Stride);
    const numbers = (start: number, count: number) => Array.from({ length: count }, (_, i) => e(start + i, NaclEntryField.RuleNumber));
    expect(numbers(n(acl, NaclField.Ingress4Start), n(acl, NaclField.Ingress4Count))).toEqual([90, 120, 200]);
    expect(numbers(n(acl, NaclField.Egress4Start), n(acl, NaclField.Egress4Count))).toEqual([100]);
    const first = n(acl, NaclField.Ingress4Start);
    expect(e(first, NaclEntryField.Allow)).toBe(0);
    expect(t.networkAcls[acl]!.entries[e(first, NaclEntryField.ModelIndex)]!.ruleNumber).toBe(90);
    void image;
  });

  it('NACL-6: an entry is in the range of its CIDR family; IPv4 entries carry their netmask', () => {
    const t = lab();
    t.networkAcls[0]!.entries.push({ ruleNumber: 50, egress: false, protocol: -1, ruleAction: 'allow', cidr: P('2001:db8::/32') });
    const image = compileTopology(t);
    const n = (f: NaclField) => section(image.words, Section.Nacl, NaclField.Stride)[f]!;
    const e = (i: number, f: NaclEntryField) => section(image.words, Section.NaclEntry, NaclEntryField.Stride)[i * NaclEntryField.Stride + f]!;
    const rules = (start: NaclField) => Array.from({ length: n(start + 1) }, (_, i) => e(n(start) + i, NaclEntryField.RuleNumber));
    expect(rules(NaclField.Ingress4Start)).toEqual([90, 120, 200]);
    expect(rules(NaclField.Ingress6Start)).toEqual([50]);
    expect(rules(NaclField.Egress6Start)).toEqual([]);
    expect(e(n(NaclField.Ingress4Start), NaclEntryField.Mask4) >>> 0).toBe(0xffffff00);
    expect(e(n(NaclField.Ingress4Start) + 2, NaclEntryField.Mask4)).toBe(0);
  });

  it('NACL-5: the IPv4 shortcut of a range is its widest all-protocol entry that no earlier entry overlaps', () => {
    const t = lab();
    const entry = (ruleNumber: number, egress: boolean, protocol: number, ruleAction: 'allow' | 'deny', cidr: string) => ({ ruleNumber, egress, protocol, ruleAction, cidr: P(cidr) });
    t.networkAcls[0]!.entries = [
      entry(90, false, -1, 'deny', '203.0.113.0/24'),
      entry(95, false, 6, 'allow', '10.1.0.0/16'),
      // Overlaps rule 95 (a TCP packet from 10.1/16 is decided there): no shortcut.
      entry(100, false, -1, 'allow', '10.0.0.0/8'),
      entry(110, false, -1, 'allow', '192.168.0.0/16'),
      // The widest of those no earlier entry overlaps.
      entry(120, false, -1, 'deny', '172.16.0.0/12'),
      entry(130, false, 6, 'allow', '0.0.0.0/0'),
      entry(100, true, 6, 'allow', '0.0.0.0/0'),
      entry(110, true, -1, 'allow', '10.0.0.0/8'),
      entry(50, true, -1, 'allow', '2001:db8::/32'),
    ];
    const words = section(compileTopology(t).words, Section.Nacl, NaclField.Stride);
    const n = (f: NaclField) => words[f]!;
    const shortcut = (at: NaclField) => [n(at) >>> 0, n(at + 1), n(at + 2) >>> 0, n(at + 3), n(at + 4), n(at + 5)];
    const ingress = n(NaclField.Ingress4Start);
    expect(shortcut(NaclField.In4Net)).toEqual([0xac100000, 0, 0xfff00000, 0, ingress + 4, 0]);
    // Every IPv4 egress entry overlaps the TCP /0 before it: the high words make the shortcut match nothing.
    expect(shortcut(NaclField.Out4Net)).toEqual([0, 1, 0, 1, -1, 0]);
    t.networkAcls[0]!.entries = [entry(100, false, -1, 'allow', '0.0.0.0/0')];
    const open = section(compileTopology(t).words, Section.Nacl, NaclField.Stride);
    const m = (f: NaclField) => open[f]!;
    // A first entry of /0 decides everything (the Open case); an empty range is the `*` deny for every packet.
    expect([m(NaclField.In4Net), m(NaclField.In4Net + 1), m(NaclField.In4Mask), m(NaclField.In4Mask + 1), m(NaclField.In4Entry), m(NaclField.In4Allow)]).toEqual([0, 0, 0, 0, m(NaclField.Ingress4Start), 1]);
    expect([m(NaclField.Out4Net), m(NaclField.Out4Net + 1), m(NaclField.Out4Mask), m(NaclField.Out4Mask + 1), m(NaclField.Out4Entry), m(NaclField.Out4Allow)]).toEqual([0, 0, 0, 0, -1, 0]);
  });

  it('NACL-7: TCP keeps its port range; ICMP keeps type and code with -1 = any', () => {
    const { t, rec } = compiled();
    const acl = t.networkAcls.findIndex((a) => a.id === 'acl-priv');
    const n = rec(Section.Nacl, NaclField.Stride);
    const e = rec(Section.NaclEntry, NaclEntryField.Stride);
    const start = n(acl, NaclField.Ingress4Start);
    expect([e(start + 1, NaclEntryField.Protocol), e(start + 1, NaclEntryField.From), e(start + 1, NaclEntryField.To)]).toEqual([1, 8, -1]);
    expect([e(start + 2, NaclEntryField.Protocol), e(start + 2, NaclEntryField.From), e(start + 2, NaclEntryField.To)]).toEqual([6, 1024, 65535]);
  });
});

describe('compile: security groups per ENI', () => {
  it('SG-1: an ENI carries the union of the rules of all its groups, per direction', () => {
    const { t, image, rec } = compiled();
    const eni = t.networkInterfaces.findIndex((n) => n.id === 'eni-app');
    const e = rec(Section.Eni, EniField.Stride);
    const list = rec(Section.EniRule, EniRuleField.Stride);
    const rule = rec(Section.SgRule, SgRuleField.Stride);
    const ingress = Array.from({ length: e(eni, EniField.IngressCount) }, (_, i) => list(e(eni, EniField.IngressStart) + i, EniRuleField.Rule));
    const described = ingress.map((r) => `${image.names.securityGroups[rule(r, SgRuleField.Group)]!.id}:${rule(r, SgRuleField.From)}`);
    expect(described.sort()).toEqual(['sg-app:443', 'sg-app:8080', 'sg-web:443']);
    expect(e(eni, EniField.EgressCount)).toBe(1);
    // The egress range follows the ingress range (the record holds no start of its own).
    const egress = list(e(eni, EniField.IngressStart) + e(eni, EniField.IngressCount), EniRuleField.Rule);
    expect(rule(egress, SgRuleField.Egress)).toBe(1);
    expect(ingress.every((r) => rule(r, SgRuleField.Egress) === 0)).toBe(true);
  });

  it('SG-3 / SG-4: group and prefix-list peers are resolved to dense ids; membership lists are sorted', () => {
    const { t, image, rec } = compiled();
    const rule = rec(Section.SgRule, SgRuleField.Stride);
    const app = t.securityGroups.findIndex((g) => g.id === 'sg-app');
    const count = sectionCount(image.words, Section.SgRule);
    const appRules = Array.from({ length: count }, (_, i) => i).filter((i) => rule(i, SgRuleField.Group) === app);
    const sgPeer = appRules.find((i) => rule(i, SgRuleField.PeerKind) === SgPeerKind.SecurityGroup)!;
    expect(image.names.securityGroups[rule(sgPeer, SgRuleField.PeerRef)]!.id).toBe('sg-web');
    const plPeer = appRules.find((i) => rule(i, SgRuleField.PeerKind) === SgPeerKind.PrefixList)!;
    expect(image.names.prefixLists[rule(plPeer, SgRuleField.PeerRef)]!.id).toBe('pl-corp');
    const eni = t.networkInterfaces.findIndex((n) => n.id === 'eni-app');
    const d = rec(Section.EniDetail, EniDetailField.Stride);
    const g = rec(Section.EniGroup, EniGroupField.Stride);
    const groups = Array.from({ length: d(eni, EniDetailField.GroupCount) }, (_, i) => g(d(eni, EniDetailField.GroupStart) + i, EniGroupField.Group));
    expect(groups).toEqual([...groups].sort((a, b) => a - b));
    expect(groups.map((x) => image.names.securityGroups[x]!.id).sort()).toEqual(['sg-app', 'sg-web']);
  });

  it("TRACE-15: an instance's only ENI is marked as such; the ENIs of an instance with two are not", () => {
    const t = lab();
    t.instances.find((i) => i.id === 'i-off')!.networkInterfaceIds.push('eni-off2');
    t.networkInterfaces.push({ id: 'eni-off2', logicalId: 'OffEni2', subnetId: 'subnet-priv', kind: 'instance', ownerId: 'i-off', deviceIndex: 1,
      privateIps: [{ primary: true, address: parseAddress('10.0.2.11') }], ipv6Addresses: [], securityGroupIds: ['sg-app'], sourceDestCheck: true });
    const image = compileTopology(t);
    const flags = (id: string) => section(image.words, Section.Eni, EniField.Stride)[t.networkInterfaces.findIndex((n) => n.id === id) * EniField.Stride + EniField.Flags]!;
    expect(flags('eni-app') & EniFlag.SoleOfInstance).toBe(EniFlag.SoleOfInstance);
    expect(flags('eni-off') & EniFlag.SoleOfInstance).toBe(0);
    expect(flags('eni-off2') & EniFlag.SoleOfInstance).toBe(0);
  });

  it('RT-10 / RT-13: ENI flags record a stopped instance and the source/destination check', () => {
    const { t, rec } = compiled();
    const e = rec(Section.Eni, EniField.Stride);
    const off = t.networkInterfaces.findIndex((n) => n.id === 'eni-off');
    expect(e(off, EniField.Flags) & EniFlag.Stopped).toBe(EniFlag.Stopped);
    expect(e(off, EniField.Flags) & EniFlag.SourceDestCheck).toBe(0);
    const app = t.networkInterfaces.findIndex((n) => n.id === 'eni-app');
    expect(e(app, EniField.Flags) & (EniFlag.SourceDestCheck | EniFlag.Stopped)).toBe(EniFlag.SourceDestCheck);
  });
});

describe('compile: addresses', () => {
  it('ADDR-10: each VPC address index table maps every private IPv4 to its ENI (the Owner4 records it is built from stay out of the image)', () => {
    const { t, image, rec } = compiled();
    const v = rec(Section.Vpc, VpcField.Stride);
    const slots = rec(Section.AddressIndex4, AddressIndexField.Stride);
    const scope = rec(Section.AddressIndexScope, AddressIndexScopeField.Stride);
    const owners: (readonly [number, number])[] = [];
    for (let i = scope(0, AddressIndexScopeField.Start), n = 0; n <= scope(0, AddressIndexScopeField.Mask); i++, n++) {
      if (slots(i, AddressIndexField.Value) !== AddressScope.Empty) owners.push([slots(i, AddressIndexField.Address) >>> 0, slots(i, AddressIndexField.Value)]);
    }
    const expected = t.networkInterfaces.flatMap((n, e) => n.privateIps.map((p) => [Number(p.address!.value), e] as const)).sort((a, b) => a[0] - b[0]);
    expect(owners.sort((a, b) => a[0] - b[0])).toEqual(expected);
    expect(v(0, VpcField.Owner4Count)).toBe(expected.length);
    expect(sectionCount(image.words, Section.Owner4)).toBe(0);
    expect(v(0, VpcField.Owner6Count)).toBe(1);
  });

  it('ADDR-12 / GW-3: the public IPv4 of a public-subnet instance maps back to its ENI and private IP', () => {
    const { t, rec, image } = compiled();
    const web = t.networkInterfaces.find((n) => n.ownerId === 'i-web')!;
    const publicIp = web.privateIps[0]!.publicIp!;
    // Public4 is the Public scope's open-addressing table: one public address in two slots.
    expect(sectionCount(image.words, Section.Public4)).toBe(2);
    const p = rec(Section.Public4, Public4Field.Stride);
    const used = [0, 1].filter((s) => p(s, Public4Field.Eni) !== AddressScope.Empty);
    expect(used).toHaveLength(1);
    expect(p(used[0]!, Public4Field.Public) >>> 0).toBe(Number(publicIp.value));
    expect(p(used[0]!, Public4Field.Private) >>> 0).toBe(Number(web.privateIps[0]!.address!.value));
    expect(image.names.networkInterfaces[p(used[0]!, Public4Field.Eni)]).toBe(web);
  });

  it('TRACE-2: the primary private IP is the first address of an ENI', () => {
    const { t, rec, image } = compiled();
    const e = rec(Section.Eni, EniField.Stride);
    const d = rec(Section.EniDetail, EniDetailField.Stride);
    const app = t.networkInterfaces.findIndex((n) => n.id === 'eni-app');
    const ip4 = section(image.words, Section.EniIp4, 4);
    expect(ip4[d(app, EniDetailField.Ip4Start) * 4 + 1]! >>> 0).toBe(Number(parseAddress('10.0.2.20').value));
    expect(e(app, EniField.PrimaryIp4) >>> 0).toBe(Number(parseAddress('10.0.2.20').value));
  });

  it('EniFlag.MoreIp4 marks the ENIs holding an IPv4 address besides their primary one (the walk reads their EniIp4 range)', () => {
    const { t, rec } = compiled();
    const e = rec(Section.Eni, EniField.Stride);
    const d = rec(Section.EniDetail, EniDetailField.Stride);
    t.networkInterfaces.forEach((n, i) => {
      const others = n.privateIps.filter((p) => p.address?.family === 4 && !(p.primary && Number(p.address.value) === e(i, EniField.PrimaryIp4) >>> 0));
      expect(e(i, EniField.Flags) & EniFlag.MoreIp4).toBe(others.length > 0 ? EniFlag.MoreIp4 : 0);
      expect(d(i, EniDetailField.Ip4Count)).toBe(n.privateIps.filter((p) => p.address?.family === 4).length);
    });
    expect(e(t.networkInterfaces.findIndex((n) => n.id === 'eni-app'), EniField.Flags) & EniFlag.MoreIp4).toBe(EniFlag.MoreIp4);
    expect(t.networkInterfaces.some((n, i) => n.privateIps.length === 1 && (e(i, EniField.Flags) & EniFlag.MoreIp4) === 0)).toBe(true);
  });
});

describe('compile: determinism', () => {
  it('the same topology compiles to the same words', () => {
    expect(compileTopology(lab()).words).toEqual(compileTopology(lab()).words);
  });

  it('dense ids map back to logical and physical ids', () => {
    const { image } = compiled();
    expect(image.names.subnets.map((s) => s.logicalId)).toEqual(['Public', 'Private']);
    expect(image.names.vpcs[0]!.id).toBe('vpc-1');
  });
});
