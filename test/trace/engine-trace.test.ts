// Issue 5: trace() runs on the WASM engine. Answer-level differential against the spec
// (traceReference, the TypeScript reference walk) on every pair of endpoints of every examples/*.yaml;
// TRACE-4's source-port sweep as one batch; and every query option (down TRACE-12, allBlocking TRACE-8,
// responseAfter GW-14) walked on the engine in that one batch, never on the reference.
// The scenario files (test/trace/*.test.ts) also replay each of their queries on trace() (helpers.ts).
import { readdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../bindings/engine.js';
import { loadEngine } from '../../bindings/node.js';
import { elementaryIntervals, portCuts } from '../../src/analyze/source-ports.js';
import { trace } from '../../src/analyze/trace-node.js';
import { type TraceAnswer, type TraceQuery } from '../../src/analyze/trace.js';
import { traceReference } from '../../src/analyze/trace-reference.js';
import { topology } from '../../src/builder/index.js';
import { loadTopology } from '../../src/import/load.js';
import type { Topology } from '../../src/model/types.js';
import { natLabVpc } from '../helpers/vpc-layouts.js';

const EXAMPLES = readdirSync('examples').filter((f) => f.endsWith('.yaml')).map((f) => `examples/${f}`);

/** What a user would name as either end: instances, internet hosts, on-premises hosts, gateway-endpoint services. */
function endpointsOf(t: Topology): string[] {
  const onPremises = [...t.vpnConnections.flatMap((v) => [...v.staticRoutes, ...v.bgpPrefixes]), ...t.virtualInterfaces.flatMap((v) => v.onPremisesPrefixes)]
    .filter((p) => p.family === 4)
    .map((p) => { const a = p.addr + 10n; return [24, 16, 8, 0].map((s) => Number((a >> BigInt(s)) & 255n)).join('.'); });
  const services = t.vpcEndpoints.filter((e) => e.type === 'Gateway').map((e) => e.serviceName);
  return [...t.instances.map((i) => i.logicalId), ...t.natGateways.map((n) => n.logicalId), '198.51.100.7', '2600::1', ...onPremises, ...services];
}

const PROTOCOLS: Array<Pick<TraceQuery, 'protocol' | 'port' | 'sourcePort'>> = [
  { port: 22 }, { port: 80 }, { port: 443 }, { port: 3306 }, { port: 8080 }, { port: 443, sourcePort: 40000 }, { port: 22, sourcePort: 80 },
  { protocol: 'udp', port: 53 }, { protocol: 'icmp' }, { protocol: 'icmpv6' }, { protocol: 'all' },
];

type Outcome = { answer: TraceAnswer } | { error: string };

const settle = async (run: () => TraceAnswer | Promise<TraceAnswer>): Promise<Outcome> => {
  try {
    return { answer: await run() };
  } catch (err) {
    return { error: String(err) };
  }
};

/** An engine that records the size of every batch it walks. */
function counting(engine: Engine): { engine: Engine; batches: number[] } {
  const batches: number[] = [];
  return { batches, engine: { ...engine, walkBatch: (flows, options) => (batches.push(flows.origin.length), engine.walkBatch(flows, options)) } };
}

describe('trace() on the WASM engine', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await loadEngine({ build: 'debug' });
  });

  for (const file of EXAMPLES) {
    it(`equals traceReference() on every endpoint pair and protocol of ${file}`, async () => {
      const t = await loadTopology(file);
      const ends = endpointsOf(t);
      const seen = { reachable: 0, blocked: 0, errors: 0, sourcePorts: 0, mismatches: [] as string[] };
      for (const from of ends) {
        for (const to of ends) {
          if (from === to) continue;
          for (const p of PROTOCOLS) {
            const q: TraceQuery = { from, to, file, ...p };
            const expected = await settle(() => traceReference(t, q));
            const actual = await settle(() => trace(t, q, { engine }));
            if (JSON.stringify(actual) !== JSON.stringify(expected)) seen.mismatches.push(`${JSON.stringify(q)}\n  engine    ${JSON.stringify(actual).slice(0, 400)}\n  reference ${JSON.stringify(expected).slice(0, 400)}`);
            if ('error' in expected) seen.errors++;
            else if (expected.answer.reachable) seen.reachable++;
            else seen.blocked++;
            if ('answer' in expected && expected.answer.sourcePorts) seen.sourcePorts++;
          }
        }
      }
      if (process.env.VPCSIM_DIFF_STATS) console.log(file, ends, seen.reachable, seen.blocked, seen.errors, seen.sourcePorts);
      expect(seen.mismatches.slice(0, 3).join('\n')).toBe('');
      // Both verdicts occur, so the comparison is not only of one kind of answer.
      expect(seen.reachable, 'reachable answers').toBeGreaterThan(0);
      expect(seen.blocked, 'blocked answers').toBeGreaterThan(0);
    });
  }

  it('TRACE-4: every source-port interval of a query crosses into the engine as one batch', async () => {
    const t = await loadTopology('examples/two-tier.yaml');
    const intervals = elementaryIntervals(portCuts(t));
    expect(intervals.length).toBeGreaterThan(1);
    const spy = counting(engine);
    const answer = await trace(t, { from: 'WebServer', to: 'AppServer', port: 8080 }, { engine: spy.engine });
    expect(spy.batches).toEqual([intervals.length]);
    expect(answer).toEqual(traceReference(t, { from: 'WebServer', to: 'AppServer', port: 8080 }));
    // With a source port: one packet.
    await trace(t, { from: 'WebServer', to: 'AppServer', port: 8080, sourcePort: 50000 }, { engine: spy.engine });
    expect(spy.batches).toEqual([intervals.length, 1]);
  });

  it('alternating topologies on one engine: each trace loads its own network', async () => {
    const a = await loadTopology('examples/two-tier.yaml');
    const b = await loadTopology('examples/peering.yaml');
    const qa: TraceQuery = { from: 'WebServer', to: 'AppServer', port: 3306 };
    const qb: TraceQuery = { from: 'AppA', to: 'AppB', port: 443 };
    for (let round = 0; round < 3; round++) {
      expect(await trace(a, qa, { engine })).toEqual(traceReference(a, qa));
      expect(await trace(b, qb, { engine })).toEqual(traceReference(b, qb));
    }
  });

  describe('every query option is walked on the engine, one batch per query', () => {
    const shut = () =>
      topology({ region: 'us-east-1' })
        .vpc('Vpc', '10.0.0.0/16', (v) =>
          natLabVpc(v)
            .instance('App', { subnet: 'Private', ip: '10.0.1.10' }),
        )
        .build();
    const q: TraceQuery = { from: 'App', to: '198.51.100.7', port: 443 };

    it('GW-14 through trace(): a reply after 350 s idle comes back through the NAT gateway, after 351 s it does not', async () => {
      const t = shut();
      const spy = counting(engine);
      expect((await trace(t, { ...q, responseAfter: 350 }, { engine: spy.engine })).reachable).toBe(true);
      const late = await trace(t, { ...q, responseAfter: 351 }, { engine: spy.engine });
      expect(late.explanations[0]).toMatchObject({ code: 'VPCSIM_NGW_UNSOLICITED_INBOUND', component: 'Nat', direction: 'response' });
      expect(late).toEqual(traceReference(t, { ...q, responseAfter: 351 }));
      expect(spy.batches.length).toBe(2);
      await expect(trace(t, { ...q, responseAfter: -1, file: 'lab.yaml' }, { engine })).rejects.toThrow(/^lab\.yaml: query.responseAfter -1: expected a number of seconds >= 0$/);
    });

    it('TRACE-12 / MC-4: a NAT gateway that is down is walked on the engine (one batch) and answers as the reference does', async () => {
      const t = shut();
      const spy = counting(engine);
      const nat = t.natGateways[0]!.id;
      const down = await trace(t, { ...q, down: [nat] }, { engine: spy.engine });
      expect(down.explanations[0]).toMatchObject({ code: 'BAD_STATE', component: 'Nat' });
      expect(down).toEqual(traceReference(t, { ...q, down: [nat] }));
      expect(spy.batches.length).toBe(1);
    });

    it('TRACE-8 allBlocking: every blocker, as the reference lists them, from one engine batch', async () => {
      // NACL-3: a custom network ACL with no entries denies everything both ways; the walk goes on past each denial.
      const t = topology({ region: 'us-east-1' })
        .vpc('Vpc', '10.0.0.0/16', (v) =>
          natLabVpc(v)
            .networkAcl('Closed', { subnets: ['Private'] })
            .instance('App', { subnet: 'Private', ip: '10.0.1.10' }),
        )
        .build();
      const spy = counting(engine);
      const all = await trace(t, { ...q, allBlocking: true }, { engine: spy.engine });
      expect(all).toEqual(traceReference(t, { ...q, allBlocking: true }));
      expect(all.explanations.map((e) => [e.code, e.component, e.direction])).toEqual([
        ['SUBNET_ACL_RESTRICTION', 'Closed', 'forward'],
        ['SUBNET_ACL_RESTRICTION', 'Closed', 'response'],
      ]);
      expect(spy.batches.length).toBe(1);
      // Without the option the walk stops at the first.
      expect((await trace(t, q, { engine: spy.engine })).explanations).toHaveLength(1);
      expect(spy.batches.length).toBe(2);
    });
  });
});
