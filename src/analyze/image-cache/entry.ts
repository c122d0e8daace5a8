// One cache entry on disk: sections of bytes (the compiled image's words, the topology's lists and
// their key indexes: ./lazy-topology.ts) and a small JSON header, in one file named by the key (the
// hash of the inputs, ./index.ts). Node only (node:fs, node:zlib).
//
//   "VPCSIMC2"  u32 header length  header JSON  (padding to 8)  sections, each starting at a multiple of 8
//
// The header repeats the key and the versions, says where each section is, and holds a CRC-32 of
// everything after it: a file cut short, written by another version or format, or changed on disk
// reads as 'invalid' and is rebuilt, never trusted. The sections are read in place: views into the
// file's one buffer, typed arrays without copies. Writes go to a temporary file renamed over the
// entry, so a reader sees the old entry or the new one, never half of one.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { endianness } from 'node:os';
import { dirname } from 'node:path';
import { crc32 } from 'node:zlib';

const MAGIC = Buffer.from('VPCSIMC2', 'latin1');
const ALIGN = 8;

/** What a cache entry says about itself; `versions` is compared whole (package, engine ABI, image layout, entry format). */
interface EntryHeader {
  key: string;
  versions: string;
  /** [offset, length] of each section, in bytes from the end of the header's padding. */
  sections: Array<[number, number]>;
  /** CRC-32 of all the bytes after the header's padding. */
  crc: number;
  /** Warnings the import printed (replayed on a hit, so a hit prints what a miss does). */
  warnings: string[];
  /** What the sections hold (./lazy-topology.ts), as JSON. */
  meta: unknown;
}

export interface Entry {
  /** Views into the file's buffer, each 8-byte aligned (typed arrays may be made on them without copying). */
  sections: Uint8Array[];
  meta: unknown;
  warnings: string[];
}

const align = (n: number) => (n + ALIGN - 1) & -ALIGN;

/** The entry at `path` if it is whole and was written for `key` and `versions`; 'missing' when there is none, 'invalid' when cut short or changed. */
export async function readEntry(path: string, key: string, versions: string): Promise<Entry | 'missing' | 'invalid'> {
  let file: Buffer;
  try {
    file = await readFile(path);
  } catch {
    return 'missing';
  }
  return parseEntry(file, key, versions) ?? 'invalid';
}

const isSection = (s: unknown): s is [number, number] => Array.isArray(s) && s.length === 2 && s.every((n) => Number.isSafeInteger(n) && n >= 0);

function parseEntry(file: Buffer, key: string, versions: string): Entry | undefined {
  // Sections are stored little-endian; an entry is never read on a big-endian machine.
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
  if (header?.key !== key || header.versions !== versions || !Array.isArray(header.sections) || !header.sections.every(isSection)) return undefined;
  if (!Array.isArray(header.warnings) || !header.warnings.every((w) => typeof w === 'string')) return undefined;
  // Typed arrays need aligned offsets: a buffer that does not start at one is copied once.
  const dataStart = align(headerStart + headerLength);
  if ((file.byteOffset + dataStart) % ALIGN !== 0) {
    const copy = new Uint8Array(file.length);
    copy.set(file);
    file = Buffer.from(copy.buffer);
  }
  const data = file.subarray(dataStart);
  const end = header.sections.reduce((max, [offset, length]) => Math.max(max, offset + length), 0);
  if (dataStart > file.length || align(end) !== data.length || header.sections.some(([offset]) => offset % ALIGN !== 0)) return undefined;
  if (crc32(data) !== header.crc) return undefined;
  return { sections: header.sections.map(([offset, length]) => data.subarray(offset, offset + length)), meta: header.meta, warnings: header.warnings };
}

/** Writes the entry atomically (temporary file, then rename). */
export async function writeEntry(path: string, key: string, versions: string, entry: Entry): Promise<void> {
  if (endianness() !== 'LE') return;
  await mkdir(dirname(path), { recursive: true });
  const parts: Uint8Array[] = [];
  const sections: Array<[number, number]> = [];
  let at = 0;
  for (const s of entry.sections) {
    sections.push([at, s.byteLength]);
    if (s.byteLength > 0) parts.push(s);
    const padded = align(at + s.byteLength);
    if (padded > at + s.byteLength) parts.push(new Uint8Array(padded - at - s.byteLength));
    at = padded;
  }
  let crc = 0;
  // Empty parts are skipped: zlib's crc32 of an empty buffer without memory returns 0, not the running value.
  for (const p of parts) if (p.byteLength > 0) crc = crc32(p, crc);
  const header: EntryHeader = { key, versions, sections, crc, warnings: entry.warnings, meta: entry.meta };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const prefix = Buffer.alloc(align(MAGIC.length + 4 + headerBytes.length));
  MAGIC.copy(prefix, 0);
  prefix.writeUInt32LE(headerBytes.length, MAGIC.length);
  headerBytes.copy(prefix, MAGIC.length + 4);
  const temporary = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, [prefix, ...parts], { flag: 'wx', mode: 0o600 });
    await rename(temporary, path);
  } catch (err) {
    await rm(temporary, { force: true });
    throw err;
  }
}
