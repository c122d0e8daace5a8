// What a count of successes means: the Wilson score interval (MC-9), "nines" and expected downtime
// per year (MC-15). Computed once, after all shards are merged (MC-11).

/** MC-9: the 97.5th percentile of the standard normal distribution. */
export const Z95 = 1.959963984540054;

/** MC-15: minutes in a year of 365.25 days. */
export const MINUTES_PER_YEAR = 525_960;

/** MC-9: the 95% Wilson score interval of `successes` out of `trials`. */
export function wilsonInterval(successes: number, trials: number, z: number = Z95): [number, number] {
  if (!(trials > 0)) throw new RangeError('the Wilson interval needs at least one trial (MC-9)');
  if (successes < 0 || successes > trials) throw new RangeError(`${successes} successes out of ${trials} trials`);
  const p = successes / trials;
  const z2 = z * z;
  const denominator = 1 + z2 / trials;
  const centre = (p + z2 / (2 * trials)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials))) / denominator;
  // In exact arithmetic the interval lies in [0, 1] and reaches 0 at p = 0 and 1 at p = 1; rounding
  // may miss those ends by an ulp, so they are set exactly.
  return [successes === 0 ? 0 : Math.max(0, centre - half), successes === trials ? 1 : Math.min(1, centre + half)];
}

/** Half the width of the Wilson interval (what `--until-ci` compares). */
export function wilsonHalfWidth(successes: number, trials: number): number {
  const [lo, hi] = wilsonInterval(successes, trials);
  return (hi - lo) / 2;
}

/** MC-15: nines = -log10(1 - A); Infinity when A = 1. */
export function nines(availability: number): number {
  return availability >= 1 ? Infinity : 0 - Math.log10(1 - availability);
}

/** MC-15: expected downtime per year in minutes = (1 - A) x 525,960. */
export function downtimeMinutesPerYear(availability: number): number {
  return (1 - availability) * MINUTES_PER_YEAR;
}

/**
 * Trials a query needs for its Wilson half-width to fall below `width`, from its current estimate p:
 * the normal approximation z²p(1-p)/w², and z²/(2w) as the floor where p is 0 or 1 (the Wilson
 * half-width there is about z²/2n).
 */
export function trialsForHalfWidth(p: number, width: number): number {
  const z2 = Z95 * Z95;
  return Math.ceil(Math.max((z2 * p * (1 - p)) / (width * width), z2 / (2 * width)));
}
