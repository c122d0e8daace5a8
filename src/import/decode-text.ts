// Bytes -> text for every input, in Node (./read-input.ts) and browsers (./load-url.ts): UTF-8 with an
// optional BOM; NUL bytes, invalid UTF-8 and empty input are one InputError naming the file.
import { InputError } from '../model/errors.js';

export { DEFAULT_MAX_SIZE_BYTES, megabytes } from './size-limit.js';

/** UTF-8 text with an optional BOM; NUL bytes, invalid UTF-8 and empty input are refused. */
export function decodeText(file: string, bytes: Uint8Array): string {
  const nul = bytes.indexOf(0);
  if (nul >= 0) throw new InputError(`not a text file (NUL byte at offset ${nul})`, { file });
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new InputError(`not a text file (invalid UTF-8 at offset ${firstInvalidUtf8(bytes)})`, { file });
  }
  if (text.trim() === '') throw new InputError('file is empty', { file });
  return text;
}

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const n = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
    }
    i += n + 1;
  }
  return i;
}
