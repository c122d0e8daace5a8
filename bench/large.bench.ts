// Large designs (issue 16): `npm run bench -- large [--json] [--sizes=100,1000,3000]`, on generated
// templates of 100, 1,000 and 3,000 VPCs (10 subnets x 10 instances each, Transit Gateway hub, JSON,
// and the same designs as YAML templates: import beside the js-yaml path and the JSON figure).
// Each figure is one process (bench/large-child.ts) so its peak RSS is its own:
//   - cold: read the bytes + import + validate (loadTopologyFromBytes, as the CLI), compile, then the first trace (engine
//     load, resolve, walk, words);
//   - cached: the compiled-image cache's hit (bench/large-child.ts `cached`: open the entry, read and
//     check the image words and list offsets; the lists decode lazily) and the first trace;
//   - `vpcsim trace` end to end (node start included) with the cache hit, beside the same with --no-cache.
// Growth between sizes: how much a figure grows per 10x more VPCs, divided by 10 (1.0: linear).
// Templates are generated once and kept in $TMPDIR/vpcsim-bench-large (generating 3,000 VPCs takes a while).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spread, type Timing } from './measure.js';
import { BenchReport } from './report.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const bin = join(root, 'bin', 'vpcsim.js');
const store = join(tmpdir(), 'vpcsim-bench-large');

interface ChildResult {
  stages: Record<string, { wallMs: number; cpuMs: number }>;
  reachable: boolean;
  maxRssBytes: number;
  fileBytes: number;
}

function template(vpcs: number, format: 'json' | 'yaml' = 'json'): string {
  const file = join(store, `v${vpcs}-s10-i10-tgw-seed1.${format}`);
  if (!existsSync(file)) {
    mkdirSync(store, { recursive: true });
    execFileSync(process.execPath, [bin, 'generate', '--vpcs', String(vpcs), '--subnets', '10', '--instances', '10', '--format', format, '-o', file], { stdio: 'inherit' });
  }
  return file;
}

/** The js-yaml peer rows stop here (a 3,000-VPC YAML template is 120 MB: one js-yaml tree of it would take most of the bench's time). */
const JS_YAML_UP_TO = 1000;

/** The generator pads VPC numbers to the width of the largest: Vpc00 .. Vpc99, Vpc000 .. Vpc999. */
function instance(vpcs: number, vpc: number, subnet: number, index: number): string {
  return `Vpc${String(vpc).padStart(String(vpcs - 1).length, '0')}Subnet${subnet}Instance${index}`;
}

function child(mode: 'cold' | 'cold-js-yaml' | 'cached', file: string, cacheDir: string, vpcs: number): ChildResult {
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(here, 'large-child.ts'), mode, file, cacheDir, instance(vpcs, 0, 0, 0), instance(vpcs, 1, 1, 1)], { encoding: 'utf8', maxBuffer: 1 << 20, cwd: root });
  if (run.status !== 0) throw new Error(`large-child ${mode} ${file}: ${run.stderr.trim().split('\n').slice(-3).join(' ')}`);
  return JSON.parse(run.stdout) as ChildResult;
}

function cli(file: string, vpcs: number, cacheArgs: string[]): number {
  const t0 = performance.now();
  const run = spawnSync(process.execPath, [bin, 'trace', file, '--from', instance(vpcs, 0, 0, 0), '--to', instance(vpcs, 1, 1, 1), '--port', '443', '--max-size', '1000', '-q', ...cacheArgs], { encoding: 'utf8', maxBuffer: 1 << 24 });
  const ms = performance.now() - t0;
  if (run.status !== 0 && run.status !== 1) throw new Error(`vpcsim trace ${file}: ${run.stderr.trim()}`);
  return ms;
}

const median = (xs: number[]) => spread(xs).median;

/**
 * The same design as a YAML template (what CloudFormation users mostly write): import + validate
 * through the YAML subset reader (src/import/yaml-fast.ts, then the JSON scan) beside js-yaml (the
 * path before it, still the fallback) and beside the JSON template's figures; peak RSS; end to end.
 */
function yamlRows(report: BenchReport, vpcs: number, runs: number, jsonImport: Timing, jsonNoCache: number[], jsonCold: ChildResult[]): void {
  report.progress(`${vpcs} VPCs: YAML template`);
  const file = template(vpcs, 'yaml');
  const mb = statSync(file).size / 1e6;
  const cacheDir = join(store, `cache-${vpcs}-yaml`);
  const cold: ChildResult[] = [];
  const jsYaml: ChildResult[] = [];
  const noCache: number[] = [];
  for (let r = 0; r < runs; r++) {
    report.progress(`${vpcs} VPCs, YAML: run ${r + 1}/${runs}`);
    cold.push(child('cold', file, cacheDir, vpcs));
    if (vpcs <= JS_YAML_UP_TO) jsYaml.push(child('cold-js-yaml', file, cacheDir, vpcs));
    noCache.push(cli(file, vpcs, ['--no-cache']));
  }
  const topo = `${vpcs.toLocaleString('en-US')} VPCs (${mb.toFixed(0)} MB YAML)`;
  const timing = (results: ChildResult[]): Timing => ({ wallMs: results.map((c) => c.stages.import!.wallMs), cpuMs: results.map((c) => c.stages.import!.cpuMs) });
  const imports = `import + validate, ${topo}`;
  report.time({ case: imports, implementation: 'loadTopologyFromBytes', includes: 'UTF-8 decoding, YAML subset -> JSON text (src/import/yaml-fast.ts), JSON scan, CloudFormation import, finalize, validate; the bytes read before timing', cpu: true }, 'ms', timing(cold));
  if (jsYaml.length) report.time({ case: imports, implementation: 'js-yaml path', includes: 'js-yaml load of the whole text (the path before the subset reader, still its fallback), import, finalize, validate', peer: true, cpu: true }, 'ms', timing(jsYaml));
  report.time({ case: imports, implementation: 'the same design as JSON', includes: 'loadTopologyFromBytes on the JSON template (the rows above)', peer: true, cpu: true }, 'ms', jsonImport);
  const rss = `peak RSS, ${topo}`;
  report.value({ case: rss, implementation: 'import + compile + first trace', includes: 'process.resourceUsage().maxRSS of the whole child process, cold', peer: false }, 'MB', 'lower', cold.map((c) => c.maxRssBytes / 1e6));
  if (jsYaml.length) report.value({ case: rss, implementation: 'the same through js-yaml', includes: 'the js-yaml path', peer: true }, 'MB', 'lower', jsYaml.map((c) => c.maxRssBytes / 1e6));
  report.value({ case: rss, implementation: 'the same design as JSON', includes: 'the JSON template, cold', peer: true }, 'MB', 'lower', jsonCold.map((c) => c.maxRssBytes / 1e6));
  const e2e = `vpcsim trace end to end --no-cache, ${topo}`;
  report.time({ case: e2e, implementation: 'YAML template', includes: 'node start, CLI, import, validate, compile, trace, print', cpu: false }, 'ms', { wallMs: noCache, cpuMs: [] });
  report.time({ case: e2e, implementation: 'the same design as JSON', includes: 'the JSON template (the rows above)', peer: true }, 'ms', { wallMs: jsonNoCache, cpuMs: [] });
  if (vpcs > JS_YAML_UP_TO) report.note(`${topo}: no js-yaml rows (not run above ${JS_YAML_UP_TO} VPCs: js-yaml builds one tree of the whole 120 MB text)`);
}

export default async function run(args: string[]): Promise<void> {
  const report = new BenchReport('large', args);
  const sizesArg = args.find((a) => a.startsWith('--sizes='));
  const sizes = sizesArg ? sizesArg.slice('--sizes='.length).split(',').map(Number) : [100, 1000, 3000];
  const figures = new Map<number, Record<string, number>>();
  for (const vpcs of sizes) {
    report.progress(`${vpcs} VPCs: template`);
    const file = template(vpcs);
    const mb = statSync(file).size / 1e6;
    const cacheDir = join(store, `cache-${vpcs}`);
    rmSync(cacheDir, { recursive: true, force: true });
    const runs = vpcs >= 3000 ? 1 : 3;
    const cold: ChildResult[] = [];
    const cached: ChildResult[] = [];
    const cliHit: number[] = [];
    const cliNoCache: number[] = [];
    for (let r = 0; r < runs; r++) {
      report.progress(`${vpcs} VPCs: run ${r + 1}/${runs}`);
      cold.push(child('cold', file, cacheDir, vpcs));
      cliNoCache.push(cli(file, vpcs, ['--no-cache']));
      if (r === 0) cli(file, vpcs, ['--cache', cacheDir]); // the miss that writes the entry
      cached.push(child('cached', file, cacheDir, vpcs));
      cliHit.push(cli(file, vpcs, ['--cache', cacheDir]));
    }
    const topo = `${vpcs.toLocaleString('en-US')} VPCs (${mb.toFixed(0)} MB JSON)`;
    const stage = (results: ChildResult[], name: string) => results.map((c) => c.stages[name]!.wallMs);
    const stageCpu = (results: ChildResult[], name: string) => results.map((c) => c.stages[name]!.cpuMs);
    const timing = (results: ChildResult[], name: string) => ({ wallMs: stage(results, name), cpuMs: stageCpu(results, name) });
    const sum = (results: ChildResult[], names: string[]) => ({
      wallMs: results.map((c) => names.reduce((s, n) => s + c.stages[n]!.wallMs, 0)),
      cpuMs: results.map((c) => names.reduce((s, n) => s + c.stages[n]!.cpuMs, 0)),
    });
    const load = `load a ${topo}: ready to trace`;
    report.time({ case: load, implementation: 'cached load (image cache hit)', includes: 'the key from the template stamp record (else hash the template), open the cache entry, read and check (CRC-32) the list offsets; the Topology decodes lazily, the image words are read by the first trace (bench/large-child.ts cached)', cpu: true }, 'ms', timing(cached, 'cached load'));
    report.time({ case: load, implementation: 'import + validate + compile (no cache)', includes: 'read the file, parse, import, validate, compile (bench/large-child.ts cold)', peer: true, cpu: true }, 'ms', sum(cold, ['read', 'import', 'compile']));
    report.time({ case: `import + validate, ${topo}`, implementation: 'loadTopologyFromBytes', includes: 'JSON scan of the bytes, text decoded, CloudFormation import, finalize, validate; the bytes read before timing', cpu: true }, 'ms', timing(cold, 'import'));
    report.time({ case: `compile, ${topo}`, implementation: 'compileTopology', includes: 'topology -> image (TypeScript); imported before timing', cpu: true }, 'ms', timing(cold, 'compile'));
    report.time({ case: `first trace, ${topo}`, implementation: 'trace() after a cached load', includes: 'engine load of the image (on a hit: its words read from the entry into engine memory and checked; LPM tables), resolve the names (on a hit: decode the few elements read), walk, word the hops', cpu: true }, 'ms', timing(cached, 'first trace'));
    report.time({ case: `first trace, ${topo}`, implementation: 'trace() after import + compile', includes: 'the same, on the topology imported in the same process', peer: true, cpu: true }, 'ms', timing(cold, 'first trace'));
    const e2e = `vpcsim trace end to end, ${topo}`;
    report.time({ case: e2e, implementation: 'cache hit', includes: 'node start, CLI, cache hit, trace, print (a child process, wall clock)' }, 'ms', { wallMs: cliHit, cpuMs: [] });
    report.time({ case: e2e, implementation: '--no-cache', includes: 'node start, CLI, import, validate, compile, trace, print', peer: true }, 'ms', { wallMs: cliNoCache, cpuMs: [] });
    const rss = `peak RSS, ${topo}`;
    report.value({ case: rss, implementation: 'cached load + first trace', includes: 'process.resourceUsage().maxRSS of the whole child process' }, 'MB', 'lower', cached.map((c) => c.maxRssBytes / 1e6));
    report.value({ case: rss, implementation: 'import + compile + first trace', includes: 'the same, cold', peer: true }, 'MB', 'lower', cold.map((c) => c.maxRssBytes / 1e6));
    report.note(`${topo}: peak RSS cold ${(median(cold.map((c) => c.maxRssBytes)) / (mb * 1e6)).toFixed(1)}x the file, cached ${(median(cached.map((c) => c.maxRssBytes)) / (mb * 1e6)).toFixed(1)}x`);
    yamlRows(report, vpcs, runs, timing(cold, 'import'), cliNoCache, cold);
    figures.set(vpcs, {
      import: median(stageCpu(cold, 'import')),
      compile: median(stageCpu(cold, 'compile')),
      cached: median(stageCpu(cached, 'cached load')),
      rssCold: median(cold.map((c) => c.maxRssBytes)),
    });
  }
  // Growth: (figure at the larger size / at the smaller) / (size ratio); 1.0 is linear.
  for (let i = 1; i < sizes.length; i++) {
    const [a, b] = [sizes[i - 1]!, sizes[i]!];
    const fa = figures.get(a)!;
    const fb = figures.get(b)!;
    for (const [name, label] of [['import', 'import + validate CPU'], ['compile', 'compile CPU'], ['cached', 'cached load CPU'], ['rssCold', 'peak RSS (cold)']] as const) {
      report.value({ case: `growth ${a.toLocaleString('en-US')} -> ${b.toLocaleString('en-US')} VPCs (1.0 = linear)`, implementation: label, includes: `(figure at ${b} / figure at ${a}) / ${b / a}` }, 'x', 'lower', [fb[name]! / fa[name]! / (b / a)]);
    }
  }
  report.finish();
}
