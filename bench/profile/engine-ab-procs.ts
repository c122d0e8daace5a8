// Profiling driver (not a bench): engine-ab.ts for two builds in PROCS separate processes, the builds'
// order swapped every other process, and each process's medians compared. Within one process the rounds
// a build wins say little at a few percent: the same pair gave 36 of 39 rounds one way and 4 of 39 the
// other a minute later (bench/profile/README.md, session 19); what a process's placement (its
// WebAssembly memories, its code) costs moves its medians by ~5% either way, alike for every round.
//   npx tsx bench/profile/engine-ab-procs.ts VPCS FLOWS A.wasm B.wasm [PROCS, default 8]   (RUNS: per process, default 16)
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const [vpcs, flows, a, b, procsArg] = process.argv.slice(2);
if (!vpcs || !flows || !a || !b) throw new Error('usage: engine-ab-procs.ts VPCS FLOWS A.wasm B.wasm [PROCS]');
const procs = Number(procsArg ?? 8);
const driver = fileURLToPath(new URL('./engine-ab.ts', import.meta.url));
const ratios: number[] = [];
for (let p = 0; p < procs; p++) {
  const order = p % 2 === 0 ? [a, b] : [b, a];
  const out = execFileSync('npx', ['tsx', driver, vpcs, flows, ...order], { encoding: 'utf8', env: { ...process.env, RUNS: process.env.RUNS ?? '16' } });
  // engine-ab prints one line per build: "..., A.wasm: CPU M flows/s MEDIAN [...".
  const median = (wasm: string) => Number(out.split('\n').find((line) => line.includes(`${wasm}: CPU`))!.match(/flows\/s ([0-9.]+)/)![1]);
  const [ma, mb] = [median(a), median(b)];
  ratios.push(mb / ma);
  console.log(`process ${p + 1} (${order[0] === a ? 'A first' : 'B first'}): A ${ma.toFixed(2)}, B ${mb.toFixed(2)} M flows/s, B/A ${(mb / ma).toFixed(3)}`);
}
const sorted = [...ratios].sort((x, y) => x - y);
const mid = procs >> 1;
const median = procs % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
console.log(`B faster in ${ratios.filter((r) => r > 1).length} of ${procs} processes; B/A median ${median.toFixed(3)} [${sorted[0]!.toFixed(3)} .. ${sorted.at(-1)!.toFixed(3)}]`);
