// One cache entry on disk: sections of bytes (the compiled image's words, the topology's lists and
// their key indexes: ./lazy-topology.ts) and a small JSON header, in one file named by the key (the
// hash of the inputs, ./index.ts). Node only (node:fs, node:zlib).
//
//   "VPCSIMC5"  u32 header length  u32 CRC-32 of the header  header JSON  (padding to 8)  data: the sections, each starting at a multiple of 8
//
// The header repeats the key and the versions, says where each section is, and holds a CRC-32 of each
// 32 KiB block of the data. The first sections (`eager`: the lists' offsets) are read and checked when
// the entry is opened; the others only block by block, when an element or a key is first looked up
// (a trace reads a few hundred KB of an 80 MB entry), or whole into memory the caller gives
// (readInto: the image words into engine memory, 22 MB at 1,000 VPCs, through one reused 1 MB buffer
// where each run is checked before it is copied), each block checked before any byte of it is used. A file cut short, written by another
// version or format, or changed on disk is never trusted: at open it reads as 'invalid' (and is
// rebuilt); in a later block it throws CacheEntryDamaged, which the CLI answers by rebuilding. Writes
// go to a temporary file renamed over the entry, so a reader sees the old entry or the new one, never
// half of one (an open entry keeps reading the file it opened).
import { randomBytes } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { endianness } from 'node:os';
import { dirname } from 'node:path';
import { crc32 } from 'node:zlib';

const MAGIC = Buffer.from('VPCSIMC5', 'latin1');
/** Bytes before the header JSON: the magic, its length and its CRC-32. */
const PREFIX = MAGIC.length + 8;
const ALIGN = 8;
/** Bytes per checked block (a multiple of ALIGN: no 4-byte value of a section straddles two blocks). */
export const BLOCK = 32 * 1024;
/** Bytes per read of a section read whole (LazySection.readInto). */
const RUN = 32 * BLOCK;
/**
 * The buffer each run is read into and checked in, then copied from. Reading straight into the target
 * (fresh engine memory) and checking it there cost more: the kernel faults the pages in, and the CRC's
 * first read of what the kernel wrote is slow on a VM. Micro-benchmark, 22 MB into fresh wasm memory on
 * the 2-core VM, 6 alternated pairs: 120-156 -> 86-117 ms CPU.
 */
let bounce: Buffer | undefined;

/** A block of an open entry does not match its CRC (changed or cut short since it was opened). */
export class CacheEntryDamaged extends Error {}

/** What a cache entry says about itself; `versions` is compared whole (package, engine ABI, image layout, entry format). */
interface EntryHeader {
  key: string;
  versions: string;
  /** [offset, length] of each section, in bytes from the start of the data. */
  sections: Array<[number, number]>;
  /** How many sections, from the first, are read when the entry is opened. */
  eager: number;
  /** Bytes of data (the sections and their padding). */
  data: number;
  /** CRC-32 of each BLOCK bytes of the data (the last block may be shorter). */
  blocks: number[];
  /** Warnings the import printed (replayed on a hit, so a hit prints what a miss does). */
  warnings: string[];
  /** What the sections hold (./lazy-topology.ts), as JSON. */
  meta: unknown;
}

/** A section read on demand: bytes and 32-bit words at any position, each block checked on its first read. */
export interface LazySection {
  readonly byteLength: number;
  /** Bytes [from, to) of the section. */
  bytes(from: number, to: number): Buffer;
  /** The Int32 at position i of the section (little-endian). */
  int32(i: number): number;
  /**
   * Reads the whole section into `target` (byteLength long), checking each block there: a block read
   * for this is not kept, so a large section (the image words, read into engine memory) has no
   * second copy.
   */
  readInto(target: Uint8Array): void;
}

export interface OpenEntry {
  /** The eager sections, read and checked: views 8-byte aligned (typed arrays may be made on them without copying). */
  eager: Uint8Array[];
  /** The other sections, read when used. */
  lazy: LazySection[];
  meta: unknown;
  warnings: string[];
}

/** What writeEntry stores: `eager` sections first, then `lazy` ones. */
export interface NewEntry {
  eager: Uint8Array[];
  lazy: Uint8Array[];
  meta: unknown;
  warnings: string[];
}

const align = (n: number) => (n + ALIGN - 1) & -ALIGN;
const isSection = (s: unknown): s is [number, number] => Array.isArray(s) && s.length === 2 && s.every((n) => Number.isSafeInteger(n) && n >= 0);

// The file of an open entry stays open while a section that reads it can still be used.
const closer = new FinalizationRegistry<number>((fd) => {
  try {
    closeSync(fd);
  } catch {
    // already closed
  }
});

/**
 * The entry at `path` if its header and eager sections are whole and it was written for `key` and
 * `versions`; 'missing' when there is none, 'invalid' when cut short, changed or of another format.
 * `readAll`: check every block now (a caller that cannot start over once it has printed).
 */
export async function readEntry(path: string, key: string, versions: string, readAll = false): Promise<OpenEntry | 'missing' | 'invalid'> {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return 'missing';
  }
  // The sections read through `file`: it is closed when nothing that can still read it is left.
  const file: OpenFile = { fd };
  let opened: OpenEntry | undefined;
  try {
    opened = openEntry(file, key, versions, readAll);
  } catch (err) {
    if (!(err instanceof CacheEntryDamaged) && !(err instanceof Error && 'code' in err)) throw err;
  }
  if (!opened) {
    closeSync(fd);
    return 'invalid';
  }
  closer.register(file, fd);
  return opened;
}

/** The open file of an entry; the lazy sections hold it, so it outlives every read they make. */
interface OpenFile {
  readonly fd: number;
}

/** Reads exactly `length` bytes at `position` into a new (aligned) buffer; undefined when the file is shorter. */
function readAt(fd: number, position: number, length: number): Buffer | undefined {
  const buffer = Buffer.allocUnsafeSlow(length);
  return readExactly(fd, buffer, position) ? buffer : undefined;
}

/** Fills `target` from the file at `position`; false when the file is shorter. */
function readExactly(fd: number, target: Uint8Array, position: number): boolean {
  let done = 0;
  while (done < target.byteLength) {
    const n = readSync(fd, target, done, target.byteLength - done, position + done);
    if (n === 0) return false;
    done += n;
  }
  return true;
}

function openEntry(file: OpenFile, key: string, versions: string, readAll: boolean): OpenEntry | undefined {
  const { fd } = file;
  // Sections are stored little-endian; an entry is never read on a big-endian machine.
  if (endianness() !== 'LE') return undefined;
  const fileSize = fstatSync(fd).size;
  const start = readAt(fd, 0, Math.min(fileSize, 64 * 1024));
  if (!start || start.length < PREFIX || !start.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  const headerLength = start.readUInt32LE(MAGIC.length);
  const headerStart = PREFIX;
  if (headerStart + headerLength > fileSize) return undefined;
  const headerBytes = headerStart + headerLength <= start.length ? start : readAt(fd, 0, headerStart + headerLength);
  // The header says where everything is and holds the block CRCs: it is checked like the blocks.
  if (!headerBytes || crc32(headerBytes.subarray(headerStart, headerStart + headerLength)) !== start.readUInt32LE(MAGIC.length + 4)) return undefined;
  let header: EntryHeader;
  try {
    header = JSON.parse(headerBytes.toString('utf8', headerStart, headerStart + headerLength)) as EntryHeader;
  } catch {
    return undefined;
  }
  if (header?.key !== key || header.versions !== versions || !Array.isArray(header.sections) || !header.sections.every(isSection)) return undefined;
  if (!Array.isArray(header.warnings) || !header.warnings.every((w) => typeof w === 'string')) return undefined;
  const dataStart = align(headerStart + headerLength);
  const { sections, eager, data, blocks } = header;
  if (!Number.isSafeInteger(data) || data % ALIGN !== 0 || dataStart + data !== fileSize) return undefined;
  if (!Number.isSafeInteger(eager) || eager < 0 || eager > sections.length) return undefined;
  if (!Array.isArray(blocks) || blocks.length !== Math.ceil(data / BLOCK) || !blocks.every((c) => Number.isSafeInteger(c))) return undefined;
  if (sections.some(([offset, length]) => offset % ALIGN !== 0 || offset + length > data)) return undefined;
  const blockLength = (b: number) => Math.min(BLOCK, data - b * BLOCK);
  const checked = (b: number, bytes: Uint8Array | undefined): Uint8Array => {
    if (!bytes || bytes.length !== blockLength(b) || crc32(bytes) !== blocks[b]) throw new CacheEntryDamaged(`image cache entry: block ${b} does not match its CRC-32`);
    return bytes;
  };
  // The eager sections come first: one read of the blocks that hold them, each block checked.
  const eagerEnd = sections.slice(0, eager).reduce((max, [offset, length]) => Math.max(max, offset + length), 0);
  const eagerBlocks = readAll ? blocks.length : Math.ceil(eagerEnd / BLOCK);
  const head = eagerBlocks === 0 ? Buffer.alloc(0) : readAt(fd, dataStart, Math.min(data, eagerBlocks * BLOCK));
  if (!head) return undefined;
  for (let b = 0; b < eagerBlocks; b++) checked(b, head.subarray(b * BLOCK, b * BLOCK + blockLength(b)));
  const cache = new Map<number, Uint8Array>();
  const block = (b: number): Uint8Array => {
    if (b < eagerBlocks) return head.subarray(b * BLOCK, b * BLOCK + blockLength(b));
    let bytes = cache.get(b);
    if (!bytes) {
      bytes = checked(b, readAt(file.fd, dataStart + b * BLOCK, blockLength(b)));
      cache.set(b, bytes);
    }
    return bytes;
  };
  // Blocks [from, to) of the data into `target` at `into`, read in runs of RUN bytes, each checked in the bounce buffer and copied.
  const blocksInto = (from: number, to: number, target: Uint8Array, into: number): void => {
    for (let b = from; b < to; ) {
      if (b < eagerBlocks || cache.has(b)) {
        target.set(block(b), into + (b - from) * BLOCK);
        b++;
        continue;
      }
      let end = b + 1;
      while (end < to && end - b < RUN / BLOCK && !cache.has(end)) end++;
      const at = into + (b - from) * BLOCK;
      const bytes = Math.min(data, end * BLOCK) - b * BLOCK;
      const run = (bounce ??= Buffer.allocUnsafeSlow(RUN)).subarray(0, bytes);
      if (!readExactly(file.fd, run, dataStart + b * BLOCK)) throw new CacheEntryDamaged('image cache entry: cut short since it was opened');
      for (let k = b; k < end; k++) checked(k, run.subarray((k - b) * BLOCK, (k - b) * BLOCK + blockLength(k)));
      target.set(run, at);
      b = end;
    }
  };
  const lazySection = (offset: number, length: number): LazySection => {
    const bytes = (from: number, to: number): Buffer => {
      if (from < 0 || to > length || from > to) throw new CacheEntryDamaged('image cache entry: a read out of its section');
      const parts: Uint8Array[] = [];
      for (let at = offset + from; at < offset + to; ) {
        const b = Math.floor(at / BLOCK);
        const end = Math.min(offset + to, (b + 1) * BLOCK);
        parts.push(block(b).subarray(at - b * BLOCK, end - b * BLOCK));
        at = end;
      }
      return parts.length === 1 ? Buffer.from(parts[0]!.buffer, parts[0]!.byteOffset, parts[0]!.byteLength) : Buffer.concat(parts);
    };
    return {
      byteLength: length,
      bytes,
      int32(i) {
        const at = offset + 4 * i;
        if (i < 0 || 4 * i + 4 > length) throw new CacheEntryDamaged('image cache entry: a read out of its section');
        const b = Math.floor(at / BLOCK);
        const view = block(b);
        return new DataView(view.buffer, view.byteOffset, view.byteLength).getInt32(at - b * BLOCK, true);
      },
      readInto(target) {
        if (target.byteLength !== length) throw new RangeError(`image cache entry: a section of ${length} bytes read into ${target.byteLength}`);
        // The blocks wholly inside the section go straight into the target; a partial block at either end is copied.
        const end = offset + length;
        const first = Math.ceil(offset / BLOCK);
        if (first * BLOCK >= end) {
          target.set(bytes(0, length));
          return;
        }
        const wholeEnd = end === data ? Math.ceil(end / BLOCK) : Math.floor(end / BLOCK);
        if (offset < first * BLOCK) target.set(bytes(0, first * BLOCK - offset));
        blocksInto(first, wholeEnd, target, first * BLOCK - offset);
        if (wholeEnd * BLOCK < end) target.set(bytes(wholeEnd * BLOCK - offset, length), wholeEnd * BLOCK - offset);
      },
    };
  };
  const lazy = sections.slice(eager).map(([offset, length]) => lazySection(offset, length));
  return { eager: sections.slice(0, eager).map(([offset, length]) => head.subarray(offset, offset + length)), lazy, meta: header.meta, warnings: header.warnings };
}

/** Writes the entry atomically (temporary file, then rename). */
export async function writeEntry(path: string, key: string, versions: string, entry: NewEntry): Promise<void> {
  if (endianness() !== 'LE') return;
  await mkdir(dirname(path), { recursive: true });
  const all = [...entry.eager, ...entry.lazy];
  const sections: Array<[number, number]> = [];
  let at = 0;
  for (const s of all) {
    sections.push([at, s.byteLength]);
    at = align(at + s.byteLength);
  }
  // The data written as its pieces (each section, then zeros to the next boundary), not copied into one
  // buffer first: at 1,000 VPCs that copy was ~60 MB of fresh pages, ~0.3 s of a cache miss.
  const pieces: Uint8Array[] = [];
  all.forEach((s, i) => {
    pieces.push(s);
    const end = sections[i]![0] + s.byteLength;
    const next = i + 1 < all.length ? sections[i + 1]![0] : at;
    if (next > end) pieces.push(ZEROS.subarray(0, next - end));
  });
  const blocks = blockCrcs(pieces);
  const header: EntryHeader = { key, versions, sections, eager: entry.eager.length, data: at, blocks, warnings: entry.warnings, meta: entry.meta };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const prefix = Buffer.alloc(align(PREFIX + headerBytes.length));
  MAGIC.copy(prefix, 0);
  prefix.writeUInt32LE(headerBytes.length, MAGIC.length);
  prefix.writeUInt32LE(crc32(headerBytes), MAGIC.length + 4);
  headerBytes.copy(prefix, PREFIX);
  const temporary = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, [prefix, ...pieces], { flag: 'wx', mode: 0o600 });
    await rename(temporary, path);
  } catch (err) {
    await rm(temporary, { force: true });
    throw err;
  }
}

const ZEROS = new Uint8Array(ALIGN);

/** The CRC-32 of each BLOCK bytes of the pieces laid end to end (the last block may be shorter). */
function blockCrcs(pieces: Uint8Array[]): number[] {
  const blocks: number[] = [];
  let crc = 0;
  let filled = 0;
  for (const piece of pieces) {
    for (let at = 0; at < piece.length; ) {
      const take = Math.min(BLOCK - filled, piece.length - at);
      crc = crc32(piece.subarray(at, at + take), crc);
      at += take;
      filled += take;
      if (filled === BLOCK) {
        blocks.push(crc);
        crc = 0;
        filled = 0;
      }
    }
  }
  if (filled > 0) blocks.push(crc);
  return blocks;
}
