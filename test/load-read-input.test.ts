// readInput / readTextFile: guarded reading of input files and snapshot directories.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, truncateSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readInput, decodeText } from '../src/import/read-input.js';
import { parseJsonText, locateJsonError } from '../src/import/json-text.js';
import { InputError } from '../src/model/errors.js';
import { loadTopology } from '../src/import/load.js';
import { runCli } from './helpers/cli.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vpcsim-read-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function readError(path: string, maxSizeBytes?: number): Promise<string> {
  try {
    await readInput(path, { maxSizeBytes });
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return (err as Error).message;
  }
  throw new Error(`readInput accepted ${path}`);
}

describe('readInput', () => {
  it('reads a text file', async () => {
    const f = join(dir, 'ok.yaml');
    writeFileSync(f, 'Resources: {}\n');
    expect(await readInput(f)).toEqual({ kind: 'file', file: { file: f, text: 'Resources: {}\n' } });
  });

  it('a missing file: cannot read file (ENOENT)', async () => {
    expect(await readError(join(dir, 'nope.yaml'))).toBe(`${join(dir, 'nope.yaml')}: cannot read file (ENOENT)`);
  });

  it('an unreadable path names the errno: cannot read file (ENOTDIR)', async () => {
    const f = join(dir, 'plain.yaml');
    writeFileSync(f, 'Resources: {}\n');
    expect(await readError(join(f, 'inner.yaml'))).toBe(`${join(f, 'inner.yaml')}: cannot read file (ENOTDIR)`);
  });

  it('an empty or blank file is refused', async () => {
    const f = join(dir, 'empty.yaml');
    writeFileSync(f, '');
    expect(await readError(f)).toBe(`${f}: file is empty`);
    writeFileSync(f, ' \n\t\n');
    expect(await readError(f)).toBe(`${f}: file is empty`);
  });

  it('NUL bytes: not a text file', async () => {
    const f = join(dir, 'nul.bin');
    writeFileSync(f, Buffer.from([0x7b, 0x0a, 0x00, 0x01]));
    expect(await readError(f)).toBe(`${f}: not a text file (NUL byte at offset 2)`);
  });

  it('invalid UTF-8: not a text file', async () => {
    const f = join(dir, 'latin1.yaml');
    writeFileSync(f, Buffer.from('Name: caf\xe9 ok\n', 'latin1'));
    expect(await readError(f)).toBe(`${f}: not a text file (invalid UTF-8 at offset 9)`);
  });

  it('random bytes: not a text file', async () => {
    const f = join(dir, 'random.bin');
    // Deterministic pseudo-random bytes (xorshift), no NUL, so the UTF-8 check decides.
    let x = 0x9e3779b9;
    const bytes = Buffer.alloc(4096);
    for (let i = 0; i < bytes.length; i++) {
      x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
      bytes[i] = ((x >>> 0) % 255) + 1;
    }
    writeFileSync(f, bytes);
    expect(await readError(f)).toMatch(/: not a text file \(invalid UTF-8 at offset \d+\)$/);
  });

  it('a UTF-8 BOM is accepted', () => {
    expect(decodeText('bom.json', new Uint8Array([0xef, 0xbb, 0xbf, 0x7b, 0x7d]))).toBe('{}');
  });

  it('a file over the limit is refused without reading it', async () => {
    const f = join(dir, 'big.json');
    writeFileSync(f, '');
    truncateSync(f, 51 * 1024 * 1024); // sparse: no 51 MB written
    expect(await readError(f)).toBe(`${f}: file is 51 MB, over the 50 MB limit (maxSizeBytes)`);
    const small = join(dir, 'small.json');
    writeFileSync(small, '{"Vpcs": []}'.padEnd(3000, ' '));
    expect(await readError(small, 1024)).toBe(`${small}: file is 3000 bytes, over the 1024 bytes limit (maxSizeBytes)`);
  });

  // A library caller has no flags: the message names the option it sets; the CLI's names its flag.
  it('the size error names the option for the library (loadTopology) and the flag for the CLI', async () => {
    const small = join(dir, 'small-template.json');
    writeFileSync(small, '{"Resources": {}}'.padEnd(3000, ' '));
    const library = await loadTopology(small, { maxSizeBytes: 1024 }).then(() => '', (err: unknown) => (err as Error).message);
    expect(library).toBe(`${small}: file is 3000 bytes, over the 1024 bytes limit (maxSizeBytes)`);
    expect(library).not.toContain('--max-size');
    const cli = await runCli('validate', small, '--max-size', String(1024 / (1024 * 1024)));
    expect(cli.code).toBe(2);
    expect(cli.stderr).toBe(`error: ${small}: file is 3000 bytes, over the 1024 bytes limit (--max-size)\n`);
  });

  it('a device never hangs: /dev/zero is not a regular file', async () => {
    expect(await readError('/dev/zero')).toBe('/dev/zero: not a regular file');
  });

  it('a FIFO never hangs: not a regular file', async () => {
    const fifo = join(dir, 'pipe.json');
    execFileSync('mkfifo', [fifo]);
    expect(await readError(fifo)).toBe(`${fifo}: not a regular file`);
  });

  it('a directory: its *.json files in name order', async () => {
    const d = join(dir, 'snap');
    mkdirSync(d);
    writeFileSync(join(d, 'b.json'), '{"Subnets": []}');
    writeFileSync(join(d, 'a.json'), '{"Vpcs": []}');
    writeFileSync(join(d, 'notes.txt'), 'ignored');
    const input = await readInput(d);
    expect(input.kind).toBe('directory');
    if (input.kind === 'directory') expect(input.files.map((f) => f.file)).toEqual([join(d, 'a.json'), join(d, 'b.json')]);
  });

  it('the size limit holds for a directory as a whole', async () => {
    const d = join(dir, 'snapbig');
    mkdirSync(d);
    writeFileSync(join(d, 'a.json'), '{"Vpcs": []}'.padEnd(700, ' '));
    writeFileSync(join(d, 'b.json'), '{"Subnets": []}'.padEnd(700, ' '));
    expect((await readInput(d, { maxSizeBytes: 1400 })).kind).toBe('directory');
    expect(await readError(d, 1000)).toBe(`${d}: *.json files total over 1000 bytes, the size limit (maxSizeBytes)`);
  });

  it('a directory without *.json files is refused', async () => {
    const d = join(dir, 'nojson');
    mkdirSync(d);
    writeFileSync(join(d, 'readme.txt'), 'x');
    expect(await readError(d)).toBe(`${d}: directory has no *.json files (expected describe-* snapshot outputs)`);
  });

  it('a binary file inside a snapshot directory is named', async () => {
    const d = join(dir, 'snapbin');
    mkdirSync(d);
    writeFileSync(join(d, 'vpcs.json'), Buffer.from([0x7b, 0x00, 0x7d]));
    expect(await readError(d)).toBe(`${join(d, 'vpcs.json')}: not a text file (NUL byte at offset 1)`);
  });
});

describe('parseJsonText: line and column of JSON syntax errors', () => {
  const errorOf = (text: string): string => {
    try {
      parseJsonText(text, 't.json');
    } catch (err) {
      return (err as Error).message;
    }
    throw new Error('parsed');
  };

  it('a trailing comma', () => {
    expect(errorOf('{\n  "Vpcs": [\n    {"VpcId": "vpc-1"},\n  ]\n}')).toBe("t.json:4:3: expected a value, found ']'");
  });

  it('a missing colon', () => {
    expect(errorOf('{\n  "Vpcs" []\n}')).toBe("t.json:2:10: expected ':' after a property name, found '['");
  });

  it('truncated input', () => {
    expect(errorOf('{"Vpcs": [')).toBe('t.json:1:11: expected a value, found end of input');
  });

  it('an unterminated string', () => {
    expect(errorOf('{"Vpcs": "abc')).toBe('t.json:1:10: unterminated string');
  });

  it('single quotes', () => {
    expect(errorOf("{'Vpcs': []}")).toBe("t.json:1:2: expected a property name in double quotes, found '''");
  });

  it('text after the value', () => {
    expect(errorOf('{} {}')).toBe("t.json:1:4: unexpected '{' after the end of the JSON value");
  });

  it('deep nesting is located without overflowing the stack', () => {
    const deep = '['.repeat(200_000) + ']'.repeat(199_999);
    expect(errorOf(deep)).toBe("t.json:1:400000: expected ',' or ']', found end of input");
  });

  it('agrees with JSON.parse on valid documents', () => {
    for (const s of ['{}', '[]', '{"a":[1,{"b":null}],"c":-1.5e3,"d":"\\u00e9\\n"}', '"x"', ' 1 ', 'true']) {
      expect(locateJsonError(s)).toBeUndefined();
      expect(parseJsonText(s, 'x.json')).toEqual(JSON.parse(s));
    }
  });

  it('keeps __proto__ as a plain key, never a prototype', () => {
    const v = parseJsonText('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}', 'p.json') as Record<string, unknown>;
    expect(Object.keys(v)).toEqual(['__proto__', 'constructor']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
  });
});
