// `vpcsim worker --queue redis://host:port [--threads K]`: runs shards of `vpcsim montecarlo --queue`
// runs (issue 13, docs/distributed.md) until stopped. SIGINT/SIGTERM: finishes the current shard, then
// exits 0, whether or not Redis is there when idle; a second signal exits at once (128 + the signal's
// number) and leaves the shard to another worker. Exit 2 for a bad URL,
// bad --threads or a Redis that cannot be reached at the start.
import { constants as osConstants } from 'node:os';
import type { Command } from 'commander';
import { parseQueueUrl } from '../../analyze/montecarlo/queue/connection.js';
import { ownVersions } from '../../analyze/montecarlo/queue/protocol.js';
import { startQueueWorker } from '../../analyze/montecarlo/queue/worker.js';
import { defaultWorkerCount } from '../../analyze/montecarlo/pool-node.js';
import { printable } from '../../model/printable.js';
import { VERSION } from '../../version.js';
import type { CliIO } from '../io.js';
import { threadCount } from '../numbers.js';

interface WorkerFlags {
  queue: string;
  threads?: string;
}

export function registerWorker(program: Command, io: CliIO): void {
  program
    .command('worker')
    .description('run shards of `montecarlo --queue` runs from a Redis queue (BullMQ) until stopped')
    .requiredOption('--queue <url>', 'Redis to take shards from: redis://host:port[/db]')
    .option('--threads <k>', 'worker threads, each with its own engine (default: the available cores)')
    .action(async (flags: WorkerFlags) => {
      const address = parseQueueUrl(flags.queue);
      const threads = threadCount('--threads', flags.threads) ?? defaultWorkerCount();
      const worker = await startQueueWorker({
        address,
        threads,
        versions: ownVersions(VERSION),
        log: (line) => io.stderr(`worker: ${printable(line)}\n`),
      });
      io.stderr(`worker ${printable(worker.id)}: ${threads} thread${threads > 1 ? 's' : ''}, taking shards from ${address.display}\n`);
      const signal = await new Promise<NodeJS.Signals>((resolve) => {
        process.once('SIGINT', () => resolve('SIGINT'));
        process.once('SIGTERM', () => resolve('SIGTERM'));
      });
      // A second signal while the current shard finishes: at once, as a process ended by that signal
      // would (128 + its number); the shard goes back to the queue when its lock expires.
      const now = (second: NodeJS.Signals): void => process.exit(128 + osConstants.signals[second]);
      process.once('SIGINT', now);
      process.once('SIGTERM', now);
      io.stderr(`worker ${printable(worker.id)}: ${signal}: stopping after the current shard (a second signal stops at once)\n`);
      await worker.close(false);
      io.stderr(`worker ${printable(worker.id)}: stopped\n`);
      // BullMQ leaves timers behind (its blocking fetch's reconnect guard, up to ~8 s): the work is done,
      // so the process ends now rather than when they fire.
      process.exit(0);
    });
}
