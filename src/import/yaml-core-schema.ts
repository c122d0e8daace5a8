// Plain-scalar numbers of the YAML subset reader (./yaml-fast.ts): which plain scalars the YAML 1.2
// core schema (10.3.2 Tag Resolution) resolves to numbers, as js-yaml implements it (its int, then its
// float type), and their value as JSON text. Forms where the spec and js-yaml differ, or whose value
// is not computed here exactly as js-yaml does, decline.
import { decline } from './yaml-decline.js';

const DECIMAL = /^[-+]?(?:0|[1-9][0-9]{0,14})$/;
const FLOAT = /^[-+]?(?:[0-9][0-9_]*)(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?$|^\.[0-9_]+(?:[eE][-+]?[0-9]+)?$|^[-+]?\.(?:inf|Inf|INF)$|^\.(?:nan|NaN|NAN)$/;
const SIGNED_DOT = /^[-+]\.[0-9]/;
const INTEGER_LIKE = /^[-+]?(?:0b[0-1_]+|0x[0-9a-fA-F_]+|0o[0-7_]+|[0-9_]+)$/;

/**
 * A plain scalar's number as JSON text when the core schema (as js-yaml implements it: int, then
 * float) resolves it to a finite number; undefined when it stays a string. Forms whose value this
 * does not compute exactly as js-yaml does (hex, octal, binary, `_`, long integers, infinities, NaN)
 * decline.
 */
export function coreNumber(s: string): string | undefined {
  if (DECIMAL.test(s)) {
    // js-yaml: '0' after the sign is 0 (so "-0" is 0, not -0); otherwise sign * parseInt.
    const digits = s[0] === '-' || s[0] === '+' ? s.slice(1) : s;
    if (digits === '0') return '0';
    return s[0] === '-' ? `-${digits}` : digits;
  }
  if (INTEGER_LIKE.test(s)) decline();
  // A float to the spec ("[-+]? \. [0-9]+"), a string to js-yaml: neither answer is safe.
  if (SIGNED_DOT.test(s)) decline();
  if (FLOAT.test(s) && !s.endsWith('_')) {
    if (s.includes('_') || /inf|nan/i.test(s)) decline();
    const sign = s[0] === '-' ? -1 : 1;
    const value = sign * parseFloat(s[0] === '-' || s[0] === '+' ? s.slice(1) : s);
    if (!Number.isFinite(value)) decline();
    return Object.is(value, -0) ? '-0' : String(value);
  }
  return undefined;
}
