// The verdict memo of untraced batches (assembly/walk-memo.ts, issue 18): flows that differ only in
// their source port, within one elementary interval of the image's port ranges, share a verdict. The
// memo must never change a verdict: untraced batches with the memo, without it, and the reference walk
// (the spec) agree flow for flow, on random topologies and on adversarial ones — NACL entries and
// security group rules with narrow port ranges (the response's destination port is the request's
// source port, TRACE-3), NAT gateways (GW-8 moves source ports below 1024), transit gateways (TGW-12
// hashes the source port), a Network Firewall with port rules, source ports equal to the destination
// port — and across changes of the image, the time, the response delay, allBlocking and the down set.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadEngine } from '../bindings/node.js';
import type { Engine } from '../bindings/engine.js';
import type { WalkBatchOptions } from '../bindings/network.js';
import { topology } from '../src/builder/index.js';
import { compileTopology, downBits } from '../src/compile/index.js';
import { generateTopology } from '../src/generate/generate.js';
import type { Topology } from '../src/model/types.js';
import { referenceHops } from '../src/reference/walk.js';
import type { WalkOptions } from '../src/walk/result.js';
import { featureTopology, hybridTopology, overlappingPeersTopology, randomCases, rng, toBatch, type Case } from './helpers/walk-differential.js';

/** Each case again with other source ports: random, at and around every cut the topology's ranges make, the destination port, below 1024. */
function withSourcePorts(t: Topology, cases: Case[], copies: number, seed: number): Case[] {
  const r = rng(seed);
  const bounds = new Set<number>([1023, 1024, 1025, 2048, 32768, 49152, 65535]);
  for (const acl of t.networkAcls) for (const e of acl.entries) if (e.portRange) [e.portRange.from - 1, e.portRange.from, e.portRange.to, e.portRange.to + 1].forEach((p) => bounds.add(p));
  for (const g of t.securityGroups) for (const x of [...g.ingress, ...g.egress]) if (x.fromPort >= 0) [x.fromPort - 1, x.fromPort, x.toPort, x.toPort + 1].forEach((p) => bounds.add(p));
  const near = [...bounds].filter((p) => p >= 0 && p <= 65535);
  const out: Case[] = [];
  for (const c of cases) {
    out.push(c);
    if (c.flow.protocol !== 6 && c.flow.protocol !== 17) continue;
    for (let k = 0; k < copies; k++) {
      const roll = r();
      const srcPort = roll < 0.4 ? near[Math.floor(r() * near.length)]!
        : roll < 0.5 ? c.flow.dstPort
          : roll < 0.6 ? Math.min(65535, c.flow.dstPort + 1024)
            : roll < 0.7 ? Math.floor(r() * 1024)
              : 1024 + Math.floor(r() * 64512);
      out.push({ ...c, flow: { ...c.flow, srcPort } });
    }
  }
  // Interleaved, so equal keys meet both within a window and across batches.
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Narrow port ranges on NACL entries and security group rules: the ephemeral ranges responses need, cut small. */
function narrowPorts(t: Topology, seed: number): Topology {
  const r = rng(seed);
  const range = () => {
    const from = r() < 0.5 ? 1024 + Math.floor(r() * 4000) : Math.floor(r() * 65535);
    return { from, to: Math.min(65535, from + Math.floor(r() * 20000)) };
  };
  for (const acl of t.networkAcls) {
    for (const e of acl.entries) if ((e.protocol === 6 || e.protocol === 17) && r() < 0.6) e.portRange = range();
  }
  for (const g of t.securityGroups) {
    for (const x of [...g.ingress, ...g.egress]) {
      if ((x.protocol === 6 || x.protocol === 17) && r() < 0.4) {
        const p = range();
        x.fromPort = p.from;
        x.toPort = p.to;
      }
    }
  }
  return t;
}

/** The firewall topology without its transit gateways, so the firewall's port rules meet interval keys (no TGW-12 hash). */
function firewallWithoutTransitGateways(): Topology {
  const t = featureTopology(true, 'firewall');
  return { ...t, transitGateways: [], transitGatewayAttachments: [], transitGatewayRouteTables: [] };
}

const AZ = 'us-east-1a';

/**
 * Where the source port decides: App (private subnet) reaches the internet through a NAT gateway whose
 * subnet's NACL lets replies in on 1024-1500 only (GW-8: ports below 1024 leave as port + 1024), and
 * Server through a Network Firewall that drops source ports 40000-40999 (NFW-2) and a NACL that lets
 * replies out on 30000-35000 only; App's group lets UDP replies in on 50000-50100 only, which decides
 * once the UDP state has timed out (SG-13, responseAfter 60).
 */
function portAdversary(): Topology {
  return topology({ region: 'us-east-1' })
    .statelessRuleGroup('NoHighSources', [
      { priority: 10, actions: ['aws:drop'], protocols: ['tcp', 'udp'], sourcePorts: [[40000, 40999]] },
      { priority: 20, actions: ['aws:pass'], sources: ['10.0.0.0/16'] },
    ])
    .firewallPolicy('Policy', { stateless: [{ group: 'NoHighSources', priority: 1 }], statelessDefaultActions: ['aws:pass'] })
    .vpc('A', '10.0.0.0/16', (v) =>
      v
        .subnet('Pub', '10.0.1.0/24', { az: AZ, public: true })
        .subnet('Priv', '10.0.2.0/24', { az: AZ })
        .subnet('Fw', '10.0.3.0/24', { az: AZ })
        .subnet('Srv', '10.0.4.0/24', { az: AZ })
        .internetGateway('Igw')
        .natGateway('Nat', { subnet: 'Pub' })
        .networkFirewall('Firewall', { policy: 'Policy', subnets: ['Fw'] })
        .routeTable('PubRt', { subnets: ['Pub'] }, (rt) => rt.route('0.0.0.0/0', { igw: 'Igw' }))
        .routeTable('PrivRt', { subnets: ['Priv'] }, (rt) => rt.route('0.0.0.0/0', { nat: 'Nat' }).route('10.0.4.0/24', { firewall: 'Firewall', az: AZ }))
        .routeTable('SrvRt', { subnets: ['Srv'] }, (rt) => rt.route('10.0.2.0/24', { firewall: 'Firewall', az: AZ }))
        .networkAcl('PubAcl', { subnets: ['Pub'] }, (acl) => acl
          .ingress(100, { action: 'allow', protocol: 'tcp', ports: [1024, 1500], cidr: '0.0.0.0/0' })
          .ingress(110, { action: 'allow', protocol: 'all', cidr: '10.0.0.0/16' })
          .egress(100, { action: 'allow', protocol: 'all', cidr: '0.0.0.0/0' }))
        .networkAcl('SrvAcl', { subnets: ['Srv'] }, (acl) => acl
          .ingress(100, { action: 'allow', protocol: 'all', cidr: '10.0.0.0/16' })
          .egress(100, { action: 'allow', protocol: 'tcp', ports: [30000, 35000], cidr: '10.0.2.0/24' })
          .egress(110, { action: 'allow', protocol: 'udp', ports: [1024, 65535], cidr: '10.0.2.0/24' }))
        .securityGroup('ClientSg', (g) => g.ingress({ protocol: 'udp', ports: [50000, 50100], cidr: '10.0.4.0/24' }).egress({ protocol: 'all', cidr: '0.0.0.0/0' }))
        .securityGroup('ServerSg', (g) => g.ingress({ protocol: 'tcp', ports: 8080, cidr: '10.0.0.0/16' }).ingress({ protocol: 'udp', ports: 8080, cidr: '10.0.0.0/16' }).egress({ protocol: 'udp', ports: [1024, 65535], cidr: '10.0.2.0/24' }))
        .instance('App', { subnet: 'Priv', ip: '10.0.2.10', sgs: ['ClientSg'] })
        .instance('Server', { subnet: 'Srv', ip: '10.0.4.20', sgs: ['ServerSg'] }),
    )
    .build();
}

describe('verdict memo of untraced batches (issue 18)', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await loadEngine({ build: 'debug' });
  });

  /** Verdicts of `cases` as one batch (memo or not), and as batches of `chunk` (input order, memo kept across batches). */
  const walk = (cases: Case[], options: WalkBatchOptions, chunk = 0): Int32Array => {
    const batch = toBatch(cases);
    if (chunk === 0) return engine.walkBatch(batch, options).verdicts;
    const out = new Int32Array(cases.length);
    for (let at = 0; at < cases.length; at += chunk) out.set(engine.walkBatch(toBatch(cases.slice(at, at + chunk)), options).verdicts, at);
    return out;
  };

  const reference = (t: Topology, cases: Case[], options: WalkOptions): Int32Array => Int32Array.from(cases, (c) => referenceHops(t, c.flow, c.origin, options, c.destination).verdict);

  /** The copies (`copiesOf`) of each TCP/UDP case among whose reference verdicts the source port decides. */
  const decidedBySourcePort = (t: Topology, cases: Case[], copiesOf: (c: Case) => Case[]): Case[] => cases
    .filter((c) => c.flow.protocol === 6 || c.flow.protocol === 17)
    .flatMap((c) => {
      const copies = copiesOf(c);
      return new Set(reference(t, copies, {})).size > 1 ? copies : [];
    });

  const topologies: { name: string; make: () => Topology }[] = [
    { name: 'peering mesh, 5 VPCs, narrow NACL and SG port ranges', make: () => narrowPorts(generateTopology({ seed: 13, vpcs: 5, subnetsPerVpc: 4, instancesPerSubnet: 3, hub: 'peering' }), 1) },
    { name: 'no hub, 4 VPCs, narrow port ranges', make: () => narrowPorts(generateTopology({ seed: 29, vpcs: 4, subnetsPerVpc: 5, instancesPerSubnet: 3, hub: 'none' }), 2) },
    { name: 'transit gateway hub, 5 VPCs (source ports exact: TGW-12)', make: () => narrowPorts(generateTopology({ seed: 7, vpcs: 5, subnetsPerVpc: 4, instancesPerSubnet: 3, hub: 'tgw' }), 3) },
    { name: 'hand-built: router appliances, group references, endpoints', make: () => featureTopology(false, 'router') },
    { name: 'hand-built: Network Firewall port rules, no transit gateway', make: firewallWithoutTransitGateways },
    { name: 'hand-built: overlapping peered CIDRs (TRACE-13), SG-4', make: overlappingPeersTopology },
    { name: 'hand-built: VPN, Direct Connect', make: hybridTopology },
  ];

  for (const { name, make } of topologies) {
    it(`memo, no memo and the reference agree on every flow: ${name}`, () => {
      const t = make();
      const cases = withSourcePorts(t, randomCases(t, 500, name.length), 4, name.length + 1);
      engine.reset();
      engine.loadNetwork(compileTopology(t));
      const before = engine.memoStats();
      const plain = walk(cases, { memo: false });
      expect(engine.memoStats(), 'memo: false does not look up').toEqual(before);
      const memo = walk(cases, {});
      const grouped = engine.memoStats();
      // The same epoch: input-order batches look up the full table, the grouped batch stored in its
      // first slots (walk-memo.ts), so they meet the grouped batch's keys only by chance.
      const chunked = walk(cases, {}, 300);
      const ref = reference(t, cases, {});
      const differing = cases.map((_, i) => i).filter((i) => memo[i] !== ref[i] || plain[i] !== ref[i] || chunked[i] !== ref[i]);
      expect(differing.slice(0, 5).map((i) => ({ flow: cases[i]!.flow, origin: cases[i]!.origin, memo: memo[i], chunked: chunked[i], plain: plain[i], reference: ref[i] }))).toEqual([]);
      // The memo was used, grouped and in input order: the copies of a flow hit it.
      const stats = engine.memoStats();
      expect(grouped.lookups - before.lookups).toBe(cases.length);
      expect(stats.lookups - grouped.lookups).toBe(cases.length);
      expect(grouped.hits - before.hits).toBeGreaterThan(cases.length / 50);
      expect(stats.hits - grouped.hits).toBeGreaterThan(cases.length / 50);
    });
  }

  it('where the source port decides (NAT below 1024, firewall and NACL port ranges, a group port range after the UDP timeout), every port agrees', () => {
    const t = portAdversary();
    engine.reset();
    engine.loadNetwork(compileTopology(t));
    const app = t.networkInterfaces.find((e) => e.privateIps[0]?.address?.value === 0x0a00020an)!;
    const origin = { kind: 'network-interface' as const, networkInterfaceId: app.id };
    const originEni = t.networkInterfaces.indexOf(app);
    // Every port below 2048, then every 7th (and the ends of each range) above.
    const ports: number[] = [];
    for (let p = 0; p < 65536; p += p < 2048 ? 1 : 7) ports.push(p);
    ports.push(29999, 30000, 35000, 35001, 39999, 40000, 40999, 41000, 49999, 50000, 50100, 50101, 65535);
    const flowsTo = (dst: bigint, protocol: number, dstPort: number): Case[] => ports.map((srcPort) => ({
      origin, originEni, destinationEni: -1, flow: { family: 4, src: 0x0a00020an, dst, protocol, srcPort, dstPort, icmpType: -1, icmpCode: -1 },
    }));
    const sets: Array<[string, Case[], WalkBatchOptions, WalkOptions]> = [
      ['internet through the NAT gateway', flowsTo(0x08080808n, 6, 443), {}, {}],
      ['Server through the firewall, TCP', flowsTo(0x0a000414n, 6, 8080), {}, {}],
      ['Server through the firewall, UDP, state timed out', flowsTo(0x0a000414n, 17, 8080), { responseAfter: 60 }, { responseAfter: 60 }],
    ];
    for (const [name, cases, options, refOptions] of sets) {
      const ref = Array.from(reference(t, cases, refOptions));
      expect(new Set(ref).size, `${name}: the source port decides`).toBeGreaterThan(1);
      expect(Array.from(walk(cases, { ...options, memo: false })), name).toEqual(ref);
      expect(Array.from(walk(cases, options)), name).toEqual(ref);
      expect(Array.from(walk(cases, options, 500)), name).toEqual(ref);
    }
  });

  it('a source port equal to the destination port d (or d + 1024) is its own key: the flows whose verdict it decides agree', () => {
    const t = generateTopology({ seed: 3, vpcs: 4, subnetsPerVpc: 4, instancesPerSubnet: 3, hub: 'peering' });
    engine.reset();
    engine.loadNetwork(compileTopology(t));
    const r = rng(77);
    // For each TCP/UDP flow a destination port d in 1024-4023 and source ports around d and d + 1024,
    // the port nearest the cut first, so a memo without the flow's own cuts would answer d from it.
    const decided = decidedBySourcePort(t, randomCases(t, 3000, 11), (c) => {
      const d = 1024 + Math.floor(r() * 3000);
      return [d + 2, d + 1, d, d - 1, d + 1026, d + 1025, d + 1024, d + 1023].map((srcPort) => ({ ...c, flow: { ...c.flow, srcPort, dstPort: d } }));
    });
    expect(decided.length, 'flows whose verdict the source port decides').toBeGreaterThan(0);
    const ref = Array.from(reference(t, decided, {}));
    expect(Array.from(walk(decided, { time: 1 }))).toEqual(ref);
    expect(Array.from(walk(decided, { time: 2 }, 8))).toEqual(ref);
  });

  it('through a transit gateway in appliance mode, the flow hash (TGW-12) picks the AZ, one of whose routers is stopped: every source port agrees', () => {
    const t = featureTopology(true, 'router');
    const router = t.instances.find((i) => i.logicalId === 'RouterB')!;
    router.state = 'stopped';
    engine.reset();
    engine.loadNetwork(compileTopology(t));
    const r = rng(4242);
    // Flows whose verdict moves with the source port (ports 1024 and above, where no range of the topology cuts).
    const decided = decidedBySourcePort(t, randomCases(t, 400, 31), (c) => Array.from({ length: 24 }, () => ({ ...c, flow: { ...c.flow, srcPort: 1024 + Math.floor(r() * 64512) } })));
    expect(decided.length, 'flows whose verdict the source port decides').toBeGreaterThan(0);
    const ref = Array.from(reference(t, decided, {}));
    expect(Array.from(walk(decided, {}))).toEqual(ref);
    expect(Array.from(walk(decided, {}, 100))).toEqual(ref);
  });

  it('a new epoch for every change of time, response delay, allBlocking or image; a down set walks every flow', () => {
    const t = narrowPorts(generateTopology({ seed: 3, vpcs: 3, subnetsPerVpc: 4, instancesPerSubnet: 3, hub: 'peering' }), 4);
    const cases = withSourcePorts(t, randomCases(t, 300, 5), 3, 6);
    const image = compileTopology(t);
    engine.reset();
    engine.loadNetwork(image);
    const down = downBits(image.componentIds, image.components.length, [t.subnets[1]!.id, t.networkInterfaces[7]!.id]);
    const settings: Array<[WalkBatchOptions, WalkOptions]> = [
      [{}, {}],
      [{ responseAfter: 60 }, { responseAfter: 60 }], // UDP and ICMP state timed out (SG-13)
      [{ allBlocking: true }, { allBlocking: true }],
      [{ down }, { down: new Set([t.subnets[1]!.id, t.networkInterfaces[7]!.id]) }],
      [{}, {}],
      [{ time: 1000, responseAfter: 400 }, { responseAfter: 400 }], // the NAT gateway's 350 s (GW-14)
    ];
    const outcomes = new Set<string>();
    for (const [options, refOptions] of settings) {
      const before = engine.memoStats();
      const memo = walk(cases, options);
      expect(Array.from(memo)).toEqual(Array.from(walk(cases, { ...options, memo: false })));
      expect(Array.from(memo)).toEqual(Array.from(reference(t, cases, refOptions)));
      outcomes.add(Array.from(memo).join());
      const lookups = engine.memoStats().lookups - before.lookups;
      if (options.down) expect(lookups, 'a batch with a down set does not use the memo').toBe(0);
      else expect(lookups).toBeGreaterThan(0);
    }
    // The settings change verdicts, so a memo kept across them would have been caught.
    expect(outcomes.size).toBeGreaterThanOrEqual(4);

    // A changed image (every NACL denies inbound TCP): the memo of the old one must not answer.
    for (const acl of t.networkAcls) for (const e of acl.entries) if (!e.egress && (e.protocol === 6 || e.protocol === -1)) e.ruleAction = 'deny';
    const before = walk(cases, {});
    engine.loadNetwork(compileTopology(t));
    const after = walk(cases, {});
    expect(Array.from(after)).toEqual(Array.from(reference(t, cases, {})));
    expect(Array.from(after)).not.toEqual(Array.from(before));
  });

  it('rests when it does not hit, and walks every flow the same either way', () => {
    const t = generateTopology({ seed: 17, vpcs: 4, subnetsPerVpc: 4, instancesPerSubnet: 4, hub: 'peering' });
    engine.reset();
    engine.loadNetwork(compileTopology(t));
    // 20,000 distinct flows (no copies): after a probe of 4,096 lookups the memo rests.
    const cases = randomCases(t, 20_000, 99).map((c, i) => ({ ...c, flow: { ...c.flow, dstPort: c.flow.protocol === 6 || c.flow.protocol === 17 ? i % 60000 : c.flow.dstPort } }));
    const before = engine.memoStats();
    const memo = walk(cases, {});
    const stats = engine.memoStats();
    expect(stats.lookups - before.lookups).toBeLessThan(cases.length / 2);
    expect(Array.from(memo)).toEqual(Array.from(walk(cases, { memo: false })));
  });

  it('in input order a rest samples flows, and repeats of keys stored before it wake the memo', () => {
    const t = generateTopology({ seed: 17, vpcs: 4, subnetsPerVpc: 4, instancesPerSubnet: 4, hub: 'peering' });
    engine.reset();
    engine.loadNetwork(compileTopology(t));
    // 6,000 distinct TCP/UDP flows (destination port i), four times over in batches of 1,000 (input
    // order) of one epoch: the first probe (4,096 lookups) finds no repeat and rests for 2^17 flows,
    // past all 24,000; the second round repeats the probe's keys, which samples of the rest find.
    const distinct = randomCases(t, 12_000, 98).filter((c) => c.flow.protocol === 6 || c.flow.protocol === 17).slice(0, 6_000)
      .map((c, i) => ({ ...c, flow: { ...c.flow, dstPort: i } }));
    expect(distinct.length).toBe(6_000);
    const cases = [...distinct, ...distinct, ...distinct, ...distinct];
    const before = engine.memoStats();
    const memo = walk(cases, { time: 5 }, 1_000);
    const stats = engine.memoStats();
    expect(stats.hits - before.hits).toBeGreaterThan(cases.length / 4);
    expect(stats.lookups - before.lookups).toBeLessThan(cases.length);
    expect(Array.from(memo)).toEqual(Array.from(walk(cases, { memo: false })));
  });
});
