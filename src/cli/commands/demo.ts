// `vpcsim demo`: traces a few flows through the bundled two-tier example (examples/two-tier.yaml):
// one that works, one that a security group blocks and one the internet gateway cannot deliver.
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageRoot } from '../../../bindings/node.js';
import { explainTrace } from '../../analyze/explain.js';
import { trace } from '../../analyze/trace-node.js';
import type { TraceQuery } from '../../analyze/trace.js';
import { loadTopology } from '../../import/load.js';
import { InputError } from '../../model/errors.js';
import type { CliIO } from '../io.js';

/** The demo's queries: what a student of the two-tier lab asks first. */
export const DEMO_QUERIES: Array<{ title: string; query: Omit<TraceQuery, 'file'> }> = [
  { title: 'An admin SSHes to the bastion from the admin network', query: { from: '203.0.113.25', to: 'Bastion', port: 22 } },
  { title: 'The web server calls the app tier on 8080', query: { from: 'WebServer', to: 'AppServer', port: 8080 } },
  { title: 'The bastion tries the app tier on 8080 (only the web tier may)', query: { from: 'Bastion', to: 'AppServer', port: 8080 } },
  { title: 'Someone on the internet tries to SSH to the private app server', query: { from: '198.51.100.7', to: 'AppServer', port: 22 } },
];

/** Where the example lives: examples/ at the package root (found the same way as the .wasm). */
export function demoTemplatePath(): string {
  const path = join(packageRoot(fileURLToPath(import.meta.url)), 'examples', 'two-tier.yaml');
  if (existsSync(path)) return path;
  throw new InputError('the bundled example examples/two-tier.yaml is missing from the package');
}

/**
 * The example's path as the user can type it from where they are: relative inside the repository (or a
 * project that holds the package under its folder), absolute when the package lives elsewhere (npx cache).
 */
export function demoPathForUser(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}

export function registerDemo(program: Command, io: CliIO): void {
  program
    .command('demo')
    .description('trace a few flows through the bundled two-tier VPC example')
    .action(async () => {
      const file = demoTemplatePath();
      const t = await loadTopology(file, { warn: () => {} });
      const shown = demoPathForUser(file, process.cwd());
      const arg = /^[\w./@+-]+$/.test(shown) ? shown : JSON.stringify(shown);
      io.stdout(`vpcsim demo: ${arg} (public subnet with bastion and web server, private app tier, NAT gateway)\n`);
      io.stdout(`try it yourself: npx vpcsim trace ${arg} --from Bastion --to AppServer --port 22\n`);
      for (const { title, query } of DEMO_QUERIES) {
        io.stdout(`\n== ${title}\n`);
        io.stdout(explainTrace(await trace(t, { ...query, file: 'examples/two-tier.yaml' })));
      }
    });
}
