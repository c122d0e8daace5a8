// The input size limit and how messages word sizes: shared by the importers (Node and browser) and, through
// the library's exports (DEFAULT_MAX_SIZE_BYTES, formatSize), the playground page.

/** Input size limit unless the caller sets one (the option maxSizeBytes; the CLI's --max-size). */
export const DEFAULT_MAX_SIZE_BYTES = 50 * 1024 * 1024;

/** A size as messages word it: bytes below 1 MB, else MB (`12 MB`, `1.5 MB`). */
export function megabytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${bytes} bytes`;
  const mb = bytes / (1024 * 1024);
  return `${mb >= 10 ? Math.round(mb) : Number(mb.toFixed(1))} MB`;
}
