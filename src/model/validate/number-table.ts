// A hash table from non-negative integer keys below 2^53 to non-negative int32 values, in typed
// arrays: validation's "who holds this address" tables (ADDR-10, ADDR-14) hold one entry per address
// of the model (100,000s), which as Maps were objects the young generation copied and promoted.
const EMPTY = -1;

export class NumberTable {
  private keys: Float64Array;
  private values: Int32Array;
  private used = 0;

  constructor(expected = 16) {
    let slots = 16;
    while (slots < 2 * expected) slots *= 2;
    this.keys = new Float64Array(slots).fill(EMPTY);
    this.values = new Int32Array(slots);
  }

  /** The value of `key`, or -1. */
  get(key: number): number {
    const mask = this.keys.length - 1;
    for (let i = slotOf(key, mask); ; i = (i + 1) & mask) {
      const k = this.keys[i]!;
      if (k === key) return this.values[i]!;
      if (k === EMPTY) return -1;
    }
  }

  set(key: number, value: number): void {
    if (2 * (this.used + 1) > this.keys.length) this.grow();
    const mask = this.keys.length - 1;
    for (let i = slotOf(key, mask); ; i = (i + 1) & mask) {
      const k = this.keys[i]!;
      if (k === key || k === EMPTY) {
        if (k === EMPTY) this.used++;
        this.keys[i] = key;
        this.values[i] = value;
        return;
      }
    }
  }

  private grow(): void {
    const keys = this.keys;
    const values = this.values;
    this.keys = new Float64Array(keys.length * 2).fill(EMPTY);
    this.values = new Int32Array(keys.length * 2);
    this.used = 0;
    for (let i = 0; i < keys.length; i++) if (keys[i] !== EMPTY) this.set(keys[i]!, values[i]!);
  }
}

/** Mixes both 32-bit halves of the key (a VPC number above an IPv4 address). */
function slotOf(key: number, mask: number): number {
  let h = Math.imul((key / 0x100000000) | 0, 0x9e3779b1) ^ (key >>> 0);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h ^= h >>> 13;
  return (h >>> 0) & mask;
}
