// The matrix's class-pair flows made inside the engine (walkClassPairs, assembly/walk-class-pairs.ts):
// flow k = (c * C + d) * P + p of a job must get the verdict walkBatch gives the same flow written into
// FlowColumn columns from the job's definition (bindings/network.ts ClassPairFlows), at its own index,
// whatever the call's range (rows cut anywhere, more destination classes than one tile) and under a
// down set.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../bindings/engine.js';
import { allocateFlowBatch, type ClassPairFlows, type FlowBatch } from '../../bindings/network.js';
import { loadEngine } from '../../bindings/node.js';
import { BatchWalker } from '../../src/analyze/batch-walk.js';
import { matrixMembers, type Member } from '../../src/analyze/matrix/members.js';
import { parsePorts } from '../../src/analyze/matrix/ports.js';
import { downBits } from '../../src/compile/index.js';
import { generateTopology } from '../../src/generate/generate.js';
import { Random } from '../../src/generate/random.js';

/**
 * A job whose classes are the topology's instances: class i's first member is instance i's primary ENI,
 * its second another instance's (so a class paired with itself crosses the network too).
 */
function instanceJob(walker: BatchWalker, ports: string): ClassPairFlows {
  const members = matrixMembers(walker.topology);
  const eni = (m: Member) => walker.networkInterface(m.eni.id);
  const C = members.length;
  const second = (i: number) => members[(i * 7 + 3) % C]!;
  const p = parsePorts(ports);
  return {
    classes: C,
    ports: p.length,
    firstEni: Int32Array.from(members, eni),
    secondEni: Int32Array.from(members, (_, i) => eni(second(i))),
    firstAddress: Uint32Array.from(members, (m) => m.address),
    secondAddress: Uint32Array.from(members, (_, i) => second(i).address),
    protocol: Int32Array.from(p, (x) => x.protocol),
    dstPort: Int32Array.from(p, (x) => x.port),
    // Source ports apart from the matrix's one, so a swapped port array would show.
    srcPort: Int32Array.from(p, (x, i) => (x.protocol === 6 || x.protocol === 17 ? 40000 + i : 0)),
    icmpType: Int32Array.from(p, (x) => (x.protocol === 1 ? 8 : -1)),
    icmpCode: Int32Array.from(p, (x) => (x.protocol === 1 ? 0 : -1)),
  };
}

/** Flows [start, end) of the job, written from the definition of ClassPairFlows into batch columns. */
function jobBatch(job: ClassPairFlows, start: number, end: number): FlowBatch {
  const b = allocateFlowBatch(end - start);
  const P = job.ports;
  const C = job.classes;
  for (let k = start; k < end; k++) {
    const row = k - start;
    const p = k % P;
    const d = Math.floor(k / P) % C;
    const c = Math.floor(k / P / C);
    b.origin[row] = job.firstEni[c]!;
    b.src[4 * row] = job.firstAddress[c]!;
    b.destination[row] = c === d ? job.secondEni[d]! : job.firstEni[d]!;
    b.dst[4 * row] = c === d ? job.secondAddress[d]! : job.firstAddress[d]!;
    b.family[row] = 4;
    b.protocol[row] = job.protocol[p]!;
    b.srcPort[row] = job.srcPort[p]!;
    b.dstPort[row] = job.dstPort[p]!;
    b.icmpType[row] = job.icmpType[p]!;
    b.icmpCode[row] = job.icmpCode[p]!;
  }
  return b;
}

describe('class-pair flows made by the engine (walkClassPairs)', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await loadEngine({ build: 'debug' });
  });

  const cases = [
    // 4 x 8 x 9 = 288 instances: more destination classes than one tile (256).
    { name: 'transit gateway hub, 288 instances', make: () => generateTopology({ seed: 4, vpcs: 4, subnetsPerVpc: 8, instancesPerSubnet: 9, hub: 'tgw' }), ports: 'tcp/22,udp/53,icmp' },
    { name: 'peering mesh, 60 instances', make: () => generateTopology({ seed: 9, vpcs: 5, subnetsPerVpc: 3, instancesPerSubnet: 4, hub: 'peering' }), ports: 'tcp/443,all' },
  ];
  for (const { name, make, ports } of cases) {
    it(`gives each flow walkBatch's verdict at its own index, whatever the range: ${name}`, () => {
      const job = instanceJob(new BatchWalker(engine, make()), ports);
      const total = job.classes * job.classes * job.ports;
      const expected = engine.walkBatch(jobBatch(job, 0, total), { memo: false }).verdicts;
      const verdicts = new Set(expected);
      expect(verdicts.has(0), 'some flows get through').toBe(true);
      expect(verdicts.size, 'and some are blocked, for more than one reason').toBeGreaterThan(2);
      expect(Array.from(engine.walkClassPairs(job, 0, total))).toEqual(Array.from(expected));
      // The same flows in calls cut at random places (inside rows, inside tiles), and a few single flows.
      const r = new Random(17);
      const cuts = [0, total, ...Array.from({ length: 12 }, () => r.int(0, total))].sort((a, b) => a - b);
      for (let i = 0; i + 1 < cuts.length; i++) {
        const [a, b] = [cuts[i]!, cuts[i + 1]!];
        expect(Array.from(engine.walkClassPairs(job, a, b)), `flows ${a} .. ${b}`).toEqual(Array.from(expected.subarray(a, b)));
      }
      for (let i = 0; i < 20; i++) {
        const k = r.int(0, total - 1);
        expect(engine.walkClassPairs(job, k, k + 1)[0], `flow ${k}`).toBe(expected[k]);
      }
    });
  }

  it('walks under the down set it is given, as walkBatch does', () => {
    const walker = new BatchWalker(engine, generateTopology({ seed: 4, vpcs: 4, subnetsPerVpc: 8, instancesPerSubnet: 9, hub: 'tgw' }));
    const job = instanceJob(walker, 'tcp/22,icmp');
    const image = walker.compiled.image;
    const total = job.classes * job.classes * job.ports;
    // Two VPCs' transit gateway attachments down: their cross-VPC flows stop there.
    const attachments = image.components.filter((c) => c.kind === 'transit-gateway-attachment').slice(0, 2);
    expect(attachments.length).toBe(2);
    const down = downBits(image.componentIds, image.components.length, attachments.map((c) => c.id));
    const expected = engine.walkBatch(jobBatch(job, 0, total), { memo: false, down }).verdicts;
    const up = engine.walkClassPairs(job, 0, total);
    const withDown = engine.walkClassPairs(job, 0, total, { down });
    expect(Array.from(withDown)).toEqual(Array.from(expected));
    const changed = withDown.filter((v, k) => v !== up[k]).length;
    expect(changed, 'the down attachments block flows that get through with nothing down').toBeGreaterThan(0);
    // The down set lasts for one call only.
    expect(Array.from(engine.walkClassPairs(job, 0, total))).toEqual(Array.from(up));
  });

  it('refuses a range outside the job and arrays shorter than it says, naming them', () => {
    const job = instanceJob(new BatchWalker(engine, generateTopology({ seed: 9, vpcs: 2, subnetsPerVpc: 2, instancesPerSubnet: 2, hub: 'peering' })), 'tcp/22');
    const total = job.classes * job.classes;
    expect(() => engine.walkClassPairs(job, 0, total + 1)).toThrow(`walkClassPairs: flows 0 .. ${total + 1} are not inside the job's ${total}`);
    expect(() => engine.walkClassPairs(job, 5, 4)).toThrow(/flows 5 \.\. 4 are not inside/);
    expect(() => engine.walkClassPairs({ ...job, secondAddress: job.secondAddress.subarray(1) }, 0, 1)).toThrow(`walkClassPairs: array SecondAddress has ${job.classes - 1} values, the job needs ${job.classes}`);
    expect(engine.walkClassPairs(job, 3, 3).length).toBe(0);
  });
});
