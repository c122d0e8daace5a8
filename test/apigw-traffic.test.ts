// The traffic file: validation (one line naming file, client and field), safe parsing, and the arrival
// processes (constant, burst, Poisson) with the merge order of simultaneous arrivals.
import { describe, expect, it } from 'vitest';
import { parseTraffic, type Arrivals } from '../src/apigw/traffic.js';
import { ArrivalCursors } from '../src/apigw/arrivals.js';
import { ArrivalHeap } from '../src/apigw/merge.js';
import { InputError } from '../src/model/errors.js';

const ok = `
clients:
  - name: mobile
    stage: prod
    request: "GET /pets"
    apiKey: KeyA
    arrivals: { type: burst, at: 0, count: 100 }
  - name: batch
    stage: prod
    request: "get /pets/42?x=1"
    arrivals: { type: constant, rate: 15, start: 0, end: 10 }
  - name: web
    stage: prod
    request: "GET /health"
    arrivals: { type: poisson, rate: 50, start: 0, end: 60, seed: 7 }
`;

function times(a: Arrivals): number[] {
  const cursors = new ArrivalCursors([a]);
  const out: number[] = [];
  while (cursors.time[0] !== Infinity) {
    out.push(cursors.time[0]!);
    cursors.advance(0);
  }
  return out;
}

function parseError(text: string): string {
  try {
    parseTraffic(text, 'traffic.yaml');
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return (err as Error).message;
  }
  throw new Error('expected an InputError');
}

const oneClient = (fields: string) => `clients:\n  - name: c\n${fields.replace(/^/gm, '    ')}\n`;

describe('traffic file', () => {
  it('parses the documented example', () => {
    const t = parseTraffic(ok, 'traffic.yaml');
    expect(t.clients.map((c) => [c.name, c.method, c.path, c.apiKey])).toEqual([
      ['mobile', 'GET', '/pets', 'KeyA'],
      ['batch', 'GET', '/pets/42', undefined],
      ['web', 'GET', '/health', undefined],
    ]);
    expect(t.clients[2]!.arrivals).toEqual({ type: 'poisson', rate: 50, start: 0, end: 60, seed: 7 });
    expect(t.startEpochMs).toBe(Date.parse('2025-01-01T00:00:00Z'));
  });

  it.each([
    ['a malformed request line', oneClient('stage: prod\nrequest: "/pets"\narrivals: { type: burst, at: 0, count: 1 }'), /client 'c': request: expected "METHOD \/path"/],
    ['an unknown HTTP method', oneClient('stage: prod\nrequest: "FETCH /pets"\narrivals: { type: burst, at: 0, count: 1 }'), /request:.*"FETCH \/pets"/],
    ['a negative rate', oneClient('stage: prod\nrequest: "GET /"\narrivals: { type: constant, rate: -5, start: 0, end: 1 }'), /client 'c': arrivals.rate: must not be negative, got -5/],
    ['a missing stage', oneClient('request: "GET /"\narrivals: { type: burst, at: 0, count: 1 }'), /client 'c': missing field stage/],
    ['missing arrivals', oneClient('stage: prod\nrequest: "GET /"'), /client 'c': missing field arrivals/],
    ['a missing arrivals field', oneClient('stage: prod\nrequest: "GET /"\narrivals: { type: constant, rate: 5, end: 1 }'), /missing field arrivals.start/],
    ['an unknown arrival type', oneClient('stage: prod\nrequest: "GET /"\narrivals: { type: wave }'), /arrivals.type: expected burst, constant or poisson, got "wave"/],
    ['a fractional count', oneClient('stage: prod\nrequest: "GET /"\narrivals: { type: burst, at: 0, count: 1.5 }'), /arrivals.count: expected a whole number/],
    ['end before start', oneClient('stage: prod\nrequest: "GET /"\narrivals: { type: constant, rate: 1, start: 5, end: 1 }'), /arrivals.end \(1\) is before arrivals.start \(5\)/],
    ['a rate given as text', oneClient('stage: prod\nrequest: "GET /"\narrivals: { type: constant, rate: fast, start: 0, end: 1 }'), /arrivals.rate: expected a number, got "fast"/],
    ['an unknown client field', oneClient('stage: prod\nstages: dev\nrequest: "GET /"\narrivals: { type: burst, at: 0, count: 1 }'), /unknown field 'stages'/],
    ['no clients', 'clients: []\n', /`clients` must be a non-empty list/],
    ['a non-UTC start', 'start: "2025-01-01 10:00"\n' + oneClient('stage: prod\nrequest: "GET /"\narrivals: { type: burst, at: 0, count: 1 }'), /start: expected a UTC instant/],
    ['too many requests', oneClient('stage: prod\nrequest: "GET /"\narrivals: { type: constant, rate: 1e9, start: 0, end: 1e6 }'), /exceed the limit/],
    ['broken YAML', 'clients: [\n', /^traffic\.yaml:2:1: unexpected end of the stream/],
  ])('rejects %s with one line naming the file', (_what, text, pattern) => {
    const message = parseError(text);
    expect(message).toMatch(pattern);
    expect(message).toMatch(/^traffic\.yaml(:\d+:\d+)?: /);
    expect(message).not.toContain('\n');
  });

  it('rejects duplicate client names', () => {
    const c = '  - { name: a, stage: prod, request: "GET /", arrivals: { type: burst, at: 0, count: 1 } }\n';
    expect(parseError(`clients:\n${c}${c}`)).toMatch(/duplicate client name 'a'/);
  });

  it('stops YAML alias bombs and keeps __proto__ an ordinary (unknown) key', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', 'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]', 'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]', 'd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]'].join('\n');
    expect(parseError(`${bomb}\nclients: []\n`)).toMatch(/^traffic\.yaml:\d+:\d+: more than 100 YAML alias expansions/);
    expect(parseError(`clients:\n  - __proto__: { polluted: true }\n    name: c\n`)).toMatch(/unknown field '__proto__'/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('arrivals', () => {
  it('constant: start, start + 1/rate, ... strictly before end', () => {
    const t = times({ type: 'constant', rate: 15, start: 0, end: 10 });
    expect(t).toHaveLength(150);
    expect(t[1]).toBeCloseTo(1 / 15, 12);
    expect(t.at(-1)!).toBeLessThan(10);
    expect(times({ type: 'constant', rate: 2, start: 1, end: 3 })).toEqual([1, 1.5, 2, 2.5]);
  });

  it('burst: count requests at the same instant', () => {
    expect(times({ type: 'burst', at: 4, count: 3 })).toEqual([4, 4, 4]);
    expect(times({ type: 'burst', at: 4, count: 0 })).toEqual([]);
  });

  it('poisson: deterministic per seed, inside [start, end), with about rate x duration arrivals', () => {
    const a: Arrivals = { type: 'poisson', rate: 50, start: 10, end: 210, seed: 7 };
    const t = times(a);
    expect(times(a)).toEqual(t);
    expect(times({ ...a, seed: 8 })).not.toEqual(t);
    expect(t[0]!).toBeGreaterThanOrEqual(10);
    expect(t.at(-1)!).toBeLessThan(210);
    expect(t.every((x, i) => i === 0 || x >= t[i - 1]!)).toBe(true);
    // 10,000 expected; a Poisson count has standard deviation 100, so 5 sigma is 500.
    expect(Math.abs(t.length - 10_000)).toBeLessThan(500);
    // Inter-arrival gaps are exponential: mean 1/rate.
    const mean = (t.at(-1)! - t[0]!) / (t.length - 1);
    expect(Math.abs(mean - 1 / 50)).toBeLessThan(0.001);
  });

  it('the merge gives time order; equal times go in client order, then arrival order (APIGW-13)', () => {
    const arrivals: Arrivals[] = [
      { type: 'constant', rate: 1, start: 0, end: 3 },
      { type: 'burst', at: 1, count: 2 },
      { type: 'constant', rate: 2, start: 0, end: 2 },
    ];
    const cursors = new ArrivalCursors(arrivals);
    const heap = new ArrivalHeap(cursors.time);
    const order: string[] = [];
    while (heap.size > 0) {
      const c = heap.top();
      order.push(`${c}@${cursors.time[c]}`);
      if (cursors.advance(c)) heap.update();
      else heap.pop();
    }
    expect(order).toEqual(['0@0', '2@0', '2@0.5', '0@1', '1@1', '1@1', '2@1', '2@1.5', '0@2']);
  });
});
