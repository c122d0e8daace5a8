// Runs the CLI in-process and captures what it prints.
import { main } from '../../src/cli/main.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(...argv: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

/** runCli with `stdin` as standard input (what `-` reads). */
export async function runCliWithStdin(stdin: string | Uint8Array, ...argv: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const bytes = typeof stdin === 'string' ? new TextEncoder().encode(stdin) : stdin;
  const stream = async function* (): AsyncIterable<Uint8Array> {
    // Two chunks, as a pipe delivers them.
    yield bytes.subarray(0, bytes.length >> 1);
    yield bytes.subarray(bytes.length >> 1);
  };
  const code = await main(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), stdin: stream });
  return { code, stdout, stderr };
}
