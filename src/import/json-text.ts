// JSON input with errors at line:column. JSON.parse is fast but its messages carry no usable
// position (and differ between engines), so on failure a small scanner finds the first bad byte.
// The scanner is iterative: deep nesting cannot overflow the stack.
import { InputError } from '../model/errors.js';

/** Deeper documents are refused: importers walk values recursively (no input needs more than ~20). */
export const MAX_JSON_DEPTH = 200;

/** Parses JSON text; a syntax error is `<file>:<line>:<col>: <what>`. */
export function parseJsonText(text: string, file: string): unknown {
  return parseJsonDocument(text, file).value;
}

/** Parsed JSON with the number of member names its text has (a smaller count in the value means a repeated key). */
export interface JsonDocument {
  value: unknown;
  memberNames: number;
}

/** parseJsonText, and the member names counted in the same scan as the depth check. */
export function parseJsonDocument(text: string, file: string): JsonDocument {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (err) {
    const found = locateJsonError(body) ?? { offset: 0, message: (err as Error).message.split('\n')[0]! };
    throw errorAt(body, file, found.offset, found.message);
  }
  const shape = jsonShape(body);
  if (shape.maxDepth > MAX_JSON_DEPTH) throw errorAt(body, file, tooDeepAt(body, MAX_JSON_DEPTH), `nesting deeper than ${MAX_JSON_DEPTH} levels`);
  return { value, memberNames: shape.memberNames };
}

/** JSON's whitespace: space, line feed, carriage return, tab. */
export function isJsonSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** Offset just after the JSON string that opens at `i` (a `"`), or -1 when it does not close. */
export function jsonStringEnd(text: string, i: number): number {
  let end = text.indexOf('"', i + 1);
  // A quote after an odd number of backslashes is escaped.
  while (end > 0 && text.charCodeAt(end - 1) === 0x5c) {
    let b = end - 1;
    while (text.charCodeAt(b - 1) === 0x5c) b--;
    if ((end - b) % 2 === 0) break;
    end = text.indexOf('"', end + 1);
  }
  return end < 0 ? -1 : end + 1;
}

/**
 * Member names (strings followed by ':') and the deepest nesting of JSON text, in one pass. Strings
 * are skipped with indexOf (most of a template is strings): twice as fast as a loop per character.
 */
export function jsonShape(text: string): { memberNames: number; maxDepth: number } {
  let memberNames = 0;
  let depth = 0;
  let maxDepth = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      const after = jsonStringEnd(text, i);
      if (after < 0) break;
      i = after - 1;
      let next = text.charCodeAt(++i);
      while (isJsonSpace(next)) next = text.charCodeAt(++i);
      if (next === 0x3a) memberNames++;
      else i--;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > maxDepth) maxDepth = depth;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return { memberNames, maxDepth };
}

function errorAt(text: string, file: string, offset: number, message: string): InputError {
  const { line, column } = lineColumn(text, offset);
  return new InputError(message, { file: `${file}:${line}:${column}` });
}

/** Offset of the first `[` or `{` that opens level `max + 1` of valid JSON text, or -1. */
function tooDeepAt(text: string, max: number): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // Skip the string, escapes included.
      for (i++; text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c) i++;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return i;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return -1;
}

/** 1-based line and column (in characters) of `offset`. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

type State = 'value' | 'firstValue' | 'key' | 'firstKey' | 'colon' | 'after';

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

function describe(ch: string | undefined): string {
  if (ch === undefined) return 'end of input';
  return /[\x21-\x7e]/.test(ch) ? `'${ch}'` : `character U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Offset and description of the first syntax error, or undefined when the text is valid JSON. */
export function locateJsonError(text: string): { offset: number; message: string } | undefined {
  const n = text.length;
  const stack: string[] = [];
  let i = 0;
  let state: State = 'value';
  const fail = (message: string) => ({ offset: i, message });

  for (;;) {
    while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
    const ch = text[i];
    if (state === 'value' || state === 'firstValue') {
      if (state === 'firstValue' && ch === ']') {
        stack.pop();
        i++;
        state = 'after';
      } else if (ch === '{' || ch === '[') {
        stack.push(ch);
        i++;
        state = ch === '{' ? 'firstKey' : 'firstValue';
      } else if (ch === '"') {
        const bad = scanString();
        if (bad) return bad;
        state = 'after';
      } else if (ch !== undefined && (ch === '-' || (ch >= '0' && ch <= '9'))) {
        NUMBER.lastIndex = i;
        const m = NUMBER.exec(text);
        if (!m || m[0] === '-') return fail(`bad number, found ${describe(ch)}`);
        i += m[0].length;
        state = 'after';
      } else {
        const word = ['true', 'false', 'null'].find((w) => text.startsWith(w, i));
        if (!word) return fail(`expected a value, found ${describe(ch)}`);
        i += word.length;
        state = 'after';
      }
    } else if (state === 'key' || state === 'firstKey') {
      if (state === 'firstKey' && ch === '}') {
        stack.pop();
        i++;
        state = 'after';
      } else {
        if (ch !== '"') return fail(`expected a property name in double quotes, found ${describe(ch)}`);
        const bad = scanString();
        if (bad) return bad;
        state = 'colon';
      }
    } else if (state === 'colon') {
      if (ch !== ':') return fail(`expected ':' after a property name, found ${describe(ch)}`);
      i++;
      state = 'value';
    } else {
      const top = stack[stack.length - 1];
      if (top === undefined) return i < n ? fail(`unexpected ${describe(ch)} after the end of the JSON value`) : undefined;
      const close = top === '{' ? '}' : ']';
      if (ch === ',') {
        i++;
        state = top === '{' ? 'key' : 'value';
      } else if (ch === close) {
        stack.pop();
        i++;
      } else {
        return fail(`expected ',' or '${close}', found ${describe(ch)}`);
      }
    }
  }

  function scanString(): { offset: number; message: string } | undefined {
    const start = i;
    i++;
    for (;;) {
      if (i >= n) return { offset: start, message: 'unterminated string' };
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return undefined;
      }
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) i += 6;
        else return fail(`bad escape sequence in string`);
        continue;
      }
      if (c < 0x20) return fail(`control character U+${c.toString(16).toUpperCase().padStart(4, '0')} in string (escape it)`);
      i++;
    }
  }
}
