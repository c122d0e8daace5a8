// One measured load of a large template, in its own process so peak RSS is this load's alone
// (bench/large.bench.ts runs it): `tsx bench/large-child.ts <cold|cold-js-yaml|cached> <template> <cache dir> <from> <to>`.
// Prints one JSON object: milliseconds per stage (wall and CPU) and the process's peak RSS in bytes.
import { statSync } from 'node:fs';
import { loadEngine } from '../bindings/node.js';
import { loadCompiled } from '../src/analyze/image-cache/index.js';
import { createTrace } from '../src/analyze/engine-trace.js';
import { compile } from '../src/analyze/engine-trace.js';
import { importCloudFormation } from '../src/import/cloudformation/index.js';
import { decodeText } from '../src/import/decode-text.js';
import { loadTopologyFromHeldBytes, type HeldBytes } from '../src/import/load-bytes.js';
import { validated } from '../src/import/load-text.js';
import { readFileBytes } from '../src/import/read-input.js';
import { VERSION } from '../src/version.js';

const [mode, template, cacheDir, from, to] = process.argv.slice(2) as [string, string, string, string, string];
const stages: Record<string, { wallMs: number; cpuMs: number }> = {};
async function stage<T>(name: string, fn: () => T | Promise<T>): Promise<T> {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  const out = await fn();
  const used = process.cpuUsage(cpu);
  stages[name] = { wallMs: performance.now() - wall, cpuMs: (used.user + used.system) / 1000 };
  return out;
}

const engine = await loadEngine();
const trace = createTrace(async () => engine);
let topology;
if (mode === 'cold' || mode === 'cold-js-yaml') {
  // The bytes, as the CLI reads them (src/import/read-input.ts readFileBytes) and hands them over (the
  // import drops them once read: src/import/load-bytes.ts); decoding is part of the import.
  const held: HeldBytes = await stage('read', () => readFileBytes(template, 1 << 30));
  // cold-js-yaml: a YAML template through js-yaml, as loadTopologyFromText/loadTopologyFromBytes read every YAML template before the subset reader (src/import/yaml-fast.ts).
  const load = mode === 'cold' ? () => loadTopologyFromHeldBytes(held, template, {}) : () => validated(importCloudFormation(decodeText(template, held.bytes!), template, {}), template, {});
  topology = await stage('import', load);
  await stage('compile', () => compile(topology!));
} else {
  topology = await stage('cached load', async () => (await loadCompiled(template, { maxSizeBytes: 1 << 30 }, { dir: cacheDir, version: VERSION })).topology);
}
const answer = await stage('first trace', () => trace(topology!, { from, to, port: 443 }));
process.stdout.write(JSON.stringify({ stages, reachable: answer.reachable, maxRssBytes: process.resourceUsage().maxRSS * 1024, fileBytes: statSync(template).size }) + '\n');
