// A cache entry's sections read whole into memory the caller gives (LazySection.readInto: the image
// words go straight into engine memory): every byte as written, whatever the section's place against
// the 32 KiB checked blocks, and a block that changed on disk, or a file cut short, is refused.
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BLOCK, CacheEntryDamaged, entryLayout, readEntry, writeEntry, type OpenEntry } from '../../src/analyze/image-cache/entry.js';
import { random } from '../helpers/random.js';

const root = mkdtempSync(join(tmpdir(), 'vpcsim-entry-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let files = 0;

// Sizes around the block edges, empty, and past one read run (32 blocks).
const SIZES = [0, 1, 7, 8, BLOCK - 1, BLOCK, BLOCK + 5, 3 * BLOCK + 3, 40 * BLOCK + 17, 5];

function sections(seed: number): { eager: Uint8Array[]; lazy: Uint8Array[] } {
  const rng = random(seed);
  const bytes = (n: number) => {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = (rng() * 256) | 0;
    return out;
  };
  // The eager sections come after the lazy ones and start mid-block, so the last lazy one ends in a block read at open.
  return { eager: [bytes(100), bytes(BLOCK + 300)], lazy: SIZES.map(bytes) };
}

async function stored(seed: number): Promise<{ path: string; written: ReturnType<typeof sections> }> {
  const path = join(root, `e${files++}.vpcimage`);
  const written = sections(seed);
  await writeEntry(path, 'key', 'versions', { ...written, meta: null, warnings: [] });
  return { path, written };
}

async function opened(path: string, readAll = false): Promise<OpenEntry> {
  const entry = await readEntry(path, 'key', 'versions', readAll);
  if (typeof entry !== 'object') throw new Error(`entry ${entry}`);
  return entry;
}

const view = (a: Uint8Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
/** Which sections differ from what was written (vitest's deep equality is slow on MBs of bytes). */
const differing = (read: Uint8Array[], written: Uint8Array[]) => written.flatMap((w, i) => (read[i] && view(read[i]).equals(view(w)) ? [] : [i]));

/** Each lazy section read whole, in a target with bytes before it (as engine memory has). */
function readWhole(entry: OpenEntry): Uint8Array[] {
  return entry.lazy.map((s) => {
    const memory = new Uint8Array(s.byteLength + 16).fill(0xee);
    s.readInto(memory.subarray(16));
    expect(memory.subarray(0, 16).every((b) => b === 0xee), 'nothing written before the target').toBe(true);
    return memory.subarray(16);
  });
}

describe('a lazy section read whole (readInto)', () => {
  it('holds every byte as written, wherever the section starts and ends against the blocks', async () => {
    for (const seed of [1, 2]) {
      const { path, written } = await stored(seed);
      const entry = await opened(path);
      expect(differing(readWhole(entry), written.lazy)).toEqual([]);
      // Blocks already read one by one (a key lookup) and blocks read at open (readAll) give the same bytes.
      const partly = await opened(path);
      for (const s of partly.lazy) {
        if (s.byteLength === 0) continue;
        s.bytes(0, 1);
        s.bytes(s.byteLength - 1, s.byteLength);
      }
      expect(differing(readWhole(partly), written.lazy)).toEqual([]);
      expect(differing(readWhole(await opened(path, true)), written.lazy)).toEqual([]);
      expect(() => entry.lazy[1]!.readInto(new Uint8Array(2))).toThrow(RangeError);
    }
  });

  it('refuses a changed byte in any block it reads: a partial first or last block, a whole one, one past the first run', async () => {
    const { path, written } = await stored(3);
    const good = readFileSync(path);
    const { header, dataStart } = entryLayout(good);
    const big = SIZES.indexOf(40 * BLOCK + 17);
    const [offset, length] = header.sections[big]!;
    expect(offset % BLOCK, 'the section starts mid-block').not.toBe(0);
    const firstWhole = Math.ceil(offset / BLOCK) * BLOCK;
    const places: Array<[string, number]> = [
      ['its first (partial) block', offset + 1],
      ['its first whole block', firstWhole + 3],
      ['a block of its second run', firstWhole + 33 * BLOCK],
      ['its last byte', offset + length - 1],
    ];
    // Its last block is read at open with the eager sections after it: a change there is refused at open.
    const eagerStart = Math.min(...header.sections.slice(header.sections.length - header.eager).map(([o]) => o));
    const readAtOpen = (at: number) => Math.floor(at / BLOCK) >= Math.floor(eagerStart / BLOCK);
    expect(readAtOpen(offset + length - 1)).toBe(true);
    for (const [what, at] of places) {
      const bytes = Buffer.from(good);
      bytes[dataStart + at] ^= 0x20;
      writeFileSync(path, bytes);
      if (readAtOpen(at)) {
        expect(await readEntry(path, 'key', 'versions'), what).toBe('invalid');
        continue;
      }
      const entry = await opened(path);
      const target = new Uint8Array(length);
      expect(() => entry.lazy[big]!.readInto(target), what).toThrow(CacheEntryDamaged);
    }
    // A partial last block not read at open: the last byte of a section the next one shares a block with.
    const small = SIZES.indexOf(3 * BLOCK + 3);
    const [smallOffset, smallLength] = header.sections[small]!;
    expect(readAtOpen(smallOffset + smallLength - 1) || (smallOffset + smallLength) % BLOCK === 0).toBe(false);
    const bytes = Buffer.from(good);
    bytes[dataStart + smallOffset + smallLength - 1] ^= 0x20;
    writeFileSync(path, bytes);
    const entry = await opened(path);
    expect(() => entry.lazy[small]!.readInto(new Uint8Array(smallLength)), 'a partial last block').toThrow(CacheEntryDamaged);
    // The place of each change was in the section: the good file reads.
    writeFileSync(path, good);
    expect(differing(readWhole(await opened(path)), written.lazy)).toEqual([]);
  });

  it('refuses a file cut short after it was opened', async () => {
    const { path, written } = await stored(4);
    const entry = await opened(path);
    const big = SIZES.indexOf(40 * BLOCK + 17);
    truncateSync(path, readFileSync(path).length - 20 * BLOCK);
    expect(() => entry.lazy[big]!.readInto(new Uint8Array(written.lazy[big]!.length))).toThrow(CacheEntryDamaged);
  });
});
