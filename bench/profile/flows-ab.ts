// Profiling driver (not a bench: no figures of record, see bench/profile/README.md): `vpcsim trace
// TEMPLATE --flows FLOWS --cache DIR [--json]` run in-process by the CLI's main() of each ROOT (a built
// checkout of vpcsim: its CLI bundle dist/cli/vpcsim.js and its engine build), the roots alternated run by run (odd rounds in reverse order) in ONE process so a busy
// machine's drift falls on each alike. Each run loads the design from the image cache as the CLI does
// (run the command once first so the entry exists), answers every flow and prints to a buffer. RUNS
// rounds (default 5), the first dropped (JIT): CPU s per root, median [min .. max], and the rounds each
// root beat the first. The printed bytes of every root are compared: a root that prints differently is
// an error. JSON=1 in the environment adds --json.
//   npx tsx bench/profile/flows-ab.ts TEMPLATE FLOWS CACHE ROOT [ROOT ...]
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const RUNS = Number(process.env.RUNS ?? 5);
const [template, flows, cache, ...roots] = process.argv.slice(2);
if (!template || !flows || !cache || roots.length === 0) throw new Error('usage: flows-ab.ts TEMPLATE FLOWS CACHE ROOT [ROOT ...]');
const argv = ['trace', template, '--flows', flows, '--cache', cache, ...(process.env.JSON === '1' ? ['--json'] : [])];

type Main = (argv: string[], io: { stdout: (s: string) => void; stderr: (s: string) => void }) => Promise<number>;
const mains: Main[] = await Promise.all(roots.map(async (root) => (await import(pathToFileURL(resolve(root, 'dist/cli/vpcsim.js')).href)).main as Main));

const seconds = roots.map(() => [] as number[]);
for (let r = 0; r < RUNS; r++) {
  const digests: string[] = [];
  // Odd rounds run the roots in reverse: a run after another one finds its garbage to collect.
  for (const i of r % 2 === 0 ? roots.map((_, k) => k) : roots.map((_, k) => roots.length - 1 - k)) {
    const main = mains[i]!;
    const hash = createHash('sha256');
    let stderr = '';
    const cpu = process.cpuUsage();
    const code = await main(argv, { stdout: (s) => void hash.update(s), stderr: (s) => void (stderr += s) });
    const used = process.cpuUsage(cpu);
    if (code !== 0 && code !== 1) throw new Error(`${roots[i]}: exit ${code}: ${stderr}`);
    digests[i] = hash.digest('hex');
    if (r > 0) seconds[i]!.push((used.user + used.system) / 1e6);
  }
  if (digests.some((d) => d !== digests[0])) throw new Error(`the roots print differently: ${digests.join(' ')}`);
}
const wins = seconds.map((s) => s.filter((x, k) => x < seconds[0]![k]!).length);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
roots.forEach((root, i) => {
  const s = seconds[i]!;
  console.log(`${root}: CPU s ${median(s).toFixed(2)} [${Math.min(...s).toFixed(2)} .. ${Math.max(...s).toFixed(2)}]${i > 0 ? `, beat the first in ${wins[i]} of ${s.length} rounds` : ''}`);
});
