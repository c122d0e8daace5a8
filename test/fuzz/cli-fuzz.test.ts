// Seeded fuzzing of the CLI (issue 11): every example template, the describe-* snapshot fixture and
// the API Gateway template and traffic file, mutated (wrong shapes, intrinsics where literals go,
// maps in parameter declarations, control characters, huge strings, damaged text), run in-process
// through `main` with captured output. Whatever the input, the CLI answers with exit 0, 1 or 2, never
// "internal"; exit 2 is exactly one `error:` line; text output and messages carry no raw control or
// bidi characters (C0, DEL, C1, U+202A-202E, U+2066-2069). A failure prints the base and seed:
// `FUZZ_RUNS=n` runs more mutants per input locally.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { MESSAGE_LIMIT } from '../../src/cli/print.js';
import { bases, mutant, type Base } from './cases.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 200);
const dir = mkdtempSync(join(tmpdir(), 'vpcsim-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Raw characters a terminal acts on; `\n` is allowed only as the line end. */
const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

interface Outcome {
  code: number;
  problems: string[];
}

async function runMutant(base: Base, seed: number, i: number): Promise<Outcome> {
  const m = mutant(base, seed);
  const file = join(dir, `${base.name}-${seed}.${m.ext}`);
  writeFileSync(file, m.text);
  const argv = base.commands[i % base.commands.length]!.map((a) => (a === '{file}' ? file : a === '{other}' ? base.other! : a));
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  const problems: string[] = [];
  if (![0, 1, 2].includes(code)) problems.push(`exit ${code}`);
  const lines = stderr.split('\n');
  if (lines.pop() !== '') problems.push('stderr does not end with a newline');
  if (lines.some((l) => l.startsWith('error: internal'))) problems.push('internal error');
  if (lines.some((l) => !l.startsWith('error: ') && !l.startsWith('warning: '))) problems.push('a stderr line that is neither error: nor warning:');
  const errors = lines.filter((l) => l.startsWith('error: ')).length;
  if (code === 2 && errors !== 1) problems.push(`${errors} error lines for exit 2`);
  if (code !== 2 && errors !== 0) problems.push(`error line with exit ${code}`);
  if (lines.some((l) => l.length > MESSAGE_LIMIT + 40)) problems.push('a stderr line longer than the message limit');
  if (UNSAFE.test(stderr)) problems.push('raw control character on stderr');
  if (argv.includes('--json')) {
    // validate --json answers on failure too, with ok saying which.
    if (argv[0] === 'validate' && jsonOk(stdout) !== (code === 0)) problems.push('validate --json: no object whose ok matches the exit code');
    else if (code === 0 && !isJson(stdout)) problems.push('--json output is not JSON');
  } else if (UNSAFE.test(stdout)) {
    problems.push('raw control character in text output');
  }
  return { code, problems: problems.map((p) => `${base.name} seed ${seed} (${m.what}; ${argv.join(' ')}): ${p}: ${stderr.slice(0, 200)}`) };
}

function jsonOk(text: string): boolean | undefined {
  try {
    return (JSON.parse(text) as { ok?: boolean }).ok;
  } catch {
    return undefined;
  }
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

describe('CLI fuzz: mutated inputs end in exit 0/1/2, one escaped error line, no internal error', () => {
  for (const base of bases()) {
    it(`${base.name}: ${RUNS} seeded mutants`, async () => {
      const problems: string[] = [];
      const codes = new Map<number, number>();
      for (let i = 0; i < RUNS; i++) {
        const r = await runMutant(base, 1000 + i, i);
        problems.push(...r.problems);
        codes.set(r.code, (codes.get(r.code) ?? 0) + 1);
      }
      expect(problems.slice(0, 5)).toEqual([]);
      // The mutants reach both sides: some are refused (2), some still import and answer (0 or 1).
      expect(codes.get(2) ?? 0).toBeGreaterThan(RUNS / 10);
      expect((codes.get(0) ?? 0) + (codes.get(1) ?? 0)).toBeGreaterThan(RUNS / 20);
    });
  }
});
