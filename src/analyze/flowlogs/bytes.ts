// A flow log read as bytes (the fast path): each chunk is copied into the engine once and its whole
// lines parsed there into the window (bindings/flowlog-parse.ts); a line cut by the chunk's end waits
// for the next chunk. Lines the engine hands back (the first line, which may be a header, and any
// unusual or malformed one) are decoded and read by JS (lines.ts LineReader), so a byte source and
// the same text as lines give the same report. No string is made per record.
import { FlowParseStatus, FlowState } from '../../../abi/interface-check.js';
import type { LineReader } from './lines.js';
import type { ReplayWindow } from './window.js';

/**
 * Chunks of a file's bytes: any (async) iterable of Uint8Array (Node streams, Buffers), or a web
 * ReadableStream. A chunk is kept (not copied) until its records are judged: a source must not reuse it.
 */
export type ByteChunks = AsyncIterable<Uint8Array> | Iterable<Uint8Array> | ReadableStream<Uint8Array>;

const NEWLINE = 0x0a;

/** Replays the records of one input given as bytes. */
export async function readBytes(source: ByteChunks, reader: LineReader, window: ReplayWindow): Promise<void> {
  const parser = window.parser;
  const decoder = new TextDecoder('utf-8');
  parser.setFormat(reader.roles());
  parser.state()[FlowState.Line] = 0;

  /** Parses the whole lines of `bytes`; returns where the unfinished last line starts. */
  const parse = (bytes: Uint8Array): number => {
    if (bytes.length === 0) return 0;
    parser.input(bytes);
    parser.state()[FlowState.Pos] = 0;
    for (;;) {
      const from = parser.state()[FlowState.Rows]!;
      const status = parser.parse(bytes.length, reader.first);
      let state = parser.state();
      reader.count(state[FlowState.Records]!, state[FlowState.Skipped]!);
      state[FlowState.Records] = 0;
      state[FlowState.Skipped] = 0;
      window.resolveParsed(from, state[FlowState.Rows]!, reader.file, window.segmentIndex(bytes));
      // Judging may have grown engine memory: a fresh view.
      state = parser.state();
      if (status === FlowParseStatus.More) return state[FlowState.Pos]!;
      if (status === FlowParseStatus.Line) {
        const line = decoder.decode(bytes.subarray(state[FlowState.LineStart]!, state[FlowState.LineEnd]!));
        if (reader.line(line, state[FlowState.Line]!)) parser.setFormat(reader.roles());
      }
    }
  };

  // The start of a line the chunks so far have not finished.
  let carry: Uint8Array[] = [];
  for await (const chunk of chunksOf(source)) {
    let rest = chunk;
    if (carry.length > 0) {
      const nl = rest.indexOf(NEWLINE);
      if (nl < 0) {
        carry.push(new Uint8Array(rest));
        continue;
      }
      carry.push(rest.subarray(0, nl + 1));
      parse(concat(carry));
      carry = [];
      rest = rest.subarray(nl + 1);
    }
    const tail = parse(rest);
    if (tail < rest.length) carry = [new Uint8Array(rest.subarray(tail))];
  }
  // The last line may have no '\n'.
  if (carry.length > 0) {
    carry.push(Uint8Array.of(NEWLINE));
    parse(concat(carry));
  }
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  n = 0;
  for (const p of parts) {
    out.set(p, n);
    n += p.length;
  }
  return out;
}

async function* chunksOf(source: ByteChunks): AsyncGenerator<Uint8Array> {
  if ('getReader' in source) {
    const reader = source.getReader();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        yield value;
      }
    } finally {
      reader.releaseLock();
    }
  }
  yield* source;
}
