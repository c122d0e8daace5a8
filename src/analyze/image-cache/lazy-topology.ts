// The Topology as a cache entry stores it (issue 16): every list apart, one element per slice of
// compact JSON (./codec.ts, one shape table for all), with the byte offsets of the slices and a key
// index (./lazy-list.ts), so a hit decodes only the elements the answer reads: a trace on 1,000 VPCs
// reads two instances, their ENIs and subnets and a few rules, not 200,000 objects. What else a hit
// needs from the whole topology is computed when the entry is written and stored beside it: the
// Availability Zone names (the image's zone ids) and the source-port intervals (TRACE-4); per list,
// the names of its elements (a mistyped --from is answered with a suggestion without decoding them all)
// and whether any has a Name tag the answer shows (a hop's name is then not looked for in that list).
import { elementNames, setKeyIndex, resourceKeys } from '../../model/list-index.js';
import { SectionWords, type StoredWords } from '../../compile/index.js';
import type { Resource, Topology } from '../../model/types.js';
import { hasNameTag } from '../answer.js';
import type { PortInterval } from '../source-ports.js';
import { ShapeDecoder, ShapeEncoder } from './codec.js';
import { ShapeWriter } from './shape-writer.js';
import { CacheEntryDamaged, type LazySection, type SectionWriter } from './entry.js';
import { buildKeyIndex, KeyIndexScratch, keyCandidates, lazyList, type Int32Reader } from './lazy-list.js';

/** Derived from the whole topology when the entry is written, so a hit need not read it all. */
export interface Derived {
  zones: string[];
  intervals: PortInterval[];
}

interface ListMeta {
  key: string;
  count: number;
  /** Whether an element has a Name tag a trace's answer shows (KeyIndex.nameTagged). */
  nameTagged: boolean;
}

/**
 * The entry's `meta`: the shape table, the topology's other fields, its lists and what was derived.
 * Lazy sections: the image words (read by the engine straight into its memory: StoredWords), then per
 * list its elements, key slots, postings and element names (a JSON array of strings); eager sections
 * (after them): each list's element offsets.
 */
interface Meta {
  shapes: string[][];
  bare: number[];
  /** The topology with each list replaced by null (its place keeps the key order). */
  top: unknown;
  lists: ListMeta[];
  derived: Derived;
}

const LAZY_PER_LIST = 4;

const bytesOf = (a: Int32Array | Uint32Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/** Bytes of elements the encoder gathers before they are written out: one buffer reused for all lists. */
const FLUSH_BYTES = 1 << 20;

/**
 * Writes the sections of an entry holding `t` and its image words as they are made (lazy ones, then
 * the eager offsets), and gives its meta. Throws NotPlainData for what the codec cannot hold.
 */
export function writeTopology(t: Topology, words: Int32Array | SectionWords, derived: Derived, out: SectionWriter): { eager: number; meta: Meta } {
  const encoder = new ShapeEncoder();
  if (words instanceof SectionWords) {
    // Straight from compile's section tables: no packed copy of the image (22 MB at 1,000 VPCs).
    out.begin();
    words.forEachPiece((piece) => out.write(bytesOf(piece)));
    out.end();
  } else out.section(bytesOf(words));
  const eager: Uint32Array[] = [];
  const lists: ListMeta[] = [];
  const rest: Record<string, unknown> = {};
  // One buffer for the elements of every list, written out (and reused) once it holds FLUSH_BYTES.
  const body = new ShapeWriter(encoder, 2 * FLUSH_BYTES);
  // The key indexes' arrays, reused from list to list (each index is written out before the next).
  const scratch = new KeyIndexScratch();
  for (const [key, value] of Object.entries(t)) {
    if (!Array.isArray(value)) {
      rest[key] = value;
      continue;
    }
    rest[key] = null;
    const count = value.length;
    const offsets = new Uint32Array(count + 1);
    let flushed = 0;
    out.begin();
    for (let i = 0; i < count; i++) {
      body.value(value[i]);
      offsets[i + 1] = flushed + body.length;
      if (body.length >= FLUSH_BYTES) {
        out.write(body.bytes());
        flushed += body.length;
        body.clear();
      }
    }
    out.write(body.bytes());
    body.clear();
    out.end();
    const index = buildKeyIndex(count, (i, keys) => resourceKeys(value[i], keys), scratch);
    out.section(bytesOf(index.slots));
    out.section(bytesOf(index.postings));
    const names: string[] = [];
    for (const element of value) elementNames(element, names);
    body.strings(names);
    out.section(body.bytes());
    body.clear();
    eager.push(offsets);
    lists.push({ key, count, nameTagged: value.some((element) => hasNameTag(element as Partial<Resource>)) });
  }
  for (const offsets of eager) out.section(bytesOf(offsets));
  const top = encoder.encode(rest);
  return { eager: eager.length, meta: { shapes: encoder.shapes, bare: encoder.bare, top, lists, derived } };
}

export interface OpenedTopology {
  topology: Topology;
  words: StoredWords;
  derived: Derived;
}

function isMeta(m: unknown): m is Meta {
  const meta = m as Meta;
  return (
    typeof meta === 'object' &&
    meta !== null &&
    Array.isArray(meta.lists) &&
    meta.lists.every((l) => typeof l?.key === 'string' && Number.isSafeInteger(l.count) && l.count >= 0 && typeof l.nameTagged === 'boolean') &&
    Array.isArray(meta.derived?.zones) &&
    meta.derived.zones.every((z) => typeof z === 'string') &&
    Array.isArray(meta.derived.intervals) &&
    meta.derived.intervals.every((iv) => Number.isSafeInteger(iv?.from) && Number.isSafeInteger(iv?.to))
  );
}

/**
 * The topology of an entry, its lists decoded on first read, each with its key index registered
 * (src/model/list-index.ts). Undefined when the entry's layout does not check out (it is then rebuilt).
 */
export function openTopology(eager: Uint8Array[], lazy: LazySection[], meta: unknown): OpenedTopology | undefined {
  if (!isMeta(meta) || eager.length !== meta.lists.length || lazy.length !== 1 + LAZY_PER_LIST * meta.lists.length) return undefined;
  const [image] = lazy as [LazySection];
  if (image.byteLength % 4 !== 0) return undefined;
  let decoder: ShapeDecoder;
  let top: Record<string, unknown>;
  try {
    decoder = new ShapeDecoder(meta.shapes, meta.bare);
    top = decoder.decode(meta.top) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (typeof top !== 'object' || top === null) return undefined;
  for (const [n, { key, count, nameTagged }] of meta.lists.entries()) {
    const offsetBytes = eager[n]!;
    const [body, slotSection, postingSection, nameSection] = lazy.slice(1 + LAZY_PER_LIST * n, 1 + LAZY_PER_LIST * (n + 1)) as [LazySection, LazySection, LazySection, LazySection];
    if (top[key] !== null || offsetBytes.byteLength !== 4 * (count + 1)) return undefined;
    const offsets = new Uint32Array(offsetBytes.buffer, offsetBytes.byteOffset, count + 1);
    if (offsets[0] !== 0 || offsets[count] !== body.byteLength) return undefined;
    const words = (section: LazySection): Int32Reader => ({ length: section.byteLength >> 2, at: (i) => section.int32(i) });
    const slots = words(slotSection);
    const postings = words(postingSection);
    const slotCount = slots.length >> 1;
    if (slotCount < 1 || (slotCount & (slotCount - 1)) !== 0 || slotSection.byteLength !== 8 * slotCount) return undefined;
    const decodeAt = (i: number): unknown => {
      const from = offsets[i]!;
      const to = offsets[i + 1]!;
      if (from > to || to > body.byteLength) throw new CacheEntryDamaged(`image cache entry: element ${i} of ${key} out of bounds`);
      try {
        return decoder.decode(JSON.parse(body.bytes(from, to).toString('utf8')));
      } catch (err) {
        if (err instanceof CacheEntryDamaged) throw err;
        throw new CacheEntryDamaged(`image cache entry: element ${i} of ${key} does not decode (${err instanceof Error ? err.message : String(err)})`);
      }
    };
    const list: unknown[] = lazyList(count, decodeAt, () => setKeyIndex(list, undefined));
    let names: string[] | undefined;
    const readNames = (): string[] => {
      if (names) return names;
      let parsed: unknown;
      try {
        parsed = JSON.parse(nameSection.bytes(0, nameSection.byteLength).toString('utf8'));
      } catch {
        parsed = undefined;
      }
      if (!Array.isArray(parsed) || !parsed.every((x) => typeof x === 'string')) throw new CacheEntryDamaged(`image cache entry: the names of ${key} do not decode`);
      return (names = parsed as string[]);
    };
    setKeyIndex(list, { candidates: (k) => keyCandidates(slots, postings, k), names: readNames, nameTagged });
    top[key] = list;
  }
  const words: StoredWords = {
    length: image.byteLength >> 2,
    readInto: (target) => image.readInto(new Uint8Array(target.buffer, target.byteOffset, target.byteLength)),
    at: (i) => image.int32(i),
  };
  return { topology: top as unknown as Topology, words, derived: meta.derived };
}
