// Flow log files as AWS delivers them (Node only): plain text, gzip (S3 delivery, `.gz`), directories
// walked recursively in name order. Read as a stream in chunks of bytes (or of lines): memory stays
// the size of a chunk, whatever the size of the file.
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createGunzip } from 'node:zlib';
import { InputError } from '../../model/errors.js';
import { assertArray } from '../../model/guards.js';
import { quote } from '../../model/printable.js';
import type { FlowLogInput } from './replay.js';

const CHUNK_BYTES = 1 << 20;

/** The files named (directories expanded, recursively, entries in byte order of their names). */
export async function flowLogInputs(paths: readonly string[]): Promise<FlowLogInput[]> {
  assertArray(paths, 'flowLogInputs', 'the paths');
  const files: string[] = [];
  for (const p of paths) await collect(p, files);
  return files.map((name) => ({ name, bytes: fileBytes(name) }));
}

async function collect(path: string, into: string[]): Promise<void> {
  let s;
  try {
    s = await stat(path);
  } catch {
    throw new InputError(`${quote(path)}: no such file or directory`);
  }
  if (s.isFile()) {
    into.push(path);
    return;
  }
  if (!s.isDirectory()) throw new InputError(`${quote(path)}: not a file or directory`);
  const names = (await readdir(path)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const name of names) await collect(join(path, name), into);
}

/** The bytes of a file (gunzipped when its name ends in .gz), in chunks; a read error names the file. */
export async function* fileBytes(path: string): AsyncGenerator<Uint8Array> {
  const raw = createReadStream(path, { highWaterMark: CHUNK_BYTES });
  const stream = path.endsWith('.gz') ? raw.pipe(createGunzip({ chunkSize: CHUNK_BYTES })) : raw;
  raw.on('error', (err) => stream.destroy(err));
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) yield chunk;
  } catch (err) {
    throw new InputError(`${quote(path)}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** The lines of a file (gunzipped when its name ends in .gz), in arrays, without terminators. */
export async function* fileLines(path: string): AsyncGenerator<string[]> {
  const raw = createReadStream(path, { highWaterMark: CHUNK_BYTES });
  const stream = path.endsWith('.gz') ? raw.pipe(createGunzip({ chunkSize: CHUNK_BYTES })) : raw;
  raw.on('error', (err) => stream.destroy(err));
  const decoder = new TextDecoder('utf-8');
  let rest = '';
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const text = rest + decoder.decode(chunk, { stream: true });
      const lines = text.split('\n');
      rest = lines.pop()!;
      if (lines.length > 0) yield lines;
    }
  } catch (err) {
    throw new InputError(`${quote(path)}: ${err instanceof Error ? err.message : String(err)}`);
  }
  rest += decoder.decode();
  if (rest !== '') yield [rest];
}
