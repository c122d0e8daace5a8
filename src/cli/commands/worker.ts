// `vpcsim worker --queue redis://host:port [--threads K]`: runs shards of `vpcsim montecarlo --queue`
// runs (issue 13, docs/distributed.md) until stopped. SIGINT/SIGTERM: finishes the current shard, then
// exits 0; a second signal exits at once and leaves the shard to another worker. Exit 2 for a bad URL,
// bad --threads or a Redis that cannot be reached at the start.
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
      await new Promise<void>((resolve) => {
        let stopping = false;
        const stop = (): void => {
          const force = stopping;
          stopping = true;
          worker.close(force).then(resolve, resolve);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
    });
}
