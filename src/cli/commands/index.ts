// The table of sub-commands: each module registers itself on the program. Add a line per command.
import type { Command } from 'commander';
import type { CliIO } from '../io.js';

export type RegisterCommand = (program: Command, io: CliIO) => void;

/**
 * A command's name and how to load its module: `vpcsim NAME ...` loads that module alone (and what it
 * imports: the CLI bundle puts each command in its own chunk), so a trace does not compile the code of
 * twelve other commands; help, a typo or no command load them all (./main.ts).
 */
export interface CommandEntry {
  name: string;
  load: () => Promise<RegisterCommand>;
}

export const commands: CommandEntry[] = [
  { name: 'validate', load: async () => (await import('./validate.js')).registerValidate },
  { name: 'apigw', load: async () => (await import('./apigw.js')).registerApigw },
  { name: 'trace', load: async () => (await import('./trace.js')).registerTrace },
  { name: 'list', load: async () => (await import('./list.js')).registerList },
  { name: 'demo', load: async () => (await import('./demo.js')).registerDemo },
  { name: 'generate', load: async () => (await import('./generate.js')).registerGenerate },
  { name: 'montecarlo', load: async () => (await import('./montecarlo.js')).registerMonteCarlo },
  { name: 'playground', load: async () => (await import('./playground.js')).registerPlayground },
  { name: 'flowlogs', load: async () => (await import('./flowlogs.js')).registerFlowLogs },
  { name: 'matrix', load: async () => (await import('./matrix.js')).registerMatrix },
  { name: 'diff', load: async () => (await import('./diff.js')).registerDiff },
  { name: 'check', load: async () => (await import('./check.js')).registerCheck },
  { name: 'worker', load: async () => (await import('./worker.js')).registerWorker },
];
