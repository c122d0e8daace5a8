// `vpcsim trace --flows`: every flow of a CSV or JSONL file answered with one load, one line out per
// flow, and each answer the one `trace` gives for that flow alone (random flows over a generated
// design: instances of every tier and VPC, the internet, the design's addresses, TCP/UDP/ICMP).
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trace } from '../../src/analyze/trace-node.js';
import type { TraceQuery } from '../../src/analyze/trace.js';
import { loadTopology } from '../../src/import/load.js';
import type { Topology } from '../../src/model/types.js';
import { runCli, runCliWithStdin } from '../helpers/cli.js';

let dir = '';
let design = '';
let t: Topology;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vpcsim-flows-'));
  const generated = await runCli('generate', '--vpcs', '5', '--subnets', '3', '--instances', '2', '--seed', '11', '--format', 'json');
  expect(generated.code).toBe(0);
  design = join(dir, 'design.json');
  writeFileSync(design, generated.stdout);
  t = await loadTopology(design);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A small deterministic generator (mulberry32), so a failure names a flow that can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

type FlowQuery = Pick<TraceQuery, 'from' | 'to' | 'protocol' | 'port' | 'sourcePort'>;

function randomFlows(n: number, seed: number): FlowQuery[] {
  const r = random(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const instances = t.instances.map((i) => i.logicalId);
  const addresses = t.networkInterfaces.flatMap((e) => e.privateIps.map((p) => p.address?.text).filter((a): a is string => !!a));
  const flows: FlowQuery[] = [];
  for (let i = 0; i < n; i++) {
    const from = r() < 0.85 ? pick(instances) : pick(['203.0.113.9', '8.8.8.8', pick(addresses)]);
    // A third to the internet on web ports: the tiers with a NAT or internet gateway route get there.
    const to = r() < 0.6 ? pick(instances) : r() < 0.8 ? '8.8.8.8' : pick(addresses);
    const protocol = pick(['tcp', 'tcp', 'tcp', 'udp', 'icmp'] as const);
    const q: FlowQuery = { from, to, protocol };
    if (protocol !== 'icmp') {
      q.port = to === '8.8.8.8' ? pick([80, 443]) : pick([22, 80, 443, 3306, 5432, 8080, 53, Math.floor(r() * 65536)]);
      if (r() < 0.3) q.sourcePort = 1024 + Math.floor(r() * 64512);
    }
    flows.push(q);
  }
  return flows;
}

const jsonl = (flows: FlowQuery[]) => flows.map((f) => JSON.stringify(f)).join('\n') + '\n';
const csv = (flows: FlowQuery[]) => ['from,to,protocol,port,sourcePort', ...flows.map((f) => [f.from, f.to, f.protocol, f.port ?? '', f.sourcePort ?? ''].join(','))].join('\n') + '\n';

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('vpcsim trace --flows', () => {
  it('answers each random flow as trace answers it alone (reachable, resolved query, working source ports, first blocker)', async () => {
    const flows = randomFlows(120, 2026);
    const run = await runCli('trace', design, '--flows', write('random.jsonl', jsonl(flows)), '--json', '--no-cache');
    const lines = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as { line: number; reachable: boolean; query: unknown; sourcePorts?: unknown; explanation?: unknown });
    expect(lines).toHaveLength(flows.length);
    let reachable = 0;
    for (const [i, f] of flows.entries()) {
      const alone = await trace(t, f);
      const got = lines[i]!;
      expect(got.line, JSON.stringify(f)).toBe(i + 1);
      expect({ reachable: got.reachable, query: got.query, sourcePorts: got.sourcePorts, explanation: got.explanation }, JSON.stringify(f)).toEqual({
        reachable: alone.reachable,
        query: alone.query,
        sourcePorts: alone.sourcePorts,
        explanation: alone.reachable ? undefined : alone.explanations[0],
      });
      if (alone.reachable) reachable++;
    }
    // The mix has both answers, so the comparison is not all one kind.
    expect(reachable).toBeGreaterThan(5);
    expect(reachable).toBeLessThan(flows.length - 5);
    expect(run.code).toBe(1);
  });

  it('answers the same through the image cache (its lazily decoded model), with names repeated across rows', async () => {
    // Each flow twice, the second time further down: lookups answered from memory must give the first answers.
    const flows = randomFlows(150, 99);
    const file = write('cached.jsonl', jsonl([...flows, ...flows.slice().reverse()]));
    const fresh = await runCli('trace', design, '--flows', file, '--json', '--no-cache');
    const cache = join(dir, 'cache');
    const miss = await runCli('trace', design, '--flows', file, '--json', '--cache', cache);
    expect(readdirSync(cache).length, 'the first run wrote a cache entry').toBeGreaterThan(0);
    const hit = await runCli('trace', design, '--flows', file, '--json', '--cache', cache);
    for (const run of [miss, hit]) {
      expect(run.code).toBe(fresh.code);
      expect(run.stdout).toBe(fresh.stdout);
    }
    const answers = (out: string) => out.trim().split('\n').map((l) => { const { line, ...rest } = JSON.parse(l) as { line: number }; return rest; });
    const lines = answers(fresh.stdout);
    expect(lines).toHaveLength(2 * flows.length);
    expect(lines.slice(flows.length).reverse()).toEqual(lines.slice(0, flows.length));
    // Order-free: the reversed flows alone, on a model loaded anew, give the same answers.
    const reversed = await runCli('trace', design, '--flows', write('reversed.jsonl', jsonl(flows.slice().reverse())), '--json', '--no-cache');
    expect(answers(reversed.stdout)).toEqual(lines.slice(flows.length));
  });

  it('reads CSV as JSONL and prints one CSV row per flow; exit 0 when every flow is reachable', async () => {
    const flows = randomFlows(40, 7);
    const fromJson = await runCli('trace', design, '--flows', write('f.jsonl', jsonl(flows)), '--json', '--no-cache');
    const fromCsv = await runCli('trace', design, '--flows', write('f.csv', csv(flows)), '--json', '--no-cache');
    // The same answers; a CSV flow's line is one more (the header).
    const answers = (out: string, shift: number) => out.trim().split('\n').map((l) => { const { line, ...rest } = JSON.parse(l) as { line: number }; return { line: line - shift, ...rest }; });
    expect(fromCsv.code).toBe(fromJson.code);
    expect(answers(fromCsv.stdout, 1)).toEqual(answers(fromJson.stdout, 0));
    const rows = await runCli('trace', design, '--flows', write('g.csv', csv(flows)), '--no-cache');
    const out = rows.stdout.trim().split('\n');
    expect(out[0]).toBe('line,from,to,protocol,port,source,destination,reachable,sourcePorts,code,component,detail');
    expect(out).toHaveLength(flows.length + 1);
    const verdicts = fromJson.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { reachable: boolean }).reachable);
    expect(out.slice(1).map((row) => row.split(',')[7])).toEqual(verdicts.map(String));
    const reachableOnly = flows.filter((_, i) => verdicts[i]);
    expect(reachableOnly.length).toBeGreaterThan(0);
    const all = await runCli('trace', design, '--flows', write('ok.jsonl', jsonl(reachableOnly)), '--json', '--no-cache');
    expect(all.code).toBe(0);
  });

  it('reads the flows from standard input with --flows - (CSV or JSONL, told by the first line)', async () => {
    const flows = randomFlows(30, 5);
    const fromFile = await runCli('trace', design, '--flows', write('stdin-ref.csv', csv(flows)), '--json', '--no-cache');
    const viaCsv = await runCliWithStdin(csv(flows), 'trace', design, '--flows', '-', '--json', '--no-cache');
    expect(viaCsv.code).toBe(fromFile.code);
    expect(viaCsv.stdout).toBe(fromFile.stdout);
    // JSONL lines are numbered from 1 (no header): the same answers one line up.
    const viaJsonl = await runCliWithStdin(jsonl(flows), 'trace', design, '--flows', '-', '--json', '--no-cache');
    const shifted = (out: string, by: number) => out.trim().split('\n').map((l) => { const { line, ...rest } = JSON.parse(l) as { line: number }; return { line: line + by, ...rest }; });
    expect(shifted(viaJsonl.stdout, 1)).toEqual(shifted(fromFile.stdout, 0));
    const i0 = t.instances[0]!.logicalId;
    const bad = await runCliWithStdin(`from,to,port\n${i0},${i0},99999\n`, 'trace', design, '--flows', '-', '--no-cache');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/<stdin>:2: .*99999/);
  });

  it('a bad row is bad input naming the file and line; flags that --flows replaces are refused before loading', async () => {
    const i0 = t.instances[0]!.logicalId;
    const cases: Array<[string, string, RegExp]> = [
      ['unknown.jsonl', `{"from":"${i0}","to":"${i0}","port":22}\n{"from":"NoSuchThing","to":"${i0}","port":22}\n`, /unknown\.jsonl:2: .*NoSuchThing/],
      ['port.csv', `from,to,port\n${i0},${i0},99999\n`, /port\.csv:2: .*99999/],
      ['column.csv', `from,to,colour\n${i0},${i0},red\n`, /column\.csv:1: unknown column "colour"/],
      ['json.jsonl', `{"from":"${i0}",\n`, /json\.jsonl:1: not a JSON object/],
      ['tcp.jsonl', `{"from":"${i0}","to":"${i0}"}\n`, /tcp\.jsonl:1: .*port/],
    ];
    for (const [name, text, message] of cases) {
      const run = await runCli('trace', design, '--flows', write(name, text), '--no-cache');
      expect(run.code, name).toBe(2);
      expect(run.stderr, name).toMatch(message);
    }
    // Answers are printed 1,024 rows at a time: the ones before a bad row are printed up to the last
    // full chunk, however the file is read (the rows of a read that holds the bad row included).
    for (const good of [1500, 2100, 3000]) {
      const text = `from,to,port\n${`${i0},${i0},22\n`.repeat(good)}${i0},${i0},99999\n`;
      const run = await runCli('trace', design, '--flows', write(`bad-after-${good}.csv`, text), '--no-cache');
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(new RegExp(`bad-after-${good}\\.csv:${good + 2}: .*99999`));
      expect(run.stdout.trim().split('\n')).toHaveLength(1 + 1024 * Math.floor(good / 1024));
    }
    const flowsFile = write('one.jsonl', `{"from":"${i0}","to":"${i0}","port":22}\n`);
    for (const extra of [['--from', i0], ['--port', '22'], ['--all-blocking']]) {
      const run = await runCli('trace', join(dir, 'missing-design.json'), '--flows', flowsFile, ...extra);
      expect(run.code, extra.join(' ')).toBe(2);
      expect(run.stderr, extra.join(' ')).toContain('--flows');
    }
    const noQuery = await runCli('trace', design);
    expect(noQuery.code).toBe(2);
    expect(noQuery.stderr).toMatch(/--from.*--to.*--flows/);
    const wrongKind = await runCli('trace', design, '--flows', write('flows.txt', 'x'));
    expect(wrongKind.code).toBe(2);
    expect(wrongKind.stderr).toContain('.csv or .jsonl');
  });
});
