// MC-10: counter-based random draws for Monte Carlo trials. No state is carried from one draw or
// trial to the next: the draw of unit `key` in trial `i` is a pure function of (seed, i, key), so a
// run gives the same counts whatever the number of workers or shards (MC-11), and a trial can skip
// units no query depends on without shifting any other draw. The definition (mc-contract.md, and
// the test-only TypeScript twin test/helpers/trial-random.ts, which must agree bit for bit):
//   mix(z)                 = splitmix64 finalizer (all arithmetic mod 2^64)
//   trialBase(seed, i)     = mix(mix(seed + G) + i * G)
//   uniform(seed, i, key)  = (mix(trialBase(seed, i) + mix((key + 1) * K)) >>> 11) * 2^-53
// trialBase is output i of a splitmix64 stream seeded by the seed; each key adds a fixed, well mixed
// offset before the last mix. A unit is down iff uniform < p, decided as an integer compare of the
// 53-bit draw with ceil(p * 2^53) (downThreshold), which is the same test exactly.

const G: u64 = 0x9e3779b97f4a7c15;
const K: u64 = 0xd1b54a32d192ed03;
const TWO53: f64 = 9007199254740992.0;

// @ts-ignore: decorator
@inline export function mix64(z: u64): u64 {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
  z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
  return z ^ (z >> 31);
}

/** Per run: the seed's stream start. */
// @ts-ignore: decorator
@inline export function seedHash(seed: u64): u64 {
  return mix64(seed + G);
}

/** Per trial: the base every unit's draw of trial `trial` is mixed from. */
// @ts-ignore: decorator
@inline export function trialBase(seedHashed: u64, trial: u64): u64 {
  return mix64(seedHashed + trial * G);
}

/** Per unit, once per plan: the key's offset. */
// @ts-ignore: decorator
@inline export function keyHash(key: u32): u64 {
  return mix64((<u64>key + 1) * K);
}

/** The 53-bit draw of a unit in a trial: uniform = draw53 * 2^-53. */
// @ts-ignore: decorator
@inline export function draw53(base: u64, keyHashed: u64): u64 {
  return mix64(base + keyHashed) >> 11;
}

/** draw53 < downThreshold(p) exactly when draw53 * 2^-53 < p (p * 2^53 is exact; p in [0, 1]). */
export function downThreshold(p: f64): u64 {
  if (!(p > 0)) return 0;
  if (p >= 1) return <u64>TWO53;
  return <u64>Math.ceil(p * TWO53);
}

/**
 * Test entry point: writes uniform(seed, trialStart + t, keys[k]) for t < trials, k < n at
 * out[t * n + k] (f64). Seeds and trials are integers below 2^53, passed as f64.
 */
export function trialUniforms(seed: f64, trialStart: f64, trials: i32, keys: usize, n: i32, out: usize): void {
  const s = seedHash(<u64>seed);
  const first = <u64>trialStart;
  for (let t = 0; t < trials; t++) {
    const base = trialBase(s, first + <u64>t);
    for (let k = 0; k < n; k++) {
      const d = draw53(base, keyHash(load<u32>(keys + (<usize>k << 2))));
      store<f64>(out + ((<usize>t * n + k) << 3), <f64>d / TWO53);
    }
  }
}
