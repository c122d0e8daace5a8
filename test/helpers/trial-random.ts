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
