// Bench dispatcher: `npm run bench` runs every bench/*.bench.ts; `npm run bench -- lpm` runs
// bench/lpm.bench.ts; flags after the names (e.g. --json) go to each bench.
// A bench module's default export is `run(args)`; it throws when its implementations disagree.
// Benches report through bench/report.ts (one row shape; --json prints one JSON document per bench
// on one line) and time with bench/measure.ts. `npm run -s bench -- <name> --json` keeps npm's
// banner out of stdout.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

type BenchRun = (args: string[]) => Promise<void>;

const here = dirname(fileURLToPath(import.meta.url));
const SUFFIX = '.bench.ts';

async function main(argv: string[]): Promise<number> {
  const names = argv.filter((a) => !a.startsWith('-'));
  const flags = argv.filter((a) => a.startsWith('-'));
  const found = readdirSync(here).filter((f) => f.endsWith(SUFFIX)).map((f) => f.slice(0, -SUFFIX.length)).sort();
  const unknown = names.filter((n) => !found.includes(n));
  if (unknown.length > 0) {
    console.error(`unknown bench ${unknown.join(', ')}; available: ${found.join(', ')}`);
    return 2;
  }
  for (const name of names.length > 0 ? names : found) {
    const module = (await import(pathToFileURL(join(here, name + SUFFIX)).href)) as { default: BenchRun };
    try {
      await module.default(flags);
    } catch (err) {
      console.error(`bench ${name} failed: ${err instanceof Error ? err.message : String(err)}`);
      return 1;
    }
  }
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
