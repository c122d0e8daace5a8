// Text from input (names, tags, ids, file names, quoted values) on its way to a terminal or into a
// one-line message. `printable` escapes what a terminal would act on; `clip` and `quote` keep a
// quoted value short. Text renderers and the CLI's message printer use these and nothing else, so
// the rule lives here once; JSON output is never passed through them (it stays exact).

/**
 * What a terminal or a bidi-aware viewer acts on instead of showing: C0 controls (ESC starts ANSI
 * sequences, CR/LF move the cursor), DEL, C1 controls (0x9B is a one-byte CSI), the Unicode bidi
 * overrides, embeddings, isolates and marks (they reorder the text around them: U+202A-202E,
 * U+2066-2069, U+200E/U+200F, U+061C) and the line and paragraph separators U+2028/U+2029.
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** One character as an escape: `\n`, `\r`, `\t`, `\xHH` below U+0100, else `\uHHHH`. */
function escapeChar(c: string): string {
  const named = NAMED[c];
  if (named) return named;
  const code = c.charCodeAt(0);
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** `text` with every control or bidi character written as a visible escape (`\x1b`, `\n`, `\u202e`). */
export function printable(text: string): string {
  UNSAFE.lastIndex = 0;
  return UNSAFE.test(text) ? text.replace(UNSAFE, escapeChar) : text;
}

/** The longest value a message quotes in full. */
export const QUOTE_LIMIT = 80;

/** `text` cut to `max` characters plus `... (N chars)` when longer (a 20 MB value stays a short line). */
export function clip(text: string, max: number = QUOTE_LIMIT): string {
  return text.length <= max ? text : `${head(text, max)}... (${text.length} chars)`;
}

/** The first `max` characters, never cutting a surrogate pair in half. */
function head(text: string, max: number): string {
  const last = text.charCodeAt(max - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? max - 1 : max);
}

/**
 * A value quoted for a message: strings in JSON quotes, other values as JSON, clipped to
 * QUOTE_LIMIT characters of the value with its full length after (`"xxx..."... (20971520 chars)`).
 */
export function quote(value: unknown): string {
  if (typeof value === 'string') {
    if (value.length <= QUOTE_LIMIT) return JSON.stringify(value);
    return `${JSON.stringify(head(value, QUOTE_LIMIT))}... (${value.length} chars)`;
  }
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    // BigInt or a cycle: neither comes from parsed input, but a message must never throw.
    text = typeof value === 'bigint' ? `${value}` : Object.prototype.toString.call(value);
  }
  return clip(text);
}

/** What a spreadsheet reads as a formula at the start of a cell (OWASP "CSV Injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A plain number: a spreadsheet reads it as a number, so `-1` keeps its leading sign. */
const NUMBER = /^[+-]?\d+(\.\d+)?$/;

/**
 * One CSV cell from input: `printable`, then a leading `'` when it would start a formula in a spreadsheet
 * (`=cmd|' /C calc'!A0` becomes `'=cmd|' /C calc'!A0`; numbers such as `-1` stay), then quoted as RFC
 * 4180 says when it holds a comma, quote or line break, starts or ends with a space, or was prefixed.
 */
export function csvCell(text: string): string {
  if (plainCell(text)) return text;
  let cell = printable(text);
  const formula = FORMULA_START.test(cell) && !NUMBER.test(cell);
  if (formula) cell = `'${cell}`;
  return formula || /[",\r\n]/.test(cell) || cell !== cell.trim() ? `"${cell.replaceAll('"', '""')}"` : cell;
}

/**
 * Whether csvCell leaves `text` as it is, tested a character at a time (`trace --flows` writes 12 cells a
 * row): printable ASCII (U+0020-U+007E, nothing printable() escapes) without `"` or `,`, not starting with
 * what starts a formula (`=`, `+`, `-`, `@`; a number such as `-1` takes the long way) and not starting or
 * ending with a space (the only ASCII character trim() removes in that range).
 */
function plainCell(text: string): boolean {
  const n = text.length;
  if (n === 0) return true;
  const first = text.charCodeAt(0);
  if (first === 0x3d || first === 0x2b || first === 0x2d || first === 0x40 || first === 0x20 || text.charCodeAt(n - 1) === 0x20) return false;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c > 0x7e || c === 0x22 || c === 0x2c) return false;
  }
  return true;
}
