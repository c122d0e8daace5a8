// The verdict memo's key (assembly/walk-memo.ts), rule by rule: two flows that differ only in their
// source port share a memo entry exactly when the header says they may. A walk that read the source
// port (packet.ts sourcePortRead: here the response's check against a network ACL that denies some
// ports) keys it by its elementary interval of the image's port cuts: the same interval, none of the
// flow's own cuts d, d + 1, d + 1024, d + 1025 between them, both at or above 1024, no transit gateway
// in the image. A walk that did not (both instances in one subnet: no ACL on the path, the response
// allowed by connection tracking) is stored for every source port of 1024 or more but d and d + 1024.
// Flows whose values do not fit the key are walked without a lookup. Told by the memo's hit count: a
// pair walked in a fresh epoch hits once when the two share a key and never when they do not, in
// input order (the full table) and grouped by source (the grouped batch's smaller table). Verdicts
// are the other tests' business (walk-memo.test.ts).
import { beforeAll, describe, expect, it } from 'vitest';
import { WALK_ORDER_MIN_FLOWS } from '../abi/batch.js';
import { loadEngine } from '../bindings/node.js';
import type { Engine } from '../bindings/engine.js';
import { topology } from '../src/builder/index.js';
import { compileTopology } from '../src/compile/index.js';
import type { Topology } from '../src/model/types.js';
import { toBatch, type Case } from './helpers/walk-differential.js';

const AZ = 'us-east-1a';
/** The flow's destination port: its own cuts are 20000, 20001, 21024 and 21025. */
const D = 20000;

/**
 * App talks to Server on TCP D. The image's port cuts: 1024 (always), 1030 and 1501 (a NACL range:
 * two cuts inside the 256-port block 1024-1279 with 1024, one inside 1280-1535), 3000 and 3001 (a
 * group rule), 32768 (a block boundary) and 61000 (a NACL range 32768-60999), 65536. `crossing`:
 * Server in a second subnet, so the response enters App's subnet through its ACL, whose deny entries
 * make it read the response's destination port (the source port); else both in App's subnet. With
 * `tgw`, a transit gateway too (not on the path): a walk that read the source port keys it exactly (TGW-12).
 */
function keyTopology(tgw: boolean, crossing = true): Topology {
  const b = topology({ region: 'us-east-1' }).vpc('A', '10.0.0.0/16', (v) =>
    v
      .subnet('One', '10.0.1.0/24', { az: AZ })
      .subnet('Two', '10.0.2.0/24', { az: AZ })
      .routeTable('Rt', { subnets: ['One', 'Two'] })
      .networkAcl('Acl', { subnets: ['One'] }, (acl) => acl
        .ingress(100, { action: 'deny', protocol: 'tcp', ports: [1030, 1500], cidr: '10.0.0.0/16' })
        .ingress(110, { action: 'deny', protocol: 'tcp', ports: [32768, 60999], cidr: '10.0.0.0/16' })
        .ingress(120, { action: 'allow', protocol: 'all', cidr: '0.0.0.0/0' })
        .egress(100, { action: 'allow', protocol: 'all', cidr: '0.0.0.0/0' }))
      .securityGroup('Sg', (g) => g.ingress({ protocol: 'tcp', ports: 3000, cidr: '10.0.0.0/16' }).ingress({ protocol: 'tcp', ports: D, cidr: '10.0.0.0/16' }).egress({ protocol: 'all', cidr: '0.0.0.0/0' }))
      .instance('App', { subnet: 'One', ip: '10.0.1.10', sgs: ['Sg'] })
      .instance('Server', { subnet: crossing ? 'Two' : 'One', ip: crossing ? '10.0.2.20' : '10.0.1.20', sgs: ['Sg'] }),
  );
  if (tgw) b.transitGateway('Tgw', {}, (g) => g.vpcAttachment('Att', { vpc: 'A', subnets: ['One'] }));
  return b.build();
}

describe('the verdict memo key, pair by pair (issue 18)', () => {
  let engine: Engine;
  let clock = 0;
  beforeAll(async () => {
    engine = await loadEngine({ build: 'debug' });
  });

  const load = (t: Topology): ((srcPort: number, extra?: Partial<Case['flow']>) => Case) => {
    engine.reset();
    engine.loadNetwork(compileTopology(t));
    const app = t.networkInterfaces.find((e) => e.privateIps[0]?.address?.value === 0x0a00010an)!;
    const serverEni = t.instances.find((i) => i.logicalId === 'Server')!.networkInterfaceIds[0]!;
    const serverAddress = t.networkInterfaces.find((e) => e.id === serverEni)!.privateIps[0]!.address!.value;
    const origin = { kind: 'network-interface' as const, networkInterfaceId: app.id };
    const originEni = t.networkInterfaces.indexOf(app);
    return (srcPort, extra = {}) => ({
      origin, originEni, destinationEni: -1,
      flow: { family: 4, src: 0x0a00010an, dst: serverAddress, protocol: 6, srcPort, dstPort: D, icmpType: -1, icmpCode: -1, ...extra },
    });
  };

  /** Lookups and hits of `cases` walked as one batch in a fresh epoch. */
  const stats = (cases: Case[]): { lookups: number; hits: number } => {
    const before = engine.memoStats();
    engine.walkBatch(toBatch(cases), { time: ++clock });
    const after = engine.memoStats();
    return { lookups: after.lookups - before.lookups, hits: after.hits - before.hits };
  };

  /** Whether flows with source ports a and b share a key: in input order, and grouped (padded with flows of other destination ports). */
  const shared = (flow: (srcPort: number, extra?: Partial<Case['flow']>) => Case, a: number, b: number): [boolean, boolean] => {
    const pair = stats([flow(a), flow(b)]);
    expect(pair.lookups).toBe(2);
    const padding = Array.from({ length: WALK_ORDER_MIN_FLOWS }, (_, i) => flow(40000, { dstPort: 100 + i }));
    const grouped = stats([flow(a), flow(b), ...padding]);
    expect(grouped.lookups).toBe(2 + padding.length);
    return [pair.hits === 1, grouped.hits === 1];
  };

  const pairs: Array<[number, number, boolean, string]> = [
    [1025, 1029, true, 'one interval, in the block of cuts 1024 and 1030'],
    [1029, 1030, false, 'the second cut inside one block'],
    [1279, 1280, true, 'one interval across a block boundary'],
    [1500, 1501, false, 'a cut inside the next block'],
    [1501, 2999, true, 'one interval over several blocks'],
    [2999, 3000, false, 'a group rule port'],
    [3000, 3001, false, 'a one-port interval'],
    [D - 2, D - 1, true, 'below the destination port'],
    [D - 1, D, false, 'd cuts'],
    [D, D + 1, false, 'd + 1 cuts'],
    [D + 1, D + 2, true, 'past d + 1'],
    [D + 1023, D + 1024, false, 'd + 1024 cuts (GW-8)'],
    [D + 1024, D + 1025, false, 'd + 1025 cuts'],
    [D + 1025, D + 1026, true, 'past d + 1025'],
    [32767, 32768, false, 'a cut on a block boundary'],
    [32768, 33000, true, 'the NACL range'],
    [60999, 61000, false, "the range's end"],
    [61000, 65535, true, 'to the end of the port line'],
    [500, 501, false, 'below 1024: exact'],
  ];

  it('source ports share a key exactly within one interval of the cuts', () => {
    const flow = load(keyTopology(false));
    const wrong = pairs.filter(([a, b, share]) => shared(flow, a, b).some((s) => s !== share)).map(([a, b, share, why]) => ({ a, b, share, why }));
    expect(wrong).toEqual([]);
  });

  it('with a transit gateway every source port is its own key (TGW-12)', () => {
    const flow = load(keyTopology(true));
    expect(shared(flow, 1501, 2999)).toEqual([false, false]);
    expect(shared(flow, 61000, 65535)).toEqual([false, false]);
    expect(shared(flow, 61000, 61000)).toEqual([true, true]);
  });

  // A walk that read no source port: one entry for every port of 1024 or more but d and d + 1024.
  const anyPortPairs: Array<[number, number, boolean, string]> = [
    [1025, 65535, true, 'across every cut of the image'],
    [1029, 1030, true, 'across a NACL cut'],
    [2999, 3000, true, 'across a group rule port'],
    [D + 1, D + 2, true, 'd + 1 is no cut here'],
    [D + 1025, 1024, true, 'd + 1025 neither'],
    [D - 1, D, false, 'd: connection tracking may compare them'],
    [D + 1023, D + 1024, false, 'd + 1024 (GW-8)'],
    [1023, 1024, false, 'below 1024: exact'],
    [500, 501, false, 'below 1024: exact'],
  ];

  it('a walk that did not read the source port serves every source port of 1024 or more but d and d + 1024', () => {
    const flow = load(keyTopology(false, false));
    const wrong = anyPortPairs.filter(([a, b, share]) => shared(flow, a, b).some((s) => s !== share)).map(([a, b, share, why]) => ({ a, b, share, why }));
    expect(wrong).toEqual([]);
  });

  it('a transit gateway off the path leaves a walk that did not read the source port serving every port', () => {
    const flow = load(keyTopology(true, false));
    expect(shared(flow, 1501, 2999)).toEqual([true, true]);
    expect(shared(flow, 61000, 1025)).toEqual([true, true]);
  });

  it('flows whose values do not fit the key are walked without a lookup', () => {
    const flow = load(keyTopology(false));
    const misfits = [flow(65536), flow(2000, { dstPort: 65536 }), flow(2000, { dstPort: -1 }), flow(2000, { protocol: 40000 }), flow(2000, { icmpType: -40000 }), flow(2000, { icmpCode: 32768 })];
    for (const c of misfits) expect(stats([c, c]), JSON.stringify(c.flow, (_, v) => (typeof v === 'bigint' ? String(v) : v))).toEqual({ lookups: 0, hits: 0 });
    // At the edges of what fits: looked up, and the copy hits.
    for (const c of [flow(65535, { dstPort: 65535 }), flow(2000, { protocol: 32767, icmpType: -32768, icmpCode: 32767 })]) expect(stats([c, c])).toEqual({ lookups: 2, hits: 1 });
  });
});
