// Interface ids of flow log records (flowlog-parse.ts), interned to dense ids by their bytes: open
// addressing over a hash of the bytes, the text of each id kept once (JS decodes an id once, by its
// dense id: flowIds()). Beside it, per dense id, the ENI JS placed it at (flowIfaceEnis()).
import { arenaAlloc } from './memory';

/** Interface ids interned at most (a log naming more hands the lines of the others to JS). */
const MAX_IDS: i32 = 1 << 20;
/** Bytes of one block of interned id text. */
const ID_BLOCK: usize = 1 << 16;

/** Per dense interface id: the ENI JS found for it (-1: not known, JS finds the row's interface). */
let ifaceEnis: usize = 0;
let ifaceEnisCap: i32 = 0;

/** Per id: text pointer, length (u32 each). */
let idTable: usize = 0;
let idTableCap: i32 = 0;
/** Ids interned since idsBegin(). */
export let idCount: i32 = 0;
/** Open addressing over ids: id + 1 per slot, 0 = empty. */
let slots: usize = 0;
let slotBits: i32 = 0;
let idBytes: usize = 0;
let idBytesLeft: usize = 0;

/** Forgets every table (engine reset()). */
export function idsForget(): void {
  idTable = 0;
  idTableCap = 0;
  idCount = 0;
  slots = 0;
  slotBits = 0;
  idBytes = 0;
  idBytesLeft = 0;
  ifaceEnis = 0;
  ifaceEnisCap = 0;
}

/** No id interned, none placed (a new replay). */
export function idsBegin(): void {
  if (slots == 0) {
    slotBits = 12;
    slots = arenaAlloc(<usize>4 << slotBits);
    idTableCap = 1 << 10;
    idTable = arenaAlloc(<usize>idTableCap << 3);
  } else memory.fill(slots, 0, <usize>4 << slotBits);
  idCount = 0;
  flowIfaceEnis(1024);
  memory.fill(ifaceEnis, 0xff, <usize>ifaceEnisCap << 2);
}

/** The dense id -> ENI table (JS writes found ENIs at [id]); at least `count` entries. */
export function flowIfaceEnis(count: i32): usize {
  if (count > ifaceEnisCap) {
    const cap = max<i32>(count, max<i32>(1024, ifaceEnisCap << 1));
    const table = arenaAlloc(<usize>cap << 2);
    memory.fill(table, 0xff, <usize>cap << 2);
    if (ifaceEnis != 0) memory.copy(table, ifaceEnis, <usize>ifaceEnisCap << 2);
    ifaceEnis = table;
    ifaceEnisCap = cap;
  }
  return ifaceEnis;
}

/** The ENI JS placed dense id `id` at, or -1. */
// @ts-ignore: decorator
@inline export function placedEni(id: i32): i32 {
  return load<i32>(ifaceEnis + (<usize>id << 2));
}

/** Interned ids: per dense id its text's pointer and length (u32 each); moves as ids are added. */
export function flowIds(): usize {
  return idTable;
}

/** The hash of [p, p + length), eight bytes at a time (reads up to 7 bytes past the end: buffers are padded). */
function hashBytes(p: usize, length: usize): u32 {
  let h: u64 = 0xcbf29ce484222325;
  let i: usize = 0;
  for (; i + 8 <= length; i += 8) {
    h = (h ^ load<u64>(p + i)) * 0x100000001b3;
    h ^= h >> 29;
  }
  if (i < length) {
    h = (h ^ (load<u64>(p + i) & ((<u64>1 << (<u64>(length - i) << 3)) - 1))) * 0x100000001b3;
    h ^= h >> 29;
  }
  return <u32>(h ^ (h >> 32));
}

/** Are [a, a + length) and [b, b + length) the same bytes? (Word reads past the ends: buffers are padded.) */
function sameBytes(a: usize, b: usize, length: usize): bool {
  let i: usize = 0;
  for (; i + 8 <= length; i += 8) if (load<u64>(a + i) != load<u64>(b + i)) return false;
  if (i == length) return true;
  const mask = (<u64>1 << (<u64>(length - i) << 3)) - 1;
  return ((load<u64>(a + i) ^ load<u64>(b + i)) & mask) == 0;
}

/** Is any byte of [p, p + length) 0x80 or above? */
function nonAscii(p: usize, length: usize): bool {
  let high: u64 = 0;
  let i: usize = 0;
  for (; i + 8 <= length; i += 8) high |= load<u64>(p + i);
  if (i < length) high |= load<u64>(p + i) & ((<u64>1 << (<u64>(length - i) << 3)) - 1);
  return (high & 0x8080808080808080) != 0;
}

/** The dense id of the interface id [p, p + length), interned on first sight; -1 for JS (non-ASCII, table full). */
export function intern(p: usize, length: usize): i32 {
  // Non-ASCII ids are JS's: two byte strings could decode to one name.
  if (nonAscii(p, length)) return -1;
  const h = hashBytes(p, length);
  const mask = (1 << slotBits) - 1;
  let s = <i32>(h ^ (h >> 15)) & mask;
  while (true) {
    const at = slots + (<usize>s << 2);
    const id = load<i32>(at) - 1;
    if (id < 0) break;
    const entry = idTable + (<usize>id << 3);
    if (<usize>load<u32>(entry, 4) == length && sameBytes(<usize>load<u32>(entry), p, length)) return id;
    s = (s + 1) & mask;
  }
  if (idCount >= MAX_IDS) return -1;
  const id = idCount++;
  // Not known to JS yet: its rows go to JS until JS places it.
  if (id >= ifaceEnisCap) flowIfaceEnis(id + 1);
  store<i32>(ifaceEnis + (<usize>id << 2), -1);
  if (id >= idTableCap) {
    const table = arenaAlloc(<usize>idTableCap << 4);
    memory.copy(table, idTable, <usize>idTableCap << 3);
    idTable = table;
    idTableCap <<= 1;
  }
  if (length > idBytesLeft) {
    const block = max<usize>(ID_BLOCK, length);
    // Padded: hashBytes() reads a word past an id's end.
    idBytes = arenaAlloc(block + 8);
    idBytesLeft = block;
  }
  memory.copy(idBytes, p, length);
  store<u32>(idTable + (<usize>id << 3), <u32>idBytes);
  store<u32>(idTable + (<usize>id << 3), <u32>length, 4);
  idBytes += length;
  idBytesLeft -= length;
  store<i32>(slots + (<usize>s << 2), id + 1);
  if (idCount * 2 > 1 << slotBits) rehash();
  return id;
}

/** Doubles the slots and puts every id back. */
function rehash(): void {
  slotBits++;
  slots = arenaAlloc(<usize>4 << slotBits);
  const mask = (1 << slotBits) - 1;
  for (let id = 0; id < idCount; id++) {
    const entry = idTable + (<usize>id << 3);
    const p = <usize>load<u32>(entry);
    const length = <usize>load<u32>(entry, 4);
    const h = hashBytes(p, length);
    let s = <i32>(h ^ (h >> 15)) & mask;
    while (load<i32>(slots + (<usize>s << 2)) != 0) s = (s + 1) & mask;
    store<i32>(slots + (<usize>s << 2), id + 1);
  }
}

