// `vpcsim NAME ...` loads the module of NAME alone (src/cli/main.ts commandsFor; the CLI bundle has a
// chunk per command), `--version` none, and everything else (help, a mistyped or missing command) loads
// all, so commander lists and refuses as before.
import { describe, expect, it } from 'vitest';
import { commandsFor } from '../src/cli/main.js';
import { commands } from '../src/cli/commands/index.js';
import { runCli } from './helpers/cli.js';

describe('the commands a run loads', () => {
  it('one for a named command, wherever the global options are', async () => {
    const trace = await commands.find((c) => c.name === 'trace')!.load();
    for (const argv of [['trace', 'x.json', '--from', 'a'], ['--debug', 'trace', 'x.json'], ['--', 'trace', 'x.json']]) expect(await commandsFor(argv), argv.join(' ')).toEqual([trace]);
  });

  it('all of them for help, no command, or a name that is not a command', async () => {
    for (const argv of [[], ['--help'], ['-h'], ['help', 'trace'], ['tracee', 'x.json'], ['x.json', 'trace']]) expect(await commandsFor(argv), argv.join(' ')).toHaveLength(commands.length);
  });

  it('none for --version without a command, which still prints the version', async () => {
    for (const argv of [['--version'], ['-V'], ['--debug', '-V']]) expect(await commandsFor(argv), argv.join(' ')).toEqual([]);
    const version = await runCli('--version');
    expect(version).toMatchObject({ code: 0, stderr: '' });
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+/);
    expect(await commandsFor(['--version', 'trace'])).toHaveLength(1);
  });

  it('help lists every command, and a mistyped one is a usage error naming it', async () => {
    const help = await runCli('--help');
    for (const { name } of commands) expect(help.stdout).toMatch(new RegExp(`^  ${name}\\b`, 'm'));
    const typo = await runCli('tracee', 'x.json');
    expect(typo).toMatchObject({ code: 2, stdout: '', stderr: "error: unknown command 'tracee'\n" });
  });
});
