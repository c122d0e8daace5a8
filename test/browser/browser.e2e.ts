// Issues 3 and 5: `import { loadTopologyFromText, trace, loadEngine } from 'vpcsim'` works the same
// in a browser as in Node. Drives Debian's Chromium (playwright-core, no downloaded browser) against
// the built package (npm run build) served over HTTP: the page imports dist/browser/vpcsim.js as an
// ES module, traces flows of examples/two-tier.yaml and runs LPM batches on the WASM engine loaded
// three ways (instantiateStreaming, fetch fallback, caller bytes); the test process makes the same
// calls on the Node entry and both answers must agree. Run with `npm run test:browser`.
import { existsSync, readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './chromium.js';
import { parseAst } from 'rollup/parseAst';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEngine as loadNodeEngine, packageRoot } from '../../bindings/node.js';
import { LPM_MISS } from '../../bindings/engine.js';
import { loadTopology, monteCarlo, replayFlowLogs, trace, VERSION, type FlowLogReport, type MonteCarloResult, type TraceQuery } from '../../src/index.js';
import { lookupReference } from '../../src/reference/lpm.js';
import { lpmRun, traceAll, type LpmCase, type LpmOutcome, type Settled } from './page/scenario.js';
import type { TraceAnswer } from '../../src/analyze/trace.js';
import { OCTET_PREFIX, startStaticServer, type StaticServer } from './static-server.js';
import { Random } from '../../src/generate/random.js';

const ROOT = packageRoot();
const BUNDLE = join(ROOT, 'dist/browser/vpcsim.js');
const MC_WORKER = join(ROOT, 'dist/browser/montecarlo-worker.js');
const WASM = join(ROOT, 'build/release.wasm');
const FILE = 'examples/two-tier.yaml';

// Each flow names the rule its verdict comes from; the browser must give the same answer.
const QUERIES: TraceQuery[] = [
  { from: 'WebServer', to: 'AppServer', port: 3306, file: FILE }, // SG-4: AppSg allows 3306 from WebSg members
  { from: 'Bastion', to: 'AppServer', port: 3306, file: FILE }, // SG-1: no AppSg rule allows 3306 from BastionSg
  { from: '198.51.100.7', to: 'WebServer', port: 80, file: FILE }, // TRACE-10: internet host, NACL rule 100 + WebSg
  { from: '198.51.100.7', to: 'WebServer', port: 22, file: FILE }, // NACL-5: SSH only from AdminCidr, then rule *
  { from: 'AppServer', to: '198.51.100.7', port: 443, file: FILE }, // private egress through the NAT gateway
  { from: 'NoSuchServer', to: 'AppServer', port: 22, file: FILE }, // bad input: an InputError naming the file
];

/** Deterministic 32-bit stream (the generator's splitmix32), so a run can be replayed. */
function random(seed: number): () => number {
  const r = new Random(seed);
  return () => r.nextUint32();
}

/** RT-3 tables mixing /0, host routes, nested prefixes; lookups aimed at the routes and at random. */
function lpmCase(family: 4 | 6, routes: number, lookups: number, next: () => number): LpmCase {
  const w = family === 4 ? 1 : 4;
  const bits = family === 4 ? 32 : 128;
  const addrs: number[] = [];
  const lens: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < routes; i++) {
    const len = i === 0 ? 0 : i === 1 ? bits : 1 + (next() % bits);
    // Nested routes: half the prefixes reuse an earlier route's address with another length.
    const earlier = i > 2 && next() % 2 === 0 ? next() % i : -1;
    const words = earlier >= 0 ? addrs.slice(earlier * w, earlier * w + w) : Array.from({ length: w }, () => next());
    addrs.push(...words);
    lens.push(len);
    values.push(next() % 100_000);
  }
  const queries: number[] = [];
  for (let j = 0; j < lookups; j++) {
    const route = next() % routes;
    queries.push(...(j % 2 === 0 ? addrs.slice(route * w, route * w + w) : Array.from({ length: w }, () => next())));
  }
  return { family, addrs, lens, values, lookups: queries };
}

const next = random(20240531);
const LPM_CASES: LpmCase[] = [lpmCase(4, 300, 2_000, next), lpmCase(6, 200, 1_000, next)];

/** Every module specifier the bundle imports or requires (static, dynamic, CommonJS). */
function moduleSpecifiers(code: string): string[] {
  const found: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (typeof node !== 'object' || node === null) return;
    const n = node as { type?: string; source?: { value?: unknown }; callee?: { type?: string; name?: string }; arguments?: { value?: unknown }[] };
    if (n.type === 'ImportDeclaration' || n.type === 'ExportAllDeclaration' || n.type === 'ExportNamedDeclaration' || n.type === 'ImportExpression') {
      if (n.source) found.push(String(n.source.value ?? '<computed>'));
    }
    if (n.type === 'CallExpression' && n.callee?.type === 'Identifier' && n.callee.name === 'require') found.push(String(n.arguments?.[0]?.value ?? '<computed>'));
    for (const value of Object.values(node)) if (typeof value === 'object') visit(value);
  };
  visit(parseAst(code));
  return found;
}

describe('the browser bundle in Chromium', () => {
  let server: StaticServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  /** Everything the page requested since `from` (an LPM step fetches nothing but the engine). */
  const requestsSince = (from: number) => server.requests.slice(from);
  const step = <T>(name: string, arg?: unknown) =>
    page.evaluate(([s, a]) => (window as unknown as { e2e: Record<string, (x: unknown) => Promise<T>> }).e2e[s as string]!(a), [name, arg] as const);

  beforeAll(async () => {
    for (const built of [BUNDLE, WASM]) if (!existsSync(built)) throw new Error(`${built} is missing: run npm run build first`);
    server = await startStaticServer(ROOT);
    browser = await launchChromium();
    page = await browser.newPage();
    page.on('pageerror', (err) => pageErrors.push(err.message));
    page.on('console', (msg) => {
      if (msg.type() === 'error') pageErrors.push(msg.text());
    });
    // 'load' waits for module scripts, so window.e2e exists now unless the bundle failed to load.
    await page.goto(`${server.origin}/test/browser/page/index.html`, { waitUntil: 'load' });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('imports dist/browser/vpcsim.js as an ES module without errors', async () => {
    expect(pageErrors).toEqual([]);
    expect(await page.evaluate(() => typeof (window as unknown as { e2e?: unknown }).e2e)).toBe('object');
    expect(await step<string>('version')).toBe(VERSION);
  });

  it('the bundle imports nothing: no Node built-ins, no bare specifiers a browser cannot resolve', () => {
    const specifiers = moduleSpecifiers(readFileSync(BUNDLE, 'utf8'));
    expect(specifiers.filter((s) => isBuiltin(s))).toEqual([]);
    expect(specifiers).toEqual([]);
  });

  it('the server sends the engine as application/wasm (needed by instantiateStreaming)', async () => {
    const response = await fetch(`${server.origin}/build/release.wasm`);
    expect(response.headers.get('content-type')).toBe('application/wasm');
    expect(Buffer.from(await response.arrayBuffer()).equals(readFileSync(WASM))).toBe(true);
    expect(await step<string>('contentType', '/build/release.wasm')).toBe('application/wasm');
  });

  it('loadTopologyFromText + trace give the same verdicts and codes as loadTopology + trace in Node', async () => {
    const from = server.requests.length;
    const inBrowser = await step<Settled<TraceAnswer>[]>('trace', { url: `/${FILE}`, file: FILE, queries: QUERIES });
    // trace() walks on the WASM engine: its first call fetched the engine next to the bundle, once.
    expect(requestsSince(from).filter((r) => r.path === '/build/release.wasm')).toEqual([{ path: '/build/release.wasm', status: 200, contentType: 'application/wasm' }]);
    const inNode = await traceAll(trace, await loadTopology(join(ROOT, FILE)), QUERIES);
    // Rule checks first (not only Node == browser): SG-4 allows, SG-1 and NACL-5 block, bad input names the file.
    const verdicts = inBrowser.map((r) => (r.ok ? (r.value.reachable ? 'reachable' : r.value.explanations[0]?.code) : r.name));
    expect(verdicts).toEqual(['reachable', 'ENI_SG_RULES_MISMATCH', 'reachable', 'SUBNET_ACL_RESTRICTION', 'reachable', 'InputError']);
    const bad = inBrowser[5]!;
    expect(!bad.ok && bad.message.startsWith(`${FILE}: `) && bad.message.includes('NoSuchServer')).toBe(true);
    // The whole answer (paths, hops, explanations, source ports) agrees with Node's.
    expect(inBrowser).toEqual(inNode);
  });

  it('replayFlowLogs() on a dropped file (its byte stream, and its lines) gives the report Node gives ("Flow log record examples": ACCEPT then REJECT)', async () => {
    const fixture = 'test/flowlogs/fixtures/aws-examples.yaml';
    const log = [
      '2 123456789010 eni-1235b8ca123456789 203.0.113.12 172.31.16.139 0 0 1 4 336 1432917027 1432917142 ACCEPT OK',
      '2 123456789010 eni-1235b8ca123456789 172.31.16.139 203.0.113.12 0 0 1 4 336 1432917094 1432917142 ACCEPT OK',
      '2 123456789010 eni-1235b8ca123456789 - - - - - - - 1431280876 1431280934 - NODATA',
    ].join('\n');
    const { bytes: inBrowser, lines: asLines } = await step<{ bytes: FlowLogReport; lines: FlowLogReport }>('flowlogs', { url: `/${fixture}`, file: fixture, log });
    // FL-5: the reply is allowed by the security group's state and dropped by the network ACL: logged ACCEPT here, a mismatch.
    expect(inBrowser).toMatchObject({ records: 3, agree: 1, mismatch: 1, skipped: 1 });
    expect(inBrowser.mismatches[0]).toMatchObject({ file: 'dropped.log', line: 2, logged: 'ACCEPT', simulated: 'REJECT', code: 'SUBNET_ACL_RESTRICTION' });
    const inNode = await replayFlowLogs(await loadTopology(join(ROOT, fixture)), { name: 'dropped.log', lines: log.split('\n') });
    expect(inBrowser).toEqual(inNode);
    expect(asLines).toEqual(inNode);
  });

  describe('the WASM engine through bindings/browser.ts gives the LPM answers Node gives', () => {
    let inNode: LpmOutcome;

    beforeAll(async () => {
      inNode = lpmRun(await loadNodeEngine({ build: 'release' }), LPM_CASES);
      // RT-3: Node's engine agrees with the linear-scan reference, so the comparison below is against right answers.
      LPM_CASES.forEach((c, i) => {
        const reference = lookupReference(c.family, { addrs: Uint32Array.from(c.addrs), lens: Uint8Array.from(c.lens), values: Uint32Array.from(c.values) }, Uint32Array.from(c.lookups));
        expect(inNode.tables[i]!.results).toEqual(Array.from(reference));
        expect(inNode.tables[i]!.results.some((v) => v !== LPM_MISS)).toBe(true);
      });
    });

    it('instantiateStreaming from the default URL next to the bundle: one fetch of build/release.wasm', async () => {
      const from = server.requests.length;
      expect(await step<LpmOutcome>('lpm', { load: {}, cases: LPM_CASES })).toEqual(inNode);
      // One request: the streaming compile succeeded (the fallback would fetch a second time).
      expect(requestsSince(from)).toEqual([{ path: '/build/release.wasm', status: 200, contentType: 'application/wasm' }]);
    });

    it('a server sending the wrong MIME type: falls back to fetch + instantiate', async () => {
      const from = server.requests.length;
      expect(await step<LpmOutcome>('lpm', { load: { url: `${OCTET_PREFIX}/build/release.wasm` }, cases: LPM_CASES })).toEqual(inNode);
      const wrongType = { path: `${OCTET_PREFIX}/build/release.wasm`, status: 200, contentType: 'application/octet-stream' };
      expect(requestsSince(from)).toEqual([wrongType, wrongType]);
    });

    it('bytes from the caller: nothing is fetched', async () => {
      const from = server.requests.length;
      expect(await step<LpmOutcome>('lpm', { load: { bytes: Array.from(readFileSync(WASM)) }, cases: LPM_CASES })).toEqual(inNode);
      expect(requestsSince(from)).toEqual([]);
    });
  });

  it('examples/browser/index.html shows the trace answer Node gives (SG-4: AppSg allows SSH from BastionSg)', async () => {
    const example = await browser.newPage();
    example.on('pageerror', (err) => pageErrors.push(`example: ${err.message}`));
    await example.goto(`${server.origin}/examples/browser/index.html`, { waitUntil: 'load' });
    const shown = await example.evaluate(() => (window as unknown as { vpcsimExample: Promise<string> }).vpcsimExample);
    const answer = await trace(await loadTopology(join(ROOT, FILE)), { from: 'Bastion', to: 'AppServer', port: 22 });
    expect(shown).toBe(answer.reachable ? 'reachable' : `blocked: ${answer.explanations[0]!.code}`);
    expect(shown).toBe('reachable');
    expect(await example.locator('#path').textContent()).toContain('AppSg');
    await example.close();
  });

  describe('monteCarlo() in the browser gives the counts Node gives (MC-10, MC-11)', () => {
    const NAT = 'examples/availability/nat-single.yaml';
    const SCENARIO = 'failures: { availabilityZone: 0.1, natGateway: 0.2 }\nqueries: [{ name: appb, from: AppB, to: 8.8.8.8, port: 443 }]\n';
    const run = { url: `/${NAT}`, file: NAT, scenario: SCENARIO, trials: 50_000, seed: 5 };
    let inNode: MonteCarloResult;

    beforeAll(async () => {
      inNode = await monteCarlo(await loadTopology(join(ROOT, NAT)), SCENARIO, { trials: run.trials, seed: run.seed, workers: 1 });
    });

    it('the Web Worker bundle imports nothing a browser cannot resolve', () => {
      expect(moduleSpecifiers(readFileSync(MC_WORKER, 'utf8'))).toEqual([]);
    });

    it("on the page's thread", async () => {
      expect(await step<MonteCarloResult>('montecarlo', { ...run, webWorkers: 0 })).toEqual(inNode);
    });

    it('on two Web Workers, one engine each: the same counts, workers 2', async () => {
      expect(await step<MonteCarloResult>('montecarlo', { ...run, webWorkers: 2 })).toEqual({ ...inNode, workers: 2 });
    });
  });

  it('no errors were logged in the pages', () => {
    // The wrong-MIME step makes Chromium log nothing (the loader catches it); any error here is real.
    expect(pageErrors).toEqual([]);
  });
});
