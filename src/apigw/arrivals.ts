// Arrival times of every client, produced lazily and in order (no materialised list): one cursor per
// client in structure-of-arrays form, so the merge loop advances a client with a switch on a small
// integer instead of a polymorphic call or a generator resume.
import type { Arrivals } from './traffic.js';

const BURST = 0;
const CONSTANT = 1;
const POISSON = 2;

/** mulberry32: a small, fast, seedable 32-bit generator; returns the next state. */
export function mulberry32Next(state: number): number {
  return (state + 0x6d2b79f5) | 0;
}

/** The uniform draw in (0, 1] for a mulberry32 state (already advanced). */
export function mulberry32Uniform(state: number): number {
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return (((t ^ (t >>> 14)) >>> 0) + 1) / 4294967296;
}

/** Exponential inter-arrival gap of a Poisson process with `rate`, from a uniform draw in (0, 1]. */
export function poissonGap(uniform: number, rate: number): number {
  return -Math.log(uniform) / rate;
}

export class ArrivalCursors {
  /** Current arrival time per client; Infinity once the client has sent everything. */
  readonly time: Float64Array;
  private readonly kind: Uint8Array;
  private readonly start: Float64Array;
  private readonly end: Float64Array;
  private readonly rate: Float64Array;
  /** Arrivals already produced (burst, constant). */
  private readonly index: Float64Array;
  private readonly count: Float64Array;
  private readonly rng: Int32Array;

  constructor(arrivals: readonly Arrivals[]) {
    const n = arrivals.length;
    this.time = new Float64Array(n);
    this.kind = new Uint8Array(n);
    this.start = new Float64Array(n);
    this.end = new Float64Array(n);
    this.rate = new Float64Array(n);
    this.index = new Float64Array(n);
    this.count = new Float64Array(n);
    this.rng = new Int32Array(n);
    arrivals.forEach((a, c) => {
      if (a.type === 'burst') {
        this.kind[c] = BURST;
        this.start[c] = a.at;
        this.count[c] = a.count;
      } else {
        this.kind[c] = a.type === 'constant' ? CONSTANT : POISSON;
        this.start[c] = a.start;
        this.end[c] = a.end;
        this.rate[c] = a.rate;
        if (a.type === 'poisson') this.rng[c] = a.seed | 0;
      }
      this.index[c] = -1;
      this.time[c] = this.start[c];
      this.advance(c);
    });
  }

  /** Moves client `c` to its next arrival; false (and time Infinity) when it has no more. */
  advance(c: number): boolean {
    const time = this.time;
    switch (this.kind[c]) {
      case BURST: {
        const i = ++this.index[c];
        if (i < this.count[c]) return true;
        break;
      }
      case CONSTANT: {
        // Computed from the index, not by adding 1/rate, so times do not drift.
        const i = ++this.index[c];
        const rate = this.rate[c];
        if (rate > 0) {
          const t = this.start[c] + i / rate;
          if (t < this.end[c]) {
            time[c] = t;
            return true;
          }
        }
        break;
      }
      default: {
        const rate = this.rate[c];
        if (rate > 0) {
          const state = mulberry32Next(this.rng[c]);
          this.rng[c] = state;
          const t = time[c] + poissonGap(mulberry32Uniform(state), rate);
          if (t < this.end[c]) {
            time[c] = t;
            return true;
          }
        }
      }
    }
    time[c] = Infinity;
    return false;
  }
}
