// Profiling driver (not a bench): engine builds of DIFFERENT image layouts walk the trace bench's
// flow mix in ONE process, alternated run by run (the order rotates each round), each with the image
// its own sources compiled: the cache directory walk-driver.ts writes from those sources (image and
// flows). engine-ab.ts compiles one image for every build, which a layout change cannot share.
// One batch of all the flows per run (memo off), ROUNDS runs per build after one dropped warm-up run:
// CPU M flows/s, median [min .. max], and the per-round figures.
//   (cd OLD_CHECKOUT && npx tsx bench/profile/walk-driver.ts OLD.wasm 0 grouped /tmp/old-cache)
//   npx tsx bench/profile/layout-ab.ts 7 OLD.wasm /tmp/old-cache NEW.wasm /tmp/new-cache
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { instantiateSync } from '@assemblyscript/loader';
import { createEngine, type Engine, type EngineExports } from '../../bindings/engine.js';
import type { FlowBatch } from '../../bindings/network.js';
import type { NetworkImage } from '../../src/compile/image.js';

const COLUMNS = ['origin', 'family', 'protocol', 'srcPort', 'dstPort', 'icmpType', 'icmpCode', 'destination', 'src', 'dst'] as const;
const [roundsArg, ...rest] = process.argv.slice(2);
const rounds = Number(roundsArg);
if (!(rounds > 0) || rest.length < 2 || rest.length % 2 !== 0) {
  console.error('usage: layout-ab.ts ROUNDS A.wasm A_CACHE [B.wasm B_CACHE ...]');
  process.exit(2);
}
const builds = Array.from({ length: rest.length / 2 }, (_, i) => ({ wasm: rest[2 * i]!, cache: rest[2 * i + 1]! }));

function words32(cache: string, name: string): Int32Array {
  const b = readFileSync(join(cache, `${name}.bin`));
  return new Int32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}

async function engineOf(wasm: string, cache: string): Promise<{ engine: Engine; batch: FlowBatch }> {
  const { exports } = instantiateSync(await WebAssembly.compile(readFileSync(wasm)), {});
  const engine = createEngine(exports as unknown as EngineExports);
  // loadNetwork reads only the words; the names serve answers, which this driver does not word.
  engine.loadNetwork({ words: words32(cache, 'image') } as NetworkImage);
  const batch = Object.fromEntries(COLUMNS.map((c) => [c, c === 'src' || c === 'dst' ? new Uint32Array(words32(cache, c).buffer) : words32(cache, c)])) as unknown as FlowBatch;
  return { engine, batch };
}

const engines = [];
for (const b of builds) engines.push(await engineOf(b.wasm, b.cache));
const n = engines[0]!.batch.origin.length;
const rates = builds.map(() => [] as number[]);
const reachable = builds.map(() => 0);
for (let r = 0; r <= rounds; r++) {
  for (let k = 0; k < engines.length; k++) {
    const i = (k + r) % engines.length;
    const { engine, batch } = engines[i]!;
    const cpu = process.cpuUsage();
    const verdicts = engine.walkBatch(batch, { memo: false }).verdicts;
    const used = process.cpuUsage(cpu);
    if (r === 0) reachable[i] = verdicts.filter((v) => v === 0).length;
    else rates[i]!.push(n / ((used.user + used.system) / 1e6) / 1e6);
  }
}
const f = (x: number) => x.toFixed(2);
builds.forEach((b, i) => {
  const sorted = [...rates[i]!].sort((x, y) => x - y);
  // Rounds in which this build beat the first one (the same moment's load on both).
  const wins = i === 0 ? '' : `, faster than the first in ${rates[i]!.filter((x, r) => x > rates[0]![r]!).length} of ${rounds} rounds`;
  console.log(`${b.wasm}: CPU M flows/s ${f(sorted[sorted.length >> 1]!)} [${f(sorted[0]!)} .. ${f(sorted.at(-1)!)}]${wins}, ${reachable[i]} reachable`);
  if (process.env.AB_ROUNDS === '1') console.log(`  ${rates[i]!.map(f).join(' ')}`);
});
