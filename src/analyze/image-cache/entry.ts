// One cache entry on disk: sections of bytes (the compiled image's words, the topology's lists and
// their key indexes: ./lazy-topology.ts) and a small JSON header, in one file named by the key (the
// hash of the inputs, ./index.ts). Node only (node:fs, node:zlib).
//
//   "VPCSIMC6"  data: the sections, each starting at a multiple of 8  header JSON  u32 header length  u32 CRC-32 of the header  "VPCSIMC6"
//
// The header comes last so that the sections can be written as they are made (a list's elements
// straight from the encoder's buffer), without holding the entry in memory: it repeats the key and the
// versions, says where each section is, and holds a CRC-32 of each 32 KiB block of the data. The last
// sections (`eager`: the lists' offsets) are read and checked when the entry is opened; the others only
// block by block, when an element or a key is first looked up (a trace reads a few hundred KB of an
// 80 MB entry), or whole into memory the caller gives (readInto: the image words into engine memory,
// 22 MB at 1,000 VPCs, through one reused 1 MB buffer where each run is checked before it is copied),
// each block checked before any byte of it is used. A file cut short, written by another version or
// format, or changed on disk is never trusted: at open it reads as 'invalid' (and is rebuilt); in a
// later block it throws CacheEntryDamaged, which the CLI answers by rebuilding. Writes go to a
// temporary file renamed over the entry, so a reader sees the old entry or the new one, never half of
// one (an open entry keeps reading the file it opened).
import { randomBytes } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { endianness } from 'node:os';
import { dirname } from 'node:path';
import { crc32 } from 'node:zlib';

const MAGIC = Buffer.from('VPCSIMC6', 'latin1');
/** Where the data starts: after the magic. */
const DATA_START = MAGIC.length;
/** Bytes after the header JSON: its length, its CRC-32 and the magic again. */
const TRAILER = 8 + MAGIC.length;
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
export interface EntryHeader {
  key: string;
  versions: string;
  /** [offset, length] of each section, in bytes from the start of the data. */
  sections: Array<[number, number]>;
  /** How many sections, from the last, are read when the entry is opened. */
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

/** What writeEntry stores: `lazy` sections first, then `eager` ones. */
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
  if (fileSize < DATA_START + TRAILER) return undefined;
  // The header is at the end: one read of the file's last 64 KiB holds it (a 1,000-VPC entry's is ~40 KB).
  const tailLength = Math.min(fileSize, 64 * 1024);
  const tail = readAt(fd, fileSize - tailLength, tailLength);
  const magic = readAt(fd, 0, MAGIC.length);
  if (!tail || !magic?.equals(MAGIC) || !tail.subarray(tailLength - MAGIC.length).equals(MAGIC)) return undefined;
  const headerLength = tail.readUInt32LE(tailLength - TRAILER);
  const headerStart = fileSize - TRAILER - headerLength;
  if (headerStart < DATA_START) return undefined;
  const headerBytes = headerLength <= tailLength - TRAILER ? tail.subarray(tailLength - TRAILER - headerLength, tailLength - TRAILER) : readAt(fd, headerStart, headerLength);
  // The header says where everything is and holds the block CRCs: it is checked like the blocks.
  if (!headerBytes || crc32(headerBytes) !== tail.readUInt32LE(tailLength - TRAILER + 4)) return undefined;
  let header: EntryHeader;
  try {
    header = JSON.parse(headerBytes.toString('utf8')) as EntryHeader;
  } catch {
    return undefined;
  }
  if (header?.key !== key || header.versions !== versions || !Array.isArray(header.sections) || !header.sections.every(isSection)) return undefined;
  if (!Array.isArray(header.warnings) || !header.warnings.every((w) => typeof w === 'string')) return undefined;
  const dataStart = DATA_START;
  const { sections, eager, data, blocks } = header;
  if (!Number.isSafeInteger(data) || data % ALIGN !== 0 || dataStart + data !== headerStart) return undefined;
  if (!Number.isSafeInteger(eager) || eager < 0 || eager > sections.length) return undefined;
  if (!Array.isArray(blocks) || blocks.length !== Math.ceil(data / BLOCK) || !blocks.every((c) => Number.isSafeInteger(c))) return undefined;
  if (sections.some(([offset, length]) => offset % ALIGN !== 0 || offset + length > data)) return undefined;
  const blockLength = (b: number) => Math.min(BLOCK, data - b * BLOCK);
  const checked = (b: number, bytes: Uint8Array | undefined): Uint8Array => {
    if (!bytes || bytes.length !== blockLength(b) || crc32(bytes) !== blocks[b]) throw new CacheEntryDamaged(`image cache entry: block ${b} does not match its CRC-32`);
    return bytes;
  };
  // The eager sections come last: one read of the blocks from the first that holds one to the end, each block checked.
  const eagerSections = sections.slice(sections.length - eager);
  const eagerStart = eagerSections.reduce((min, [offset]) => Math.min(min, offset), data);
  const headFirst = readAll ? 0 : Math.floor(eagerStart / BLOCK);
  const head = headFirst >= blocks.length ? Buffer.alloc(0) : readAt(fd, dataStart + headFirst * BLOCK, data - headFirst * BLOCK);
  if (!head) return undefined;
  for (let b = headFirst; b < blocks.length; b++) checked(b, head.subarray((b - headFirst) * BLOCK, (b - headFirst) * BLOCK + blockLength(b)));
  const cache = new Map<number, Uint8Array>();
  const block = (b: number): Uint8Array => {
    if (b >= headFirst) return head.subarray((b - headFirst) * BLOCK, (b - headFirst) * BLOCK + blockLength(b));
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
      if (b >= headFirst || cache.has(b)) {
        target.set(block(b), into + (b - from) * BLOCK);
        b++;
        continue;
      }
      let end = b + 1;
      while (end < to && end < headFirst && end - b < RUN / BLOCK && !cache.has(end)) end++;
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
        // Sections start on ALIGN and blocks are BLOCK long (both multiples of 4): a word never spans two blocks.
        // Read byte by byte: a DataView per read was most of a --flows run's garbage.
        const v = block(b);
        const o = at - b * BLOCK;
        return v[o]! | (v[o + 1]! << 8) | (v[o + 2]! << 16) | (v[o + 3]! << 24);
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
  const lazy = sections.slice(0, sections.length - eager).map(([offset, length]) => lazySection(offset, length));
  const eagerViews = eagerSections.map(([offset, length]) => head.subarray(offset - headFirst * BLOCK, offset - headFirst * BLOCK + length));
  return { eager: eagerViews, lazy, meta: header.meta, warnings: header.warnings };
}

/**
 * Sections appended to an entry's file as they are made: each starts at a multiple of ALIGN and may be
 * written in parts (section() whole, or begin(), write()..., end()); the block CRCs are taken as the
 * bytes go by.
 */
export class SectionWriter {
  private readonly sections: Array<[number, number]> = [];
  private readonly blocks: number[] = [];
  /** Bytes of data written so far. */
  private at = 0;
  /** CRC-32 of the current block so far, and its bytes. */
  private crc = 0;
  private filled = 0;
  private started = -1;

  constructor(private readonly fd: number) {}

  section(bytes: Uint8Array): void {
    this.begin();
    this.write(bytes);
    this.end();
  }

  begin(): void {
    if (this.started >= 0) throw new Error('image cache entry: a section begun twice');
    this.pad();
    this.started = this.at;
  }

  write(bytes: Uint8Array): void {
    for (let at = 0; at < bytes.length; ) {
      const take = Math.min(BLOCK - this.filled, bytes.length - at);
      this.crc = crc32(bytes.subarray(at, at + take), this.crc);
      at += take;
      this.filled += take;
      if (this.filled === BLOCK) {
        this.blocks.push(this.crc);
        this.crc = 0;
        this.filled = 0;
      }
    }
    for (let done = 0; done < bytes.length; ) done += writeSync(this.fd, bytes, done, bytes.length - done, DATA_START + this.at + done);
    this.at += bytes.length;
  }

  end(): void {
    if (this.started < 0) throw new Error('image cache entry: a section ended before it began');
    this.sections.push([this.started, this.at - this.started]);
    this.started = -1;
  }

  /** Zeros to the next multiple of ALIGN. */
  private pad(): void {
    const next = align(this.at);
    if (next > this.at) this.write(ZEROS.subarray(0, next - this.at));
  }

  /** The sections and block CRCs, once the last section ended (the data padded to ALIGN). */
  done(): { sections: Array<[number, number]>; data: number; blocks: number[] } {
    this.pad();
    const blocks = this.filled > 0 ? [...this.blocks, this.crc] : this.blocks;
    return { sections: this.sections, data: this.at, blocks };
  }
}

/**
 * Writes an entry atomically (temporary file, then rename): `fill` writes its sections, the last
 * `eager` of them read when it is opened, and gives its meta.
 */
export async function writeEntryWith(path: string, key: string, versions: string, warnings: string[], fill: (out: SectionWriter) => { eager: number; meta: unknown }): Promise<void> {
  if (endianness() !== 'LE') return;
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const fd = openSync(temporary, 'wx', 0o600);
  try {
    try {
      writeSync(fd, MAGIC, 0, MAGIC.length, 0);
      const out = new SectionWriter(fd);
      const { eager, meta } = fill(out);
      const { sections, data, blocks } = out.done();
      const header: EntryHeader = { key, versions, sections, eager, data, blocks, warnings, meta };
      const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
      const trailer = Buffer.alloc(TRAILER);
      trailer.writeUInt32LE(headerBytes.length, 0);
      trailer.writeUInt32LE(crc32(headerBytes), 4);
      MAGIC.copy(trailer, 8);
      const end = Buffer.concat([headerBytes, trailer]);
      for (let done = 0; done < end.length; ) done += writeSync(fd, end, done, end.length - done, DATA_START + data + done);
    } finally {
      closeSync(fd);
    }
    await rename(temporary, path);
  } catch (err) {
    await rm(temporary, { force: true });
    throw err;
  }
}

/** Writes the entry atomically: its lazy sections, then its eager ones. */
export async function writeEntry(path: string, key: string, versions: string, entry: NewEntry): Promise<void> {
  await writeEntryWith(path, key, versions, entry.warnings, (out) => {
    for (const s of [...entry.lazy, ...entry.eager]) out.section(s);
    return { eager: entry.eager.length, meta: entry.meta };
  });
}

const ZEROS = new Uint8Array(ALIGN);

/**
 * Where the parts of an entry's bytes are, as written (no check): the header, where it starts, and
 * where the data starts (section offsets count from there). For tests and diagnostics.
 */
export function entryLayout(bytes: Buffer): { header: EntryHeader; headerAt: number; dataStart: number } {
  const headerLength = bytes.readUInt32LE(bytes.length - TRAILER);
  const headerAt = bytes.length - TRAILER - headerLength;
  return { header: JSON.parse(bytes.toString('utf8', headerAt, headerAt + headerLength)) as EntryHeader, headerAt, dataStart: DATA_START };
}
