// BatchWalker.firstBlockers() (`trace --flows`'s explanations): each flow's first blocker worded alone
// must be the blocker the whole worded walk names first (explain(), trace's answer), on random flows of
// several topologies and on routing loops (TRACE-11: a direction at the hop limit that went round route
// tables ends at the loop, which only the whole walk's hops can name), and undefined for a reachable flow.
import { beforeAll, describe, expect, it } from 'vitest';
import { HopField } from '../../abi/hops.js';
import type { Engine } from '../../bindings/engine.js';
import { loadEngine } from '../../bindings/node.js';
import { BatchWalker, type BatchFlow } from '../../src/analyze/batch-walk.js';
import { isResolved, resolveTrace } from '../../src/analyze/resolve.js';
import { topology } from '../../src/builder/index.js';
import { loadTopology } from '../../src/import/load.js';
import type { Topology } from '../../src/model/types.js';
import { natLabVpc } from '../helpers/vpc-layouts.js';
import { featureTopology, hybridTopology, randomCases } from '../helpers/walk-differential.js';

function sameAsWholeWalk(engine: Engine, t: Topology, flows: BatchFlow[]): { blocked: number; reachable: number; details: string[] } {
  const walker = new BatchWalker(engine, t);
  const whole = walker.explain(flows, flows.map((_, i) => i));
  const first = walker.firstBlockers(flows);
  expect(first).toHaveLength(flows.length);
  flows.forEach((f, i) => expect(first[i], `flow ${i}: ${JSON.stringify(f, (_, v) => (typeof v === 'bigint' ? v.toString() : v))}`).toEqual(whole[i]!.blockedAt));
  return { blocked: first.filter((b) => b).length, reachable: first.filter((b) => !b).length, details: first.flatMap((b) => (b ? [b.detail] : [])) };
}

describe('first blockers worded alone', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await loadEngine({ build: 'debug' });
  });

  for (const [name, make] of [
    ['feature topology', () => featureTopology(false)],
    ['feature topology, appliance mode and a firewall', () => featureTopology(true, 'firewall')],
    ['hybrid topology', hybridTopology],
  ] as const) {
    it(`equal the whole walk's first blocker on random flows (${name})`, () => {
      const t = make();
      const flows = randomCases(t, 400, 77).map((c): BatchFlow => ({ origin: c.origin, flow: c.flow, ...(c.destination ? { destination: c.destination } : {}) }));
      const { blocked, reachable } = sameAsWholeWalk(engine, t, flows);
      expect(blocked, 'some flows are blocked').toBeGreaterThan(20);
      expect(reachable, 'some flows get through').toBeGreaterThan(5);
    });
  }

  it('name a routing loop as the whole walk does', () => {
    const t = topology({ region: 'us-east-1' })
      .vpc('Vpc', '10.0.0.0/16', (v) => natLabVpc(v, 'nat').instance('App', { subnet: 'Private', ip: '10.0.1.10' }))
      .build();
    const flows = [443, 80, 22].map((port): BatchFlow => {
      const r = resolveTrace(t, { from: 'App', to: '198.51.100.7', protocol: 'tcp', port, sourcePort: 40000 });
      if (!isResolved(r)) throw new Error('unresolved');
      return { origin: r.origin, flow: r.flows[0]! };
    });
    const { details } = sameAsWholeWalk(engine, t, flows);
    expect(details).toHaveLength(3);
    for (const d of details) expect(d).toMatch(/^routing loop: the packet goes round PublicRt/);
  });

  // firstBlockerOfEngineFlow reads the records as numbers and words the blocking hop alone only when
  // they agree with the verdict (one blocker, the last hop, its code the verdict's); any other records
  // go the whole walk's way, which refuses them rather than print a mixed answer.
  describe('records that disagree with the verdict are an error', () => {
    /** The blocked two-tier flow (Bastion -> AppServer:8080, SG) and the number of hops its traced walk records. */
    async function blockedFlow(): Promise<{ t: Topology; flow: BatchFlow; hops: number }> {
      const t = await loadTopology('examples/two-tier.yaml');
      const r = resolveTrace(t, { from: 'Bastion', to: 'AppServer', port: 8080, sourcePort: 50000 });
      if (!isResolved(r)) throw new Error('unresolved');
      const flow: BatchFlow = { origin: r.origin, flow: r.flows[0]!, ...(r.destination ? { destination: r.destination } : {}) };
      const traced = new BatchWalker(engine, t).explain([flow], [0])[0]!;
      return { t, flow, hops: traced.forward.length + traced.response.length };
    }

    /** An engine whose traced batches come back edited. */
    const lying = (edit: (verdicts: Int32Array, hops: Int32Array) => void): Engine => ({
      ...engine,
      walkBatch: (flows, options) => {
        const r = engine.walkBatch(flows, options);
        if (r.hops) edit(r.verdicts, r.hops);
        return r;
      },
    });
    const code = (hops: Int32Array, h: number) => hops[h * HopField.Stride + HopField.Code]!;

    it('an honest walk names its blocker (the records agree)', async () => {
      const { t, flow, hops } = await blockedFlow();
      expect(hops).toBeGreaterThan(2);
      const [blocker] = new BatchWalker(lying(() => undefined), t).firstBlockers([flow]);
      expect(blocker?.code).toBeGreaterThan(0);
      expect(blocker?.type).toBe('AWS::EC2::SecurityGroup');
    });

    it('a verdict of reachable with a blocking hop recorded', async () => {
      const { t, flow } = await blockedFlow();
      expect(() => new BatchWalker(lying((v) => v.fill(0)), t).firstBlockers([flow])).toThrow(/WASM engine's verdict 0 does not match its own hop records/);
    });

    it('a verdict other than the blocking hop code', async () => {
      const { t, flow } = await blockedFlow();
      expect(() => new BatchWalker(lying((v) => v.fill(v[0]! + 1)), t).firstBlockers([flow])).toThrow(/does not match its own hop records/);
    });

    it('a blocking hop that is not the last one', async () => {
      const { t, flow, hops } = await blockedFlow();
      // The last hop's code also on the one before it: two blockers, the first not the last hop.
      expect(() => new BatchWalker(lying((_, h) => (h[(hops - 2) * HopField.Stride + HopField.Code] = code(h, hops - 1))), t).firstBlockers([flow])).toThrow(/does not match its own hop records/);
    });

    it('no blocking hop under a blocked verdict', async () => {
      const { t, flow, hops } = await blockedFlow();
      expect(() => new BatchWalker(lying((_, h) => (h[(hops - 1) * HopField.Stride + HopField.Code] = 0)), t).firstBlockers([flow])).toThrow(/does not match its own hop records/);
    });
  });
});
