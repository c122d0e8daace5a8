// What V8 itself needs for a big template, next to what our cold load takes (issue 16's "under 1 s"
// aim): each figure from a fresh process, as the CLI runs.
//   json   : the file read, decoded and JSON.parse'd (a tree of the template, nothing mapped)
//   model  : the finished Topology rebuilt by v8.deserialize from its own serialized bytes (V8's
//            generic native path: slower than our import's mapping, so not a floor, but it gives
//            validate and compile cold on a model no import warmed up), then validated and compiled
//   ours   : the CLI's path: read, import (scan, resolve, map, finalize), validate, compile
// Not a bench: `npm run bench` does not run it. CPU is the process's (every thread); wall in brackets.
//
//   npx tsx bench/profile/model-floor.ts FILE.json [ROUNDS]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deserialize, serialize } from 'node:v8';
import { compile } from '../../src/analyze/engine-trace.js';
import { loadTopologyFromBytes } from '../../src/import/load-bytes.js';
import { validated } from '../../src/import/load-text.js';
import type { Topology } from '../../src/model/types.js';

type Lap = [stage: string, cpuMs: number, wallMs: number];

function stopwatch(): (stage: string) => void {
  const laps: Lap[] = [];
  let cpu = process.cpuUsage();
  let wall = performance.now();
  process.on('exit', () => console.log(JSON.stringify(laps)));
  return (stage) => {
    const used = process.cpuUsage(cpu);
    laps.push([stage, Math.round((used.user + used.system) / 1000), Math.round(performance.now() - wall)]);
    cpu = process.cpuUsage();
    wall = performance.now();
  };
}

function child(mode: string, file: string, modelFile: string): void {
  const lap = stopwatch();
  if (mode === 'json') {
    const text = new TextDecoder().decode(readFileSync(file));
    lap('read + decode');
    JSON.parse(text);
    lap('JSON.parse');
    return;
  }
  let t: Topology;
  if (mode === 'model') {
    const bytes = readFileSync(modelFile);
    lap('read');
    t = deserialize(bytes) as Topology;
    lap('v8.deserialize');
    validated(t, file, {});
  } else {
    const bytes = readFileSync(file);
    lap('read');
    t = loadTopologyFromBytes(bytes, file, {});
    lap('import + validate');
  }
  lap(mode === 'model' ? 'validate' : '(validate above)');
  compile(t);
  lap('compile');
}

const [file, rounds = '2', mode, modelFile] = process.argv.slice(2);
if (!file) {
  console.error('usage: npx tsx bench/profile/model-floor.ts FILE.json [ROUNDS]');
  process.exit(2);
}
if (mode) child(mode, file, modelFile!);
else {
  const dir = mkdtempSync(join(tmpdir(), 'vpcsim-model-floor-'));
  const model = join(dir, 'topology.v8');
  writeFileSync(model, serialize(loadTopologyFromBytes(readFileSync(file), file, {})));
  const script = fileURLToPath(import.meta.url);
  for (let r = 0; r < Number(rounds); r++) {
    for (const m of ['json', 'model', 'ours']) {
      const run = spawnSync(process.execPath, [...process.execArgv, script, file, '1', m, model], { encoding: 'utf8' });
      const laps = JSON.parse(run.stdout.trim().split('\n').pop()!) as Lap[];
      const total = laps.reduce((s, l) => s + l[1], 0);
      console.log(`${m.padEnd(6)} ${laps.map(([s, c, w]) => `${s} ${c} (${w})`).join(', ')}; CPU total ${total} ms`);
    }
  }
  rmSync(dir, { recursive: true, force: true });
}
