// The network image in engine memory (layout: abi/image.ts, docs/engine-abi.md).
// JS copies the packed Int32Array into a block from imageReserve() and calls imageLoad() once per
// image; the walk then reads records in place. Section bases are cached in a small table.
import { EniDetailField, EniField, Header, PrefixField, Section, SubnetField, VpcField } from '../abi/image';
import { IMAGE_MAGIC, IMAGE_VERSION } from '../abi/version';
import { arenaAlloc } from './memory';
import { packet } from './packet';

let imagePtr: usize = 0;
/** Counts successful imageLoad() calls, so structures derived from an image know when it changed. */
export let imageGeneration: u32 = 0;
let imageWords: u32 = 0;
// Section base addresses and record counts, at fixed addresses: reading a record's address is then one
// load with a constant offset (from a pointer in a global, it was two).
const bases: usize = memory.data(<i32>Section.Count << 2, 16);
const counts: usize = memory.data(<i32>Section.Count << 2, 16);

/** A block for `words` i32 words of image; JS writes the image there, then calls imageLoad. */
export function imageReserve(words: u32): usize {
  // 64-byte aligned, so sections (aligned within the image) start on cache lines.
  const block = arenaAlloc((<usize>words << 2) + 64);
  imagePtr = (block + 63) & ~(<usize>63);
  imageWords = words;
  return imagePtr;
}

/** Checks the header and caches section bases. Returns 0, or -1 for a bad or mismatched image. */
export function imageLoad(): i32 {
  if (imagePtr == 0) return -1;
  if (load<i32>(imagePtr + (<usize>Header.Magic << 2)) != IMAGE_MAGIC) return -1;
  if (load<i32>(imagePtr + (<usize>Header.Version << 2)) != IMAGE_VERSION) return -1;
  if (load<i32>(imagePtr + (<usize>Header.SectionCount << 2)) != Section.Count) return -1;
  for (let s = 0; s < Section.Count; s++) {
    const h = imagePtr + (<usize>(Header.FirstSection + 2 * s) << 2);
    const offset = load<u32>(h);
    if (offset > imageWords) return -1;
    store<usize>(bases + (<usize>s << 2), imagePtr + (<usize>offset << 2));
    store<u32>(counts + (<usize>s << 2), load<u32>(h + 4));
  }
  imageGeneration++;
  return 0;
}

/** Address of the loaded image's first word. */
// @ts-ignore: decorator
@inline export function imageBase(): usize {
  return imagePtr;
}

/** Bytes of the loaded image. */
export function imageBytes(): usize {
  return <usize>imageWords << 2;
}

/** Forgets the image (engineReset() reclaims the memory). */
export function imageForget(): void {
  imagePtr = 0;
  memory.fill(bases, 0, <usize>Section.Count << 2);
  memory.fill(counts, 0, <usize>Section.Count << 2);
}

// @ts-ignore: decorator
@inline export function sectionBase(s: i32): usize {
  return load<usize>(bases + (<usize>s << 2));
}

// @ts-ignore: decorator
@inline export function recordCount(s: i32): i32 {
  return load<i32>(counts + (<usize>s << 2));
}

/** Address of record `i` of section `s` (records are `stride` i32 words wide). */
// @ts-ignore: decorator
@inline export function record(s: i32, stride: i32, i: i32): usize {
  return sectionBase(s) + (<usize>(i * stride) << 2);
}

// @ts-ignore: decorator
@inline export function field(rec: usize, f: i32): i32 {
  return load<i32>(rec + (<usize>f << 2));
}

// @ts-ignore: decorator
@inline export function setField(rec: usize, f: i32, value: i32): void {
  store<i32>(rec + (<usize>f << 2), value);
}

/** Does the prefix at `p` (PrefixField layout) contain the address? Other family never matches. */
// @ts-ignore: decorator
@inline export function prefixContains(p: usize, family: i32, a0: u32, a1: u32, a2: u32, a3: u32): bool {
  // IPv4, the hot case, inline; IPv6 out of line.
  if (field(p, PrefixField.Family) != family) return false;
  const len = field(p, PrefixField.Len);
  if (len == 0) return true;
  if (family == 4) return ((a0 ^ <u32>field(p, PrefixField.W0)) >>> (32 - len)) == 0;
  return prefixContains6(p, len, a0, a1, a2, a3);
}

/**
 * prefixContains of the packet's destination (`dst`) or source. Its other three words are read only for
 * IPv6, out of line: read as arguments, V8 loaded all four up front and kept them in registers or stack
 * slots across the caller.
 */
// @ts-ignore: decorator
@inline export function prefixHoldsPacket(p: usize, dst: bool): bool {
  const family = packet.family;
  if (field(p, PrefixField.Family) != family) return false;
  const len = field(p, PrefixField.Len);
  if (len == 0) return true;
  if (family == 4) return (((dst ? packet.dst0 : packet.src0) ^ <u32>field(p, PrefixField.W0)) >>> (32 - len)) == 0;
  return dst ? prefixHoldsDst6(p, len) : prefixHoldsSrc6(p, len);
}

function prefixHoldsDst6(p: usize, len: i32): bool {
  return prefixContains6(p, len, packet.dst0, packet.dst1, packet.dst2, packet.dst3);
}

function prefixHoldsSrc6(p: usize, len: i32): bool {
  return prefixContains6(p, len, packet.src0, packet.src1, packet.src2, packet.src3);
}

function prefixContains6(p: usize, len: i32, a0: u32, a1: u32, a2: u32, a3: u32): bool {
  if (!wordMatches(a0, <u32>field(p, PrefixField.W0), len)) return false;
  len -= 32;
  if (len <= 0) return true;
  if (!wordMatches(a1, <u32>field(p, PrefixField.W1), len)) return false;
  len -= 32;
  if (len <= 0) return true;
  if (!wordMatches(a2, <u32>field(p, PrefixField.W2), len)) return false;
  len -= 32;
  if (len <= 0) return true;
  return wordMatches(a3, <u32>field(p, PrefixField.W3), len);
}

/** The top min(len, 32) bits of a and b agree. */
// @ts-ignore: decorator
@inline function wordMatches(a: u32, b: u32, len: i32): bool {
  return len >= 32 ? a == b : ((a ^ b) >>> (32 - len)) == 0;
}

// Field `f` of the records every step of the walk reads: ENI `e`, subnet `s`, VPC `v`.

// @ts-ignore: decorator
@inline export function eni(e: i32, f: i32): i32 {
  return field(record(Section.Eni, EniField.Stride, e), f);
}

/** First EniRule of the ENI record at `rec`'s ingress or egress range (the egress range follows the ingress one). */
// @ts-ignore: decorator
@inline export function eniRuleStart(rec: usize, egress: bool): i32 {
  const start = field(rec, EniField.IngressStart);
  return egress ? start + field(rec, EniField.IngressCount) : start;
}

/** Field `f` (EniDetailField) of ENI `e`'s record off the common path. */
// @ts-ignore: decorator
@inline export function eniDetail(e: i32, f: i32): i32 {
  return field(record(Section.EniDetail, EniDetailField.Stride, e), f);
}

// @ts-ignore: decorator
@inline export function subnet(s: i32, f: i32): i32 {
  return field(record(Section.Subnet, SubnetField.Stride, s), f);
}

// @ts-ignore: decorator
@inline export function vpc(v: i32, f: i32): i32 {
  return field(record(Section.Vpc, VpcField.Stride, v), f);
}
