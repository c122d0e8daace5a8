// The obvious longest-prefix match (RT-3): scan every route, keep the longest that contains the
// address. Slow on purpose; the engine (assembly/lpm.ts) is tested against it.
// Same input shape as the engine: IPv4 one u32 per address, IPv6 four u32 words (word 0 most
// significant). Equal prefixes: the entry given last wins. Host bits below the length are ignored.

export const REFERENCE_MISS = 0xffffffff;

export interface ReferencePrefixes {
  addrs: Uint32Array;
  lens: Uint8Array;
  values: Uint32Array;
}

/** True when the top `len` bits of the two words agree (len 0..32). */
function topBitsEqual(a: number, b: number, len: number): boolean {
  if (len <= 0) return true;
  return ((a ^ b) >>> (32 - len)) === 0;
}

function contains(family: 4 | 6, prefixes: ReferencePrefixes, i: number, addrs: Uint32Array, j: number): boolean {
  const w = family === 4 ? 1 : 4;
  const len = prefixes.lens[i]!;
  for (let k = 0; k < w; k++) {
    const bits = Math.min(32, Math.max(0, len - 32 * k));
    if (!topBitsEqual(prefixes.addrs[i * w + k]!, addrs[j * w + k]!, bits)) return false;
  }
  return true;
}

export function lookupReference(family: 4 | 6, prefixes: ReferencePrefixes, addrs: Uint32Array): Uint32Array {
  const w = family === 4 ? 1 : 4;
  const n = addrs.length / w;
  const out = new Uint32Array(n);
  for (let j = 0; j < n; j++) {
    let best = REFERENCE_MISS;
    let bestLen = -1;
    for (let i = 0; i < prefixes.lens.length; i++) {
      const len = prefixes.lens[i]!;
      if (len >= bestLen && contains(family, prefixes, i, addrs, j)) {
        best = prefixes.values[i]!;
        bestLen = len;
      }
    }
    out[j] = best;
  }
  return out;
}
