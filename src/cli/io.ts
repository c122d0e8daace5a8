// What every command writes to and how it ends: the output streams (CliIO) and the exit codes
// (0 = reachable/ok, 1 = a valid "unreachable" answer, 2 = bad input or usage).

export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** What `-` as an input path reads (`vpcsim validate -`); absent: `-` is refused. */
  stdin?: () => AsyncIterable<Uint8Array>;
  /** stderr when it is a terminal: progress bars draw there, and nowhere when it is a pipe or a file. */
  readonly stderrTerminal?: NodeJS.WriteStream;
}

let brokenPipeGuarded = false;

/** `vpcsim ... | head`: when the reader goes away, stop quietly like other Unix tools, never with a stack trace. */
function guardBrokenPipe(): void {
  if (brokenPipeGuarded) return;
  brokenPipeGuarded = true;
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    process.exit(typeof process.exitCode === 'number' ? process.exitCode : EXIT_OK);
  });
}

export const processIO: CliIO = {
  stdout: (text) => {
    guardBrokenPipe();
    process.stdout.write(text);
  },
  stderr: (text) => process.stderr.write(text),
  stdin: () => process.stdin,
  get stderrTerminal() {
    return process.stderr.isTTY ? process.stderr : undefined;
  },
};

/** Thrown by commands to end with a given exit code after printing their answer. */
export class ExitCode extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

export const EXIT_OK = 0;
export const EXIT_UNREACHABLE = 1;
export const EXIT_USAGE = 2;
