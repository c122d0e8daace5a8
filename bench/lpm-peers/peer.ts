// What every LPM implementation in bench/lpm.bench.ts offers: build once, look up a batch.
// Routes are IPv4 (network u32, length) with value = route index; MISS is 0xFFFFFFFF.

export const MISS = 0xffffffff;

export interface Routes4 {
  nets: Uint32Array;
  lens: Uint8Array;
  values: Uint32Array;
}

export interface LpmPeer {
  readonly name: string;
  build(routes: Routes4): void;
  /** Looks up addrs[0..count) into out[0..count). */
  lookup(addrs: Uint32Array, out: Uint32Array, count: number): void;
  /** Bytes the structure holds, or undefined when only a heap measurement can tell. */
  bytes(): number | undefined;
}
