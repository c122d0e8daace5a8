// One cache entry on disk: the compiled image's words and the Topology they were compiled from, in
// one file named by the key (the hash of the inputs, ./index.ts). Node only (node:fs, node:zlib).
//
//   "VPCSIMC1"  u32 header length  header JSON (padded to 8 bytes)  image words (Int32, little-endian)  topology (./codec.ts, UTF-8)
//
// The header repeats the key and the versions and holds a CRC-32 of everything after it: a file cut
// short, written by another version, or changed on disk reads as `undefined` and is rebuilt, never
// trusted. Writes go to a temporary file renamed over the entry, so a reader sees the old entry or
// the new one, never half of one.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { endianness } from 'node:os';
import { dirname } from 'node:path';
import { crc32 } from 'node:zlib';

const MAGIC = Buffer.from('VPCSIMC1', 'latin1');
const ALIGN = 8;

/** What a cache entry says about itself; `versions` is compared whole (package, engine ABI, image layout, entry format). */
export interface EntryHeader {
  key: string;
  versions: string;
  /** Words of the image. */
  words: number;
  /** Bytes of the encoded topology. */
  body: number;
  /** CRC-32 of the words' bytes, then of the body's. */
  crc: number;
  /** Warnings the import printed (replayed on a hit, so a hit prints what a miss does). */
  warnings: string[];
}

export interface Entry {
  words: Int32Array;
  /** The topology, encoded (./codec.ts). */
  body: string;
  warnings: string[];
}

const align = (n: number) => (n + ALIGN - 1) & -ALIGN;

/** The entry at `path` if it is whole and was written for `key` and `versions`; undefined when missing, cut short or changed. */
export async function readEntry(path: string, key: string, versions: string): Promise<Entry | 'missing' | 'invalid'> {
  let file: Buffer;
  try {
    file = await readFile(path);
  } catch {
    return 'missing';
  }
  return parseEntry(file, key, versions) ?? 'invalid';
}

function parseEntry(file: Buffer, key: string, versions: string): Entry | undefined {
  // The words are stored little-endian; an entry is never read on a big-endian machine.
  if (endianness() !== 'LE') return undefined;
  if (file.length < MAGIC.length + 4 || !file.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  const headerLength = file.readUInt32LE(MAGIC.length);
  const headerStart = MAGIC.length + 4;
  if (headerStart + headerLength > file.length) return undefined;
  let header: EntryHeader;
  try {
    header = JSON.parse(file.toString('utf8', headerStart, headerStart + headerLength)) as EntryHeader;
  } catch {
    return undefined;
  }
  if (header?.key !== key || header.versions !== versions || !Number.isSafeInteger(header.words) || !Number.isSafeInteger(header.body)) return undefined;
  if (!Array.isArray(header.warnings) || !header.warnings.every((w) => typeof w === 'string')) return undefined;
  const wordsStart = align(headerStart + headerLength);
  const bodyStart = wordsStart + 4 * header.words;
  if (bodyStart + header.body !== file.length) return undefined;
  const wordBytes = file.subarray(wordsStart, bodyStart);
  const bodyBytes = file.subarray(bodyStart);
  if (crc32(bodyBytes, crc32(wordBytes)) !== header.crc) return undefined;
  // Copied out: the file buffer may not be 4-byte aligned, and the image outlives it.
  const words = new Int32Array(header.words);
  new Uint8Array(words.buffer).set(wordBytes);
  return { words, body: bodyBytes.toString('utf8'), warnings: header.warnings };
}

/** Writes the entry atomically (temporary file, then rename). */
export async function writeEntry(path: string, key: string, versions: string, entry: Entry): Promise<void> {
  if (endianness() !== 'LE') return;
  await mkdir(dirname(path), { recursive: true });
  const wordBytes = new Uint8Array(entry.words.buffer, entry.words.byteOffset, entry.words.byteLength);
  const bodyBytes = Buffer.from(entry.body, 'utf8');
  const header: EntryHeader = { key, versions, words: entry.words.length, body: bodyBytes.length, crc: crc32(bodyBytes, crc32(wordBytes)), warnings: entry.warnings };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const prefix = Buffer.alloc(align(MAGIC.length + 4 + headerBytes.length));
  MAGIC.copy(prefix, 0);
  prefix.writeUInt32LE(headerBytes.length, MAGIC.length);
  headerBytes.copy(prefix, MAGIC.length + 4);
  const temporary = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, [prefix, wordBytes, bodyBytes], { flag: 'wx', mode: 0o600 });
    await rename(temporary, path);
  } catch (err) {
    await rm(temporary, { force: true });
    throw err;
  }
}
