// `vpcsim montecarlo <template-or-snapshot> --scenario s.yaml [--trials N] [--seed S] [--workers K]
// [--exact] [--until-ci W] [--json]`: the availability of each query of the scenario under random
// failures (issue 10, SEMANTICS.md §13). Exit 0 with the answer, 2 for bad input. On a terminal, a
// progress bar on stderr; --json prints nothing that depends on timing, so it is the same bytes for
// any --workers.
// `--queue redis://... [--shard-size N] [--resume RUN]` (issue 13, docs/distributed.md): the trials run
// as shards on `vpcsim worker`s through Redis; the answer is the local one, and --json adds a `queue`
// member after it (run id, shards, workers seen, retries). Redis gone mid-run: one line naming the run
// to resume, exit 75.
import type { Command } from 'commander';
import { DEFAULT_SEED, DEFAULT_TRIALS } from '../../analyze/montecarlo/montecarlo.js';
import { runScenario } from '../../analyze/montecarlo/montecarlo-node.js';
import { defaultWorkerCount } from '../../analyze/montecarlo/pool-node.js';
import { formatMonteCarlo, type QueryHeading } from '../../analyze/montecarlo/report-text.js';
import type { MonteCarloResult } from '../../analyze/montecarlo/report.js';
import { parseScenario } from '../../analyze/montecarlo/scenario.js';
import { readTextFile } from '../../import/read-input.js';
import { InputError } from '../../model/errors.js';
import { parseQueueUrl, type QueueAddress } from '../../analyze/montecarlo/queue/connection.js';
import { checkRunId, openCoordinator, QueueRunError, type Coordinator, type QueueStats } from '../../analyze/montecarlo/queue/coordinator.js';
import { ownVersions } from '../../analyze/montecarlo/queue/protocol.js';
import { VERSION } from '../../version.js';
import { ExitCode, type CliIO } from '../io.js';
import { groupedDigits, threadCount, wholeNumber } from '../numbers.js';
import { addCacheOptions, loadWholeDesign, type CacheFlags } from '../load-design.js';
import { addImportOptions, importOptionsFrom, type ImportFlags } from '../options.js';
import { printMessage } from '../print.js';
import { trialProgressBar } from '../progress.js';

interface MonteCarloFlags extends ImportFlags, CacheFlags {
  scenario: string;
  trials?: string;
  seed?: string;
  workers?: string;
  exact?: boolean;
  untilCi?: string;
  json?: boolean;
  queue?: string;
  shardSize?: string;
  resume?: string;
}

/** Trials per shard on a queue by default: a second or so of one engine on a small design (docs/distributed.md). */
export const DEFAULT_SHARD_TRIALS = 1_000_000;

interface QueueFlags {
  address: QueueAddress;
  shardTrials: number;
  resume?: string;
}

/** --queue, --shard-size, --resume: checked before anything is read; the last two only with --queue. */
function queueFlags(flags: MonteCarloFlags): QueueFlags | undefined {
  const shardTrials = wholeNumber('--shard-size', flags.shardSize, 1, 'a whole number of trials per shard >= 1');
  if (flags.queue === undefined) {
    if (shardTrials !== undefined || flags.resume !== undefined) throw new InputError(`${flags.resume !== undefined ? '--resume' : '--shard-size'} needs --queue`);
    return undefined;
  }
  if (flags.workers !== undefined) throw new InputError('--workers counts local threads; with --queue, give each `vpcsim worker` its --threads');
  return {
    address: parseQueueUrl(flags.queue),
    shardTrials: shardTrials ?? DEFAULT_SHARD_TRIALS,
    ...(flags.resume !== undefined && { resume: checkRunId(flags.resume) }),
  };
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
    .option('--trials <n>', `trials to run (default ${groupedDigits(DEFAULT_TRIALS)})`)
    .option('--seed <n>', `seed of the trials' random draws, an integer (default ${DEFAULT_SEED})`)
    .option('--workers <k>', 'worker threads, each with its own engine (default: the available cores)')
    .option('--exact', 'also compute each availability exactly by enumerating failure states (MC-15)')
    .option('--until-ci <w>', 'keep sampling until every 95% interval half-width is below w')
    .option('--json', 'print the answer as one JSON object')
    .option('--queue <url>', 'run the trials as shards on `vpcsim worker`s through Redis: redis://host:port[/db]')
    .option('--shard-size <n>', `trials per shard with --queue (default ${groupedDigits(DEFAULT_SHARD_TRIALS)})`)
    .option('--resume <run>', 'with --queue: continue an interrupted run (its id was printed when it started)');
  addImportOptions(addCacheOptions(cmd)).action(async (file: string, flags: MonteCarloFlags) => {
    const trials = wholeNumber('--trials', flags.trials, 1, 'a whole number of trials >= 1');
    const seed = wholeNumber('--seed', flags.seed, 0, 'an integer from 0 to 2^53 - 1');
    const workers = threadCount('--workers', flags.workers);
    const untilCi = halfWidth(flags.untilCi);
    const queue = queueFlags(flags);
    const load = importOptionsFrom(flags, io);
    // The scenario is checked before the topology is read: a typo there costs no import.
    const scenarioText = await readTextFile(flags.scenario, load.maxSizeBytes);
    const scenario = parseScenario(scenarioText.text, flags.scenario);
    const loaded = await loadWholeDesign(file, load, flags, io);
    const t = loaded.topology;
    const bar = trialProgressBar(io.stderrTerminal, Date.now, 'trials', queue !== undefined);
    const options = {
      trials: trials ?? DEFAULT_TRIALS,
      seed: seed ?? DEFAULT_SEED,
      ...(untilCi !== undefined && { untilCi }),
      ...(flags.exact && { exact: true }),
      ...(bar && { onProgress: (p: { trials: number; total: number }) => bar.update(p) }),
    };
    let result: MonteCarloResult & { queue?: QueueStats };
    let coordinator: Coordinator | undefined;
    try {
      if (queue) {
        coordinator = await openCoordinator({
          address: queue.address,
          versions: ownVersions(VERSION),
          params: { seed: options.seed, trials: options.trials, shardTrials: queue.shardTrials, ...(untilCi !== undefined && { untilCi }) },
          ...(queue.resume !== undefined && { resume: queue.resume }),
          ...(bar && { onLiveWorkers: (n: number) => bar.liveWorkers(n) }),
          onStart: () => {
            const shards = Math.ceil(options.trials / queue.shardTrials);
            const id = coordinator?.runId;
            io.stderr(`montecarlo: run ${id}: ${shards.toLocaleString('en-US')} shard${shards > 1 ? 's' : ''} of up to ${queue.shardTrials.toLocaleString('en-US')} trials on ${queue.address.display}; if interrupted, rerun with --resume ${id}\n`);
          },
        });
        result = { ...(await runScenario(t, scenario, { ...options, runnerPool: coordinator.runnerPool, chunkTrials: queue.shardTrials })), queue: coordinator.stats() };
        await coordinator.finish();
      } else {
        result = await runScenario(t, scenario, { ...options, workers: workers ?? defaultWorkerCount() });
      }
    } catch (err) {
      if (!(err instanceof QueueRunError)) throw err;
      bar?.stop();
      printMessage(io, 'error', err.message);
      throw new ExitCode(err.exitCode);
    } finally {
      bar?.stop();
      await coordinator?.close();
    }
    if (flags.json) {
      io.stdout(JSON.stringify(result, null, 2) + '\n');
    } else {
      const headings = new Map<string, QueryHeading>(scenario.queries.map((q) => [q.name, q]));
      io.stdout(formatMonteCarlo(result, { headings }));
    }
    await loaded.store?.();
  });
}
