// Every `error:` and `warning:` line the CLI prints goes through here: one line, control characters
// escaped (a newline in a file name or an ANSI sequence in a Name tag cannot split or repaint it),
// and clipped, so no input makes a message longer than a screenful.
import { clip, printable } from '../model/printable.js';
import type { CliIO } from './io.js';

/** Longest message printed; quoted values are clipped far shorter (model/printable.ts), this bounds the rest. */
export const MESSAGE_LIMIT = 1000;

export function messageLine(kind: 'error' | 'warning', message: string): string {
  return `${kind}: ${clip(printable(message), MESSAGE_LIMIT)}\n`;
}

export function printMessage(io: CliIO, kind: 'error' | 'warning', message: string): void {
  io.stderr(messageLine(kind, message));
}

/** `--debug`: the stack as it is, but with its lines' control characters escaped too (the message quotes input). */
export function printStack(io: CliIO, stack: string): void {
  io.stderr(stack.split('\n').map(printable).join('\n') + '\n');
}
