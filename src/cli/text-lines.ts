// The lines of a text stream, as node:readline splits them (`\n`, `\r\n` and a lone `\r` end a line, a
// `\r\n` split between two chunks is one end, a last line without an end is a line), handed out a
// chunk's worth at a time: readline's async iterator paid a promise per line, a tenth of
// `trace --flows`'s time at 200,000 rows. Bytes are decoded as readline decodes them (StringDecoder,
// UTF-8: a character split between chunks is whole, bad bytes become U+FFFD); string chunks are taken
// as they are.
import { StringDecoder } from 'node:string_decoder';

const LINE_END = /\r\n|\n|\r/g;

/** The complete lines of `text`, and what is left after the last end (an unfinished line, or a `\r` whose `\n` may come next). */
function splitLines(text: string, lines: string[]): string {
  LINE_END.lastIndex = 0;
  let start = 0;
  for (let m = LINE_END.exec(text); m; m = LINE_END.exec(text)) {
    // A `\r` at the very end may be the first half of a `\r\n`: wait for the next chunk.
    if (m[0] === '\r' && m.index === text.length - 1) break;
    lines.push(text.slice(start, m.index));
    start = m.index + m[0].length;
  }
  return text.slice(start);
}

/** Each chunk's complete lines (an array, possibly empty), then the last line if the text does not end with a line end. */
export async function* textLines(input: AsyncIterable<Uint8Array | string>): AsyncGenerator<string[]> {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  for await (const chunk of input) {
    const lines: string[] = [];
    rest = splitLines(rest + (typeof chunk === 'string' ? chunk : decoder.write(chunk)), lines);
    yield lines;
  }
  // No decoder.end(): readline leaves out bytes of a character the input cuts short (a file read as
  // text, whose stream flushes them as U+FFFD, hands them over as a string chunk before the end).
  const lines: string[] = [];
  // The end of the input ends a held `\r` and any unfinished line.
  if (rest.endsWith('\r')) rest = rest.slice(0, -1);
  else if (rest === '') {
    yield lines;
    return;
  }
  lines.push(rest);
  yield lines;
}
