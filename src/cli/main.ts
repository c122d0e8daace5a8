// The `vpcsim` command. Exit codes: 0 = reachable/ok, 1 = a valid "unreachable" answer,
// 2 = bad input or usage. Errors are one line on stderr; `--debug` adds the stack.
import { Command, CommanderError } from 'commander';
import { InputError, InputTooLarge } from '../model/errors.js';
import { commands, type RegisterCommand } from './commands/index.js';
import { EXIT_OK, EXIT_USAGE, ExitCode, processIO, type CliIO } from './io.js';
import { VERSION } from '../version.js';
import { printMessage, printStack } from './print.js';

/**
 * The program with the commands of `registers` (all of them, for help, or the one `argv` names:
 * commandsFor).
 */
export function buildProgram(io: CliIO, registers: RegisterCommand[]): Command {
  const program = new Command('vpcsim')
    .description('A digital twin of AWS networking: can this packet get from A to B, and if not, what stops it?')
    .version(VERSION, '-V, --version')
    .option('--debug', 'print stack traces for internal errors')
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout(s),
      writeErr: (s) => io.stderr(s),
      // Commander's own usage errors: one line, escaped like ours (they quote the user's arguments).
      outputError: (s) => printMessage(io, 'error', s.split('\n')[0]!.replace(/^error: /, '')),
    });
  for (const register of registers) register(program, io);
  // Sub-commands inherit exit/output overrides.
  for (const sub of program.commands) {
    sub.exitOverride().configureOutput({
      writeOut: (s) => io.stdout(s),
      writeErr: (s) => io.stderr(s),
      outputError: (s) => printMessage(io, 'error', s.split('\n')[0]!.replace(/^error: /, '')),
    });
  }
  return program;
}

/**
 * The commands to load for `argv`: the one its first argument that is not an option names (no global
 * option takes a value), none for `--version` without a command, else all (help, a mistyped or
 * missing command: commander lists or suggests).
 */
export async function commandsFor(argv: string[]): Promise<RegisterCommand[]> {
  const name = argv.find((a, i) => !a.startsWith('-') || (a === '--' && i + 1 < argv.length));
  if (name === undefined && argv.some((a) => a === '-V' || a === '--version')) return [];
  const wanted = commands.filter((c) => c.name === (name === '--' ? argv[argv.indexOf('--') + 1] : name));
  return Promise.all((wanted.length === 1 ? wanted : commands).map((c) => c.load()));
}

/** Runs the CLI with `argv` (without node and script) and returns the exit code. */
export async function main(argv: string[], io: CliIO = processIO): Promise<number> {
  const program = buildProgram(io, await commandsFor(argv));
  const debug = argv.includes('--debug');
  try {
    await program.parseAsync(argv, { from: 'user' });
    return EXIT_OK;
  } catch (err) {
    return exitCodeFor(err, io, debug);
  }
}

function exitCodeFor(err: unknown, io: CliIO, debug: boolean): number {
  if (err instanceof ExitCode) return err.code;
  if (err instanceof CommanderError) {
    // --help and --version end through here with exit code 0.
    if (err.exitCode === 0) return EXIT_OK;
    return EXIT_USAGE;
  }
  if (err instanceof InputError) {
    // The library names its option (maxSizeBytes); here the user set the limit with a flag.
    printMessage(io, 'error', err instanceof InputTooLarge ? err.withLimitName('--max-size') : err.message);
    if (debug && err.stack) printStack(io, err.stack);
    return EXIT_USAGE;
  }
  const message = err instanceof Error ? err.message : String(err);
  printMessage(io, 'error', `internal: ${message.split('\n')[0]} (run with --debug for details)`);
  if (debug && err instanceof Error && err.stack) printStack(io, err.stack);
  return 70;
}
