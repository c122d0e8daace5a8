// textLines (src/cli/text-lines.ts, `trace --flows`'s reader) gives the lines node:readline gives, for
// every way the input may arrive in chunks: line ends \n, \r\n and a lone \r, a \r\n split between two
// chunks, empty lines, a last line with or without its end, UTF-8 characters split between chunks and
// bytes that are not UTF-8.
import { Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { textLines } from '../src/cli/text-lines.js';

async function byReadline(chunks: Uint8Array[]): Promise<string[]> {
  const lines: string[] = [];
  for await (const line of createInterface({ input: Readable.from(chunks), crlfDelay: Infinity })) lines.push(line);
  return lines;
}

async function byTextLines(chunks: Uint8Array[]): Promise<string[]> {
  const lines: string[] = [];
  for await (const some of textLines(Readable.from(chunks))) lines.push(...some);
  return lines;
}

/** `bytes` cut at `cuts` (sorted positions). */
function cut(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  let from = 0;
  for (const c of [...cuts, bytes.length]) {
    out.push(bytes.subarray(from, c));
    from = c;
  }
  return out;
}

const TEXTS = [
  'from,to\na,b\nc,d\n',
  'from,to\r\na,b\r\nc,d',
  'a\rb\rc\r',
  'a\r\n\r\nb\n\nc\r\r\nd',
  '\n\n\r',
  '\r',
  'x',
  'é,€,𝄞\n日本,ü\r\nlast',
  '\ufeffline,one\nline,two\n',
];

describe('textLines splits as node:readline does', () => {
  for (const text of TEXTS) {
    it(`${JSON.stringify(text)}: whole, and cut at every byte and every pair of bytes`, async () => {
      const bytes = new TextEncoder().encode(text);
      const expected = await byReadline([bytes]);
      expect(await byTextLines([bytes])).toEqual(expected);
      for (let i = 0; i <= bytes.length; i++) {
        expect(await byTextLines(cut(bytes, [i])), `cut at ${i}`).toEqual(expected);
        for (let j = i; j <= bytes.length; j++) expect(await byTextLines(cut(bytes, [i, j])), `cut at ${i}, ${j}`).toEqual(expected);
      }
      // As text (a file stream with an encoding hands out strings), cut between any two characters.
      const chars = [...text];
      for (let i = 0; i <= chars.length; i++) {
        const parts = [chars.slice(0, i).join(''), chars.slice(i).join('')];
        const lines: string[] = [];
        for await (const some of textLines(Readable.from(parts))) lines.push(...some);
        expect(lines, `text cut at ${i}`).toEqual(expected);
      }
    });
  }

  it('bytes that are not UTF-8 become U+FFFD as readline decodes them, however they are cut', async () => {
    const bytes = new Uint8Array([0x61, 0xff, 0x0a, 0xe2, 0x82, 0x0a, 0xc3, 0x0d, 0x0a, 0xf0, 0x9d, 0x84]);
    const expected = await byReadline([bytes]);
    expect(expected.join('')).toContain('\ufffd');
    for (let i = 0; i <= bytes.length; i++) expect(await byTextLines(cut(bytes, [i])), `cut at ${i}`).toEqual(expected);
  });

  it('hands the lines out a chunk at a time (an empty input gives none)', async () => {
    const chunks = [new TextEncoder().encode('a\nb\nc'), new TextEncoder().encode('d\ne\n')];
    const batches: string[][] = [];
    for await (const some of textLines(Readable.from(chunks))) batches.push(some);
    expect(batches).toEqual([['a', 'b'], ['cd', 'e'], []]);
    expect(await byTextLines([])).toEqual(await byReadline([]));
  });
});
