// Untraced batches of WALK_ORDER_MIN_FLOWS flows or more are walked grouped by source ENI
// (assembly/batch-order.ts), a window of flows at a time. Whatever the order, each verdict must be the
// one its own flow gets walked alone in input order, at its own index: checked against small untraced
// batches (input order), traced batches, a shuffled copy of the batch, and the reference walk.
import { readFile } from 'node:fs/promises';
import { instantiate } from '@assemblyscript/loader';
import { beforeAll, describe, expect, it } from 'vitest';
import { EniField, Header, Section } from '../abi/image.js';
import { Public4Field } from '../abi/image-addresses.js';
import { Origin, VERDICT_UNSUPPORTED, WALK_ORDER_MIN_FLOWS, WALK_ORDER_WINDOW_FLOWS } from '../abi/batch.js';
import { sampleFlows } from '../bench/flow-mix.js';
import { createEngine, type Engine, type EngineExports } from '../bindings/engine.js';
import { allocateFlowBatch, type FlowBatch } from '../bindings/network.js';
import { loadEngine, wasmPath } from '../bindings/node.js';
import { compileTopology } from '../src/compile/index.js';
import { generateTopology } from '../src/generate/generate.js';
import type { Topology } from '../src/model/types.js';
import { referenceHops } from '../src/reference/walk.js';

const SCALARS = ['origin', 'family', 'protocol', 'srcPort', 'dstPort', 'icmpType', 'icmpCode', 'destination'] as const;

/** Flows [from, to) of a batch, or the flows at `indices`, as a new batch. */
function pick(batch: FlowBatch, indices: number[]): FlowBatch {
  const out = allocateFlowBatch(indices.length);
  indices.forEach((j, i) => {
    for (const c of SCALARS) out[c][i] = batch[c][j]!;
    out.src.set(batch.src.subarray(4 * j, 4 * j + 4), 4 * i);
    out.dst.set(batch.dst.subarray(4 * j, 4 * j + 4), 4 * i);
  });
  return out;
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

/** Verdicts of the batch walked in input order: untraced batches below the sorting threshold. */
function inputOrderVerdicts(engine: Engine, batch: FlowBatch): Int32Array {
  const n = batch.origin.length;
  const out = new Int32Array(n);
  const chunk = WALK_ORDER_MIN_FLOWS - 1;
  for (let a = 0; a < n; a += chunk) out.set(engine.walkBatch(pick(batch, range(a, Math.min(n, a + chunk)))).verdicts, a);
  return out;
}

/**
 * The bench's flow mix (ENI and internet origins) plus flows the sort puts in its last group: on
 * premises, an ENI id the image does not have, an internet client sending to an address nobody owns.
 */
function mixedBatch(t: Topology, n: number): FlowBatch {
  const batch = sampleFlows(t, n, 777).batch;
  for (let i = 0; i < n; i += 97) batch.origin[i] = Origin.OnPremises;
  for (let i = 50; i < n; i += 101) batch.origin[i] = t.networkInterfaces.length + 5;
  for (let i = 25; i < n; i += 89) {
    batch.origin[i] = Origin.Internet;
    batch.dst[4 * i] = 0x08080808;
  }
  return batch;
}

/**
 * The group each flow of `batch` belongs to, from the image's words (assembly/batch-order.ts): the source
 * ENI's VPC, and on images over 1 MB the ENI itself after it; for an IPv4 internet client the ENI holding
 * the public address it sends to (GW-3); the rest (on premises, unknown ENIs, unowned addresses) last.
 */
function groupsOf(words: Int32Array, batch: FlowBatch, byEni: boolean): number[][] {
  const offset = (s: Section) => words[Header.FirstSection + 2 * s]!;
  const count = (s: Section) => words[Header.FirstSection + 2 * s + 1]!;
  const vpcs = count(Section.Vpc);
  const enis = count(Section.Eni);
  const publicOwner = new Map<number, number>();
  for (let k = 0; k < count(Section.Public4); k++) {
    const at = offset(Section.Public4) + k * Public4Field.Stride;
    if (words[at + Public4Field.Eni]! >= 0) publicOwner.set(words[at + Public4Field.Public]! >>> 0, words[at + Public4Field.Eni]!);
  }
  const groupOfEni = (e: number | undefined): number[] => {
    if (e === undefined || e < 0 || e >= enis) return [vpcs + 1];
    const v = words[offset(Section.Eni) + e * EniField.Stride + EniField.Vpc]!;
    const vpc = v >= 0 && v < vpcs ? v : vpcs;
    return byEni ? [vpc, e] : [vpc];
  };
  return Array.from(batch.origin, (o, i) => {
    if (o >= 0) return groupOfEni(o);
    if (o === Origin.Internet && batch.family[i] === 4) return groupOfEni(publicOwner.get(batch.dst[4 * i]!) ?? -1);
    return [vpcs + 1];
  });
}

describe('untraced batches walked grouped by source (batch order)', () => {
  let debug: Engine;
  let release: Engine;
  beforeAll(async () => {
    debug = await loadEngine({ build: 'debug' });
    release = await loadEngine({ build: 'release' });
  });

  const cases = [
    { name: 'peering mesh, 30 VPCs', make: () => generateTopology({ seed: 3, vpcs: 30, subnetsPerVpc: 6, instancesPerSubnet: 4, hub: 'peering' }) },
    { name: 'transit gateway hub, 12 VPCs', make: () => generateTopology({ seed: 8, vpcs: 12, subnetsPerVpc: 5, instancesPerSubnet: 3, hub: 'tgw' }) },
    // An image over 1 MB: grouped by source ENI (its rank in VPC order), not by VPC alone.
    { name: 'peering mesh, 100 VPCs', overMegabyte: true, make: () => generateTopology({ seed: 5, vpcs: 100, subnetsPerVpc: 10, instancesPerSubnet: 10, hub: 'peering' }) },
  ];

  for (const { name, make, overMegabyte } of cases) {
    it(`gives every flow its input-order verdict at its own index (debug build): ${name}`, () => {
      const t = make();
      debug.reset();
      const image = compileTopology(t);
      expect(image.words.byteLength > 1 << 20).toBe(overMegabyte === true);
      debug.loadNetwork(image);
      const n = 3 * WALK_ORDER_MIN_FLOWS + 123;
      const batch = mixedBatch(t, n);
      const sorted = debug.walkBatch(batch).verdicts;
      expect(Array.from(sorted)).toEqual(Array.from(inputOrderVerdicts(debug, batch)));
      // Traced batches are walked in input order too.
      expect(Array.from(sorted.subarray(0, 2000))).toEqual(Array.from(debug.walkBatch(pick(batch, range(0, 2000)), { trace: true }).verdicts));
      // A shuffled copy: each flow keeps its verdict wherever it sits in the batch.
      const shuffle = range(0, n).sort((a, b) => ((a * 2654435761) >>> 0) % 1009 - ((b * 2654435761) >>> 0) % 1009 || a - b);
      const shuffled = debug.walkBatch(pick(batch, shuffle)).verdicts;
      expect(shuffle.map((j) => sorted[j])).toEqual(Array.from(shuffled));
      // The sort's last group was exercised, and more than one verdict occurs.
      expect(sorted.filter((v) => v === VERDICT_UNSUPPORTED).length).toBeGreaterThan(0);
      expect(new Set(sorted).size).toBeGreaterThan(3);
    });
  }

  it('walks each group together, groups in key order, input order within a group', async () => {
    const { exports } = await instantiate(await readFile(wasmPath('debug')), {});
    const raw = exports as unknown as { walkOrderPlace(i: number): number };
    const engine = createEngine(exports as unknown as EngineExports);
    for (const { name, make, overMegabyte } of cases.filter((c) => c.name !== cases[1]!.name)) {
      const t = make();
      const image = compileTopology(t);
      engine.loadNetwork(image);
      const n = 2 * WALK_ORDER_MIN_FLOWS + 321;
      const batch = mixedBatch(t, n);
      engine.walkBatch(batch);
      const places = range(0, n).map((i) => raw.walkOrderPlace(i));
      expect(raw.walkOrderPlace(n), name).toBe(-1);
      expect([...places].sort((a, b) => a - b), `${name}: every row once`).toEqual(range(0, n));
      // order[k]: the flow in row k.
      const order = new Array<number>(n);
      places.forEach((k, i) => (order[k] = i));
      const groups = groupsOf(image.words, batch, overMegabyte === true);
      const compare = (a: number[], b: number[]) => a[0]! - b[0]! || (a[1] ?? 0) - (b[1] ?? 0);
      for (let k = 1; k < n; k++) {
        const [before, after] = [order[k - 1]!, order[k]!];
        const c = compare(groups[before]!, groups[after]!);
        expect(c < 0 || (c === 0 && before < after), `${name}: rows ${k - 1}, ${k} (flows ${before}: ${groups[before]}, ${after}: ${groups[after]})`).toBe(true);
      }
      // Internet clients joined their server's group: some sit among ENI-origin flows.
      const internetAmongEnis = order.some((i, k) => batch.origin[i] === Origin.Internet && k > 0 && batch.origin[order[k - 1]!]! >= 0 && compare(groups[i]!, groups[order[k - 1]!]!) === 0);
      expect(internetAmongEnis, `${name}: an internet client grouped with its server's flows`).toBe(true);
    }
  });

  it('agrees with the reference walk on a sample of a sorted batch', () => {
    const t = cases[0]!.make();
    release.reset();
    release.loadNetwork(compileTopology(t));
    const n = 2 * WALK_ORDER_MIN_FLOWS;
    const sample = sampleFlows(t, n, 4242);
    const verdicts = release.walkBatch(sample.batch).verdicts;
    for (let i = 0; i < n; i += 17) expect(verdicts[i], `flow ${i}`).toBe(referenceHops(t, sample.flows[i]!, sample.origins[i]!).verdict);
  });

  it('groups by the VPCs of the image loaded now: a smaller image after a larger one, with and without reset', () => {
    // The sort keeps an ENI -> VPC table per loaded image; one left from the larger image would group
    // flows into VPCs the new image does not have.
    const big = cases[0]!.make();
    const small = cases[1]!.make();
    const n = 2 * WALK_ORDER_MIN_FLOWS + 7;
    debug.reset();
    debug.loadNetwork(compileTopology(big));
    debug.walkBatch(mixedBatch(big, n));
    for (const reset of [false, true]) {
      if (reset) debug.reset();
      debug.loadNetwork(compileTopology(small));
      const batch = mixedBatch(small, n);
      expect(Array.from(debug.walkBatch(batch).verdicts), `reset ${reset}`).toEqual(Array.from(inputOrderVerdicts(debug, batch)));
    }
  });

  it('walks batches larger than one sorting window (release build)', () => {
    const t = cases[0]!.make();
    release.reset();
    release.loadNetwork(compileTopology(t));
    // The engine sorts WALK_ORDER_WINDOW_FLOWS flows at a time: this batch spans two windows.
    const n = WALK_ORDER_WINDOW_FLOWS + 5000;
    const batch = mixedBatch(t, n);
    const sorted = release.walkBatch(batch).verdicts;
    expect(Array.from(sorted)).toEqual(Array.from(inputOrderVerdicts(release, batch)));
  });
});
