// `vpcsim montecarlo <template-or-snapshot> --scenario s.yaml [--trials N] [--seed S] [--workers K]
// [--exact] [--until-ci W] [--json]`: the availability of each query of the scenario under random
// failures (issue 10, SEMANTICS.md §13). Exit 0 with the answer, 2 for bad input. On a terminal, a
// progress bar on stderr; --json prints nothing that depends on timing, so it is the same bytes for
// any --workers.
import type { Command } from 'commander';
import { DEFAULT_SEED, DEFAULT_TRIALS } from '../../analyze/montecarlo/montecarlo.js';
import { runScenario } from '../../analyze/montecarlo/montecarlo-node.js';
import { defaultWorkerCount } from '../../analyze/montecarlo/pool-node.js';
import { formatMonteCarlo, type QueryHeading } from '../../analyze/montecarlo/report-text.js';
import { parseScenario } from '../../analyze/montecarlo/scenario.js';
import { loadTopology } from '../../import/load.js';
import { readTextFile } from '../../import/read-input.js';
import { InputError } from '../../model/errors.js';
import type { CliIO } from '../io.js';
import { addImportOptions, importOptionsFrom, type ImportFlags } from '../options.js';
import { trialProgressBar } from '../progress.js';

interface MonteCarloFlags extends ImportFlags {
  scenario: string;
  trials?: string;
  seed?: string;
  workers?: string;
  exact?: boolean;
  untilCi?: string;
  json?: boolean;
}

/** A whole number from a flag: digits, or a power-of-ten form such as 1e6. */
function wholeNumber(flag: string, text: string | undefined, min: number, what: string): number | undefined {
  if (text === undefined) return undefined;
  const n = /^\d+(?:e\d+)?$/i.test(text.trim()) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n) || n < min) throw new InputError(`${flag} ${JSON.stringify(text)}: expected ${what}`);
  return n;
}

function halfWidth(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const w = text.trim() === '' ? NaN : Number(text);
  if (!(w > 0 && w < 0.5)) throw new InputError(`--until-ci ${JSON.stringify(text)}: expected a half-width between 0 and 0.5, e.g. 0.0001`);
  return w;
}

export function registerMonteCarlo(program: Command, io: CliIO): void {
  const cmd = program
    .command('montecarlo')
    .description('availability of each query of a failure scenario: Monte Carlo trials on the engine, or exact')
    .argument('<file>', 'CloudFormation template (YAML/JSON) or describe-* snapshot (file or directory)')
    .requiredOption('--scenario <file>', 'scenario (YAML or JSON): failure probabilities, overrides, groups, queries')
    .option('--trials <n>', `trials to run (default ${DEFAULT_TRIALS.toLocaleString('en-US')})`)
    .option('--seed <n>', `seed of the trials' random draws, an integer (default ${DEFAULT_SEED})`)
    .option('--workers <k>', 'worker threads, each with its own engine (default: the available cores)')
    .option('--exact', 'also compute each availability exactly by enumerating failure states (MC-15)')
    .option('--until-ci <w>', 'keep sampling until every 95% interval half-width is below w')
    .option('--json', 'print the answer as one JSON object');
  addImportOptions(cmd).action(async (file: string, flags: MonteCarloFlags) => {
    const trials = wholeNumber('--trials', flags.trials, 1, 'a whole number of trials >= 1');
    const seed = wholeNumber('--seed', flags.seed, 0, 'an integer from 0 to 2^53 - 1');
    const workers = wholeNumber('--workers', flags.workers, 1, 'a whole number of workers >= 1');
    const untilCi = halfWidth(flags.untilCi);
    const load = importOptionsFrom(flags, io);
    // The scenario is checked before the topology is read: a typo there costs no import.
    const scenarioText = await readTextFile(flags.scenario, load.maxSizeBytes);
    const scenario = parseScenario(scenarioText.text, flags.scenario);
    const t = await loadTopology(file, load);
    const bar = trialProgressBar(io.stderrTerminal);
    let result;
    try {
      result = await runScenario(t, scenario, {
        trials: trials ?? DEFAULT_TRIALS,
        seed: seed ?? DEFAULT_SEED,
        workers: workers ?? defaultWorkerCount(),
        ...(untilCi !== undefined && { untilCi }),
        ...(flags.exact && { exact: true }),
        ...(bar && { onProgress: (p: { trials: number; total: number }) => bar.update(p) }),
      });
    } finally {
      bar?.stop();
    }
    if (flags.json) {
      io.stdout(JSON.stringify(result, null, 2) + '\n');
      return;
    }
    const headings = new Map<string, QueryHeading>(scenario.queries.map((q) => [q.name, q]));
    io.stdout(formatMonteCarlo(result, { headings }));
  });
}
