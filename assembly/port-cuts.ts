// The port line's cuts for the verdict memo's source-port key (walk-memo.ts, whose header says why
// flows whose source ports share an interval share a verdict): every bound of a port range in the image
// (NACL entries, security group rules, Network Firewall stateless values and stateful rule ports) and
// 1024, kept as a sorted list with a block table (the interval of each 256-port block's first port),
// so a port's interval is one load and, for most ports, one compare.
import { FwStatefulRuleField, FwValueField } from '../abi/image-firewall';
import { NaclEntryField, Section } from '../abi/image';
import { SgRuleField } from '../abi/image-security-groups';
import { field, imageGeneration, record, recordCount } from './image';
import { arenaAlloc, scratchReserve } from './memory';

/** Marks a source port key as an interval start (exact ports are 0..65535). */
export const INTERVAL: u32 = 1 << 20;
/** Ports per block of the port line's block table (see buildCuts). */
const BLOCK_BITS: i32 = 8;

/** Sorted cuts of the port line (u32, the first 0, the last 65536) of image generation `cutsFor`. */
let cuts: usize = 0;
let cutCount: i32 = 0;
let cutsFor: u32 = 0;
/** u32 per block of 2^BLOCK_BITS ports: the index in `cuts` of the interval holding the block's first port. */
let blocks: usize = 0;
/** The image has a transit gateway: source ports are keyed exactly (TGW-12's flow hash reads them). */
let exactPorts: bool = false;

/**
 * The source port's key: the first port of its interval marked INTERVAL, or the port itself when it
 * must be exact (see the header). The flow's destination port d and d + 1024 (d after GW-8) cut the
 * interval further, each into its own one-port interval: equal keys then agree on p == d and p == d + 1024.
 */
// @ts-ignore: decorator
@inline export function sourcePortKey(port: i32, dstPort: i32): u32 {
  if (exactPorts || port < 1024) return <u32>port;
  // The interval holding the port: from its block's first port's, past the cuts inside the block up to the port.
  let i = load<u32>(blocks + (<usize>(port >>> BLOCK_BITS) << 2));
  while (<i32>load<u32>(cuts + (<usize>(i + 1) << 2)) <= port) i++;
  const first = <i32>load<u32>(cuts + (<usize>i << 2));
  // The cuts d, d + 1, d + 1024, d + 1025 (ascending; d <= 65535): the last one at or below the port
  // starts its interval when it is above the image's cut.
  const d = dstPort;
  const c = port >= d + 1025 ? d + 1025 : port >= d + 1024 ? d + 1024 : port >= d + 1 ? d + 1 : port >= d ? d : 0;
  return <u32>max<i32>(first, c) | INTERVAL;
}

/** The port line's cuts of the loaded image, built when the image changed. */
export function portCutsForImage(): void {
  if (cuts == 0 || cutsFor != imageGeneration) buildCuts();
}

/** Forgets the cuts (the engine's reset() reclaims the arena). */
export function forgetPortCuts(): void {
  cuts = 0;
  cutCount = 0;
  blocks = 0;
}

/** The bounds of the port range (fields `from`, `to`) of every record of `section`, as cuts. */
function rangeCuts(bits: usize, section: i32, stride: i32, from: i32, to: i32): void {
  const n = recordCount(section);
  for (let i = 0; i < n; i++) {
    const r = record(section, stride, i);
    range(bits, field(r, from), field(r, to));
  }
}

/** The port line's cuts for the loaded image: a bitmap of 65,537 bits, then the set bits in order. */
function buildCuts(): void {
  // The bitmap in scratch memory (no batch uses it yet: memoBegin runs before the batch's rows are sorted).
  const bitmapBytes = <usize>((65537 + 31) >>> 5) << 2;
  const bits = scratchReserve(bitmapBytes);
  memory.fill(bits, 0, bitmapBytes);
  cut(bits, 0);
  cut(bits, 1024);
  cut(bits, 65536);
  rangeCuts(bits, Section.NaclEntry, NaclEntryField.Stride, NaclEntryField.From, NaclEntryField.To);
  rangeCuts(bits, Section.SgRule, SgRuleField.Stride, SgRuleField.From, SgRuleField.To);
  // Stateless rules' values hold protocols and ports alike: extra cuts only make intervals smaller.
  rangeCuts(bits, Section.FwValue, FwValueField.Stride, FwValueField.From, FwValueField.To);
  rangeCuts(bits, Section.FwStatefulRule, FwStatefulRuleField.Stride, FwStatefulRuleField.SourcePortFrom, FwStatefulRuleField.SourcePortTo);
  rangeCuts(bits, Section.FwStatefulRule, FwStatefulRuleField.Stride, FwStatefulRuleField.DestinationPortFrom, FwStatefulRuleField.DestinationPortTo);
  let count = 0;
  for (let c = 0; c <= 65536; c++) if (isCut(bits, c)) count++;
  // The old list (if any) belonged to an earlier image; the arena reclaims it at engineReset().
  cuts = arenaAlloc(<usize>count << 2);
  cutCount = count;
  let at = cuts;
  for (let c = 0; c <= 65536; c++) {
    if (!isCut(bits, c)) continue;
    store<u32>(at, c);
    at += 4;
  }
  // The block table: block b's first port b << BLOCK_BITS lies in interval i (cuts[i] <= it < cuts[i + 1]).
  const blockCount = 65536 >>> BLOCK_BITS;
  blocks = arenaAlloc(<usize>blockCount << 2);
  let i: u32 = 0;
  for (let b = 0; b < blockCount; b++) {
    const first = b << BLOCK_BITS;
    while (<i32>load<u32>(cuts + (<usize>(i + 1) << 2)) <= first) i++;
    store<u32>(blocks + (<usize>b << 2), i);
  }
  exactPorts = recordCount(Section.TransitGateway) > 0;
  cutsFor = imageGeneration;
}

/** Cuts before `from` and after `to` (a port range [from, to]; values outside 0..65535 are clamped). */
// @ts-ignore: decorator
@inline function range(bits: usize, from: i32, to: i32): void {
  cut(bits, min<i32>(max<i32>(from, 0), 65536));
  cut(bits, min<i32>(max<i32>(to + 1, 0), 65536));
}

// @ts-ignore: decorator
@inline function cut(bits: usize, c: i32): void {
  const w = bits + (<usize>(c >>> 5) << 2);
  store<u32>(w, load<u32>(w) | (<u32>1 << (c & 31)));
}

// @ts-ignore: decorator
@inline function isCut(bits: usize, c: i32): bool {
  return (load<u32>(bits + (<usize>(c >>> 5) << 2)) & (<u32>1 << (c & 31))) != 0;
}
