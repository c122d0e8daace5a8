// `vpcsim validate --json` answers with a JSON object on failure too (ok: false and the error), and
// `vpcsim validate -` reads the template or snapshot from standard input (issue 11).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli, runCliWithStdin } from './helpers/cli.js';

const LAB = 'test/fixtures/validate/lab.yaml';

describe('validate --json on failure', () => {
  it('bad input: { ok: false, file, errors: [the error line] } on stdout, the error line on stderr, exit 2', async () => {
    const r = await runCli('validate', 'test/fixtures/bad/subnet-outside.yaml', '--json');
    expect(r.code).toBe(2);
    const out = JSON.parse(r.stdout);
    expect(out.ok).toBe(false);
    expect(out.file).toBe('test/fixtures/bad/subnet-outside.yaml');
    expect(out.errors).toHaveLength(1);
    expect(r.stderr).toBe(`error: ${out.errors[0]}\n`);
    expect(out.errors[0]).toMatch(/^test\/fixtures\/bad\/subnet-outside\.yaml: /);
  });

  it('a missing file and a syntax error answer the same way', async () => {
    for (const file of ['no/such/file.yaml', 'test/fixtures/bad/broken.yaml']) {
      const r = await runCli('validate', file, '--json');
      expect(r.code).toBe(2);
      expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, file, errors: [expect.stringContaining(file)] });
    }
  });

  it('warnings given before the failure are in the object', async () => {
    const text = readFileSync(LAB, 'utf8').replace('CidrBlock: 10.0.0.0/24', 'CidrBlock: 10.9.0.0/24');
    const r = await runCliWithStdin(text, 'validate', '-', '--json', '--quiet');
    expect(r.code).toBe(2);
    const out = JSON.parse(r.stdout);
    expect(out.ok).toBe(false);
    expect(out.warnings).toEqual([expect.stringContaining("skipping AWS::S3::Bucket 'Logs'")]);
  });

  it('without --json a failure prints nothing on stdout', async () => {
    const r = await runCli('validate', 'test/fixtures/bad/subnet-outside.yaml');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
  });
});

describe('validate - (standard input)', () => {
  it('a template on stdin: the same summary as the file, named <stdin>', async () => {
    const fromFile = await runCli('validate', LAB, '--quiet');
    const fromStdin = await runCliWithStdin(readFileSync(LAB, 'utf8'), 'validate', '-', '--quiet');
    expect(fromStdin.code).toBe(0);
    expect(fromStdin.stdout).toBe(fromFile.stdout.replace(LAB, '<stdin>'));
  });

  it('a merged snapshot on stdin with --json', async () => {
    const r = await runCliWithStdin(readFileSync('test/fixtures/snapshot/account-merged.json'), 'validate', '-', '--json', '--quiet');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, file: '<stdin>', counts: { vpcs: 3 } });
  });

  it('stdin errors name <stdin>; the size limit and binary checks hold', async () => {
    const bad = await runCliWithStdin('Resources: [', 'validate', '-');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^error: <stdin>/);
    const big = await runCliWithStdin('#'.repeat(2 * 1024 * 1024), 'validate', '-', '--max-size', '1');
    expect(big.stderr).toMatch(/^error: <stdin>: file is .* over the 1 MB limit \(--max-size\)\n$/);
    const binary = await runCliWithStdin(new Uint8Array([0x52, 0, 0xff, 0x00]), 'validate', '-');
    expect(binary.code).toBe(2);
    expect(binary.stderr).toMatch(/^error: <stdin>: /);
  });
});
