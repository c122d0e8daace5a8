// The shared batch walker (src/analyze/batch-walk.ts): many flows in batches, one verdict each, and
// explanations only for the flows asked. Its verdicts and blockers must be trace's: every endpoint pair
// of examples/two-tier.yaml on a few ports, with a fixed source port, against traceReference() (the
// spec), whatever the batch size; and two answers written from the AWS rules.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../bindings/engine.js';
import { loadEngine } from '../../bindings/node.js';
import { BatchWalker, blockerOf, explainFlows, walkFlows, type BatchFlow } from '../../src/analyze/batch-walk.js';
import { isResolved, resolveTrace } from '../../src/analyze/resolve.js';
import { traceReference } from '../../src/analyze/trace-reference.js';
import type { TraceQuery } from '../../src/analyze/trace.js';
import { loadTopology } from '../../src/import/load.js';
import type { Topology } from '../../src/model/types.js';

const ENDS = ['Bastion', 'WebServer', 'AppServer', 'NatGateway', '198.51.100.7', '203.0.113.9'];
const PORTS: Array<Pick<TraceQuery, 'protocol' | 'port'>> = [{ port: 22 }, { port: 443 }, { port: 8080 }, { protocol: 'udp', port: 53 }, { protocol: 'icmp' }];

function queries(): TraceQuery[] {
  const out: TraceQuery[] = [];
  for (const from of ENDS) for (const to of ENDS) if (from !== to) for (const p of PORTS) out.push({ from, to, ...(p.protocol === 'icmp' ? {} : { sourcePort: 40000 }), ...p });
  return out;
}

function batchFlows(t: Topology, qs: TraceQuery[]): BatchFlow[] {
  return qs.map((q) => {
    const r = resolveTrace(t, q);
    if (!isResolved(r)) throw new Error(`unresolved ${JSON.stringify(q)}`);
    expect(r.flows).toHaveLength(1);
    return { origin: r.origin, flow: r.flows[0]!, ...(r.destination ? { destination: r.destination } : {}) };
  });
}

describe('batch walk', () => {
  let engine: Engine;
  let t: Topology;
  beforeAll(async () => {
    engine = await loadEngine({ build: 'debug' });
    t = await loadTopology('examples/two-tier.yaml');
  });

  it('gives trace verdicts and blockers for every flow, whatever the batch size', () => {
    const qs = queries();
    const flows = batchFlows(t, qs);
    const expected = qs.map((q) => traceReference(t, q));
    const whole = walkFlows(engine, t, flows);
    for (const size of [1, 7, 64]) expect([...walkFlows(engine, t, flows, { batchSize: size })], `batch size ${size}`).toEqual([...whole]);
    expect(whole.filter((v) => v === 0).length, 'some flows get through').toBeGreaterThan(5);
    const blocked = [...whole.keys()].filter((i) => whole[i] !== 0);
    expect(blocked.length, 'some flows are blocked').toBeGreaterThan(5);
    qs.forEach((q, i) => expect(whole[i] === 0, JSON.stringify(q)).toBe(expected[i]!.reachable));
    const explained = explainFlows(engine, t, flows, blocked);
    blocked.forEach((i, k) => {
      const b = blockerOf(explained[k]!)!;
      const e = expected[i]!.explanations[0]!;
      expect({ code: b.code, component: b.component, direction: b.direction, rule: b.rule }, JSON.stringify(qs[i])).toEqual({ code: e.code, component: e.component, direction: e.direction, rule: e.rule });
    });
  });

  it('follows the AWS rules: SSH from the bastion to the web server, HTTPS from the internet to the private app server has no route', () => {
    // Security groups (Amazon VPC User Guide, "Security group rules"): WebSg allows 22 from BastionSg members;
    // NACL "Custom network ACLs": PublicAcl allows all outbound and inbound ephemeral 1024-65535 for the reply.
    // The app server has no public address (10.0.1.20 in a private subnet): an internet host cannot address it.
    const flows = batchFlows(t, [{ from: 'Bastion', to: 'WebServer', port: 22, sourcePort: 40000 }, { from: '198.51.100.7', to: '10.0.1.20', port: 443, sourcePort: 40000 }]);
    const walker = new BatchWalker(engine, t);
    const verdicts = walker.walkFlows(flows);
    expect(verdicts[0]).toBe(0);
    expect(verdicts[1]).not.toBe(0);
    const [why] = walker.explain(flows, [1]);
    expect(blockerOf(why!)?.direction).toBe('forward');
  });

  it('reports progress once per batch', () => {
    const flows = batchFlows(t, queries().slice(0, 10));
    const seen: number[] = [];
    walkFlows(engine, t, flows, { batchSize: 4, onProgress: (done, total) => seen.push(done, total) });
    expect(seen).toEqual([4, 10, 8, 10, 10, 10]);
  });
});
