// Whole-number flags (`--trials 1e6`, `--threads 4`): digits, or a power-of-ten form such as 1e6.
import { InputError } from '../model/errors.js';
import { quote } from '../model/printable.js';

export function wholeNumber(flag: string, text: string | undefined, min: number, what: string): number | undefined {
  if (text === undefined) return undefined;
  const n = /^\d+(?:e\d+)?$/i.test(text.trim()) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n) || n < min) throw new InputError(`${flag} ${JSON.stringify(text)}: expected ${what}`);
  return n;
}

/** Most threads a `--workers`/`--threads` flag starts: past it a typo (1000 for 10) would stall the machine. */
export const MAX_THREADS = 256;

/** `--workers N`, `--threads N`: 1 to MAX_THREADS, the same words on every command. */
export function threadCount(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d{1,3}$/.test(text) || Number(text) < 1 || Number(text) > MAX_THREADS) throw new InputError(`${flag} ${quote(text)}: expected a number of threads from 1 to ${MAX_THREADS}`);
  return Number(text);
}

/**
 * `1,000,000`: a whole number with its thousands grouped, as toLocaleString('en-US') writes it, without
 * starting ICU (about 10 ms of every CLI run when a help text was built with it at start-up).
 */
export function groupedDigits(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
