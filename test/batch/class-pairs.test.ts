// Flows between two endpoint lists made inside the engine (walkPairs, assembly/walk-class-pairs.ts: the
// matrix's class pairs, the policy check's instance pairs): flow k = (s * D + d) * P + p of a job must get
// the verdict walkBatch gives the same flow written into FlowColumn columns from the job's definition
// (bindings/network.ts PairFlows), at its own index, whatever the call's range (rows cut anywhere, more
// destinations than one tile) and under a down set; a pair of the same id goes to the alternate, or
// has no flow (PAIR_NO_FLOW).
import { beforeAll, describe, expect, it } from 'vitest';
import { PAIR_NO_FLOW } from '../../abi/class-pairs.js';
import type { Engine } from '../../bindings/engine.js';
import { allocateFlowBatch, pairFlowCount, type PairFlows } from '../../bindings/network.js';
import { loadEngine } from '../../bindings/node.js';
import { BatchWalker } from '../../src/analyze/batch-walk.js';
import { matrixMembers, type Member } from '../../src/analyze/matrix/members.js';
import { parsePorts } from '../../src/analyze/matrix/ports.js';
import { downBits } from '../../src/compile/index.js';
import { generateTopology } from '../../src/generate/generate.js';
import { Random } from '../../src/generate/random.js';

/**
 * A job between the topology's instances: sources every instance, destinations every instance in another
 * order, ids the instance's number; for a source and destination of the same instance, every third
 * destination has no alternate (no flow) and the others another instance (that pair crosses the network).
 */
function instanceJob(walker: BatchWalker, ports: string): PairFlows {
  const members = matrixMembers(walker.topology);
  const eni = (m: Member) => walker.networkInterface(m.eni.id);
  const M = members.length;
  const order = members.map((_, i) => (i * 7 + 3) % M);
  expect(new Set(order).size, 'destinations: a permutation').toBe(M);
  const alternate = (d: number): Member | undefined => (d % 3 === 0 ? undefined : members[(order[d]! + 1) % M]!);
  const p = parsePorts(ports);
  return {
    sourceEni: Int32Array.from(members, eni),
    sourceAddress: Uint32Array.from(members, (m) => m.address),
    sourceId: Int32Array.from(members, (_, i) => i),
    destinationEni: Int32Array.from(order, (i) => eni(members[i]!)),
    destinationAddress: Uint32Array.from(order, (i) => members[i]!.address),
    destinationId: Int32Array.from(order),
    alternateEni: Int32Array.from(order, (_, d) => {
      const a = alternate(d);
      return a ? eni(a) : -1;
    }),
    alternateAddress: Uint32Array.from(order, (_, d) => alternate(d)?.address ?? 0),
    protocol: Int32Array.from(p, (x) => x.protocol),
    dstPort: Int32Array.from(p, (x) => x.port),
    // Source ports apart from the matrix's one, so a swapped port array would show.
    srcPort: Int32Array.from(p, (x, i) => (x.protocol === 6 || x.protocol === 17 ? 40000 + i : 0)),
    icmpType: Int32Array.from(p, (x) => (x.protocol === 1 ? 8 : -1)),
    icmpCode: Int32Array.from(p, (x) => (x.protocol === 1 ? 0 : -1)),
  };
}

/**
 * The verdicts of the whole job as its definition says: PAIR_NO_FLOW for a pair with no flow, else what
 * walkBatch gives the flow written into batch columns.
 */
function expectedVerdicts(engine: Engine, job: PairFlows, down?: Uint32Array): Uint8Array {
  const D = job.destinationEni.length;
  const P = job.protocol.length;
  const total = pairFlowCount(job);
  const out = new Uint8Array(total).fill(PAIR_NO_FLOW);
  const place = (k: number) => ({ s: Math.floor(k / P / D), d: Math.floor(k / P) % D, p: k % P });
  const flows: number[] = [];
  for (let k = 0; k < total; k++) {
    const { s, d } = place(k);
    if (job.sourceId[s] !== job.destinationId[d] || job.alternateEni[d]! >= 0) flows.push(k);
  }
  const b = allocateFlowBatch(flows.length);
  flows.forEach((k, row) => {
    const { s, d, p } = place(k);
    const same = job.sourceId[s] === job.destinationId[d];
    b.origin[row] = job.sourceEni[s]!;
    b.src[4 * row] = job.sourceAddress[s]!;
    b.destination[row] = same ? job.alternateEni[d]! : job.destinationEni[d]!;
    b.dst[4 * row] = same ? job.alternateAddress[d]! : job.destinationAddress[d]!;
    b.family[row] = 4;
    b.protocol[row] = job.protocol[p]!;
    b.srcPort[row] = job.srcPort[p]!;
    b.dstPort[row] = job.dstPort[p]!;
    b.icmpType[row] = job.icmpType[p]!;
    b.icmpCode[row] = job.icmpCode[p]!;
  });
  const verdicts = engine.walkBatch(b, { memo: false, ...(down ? { down } : {}) }).verdicts;
  flows.forEach((k, row) => (out[k] = verdicts[row]!));
  return out;
}

describe('flows between two endpoint lists made by the engine (walkPairs)', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await loadEngine({ build: 'debug' });
  });

  const cases = [
    // 4 x 8 x 9 = 288 instances: more destinations than one tile (256).
    { name: 'transit gateway hub, 288 instances', make: () => generateTopology({ seed: 4, vpcs: 4, subnetsPerVpc: 8, instancesPerSubnet: 9, hub: 'tgw' }), ports: 'tcp/22,udp/53,icmp' },
    { name: 'peering mesh, 60 instances', make: () => generateTopology({ seed: 9, vpcs: 5, subnetsPerVpc: 3, instancesPerSubnet: 4, hub: 'peering' }), ports: 'tcp/443,all' },
  ];
  for (const { name, make, ports } of cases) {
    it(`gives each flow walkBatch's verdict at its own index, whatever the range: ${name}`, () => {
      const job = instanceJob(new BatchWalker(engine, make()), ports);
      const total = pairFlowCount(job);
      const expected = expectedVerdicts(engine, job);
      const verdicts = new Set(expected);
      expect(verdicts.has(PAIR_NO_FLOW), 'some pairs have no flow').toBe(true);
      expect(verdicts.has(0), 'some flows get through').toBe(true);
      expect(verdicts.size, 'and some are blocked, for more than one reason').toBeGreaterThan(3);
      expect(Array.from(engine.walkPairs(job, 0, total))).toEqual(Array.from(expected));
      // The same flows in calls cut at random places (inside rows, inside tiles), and a few single flows.
      const r = new Random(17);
      const cuts = [0, total, ...Array.from({ length: 12 }, () => r.int(0, total))].sort((a, b) => a - b);
      for (let i = 0; i + 1 < cuts.length; i++) {
        const [a, b] = [cuts[i]!, cuts[i + 1]!];
        expect(Array.from(engine.walkPairs(job, a, b)), `flows ${a} .. ${b}`).toEqual(Array.from(expected.subarray(a, b)));
      }
      for (let i = 0; i < 20; i++) {
        const k = r.int(0, total - 1);
        expect(engine.walkPairs(job, k, k + 1)[0], `flow ${k}`).toBe(expected[k]);
      }
    });
  }

  it('walks under the down set it is given, as walkBatch does', () => {
    const walker = new BatchWalker(engine, generateTopology({ seed: 4, vpcs: 4, subnetsPerVpc: 8, instancesPerSubnet: 9, hub: 'tgw' }));
    const job = instanceJob(walker, 'tcp/22,icmp');
    const image = walker.compiled.image;
    const total = pairFlowCount(job);
    // Two VPCs' transit gateway attachments down: their cross-VPC flows stop there.
    const attachments = image.components.filter((c) => c.kind === 'transit-gateway-attachment').slice(0, 2);
    expect(attachments.length).toBe(2);
    const down = downBits(image.componentIds, image.components.length, attachments.map((c) => c.id));
    const expected = expectedVerdicts(engine, job, down);
    const up = engine.walkPairs(job, 0, total);
    const withDown = engine.walkPairs(job, 0, total, { down });
    expect(Array.from(withDown)).toEqual(Array.from(expected));
    const changed = withDown.filter((v, k) => v !== up[k]).length;
    expect(changed, 'the down attachments block flows that get through with nothing down').toBeGreaterThan(0);
    // The down set lasts for one call only.
    expect(Array.from(engine.walkPairs(job, 0, total))).toEqual(Array.from(up));
  });

  it('refuses a range outside the job and arrays of another length than it says, naming them', () => {
    const job = instanceJob(new BatchWalker(engine, generateTopology({ seed: 9, vpcs: 2, subnetsPerVpc: 2, instancesPerSubnet: 2, hub: 'peering' })), 'tcp/22');
    const total = pairFlowCount(job);
    const D = job.destinationEni.length;
    expect(() => engine.walkPairs(job, 0, total + 1)).toThrow(`walkPairs: flows 0 .. ${total + 1} are not inside the job's ${total}`);
    expect(() => engine.walkPairs(job, 5, 4)).toThrow(/flows 5 \.\. 4 are not inside/);
    expect(() => engine.walkPairs({ ...job, alternateAddress: job.alternateAddress.subarray(1) }, 0, 1)).toThrow(`walkPairs: array AlternateAddress has ${D - 1} values, the job needs ${D}`);
    expect(engine.walkPairs(job, 3, 3).length).toBe(0);
  });
});
