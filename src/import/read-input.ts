// Reads an input file or a directory of describe-* JSON files, refusing what cannot be a model
// before anything parses it: missing or unreadable paths, devices and FIFOs (which could block
// forever), files over the size limit, empty files, and binary data (NUL bytes or invalid UTF-8).
// Every refusal is one InputError naming the file.
import { open, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError, InputTooLarge } from '../model/errors.js';
import { decodeText, DEFAULT_MAX_SIZE_BYTES, megabytes } from './decode-text.js';

export { decodeText, DEFAULT_MAX_SIZE_BYTES } from './decode-text.js';

export interface InputText {
  /** The path as the user gave it (or directory/name for files of a directory). */
  file: string;
  text: string;
}

export type Input = { kind: 'file'; file: InputText } | { kind: 'directory'; dir: string; files: InputText[] };

export interface ReadOptions {
  maxSizeBytes?: number;
}

function errnoOf(err: unknown): string {
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'string' ? code : 'EIO';
}

function tooBig(file: string, size: number, limit: number): InputError {
  return new InputTooLarge(`file is ${megabytes(size)}, over the ${megabytes(limit)} limit`, { file });
}

export async function readInput(path: string, opts: ReadOptions = {}): Promise<Input> {
  const limit = opts.maxSizeBytes ?? DEFAULT_MAX_SIZE_BYTES;
  const info = await stat(path).catch((err: unknown) => {
    throw new InputError(`cannot read file (${errnoOf(err)})`, { file: path });
  });
  if (info.isDirectory()) return readDirectory(path, limit);
  return { kind: 'file', file: await readTextFile(path, limit) };
}

async function readDirectory(dir: string, limit: number): Promise<Input> {
  const names = await readdir(dir).catch((err: unknown) => {
    throw new InputError(`cannot read directory (${errnoOf(err)})`, { file: dir });
  });
  // Snapshots: every *.json file, in byte order of names so the merge order never depends on the OS.
  const jsonNames = names.filter((n) => n.toLowerCase().endsWith('.json')).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (jsonNames.length === 0) throw new InputError('directory has no *.json files (expected describe-* snapshot outputs)', { file: dir });
  const files: InputText[] = [];
  let total = 0;
  for (const name of jsonNames) {
    const file = await readTextFile(join(dir, name), limit);
    total += Buffer.byteLength(file.text, 'utf8');
    // The limit holds for the directory as a whole too.
    if (total > limit) throw new InputTooLarge(`*.json files total over ${megabytes(limit)}, the size limit`, { file: dir });
    files.push(file);
  }
  return { kind: 'directory', dir, files };
}

/** Reads one regular file as UTF-8 text, at most `limit` bytes. */
export async function readTextFile(file: string, limit: number = DEFAULT_MAX_SIZE_BYTES): Promise<InputText> {
  const { bytes } = await readFileBytes(file, limit);
  return { file, text: decodeText(file, bytes) };
}

/** A file's bytes as read. */
export interface FileBytes {
  file: string;
  bytes: Uint8Array;
  /**
   * The byte after `bytes` in their buffer belongs to this read (the buffer was sized one past the
   * file): a reader that needs a terminator after the bytes may write it there instead of copying them.
   */
  roomAfter: boolean;
}

/** Reads one regular file's bytes, at most `limit`, with readTextFile's guards but not yet decoded (the image cache hashes the bytes). */
export async function readFileBytes(file: string, limit: number = DEFAULT_MAX_SIZE_BYTES): Promise<FileBytes> {
  // stat before open: opening a FIFO with no writer blocks, and devices may never end (/dev/zero).
  const info = await stat(file).catch((err: unknown) => {
    throw new InputError(`cannot read file (${errnoOf(err)})`, { file });
  });
  if (!info.isFile()) throw new InputError('not a regular file', { file });
  if (info.size > limit) throw tooBig(file, info.size, limit);
  const handle = await open(file, 'r').catch((err: unknown) => {
    throw new InputError(`cannot read file (${errnoOf(err)})`, { file });
  });
  try {
    return { file, ...(await readAtMost(handle, file, limit, info.size)) };
  } finally {
    await handle.close();
  }
}

/** Reads a stream (standard input) as UTF-8 text, at most `limit` bytes: the same guards as a file. */
export async function readTextStream(stream: AsyncIterable<Uint8Array>, file: string, limit: number = DEFAULT_MAX_SIZE_BYTES): Promise<InputText> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for await (const chunk of stream) {
      total += chunk.length;
      if (total > limit) throw tooBig(file, total, limit);
      chunks.push(chunk);
    }
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`cannot read (${errnoOf(err)})`, { file });
  }
  return { file, text: decodeText(file, Buffer.concat(chunks, total)) };
}

type Handle = Awaited<ReturnType<typeof open>>;

// The size from stat can be stale (a growing file): read until the end and stop past the limit. The
// first buffer has the size stat gave (plus one byte, to see the end): a 34 MB template is read in
// place, not in 1 MB chunks copied together afterwards.
async function readAtMost(handle: Handle, file: string, limit: number, sizeHint: number): Promise<{ bytes: Uint8Array; roomAfter: boolean }> {
  const chunks: Buffer[] = [];
  let total = 0;
  let chunk = Buffer.allocUnsafe(Math.min(sizeHint, limit) + 1);
  let used = 0;
  for (;;) {
    if (used === chunk.length) {
      chunks.push(chunk);
      chunk = Buffer.allocUnsafe(1 << 20);
      used = 0;
    }
    const { bytesRead } = await handle.read(chunk, used, chunk.length - used, null).catch((err: unknown) => {
      throw new InputError(`cannot read file (${errnoOf(err)})`, { file });
    });
    if (bytesRead === 0) break;
    used += bytesRead;
    total += bytesRead;
    if (total > limit) throw tooBig(file, total, limit);
  }
  if (chunks.length === 0) return { bytes: chunk.subarray(0, used), roomAfter: used < chunk.length };
  chunks.push(chunk.subarray(0, used));
  return { bytes: Buffer.concat(chunks, total), roomAfter: false };
}
