// The block warm-up (assembly/walk-warm.ts) loads records ahead of the walk and must never change an
// answer: untraced batches of 64 flows or more walked in input order (below WALK_ORDER_MIN_FLOWS) are
// warmed a block of 32 flows at a time; traced batches and single flows are not. Each verdict of a
// warmed batch must be the one its flow gets alone, on flows whose destination hint is right, wrong
// (a destination nobody holds, an address of another VPC) or absent (IPv6, internet and on-premises
// origins, an origin the image does not have), and after a smaller image replaces a larger one (the
// hint table is rebuilt from the image loaded now).
import { beforeAll, describe, expect, it } from 'vitest';
import { Origin, WALK_ORDER_MIN_FLOWS } from '../abi/batch.js';
import { sampleFlows } from '../bench/flow-mix.js';
import type { Engine } from '../bindings/engine.js';
import { allocateFlowBatch, type FlowBatch } from '../bindings/network.js';
import { loadEngine } from '../bindings/node.js';
import { compileTopology } from '../src/compile/index.js';
import { generateTopology } from '../src/generate/generate.js';
import type { Topology } from '../src/model/types.js';
import { referenceHops } from '../src/reference/walk.js';
import type { Flow, FlowOrigin } from '../src/walk/flow.js';

const SCALARS = ['origin', 'family', 'protocol', 'srcPort', 'dstPort', 'icmpType', 'icmpCode', 'destination'] as const;

/** Flow i of a batch as a batch of one. */
function one(batch: FlowBatch, i: number): FlowBatch {
  const out = allocateFlowBatch(1);
  for (const c of SCALARS) out[c][0] = batch[c][i]!;
  out.src.set(batch.src.subarray(4 * i, 4 * i + 4));
  out.dst.set(batch.dst.subarray(4 * i, 4 * i + 4));
  return out;
}

/**
 * The bench's flow mix, with every kind of flow a hint can be wrong for: on premises, an ENI id the
 * image does not have, internet clients to an unowned address, destinations nobody holds, an IPv6 flow.
 */
function awkwardBatch(t: Topology, n: number, seed: number): { batch: FlowBatch; flows: Flow[]; origins: FlowOrigin[] } {
  const sample = sampleFlows(t, n, seed);
  const { batch } = sample;
  for (let i = 0; i < n; i += 13) batch.origin[i] = Origin.OnPremises;
  for (let i = 5; i < n; i += 17) batch.origin[i] = t.networkInterfaces.length + 3;
  for (let i = 7; i < n; i += 19) {
    batch.origin[i] = Origin.Internet;
    batch.dst[4 * i] = 0x08080808;
  }
  // A destination one above a real one: usually nobody's, its hint slot another address's.
  for (let i = 3; i < n; i += 11) batch.dst[4 * i] = (batch.dst[4 * i]! + 1) >>> 0;
  for (let i = 9; i < n; i += 23) {
    batch.family[i] = 6;
    batch.src.set([0x20010db8, 1, 0, i], 4 * i);
    batch.dst.set([0x20010db8, 2, 0, i], 4 * i);
  }
  return { batch, flows: sample.flows, origins: sample.origins };
}

describe('block warm-up of untraced batches (walk-warm.ts)', () => {
  let debug: Engine;
  let release: Engine;
  beforeAll(async () => {
    debug = await loadEngine({ build: 'debug' });
    release = await loadEngine({ build: 'release' });
  });

  const big = () => generateTopology({ seed: 3, vpcs: 30, subnetsPerVpc: 6, instancesPerSubnet: 4, hub: 'peering' });
  const small = () => generateTopology({ seed: 8, vpcs: 12, subnetsPerVpc: 5, instancesPerSubnet: 3, hub: 'tgw' });

  for (const n of [64, 77, 300, WALK_ORDER_MIN_FLOWS - 1]) {
    it(`gives each flow of a warmed ${n}-flow batch the verdict it gets alone and traced (debug build)`, () => {
      const t = big();
      debug.reset();
      debug.loadNetwork(compileTopology(t));
      const { batch } = awkwardBatch(t, n, 99 + n);
      const warmed = debug.walkBatch(batch).verdicts;
      expect(Array.from(warmed)).toEqual(Array.from(debug.walkBatch(batch, { trace: true }).verdicts));
      for (let i = 0; i < n; i += 7) expect(warmed[i], `flow ${i}`).toBe(debug.walkBatch(one(batch, i)).verdicts[0]);
    });
  }

  it('agrees with the reference walk on a warmed input-order batch of the bench mix (release build)', () => {
    const t = big();
    release.reset();
    release.loadNetwork(compileTopology(t));
    const n = 500;
    const sample = sampleFlows(t, n, 4243);
    const verdicts = release.walkBatch(sample.batch).verdicts;
    for (let i = 0; i < n; i += 5) expect(verdicts[i], `flow ${i}`).toBe(referenceHops(t, sample.flows[i]!, sample.origins[i]!).verdict);
  });

  it('warms from the image loaded now: a smaller image after a larger one, with and without reset', () => {
    const large = big();
    const little = small();
    debug.reset();
    debug.loadNetwork(compileTopology(large));
    debug.walkBatch(awkwardBatch(large, 400, 1).batch);
    for (const reset of [false, true]) {
      if (reset) debug.reset();
      debug.loadNetwork(compileTopology(little));
      const { batch } = awkwardBatch(little, 400, 2);
      expect(Array.from(debug.walkBatch(batch).verdicts), `reset ${reset}`).toEqual(Array.from(debug.walkBatch(batch, { trace: true }).verdicts));
    }
  });
});
