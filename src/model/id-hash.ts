// Id -> entry (a non-negative integer) for the id table: open addressing over typed arrays, keys
// compared through the caller's `idAt(entry)` so no key is stored twice. A Map of the ~230,000 ids
// of a 1,000-VPC model rehashes as it grows and keeps its multi-megabyte backing store for the
// collector to trace; here the size is known up front (issue 16).

/**
 * The hash's starting state for this process. Ids come from input files: with a fixed start, a crafted
 * file whose ids share their low hash bits would make every probe walk one long run (a Map's hash is
 * seeded for the same reason). Only lookups use the hash, never an order, so no output depends on it.
 */
const PROCESS_SEED = (Math.random() * 0x100000000) | 0;

/** 32-bit FNV-1a of the string's UTF-16 code units from state `seed` (only ever compared within one process). */
export function idHash(id: string, seed = PROCESS_SEED): number {
  // Hand-made models may hold a non-string id: compared as it is (as a Map key would be), hashed as its text.
  if (typeof id !== 'string') id = String(id);
  let h = 0x811c9dc5 ^ seed;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return h | 0;
}

const EMPTY = -1;

export class IdHash {
  /** Entry per slot, or EMPTY. */
  private readonly entries: Int32Array;
  /** The hash of the slot's id: most probes that miss are told apart without reading an id. */
  private readonly hashes: Int32Array;
  private readonly mask: number;
  private count = 0;

  /** `capacity`: how many ids will be added at most (more makes the table fail, see add); `seed`: idHash's (tests fix it). */
  constructor(
    capacity: number,
    private readonly idAt: (entry: number) => string,
    private readonly seed = PROCESS_SEED,
  ) {
    // At most half full: short probe sequences.
    let size = 16;
    while (size < capacity * 2) size *= 2;
    this.entries = new Int32Array(size).fill(EMPTY);
    this.hashes = new Int32Array(size);
    this.mask = size - 1;
  }

  get size(): number {
    return this.count;
  }

  /** Adds `id` -> `entry` unless `id` is there: answers the entry it already had, or -1 when added. */
  addIfAbsent(id: string, entry: number): number {
    const h = idHash(id, this.seed);
    const slot = this.slotOf(id, h);
    if (slot >= 0) return this.entries[slot]!;
    if (this.count * 2 >= this.entries.length) throw new Error('IdHash: more ids than its capacity');
    this.entries[~slot] = entry;
    this.hashes[~slot] = h;
    this.count++;
    return -1;
  }

  /** The entry of `id`, or -1. */
  get(id: string): number {
    const slot = this.slotOf(id, idHash(id, this.seed));
    return slot >= 0 ? this.entries[slot]! : -1;
  }

  /**
   * The slot holding `id` (hash `h`), or ~slot of the empty slot where it would go. One probe for both
   * get and addIfAbsent: a get of an id the table holds runs its comparison of ids, which an add
   * reaches only on a hash collision (see IdTable's constructor).
   */
  private slotOf(id: string, h: number): number {
    let slot = h & this.mask;
    for (;;) {
      const e = this.entries[slot]!;
      if (e === EMPTY) return ~slot;
      if (this.hashes[slot] === h && this.idAt(e) === id) return slot;
      slot = (slot + 1) & this.mask;
    }
  }
}
