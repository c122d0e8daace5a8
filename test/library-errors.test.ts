// Library errors speak the library's words (issue 11): a bad query field is named `query.port`, not the
// CLI's `--port`, and arguments of the wrong shape are a TypeError saying what was expected, never a
// property-access crash from inside the walk.
import { describe, expect, it } from 'vitest';
import { explainTrace, InputError, loadTopology, toCloudFormation, trace, traceReference, validateTopology, type Topology, type TraceQuery } from '../src/index.js';

const FILE = 'examples/two-tier.yaml';
const t = await loadTopology(FILE, { warn: () => {} });
const ok: TraceQuery = { from: 'WebServer', to: 'AppServer', port: 8080 };

async function messageOf(q: unknown): Promise<string> {
  const err = await trace(t, q as TraceQuery).then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(InputError);
  // traceReference words it the same way.
  expect(() => traceReference(t, q as TraceQuery)).toThrow((err as Error).message);
  return (err as Error).message;
}

describe('query errors in library words', () => {
  it('fields are named query.<field>; no file prefix unless the query gives one', async () => {
    expect(await messageOf({ ...ok, port: 70000 })).toBe('query.port 70000: expected a port 0-65535');
    expect(await messageOf({ ...ok, sourcePort: -1 })).toBe('query.sourcePort -1: expected a port 0-65535');
    expect(await messageOf({ ...ok, protocol: 'tpc' })).toBe('query.protocol tpc: expected tcp, udp, icmp, icmpv6, all or a number 0-255');
    expect(await messageOf({ from: 'WebServer', to: 'AppServer' })).toBe('query.port is required for tcp');
    expect(await messageOf({ ...ok, from: 'Nope' })).toBe("query.from: no resource or address 'Nope'");
    expect(await messageOf({ ...ok, responseAfter: -1 })).toBe('query.responseAfter -1: expected a number of seconds >= 0');
    expect(await messageOf({ ...ok, from: '10.0.0.5', to: '2600::1' })).toBe('query.from and query.to mix IPv4 and IPv6 (C-2)');
    expect(await messageOf({ ...ok, port: 70000, file: 'lab.yaml' })).toBe('lab.yaml: query.port 70000: expected a port 0-65535');
  });

  it('non-number ports and non-string protocols are named too, not coerced', async () => {
    expect(await messageOf({ ...ok, port: '22' })).toBe('query.port "22": expected a port 0-65535');
    expect(await messageOf({ ...ok, protocol: ['tcp'] })).toBe('query.protocol ["tcp"]: expected tcp, udp, icmp, icmpv6, all or a number 0-255');
  });
});

describe('arguments of the wrong shape are TypeErrors', () => {
  it('trace: a missing, unawaited or string topology', async () => {
    await expect(trace(undefined as unknown as Topology, ok)).rejects.toThrow(new TypeError(
      'trace: expected a Topology (from loadTopology, importCloudFormation, importSnapshot or topology().build()), got undefined',
    ));
    await expect(trace(loadTopology(FILE) as unknown as Topology, ok)).rejects.toThrow(/got a Promise \(await it first\)$/);
    await expect(trace(FILE as unknown as Topology, ok)).rejects.toThrow(/got a string "examples\/two-tier\.yaml"$/);
    await expect(trace({ region: 'us-east-1' } as unknown as Topology, ok)).rejects.toThrow(/got an object without vpcs, subnets, routeTables and \d+ more$/);
    expect(() => traceReference([] as unknown as Topology, ok)).toThrow(TypeError);
  });

  it('trace: a missing query, or from/to that are not strings', async () => {
    await expect(trace(t, null as unknown as TraceQuery)).rejects.toThrow(new TypeError('trace: the query must be an object, got null'));
    await expect(trace(t, { ...ok, from: 5 } as unknown as TraceQuery)).rejects.toThrow(
      new TypeError('trace: query.from must be a string (logical id, AWS id, Name tag or IP address), got a number'),
    );
    await expect(trace(t, { from: 'WebServer' } as unknown as TraceQuery)).rejects.toThrow(/^trace: query\.to must be a string .*got undefined$/);
  });

  it('validateTopology, toCloudFormation and explainTrace', () => {
    expect(() => validateTopology('lab.yaml' as unknown as Topology)).toThrow(/^validateTopology: expected a Topology .*got a string "lab\.yaml"$/);
    expect(() => toCloudFormation(null as unknown as Topology)).toThrow(/^toCloudFormation: expected a Topology .*got null$/);
    expect(() => explainTrace(undefined as never)).toThrow(new TypeError('explainTrace: the answer must be an object, got undefined'));
    expect(() => explainTrace({ reachable: true } as never)).toThrow(/^explainTrace: expected the answer of trace\(\)/);
  });

  it('well-formed arguments still work', async () => {
    expect((await trace(t, ok)).reachable).toBe(true);
    expect(() => validateTopology(t)).not.toThrow();
  });
});
