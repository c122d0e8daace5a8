// What the page refuses before reading a chosen or dropped file: more than the library's size limit
// (DEFAULT_MAX_SIZE_BYTES, the CLI's default --max-size). Reading first would hold the whole file as one
// string (a file over about 512 MB cannot be one, and the read fails with no word on the page).
import { DEFAULT_MAX_SIZE_BYTES, formatSize } from '../src/browser.js';

/** The error line for `files` when one of them, or all of them together, is over `limit` bytes; else undefined. */
export function oversizeError(files: ReadonlyArray<{ name: string; size: number }>, limit = DEFAULT_MAX_SIZE_BYTES): string | undefined {
  const big = files.find((f) => f.size > limit);
  if (big) return `${big.name}: file is ${formatSize(big.size)}, over the ${formatSize(limit)} limit (the CLI reads larger files with --max-size)`;
  const total = files.reduce((sum, f) => sum + f.size, 0);
  if (total > limit) return `${files.length} files: ${formatSize(total)} in all, over the ${formatSize(limit)} limit (the CLI reads larger snapshots with --max-size)`;
  return undefined;
}
