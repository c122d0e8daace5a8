// What the template scan (./template-scan.ts) reads of a template's intrinsics: the Ref and Fn::GetAtt
// maps whose names are logical ids (as dependencies.ts forEachReference finds them), the intrinsics
// whose references need the value (Fn::Sub, Fn::If: their resource is parsed the old way), and the
// strings that may be zone names. Offsets into the text's bytes; names as pairs of offsets in IntLists.
import { ascii, matches } from './json-bytes.js';
import type { IntList } from './scan-rows.js';

/** What a value was (the Ref / Fn::GetAtt checks need it); NONE: no value yet (a container just opened and closed). */
export const SCALAR = 0;
export const STRING = 1;
export const OBJECT = 2;
export const ARRAY = 3;
export const NONE = -1;

/** A member name inside Properties: the first key of a map that may be a reference. */
export const OTHER_KEY = 0;
export const REF = 1;
export const GET_ATT = 2;
/** Fn::Sub or Fn::If: the resource is SLOW. */
export const SLOW_KEY = 3;

const REF_KEY = ascii('"Ref"');
const GET_ATT_KEY = ascii('"Fn::GetAtt"');
const SUB_KEY = ascii('"Fn::Sub"');
const IF_KEY = ascii('"Fn::If"');

/** `{"Ref":"` at i. */
export function isRefOpening(t: Uint8Array, i: number): boolean {
  return t[i + 1]! === 0x22 && t[i + 3]! === 0x65 && t[i + 4]! === 0x66 && t[i + 5]! === 0x22 && t[i + 6]! === 0x3a && t[i + 7]! === 0x22;
}

/** REF, GET_ATT, SLOW_KEY or OTHER_KEY for the member name at `keyStart` (`length` bytes, quotes included) inside Properties. */
export function intrinsic(t: Uint8Array, keyStart: number, length: number): number {
  const first = t[keyStart + 1]!;
  if (first === 0x52) return length === 5 && matches(t, keyStart, REF_KEY) ? REF : OTHER_KEY;
  if (first !== 0x46) return OTHER_KEY;
  if (length === 12 && matches(t, keyStart, GET_ATT_KEY)) return GET_ATT;
  if ((length === 9 && matches(t, keyStart, SUB_KEY)) || (length === 8 && matches(t, keyStart, IF_KEY))) return SLOW_KEY;
  return OTHER_KEY;
}

/**
 * What forEachReference finds in a one-member map `{"Ref": v}` / `{"Fn::GetAtt": v}` (v of kind `value`;
 * start/end: a string's characters, or an array's first string; flat: the array holds no container):
 * its name goes into `references`. True when it has a shape forEachReference would recurse into (the
 * resource is then SLOW).
 */
export function reference(t: Uint8Array, references: IntList, getAtt: boolean, value: number, start: number, end: number, flat: boolean): boolean {
  if (!getAtt) {
    if (value === STRING) references.push2(start, end);
    return value !== STRING && value !== SCALAR;
  }
  if (value === STRING) {
    let dot = start;
    while (dot < end && t[dot] !== 0x2e) dot++;
    if (dot > start && dot < end) references.push2(start, dot);
  } else if (value === ARRAY) {
    if (!flat) return true;
    if (start >= 0) references.push2(start, end);
  }
  return value === OBJECT;
}

/** Records text[start, end) (a string value inside Properties, no escapes) when it may be a zone name: digit + letter at the end (region.ts checks the rest). */
export function mayBeZone(t: Uint8Array, zones: IntList, start: number, end: number): void {
  if (end - start < 7) return;
  const last = t[end - 1]!;
  const digit = t[end - 2]!;
  if (last >= 0x61 && last <= 0x7a && digit >= 0x30 && digit <= 0x39) {
    zones.push2(start, end);
  }
}
