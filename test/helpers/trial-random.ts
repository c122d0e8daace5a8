// Test-only TypeScript twin of assembly/trial-random.ts (MC-10), written from the definition in
// mc-contract.md with BigInt arithmetic mod 2^64, so a test can check the WASM draws bit for bit
// and a TypeScript reference trial loop can draw the same down-sets.
const MASK = (1n << 64n) - 1n;
const G = 0x9e3779b97f4a7c15n;
const K = 0xd1b54a32d192ed03n;
const TWO53 = 2 ** 53;

export function mix64(z: bigint): bigint {
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK;
  return z ^ (z >> 31n);
}

/** uniform(seed, trial, key) in [0, 1), a multiple of 2^-53. */
export function uniform(seed: number, trial: number, key: number): number {
  const base = mix64((mix64((BigInt(seed) + G) & MASK) + BigInt(trial) * G) & MASK);
  const offset = mix64(((BigInt(key >>> 0) + 1n) * K) & MASK);
  return Number(mix64((base + offset) & MASK) >> 11n) / TWO53;
}

/** Is a unit with down probability p down in this trial (MC-1, MC-10)? */
export function unitDown(seed: number, trial: number, key: number, p: number): boolean {
  return uniform(seed, trial, key) < p;
}

// ---- the same draws with 32-bit arithmetic (no BigInt), for the reference trial loop's speed ------

/** A 64-bit value as two unsigned 32-bit halves. */
type U64 = [hi: number, lo: number];

/** (a * b) mod 2^64. */
function mul64(a: U64, b: U64): U64 {
  const [ah, al] = a;
  const [bh, bl] = b;
  const a0 = al & 0xffff;
  const a1 = al >>> 16;
  const b0 = bl & 0xffff;
  const b1 = bl >>> 16;
  const mid1 = a1 * b0;
  const mid2 = a0 * b1;
  const carry = ((a0 * b0) / 0x10000 + (mid1 % 0x10000) + (mid2 % 0x10000)) / 0x10000;
  const high = a1 * b1 + Math.floor(mid1 / 0x10000) + Math.floor(mid2 / 0x10000) + Math.floor(carry);
  return [(high + Math.imul(ah, bl) + Math.imul(al, bh)) >>> 0, Math.imul(al, bl) >>> 0];
}

function add64(a: U64, b: U64): U64 {
  const lo = a[1] + b[1];
  return [(a[0] + b[0] + (lo > 0xffffffff ? 1 : 0)) >>> 0, lo >>> 0];
}

/** z ^ (z >>> s), 0 < s < 32. */
function xorShift(z: U64, s: number): U64 {
  return [(z[0] ^ (z[0] >>> s)) >>> 0, (z[1] ^ ((z[1] >>> s) | (z[0] << (32 - s)))) >>> 0];
}

const M1: U64 = [0xbf58476d, 0x1ce4e5b9];
const M2: U64 = [0x94d049bb, 0x133111eb];
const G32: U64 = [0x9e3779b9, 0x7f4a7c15];
const K32: U64 = [0xd1b54a32, 0xd192ed03];

function mix32(z: U64): U64 {
  z = mul64(xorShift(z, 30), M1);
  z = mul64(xorShift(z, 27), M2);
  return xorShift(z, 31);
}

function u64(n: number): U64 {
  return [Math.floor(n / 0x100000000) >>> 0, n >>> 0];
}

/**
 * The draws of one seed without BigInt: `down(trial)` lists the indexes of the units (keys and
 * probabilities as given) that are down in that trial, exactly as uniform() < p decides.
 */
export function fastDraws(seed: number, keys: readonly number[], probabilities: readonly number[]): (trial: number) => number[] {
  const seedHashed = mix32(add64(u64(seed), G32));
  const offsets = keys.map((k) => mix32(mul64(add64(u64(k >>> 0), [0, 1]), K32)));
  // draw53 < ceil(p * 2^53)  <=>  draw53 * 2^-53 < p; draw53 = hi * 2^21 + (lo >>> 11) is exact in a double.
  const thresholds = probabilities.map((p) => Math.ceil(p * 2 ** 53));
  return (trial) => {
    const base = mix32(add64(seedHashed, mul64(u64(trial), G32)));
    const down: number[] = [];
    offsets.forEach((o, u) => {
      const z = mix32(add64(base, o));
      if (z[0] * 2 ** 21 + (z[1] >>> 11) < thresholds[u]!) down.push(u);
    });
    return down;
  };
}
