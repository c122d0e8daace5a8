// Growable tables of fixed-width i32 records: what compile writes, section by section, before
// packing them into one image (abi/image.ts). A record is appended whole, so a table is never ragged.
export class RecordTable {
  private words: Int32Array;
  private used = 0;

  constructor(readonly stride: number, initialRecords = 64) {
    this.words = new Int32Array(Math.max(1, initialRecords) * stride);
  }

  get count(): number {
    return this.used / this.stride;
  }

  /**
   * Makes room for `records` more records at once, when the caller knows how many it will add: one
   * buffer of the final size instead of a chain of doublings (each a copy, and external memory the
   * garbage collector counts: on 1,000s of VPCs the chains set off full collections).
   */
  reserve(records: number): void {
    const need = this.used + records * this.stride;
    if (need <= this.words.length) return;
    const bigger = new Int32Array(need);
    bigger.set(this.words.subarray(0, this.used));
    this.words = bigger;
  }

  /** Appends one zeroed record and returns its index; fill it with set(). */
  add(): number {
    if (this.used + this.stride > this.words.length) {
      const bigger = new Int32Array(this.words.length * 2);
      bigger.set(this.words);
      this.words = bigger;
    }
    const index = this.used / this.stride;
    this.used += this.stride;
    return index;
  }

  set(record: number, field: number, value: number): void {
    this.words[record * this.stride + field] = value | 0;
  }

  get(record: number, field: number): number {
    return this.words[record * this.stride + field]!;
  }

  /** Replaces the whole table with `words` (whole records), for tables built in one piece. */
  setAll(words: Int32Array): void {
    if (words.length % this.stride !== 0) throw new RangeError(`setAll: ${words.length} words is not a whole number of ${this.stride}-word records`);
    this.words = words;
    this.used = words.length;
  }

  /** The records written so far (a view, not a copy). */
  view(): Int32Array {
    return this.words.subarray(0, this.used);
  }
}
