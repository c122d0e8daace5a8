// `vpcsim playground [file] [--port N]`: serves the browser playground (dist/web/, npm run build:web)
// on 127.0.0.1, prints its URL and waits until interrupted. It opens no browser by itself. With a
// file, the design is validated first (bad input: exit 2, one line) and the URL opens it.
import type { Command } from 'commander';
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageRoot } from '../../../bindings/node.js';
import { loadTopology } from '../../import/load.js';
import { InputError } from '../../model/errors.js';
import { printable, quote } from '../../model/printable.js';
import type { CliIO } from '../io.js';
import { importOptionsFrom } from '../options.js';
import { startPlaygroundServer } from '../playground-server.js';

interface PlaygroundFlags {
  port: string;
  json?: boolean;
  maxSize?: string;
}

export const DEFAULT_PLAYGROUND_PORT = 8017;

/** --port: 0 (any free port) to 65535. */
export function parsePort(text: string): number {
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65535) throw new InputError(`--port ${quote(text)}: expected a port number 0-65535`);
  return Number(text);
}

/** Until SIGINT/SIGTERM (a test may pass its own signal). */
function interrupted(): Promise<void> {
  return new Promise((done) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      done();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

export function registerPlayground(program: Command, io: CliIO): void {
  program
    .command('playground')
    .description('serve the browser playground on 127.0.0.1 (topology, trace, availability, matrix) and print its URL')
    .argument('[file]', 'a CloudFormation template or describe-* snapshot file to open')
    .option('--port <n>', 'port to listen on (0: any free port)', String(DEFAULT_PLAYGROUND_PORT))
    .option('--json', 'print the URL as one JSON line: {"url": ...}')
    .option('--max-size <MB>', 'refuse a file larger than this many megabytes (default 50)')
    .action(async (file: string | undefined, flags: PlaygroundFlags) => {
      const port = parsePort(flags.port);
      const root = join(packageRoot(fileURLToPath(import.meta.url)), 'dist', 'web');
      if (!existsSync(join(root, 'index.html'))) throw new InputError(`the playground page is not built (${join(root, 'index.html')} is missing): run npm run build:web`);
      if (file !== undefined) {
        if (existsSync(file) && statSync(file).isDirectory()) throw new InputError("the playground opens one file; drop a snapshot's files on the page instead", { file });
        await loadTopology(file, { ...importOptionsFrom({ quiet: true, ...(flags.maxSize !== undefined && { maxSize: flags.maxSize }) }, io), warn: () => {} });
      }
      let server;
      try {
        server = await startPlaygroundServer({ root, port, ...(file !== undefined && { input: resolve(file) }) });
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'EADDRINUSE' || code === 'EACCES') throw new InputError(`--port ${port}: ${code === 'EADDRINUSE' ? 'already in use' : 'not allowed'} on 127.0.0.1`);
        throw err;
      }
      // Listening for the stop signals before the URL is printed: a caller that reads the URL and stops
      // the server at once (a test, a script) otherwise kills it by the default action, exit code null.
      const stopped = interrupted();
      if (flags.json) io.stdout(`${JSON.stringify({ url: server.inputUrl ?? server.url, ...(file !== undefined && { file }) })}\n`);
      else {
        io.stdout(`vpcsim playground: ${server.inputUrl ?? server.url}\n`);
        io.stdout(file !== undefined ? `opening ${printable(file)}; stop with Ctrl-C\n` : 'stop with Ctrl-C\n');
      }
      await stopped;
      await server.close();
    });
}
